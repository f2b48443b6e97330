/**
 * A call (or any operation that must not be repeated) is sent once per input item
 * and execution, whatever n8n's Retry On Fail does, however long the run takes and however busy n8n is;
 * and when Talkover may have acted before an error, the error says so and how to check.
 */
import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const calls = () => sandbox().requestsTo('POST', callPath);
const leads = [{ phone: '+15550000001' }, { phone: '+15550000002' }, { phone: '+15550000003' }];
/** Make Call with a Context value that changes every time n8n evaluates it. */
const makeWithNow = {
	resource: 'call',
	operation: 'make',
	agentId: byId(SALES_AGENT),
	to: '={{ $json.phone }}',
	additionalFields: { context: { values: [{ key: 'queued_at', value: '={{ $now.toISO() }}' }] } },
	options: { maxRetries: 0 },
};
const retry = (maxTries = 3) => ({ retryOnFail: true, maxTries, waitBetweenTries: 1 });

/** Date.now (and so $now and every timer-free clock in n8n and the node) moved forward by `offset` ms. */
let offset = 0;
const realNow = Date.now.bind(Date);
beforeEach(() => {
	offset = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
});
afterEach(() => jest.restoreAllMocks());

/** Item 1's lead gets a 429 once (Talkover did not act): n8n's retry must send it, and only it, again. */
function refuseSecondLeadOnce(then?: () => void | Promise<unknown>): void {
	sandbox().inject({
		method: 'POST',
		path: callPath,
		status: 429,
		body: { message: 'Too many requests.' },
		when: (r) => r.body?.to === '+15550000002',
		before: async () => {
			await then?.();
		},
	});
}

describe('Retry On Fail with a parameter that evaluates differently on the retry', () => {
	test('a call that may have been placed (500) is sent once, although its Context changed', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, times: Infinity });
		const { error } = await runTalkover({
			items: [leads[0]],
			parameters: makeWithNow,
			credentials: credentials(),
			settings: retry(3),
		});
		expect(error?.message).toBe('The call may have been placed: Talkover had a problem on its side (HTTP 500)');
		expect(calls()).toHaveLength(1);
	});

	test('items already called are not called again; only the refused one is sent again', async () => {
		refuseSecondLeadOnce(() => {
			offset += 1500;
		});
		const { output, error } = await runTalkover({ items: leads, parameters: makeWithNow, credentials: credentials(), settings: retry(3) });
		expect(error).toBeUndefined();
		expect(calls().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002', '+15550000002', '+15550000003']);
		const placed = sandbox().calls.filter((c) => String(c.to).startsWith('+1555000000'));
		expect(output!.map((o) => [o.json.id, o.pairedItem])).toEqual([
			[placed[0].id, { item: 0 }],
			[placed[1].id, { item: 1 }],
			[placed[2].id, { item: 2 }],
		]);
	});

	test('a call that may have been placed stops every try: the items already accepted are named once, not once per try', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, when: (r) => r.body?.to === '+15550000002' });
		const { error } = await runTalkover({ items: leads, parameters: makeWithNow, credentials: credentials(), settings: retry(3) });
		expect(error?.message).toBe('The call may have been placed: Talkover had a problem on its side (HTTP 500)');
		expect(error?.description?.split('\n').filter((line) => line.startsWith('Before the node stopped'))).toEqual([
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether the call exists: Call → Get Active (this agent and number) or Call → Get Many (filter by the number). n8n's Retry On Fail does not send it again.",
		]);
		expect(calls().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002']);
	});
});

describe('a run longer than an hour keeps its send-once record', () => {
	test('the retry after 61 minutes does not call the leads already called', async () => {
		refuseSecondLeadOnce(() => {
			offset += 61 * 60 * 1000;
		});
		const { error } = await runTalkover({
			items: leads,
			parameters: { ...makeWithNow, additionalFields: {} },
			credentials: credentials(),
			settings: retry(2),
		});
		expect(error).toBeUndefined();
		expect(calls().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002', '+15550000002', '+15550000003']);
	});
});

describe('a busy n8n does not evict the record of a running execution', () => {
	test('600 other executions of the node during the retry wait: the leads already called are not called again', async () => {
		// Other executions of a Make Call node (bad numbers with Continue On Fail: they send nothing, but each
		// is a run of a node that may not be repeated, which the old record kept, 500 at most).
		const others = async () => {
			for (let batch = 0; batch < 12; batch++) {
				await Promise.all(
					Array.from({ length: 50 }, async () =>
						runTalkover({
							parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: 'not a number' },
							credentials: credentials(),
							settings: { continueOnFail: true },
						}),
					),
				);
			}
		};
		refuseSecondLeadOnce(others);
		const { error } = await runTalkover({
			items: leads,
			parameters: { ...makeWithNow, additionalFields: {} },
			credentials: credentials(),
			settings: retry(2),
		});
		expect(error).toBeUndefined();
		expect(calls().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002', '+15550000002', '+15550000003']);
	}, 120_000);
});

describe('Agent → Create is sent once under Retry On Fail', () => {
	const create = { resource: 'agent', operation: 'create', label: 'Support', name: 'SupportBot 2', options: { maxRetries: 0 } };

	test('a 500 on the creation: one agent, not three', async () => {
		sandbox().inject({ method: 'POST', path: '/api/v1/agents', status: 500, body: { message: 'boom' }, times: Infinity });
		const { error } = await runTalkover({ parameters: create, credentials: credentials(), settings: retry(3) });
		expect(error?.message).toBe('The agent may have been created: Talkover had a problem on its side (HTTP 500)');
		expect(sandbox().requestsTo('POST', '/api/v1/agents')).toHaveLength(1);
	});

	test('an answer that cannot be read after the agent was created: created once', async () => {
		// The sandbox creates the agent, then the connection drops before the answer arrives.
		sandbox().inject({ method: 'POST', path: '/api/v1/agents', destroy: true, times: Infinity });
		const { error } = await runTalkover({ parameters: create, credentials: credentials(), settings: retry(3) });
		expect(error?.message).toBe('The agent may have been created: Could not reach Talkover: the connection was closed before Talkover answered');
		expect(sandbox().requestsTo('POST', '/api/v1/agents')).toHaveLength(1);
	});
});

describe('after a 5xx or a dropped connection on Make Call, the error says the call may have been placed and how to check', () => {
	const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550000001' };
	const check =
		'Talkover may have acted on the request before the error, so the node does not send it again. Before you run this item again, check whether the call exists: Call → Get Active (this agent and number) or Call → Get Many (filter by the number).';

	test.each([
		['a 500', { status: 500, body: { message: 'Internal server error.' } }, 'The call may have been placed: Talkover had a problem on its side (HTTP 500)'],
		['a 503', { status: 503, body: { message: 'Service unavailable.' } }, 'The call may have been placed: Talkover had a problem on its side (HTTP 503)'],
		['a connection dropped before the answer', { destroy: true }, 'The call may have been placed: Could not reach Talkover: the connection was closed before Talkover answered'],
		[
			'a connection dropped mid-answer',
			{ status: 200, partial: '{"success":true,"data":{"id":"' },
			'The call may have been placed: Could not reach Talkover: the connection was closed while Talkover was answering',
		],
	])('%s', async (_what, fault, message) => {
		sandbox().inject({ method: 'POST', path: callPath, ...fault });
		const { error } = await runTalkover({ parameters: make, credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(error?.description?.split('\n')[0]).toBe(check);
		expect(error?.description).not.toMatch(/try again later/i);
		expect(calls()).toHaveLength(1);
	});

	test('a refused connection says the call was not placed (nothing reached Talkover)', async () => {
		const { freePort } = await import('../helpers/fixtures');
		const port = await freePort();
		const { error } = await runTalkover({ parameters: { ...make, options: { maxRetries: 0 } }, credentials: { ...credentials(), baseUrl: `http://127.0.0.1:${port}` } });
		expect(error?.message).toBe('Could not reach Talkover: the connection was refused');
		expect(error?.description?.split('\n')[0]).toBe('Nothing reached Talkover: the call was not placed.');
	});
});

describe('each operation gets its own words, never Make Call’s', () => {
	test('Campaign → Update Status stopped by a 402 after one campaign was changed: no "call", no "Test Call", no "Get Active"', async () => {
		const statusPath = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/status`;
		sandbox().inject({
			method: 'PATCH',
			path: statusPath,
			status: 402,
			body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Insufficient credits' } },
			when: () => sandbox().requestsTo('PATCH', statusPath).length === 2,
		});
		const { error } = await runTalkover({
			items: [{}, {}],
			parameters: { resource: 'campaign', operation: 'updateStatus', campaignId: byId(ACTIVE_CAMPAIGN), status: 'paused', options: { concurrency: 'fixed' } },
			credentials: credentials(),
		});
		expect(error?.message).toBe('Not enough Talkover credits: top up your Talkover account');
		expect(error?.description).toContain(
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether the campaign’s status: Campaign → Get. n8n's Retry On Fail does not send it again.",
		);
		expect(`${error?.message}\n${error?.description}`).not.toMatch(/Make Call|Test Call|Get Active|calls were placed/);
	});
});

describe('"may have been placed" only when the request may have reached Talkover', () => {
	const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550000001', options: { maxRetries: 0 } };

	test('a Base URL without http(s)://: refused before anything is sent, naming the field; never "may have been placed"', async () => {
		const baseUrl = sandbox().url.replace(/^http:\/\//, '');
		const { error } = await runTalkover({ parameters: make, credentials: { ...credentials(), baseUrl }, settings: retry(2) });
		expect(error?.message).toBe(`Base URL of the "Talkover API" credential: "${baseUrl}" is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai`);
		expect(error?.message).not.toMatch(/may have/);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('an API Token with a line break: refused before anything is sent, naming the field, without showing the token', async () => {
		const { error, run } = await runTalkover({ parameters: make, credentials: { ...credentials(), apiToken: `${credentials().apiToken}\nX` }, settings: retry(2) });
		expect(error?.message).toBe('API Token of the "Talkover API" credential: it contains a line break or another character that cannot be sent; paste the token again without it');
		expect(JSON.stringify(run)).not.toContain(credentials().apiToken);
		expect(sandbox().requests).toHaveLength(0);
	});

	// A query or a fragment moves /api/v1 out of the path; the POST would land on the home page.
	test.each([
		['a fragment', '#top', 'a fragment (#…)'],
		['a query', '?env=prod', 'a query (?…)'],
	])('a Base URL with %s: refused before anything is sent, naming the Base URL', async (_what, tail, what) => {
		sandbox().inject({ method: 'POST', path: '/', status: 200, body: '<html><body>Talkover</body></html>', contentType: 'text/html', times: Infinity });
		const { error } = await runTalkover({ parameters: make, credentials: { ...credentials(), baseUrl: `${credentials().baseUrl}${tail}` } });
		expect(sandbox().requests).toHaveLength(0);
		expect(error?.message).toBe(`Base URL of the "Talkover API" credential: it contains ${what}, which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai`);
	});

	// https:// to a port that speaks only http: the TLS handshake fails (EPROTO, "wrong version
	// number") before the request is written.
	test('a TLS handshake that fails (https:// to an http-only port): "not sent", never "may have been placed"', async () => {
		const baseUrl = credentials().baseUrl.replace('http://', 'https://');
		const { error } = await runTalkover({ parameters: make, credentials: { ...credentials(), baseUrl } });
		expect(sandbox().requests).toHaveLength(0);
		expect(error?.message).toBe(
			'Could not reach Talkover: the secure connection (TLS) could not be set up (EPROTO); a Base URL with https:// for a server that speaks only http:// fails this way',
		);
		expect(error?.description).toMatch(/^Nothing reached Talkover: the call was not placed\./);
	});

	test('with Continue On Fail every item gets that error, and nothing is sent', async () => {
		const baseUrl = 'app.talkover.ai';
		const { output } = await runTalkover({ items: [{}, {}], parameters: make, credentials: { ...credentials(), baseUrl }, settings: { continueOnFail: true } });
		expect(output!.map((o) => [String(o.json.error).startsWith('Base URL of the "Talkover API" credential'), o.pairedItem])).toEqual([
			[true, { item: 0 }],
			[true, { item: 1 }],
		]);
	});
});
