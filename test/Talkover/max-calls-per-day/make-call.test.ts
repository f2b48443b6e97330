/**
 * Call → Make with Options → Max Calls per Day, in runs of n8n-core's engine against the sandbox on the test
 * clock: the agent's calls that ring on the day (in the option's zone) are counted from Talkover's own list and the
 * calls this process placed; beyond the limit an item is not dialled and comes out skipped with when the next day
 * starts. The sandbox's requests and calls are the oracle.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runAgentWithTool } from '../../helpers/agentRun';
import { byId, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { mcpToolCall } from '../../helpers/mcpToolCall';
import { forgetDayCounts, runTalkover } from '../../helpers/n8n';

const { sandbox, credentials, clock } = useSandbox();
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const dialled = () => sandbox().requestsTo('POST', callPath).map((r) => (r.body as IDataObject).to);
const listReads = () => sandbox().requests.filter((r) => r.method === 'GET' && r.path === `/api/v1/agents/${SALES_AGENT}/calls`);

const HOUR = 3600_000;
const leads = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ to: `+1212555${String(1000 + from + i).padStart(4, '0')}` }));
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
let seeded = 0;
/** Calls of the agent as Talkover lists them: requested at `at`, ended (completed) `lasting` ms later, or still `initiated`. */
function seedCalls(n: number, at: number, { agent = SALES_AGENT, lasting, status = 'completed' }: { agent?: string; lasting?: number; status?: string } = {}): void {
	for (let i = 0; i < n; i++) {
		const id = `da11ca11-0000-4000-8000-${String(++seeded).padStart(12, '0')}`;
		const ended = lasting === undefined ? {} : { updated_at: iso(at + lasting) };
		sandbox().calls.push({ id, agent_id: agent, to: `+1415555${String(seeded % 10000).padStart(4, '0')}`, status, direction: 'outbound', created_at: iso(at), started_at: iso(at), duration_seconds: 60, ...ended });
	}
}
const make = (limit: IDataObject | undefined, extra: IDataObject = {}): INodeParameters => ({
	resource: 'call',
	operation: 'make',
	agentId: byId(SALES_AGENT),
	to: '={{ $json.to }}',
	...extra,
	options: (limit === undefined ? {} : { maxCallsPerDay: { limit } }) as INodeParameters,
});
const skipped = (output: Array<{ json: IDataObject }> | undefined) => output!.filter((o) => o.json.skipped === true);

/** The sandbox without the agent's seeded calls (one going on now, and its history): each test seeds the day it needs. */
function freshSandbox(): void {
	sandbox().reset();
	sandbox().calls = sandbox().calls.filter((c) => c.agent_id !== SALES_AGENT);
}
beforeEach(freshSandbox);

/** 2026-01-15 in Paris: 00:00 is 2026-01-14T23:00Z (winter, UTC+1). */
const PARIS_MIDNIGHT = Date.UTC(2026, 0, 14, 23, 0, 0);

describe('the limit counts the agent’s calls of the day in Talkover’s list', () => {
	test('18 calls today and a limit of 20: of 5 leads, 2 are dialled, 3 come out skipped with when the next day starts', async () => {
		seedCalls(18, clock().time - 3 * HOUR, { lasting: 60_000 });
		const { output, error } = await runTalkover({ items: leads(5), parameters: make({ calls: 20, timeZone: 'Europe/Paris' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(dialled()).toEqual(leads(2).map((l) => l.to));
		expect(output!.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(skipped(output).map((o) => o.json)).toEqual(
			leads(3, 2).map(({ to }) =>
				expect.objectContaining({
					to,
					skipped: true,
					callsThatDay: 20,
					maxCallsPerDay: 20,
					dayTimeZone: 'Europe/Paris',
					nextAllowedAt: '2026-01-16T00:00:00+01:00',
					nextAllowedAtUtc: '2026-01-15T23:00:00.000Z',
					skipReason: `Max Calls per Day: agent ${SALES_AGENT} has 20 calls on 2026-01-15 (Europe/Paris), the most the option allows (20); this call was not placed. The next day starts at 2026-01-16T00:00:00+01:00.`,
				}),
			),
		);
	});

	test('another agent’s calls, inbound calls and calls of two days before do not count', async () => {
		seedCalls(10, clock().time - HOUR, { agent: SUPPORT_AGENT, lasting: 60_000 });
		seedCalls(10, clock().time - 48 * HOUR, { lasting: 60_000 });
		for (const call of sandbox().calls.slice(-3)) call.direction = 'inbound';
		const { output } = await runTalkover({ items: leads(3), parameters: make({ calls: 3, timeZone: 'UTC' }), credentials: credentials() });
		expect(dialled()).toEqual(leads(3).map((l) => l.to));
		expect(skipped(output)).toEqual([]);
	});

	test('a second execution, and the next after a restart of n8n, see the first’s calls: 5 a day in all', async () => {
		const parameters = make({ calls: 5, timeZone: 'UTC' });
		await runTalkover({ items: leads(3), parameters, credentials: credentials() });
		const second = await runTalkover({ items: leads(3, 3), parameters, credentials: credentials() });
		expect(dialled()).toEqual(leads(5).map((l) => l.to));
		expect(skipped(second.output).map((o) => o.json.to)).toEqual([leads(1, 5)[0].to]);
		forgetDayCounts();
		clock().time += 2 * HOUR;
		const reads = listReads().length;
		const third = await runTalkover({ items: leads(2, 6), parameters, credentials: credentials() });
		expect(dialled()).toHaveLength(5);
		expect(skipped(third.output)).toHaveLength(2);
		// One read of the day's list for the run; the second item is refused without another.
		expect(listReads().length - reads).toBe(1);
	});

	test('a delayed call Talkover does not list until it dials still counts in the process that placed it', async () => {
		const parameters = make({ calls: 2, timeZone: 'UTC' }, { additionalFields: { delaySeconds: 1800 } });
		await runTalkover({ items: leads(1), parameters, credentials: credentials() });
		// Talkover lists the delayed call only once it dials.
		const hidden = sandbox().calls.splice(-1);
		const { output } = await runTalkover({ items: leads(2, 1), parameters, credentials: credentials() });
		expect(dialled()).toEqual(leads(2).map((l) => l.to));
		expect(skipped(output).map((o) => o.json.to)).toEqual([leads(1, 2)[0].to]);
		expect(hidden).toHaveLength(1);
	});

	test('a call Talkover refused (400) gives its place back', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1 });
		const { output } = await runTalkover({ items: leads(3), parameters: make({ calls: 2, timeZone: 'UTC' }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => (o.json.error ? 'refused' : o.json.skipped ? 'skipped' : 'placed'))).toEqual(['refused', 'placed', 'placed']);
	});

	test('a call that may have been placed (500, no answer read) counts once: as the list shows it when Talkover placed it, and not at all when it did not', async () => {
		const placedThenFailed = () =>
			sandbox().inject({
				method: 'POST',
				path: callPath,
				status: 500,
				body: { success: false, message: 'Server error' },
				times: 1,
				// Talkover placed the call, then failed to answer.
				before: async (r) => {
					sandbox().calls.push({ id: 'f00d0000-0000-4000-8000-000000000001', agent_id: SALES_AGENT, to: String((r.body as IDataObject).to), status: 'initiated', direction: 'outbound', created_at: iso(clock().time), started_at: iso(clock().time), duration_seconds: 0 });
				},
			});
		placedThenFailed();
		const placed = await runTalkover({ items: leads(3), parameters: make({ calls: 2, timeZone: 'UTC' }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(placed.output!.map((o) => (o.json.error ? 'unsure' : o.json.skipped ? `skipped at ${String(o.json.callsThatDay)}` : 'placed'))).toEqual(['unsure', 'placed', 'skipped at 2']);
		freshSandbox();
		forgetDayCounts();
		sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { success: false, message: 'Server error' }, times: 1 });
		const notPlaced = await runTalkover({ items: leads(3), parameters: make({ calls: 2, timeZone: 'UTC' }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(notPlaced.output!.map((o) => (o.json.error ? 'unsure' : o.json.skipped ? 'skipped' : 'placed'))).toEqual(['unsure', 'placed', 'placed']);
	});

	test('the day’s calls cannot be read (500): the item fails saying nothing was sent, and Retry On Fail’s next try places the call', async () => {
		const listPath = `/api/v1/agents/${SALES_AGENT}/calls`;
		// Every attempt of the read (the node tries a read again after a 5xx) fails.
		sandbox().inject({ method: 'GET', path: listPath, status: 500, body: { success: false, message: 'Server error' }, times: 100 });
		const failed = await runTalkover({ items: leads(1), parameters: make({ calls: 2, timeZone: 'UTC' }), credentials: credentials() });
		expect(failed.error?.message).toMatch(new RegExp(`^Max Calls per Day \\(item 0\\): the calls of agent ${SALES_AGENT} today could not be read from Talkover, so this call was not placed: `));
		expect(failed.error?.message).not.toMatch(/may have been placed/);
		expect(failed.error?.description).toContain('Nothing was sent to Talkover for this item');
		expect(dialled()).toEqual([]);
		const attempts = listReads().length;
		freshSandbox();
		// The first try's read fails as before; the second try's is answered.
		sandbox().inject({ method: 'GET', path: listPath, status: 500, body: { success: false, message: 'Server error' }, times: attempts });
		const retried = await runTalkover({ items: leads(1), parameters: make({ calls: 2, timeZone: 'UTC' }), credentials: credentials(), settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } });
		expect(retried.error).toBeUndefined();
		expect(dialled()).toEqual([leads(1)[0].to]);
	});
});

describe('the day: midnight in the option’s zone, and a call’s moment is when it rings', () => {
	test('at 23:30 UTC it is already the next day in Paris: the calls of 22:00 UTC are yesterday’s there, today’s in UTC', async () => {
		clock().time = Date.UTC(2026, 0, 15, 23, 30, 0);
		seedCalls(3, Date.UTC(2026, 0, 15, 22, 0, 0), { lasting: 60_000 });
		const paris = await runTalkover({ items: leads(1), parameters: make({ calls: 3, timeZone: 'Europe/Paris' }), credentials: credentials() });
		expect(skipped(paris.output)).toEqual([]);
		const utc = await runTalkover({ items: leads(1, 1), parameters: make({ calls: 3, timeZone: 'UTC' }), credentials: credentials() });
		// UTC's day holds the 3 seeded calls and the call just placed.
		expect(skipped(utc.output).map((o) => o.json.callsThatDay)).toEqual([4]);
		expect(dialled()).toEqual([leads(1)[0].to]);
	});

	test('a call requested before midnight that may ring after it counts (no delay listed: up to an hour); one that ended before midnight does not', async () => {
		clock().time = PARIS_MIDNIGHT + 2 * HOUR;
		// Ended a second before midnight: yesterday's.
		seedCalls(2, PARIS_MIDNIGHT - 120_000, { lasting: 119_000 });
		// Still going on, requested a second before midnight: may ring today.
		seedCalls(1, PARIS_MIDNIGHT - 1000, { status: 'initiated' });
		const { output } = await runTalkover({ items: leads(2), parameters: make({ calls: 2, timeZone: 'Europe/Paris' }), credentials: credentials() });
		expect(dialled()).toEqual([leads(1)[0].to]);
		expect(skipped(output).map((o) => o.json.callsThatDay)).toEqual([2]);
	});

	test('a call placed with a Delay that rings after midnight counts on the next day, not on today’s full one', async () => {
		clock().time = PARIS_MIDNIGHT - 20 * 60_000;
		seedCalls(2, PARIS_MIDNIGHT - 2 * HOUR, { lasting: 60_000 });
		const parameters = (delaySeconds: number) => make({ calls: 2, timeZone: 'Europe/Paris' }, { additionalFields: { delaySeconds } });
		const now = await runTalkover({ items: leads(1), parameters: parameters(0), credentials: credentials() });
		expect(skipped(now.output)).toHaveLength(1);
		const delayed = await runTalkover({ items: leads(1), parameters: parameters(30 * 60), credentials: credentials() });
		expect(skipped(delayed.output)).toEqual([]);
		expect(dialled()).toEqual([leads(1)[0].to]);
		expect((sandbox().requestsTo('POST', callPath)[0].body as IDataObject).delay_seconds).toBe(1800);
	});

	test('a day of 2,000 calls listed oldest first over many pages: counted in one read per run, the limit held to the call', async () => {
		seedCalls(500, PARIS_MIDNIGHT - 30 * HOUR, { lasting: 60_000 });
		seedCalls(1995, PARIS_MIDNIGHT + HOUR, { lasting: 60_000 });
		const { output } = await runTalkover({ items: leads(8), parameters: make({ calls: 2000, timeZone: 'Europe/Paris' }), credentials: credentials() });
		expect(dialled()).toEqual(leads(5).map((l) => l.to));
		expect(skipped(output).map((o) => o.json.callsThatDay)).toEqual([2000, 2000, 2000]);
	});

	test('without a zone the day is the workflow’s time zone', async () => {
		clock().time = Date.UTC(2026, 0, 15, 3, 0, 0);
		// 2026-01-14 in New York (n8n's default zone) until 05:00 UTC.
		seedCalls(2, Date.UTC(2026, 0, 14, 20, 0, 0), { lasting: 60_000 });
		const { output } = await runTalkover({ items: leads(1), parameters: make({ calls: 2 }), credentials: credentials() });
		expect(skipped(output).map((o) => o.json.dayTimeZone)).toEqual(['America/New_York']);
	});
});

describe('bad input fails the item before anything is sent', () => {
	test.each([
		[{ calls: 0, timeZone: 'UTC' }, 'Max Calls per Day › Calls (item 0): 0 is not a number of calls; use a whole number from 1 up (remove the option for no limit)'],
		[{ calls: 2.5, timeZone: 'UTC' }, 'Max Calls per Day › Calls (item 0): 2.5 is not a number of calls; use a whole number from 1 up (remove the option for no limit)'],
		[{ calls: 5, timeZone: 'Mars/Olympus' }, 'Max Calls per Day › Day Starts at Midnight In (item 0): "Mars/Olympus" is not a time zone; use a name like America/New_York or Europe/London'],
	])('%j', async (limit, message) => {
		const { error } = await runTalkover({ items: leads(1), parameters: make(limit), credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(sandbox().requests).toEqual([]);
	});
});

describe('with n8n’s other ways of running the node', () => {
	const tool = (mode: 'engine' | 'subNode', limit: IDataObject): INodeParameters => ({
		...make(limit),
		to: mode === 'engine' ? '={{ $json.to }}' : "={{ $fromAI('to', 'The number to call, international format', 'string') }}",
		options: { maxCallsPerDay: { limit }, maxCallsPerExecution: 0 } as INodeParameters,
	});

	test('an AI Agent’s chats (v3 agent): 3 a day across chats; the model is told each call beyond was not placed and when the next day starts', async () => {
		const first = await runAgentWithTool({ mode: 'engine', calls: leads(2), parameters: tool('engine', { calls: 3, timeZone: 'UTC' }), credentials: credentials() });
		const second = await runAgentWithTool({ mode: 'engine', calls: leads(3, 2), parameters: tool('engine', { calls: 3, timeZone: 'UTC' }), credentials: credentials() });
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(dialled()).toEqual(leads(3).map((l) => l.to));
		const told = second.output!.map((o) => ((o.result as IDataObject[] | IDataObject | null) ?? {}) as IDataObject | IDataObject[]).map((r) => (Array.isArray(r) ? r[0] : r));
		expect(told.map((r) => r.skipped === true)).toEqual([false, true, true]);
		expect(told[1].nextAllowedAt).toBe('2026-01-16T00:00:00+00:00');
	});

	test('an MCP client’s calls (each tools/call an execution of its own): 2 a day, then each call is told the limit', async () => {
		const answers: Array<{ result?: unknown; error?: string }> = [];
		for (const { to } of leads(4)) answers.push(await mcpToolCall({ to }, { parameters: tool('subNode', { calls: 2, timeZone: 'UTC' }), credentials: credentials(), workflowId: 'wf-mcp-day' }));
		expect(dialled()).toEqual(leads(2).map((l) => l.to));
		expect(answers.map((a) => a.error ?? ((a.result as IDataObject[])[0].skipped === true ? 'skipped' : 'placed'))).toEqual(['placed', 'placed', 'skipped', 'skipped']);
	});

	test('Make and Wait for Outcome at the limit: each lead comes out notCalled, and nothing waits', async () => {
		seedCalls(2, clock().time - HOUR, { lasting: 60_000 });
		const { output, error } = await runTalkover({ items: leads(2), parameters: { ...make({ calls: 2, timeZone: 'UTC' }), operation: 'makeAndWait' }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => [o.json.outcome, o.json.skipped])).toEqual([
			['notCalled', true],
			['notCalled', true],
		]);
		expect(dialled()).toEqual([]);
		expect(sandbox().requests.filter((r) => r.method === 'POST' && r.path.endsWith('/webhooks'))).toHaveLength(1);
		expect(sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'))).toEqual([]);
	});
});
