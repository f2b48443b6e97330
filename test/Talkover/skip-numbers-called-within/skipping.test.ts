import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { ACTIVE_CALL, byId, retryOnFail, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN, QUEUED_CALL, QUEUED_PHONE } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const make = (options: INodeParameters = { skipCalledWithinMinutes: 1440 }) => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options });
const posts = () => sandbox().requestsTo('POST', callPath);
const agentCalls = `/api/v1/agents/${SALES_AGENT}/calls`;
const lists = () => sandbox().requestsTo('GET', agentCalls);

describe('Skip Numbers Called Within', () => {
	test('off (no option): no list is read and every item is dialled, the same number twice included', async () => {
		const { output, error } = await runTalkover({ items: [{ phone: '+15552223333' }, { phone: '+1 555 222 3333' }], parameters: make({}), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${callPath}`, `POST ${callPath}`]);
		expect(output!.map((o) => o.json.skipped)).toEqual([undefined, undefined]);
	});

	test('one list read; a number with a call in the window, or on a call, and a second item of the run with the same number are not dialled', async () => {
		// Seeded for the Sales agent: +15551234567 answered (on a call now) and busy 26 h ago, +442079460958 no-answer 52 h ago.
		const { output, error } = await runTalkover({
			items: [{ phone: '+1 (555) 123-4567' }, { phone: '+44 20 7946 0958' }, { phone: '+15552223333' }, { phone: '+1 555 222 3333' }],
			parameters: make(),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(lists().map((r) => r.query)).toEqual([{ direction: 'outbound', date_from: '2026-01-13', per_page: '100', page: '1' }]);
		expect(posts().map((r) => r.body.to)).toEqual(['+442079460958', '+15552223333']);
		expect(sandbox().requests[0].method).toBe('GET');
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const [onCall, dialled, first, second] = output!.map((o) => o.json);
		expect(onCall).toMatchObject({ id: ACTIVE_CALL, to: '+15551234567', status: 'answered', skipped: true });
		expect(onCall.skipReason).toBe(
			'Not dialled: this agent already has a call to +15551234567 (answered, created 2026-01-15T11:00:00Z) within 24 hours (Options → Skip Numbers Called Within)',
		);
		expect(dialled.skipped).toBeUndefined();
		expect(first.skipped).toBeUndefined();
		expect(second).toEqual({ ...first, skipped: true, skipReason: 'Not dialled: item 2 of this run already called +15552223333 (Options → Skip Numbers Called Within 24 hours)' });
	});

	test('a list that names another agent (agent.id or agent_id) or an inbound call (openapi.json documents no direction filter): those do not count; this agent’s outbound call, and a call that names neither, do', async () => {
		const call = (n: number, to: string, fields: Record<string, unknown>) => ({ id: `c0ffee00-0000-4000-8000-00000000000${n}`, to, status: 'completed', created_at: '2026-01-15T11:00:00Z', ...fields });
		sandbox().inject({
			method: 'GET',
			path: agentCalls,
			status: 200,
			body: {
				success: true,
				data: [
					call(1, '+15559990001', { direction: 'outbound', agent: { id: SUPPORT_AGENT, name: 'Support' } }),
					call(2, '+15559990002', { direction: 'outbound', agent_id: SUPPORT_AGENT }),
					call(3, '+15559990003', { direction: 'inbound', agent: { id: SALES_AGENT, name: 'Sales' } }),
					call(4, '+15559990004', { direction: 'OUTBOUND', agent: { id: SALES_AGENT.toUpperCase(), name: 'Sales' } }),
					call(5, '+15559990005', {}),
				],
				pagination: { current_page: 1, last_page: 1, per_page: 100, total: 5 },
			},
		});
		const { output, error } = await runTalkover({ items: [1, 2, 3, 4, 5].map((n) => ({ phone: `+1555999000${n}` })), parameters: make(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual(['+15559990001', '+15559990002', '+15559990003']);
		expect(output!.map((o) => [o.json.skipped, o.json.id])).toEqual([
			[undefined, expect.anything()],
			[undefined, expect.anything()],
			[undefined, expect.anything()],
			[true, 'c0ffee00-0000-4000-8000-000000000004'],
			[true, 'c0ffee00-0000-4000-8000-000000000005'],
		]);
	});

	test('numbers are compared as the number Talkover dials: a call Talkover lists as +49 030 …, and an item written +44 020 … beside +44 20 …, are the same numbers', async () => {
		sandbox().inject({
			method: 'GET',
			path: agentCalls,
			status: 200,
			body: {
				success: true,
				data: [{ id: 'c0ffee00-0000-4000-8000-000000000001', to: '+49 030 1234567', status: 'completed', created_at: '2026-01-15T11:00:00Z' }],
				pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 },
			},
		});
		const { output, error } = await runTalkover({ items: [{ phone: '+49301234567' }, { phone: '+44 20 7946 0999' }, { phone: '+44 020 7946 0999' }], parameters: make(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual(['+442079460999']);
		expect(output!.map((o) => [o.json.skipped, o.json.skipReason])).toEqual([
			[true, 'Not dialled: this agent already has a call to +49301234567 (completed, created 2026-01-15T11:00:00Z) within 24 hours (Options → Skip Numbers Called Within)'],
			[undefined, undefined],
			[true, 'Not dialled: item 1 of this run already called +442079460999 (Options → Skip Numbers Called Within 24 hours)'],
		]);
	});

	test('a call older than the window does not count; the window is per item', async () => {
		const { output } = await runTalkover({ items: [{ phone: '+442079460958' }], parameters: make({ skipCalledWithinMinutes: 52 * 60 + 1 }), credentials: credentials() });
		expect(posts()).toHaveLength(0);
		expect(output![0].json).toMatchObject({ skipped: true, status: 'no-answer' });
		expect(lists()[0].query.date_from).toBe('2026-01-12');
	});

	test('every page of the list is read once per run and agent, however many items', async () => {
		for (let i = 0; i < 150; i++) {
			const at = new Date(Date.UTC(2026, 0, 15, 11, 0, 0) - i * 60_000).toISOString().replace('.000', '');
			sandbox().calls.push({ id: `c0ffee00-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`, agent_id: SALES_AGENT, to: `+1555300${String(i).padStart(4, '0')}`, status: 'completed', direction: 'outbound', started_at: at, created_at: at, duration_seconds: 30 });
		}
		const items = Array.from({ length: 30 }, (_, i) => ({ phone: `+1555300${String(140 + i).padStart(4, '0')}` }));
		const { output, error } = await runTalkover({ items, parameters: make(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(lists().map((r) => r.query.page)).toEqual(['1', '2']);
		// 0140–0149 were called (on the list's second page), 0150–0169 were not.
		expect(output!.filter((o) => o.json.skipped).map((o) => o.json.to)).toEqual(items.slice(0, 10).map((i) => i.phone));
		expect(posts().map((r) => r.body.to)).toEqual(items.slice(10).map((i) => i.phone));
	});

	test.each([
		['an entry without its number', { success: true, data: [{ id: 'x', status: 'completed', created_at: '2026-01-15T11:00:00Z' }], pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 } }, /a call has no number \(to\)/],
		['an entry without its time', { success: true, data: [{ id: 'x', to: '+15559990000', status: 'completed' }], pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 } }, /a call has no creation time \(created_at\)/],
		['no list at all', { success: true, data: { calls: [] } }, /data is an object/],
	])('an unreadable list (%s) is an error, nothing is dialled', async (_name, body, message) => {
		sandbox().inject({ method: 'GET', path: agentCalls, status: 200, body });
		const { error } = await runTalkover({ items: [{ phone: '+15559990000' }], parameters: make(), credentials: credentials() });
		expect(error?.message).toMatch(/^The calls already made could not be read, so the node did not dial \(Options → Skip Numbers Called Within\)/);
		expect(error?.message).toMatch(message);
		expect(posts()).toHaveLength(0);
	});

	test('with Continue On Fail a failed list read is every item\'s error item, nothing is dialled', async () => {
		sandbox().inject({ method: 'GET', path: agentCalls, status: 500, body: { success: false, message: 'Server Error' }, times: 10 });
		const { output } = await runTalkover({
			items: [{ phone: '+15559990000' }, { phone: '+15559990001' }],
			parameters: make({ skipCalledWithinMinutes: 60, maxRetries: 0 }),
			settings: { continueOnFail: true },
			credentials: credentials(),
		});
		expect(posts()).toHaveLength(0);
		expect(lists()).toHaveLength(1);
		expect(output!.map((o) => [o.pairedItem, typeof o.json.error])).toEqual([
			[{ item: 0 }, 'string'],
			[{ item: 1 }, 'string'],
		]);
	});

	test('Retry On Fail: a skipped item stays skipped, the item Talkover refused is dialled again, nothing twice', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.' } }, headers: { 'Retry-After': '0' }, times: 1, when: (r) => r.body.to === '+15559990001' });
		const { output, error } = await runTalkover({
			items: [{ phone: '+15559990000' }, { phone: '+15559990000' }, { phone: '+15559990001' }],
			parameters: make({ skipCalledWithinMinutes: 60, maxRetries: 0 }),
			settings: retryOnFail(2),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual(['+15559990000', '+15559990001', '+15559990001']);
		expect(output!.map((o) => [o.json.to, o.json.skipped ?? false])).toEqual([
			['+15559990000', false],
			['+15559990000', true],
			['+15559990001', false],
		]);
	});

	test('Campaign → Add Call: one read of the campaign; a number queued in it is not added again', async () => {
		const path = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
		const { output, error } = await runTalkover({
			items: [{ phone: QUEUED_PHONE }, { phone: '+15557778888' }, { phone: '+15557778888' }],
			parameters: { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.phone }}', options: { skipCalledWithinMinutes: 60 } },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v1/campaigns/${ACTIVE_CAMPAIGN}`, `POST ${path}`]);
		const [queued, added, again] = output!.map((o) => o.json);
		expect(queued).toMatchObject({ id: QUEUED_CALL, status: 'queued', skipped: true });
		expect(queued.skipReason).toMatch(/^Not dialled: this campaign already has a call to \+15550102030 \(queued/);
		expect(added.skipped).toBeUndefined();
		expect(again).toMatchObject({ id: added.id, skipped: true });
	});

	const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
	const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
	const addCall = (options: INodeParameters, more: INodeParameters = {}) => ({ resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.phone }}', options, ...more });

	test.each([
		['started (on a call now), 3 h old, window 60', 'started', 3 * 3600_000, 60, {}],
		['retry_scheduled (the campaign will call again), 48 h old, window 1440', 'retry_scheduled', 48 * 3600_000, 1440, {}],
		['started, 3 h old, window 60, with Allow Duplicates on', 'started', 3 * 3600_000, 60, { allowDuplicates: true }],
	])('Campaign → Add Call: a lead whose campaign call is %s is open whatever its age: skipped, not added again', async (_n, status, age, window, more) => {
		const at = iso(NOW - age);
		(sandbox() as unknown as { campaignCalls: object[] }).campaignCalls.push({ id: 'cc000000-0000-4000-8000-0000000000aa', campaign_id: ACTIVE_CAMPAIGN, to: '+15557770001', status, retries: 1, payload: null, context: null, is_testing: false, scheduled_at: at, created_at: at });
		const { output, error } = await runTalkover({ items: [{ phone: '+15557770001' }], parameters: addCall({ skipCalledWithinMinutes: window }, more), credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`)).toHaveLength(0);
		expect(output![0].json).toMatchObject({ id: 'cc000000-0000-4000-8000-0000000000aa', skipped: true, status });
	});

	test('Make Call: an agent call in-progress (openapi.json Call.status), created 3 h ago, window 60: skipped', async () => {
		const at = iso(NOW - 3 * 3600_000);
		sandbox().calls.push({ id: 'c0ffee00-0000-4000-8000-00000000cafe', agent_id: SALES_AGENT, to: '+15559990020', status: 'in-progress', direction: 'outbound', started_at: at, created_at: at, duration_seconds: null });
		const { output, error } = await runTalkover({ items: [{ phone: '+15559990020' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(posts()).toHaveLength(0);
		expect(output![0].json).toMatchObject({ id: 'c0ffee00-0000-4000-8000-00000000cafe', skipped: true, status: 'in-progress' });
	});

	test('the same number in two items, the first with the option off (0, by expression) and the second on: dialled once, the second skipped with the first\'s call', async () => {
		const { output, error } = await runTalkover({
			items: [{ phone: '+15559990005', w: 0 }, { phone: '+15559990005', w: 1440 }],
			parameters: make({ skipCalledWithinMinutes: '={{ $json.w }}', batchSize: 2 }),
			credentials: credentials(),
		});
		expect(error?.message).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual(['+15559990005']);
		const [first, second] = output!.map((o) => o.json);
		expect(first.skipped).toBeUndefined();
		expect(second).toMatchObject({ id: first.id, skipped: true });
		expect(second.skipReason).toMatch(/^Not dialled: item 0 of this run already called \+15559990005/);
	});
});
