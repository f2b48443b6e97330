/**
 * Skip Numbers Called Within at every horizon, on the test's clock (node and sandbox share it): a window of a
 * minute read to the second, hours across midnight UTC (the read's `date_from` is a day, YYYY-MM-DD), days up
 * to the option's largest (30 days); and an agent with thousands of calls, listed as List Calls' page shows
 * them (oldest first, 100 a page), every page read once, the number's call found on the first page and on
 * the last, and a call added while the pages are read still seen. The sandbox's requests are the oracle.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { resetRateLimits, runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const agentCalls = `/api/v1/agents/${SALES_AGENT}/calls`;
const make = (windowMinutes: number): INodeParameters => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { maxRetries: 0, skipCalledWithinMinutes: windowMinutes } });
const dialled = () => sandbox().requestsTo('POST', callPath).map((r) => (r.body as IDataObject).to);
const reads = () => sandbox().requestsTo('GET', agentCalls);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let ids = 0;
/** A call of the Sales agent to `to`, created at `at` and ended then (completed, no duration: its last moment is `at`), appended to the agent's list (oldest first). */
function called(to: string, at: number, status = 'completed'): void {
	const id = `c0ffee00-0000-4000-8000-${String(500_000 + ++ids).padStart(12, '0')}`;
	sandbox().calls.push({ id, agent_id: SALES_AGENT, to, status, direction: 'outbound', started_at: iso(at), created_at: iso(at), duration_seconds: 0 });
}

/** Runs Make Call over `phones` with the window; which were skipped, which dialled. */
async function run(phones: string[], windowMinutes: number): Promise<Array<'skipped' | 'dialled'>> {
	const { output, error } = await runTalkover({ items: phones.map((phone) => ({ phone })), parameters: make(windowMinutes), credentials: credentials() });
	expect(error).toBeUndefined();
	return output!.map((o) => (o.json.skipped === true ? 'skipped' : 'dialled'));
}

describe('seconds: a window of 1 minute is read to the second', () => {
	test('called 59 s ago and exactly 60 s ago: skipped; 61 s ago: dialled', async () => {
		const now = clock().time;
		called('+15554100001', now - 59 * SECOND);
		called('+15554100002', now - 60 * SECOND);
		called('+15554100003', now - 61 * SECOND);
		expect(await run(['+15554100001', '+15554100002', '+15554100003'], 1)).toEqual(['skipped', 'skipped', 'dialled']);
		expect(dialled()).toEqual(['+15554100003']);
	});

	test('a call created 1 s in the future (Talkover’s clock a little ahead) is within the window', async () => {
		called('+15554100004', clock().time + SECOND);
		expect(await run(['+15554100004'], 1)).toEqual(['skipped']);
	});
});

describe('minutes: a run paced over minutes reads the calls again for the items whose turn comes later', () => {
	const paced = (interval: number): INodeParameters => ({ ...make(1440), options: { maxRetries: 0, skipCalledWithinMinutes: 1440, batchSize: 1, batchInterval: interval } });

	test('another execution calls the third lead while this run waits its Batch Interval (40 s): read again at its turn, not dialled twice', async () => {
		// While the second lead is placed, another execution (the CRM firing again) calls the third.
		sandbox().inject({ method: 'POST', path: callPath, times: 1, when: (r) => (r.body as IDataObject).to === '+15554150002', before: async () => called('+15554150003', clock().time) });
		const { output, error } = await runTalkover({ items: ['+15554150001', '+15554150002', '+15554150003'].map((phone) => ({ phone })), parameters: paced(40 * SECOND), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => (o.json.skipped === true ? 'skipped' : 'dialled'))).toEqual(['dialled', 'dialled', 'skipped']);
		expect(dialled()).toEqual(['+15554150001', '+15554150002']);
		expect(reads()).toHaveLength(2);
	});

	test('at most one read a minute: five leads 20 s apart are checked against two reads (at 0 s and at 80 s)', async () => {
		const started = clock().time;
		const { error } = await runTalkover({ items: ['+15554160001', '+15554160002', '+15554160003', '+15554160004', '+15554160005'].map((phone) => ({ phone })), parameters: paced(20 * SECOND), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(dialled()).toHaveLength(5);
		expect(reads().map((r) => Math.round((r.at - started) / SECOND))).toEqual([0, 80]);
	});
});

describe('minutes: a read older than a minute is followed by a search for the item’s number only', () => {
	const paced = (interval: number): INodeParameters => ({ ...make(1440), options: { maxRetries: 0, skipCalledWithinMinutes: 1440, batchSize: 1, batchInterval: interval } });
	const leads = Array.from({ length: 9 }, (_, i) => `+155541700${String(i).padStart(2, '0')}`);

	test('nine leads 20 s apart: the list at 0 s, then a search for each lead checked more than a minute after it (80 s to 160 s)', async () => {
		const started = clock().time;
		await runTalkover({ items: leads.map((phone) => ({ phone })), parameters: paced(20 * SECOND), credentials: credentials() });
		expect(reads().map((r) => [Math.round((r.at - started) / SECOND), r.query.search])).toEqual([[0, undefined], ...[4, 5, 6, 7, 8].map((n) => [20 * n, leads[n]])]);
	});

	test('a Talkover that ignores the search (its page lists other numbers’ calls): the whole list is read instead, and from then on without a search', async () => {
		called('+15554179999', clock().time - HOUR);
		sandbox().inject({
			method: 'GET',
			path: agentCalls,
			times: Infinity,
			when: (r) => r.query.search !== undefined,
			reply: () => ({ status: 200, body: { success: true, data: [{ id: 'c0ffee00-0000-4000-8000-000000999999', to: '+15554179999', status: 'completed', direction: 'outbound', created_at: iso(clock().time - HOUR) }], pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 } } }),
		});
		const started = clock().time;
		const { error } = await runTalkover({ items: leads.map((phone) => ({ phone })), parameters: paced(20 * SECOND), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(dialled()).toEqual(leads);
		expect(reads().map((r) => [Math.round((r.at - started) / SECOND), r.query.search])).toEqual([[0, undefined], [80, leads[4]], [80, undefined], [160, undefined]]);
	});
});

describe('hours: the window reaches back over midnight UTC (date_from is a day)', () => {
	test('at 01:30 UTC with a window of 3 hours: called at 22:45 the day before, skipped; at 22:29, dialled; the read starts the day before', async () => {
		clock().time = Date.parse('2026-01-15T01:30:00Z');
		called('+15554200001', Date.parse('2026-01-14T22:45:00Z'));
		called('+15554200002', Date.parse('2026-01-14T22:29:00Z'));
		expect(await run(['+15554200001', '+15554200002'], 180)).toEqual(['skipped', 'dialled']);
		expect(reads().map((r) => r.query.date_from)).toEqual(['2026-01-14']);
	});

	test('a call not ended (ringing), 13 h old, window 1 hour: still skipped (the read reaches 14 h before the window)', async () => {
		called('+15554200003', clock().time - 13 * HOUR, 'ringing');
		expect(await run(['+15554200003'], 60)).toEqual(['skipped']);
	});

	test('the read’s first day holds the window’s start in every time zone Talkover’s day may be in (UTC−12 to UTC+14)', async () => {
		for (const at of ['2026-01-15T00:00:00Z', '2026-01-15T09:59:00Z', '2026-01-15T23:59:59Z']) {
			sandbox().reset();
			clock().time = Date.parse(at);
			await run(['+15554200004'], 60);
			// The window starts an hour before; its day in UTC−12 begins at most 12 h before that moment's UTC day.
			const from = Date.parse(`${reads()[0].query.date_from}T00:00:00Z`);
			expect(from + 12 * HOUR).toBeLessThanOrEqual(clock().time - HOUR);
		}
	});
});

describe('days: up to the option’s largest window (30 days)', () => {
	test('window 30 days: called 29 days 23 h ago, skipped; 30 days and a minute ago, dialled', async () => {
		const now = clock().time;
		called('+15554300002', now - 30 * DAY - MINUTE);
		called('+15554300001', now - 29 * DAY - 23 * HOUR);
		expect(await run(['+15554300001', '+15554300002'], 30 * 1440)).toEqual(['skipped', 'dialled']);
		expect(reads()[0].query.date_from).toBe('2025-12-15');
	});

	test('a record still “ringing” 3 days after it was created, window 1 hour: before the read’s first day (no call can last that long: at most an hour of Delay and an hour of call), so dialled', async () => {
		called('+15554300005', clock().time - 3 * DAY, 'ringing');
		expect(await run(['+15554300005'], 60)).toEqual(['dialled']);
		expect(reads()[0].query.date_from).toBe('2026-01-14');
	});

	test('window 2 days: called 47 h ago, skipped; 49 h ago, dialled', async () => {
		const now = clock().time;
		called('+15554300004', now - 49 * HOUR);
		called('+15554300003', now - 47 * HOUR);
		expect(await run(['+15554300003', '+15554300004'], 2 * 1440)).toEqual(['skipped', 'dialled']);
	});
});

describe('thousands of calls, listed oldest first as List Calls’ page shows them', () => {
	/** Pages 1 to the last the agent's listed calls fill (100 a page), each once. */
	function everyPageOnce(): string[] {
		const from = reads()[0].query.date_from;
		const listed = sandbox().calls.filter((c) => c.agent_id === SALES_AGENT && c.direction === 'outbound' && String(c.created_at).slice(0, 10) >= from).length;
		return Array.from({ length: Math.ceil(listed / 100) }, (_, i) => String(i + 1));
	}

	/** 2,500 calls of the agent over the last 20 hours, oldest first, to numbers +1555450xxxx. */
	function busyAgent(): void {
		const now = clock().time;
		for (let i = 0; i < 2500; i++) called(`+1555450${String(i).padStart(4, '0')}`, now - 20 * HOUR + i * 28 * SECOND);
	}

	/** Numbers no call went to: a run of more numbers than the list has pages reads every page, not a search per number. */
	const fresh = (n: number) => Array.from({ length: n }, (_, i) => `+1555480${String(i).padStart(4, '0')}`);

	test('every one of the 25 and more pages is read once; a number on the first page and one on the last are skipped, another is dialled', async () => {
		busyAgent();
		const first = '+15554500000';
		const last = '+15554502499';
		expect(await run([first, last, '+15554599999', ...fresh(30)], 1440)).toEqual(['skipped', 'skipped', 'dialled', ...Array(30).fill('dialled')]);
		expect(reads().length).toBeGreaterThanOrEqual(25);
		expect(reads().map((r) => r.query.page)).toEqual(everyPageOnce());
		expect(new Set(reads().map((r) => r.query.per_page))).toEqual(new Set(['100']));
		expect(dialled()).toEqual(['+15554599999', ...fresh(30)]);
	});

	test('a run of fewer numbers than pages: the first page, then every page of a search for each number; the first and the last call are found', async () => {
		busyAgent();
		const first = '+15554500000';
		const last = '+15554502499';
		expect(await run([first, last, '+15554599999'], 1440)).toEqual(['skipped', 'skipped', 'dialled']);
		expect(reads().map((r) => [r.query.page, r.query.search])).toEqual([['1', undefined], ['1', '+15554500000'], ['1', '+15554502499'], ['1', '+15554599999']]);
		expect(dialled()).toEqual(['+15554599999']);
	});

	test('a Talkover whose search matches the number exactly as the pages write it (search=+1234567890) finds the call: not dialled', async () => {
		busyAgent();
		// The agent's calls endpoint of a server that lists, for a search, only the calls whose `to` is the searched text.
		sandbox().inject({
			method: 'GET',
			path: agentCalls,
			times: Infinity,
			when: (r) => r.query.search !== undefined,
			reply: (r) => {
				const data = sandbox().calls.filter((c) => c.to === r.query.search).map((c) => ({ id: c.id, to: c.to, status: c.status, direction: 'outbound', created_at: c.created_at }));
				return { status: 200, body: { success: true, data, pagination: { current_page: 1, last_page: 1, per_page: 100, total: data.length } } };
			},
		});
		expect(await run(['+15554502499', '+15554599999'], 1440)).toEqual(['skipped', 'dialled']);
		expect(dialled()).toEqual(['+15554599999']);
	});

	test('a call to the number placed while the pages are read (it joins the end of the list) is still seen: not dialled', async () => {
		busyAgent();
		sandbox().inject({
			method: 'GET',
			path: agentCalls,
			times: 1,
			when: (r) => r.query.page === '10',
			before: async () => called('+15554600001', clock().time),
		});
		expect(await run(['+15554600001', ...fresh(30)], 60)).toEqual(['skipped', ...Array(30).fill('dialled')]);
		expect(dialled()).toEqual(fresh(30));
		expect(reads().map((r) => r.query.page)).toEqual(everyPageOnce());
	});

	test('a call to the number placed after the first page was read (before its search) is seen by the search: not dialled', async () => {
		busyAgent();
		sandbox().inject({ method: 'GET', path: agentCalls, times: 1, when: (r) => r.query.search !== undefined, before: async () => called('+15554600001', clock().time) });
		expect(await run(['+15554600001'], 60)).toEqual(['skipped']);
		expect(dialled()).toEqual([]);
	});

	test('a busy agent at the rate limit (3,000 calls since yesterday, 30 pages, 20 requests a minute, 40 leads): the whole list is read once, each lead checked later only by a search for its number; a call another execution places meanwhile is seen', async () => {
		const now = clock().time;
		for (let i = 0; i < 3000; i++) called(`+1555450${String(i).padStart(4, '0')}`, now - 20 * HOUR + i * 23 * SECOND);
		sandbox().setRateLimit({ limit: 20, windowMs: 60_000 });
		try {
			const leads = fresh(40);
			// While the 10th lead is placed, another execution (the CRM firing again) calls the 30th.
			sandbox().inject({ method: 'POST', path: callPath, times: 1, when: (r) => (r.body as IDataObject).to === leads[9], before: async () => called(leads[29], clock().time) });
			const started = clock().time;
			expect(await run(leads, 1440)).toEqual(leads.map((_, i) => (i === 29 ? 'skipped' : 'dialled')));
			expect(dialled()).toEqual(leads.filter((_, i) => i !== 29));
			const whole = reads().filter((r) => r.query.search === undefined);
			const searches = reads().filter((r) => r.query.search !== undefined);
			// The 30 pages once (the rate limit makes that read last 1.5 minutes), then at most one search per lead.
			expect(whole.map((r) => r.query.page)).toEqual(everyPageOnce());
			expect(searches.length).toBeLessThanOrEqual(leads.length);
			expect(new Set(searches.map((r) => r.query.search)).size).toBe(searches.length);
			expect(searches.map((r) => r.query.search)).toContain(leads[29]);
			expect(clock().time - started).toBeGreaterThan(60_000);
		} finally {
			sandbox().setRateLimit(null);
			resetRateLimits();
		}
	});

	test('a server that ignores date_from (every call of 40 days, 4,000 entries): the window is still applied to each call’s time', async () => {
		const now = clock().time;
		for (let i = 0; i < 4000; i++) called(`+1555470${String(i).padStart(4, '0')}`, now - 40 * DAY + i * 864 * SECOND);
		sandbox().inject({
			method: 'GET',
			path: agentCalls,
			times: Infinity,
			reply: (r) => {
				const page = Number(r.query.page);
				const all = sandbox().calls.filter((c) => String(c.to).startsWith('+1555470')).map((c) => ({ id: c.id, to: c.to, status: c.status, direction: 'outbound', created_at: c.created_at }));
				return { status: 200, body: { success: true, data: all.slice((page - 1) * 100, page * 100), pagination: { current_page: page, last_page: 40, per_page: 100, total: all.length } } };
			},
		});
		// +15554700000 is 40 days old, +15554703999 14.4 minutes old. This server ignores `search` too: the first
		// search lists every call (as many as the whole list), so it is the whole list and no second search is sent.
		expect(await run(['+15554700000', '+15554703999'], 60)).toEqual(['dialled', 'skipped']);
		expect(reads()).toHaveLength(41);
		expect(reads().filter((r) => r.query.search !== undefined).map((r) => r.query.search)).toEqual(Array(40).fill('+15554700000'));
	});
});
