/**
 * Skip Numbers Called Within on the router with scripted answers (no sandbox): which calls count, the window,
 * the reason an item gives (engine/dialGuard.ts), and where the calls are read (engine/recentCalls.ts).
 */
import type { IDataObject, IRunExecutionData } from 'n8n-workflow';

import { START, useTestClock } from '../../helpers/clock';
import { crashedData } from '../../helpers/reRuns';
import { AGENT, context, run } from '../../helpers/routerHarness';
import type { DialTarget, Recent } from '../../../nodes/Talkover/actions/engine/recentCalls';
import { readNumberRecent } from '../../../nodes/Talkover/actions/engine/recentCalls';

const clock = useTestClock();

const TO = '+15550000001';
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
/** A call as the pages list it: ended when it was created (updated_at the same, duration 0), unless `fields` say otherwise. */
const call = (fields: IDataObject = {}) => {
	const c: IDataObject = { id: 'call-0', to: TO, status: 'completed', created_at: iso(START - 10 * MIN), ...fields };
	return { duration: 0, updated_at: c.created_at, ...c };
};
const listed = (...calls: unknown[]) => ({ body: { success: true, data: calls, pagination: { current_page: 1, last_page: 1, per_page: 100, total: calls.length } } });
const placed = (id = 'call-new') => ({ body: { success: true, data: { id, to: TO, status: 'initiated' } } });
const agentCalls = (n: number) => `GET http://talkover.test/api/v1/agents/${AGENT(n)}/calls`;
const dial = (n: number) => `POST http://talkover.test/api/v1/agents/${AGENT(n)}/call`;
const makeCall = (window: number | ((i: number) => number), to: string | ((i: number) => string) = TO) => ({
	resource: 'call',
	operation: 'make',
	parameters: { to: typeof to === 'string' ? to : '', isTesting: false, additionalFields: {} },
	options: (i: number) => ({ concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: typeof window === 'number' ? window : window(i) }),
});

describe('which calls count', () => {
	test('the agent’s outbound calls are read once, from the start of the longest window’s day, 14 h earlier', async () => {
		const { requests, sent } = await run({ ...makeCall((i) => [60, 3 * 1440][i]), agents: [AGENT(1), AGENT(1)], answers: [listed(), placed('a'), placed('b')] });
		expect(sent).toEqual([agentCalls(1), dial(1), dial(1)].slice(0, sent.length));
		expect(requests[0].qs).toEqual({ direction: 'outbound', date_from: '2026-01-11', per_page: 100, page: 1 });
	});

	test.each([
		['created exactly at the window’s start', true, { created_at: iso(START - 60 * MIN) }],
		['created 1 s before the window', false, { created_at: iso(START - 60 * MIN - 1000) }],
		['the number written otherwise', true, { to: '+1 (555) 000-0001' }],
		['another number', false, { to: '+15550000002' }],
		['another agent (agent.id)', false, { agent: { id: AGENT(2) } }],
		['another agent (agent_id)', false, { agent_id: AGENT(2) }],
		['this agent, written in capitals', true, { agent: { id: AGENT(1).toUpperCase() } }],
		['inbound', false, { direction: 'inbound' }],
		['OUTBOUND', true, { direction: 'OUTBOUND' }],
		['ended 3 h ago', false, { created_at: iso(START - 180 * MIN) }],
		['ringing, 3 h old', true, { status: 'ringing', created_at: iso(START - 180 * MIN) }],
		['no status, 3 h old', true, { status: undefined, created_at: iso(START - 180 * MIN) }],
		['requested 2 h ago with delay_seconds 3000, ended 20 min ago (updated_at)', true, { created_at: iso(START - 120 * MIN), updated_at: iso(START - 20 * MIN), delay_seconds: 3000, duration: 180 }],
		['requested 2 h ago, 70 min long (duration), listed without updated_at', true, { created_at: iso(START - 120 * MIN), updated_at: undefined, delay_seconds: 0, duration: 70 * 60 }],
		['requested 2 h 59 min ago, listed without updated_at, delay or duration (it may have rung an hour later and lasted an hour)', true, { created_at: iso(START - 179 * MIN), updated_at: undefined, duration: undefined }],
		['requested 3 h 1 s ago, listed without updated_at, delay or duration', false, { created_at: iso(START - 180 * MIN - 1000), updated_at: undefined, duration: undefined }],
	])('a call %s: skipped %s', async (_name, skipped, fields) => {
		const { sent, output } = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed(call(fields)), placed()] });
		expect(sent).toEqual(skipped ? [agentCalls(1)] : [agentCalls(1), dial(1)]);
		expect(output![0].json.skipped).toBe(skipped ? true : undefined);
	});

	test('of several calls to the number, the newest is the item’s output', async () => {
		const calls = [call({ id: 'older', created_at: iso(START - 30 * MIN) }), call({ id: 'newest', created_at: iso(START - 5 * MIN) }), call({ id: 'old', created_at: iso(START - 50 * MIN) })];
		const { output } = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed(...calls)] });
		expect(output![0].json.id).toBe('newest');
	});

	test('calls listed without an ID each count: two numbers, each called within the window, both skipped', async () => {
		const other = '+15550000002';
		const { sent, output } = await run({ ...makeCall(60), parameters: (i: number) => ({ to: [TO, other][i], isTesting: false, additionalFields: {} }), agents: [AGENT(1), AGENT(1)], answers: [listed({ ...call(), id: undefined }, { ...call({ to: other }), id: undefined })] });
		expect(sent).toEqual([agentCalls(1)]);
		expect(output!.map((o) => [o.json.to, o.json.skipped])).toEqual([[TO, true], [other, true]]);
	});

	test('a window of 0 reads nothing', async () => {
		const { sent } = await run({ ...makeCall(0), agents: [AGENT(1)], answers: [placed()] });
		expect(sent).toEqual([dial(1)]);
	});

	test('each agent’s calls are read once, with the longest window of that agent’s items', async () => {
		const { requests, sent } = await run({ ...makeCall((i) => [60, 1440, 2 * 1440][i]), agents: [AGENT(1), AGENT(2), AGENT(1)], answers: [listed(), placed('a'), listed(), placed('b')] });
		expect(sent.filter((s) => s.startsWith('GET'))).toEqual([agentCalls(1), agentCalls(2)]);
		expect(requests.filter((r) => r.method === 'GET').map((r) => (r.qs as IDataObject).date_from)).toEqual(['2026-01-12', '2026-01-13']);
	});
});

describe('the reason a skipped item gives', () => {
	test.each([
		[1, '1 minute'],
		[90, '90 minutes'],
		[60, '1 hour'],
		[120, '2 hours'],
		[1440, '24 hours'],
		[2880, '2 days'],
	])('a window of %i minutes reads “%s”', async (window, text) => {
		const { output } = await run({ ...makeCall(window), agents: [AGENT(1)], answers: [listed(call({ created_at: iso(START - 30_000) }))] });
		expect(output![0].json).toEqual({ ...call({ created_at: iso(START - 30_000) }), skipped: true, skipReason: `Not dialled: this agent already has a call to ${TO} (completed, created ${iso(START - 30_000)}) within ${text} (Options → Skip Numbers Called Within)` });
	});

	test('an MCP client’s tool call without the option (1 hour then): the reason says the window is that default, and why', async () => {
		// Options without Skip Numbers Called Within.
		const { sent, output } = await run({ ...makeCall(60), options: { concurrency: 'fixed', maxRetries: 0 }, mcpTool: true, agents: [AGENT(1)], answers: [listed(call())] });
		expect(sent).toEqual([agentCalls(1)]);
		expect(output![0].json).toEqual({
			...call(),
			skipped: true,
			skipReason: `Not dialled: this agent already has a call to ${TO} (completed, created ${iso(START - 10 * MIN)}) within 1 hour (Options → Skip Numbers Called Within, an MCP client's tool's default without the option: a client may send the same tool call again)`,
		});
	});

	test('a call without a status text is named “call”', async () => {
		const { output } = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed(call({ status: { code: 'x' } }))] });
		expect(output![0].json.skipReason).toBe(`Not dialled: this agent already has a call to ${TO} (call, created ${iso(START - 10 * MIN)}) within 1 hour (Options → Skip Numbers Called Within)`);
	});

	test('an old call not ended, documented or not', async () => {
		const at = iso(START - 180 * MIN);
		const open = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed(call({ status: 'ringing', created_at: at }))] });
		expect(open.output![0].json.skipReason).toBe(`Not dialled: this agent already has a call to ${TO} (ringing, created ${at}) that has not ended (Options → Skip Numbers Called Within 1 hour)`);
		const unknown = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed(call({ status: 'pending', created_at: at }))] });
		expect(unknown.output![0].json.skipReason).toBe(`Not dialled: this agent already has a call to ${TO} (pending, created ${at}) that is not known to have ended: Talkover documents no call status "pending" (Options → Skip Numbers Called Within 1 hour)`);
	});

	test('a call listed with current_status (as Talkover names other states) is read by it: an old completed call is no reason to skip, an old ringing one is', async () => {
		const at = iso(START - 300 * MIN);
		const ended = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed({ ...call({ created_at: at }), status: undefined, current_status: 'completed' }), placed()] });
		expect(ended.output![0].json).toMatchObject({ id: 'call-new' });
		expect(ended.output![0].json.skipped).toBeUndefined();
		const ringing = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed({ ...call({ created_at: at }), status: undefined, current_status: 'ringing' })] });
		expect(ringing.output![0].json.skipReason).toBe(`Not dialled: this agent already has a call to ${TO} (ringing, created ${at}) that has not ended (Options → Skip Numbers Called Within 1 hour)`);
	});

	test('an old call listed without any status is not known to have ended, and the reason says Talkover gave none', async () => {
		const at = iso(START - 300 * MIN);
		const { output } = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed({ ...call({ created_at: at }), status: undefined })] });
		expect(output![0].json.skipReason).toBe(`Not dialled: this agent already has a call to ${TO} (call, created ${at}) that is not known to have ended: Talkover listed it without a status (Options → Skip Numbers Called Within 1 hour)`);
	});
});

describe('Campaign → Add Call', () => {
	const CAMPAIGN = '00000000-0000-4000-8000-0000000000c1';
	const addCall = { resource: 'campaign', operation: 'addCall', parameters: { campaignId: CAMPAIGN, to: TO, isTesting: false, allowDuplicates: false, additionalFields: {} }, options: { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60 } };
	const getCampaign = `GET http://talkover.test/api/v1/campaigns/${CAMPAIGN}`;

	test('the campaign’s calls: “this campaign”', async () => {
		const { sent, output } = await run({ ...addCall, agents: [AGENT(1)], answers: [{ body: { success: true, data: { id: CAMPAIGN, agent_id: AGENT(1), calls: [call()] } } }] });
		expect(sent).toEqual([getCampaign]);
		expect(output![0].json.skipReason).toBe(`Not dialled: this campaign already has a call to ${TO} (completed, created ${iso(START - 10 * MIN)}) within 1 hour (Options → Skip Numbers Called Within)`);
	});

	test('no calls in the answer: its agent’s calls, from the window’s day, named in the reason', async () => {
		const { sent, requests, output } = await run({ ...addCall, agents: [AGENT(1)], answers: [{ body: { id: CAMPAIGN, agent_id: AGENT(3) } }, listed(call({ status: 'ringing', created_at: iso(START - 180 * MIN) }))] });
		expect(sent).toEqual([getCampaign, agentCalls(3)]);
		expect(requests[1].qs).toEqual({ direction: 'outbound', date_from: '2026-01-14', per_page: 100, page: 1 });
		expect(output![0].json.skipReason).toBe(
			`Not dialled: the campaign's agent (${AGENT(3)}) already has a call to ${TO} (ringing, created ${iso(START - 180 * MIN)}) that has not ended (Options → Skip Numbers Called Within 1 hour; Talkover's campaign answer lists no calls, so its agent's calls were read)`,
		);
	});

	test('an answer that lists only some of its calls (stats.total_calls): a listed call of the campaign counts beside its agent’s calls, and the reason says both were read', async () => {
		const { sent, output } = await run({ ...addCall, agents: [AGENT(1)], answers: [{ body: { success: true, data: { id: CAMPAIGN, agent_id: AGENT(3), calls: [call()], stats: { total_calls: 100 } } } }, listed()] });
		expect(sent).toEqual([getCampaign, agentCalls(3)]);
		expect(output![0].json).toEqual({
			...call(),
			skipped: true,
			skipReason: `Not dialled: this campaign or its agent (${AGENT(3)}) already has a call to ${TO} (completed, created ${iso(START - 10 * MIN)}) within 1 hour (Options → Skip Numbers Called Within; Talkover's campaign answer lists only some of its calls, so its agent's calls were read too)`,
		});
	});

	test('no calls in the answer: a call of another agent in its agent’s list does not count', async () => {
		const { sent } = await run({ ...addCall, agents: [AGENT(1)], answers: [{ body: { id: CAMPAIGN, agent_id: AGENT(3) } }, listed(call({ agent_id: AGENT(4) })), { body: { campaign_call: { id: 'cc-1', to: TO, status: 'queued' } } }] });
		expect(sent).toEqual([getCampaign, agentCalls(3), `POST http://talkover.test/api/v1/campaigns/${CAMPAIGN}/call`]);
	});
});

describe('an answer that cannot be read: the item is not dialled and says why', () => {
	test.each([
		['an entry without to', listed({ id: 'x', created_at: iso(START) }), 'a call has no number (to)'],
		['an entry without a zone', listed(call({ created_at: '2026-01-15T11:50:00' })), 'names no time zone'],
	])('%s', async (_name, answer, problem) => {
		const { sent, output } = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [answer], continueOnFail: true });
		expect(sent).toEqual([agentCalls(1)]);
		expect(output![0].json.error).toMatch(/^The calls already made could not be read, so the node did not dial \(Options → Skip Numbers Called Within\): Talkover's answer could not be read: /);
		expect(output![0].json.error).toContain(problem);
	});
});

describe('the same number twice in a run', () => {
	const twice = { ...makeCall(60), agents: [AGENT(1), AGENT(1)] };

	test('the second item is skipped with the first one’s call', async () => {
		const { sent, output } = await run({ ...twice, answers: [listed(), placed('first')] });
		expect(sent).toEqual([agentCalls(1), dial(1)]);
		expect(output![1].json).toEqual({ id: 'first', to: TO, status: 'initiated', skipped: true, skipReason: `Not dialled: item 0 of this run already called ${TO} (Options → Skip Numbers Called Within 1 hour)` });
	});

	test('the first item skipped: the second gives the same call and reason', async () => {
		const { output } = await run({ ...twice, answers: [listed(call())] });
		expect(output![1].json).toEqual(output![0].json);
		expect(output![1].json.skipped).toBe(true);
	});

	test('the first item’s call may have been placed (an error): the second is not dialled and says so', async () => {
		const { sent, output } = await run({ ...twice, continueOnFail: true, answers: [listed(), { statusCode: 500, body: { success: false, message: 'Internal server error.' } }] });
		expect(sent).toEqual([agentCalls(1), dial(1)]);
		expect(output![1].json).toEqual({ to: TO, skipped: true, skipReason: `Not dialled: item 0 of this run may already have called ${TO} (see its error) (Options → Skip Numbers Called Within 1 hour)` });
	});

	test('the first item held by Calling Hours (08:59 for the lead), the second one a minute later (Batch Interval 60 s) inside them: its calls are read and it is dialled', async () => {
		clock().time = Date.parse('2026-01-15T13:59:00Z');
		const newYork = '+12125550123';
		const hours = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '17:00' };
		const { sent, output } = await run({
			...makeCall(60, newYork),
			options: { concurrency: 'fixed', batchSize: 1, batchInterval: 60_000, maxRetries: 0, skipCalledWithinMinutes: 60, callingHours: { hours } },
			agents: [AGENT(1), AGENT(1)],
			answers: [listed(), { body: { success: true, data: { id: 'call-new', to: newYork, status: 'initiated' } } }],
		});
		expect(sent).toEqual([agentCalls(1), dial(1)]);
		expect(output![0].json).toMatchObject({ to: newYork, skipped: true, nextAllowedAt: '2026-01-15T09:00:00-05:00' });
		expect(output![1].json).toEqual({ id: 'call-new', to: newYork, status: 'initiated' });
	});

	test('the first item dialled by a window of 0, the second with a window: skipped with the first’s call, one read', async () => {
		const { sent, output } = await run({ ...makeCall((i) => [0, 60][i]), agents: [AGENT(1), AGENT(1)], answers: [placed('first'), listed()] });
		expect(sent.filter((s) => s.startsWith('POST'))).toEqual([dial(1)]);
		expect(output![1].json).toMatchObject({ id: 'first', skipped: true });
	});

	test('two numbers of one agent: its calls are read once for both, and both are dialled', async () => {
		const other = '+15550000002';
		const { sent, requests } = await run({ ...makeCall(60), parameters: (i: number) => ({ to: [TO, other][i], isTesting: false, additionalFields: {} }), agents: [AGENT(1), AGENT(1)], answers: [listed(), placed('a'), placed('b')] });
		expect(sent).toEqual([agentCalls(1), dial(1), dial(1)]);
		expect(requests.map((r) => (r.body as IDataObject | undefined)?.to)).toEqual([undefined, TO, other]);
	});

	test('a run paced over more than a minute (Batch Interval 70 s) reads the agent’s calls again for the item whose turn comes later', async () => {
		const other = '+15550000002';
		const { sent } = await run({ ...makeCall(60), options: { concurrency: 'fixed', batchSize: 1, batchInterval: 70_000, maxRetries: 0, skipCalledWithinMinutes: 60 }, parameters: (i: number) => ({ to: [TO, other][i], isTesting: false, additionalFields: {} }), agents: [AGENT(1), AGENT(1)], answers: [listed(), placed('a'), listed(), placed('b')] });
		expect(sent).toEqual([agentCalls(1), dial(1), agentCalls(1), dial(1)]);
	});

	test('a run paced over more than a minute searches the agent’s calls for the later item’s number only, not its whole list again', async () => {
		const other = '+15550000002';
		const { requests } = await run({ ...makeCall(60), options: { concurrency: 'fixed', batchSize: 1, batchInterval: 70_000, maxRetries: 0, skipCalledWithinMinutes: 60 }, parameters: (i: number) => ({ to: [TO, other][i], isTesting: false, additionalFields: {} }), agents: [AGENT(1), AGENT(1)], answers: [listed(), placed('a'), listed(), placed('b')] });
		expect(requests[0].qs).not.toHaveProperty('search');
		expect(requests[2].qs).toMatchObject({ direction: 'outbound', search: other });
	});

	test('a run paced by exactly a minute (Batch Interval 60 s): the read still stands for the item whose turn comes then, so the agent’s calls are read once', async () => {
		const other = '+15550000002';
		const { sent } = await run({ ...makeCall(60), options: { concurrency: 'fixed', batchSize: 1, batchInterval: 60_000, maxRetries: 0, skipCalledWithinMinutes: 60 }, parameters: (i: number) => ({ to: [TO, other][i], isTesting: false, additionalFields: {} }), agents: [AGENT(1), AGENT(1)], answers: [listed(), placed('a'), placed('b')] });
		expect(sent).toEqual([agentCalls(1), dial(1), dial(1)]);
	});

	test('Max Retries counts for the read of the calls too: a 500 on it is tried again, then the item is dialled', async () => {
		const { sent, output } = await run({ ...makeCall(60), options: { concurrency: 'fixed', maxRetries: 1, skipCalledWithinMinutes: 60 }, agents: [AGENT(1)], answers: [{ statusCode: 500, body: { success: false, message: 'Internal server error.' } }, listed(), placed()] });
		expect(sent).toEqual([agentCalls(1), agentCalls(1), dial(1)]);
		expect(output![0].json.id).toBe('call-new');
	});

	test('another number, or another agent: dialled', async () => {
		const { sent } = await run({ ...makeCall(60), agents: [AGENT(1), AGENT(2)], answers: [listed(), placed('a'), listed(), placed('b')] });
		expect(sent).toEqual([agentCalls(1), dial(1), agentCalls(2), dial(2)]);
	});
});

describe('a retried execution', () => {
	const once = (nodeContext: IDataObject, executionId: string, answers: Parameters<typeof run>[0]['answers'], options: IDataObject = {}) =>
		run({ ...makeCall(0), options: { concurrency: 'fixed', maxRetries: 0, ...options }, agents: [AGENT(1)], nodeContext, executionId, answers, continueOnFail: true });

	test('a call the failed execution placed is output as it was, not dialled again', async () => {
		const nodeContext: IDataObject = {};
		await once(nodeContext, 'execution-1', [placed('first')]);
		const retry = await once(nodeContext, 'execution-2', []);
		expect(retry.sent).toEqual([]);
		expect(retry.output![0].json).toEqual({
			id: 'first',
			to: TO,
			status: 'initiated',
			alreadyPlaced: true,
			skipped: true,
			skipReason: 'Not dialled again: execution execution-1, which this execution retries, already placed this call. To dial it anyway, turn on Options → Dial Again on Retried Executions.',
		});
	});

	test('a call that may have been placed: not dialled, with how to check', async () => {
		const nodeContext: IDataObject = {};
		await once(nodeContext, 'execution-1', [{ statusCode: 500, body: { success: false, message: 'Internal server error.' } }]);
		const retry = await once(nodeContext, 'execution-2', []);
		expect(retry.sent).toEqual([]);
		expect(retry.output![0].json).toMatchObject({ to: TO, alreadyPlaced: 'maybe', skipped: true });
		expect(retry.output![0].json.skipReason).toMatch(/^Not dialled again: in execution execution-1, which this execution retries, the call may have been placed \(.+\)\. Check whether the call exists: Call → Get Many \(filter by the number\); to dial it anyway, turn on Options → Dial Again on Retried Executions\.$/);
	});

	test('retried three days later, with Skip Numbers Called Within 1 hour: Talkover’s calls are read back to the first execution’s start (5 min earlier, from that day, 14 h earlier), and the call it may have placed is the item’s output', async () => {
		const nodeContext: IDataObject = {};
		const setup = { ...makeCall(60), agents: [AGENT(1)], nodeContext };
		const failed = await run({ ...setup, executionId: 'execution-1', answers: [listed(), { statusCode: 500, body: { success: false, message: 'Internal server error.' } }] });
		expect(failed.error?.message).toMatch(/^The call may have been placed/);
		clock().advance(3 * 1440 * MIN);
		const placedThen = call({ id: 'placed-then', created_at: iso(START + 1000) });
		const retry = await run({ ...setup, mode: 'retry', executionId: 'execution-2', answers: [listed(placedThen)] });
		expect(retry.sent).toEqual([agentCalls(1)]);
		expect(retry.requests[0].qs).toEqual({ direction: 'outbound', date_from: '2026-01-14', per_page: 100, page: 1 });
		expect(retry.output![0].json).toMatchObject({ id: 'placed-then', alreadyPlaced: true, skipped: true });
		expect(retry.output![0].json.skipReason).toContain(`and this agent has a call to ${TO} created ${iso(START + 1000)}, after the first execution started (2026-01-15T12:00:00.000Z): it is taken as that call.`);
	});

	test('a call that may have been placed, retried after the node’s Agent was edited: looked for among the calls of the agent that execution dialled with', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [{ statusCode: 500, body: { success: false, message: 'Internal server error.' } }], continueOnFail: true });
		const placedThen = call({ id: 'placed-then', created_at: iso(START + 1000) });
		const retry = await run({ ...makeCall(0), agents: [AGENT(2)], nodeContext, mode: 'retry', executionId: 'execution-2', answers: [listed(placedThen)], continueOnFail: true });
		expect(retry.sent).toEqual([agentCalls(1)]);
		expect(retry.output![0].json).toMatchObject({ id: 'placed-then', alreadyPlaced: true, skipped: true });
	});

	test('Dial Again on Retried Executions: dialled again', async () => {
		const nodeContext: IDataObject = {};
		await once(nodeContext, 'execution-1', [placed('first')]);
		const retry = await once(nodeContext, 'execution-2', [placed('second')], { dialAgainOnRetry: true });
		expect(retry.sent).toEqual([dial(1)]);
		expect(retry.output![0].json.id).toBe('second');
	});

	test('Dial Again on Retried Executions with Skip Numbers Called Within 1 hour, retried three days later: the calls are read for the window only, not back to the first execution', async () => {
		const nodeContext: IDataObject = {};
		const setup = { ...makeCall(60), options: { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60, dialAgainOnRetry: true }, agents: [AGENT(1)], nodeContext };
		await run({ ...setup, executionId: 'execution-1', answers: [listed(), placed('first')] });
		clock().advance(3 * 1440 * MIN);
		const retry = await run({ ...setup, mode: 'retry', executionId: 'execution-2', answers: [listed(), placed('second')] });
		expect(retry.sent).toEqual([agentCalls(1), dial(1)]);
		expect(retry.requests[0].qs).toEqual({ direction: 'outbound', date_from: '2026-01-17', per_page: 100, page: 1 });
		expect(retry.output![0].json.id).toBe('second');
	});
});

describe('a retried execution, the node edited since or n8n’s record lost', () => {
	const OTHER = '+15550000002';
	const failed = { statusCode: 500, body: { success: false, message: 'Internal server error.' } };
	const refused = { statusCode: 422, body: { success: false, message: 'The to field is invalid.' } };
	const to = (number: string) => ({ parameters: { to: number, isTesting: false, additionalFields: {} } });
	const maybe = async (nodeContext: IDataObject) => await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [failed], continueOnFail: true });

	test('a call that may have been placed, retried after the item’s number was edited: looked for at the number it was sent to', async () => {
		const nodeContext: IDataObject = {};
		await maybe(nodeContext);
		const placedThen = call({ id: 'placed-then', created_at: iso(START + 1000) });
		const retry = await run({ ...makeCall(0), ...to(OTHER), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-2', answers: [listed(placedThen)], continueOnFail: true });
		expect(retry.sent).toEqual([agentCalls(1)]);
		expect(retry.output![0].json).toMatchObject({ id: 'placed-then', to: TO, alreadyPlaced: true, skipped: true });
		expect(retry.output![0].json.skipReason).toContain(`this agent has a call to ${TO} created`);
	});

	test('a call that may have been placed, none found, the item’s number edited since: the reason names the number it was sent to and the one the item has now', async () => {
		const nodeContext: IDataObject = {};
		await maybe(nodeContext);
		const retry = await run({ ...makeCall(0), ...to(OTHER), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-2', answers: [listed(call({ to: OTHER, created_at: iso(START + 1000) }))], continueOnFail: true });
		expect(retry.output![0].json).toMatchObject({ to: TO, alreadyPlaced: 'maybe', skipped: true });
		expect(retry.output![0].json.skipReason).toMatch(new RegExp(`^Not dialled again: in execution execution-1, which this execution retries, the call, to \\${TO} \\(this item's number is now \\${OTHER}\\) may have been placed \\(`));
	});

	test('a call placed, retried after the item’s number was edited: not dialled again, and the reason names both numbers', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [placed('first')] });
		const retry = await run({ ...makeCall(0), ...to(OTHER), agents: [AGENT(1)], nodeContext, executionId: 'execution-2', answers: [] });
		expect(retry.sent).toEqual([]);
		expect(retry.output![0].json.skipReason).toBe(`Not dialled again: execution execution-1, which this execution retries, already placed this call, to ${TO} (this item's number is now ${OTHER}). To dial it anyway, turn on Options → Dial Again on Retried Executions.`);
	});

	test('a lead that may have been queued, retried after the node’s campaign was edited: looked for among the calls of the campaign that execution added it to', async () => {
		const [C1, C2] = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2'];
		const addCall = (campaignId: string) => ({ resource: 'campaign', operation: 'addCall', parameters: { campaignId, to: TO, isTesting: false, allowDuplicates: false, additionalFields: {} }, options: { concurrency: 'fixed', maxRetries: 0 }, agents: [AGENT(1)], continueOnFail: true });
		const nodeContext: IDataObject = {};
		await run({ ...addCall(C1), nodeContext, executionId: 'execution-1', answers: [failed] });
		const queuedThen = call({ id: 'queued-then', status: 'queued', created_at: iso(START + 1000) });
		const retry = await run({ ...addCall(C2), nodeContext, mode: 'retry', executionId: 'execution-2', answers: [{ body: { success: true, data: { id: C1, agent_id: AGENT(1), calls: [queuedThen] } } }] });
		expect(retry.sent).toEqual([`GET http://talkover.test/api/v1/campaigns/${C1}`]);
		expect(retry.output![0].json).toMatchObject({ id: 'queued-then', alreadyPlaced: true, skipped: true });
	});

	test('an item with no record, retried after the node’s Agent was edited: the calls of the agent the retried execution dialled with are read too, and its call there is the item’s', async () => {
		const nodeContext: IDataObject = {};
		const two = { ...makeCall(0), parameters: (i: number) => ({ to: [TO, OTHER][i], isTesting: false, additionalFields: {} }), nodeContext, continueOnFail: true };
		await run({ ...two, agents: [AGENT(1), AGENT(1)], executionId: 'execution-1', answers: [placed('first'), { statusCode: 422, body: { success: false, message: 'The to field is invalid.' } }] });
		const placedThen = call({ id: 'placed-then', to: OTHER, created_at: iso(START + 1000) });
		const retry = await run({ ...two, agents: [AGENT(2), AGENT(2)], mode: 'retry', executionId: 'execution-2', answers: [listed(), listed(placedThen)] });
		expect(retry.sent).toEqual([agentCalls(2), agentCalls(1)]);
		expect(retry.output!.map((o) => [o.json.id, o.json.alreadyPlaced])).toEqual([['first', true], ['placed-then', true]]);
		expect(retry.output![1].json.skipReason).toContain(`the agent ${AGENT(1)}, which the executions this one retries dialled with, has a call to ${OTHER} created`);
	});

	test('n8n kept nothing of the retried execution’s calls, one found where the node dials now: the account’s calls are not read', async () => {
		const retry = await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext: { talkoverChainUnknown: true }, mode: 'retry', executionId: 'execution-2', answers: [listed(call({ id: 'then' }))] });
		expect(retry.sent).toEqual([agentCalls(1)]);
		expect(retry.output![0].json).toMatchObject({ id: 'then', alreadyPlaced: true });
	});

	test('n8n kept nothing of the retried execution’s calls, one found only among the account’s: recorded where it was placed, for a retry of this retry', async () => {
		const nodeContext: IDataObject = { talkoverChainUnknown: true };
		const retry = await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-2', answers: [listed(), listed(call({ id: 'elsewhere', agent_id: AGENT(3) })), listed()] });
		expect(retry.sent).toEqual([agentCalls(1), 'GET http://talkover.test/api/v1/calls', 'GET http://talkover.test/api/v1/campaigns']);
		expect(retry.output![0].json).toMatchObject({ id: 'elsewhere', alreadyPlaced: true });
		expect(JSON.stringify(nodeContext)).toContain(`|agent|${AGENT(3)}|`);
		expect(JSON.stringify(nodeContext)).not.toContain(`|agent|${AGENT(1)}|`);
	});
	test('an item the failed execution did not place, retried after the node’s Agent was edited: the agent it was sent to is read too', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [refused], continueOnFail: true });
		const placedThen = call({ id: 'placed-then', created_at: iso(START + 1000) });
		const retry = await run({ ...makeCall(0), agents: [AGENT(2)], nodeContext, mode: 'retry', executionId: 'execution-2', answers: [listed(), listed(placedThen)], continueOnFail: true });
		expect(retry.sent).toEqual([agentCalls(2), agentCalls(1)]);
		expect(retry.output![0].json).toMatchObject({ id: 'placed-then', alreadyPlaced: true });
	});

	test('a Retry of an execution n8n saved (its record and marks): a number with no call where the node dials is dialled, the account’s calls not read', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [refused], continueOnFail: true });
		const retry = await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-2', answers: [listed(), placed('second')] });
		expect(retry.sent).toEqual([agentCalls(1), dial(1)]);
	});

	test('a Retry of an execution whose run data held an earlier run of the node that dialled nothing (a loop): the account’s calls are not read on its Retry', async () => {
		const nodeContext: IDataObject = {};
		const earlierRun = { startData: {}, resultData: { runData: { Talkover: [{ startTime: START - MIN, executionIndex: 0, executionTime: 1, source: [null], data: { main: [[{ json: {} }]] } }] } } } as unknown as IRunExecutionData;
		await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, executionId: 'execution-1', runExecutionData: earlierRun, answers: [refused], continueOnFail: true });
		const retry = await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-2', answers: [listed(), placed('second')] });
		expect(retry.sent).toEqual([agentCalls(1), dial(1)]);
	});

	test('a Retry of a crash’s Retry that placed nothing: the account’s calls are read again (n8n’s record of the first execution is still lost)', async () => {
		const nodeContext: IDataObject = {};
		const account = ['GET http://talkover.test/api/v1/calls', 'GET http://talkover.test/api/v1/campaigns'];
		const first = await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-2', runExecutionData: crashedData({ items: [{ lead: TO }], startedAt: START - 60 * MIN, crashedNode: 'Talkover' }), answers: [listed(), listed(), listed(), refused], continueOnFail: true });
		expect(first.sent).toEqual([agentCalls(1), ...account, dial(1)]);
		const again = await run({ ...makeCall(0), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-3', answers: [listed(), listed(), listed(), placed('third')] });
		expect(again.sent).toEqual([agentCalls(1), ...account, dial(1)]);
	});
	test('a loop’s later run in a Retry of an execution that failed before the node ran, its first run placing nothing: a number with no call where the node dials is dialled, the account’s calls not read', async () => {
		const nodeContext: IDataObject = {};
		const retried = { ...makeCall(0), agents: [AGENT(1)], nodeContext, mode: 'retry', executionId: 'execution-2' };
		const first = await run({ ...retried, runExecutionData: { startData: {}, resultData: { runData: {} } } as unknown as IRunExecutionData, answers: [listed(), refused], continueOnFail: true });
		expect(first.sent).toEqual([agentCalls(1), dial(1)]);
		const earlierRun = { startData: {}, resultData: { runData: { Talkover: [{ startTime: START, executionIndex: 0, executionTime: 1, source: [null], data: { main: [[{ json: {} }]] } }] } } } as unknown as IRunExecutionData;
		const later = await run({ ...retried, ...to(OTHER), runExecutionData: earlierRun, answers: [listed(), placed('second')] });
		expect(later.sent).toEqual([agentCalls(1), dial(1)]);
		expect(later.output![0].json.id).toBe('second');
	});
});

describe('edges of the reading', () => {
	test('a full page of the agent’s calls without page information is an error (paging is documented), nothing dialled', async () => {
		const hundred = Array.from({ length: 100 }, (_, i) => call({ id: `c-${i}`, to: `+1555100${String(i).padStart(4, '0')}` }));
		const { sent, output } = await run({ ...makeCall(60), agents: [AGENT(1)], continueOnFail: true, answers: [{ body: { success: true, data: hundred } }] });
		expect(sent).toEqual([agentCalls(1)]);
		expect(output![0].json.error).toContain('a full page came without page information');
	});

	test('an unreadable answer names where it came from', async () => {
		const { error } = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed({ id: 'x', created_at: iso(START) })] });
		expect(error?.message).toMatch(/^The calls already made could not be read/);
		expect((error as { description?: string }).description).toContain(`The answer came from GET /api/v1/agents/${AGENT(1)}/calls.`);
	});

	test('a call created exactly at the window’s start is “within” the window', async () => {
		const at = iso(START - 60 * MIN);
		const { output } = await run({ ...makeCall(60), agents: [AGENT(1)], answers: [listed(call({ created_at: at }))] });
		expect(output![0].json.skipReason).toBe(`Not dialled: this agent already has a call to ${TO} (completed, created ${at}) within 1 hour (Options → Skip Numbers Called Within)`);
	});

	test('an item that cannot be prepared (no agent ID) neither reads nor blocks the others', async () => {
		const { sent, output } = await run({ ...makeCall(60), agents: ['', AGENT(1)], continueOnFail: true, answers: [listed(), placed()] });
		expect(sent).toEqual([agentCalls(1), dial(1)]);
		expect(typeof output![0].json.error).toBe('string');
		expect(output![1].json.id).toBe('call-new');
	});

	test('two items to the same number on their way at once: the second waits for the first and is skipped with its call', async () => {
		const { sent, output } = await run({ ...makeCall(60), options: { concurrency: 'fixed', batchSize: 2, maxRetries: 0, skipCalledWithinMinutes: 60 }, agents: [AGENT(1), AGENT(1)], answers: [listed(), placed('first')] });
		expect(sent).toEqual([agentCalls(1), dial(1)]);
		expect(output![1].json).toMatchObject({ id: 'first', skipped: true });
	});

	test('two at once, the first’s call may have been placed: the second is not dialled', async () => {
		const { sent, output } = await run({
			...makeCall(60),
			options: { concurrency: 'fixed', batchSize: 2, maxRetries: 0, skipCalledWithinMinutes: 60 },
			agents: [AGENT(1), AGENT(1)],
			continueOnFail: true,
			answers: [listed(), { statusCode: 500, body: { success: false, message: 'Internal server error.' } }],
		});
		expect(sent).toEqual([agentCalls(1), dial(1)]);
		expect(output![1].json).toEqual({ to: TO, skipped: true, skipReason: `Not dialled: item 0 of this run may already have called ${TO} (see its error) (Options → Skip Numbers Called Within 1 hour)` });
	});
});

describe('Campaign → Add Call, edges', () => {
	const CAMPAIGN = '00000000-0000-4000-8000-0000000000c1';
	const addCall = (options: IDataObject = {}) => ({ resource: 'campaign', operation: 'addCall', parameters: { campaignId: CAMPAIGN, to: TO, isTesting: false, allowDuplicates: false, additionalFields: {} }, options: { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60, ...options } });

	test('an unreadable campaign answer names where it came from', async () => {
		const { error } = await run({ ...addCall(), agents: [AGENT(1)], answers: [{ body: { success: true, data: { id: CAMPAIGN } } }] });
		expect(error?.message).toContain('names no agent (agent_id)');
		expect((error as { description?: string }).description).toContain(`The answer came from GET /api/v1/campaigns/${CAMPAIGN}.`);
	});

	test('a campaign Talkover does not know: the error says so', async () => {
		const { error } = await run({ ...addCall(), agents: [AGENT(1)], answers: [{ statusCode: 404, body: { success: false, message: 'Campaign not found' } }] });
		expect(error?.message).toContain(`Talkover has no campaign with ID ${CAMPAIGN}`);
	});

	test('a retried execution whose lead may have been queued: how to check names Campaign → Get', async () => {
		const nodeContext: IDataObject = {};
		const first = { ...addCall({ skipCalledWithinMinutes: 0 }), agents: [AGENT(1)], nodeContext, continueOnFail: true };
		await run({ ...first, executionId: 'execution-1', answers: [{ statusCode: 500, body: { success: false, message: 'Internal server error.' } }] });
		const retry = await run({ ...first, executionId: 'execution-2', answers: [] });
		expect(retry.output![0].json.skipReason).toMatch(/Check whether the lead is queued: Campaign → Get; to dial it anyway/);
	});
});

describe('a number’s calls read again (an item checked more than a minute after its scope’s read)', () => {
	const CAMPAIGN = '00000000-0000-4000-8000-0000000000c1';
	const OTHER = '+15550000002';
	const DAYS = 3 * 1440 * MIN;
	const numberRead = async (target: DialTarget, answers: Parameters<typeof context>[0]['answers']) => {
		const { ctx, requests } = context({ agents: [AGENT(1)], answers });
		const read = await readNumberRecent(ctx, target, DAYS, 4, 0).catch((error: Error & { context?: IDataObject }) => error);
		return { read, sent: requests.map((r) => `${r.method} ${r.url}`), qs: requests.map((r) => r.qs) };
	};
	const ids = (read: unknown) => (read as Recent).calls.map((c) => c.call.id);
	const campaignGet = `GET http://talkover.test/api/v1/campaigns/${CAMPAIGN}`;

	test('an agent’s: one search of its outbound calls for the number, from the window’s day, 14 h earlier; only this agent’s outbound calls count', async () => {
		const { read, sent, qs } = await numberRead({ scope: 'agent', id: AGENT(1), to: TO }, [listed(call(), call({ id: 'another agent', agent_id: AGENT(2) }), call({ id: 'inbound', direction: 'inbound' }))]);
		expect(sent).toEqual([agentCalls(1)]);
		expect(qs).toEqual([{ direction: 'outbound', date_from: '2026-01-11', search: TO, per_page: 100, page: 1 }]);
		expect(read).toEqual({ calls: [expect.objectContaining({ call: expect.objectContaining({ id: 'call-0' }) })] });
	});

	test('a Talkover that ignored the search (a call to another number listed): nothing, so the whole scope is read again', async () => {
		const { read } = await numberRead({ scope: 'agent', id: AGENT(1), to: TO }, [listed(call(), call({ id: 'other', to: OTHER }))]);
		expect(read).toBeUndefined();
	});

	test('a full page without page information, or a call without a number: an error of the item, naming the read', async () => {
		const hundred = Array.from({ length: 100 }, (_, i) => ({ body: undefined, ...call({ id: `c-${i}` }) }));
		const full = await numberRead({ scope: 'agent', id: AGENT(1), to: TO }, [{ body: { success: true, data: hundred } }]);
		expect((full.read as Error).message).toContain('a full page came without page information');
		const bad = await numberRead({ scope: 'agent', id: AGENT(1), to: TO }, [listed({ id: 'no-number', created_at: iso(START) })]);
		expect((bad.read as Error).message).toContain('a call has no number');
		expect((bad.read as Error & { context?: IDataObject }).context?.itemIndex).toBe(4);
		expect((bad.read as Error & { description?: string }).description).toContain(`The answer came from GET /api/v1/agents/${AGENT(1)}/calls`);
	});

	test('a campaign’s: its Get, with its calls; its agent’s searched too when it lists only some, or instead when it lists none', async () => {
		const only = await numberRead({ scope: 'campaign', id: CAMPAIGN, to: TO }, [{ body: { success: true, data: { id: CAMPAIGN, calls: [call({ id: 'queued' })] } } }]);
		expect([only.sent, ids(only.read), only.read]).toEqual([[campaignGet], ['queued'], { calls: expect.any(Array) }]);
		const none = await numberRead({ scope: 'campaign', id: CAMPAIGN, to: TO }, [{ body: { success: true, data: { id: CAMPAIGN, calls: [] } } }]);
		expect(none.read).toEqual({ calls: [] });
		const both = await numberRead({ scope: 'campaign', id: CAMPAIGN, to: TO }, [{ body: { success: true, data: { id: CAMPAIGN, agent_id: AGENT(3), calls: [call({ id: 'queued' })], stats: { total_calls: 100 } } } }, listed(call({ id: 'agent' }))]);
		expect([both.sent, ids(both.read), { ...(both.read as Recent), calls: [] }]).toEqual([[campaignGet, agentCalls(3)], ['queued', 'agent'], { calls: [], agentOfCampaign: AGENT(3), partly: true }]);
		expect(both.qs[1]).toEqual({ direction: 'outbound', date_from: '2026-01-11', search: TO, per_page: 100, page: 1 });
		const agentOnly = await numberRead({ scope: 'campaign', id: CAMPAIGN, to: TO }, [{ body: { id: CAMPAIGN, agent_id: AGENT(3) } }, listed(call({ id: 'agent' }))]);
		expect([ids(agentOnly.read), { ...(agentOnly.read as Recent), calls: [] }]).toEqual([['agent'], { calls: [], agentOfCampaign: AGENT(3) }]);
		const ignored = await numberRead({ scope: 'campaign', id: CAMPAIGN, to: TO }, [{ body: { id: CAMPAIGN, agent_id: AGENT(3) } }, listed(call({ to: OTHER }))]);
		expect(ignored.read).toBeUndefined();
	});
});
