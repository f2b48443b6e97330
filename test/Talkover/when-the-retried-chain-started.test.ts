/**
 * n8n's Retry of an execution whose record of placed calls n8n did not save (a crash, Save Execution Progress, a
 * failed execution whose node placed nothing): how far back Talkover's calls are read, dated by what n8n saved
 * (the node's own mark of its first run, the tasks n8n's recovery wrote from its event log) or, when nothing dates
 * the chain, n8n's default retention of 14 days (engine/dialGuard.ts). The router with scripted answers and the
 * run data n8n hands a Retry (as test/helpers/reRuns.ts builds it for n8n-core), so it runs against every mutant.
 */
import type { IDataObject, IRunExecutionData, ITaskData } from 'n8n-workflow';

import { START, useTestClock } from '../helpers/clock';
import { crashedData } from '../helpers/reRuns';
import type { Setup } from '../helpers/routerHarness';
import { AGENT, run } from '../helpers/routerHarness';

const clock = useTestClock();

const TO = '+15550000001';
const MIN = 60_000;
const DAY = 1440 * MIN;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const call = (id: string, createdAt: number) => ({ id, to: TO, status: 'completed', created_at: iso(createdAt) });
const listed = (...calls: unknown[]) => ({ body: { success: true, data: calls, pagination: { current_page: 1, last_page: 1, per_page: 100, total: calls.length } } });
const placed = (id = 'call-new') => ({ body: { success: true, data: { id, to: TO, status: 'initiated' } } });
const agentCalls = `GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`;
const dial = `POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`;
/** A crash's Retry that finds no call where the node dials now also reads the account's calls to the number, and every campaign's (none here). */
const accountReads = [`GET http://talkover.test/api/v1/calls`, `GET http://talkover.test/api/v1/campaigns`];
const noAccountCall = [listed(), listed()];

/** Make Call to TO on agent 1, Skip Numbers Called Within off: only the Retry's own check reads Talkover's calls. */
const makeCall: Partial<Setup> = {
	resource: 'call',
	operation: 'make',
	agents: [AGENT(1)],
	parameters: { to: TO, isTesting: false, additionalFields: {} },
	options: { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 0 },
};

/** A task of the run data: n8n's own (its start in ms, the node's items), or one its recovery wrote (seconds, the artificial item). */
const task = (startTime: number, json: IDataObject = { lead: TO }): ITaskData => ({ startTime, executionIndex: 0, executionTime: 1, source: [null], executionStatus: 'success', data: { main: [[{ json }]] } }) as ITaskData;
const recoveredTask = (startedAt: number) => task(Math.floor(startedAt / 1000), { isArtificialRecoveredEventItem: true });
const runData = (tasks: Record<string, ITaskData[]>) => ({ startData: {}, resultData: { runData: tasks } }) as unknown as IRunExecutionData;
/** What n8n saved of an execution that crashed while this node ran, started at `startedAt` (test/helpers/reRuns.ts). */
const crashed = (startedAt: number, how: { progressSaved?: boolean; nothingKept?: boolean } = {}) => crashedData({ items: [{ lead: TO }], startedAt, crashedNode: 'Talkover', ...how });
/** A crash n8n kept no data of (its event log off or lost): no run data at all. */
const NOTHING_KEPT = crashed(START, { nothingKept: true });

/** n8n's Retry of execution-1 (this one: execution-2), with what n8n saved of it. */
const retry = (saved: IRunExecutionData, answers: Setup['answers'], nodeContext: IDataObject = {}, more: Partial<Setup> = {}) =>
	run({ ...makeCall, mode: 'retry', executionId: 'execution-2', runExecutionData: saved, nodeContext, answers, ...more } as Setup);

const DATED = (started: number, created: number) =>
	`Not dialled again: this execution retries another, n8n saved no call for this item, and this agent has a call to ${TO} created ${iso(created)}, after the first execution started (${new Date(started).toISOString()}): it is taken as that execution's call, placed before n8n could save it (stopped or crashed while it ran). If it is another execution's call and this item must call again: turn on Options → Dial Again on Retried Executions.`;
const UNDATED = (created: number) =>
	`Not dialled again: this execution retries another, and n8n saved nothing that says when this node ran there (an execution n8n kept no data of after a crash: its event log off or lost, a queue-mode worker stopped), so this agent's call to ${TO} created ${iso(created)}, within the last 14 days (n8n keeps executions that long by default), is taken as that execution's call. If that execution failed before this node ran, or this is another execution's call, and this item must call again: turn on Options → Dial Again on Retried Executions.`;

describe('a crash n8n recovered from its event log (the tasks it wrote, in seconds)', () => {
	const started = START - 2 * 60 * MIN;
	const recovered = crashed(started);

	test('the calls are read from the crashed execution’s start, 5 minutes earlier for the clocks, and its call is the item’s output', async () => {
		const { sent, requests, output } = await retry(recovered, [listed(call('crash-placed', started + 1000))]);
		expect(sent).toEqual([agentCalls]);
		// From 09:55 on the 15th, from that day, 14 h earlier.
		expect(requests[0].qs).toEqual({ direction: 'outbound', date_from: '2026-01-14', per_page: 100, page: 1 });
		expect(output![0].json).toEqual({ ...call('crash-placed', started + 1000), alreadyPlaced: true, skipped: true, skipReason: DATED(started, started + 1000) });
	});

	test('Talkover’s clock 4 minutes behind n8n’s: a call it dates before the execution started is still that execution’s', async () => {
		const { sent, output } = await retry(recovered, [listed(call('crash-placed', started - 4 * MIN))]);
		expect(sent).toEqual([agentCalls]);
		expect(output![0].json).toMatchObject({ id: 'crash-placed', alreadyPlaced: true, skipped: true });
	});

	test('a call exactly 5 minutes before the execution started is still taken', async () => {
		const { output } = await retry(recovered, [listed(call('crash-placed', started - 5 * MIN))]);
		expect(output![0].json).toMatchObject({ id: 'crash-placed', alreadyPlaced: true, skipped: true });
	});

	test('a call to another number since the execution started is not this item’s: the item is dialled', async () => {
		const { sent, output } = await retry(recovered, [listed({ ...call('other-lead', started + 1000), to: '+15550000002' }), ...noAccountCall, placed()]);
		expect(sent).toEqual([agentCalls, ...accountReads, dial]);
		expect(output![0].json.id).toBe('call-new');
	});

	test('the lead twice in the crashed execution (two items): the Retry takes its two calls, oldest first, and dials neither again', async () => {
		const calls = [call('second', started + 2 * MIN), call('first', started + 1 * MIN)];
		const { sent, output } = await retry(recovered, [listed(...calls)], {}, { agents: [AGENT(1), AGENT(1)] });
		expect(sent).toEqual([agentCalls]);
		expect(output!.map((o) => [o.json.id, o.json.alreadyPlaced])).toEqual([
			['first', true],
			['second', true],
		]);
	});

	test('a call 6 minutes before the execution started is another execution’s: the item is dialled', async () => {
		const { sent, output } = await retry(recovered, [listed(call('before', started - 6 * MIN)), ...noAccountCall, placed()]);
		expect(sent).toEqual([agentCalls, ...accountReads, dial]);
		expect(output![0].json.id).toBe('call-new');
		expect(output![0].json.alreadyPlaced).toBeUndefined();
	});

	test('no call where the node dials now (its Agent edited since): the account’s calls to the number are read, and another agent’s call since the execution started is taken', async () => {
		const other = { ...call('other-agent', started + 1000), agent: { id: AGENT(2) } };
		const { sent, requests, output } = await retry(recovered, [listed(), listed(other), listed()]);
		expect(sent).toEqual([agentCalls, ...accountReads]);
		expect(requests[1].qs).toEqual({ direction: 'outbound', date_from: '2026-01-14', search: TO, per_page: 100, page: 1 });
		expect(output![0].json).toMatchObject({ id: 'other-agent', alreadyPlaced: true, skipped: true });
		expect(String(output![0].json.skipReason)).toMatch(new RegExp(`^Not dialled again: this execution retries another, n8n saved no call for this item, and the agent ${AGENT(2)} has a call to \\${TO} created .* the whole account's calls to the number were read\\.\\)$`));
	});

	test('no call where the node dials now: a lead the crashed execution queued in a campaign (not a call yet) is found among the campaigns’ calls', async () => {
		const campaign = { body: { success: true, data: { id: 'campaign-1', name: 'Q1', status: 'active', calls: [{ id: 'queued-lead', to: TO, status: 'queued', created_at: iso(started + 2000) }] } } };
		const { sent, output } = await retry(recovered, [listed(), listed(), listed({ id: 'campaign-1', name: 'Q1', status: 'active' }), campaign]);
		expect(sent).toEqual([agentCalls, ...accountReads, 'GET http://talkover.test/api/v1/campaigns/campaign-1']);
		expect(output![0].json).toMatchObject({ id: 'queued-lead', alreadyPlaced: true, skipped: true });
		expect(String(output![0].json.skipReason)).toContain(`the campaign campaign-1 has a call to ${TO}`);
	});

	test('an execution that failed before this node ran (an error upstream: n8n’s Retry drops its task and starts again at it), retried: the account’s calls are not read, and a lead another agent called is dialled', async () => {
		const upstream = { startData: {}, resultData: { runData: { Trigger: [task(started)], Fetch: [] }, lastNodeExecuted: 'Fetch' } } as unknown as IRunExecutionData;
		const { sent, output } = await retry(upstream, [listed(), placed()]);
		expect(sent).toEqual([agentCalls, dial]);
		expect(output![0].json.id).toBe('call-new');
	});

	test('n8n killed while a node before this one ran (this node never ran; n8n’s recovery dated the run), retried: the account’s calls are not read, and a lead another agent called is dialled', async () => {
		const crashedUpstream = { startData: {}, resultData: { runData: { Trigger: [recoveredTask(started)], 'CRM lookup': [] }, lastNodeExecuted: 'CRM lookup' } } as unknown as IRunExecutionData;
		const { sent, output } = await retry(crashedUpstream, [listed(), placed()]);
		expect(sent).toEqual([agentCalls, dial]);
		expect(output![0].json.id).toBe('call-new');
	});

	test('the account’s calls cannot be read: the item is not dialled, and says why', async () => {
		const { sent, output } = await retry(recovered, [listed(), { statusCode: 500, body: { success: false, message: 'Internal server error.' } }], {}, { continueOnFail: true });
		expect(sent).toEqual([agentCalls, accountReads[0]]);
		expect(String(output![0].json.error)).toMatch(/^The calls already made could not be read, so the node did not dial/);
	});

	test('the earliest task dates the chain, whichever node’s it is', async () => {
		const later = runData({ Items: [recoveredTask(started)], Set: [recoveredTask(started + 3 * MIN)], Talkover: [] });
		const { output } = await retry(later, [listed(call('crash-placed', started + 4 * MIN))]);
		expect(output![0].json.skipReason).toBe(DATED(started, started + 4 * MIN));
	});
});

describe('a failed execution: the node’s own mark of its first run, and the tasks n8n saved', () => {
	test('the trigger’s task, earlier than the node’s mark, dates the chain', async () => {
		const started = START - 30_000;
		const nodeContext: IDataObject = {};
		// The node runs 30 s after the trigger; its first call is refused (nothing placed): the execution fails.
		const failed = await run({ ...makeCall, executionId: 'execution-1', nodeContext, answers: [{ statusCode: 400, body: { success: false, message: 'The call could not be placed' } }] } as Setup);
		expect(failed.error).toBeDefined();
		clock().advance(60 * MIN);
		const { output } = await retry(runData({ Trigger: [task(started)] }), [listed(call('placed-then', started + 10_000))], nodeContext);
		expect(output![0].json.skipReason).toBe(DATED(started, started + 10_000));
	});
	test('the run data of any workflow: an AI Agent’s tool (its output under ai_tool), an IF whose true branch got no item', async () => {
		const started = START - 30_000;
		const nodeContext: IDataObject = {};
		await run({ ...makeCall, executionId: 'execution-1', nodeContext, answers: [{ statusCode: 400, body: { success: false, message: 'The call could not be placed' } }] } as Setup);
		clock().advance(60 * MIN);
		const tool = { ...task(started + 1000), data: { ai_tool: [[{ json: { response: '42' } }]] } } as ITaskData;
		const branch = { ...task(started + 2000), data: { main: [[], [{ json: { lead: TO } }]] } } as ITaskData;
		const { output } = await retry(runData({ Trigger: [task(started)], Calculator: [tool], If: [branch] }), [listed(call('placed-then', started + 10_000))], nodeContext);
		expect(output![0].json.skipReason).toBe(DATED(started, started + 10_000));
	});
	test('an item that cannot be prepared (no agent ID) beside one that dials: the node’s mark is written and read all the same', async () => {
		const started = START - 30_000;
		const nodeContext: IDataObject = {};
		const both = { ...makeCall, agents: ['', AGENT(1)], continueOnFail: true, nodeContext } as Setup;
		// Item 1's call is refused (nothing placed); a later node fails the execution.
		const failed = await run({ ...both, executionId: 'execution-1', answers: [{ statusCode: 400, body: { success: false, message: 'The call could not be placed' } }] });
		expect(typeof failed.output![0].json.error).toBe('string');
		clock().advance(60 * MIN);
		const { sent, output } = await retry(runData({ Trigger: [task(started)] }), [listed(call('placed-then', started + 10_000))], nodeContext, both);
		expect(sent).toEqual([agentCalls]);
		expect(typeof output![0].json.error).toBe('string');
		expect(output![1].json.skipReason).toBe(DATED(started, started + 10_000));
	});
});

describe('nothing n8n saved dates the chain: 14 days back (n8n keeps executions that long by default), the newest call first', () => {
	test('a crash n8n kept no data of: the newest call to the number is the crashed execution’s', async () => {
		const { sent, requests, output } = await retry(NOTHING_KEPT, [listed(call('older', START - 3 * DAY), call('crash-placed', START - 2 * 60 * MIN))]);
		expect(sent).toEqual([agentCalls]);
		expect(requests[0].qs).toEqual({ direction: 'outbound', date_from: '2025-12-31', per_page: 100, page: 1 });
		expect(output![0].json).toEqual({ ...call('crash-placed', START - 2 * 60 * MIN), alreadyPlaced: true, skipped: true, skipReason: UNDATED(START - 2 * 60 * MIN) });
	});

	test('a call 13 days old is still taken; one 15 days old is not, and the item is dialled', async () => {
		const kept = await retry(NOTHING_KEPT, [listed(call('thirteen', START - 13 * DAY))]);
		expect(kept.output![0].json).toMatchObject({ id: 'thirteen', alreadyPlaced: true, skipped: true });
		const gone = await retry(NOTHING_KEPT, [listed(call('fifteen', START - 15 * DAY)), placed()]);
		// Nothing dates the chain: no account read (it cannot be told from an error upstream of the node).
		expect(gone.sent).toEqual([agentCalls, dial]);
		expect(gone.output![0].json.id).toBe('call-new');
	});

	test('a crash with Save Execution Progress on (the trigger’s task saved by n8n itself, in ms, nothing recovered): undated, a call 3 days before it is taken', async () => {
		const started = START - 60 * MIN;
		const saved = crashed(started, { progressSaved: true });
		const { output } = await retry(saved, [listed(call('three-days', started - 3 * DAY))]);
		expect(output![0].json).toMatchObject({ id: 'three-days', alreadyPlaced: true, skipped: true, skipReason: UNDATED(started - 3 * DAY) });
	});

	test('a recovered task n8n dated in ms (its artificial item) dates the chain all the same', async () => {
		const started = START - 60 * MIN;
		const saved = runData({ Items: [task(started, { isArtificialRecoveredEventItem: true })], Talkover: [] });
		const { sent } = await retry(saved, [listed(call('three-days', started - 3 * DAY)), ...noAccountCall, placed()]);
		expect(sent).toEqual([agentCalls, ...accountReads, dial]);
	});

	test('that Retry failed in turn (Talkover’s calls could not be read), retried again 10 minutes later: it reads back as far, and what the crash placed is not dialled', async () => {
		const nodeContext: IDataObject = {};
		const failed = await retry(NOTHING_KEPT, [{ statusCode: 500, body: { success: false, message: 'Internal server error.' } }], nodeContext);
		expect(failed.error?.message).toMatch(/^The calls already made could not be read/);
		clock().advance(10 * MIN);
		const again = await retry(NOTHING_KEPT, [listed(call('crash-placed', START - 2 * 60 * MIN))], nodeContext, { executionId: 'execution-3' });
		expect(again.sent).toEqual([agentCalls]);
		expect(again.output![0].json).toMatchObject({ id: 'crash-placed', alreadyPlaced: true, skipped: true });
	});
});
