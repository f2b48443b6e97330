/**
 * Make and Wait for Outcome → Options → Call Again Until Reached in a real n8n, looped as the README shows: CRM
 * webhook → Leads → the node → If (nextAttemptAt exists) → Wait (Resume: At Specified Time, nextAttemptAt) → back
 * into the node; else → Update CRM. The sandbox ends each call with Talkover's events. n8n runs on the real clock:
 * - Inside the wait (Call Again After 0 or 1 minute): the node places each next call itself, with `delay_seconds`,
 *   while the execution waits; the Wait node never runs. n8n restarted while a call is delayed, and an end
 *   delivered twice at the same moment.
 * - Round the Wait node (Call Again After 0 or 2 minutes, with Max Calls per Execution set, which counts each call
 *   in the node): the Wait node resumes at once or after 2 minutes, and what is asserted is the loop itself, through
 *   n8n's own If and Wait nodes and its paired items (the number and Context read from the lead with `$('Leads').item`).
 */
import type { IDataObject } from 'n8n-workflow';

import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { untilDefined } from '../helpers/polling';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer, RealN8n, WorkflowFile } from './real-n8n';
import { crmWebhookNode, LINE } from './real-n8n';
import { etcZone, HOUR, offsetWhereItIs, wallAt } from './wallClock';

const WORKFLOW = 'untilReached';
/** The same loop with Call Again After 2 minutes: n8n's Wait node keeps waits of over 65 s in its database. */
const LATER = 'untilReached2min';
/** Inside the wait: Call Again After 0 minutes, and 1 minute (a next call Talkover holds for 60 s). */
const INSIDE = 'untilReachedIn';
const INSIDE_LATER = 'untilReachedIn1';
/** Round the Wait node, for n8n's Retry of an execution that failed between two calls. */
const RETRIED = 'untilReachedRtr';
/** Call Again After 30 minutes inside Calling Hours the lead's Leads item gives (its zone, from, to). */
const HOURS = 'untilReachedHrs';
/** Max Calls per Execution: the node counts each call, so every next call goes round the Wait node. */
const COUNTED = { maxCallsPerExecution: 100 };
/** Every day, from and to as the lead gives them, in the lead's zone. */
const LEAD_HOURS = {
	callingHours: {
		hours: {
			days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
			from: "={{ $('Leads').item.json.from }}",
			to: "={{ $('Leads').item.json.to_time }}",
			timeZone: "={{ $('Leads').item.json.timezone }}",
		},
	},
};
const CALL_PATH = `/api/v1/agents/${SALES_AGENT}/call`;
const NODE = 'Call Until Reached';

function untilReachedWorkflow(id: string, path: string, n: number, afterMinutes: number, options: IDataObject = {}): WorkflowFile {
	return {
		id,
		name: `CRM lead → call until reached (3 attempts, ${afterMinutes} minutes apart) → update the CRM`,
		nodes: [
			crmWebhookNode(`6b2d3f4e-5a6b-4c7d-8e9f-0a1b2c3d4e5${n}`, path),
			{ id: 'leads', name: 'Leads', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.leads', options: {} } },
			{
				id: 'call',
				name: NODE,
				type: 'n8n-nodes-talkover.talkover',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					resource: 'call',
					operation: 'makeAndWait',
					agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
					to: "={{ $('Leads').item.json.to }}",
					isTesting: true,
					additionalFields: { contextJson: "={{ JSON.stringify({ crm_id: $('Leads').item.json.crmId }) }}" },
					waitLimit: 30,
					options: { ...options, callAgainUntilReached: { rule: { attempts: 3, afterMinutes, when: ['notReached'] } } },
				},
				credentials: { talkoverApi: { id: 'talkoverGood', name: 'Talkover API' } },
			},
			{
				id: 'again',
				name: 'Call again?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2,
				position: [600, 0],
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
						conditions: [{ id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', leftValue: '={{ $json.nextAttemptAt !== undefined }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
						combinator: 'and',
					},
					options: {},
				},
			},
			{ id: 'wait', name: 'Wait until the next call', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [800, -100], webhookId: `8d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5${n}`, parameters: { resume: 'specificTime', dateTime: '={{ $json.nextAttemptAt }}' } },
			{ id: 'crm-update', name: 'Update CRM', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [800, 100], parameters: {} },
		],
		connections: {
			'CRM webhook': { main: [[{ node: 'Leads', type: 'main', index: 0 }]] },
			Leads: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: { main: [[{ node: 'Call again?', type: 'main', index: 0 }]] },
			'Call again?': { main: [[{ node: 'Wait until the next call', type: 'main', index: 0 }], [{ node: 'Update CRM', type: 'main', index: 0 }]] },
			'Wait until the next call': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
	};
}

let sandbox: TalkoverSandbox;
let server: N8nServer;
let n8n: RealN8n;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
	({ sandbox, server, n8n, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [
			untilReachedWorkflow(WORKFLOW, 'call-until-reached', 0, 0, COUNTED),
			untilReachedWorkflow(LATER, 'call-until-reached-later', 1, 2, COUNTED),
			untilReachedWorkflow(INSIDE, 'call-until-reached-inside', 2, 0),
			untilReachedWorkflow(INSIDE_LATER, 'call-until-reached-inside-later', 3, 1),
			untilReachedWorkflow(RETRIED, 'call-until-reached-retried', 4, 0, COUNTED),
			untilReachedWorkflow(HOURS, 'call-until-reached-hours', 5, 30, LEAD_HOURS),
		],
		activate: [WORKFLOW, LATER, INSIDE, INSIDE_LATER, RETRIED, HOURS],
	}));
}, 600_000);

afterAll(async () => await stop?.());

beforeEach(() => sandbox.reset());

async function startWorkflow(leads: Array<{ to: string; crmId: string } & IDataObject>, path = 'call-until-reached'): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${server.port}/webhook/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ leads }) });
	expect(response.status).toBe(200);
}

const placedTo = (to: string) => sandbox.requestsTo('POST', CALL_PATH).filter((r) => (r.body as IDataObject).to === to);
const callsTo = (to: string) => sandbox.calls.filter((c) => c.to === to);

/** The lead's next call, once placed (the loop brought the item back into the node and the execution waits again). */
async function nthCall(to: string, n: number, workflow = WORKFLOW, timeoutMs?: number): Promise<string> {
	return await untilDefined(
		`call ${n} to ${to}`,
		async () => {
			const calls = callsTo(to);
			return calls.length >= n && (await server.executionList(workflow, ['waiting'])).count === 1 ? String(calls[n - 1].id) : undefined;
		},
		timeoutMs,
	);
}

test('two leads: one answers the first call; the other is busy, has no answer, then answers the third, looped through n8n’s If and Wait nodes; each reaches Update CRM once with its attempts', async () => {
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow([
		{ to: '+15550091001', crmId: 'lead-a' },
		{ to: '+15550091002', crmId: 'lead-b' },
	]);
	await sandbox.endCallWithEvent(await nthCall('+15550091001', 1), { duration: 40 });
	await sandbox.endCallWithEvent(await nthCall('+15550091002', 1), { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	await sandbox.endCallWithEvent(await nthCall('+15550091002', 2), { status: 'no-answer', connected: false, duration: 0, endedReason: 'no_answer' });
	await sandbox.endCallWithEvent(await nthCall('+15550091002', 3), { duration: 75 });
	const [done] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect(done.status).toBe('success');
	const runData = (await server.runData(done.id)).resultData.runData;
	// In n8n's order of branches (the Wait node's above Update CRM): the loop runs before lead a reaches Update CRM.
	const updated = (runData['Update CRM'] ?? []).flatMap((run) => run.data!.main[0]!.map((item) => item.json)).sort((x, y) => String(x.to).localeCompare(String(y.to)));
	expect(updated.map((json) => [json.to, json.outcome, (json.attempts as IDataObject[]).map((a) => a.outcome), json.nextAttemptAt])).toEqual([
		['+15550091001', 'answered', ['answered'], undefined],
		['+15550091002', 'answered', ['notReached', 'notReached', 'answered'], undefined],
	]);
	// Each call once, to the lead's number, with the lead's Context on every attempt.
	expect(placedTo('+15550091001').map((r) => (r.body as IDataObject).context)).toEqual([{ crm_id: 'lead-a' }]);
	expect(placedTo('+15550091002').map((r) => (r.body as IDataObject).context)).toEqual([{ crm_id: 'lead-b' }, { crm_id: 'lead-b' }, { crm_id: 'lead-b' }]);
	expect(runData[NODE]).toHaveLength(3);
}, 300_000);

test('a lead never reached gets three calls and reaches Update CRM with its three attempts and no next call', async () => {
	const before = (await server.executions(WORKFLOW)).length;
	const to = '+15550092001';
	await startWorkflow([{ to, crmId: 'lead-c' }]);
	for (const n of [1, 2, 3]) await sandbox.endCallWithEvent(await nthCall(to, n), { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	const [done] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect(done.status).toBe('success');
	const runData = (await server.runData(done.id)).resultData.runData;
	const [lead] = runData['Update CRM'][0].data!.main[0]!;
	expect((lead.json.attempts as IDataObject[]).map((a) => [a.attempt, a.callId, a.outcome])).toEqual(callsTo(to).map((c, i) => [i + 1, c.id, 'notReached']));
	expect(lead.json).not.toHaveProperty('nextAttemptAt');
	expect(placedTo(to)).toHaveLength(3);
}, 300_000);

test('n8n restarted while the lead waits in the Wait node for its next call (2 minutes after the first ended): the Wait node resumes it from n8n’s database, and the next call is placed then, not before, once', async () => {
	const before = (await server.executions(LATER)).length;
	const to = '+15550093001';
	await startWorkflow([{ to, crmId: 'lead-d' }], 'call-until-reached-later');
	await sandbox.endCallWithEvent(await nthCall(to, 1, LATER), { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	const waiting = await untilDefined('the item in the Wait node', async () => {
		const [execution] = (await server.executionList(LATER, ['waiting'])).results;
		return execution && (await server.runData(execution.id)).resultData.runData['Wait until the next call'] ? execution : undefined;
	});
	const data = await server.runData(waiting.id);
	const nextAttemptAt = Date.parse(String(data.resultData.runData[NODE][0].data!.main[0]![0].json.nextAttemptAt));
	expect(Date.parse(String(waiting.waitTill))).toBe(nextAttemptAt);
	await server.stop();
	await server.start();
	const second = await nthCall(to, 2, LATER, 240_000);
	expect(Date.parse(String(sandbox.calls.find((c) => c.id === second)!.created_at))).toBeGreaterThanOrEqual(Math.floor(nextAttemptAt / 1000) * 1000);
	await sandbox.endCallWithEvent(second, { duration: 50 });
	const [done] = await server.waitForExecutions(LATER, before + 1);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	const [lead] = (await server.runData(done.id)).resultData.runData['Update CRM'][0].data!.main[0]!;
	expect((lead.json.attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['notReached', 'answered']);
	expect(lead.json.context).toEqual({ crm_id: 'lead-d' });
	expect(placedTo(to)).toHaveLength(2);
}, 400_000);

test('inside the wait: a lead busy, then not answering, then answering gets each next call from the node itself (delay_seconds 0) while the execution waits; the Wait node never runs; Update CRM gets the lead once with its three attempts', async () => {
	const before = (await server.executions(INSIDE)).length;
	const to = '+15550094001';
	await startWorkflow([{ to, crmId: 'lead-e' }], 'call-until-reached-inside');
	await sandbox.endCallWithEvent(await nthCall(to, 1, INSIDE), { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	await sandbox.endCallWithEvent(await nthCall(to, 2, INSIDE), { status: 'no-answer', connected: false, duration: 0, endedReason: 'no_answer' });
	await sandbox.endCallWithEvent(await nthCall(to, 3, INSIDE), { duration: 75 });
	const [done] = await server.waitForExecutions(INSIDE, before + 1);
	expect(done.status).toBe('success');
	const runData = (await server.runData(done.id)).resultData.runData;
	expect(runData[NODE]).toHaveLength(1);
	expect(runData['Wait until the next call']).toBeUndefined();
	const [lead] = runData['Update CRM'][0].data!.main[0]!;
	expect((lead.json.attempts as IDataObject[]).map((a) => [a.callId, a.outcome])).toEqual(callsTo(to).map((c, i) => [c.id, i < 2 ? 'notReached' : 'answered']));
	expect(lead.json.context).toEqual({ crm_id: 'lead-e' });
	expect(placedTo(to).map((r) => [(r.body as IDataObject).delay_seconds, (r.body as IDataObject).context])).toEqual([
		[undefined, { crm_id: 'lead-e' }],
		[0, { crm_id: 'lead-e' }],
		[0, { crm_id: 'lead-e' }],
	]);
}, 300_000);

test('inside the wait: the end delivered twice at the same moment places one next call', async () => {
	const before = (await server.executions(INSIDE)).length;
	const to = '+15550094101';
	await startWorkflow([{ to, crmId: 'lead-f' }], 'call-until-reached-inside');
	const id = await nthCall(to, 1, INSIDE);
	Object.assign(callsTo(to)[0], { status: 'busy', duration_seconds: 0 });
	const fields = { status: 'busy', duration: 0, ended_reason: 'busy' };
	await Promise.all([sandbox.emitCallEvent(id, 'event_phone_call_did_not_connect', fields), sandbox.emitCallEvent(id, 'event_phone_call_did_not_connect', fields)]);
	await sandbox.endCallWithEvent(await nthCall(to, 2, INSIDE), { duration: 30 });
	const [done] = await server.waitForExecutions(INSIDE, before + 1);
	expect(done.status).toBe('success');
	expect(placedTo(to)).toHaveLength(2);
	const [lead] = (await server.runData(done.id)).resultData.runData['Update CRM'][0].data!.main[0]!;
	expect((lead.json.attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['notReached', 'answered']);
}, 300_000);

test('inside the wait: n8n restarted while the next call is delayed (Call Again After 1 minute): the restarted n8n finds it in the log of the wait’s answers, places nothing again when the first end is sent again, and resumes on the next call’s end', async () => {
	const before = (await server.executions(INSIDE_LATER)).length;
	const to = '+15550094201';
	await startWorkflow([{ to, crmId: 'lead-g' }], 'call-until-reached-inside-later');
	const first = await nthCall(to, 1, INSIDE_LATER);
	await sandbox.endCallWithEvent(first, { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	const second = await nthCall(to, 2, INSIDE_LATER);
	expect((placedTo(to)[1].body as IDataObject).delay_seconds).toBeGreaterThanOrEqual(55);
	await server.stop();
	await server.start();
	await sandbox.emitCallEvent(first, 'event_phone_call_did_not_connect', { status: 'busy', duration: 0, ended_reason: 'busy' });
	await sandbox.endCallWithEvent(second, { duration: 50 });
	const [done] = await server.waitForExecutions(INSIDE_LATER, before + 1);
	expect(done.status).toBe('success');
	const [lead] = (await server.runData(done.id)).resultData.runData['Update CRM'][0].data!.main[0]!;
	expect((lead.json.attempts as IDataObject[]).map((a) => [a.callId, a.outcome])).toEqual([
		[first, 'notReached'],
		[second, 'answered'],
	]);
	expect(placedTo(to)).toHaveLength(2);
}, 400_000);

test("n8n's Retry of an execution that failed between two calls (Talkover refused the second): the retry places the second call once, and Update CRM gets the lead with both attempts", async () => {
	const to = '+15550095001';
	await startWorkflow([{ to, crmId: 'lead-h' }], 'call-until-reached-retried');
	const first = await nthCall(to, 1, RETRIED);
	// The next request to place a call is the second call to this lead: Talkover refuses it, and places nothing.
	sandbox.inject({ method: 'POST', path: CALL_PATH, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => (r.body as IDataObject | undefined)?.to === to });
	await sandbox.endCallWithEvent(first, { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	const [failed] = await server.waitForExecutions(RETRIED, 1);
	expect(failed.status).toBe('error');
	expect(placedTo(to)).toHaveLength(2);
	expect(callsTo(to)).toHaveLength(1);
	const failedRun = (await server.runData(failed.id)).resultData.runData;
	expect(failedRun[NODE]).toHaveLength(2);
	expect(failedRun['Update CRM']).toBeUndefined();

	// What the executions list's Retry (with the original workflow) sends; the retried execution waits for the second call.
	const retry = server.rest('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
	const second = await nthCall(to, 2, RETRIED);
	await sandbox.endCallWithEvent(second, { duration: 45 });
	await retry;
	const executions = await server.waitForExecutions(RETRIED, 2);
	const retried = executions.find((e: { id: string }) => String(e.id) !== String(failed.id));
	expect(retried.status).toBe('success');
	const [lead] = (await server.runData(retried.id)).resultData.runData['Update CRM'][0].data!.main[0]!;
	expect((lead.json.attempts as IDataObject[]).map((a) => [a.attempt, a.callId, a.outcome])).toEqual([
		[1, first, 'notReached'],
		[2, second, 'answered'],
	]);
	expect(lead.json.context).toEqual({ crm_id: 'lead-h' });
	// Three requests in all: the first call, the refused one, the retry's; two calls, each once.
	expect(placedTo(to).map((r) => (r.body as IDataObject).context)).toEqual([{ crm_id: 'lead-h' }, { crm_id: 'lead-h' }, { crm_id: 'lead-h' }]);
	expect(callsTo(to).map((c) => c.id)).toEqual([first, second]);
}, 300_000);

/**
 * A lead whose Calling Hours (every day, in the zone where it is 12:xx now) opened 30 minutes ago and close in 20,
 * called once and busy: its next call (30 minutes after the end) falls after they close, so it waits in the Wait node.
 * The execution waiting there (found among every waiting one), and the minute the hours opened.
 */
async function aBusyLeadPastClose(to: string, crmId: string): Promise<{ waiting: { id: string; waitTill: string }; opened: number }> {
	const now = Date.now();
	const offset = offsetWhereItIs(12, now);
	const opened = Math.floor((now - 30 * 60_000) / 60_000) * 60_000;
	const [from, closes] = [wallAt(offset, opened).hhmm, wallAt(offset, now + 20 * 60_000).hhmm];
	await startWorkflow([{ to, crmId, timezone: etcZone(offset), from, to_time: closes }], 'call-until-reached-hours');
	await sandbox.endCallWithEvent(await nthCall(to, 1, HOURS), { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	const waiting = await untilDefined('the item in the Wait node', async () => {
		const listed = (await server.executionList(HOURS, ['waiting'])).results;
		for (const execution of listed) if ((await server.runData(execution.id)).resultData.runData['Wait until the next call']) return execution;
		return undefined;
	});
	return { waiting, opened };
}

test('a busy lead whose next call (30 minutes later) falls after its Calling Hours close leaves with nextAttemptAt at the next opening, the lead\'s time, the next day; the Wait node holds it there across a restart of n8n, and nothing is dialled meanwhile', async () => {
	const to = '+15550096001';
	const { waiting, opened } = await aBusyLeadPastClose(to, 'lead-i');
	const [{ json }] = (await server.runData(waiting.id)).resultData.runData[NODE][0].data!.main[0]!;
	expect([json.outcome, (json.attempts as IDataObject[]).map((a) => a.outcome)]).toEqual(['notReached', ['notReached']]);
	// The next opening: the same wall-clock minute the next day (every day), in the lead's zone.
	expect(Date.parse(String(json.nextAttemptAt))).toBe(opened + 24 * HOUR);
	expect(Date.parse(String(waiting.waitTill))).toBe(opened + 24 * HOUR);
	await server.stop();
	await server.start();
	const [still] = (await server.executionList(HOURS, ['waiting'])).results;
	expect([String(still.id), Date.parse(String(still.waitTill))]).toEqual([String(waiting.id), opened + 24 * HOUR]);
	expect(placedTo(to)).toHaveLength(1);
	// Not left waiting a day for the other tests' n8n.
	await server.rest('POST', `/rest/executions/${waiting.id}/stop`);
}, 400_000);

test("n8n 1.123 and 2.8 started again with their simple recovery (N8N_EVENTBUS_RECOVERY_MODE=simple) mark a lead waiting in the Wait node crashed, never to be resumed (2.41 keeps it waiting); started again with the default recovery, the execution waits again (guarantees.md's remedy)", async () => {
	const to = '+15550096101';
	const { waiting, opened } = await aBusyLeadPastClose(to, 'lead-k');
	const defaults = n8n.env;
	n8n.env = { ...defaults, N8N_EVENTBUS_RECOVERY_MODE: 'simple' };
	try {
		await server.stop();
		await server.start();
		const { data } = await server.rest('GET', `/rest/executions/${waiting.id}`);
		expect([data.status, Date.parse(String(data.waitTill))]).toEqual([LINE === 'next' ? 'waiting' : 'crashed', opened + 24 * HOUR]);
	} finally {
		n8n.env = defaults;
		await server.stop();
		await server.start();
	}
	const { data } = await server.rest('GET', `/rest/executions/${waiting.id}`);
	expect([data.status, Date.parse(String(data.waitTill))]).toEqual(['waiting', opened + 24 * HOUR]);
	expect(placedTo(to)).toHaveLength(1);
	// Not left waiting a day for the other tests' n8n.
	await server.rest('POST', `/rest/executions/${waiting.id}/stop`);
}, 400_000);

test("an edit between the failure and n8n's Retry (Attempts 3 → 1, Retry with the saved workflow): no second call; Update CRM gets the lead not reached with its one attempt and no next call", async () => {
	const to = '+15550095101';
	const before = (await server.executions(RETRIED)).length;
	await startWorkflow([{ to, crmId: 'lead-j' }], 'call-until-reached-retried');
	const first = await nthCall(to, 1, RETRIED);
	sandbox.inject({ method: 'POST', path: CALL_PATH, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => (r.body as IDataObject | undefined)?.to === to });
	await sandbox.endCallWithEvent(first, { status: 'busy', connected: false, duration: 0, endedReason: 'busy' });
	const [failed] = await server.waitForExecutions(RETRIED, before + 1);
	expect(failed.status).toBe('error');

	// The builder lowers Attempts to 1 and saves, as the editor does.
	const { data } = await server.rest('GET', `/rest/workflows/${RETRIED}`);
	const nodes = (data.nodes as IDataObject[]).map((node) => {
		if (node.name !== NODE) return node;
		const parameters = node.parameters as IDataObject;
		return { ...node, parameters: { ...parameters, options: { ...(parameters.options as IDataObject), callAgainUntilReached: { rule: { attempts: 1, afterMinutes: 0, when: ['notReached'] } } } } };
	});
	await server.rest('PATCH', `/rest/workflows/${RETRIED}`, { name: data.name, nodes, connections: data.connections, settings: data.settings, versionId: data.versionId });
	try {
		const retry = await server.rest('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: true });
		expect(retry.data.status).toBe('success');
		const retried = (await server.waitForExecutions(RETRIED, before + 2)).find((e: { id: string }) => String(e.id) === String(retry.data.id));
		const [lead] = (await server.runData(retried.id)).resultData.runData['Update CRM'][0].data!.main[0]!;
		expect([lead.json.outcome, lead.json.nextAttemptAt]).toEqual(['notReached', undefined]);
		expect((lead.json.attempts as IDataObject[]).map((a) => [a.callId, a.outcome])).toEqual([[first, 'notReached']]);
		expect(placedTo(to)).toHaveLength(2);
		expect(callsTo(to)).toHaveLength(1);
	} finally {
		// The workflow as the other tests know it.
		const { data: saved } = await server.rest('GET', `/rest/workflows/${RETRIED}`);
		await server.rest('PATCH', `/rest/workflows/${RETRIED}`, { name: saved.name, nodes: data.nodes, connections: saved.connections, settings: saved.settings, versionId: saved.versionId });
	}
}, 300_000);
