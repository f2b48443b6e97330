/**
 * Odd input and odd answers: huge lists, paging that never ends, JSON nested thousands of levels
 * deep, payload keys that are names of Object's own properties, huge values in error texts, impossible
 * dates and numbers in other bases. Input is checked before anything is sent; every error names the field
 * and the item.
 */
import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import type { RecordedRequest } from '../sandbox/talkover-sandbox';
import { SALES_CALENDAR } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

const noRetries = { maxRetries: 0 };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: noRetries };
const getCalls = { resource: 'call', operation: 'getMany', options: noRetries };

/** A List Calls endpoint with `total` tiny calls, paged as Talkover pages (at most 100 a page). */
function manyCalls(total: number) {
	return (r: RecordedRequest) => {
		const perPage = Number(r.query.per_page);
		const page = Number(r.query.page);
		const first = (page - 1) * perPage;
		const data = Array.from({ length: Math.max(0, Math.min(perPage, total - first)) }, (_, i) => ({ id: `call-${first + i}` }));
		return { status: 200, body: { success: true, data, pagination: { current_page: page, per_page: perPage, total, last_page: Math.ceil(total / perPage) } } };
	};
}

describe('Return All over a very large list', () => {
	test('131,000 calls over 1,310 pages: every call, in order, no stack overflow', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/calls', reply: manyCalls(131_000), times: Infinity });
		const { output, error } = await runTalkover({ parameters: { ...getCalls, returnAll: true }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(1310);
		expect(output).toHaveLength(131_000);
		expect(output![0].json.id).toBe('call-0');
		expect(output![130_999].json.id).toBe('call-130999');
		expect(output![130_999].pairedItem).toEqual({ item: 0 });
	}, 120_000);

	test('200,000 phone numbers in one unpaged answer', async () => {
		const data = Array.from({ length: 200_000 }, (_, i) => ({ id: `p${i}`, number: `+1555${String(i).padStart(7, '0')}` }));
		sandbox().inject({ method: 'GET', path: '/api/v1/phone-numbers', status: 200, body: { success: true, data } });
		const { output, error } = await runTalkover({ parameters: { resource: 'phoneNumber', operation: 'getMany', returnAll: true, options: noRetries }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(200_000);
		expect(output![199_999].json.id).toBe('p199999');
	}, 60_000);
});

describe('paging that never ends stops with an error', () => {
	test('empty pages that claim a billion pages: one request, then an error', async () => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/calls',
			times: Infinity,
			reply: (r) => ({ status: 200, body: { success: true, data: [], pagination: { current_page: Number(r.query.page), per_page: 100, total: 1e11, last_page: 1e9 } } }),
		});
		const { error } = await runTalkover({ parameters: { ...getCalls, returnAll: true }, credentials: credentials() });
		expect(error?.message).toBe("Talkover's list does not add up: page 1 of 1000000000 has 0 entries, 100 expected");
		expect(sandbox().requests).toHaveLength(1);
	});

	test('short pages that claim a billion pages', async () => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/calls',
			times: Infinity,
			reply: (r) => ({ status: 200, body: { success: true, data: [{ id: `c${r.query.page}` }], pagination: { current_page: Number(r.query.page), per_page: 100, last_page: 1e9 } } }),
		});
		const { error } = await runTalkover({ parameters: { ...getCalls, returnAll: true }, credentials: credentials() });
		expect(error?.message).toBe("Talkover's list does not add up: page 1 of 1000000000 has 1 entries, 100 expected");
	});

	test('a server that answers page 1 whatever page is asked for', async () => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/calls',
			times: Infinity,
			reply: () => ({ status: 200, body: { success: true, data: Array.from({ length: 100 }, (_, i) => ({ id: `c${i}` })), pagination: { current_page: 1, per_page: 100, last_page: 1e9 } } }),
		});
		const { error } = await runTalkover({ parameters: { ...getCalls, returnAll: true }, credentials: credentials() });
		expect(error?.message).toBe("Talkover's list does not add up: page 2 was asked for and page 1 came back");
		expect(sandbox().requests).toHaveLength(2);
	});

	test('with Continue On Fail the other items keep their lists', async () => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/calls',
			when: (r) => r.query.status === 'failed',
			reply: () => ({ status: 200, body: { success: true, data: [], pagination: { current_page: 1, per_page: 100, last_page: 1e9 } } }),
		});
		const { output } = await runTalkover({
			items: [{ status: 'failed' }, { status: 'completed' }],
			parameters: { ...getCalls, returnAll: true, filters: { status: '={{ $json.status }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output![0].json.error).toMatch(/^Talkover's list does not add up/);
		expect(output!.slice(1).map((o) => [o.json.status, o.pairedItem])).toEqual([
			['completed', { item: 1 }],
			['completed', { item: 1 }],
		]);
	});
});

describe('a list that repeats itself or claims more pages than its total stops with an error', () => {
	const getCampaigns = { resource: 'campaign', operation: 'getMany', returnAll: true, options: noRetries };
	const fullPage = Array.from({ length: 100 }, (_, i) => ({ id: `camp-${i}` }));

	test.each(['pagination', 'meta'])('Campaign Get Many: the same full page whatever is asked, with last_page 1e9 (%s): two requests, then an error', async (paging) => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/campaigns',
			times: Infinity,
			reply: (r) => ({ status: 200, body: { success: true, data: fullPage, [paging]: { current_page: Number(r.query.page), per_page: 100, last_page: 1e9 } } }),
		});
		const { error } = await runTalkover({ parameters: getCampaigns, credentials: credentials() });
		expect(error?.message).toBe("Talkover's list does not add up: page 2 has the same entries as page 1 (Talkover sent the same page again)");
		expect(sandbox().requests).toHaveLength(2);
	});

	test('the same page without current_page', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/campaigns', times: Infinity, reply: () => ({ status: 200, body: { data: fullPage, meta: { per_page: 100, last_page: 1e9 } } }) });
		const { error } = await runTalkover({ parameters: getCampaigns, credentials: credentials() });
		expect(error?.message).toBe("Talkover's list does not add up: page 2 has the same entries as page 1 (Talkover sent the same page again)");
		expect(sandbox().requests).toHaveLength(2);
	});

	test('new full pages, a total of 250 and last_page 1e9: more pages than the total needs, an error at the first page', async () => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/calls',
			times: Infinity,
			reply: (r) => ({ status: 200, body: { success: true, data: fullPage.map((c) => ({ id: `${c.id}-${r.query.page}` })), pagination: { current_page: Number(r.query.page), per_page: 100, total: 250, last_page: 1e9 } } }),
		});
		const { error } = await runTalkover({ parameters: { ...getCalls, returnAll: true }, credentials: credentials() });
		expect(error?.message).toBe("Talkover's list does not add up: it counts 250 entries, which fit in 3 pages of 100, yet it says there are 1000000000 pages");
		expect(sandbox().requests).toHaveLength(1);
	});

	test('an empty list (total 0, last_page 1, as Laravel pages it) is not an error', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/campaigns', reply: () => ({ status: 200, body: { success: true, data: [], meta: { current_page: 1, per_page: 100, total: 0, last_page: 1 } } }) });
		const { output, error } = await runTalkover({ parameters: getCampaigns, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toEqual([]);
	});

	test('every list operation pages through the same check (Agent, Calls, Agent Calls, Phone Numbers, Calendars, Calendar Events)', async () => {
		const lists: Array<[string, object]> = [
			['/api/v1/agents', { resource: 'agent', operation: 'getMany' }],
			['/api/v1/phone-numbers', { resource: 'phoneNumber', operation: 'getMany' }],
			['/api/v1/calendars', { resource: 'calendar', operation: 'getMany' }],
			[`/api/v1/agents/${SALES_AGENT}/calls`, { resource: 'agent', operation: 'getCalls', agentId: byId(SALES_AGENT) }],
			[`/api/v1/calendars/${SALES_CALENDAR}/events`, { resource: 'calendarEvent', operation: 'getMany', calendarId: byId(SALES_CALENDAR) }],
		];
		for (const [path, parameters] of lists) {
			sandbox().reset();
			sandbox().inject({ method: 'GET', path, times: Infinity, reply: (r) => ({ status: 200, body: { success: true, data: fullPage, meta: { current_page: Number(r.query.page), per_page: 100, last_page: 1e9 } } }) });
			const { error } = await runTalkover({ parameters: { ...parameters, returnAll: true, options: noRetries }, credentials: credentials() });
			expect([path, error?.message]).toEqual([path, "Talkover's list does not add up: page 2 has the same entries as page 1 (Talkover sent the same page again)"]);
		}
	});
});

describe('JSON nested thousands of levels deep', () => {
	const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

	test.each([5000, 100_000])('a Payload (JSON) %s levels deep fails its item only, before anything is sent for it', async (depth) => {
		const { output, error } = await runTalkover({
			items: [
				{ phone: '+15550000001', payload: deep(depth) },
				{ phone: '+15550000002', payload: '{"first_name":"Ada"}' },
			],
			parameters: { ...make, additionalFields: { payloadJson: '={{ $json.payload }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(error).toBeUndefined();
		expect(output![0].json.error).toBe('Payload (JSON) (item 0): is nested more than 100 levels deep');
		expect(output![1].json.to).toBe('+15550000002');
		expect(sandbox().requests.map((r) => r.body.to)).toEqual(['+15550000002']);
	});

	test('without Continue On Fail: a clear error and nothing sent', async () => {
		const { error } = await runTalkover({
			items: [{ phone: '+15550000001', payload: deep(5000) }],
			parameters: { ...make, additionalFields: { payloadJson: '={{ $json.payload }}' } },
			credentials: credentials(),
		});
		expect(error?.message).toBe('Payload (JSON) (item 0): is nested more than 100 levels deep');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('a flow configuration 100 levels deep is still accepted', async () => {
		const flow = { initial_node_id: 'n', nodes: [{ id: 'n', type: 'end', meta: JSON.parse(deep(95)) }] };
		const { error } = await runTalkover({
			parameters: { resource: 'flow', operation: 'validate', agentId: byId(SALES_AGENT), flowConfig: JSON.stringify(flow), options: noRetries },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
	});
});

describe('payload keys that are names of Object properties', () => {
	test.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('key %p is sent as given', async (key) => {
		const { error } = await runTalkover({
			items: [{ phone: '+15550000001' }],
			parameters: { ...make, additionalFields: { payload: { values: [{ key, value: 'x' }, { key: 'first_name', value: 'Ada' }] } } },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(sandbox().requests[0].rawBody).payload).toEqual(JSON.parse(`{"${key}":"x","first_name":"Ada"}`));
		expect(sandbox().requests[0].rawBody).toContain(`"${key}":"x"`);
	});

	test('key "__proto__" (which n8n\'s HTTP client would drop without a word) is refused, as a pair and inside the JSON', async () => {
		const pairs = await runTalkover({
			items: [{ phone: '+15550000001' }],
			parameters: { ...make, additionalFields: { payload: { values: [{ key: '__proto__', value: 'x' }] } } },
			credentials: credentials(),
		});
		expect(pairs.error?.message).toBe('Payload (Key/Value) (item 0): the key "__proto__" cannot be sent (n8n\'s HTTP client drops it)');
		const json = await runTalkover({
			items: [{ phone: '+15550000001' }],
			parameters: { ...make, additionalFields: { payloadJson: '{"lead":{"__proto__":{"x":1}}}' } },
			credentials: credentials(),
		});
		expect(json.error?.message).toBe('Payload (JSON) (item 0): contains the key "__proto__", which cannot be sent (n8n\'s HTTP client drops it)');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('a key given twice is still refused', async () => {
		const { error } = await runTalkover({
			items: [{ phone: '+15550000001' }],
			parameters: { ...make, additionalFields: { payload: { values: [{ key: 'constructor', value: 'x' }, { key: 'constructor', value: 'y' }] } } },
			credentials: credentials(),
		});
		expect(error?.message).toBe('Payload (Key/Value) (item 0): has the key "constructor" twice');
	});
});

describe('a 100 KB value is not echoed whole', () => {
	test('in an input error', async () => {
		const phone = `+1${'9'.repeat(100_000)}`;
		const { error } = await runTalkover({ items: [{ phone }], parameters: make, credentials: credentials() });
		expect(error?.message).toBe(
			`To (item 0): "${phone.slice(0, 40)}… (100002 characters)" is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567`,
		);
		expect(String(error?.description).length).toBeLessThan(500);
	});

	test('in a message Talkover sends', async () => {
		const huge = 'x'.repeat(100_000);
		sandbox().inject({ method: 'POST', path: callPath, status: 422, body: { success: false, message: huge, errors: { to: [huge] } } });
		const { error } = await runTalkover({ items: [{ phone: '+15550000001' }], parameters: make, credentials: credentials() });
		expect(error!.message.length).toBeLessThan(400);
		expect(String(error?.description).length).toBeLessThan(1000);
		expect(error?.message).toContain('… (100000 characters)');
	});
});

describe('dates and numbers are read as written, or refused', () => {
	test.each(['2024-13-01'])('Date From %p is refused before anything is sent (as before)', async (date) => {
		const { error } = await runTalkover({ parameters: { ...getCalls, limit: 5, filters: { dateFrom: date } }, credentials: credentials() });
		expect(error?.message).toBe(`Date From (item 0): "${date}" is not a date; use YYYY-MM-DD`);
		expect(sandbox().requests).toHaveLength(0);
	});

	test.each(['2024-02-30', '2023-02-29', '2024-04-31'])('Date From %p is refused before anything is sent', async (date) => {
		const { error } = await runTalkover({ parameters: { ...getCalls, limit: 5, filters: { dateFrom: date } }, credentials: credentials() });
		expect(error?.message).toBe(`Date From (item 0): "${date}" is not a date; use YYYY-MM-DD`);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('2024-02-29 (a leap day) is a date', async () => {
		await runTalkover({ parameters: { ...getCalls, limit: 5, filters: { dateFrom: '2024-02-29' } }, credentials: credentials() });
		expect(sandbox().requests[0].query.date_from).toBe('2024-02-29');
	});

	test.each(['0x10', '0b11', '0o17'])('Delay Seconds %p is refused (not read as another base)', async (value) => {
		const { error } = await runTalkover({
			items: [{ phone: '+15550000001' }],
			parameters: { ...make, additionalFields: { delaySeconds: `={{ ${JSON.stringify(value)} }}` } },
			credentials: credentials(),
		});
		expect(error?.message).toBe(`Delay (Seconds) (item 0): "${value}" is not a number; expected a whole number from 0 to 3600`);
		expect(sandbox().requests).toHaveLength(0);
	});

	test.each(['Infinity', '1_000', '١٢'])('Delay Seconds %p is refused (not read as another number)', async (value) => {
		const { error } = await runTalkover({
			items: [{ phone: '+15550000001' }],
			parameters: { ...make, additionalFields: { delaySeconds: `={{ ${JSON.stringify(value)} }}` } },
			credentials: credentials(),
		});
		expect(error?.message).toBe(`Delay (Seconds) (item 0): "${value}" is not a number; expected a whole number from 0 to 3600`);
		expect(sandbox().requests).toHaveLength(0);
	});

	test.each([
		['16', 16],
		[' 30 ', 30],
		['1e1', 10],
		['12.0', 12],
	])('Delay Seconds %p is %p', async (value, expected) => {
		await runTalkover({
			items: [{ phone: '+15550000001' }],
			parameters: { ...make, additionalFields: { delaySeconds: `={{ ${JSON.stringify(value)} }}` } },
			credentials: credentials(),
		});
		expect(sandbox().requests[0].body.delay_seconds).toBe(expected);
	});
});

describe('a full page without the paging object both documents give', () => {
	const fullPage = (prefix: string) => Array.from({ length: 100 }, (_, i) => ({ id: `550e8400-e29b-41d4-a716-${prefix}${String(i).padStart(12 - prefix.length, '0')}`, name: `A${i}` }));

	test('Agent → Get Many, Return All: 100 agents and no `meta` is not read as the last page (an error, one request)', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', times: 1, when: (r) => r.query.page === '1', status: 200, body: { success: true, data: fullPage('') } });
		const { error, output } = await runTalkover({ parameters: { resource: 'agent', operation: 'getMany', returnAll: true, options: noRetries }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe("Talkover's list does not add up: a full page came without page information");
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1']);
	});

	// Pages and openapi.json both show a paging object for these lists (`meta` or `pagination`).
	test.each<[string, object]>([
		['/api/v1/agents', { resource: 'agent', operation: 'getMany' }],
		['/api/v1/calls', { resource: 'call', operation: 'getMany' }],
		[`/api/v1/agents/${SALES_AGENT}/calls`, { resource: 'agent', operation: 'getCalls', agentId: byId(SALES_AGENT) }],
		['/api/v1/campaigns', { resource: 'campaign', operation: 'getMany' }],
	])('%s: a full page without paging is an error; a short one is the whole list; a limit a full page meets needs no paging', async (path, parameters) => {
		sandbox().inject({ method: 'GET', path, times: Infinity, status: 200, body: { success: true, data: fullPage('') } });
		const all = await runTalkover({ parameters: { ...parameters, returnAll: true, options: noRetries }, credentials: credentials() });
		expect(all.error?.message).toBe("Talkover's list does not add up: a full page came without page information");

		sandbox().reset();
		sandbox().inject({ method: 'GET', path, times: Infinity, status: 200, body: { success: true, data: fullPage('').slice(0, 7) } });
		const short = await runTalkover({ parameters: { ...parameters, returnAll: true, options: noRetries }, credentials: credentials() });
		expect(short.error).toBeUndefined();
		expect(short.output).toHaveLength(7);

		sandbox().reset();
		sandbox().inject({ method: 'GET', path, times: Infinity, reply: (r) => ({ status: 200, body: { success: true, data: fullPage('').slice(0, Number(r.query.per_page)) } }) });
		const limited = await runTalkover({ parameters: { ...parameters, returnAll: false, limit: 5, options: noRetries }, credentials: credentials() });
		expect(limited.error).toBeUndefined();
		expect(limited.output).toHaveLength(5);
	});

	// A document shows these lists without paging (List Phone Numbers' page, the calendar pages): one page.
	test.each<[string, object]>([
		['/api/v1/phone-numbers', { resource: 'phoneNumber', operation: 'getMany' }],
		['/api/v1/calendars', { resource: 'calendar', operation: 'getMany' }],
		[`/api/v1/calendars/${SALES_CALENDAR}/events`, { resource: 'calendarEvent', operation: 'getMany', calendarId: byId(SALES_CALENDAR) }],
		// List Actions' page: the whole list in `{success, data}` (openapi.json's `meta` is followed when it comes: CONTRADICTIONS.md #44).
		[`/api/v1/agents/${SALES_AGENT}/actions`, { resource: 'agentAction', operation: 'getMany', agentId: byId(SALES_AGENT) }],
	])('%s: a full page without paging is the whole list (as its page documents it)', async (path, parameters) => {
		sandbox().inject({ method: 'GET', path, times: Infinity, status: 200, body: { success: true, data: fullPage('') } });
		const { error, output } = await runTalkover({ parameters: { ...parameters, returnAll: true, options: noRetries }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(100);
		expect(sandbox().requests).toHaveLength(1);
	});
});

describe('Return All over pages that repeat pages before them', () => {
	const page = (tag: string) => Array.from({ length: 100 }, (_, i) => ({ id: `${tag}-${i}` }));
	const A = page('a');
	const B = page('b');
	/** `/campaigns` answering page n with `pick(n)`, claiming a billion pages and no total (until page 60, so a failing test ends). */
	const endless = (pick: (n: number) => unknown[]) =>
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/campaigns',
			times: Infinity,
			reply: (r) => {
				const n = Number(r.query.page);
				return { status: 200, body: { success: true, data: pick(n), meta: { current_page: n, per_page: 100, last_page: n >= 60 ? n : 1e9 } } };
			},
		});
	const getMany = { resource: 'campaign', operation: 'getMany', returnAll: true, options: noRetries };

	test('pages A, B, A, B …: stopped at the third page', async () => {
		endless((n) => (n % 2 ? A : B));
		const { error, output } = await runTalkover({ parameters: getMany, credentials: credentials() });
		expect({ requests: sandbox().requests.length, outputs: output?.length }).toEqual({ requests: 3, outputs: undefined });
		expect(error?.message).toBe("Talkover's list does not add up: page 3 has the same entries as page 1 (Talkover sent the same page again)");
	});

	test('the same page with its entries reversed every other time: stopped at the second page', async () => {
		const reversed = [...A].reverse();
		endless((n) => (n % 2 ? A : reversed));
		const { error } = await runTalkover({ parameters: getMany, credentials: credentials() });
		expect(sandbox().requests).toHaveLength(2);
		expect(error?.message).toBe("Talkover's list does not add up: page 2 has the same entries as page 1 (Talkover sent the same page again)");
	});

	test('entries of earlier pages mixed into a new page: stopped', async () => {
		endless((n) => (n === 1 ? A : n === 2 ? B : [...A.slice(50), ...B.slice(0, 50)]));
		const { error } = await runTalkover({ parameters: getMany, credentials: credentials() });
		expect(sandbox().requests).toHaveLength(3);
		expect(error?.message).toBe("Talkover's list does not add up: every entry of page 3 was on the pages before it (Talkover sent the same entries again)");
	});
});
