/**
 * Call → Make and Wait for Outcome (and Campaign → Add Call and Wait for Outcome) in a real n8n: a CRM webhook
 * starts the workflow, the node places the calls and the execution waits; the sandbox ends the calls with
 * Talkover's events (sent to every webhook of the agent or campaign subscribed to them) and the execution
 * resumes with one item per lead, its own outcome each. After a restart with no end to come, n8n's own end of the
 * wait (its `waitTill`, moved to a moment just past while n8n is stopped) gives each call timed out.
 */
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import { untilDefined } from '../helpers/polling';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer } from './real-n8n';
import { callAndWaitWorkflow } from './real-n8n';

const WORKFLOW = 'talkoverOutcome1';
/** The same workflow with a Wait Limit of 1 minute. */
const LIMITED = 'talkoverOutcome2';
/** The workflow with Campaign → Add Call and Wait for Outcome, the transcript picked. */
const CAMPAIGN_WORKFLOW = 'talkoverOutcome3';
const CALL_PATH = `/api/v1/agents/${SALES_AGENT}/call`;
const WEBHOOKS_PATH = `/api/v1/agents/${SALES_AGENT}/webhooks`;

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

/** Starts the workflow as a CRM does, with its leads. */
async function startWorkflow(leads: Array<{ to: string; crmId: string }>, path = 'talkover-outcome'): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${server.port}/webhook/${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ leads }),
	});
	expect(response.status).toBe(200);
}

const waitWebhooks = () => sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
const placed = () => sandbox.requestsTo('POST', CALL_PATH);

async function waitingExecution(): Promise<any> {
	return await untilDefined('a waiting execution', async () => (await server.executionList(WORKFLOW, ['waiting'])).results[0]);
}

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [
			callAndWaitWorkflow(WORKFLOW, 'talkover-outcome', '5a1c2e3d-4b5f-4a6b-8c7d-9e0f1a2b3c4d', { waitLimit: 30 }),
			callAndWaitWorkflow(LIMITED, 'talkover-outcome-limited', '5a1c2e3d-4b5f-4a6b-8c7d-9e0f1a2b3c4e', { waitLimit: 1 }),
			callAndWaitWorkflow(CAMPAIGN_WORKFLOW, 'talkover-outcome-campaign', '5a1c2e3d-4b5f-4a6b-8c7d-9e0f1a2b3c4f', { campaignId: ACTIVE_CAMPAIGN, callEvents: ['transcript'] }),
		],
		activate: [WORKFLOW, LIMITED, CAMPAIGN_WORKFLOW],
	}));
}, 600_000);

afterAll(async () => await stop?.());

beforeEach(() => sandbox.reset());

test('one lead: the call is placed, the execution waits, and the call’s end resumes it with the outcome and the Context as sent', async () => {
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow([{ to: '+15550001001', crmId: 'lead-1' }]);
	const waiting = await waitingExecution();
	expect(placed()).toHaveLength(1);
	expect(waitWebhooks()).toHaveLength(1);
	const [call] = sandbox.calls.filter((c) => c.to === '+15550001001');
	const answers = await sandbox.endCallWithEvent(String(call.id), { duration: 73, endedReason: 'customer_hangup' });
	expect(answers.map((a) => a.status)).toEqual([200]);
	const [done] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect(done.id).toBe(waiting.id);
	expect(done.status).toBe('success');
	const data = await server.runData(done.id);
	const output = data.resultData.runData['Call and Wait'][0].data!.main[0]!;
	expect(output).toHaveLength(1);
	expect(output[0].json).toMatchObject({ id: call.id, to: '+15550001001', outcome: 'answered', timedOut: false, duration: 73, ended_reason: 'customer_hangup', event: 'event_phone_call_ended', context: { crm_id: 'lead-1' } });
	expect(output[0].pairedItem).toEqual({ item: 0 });
	expect(data.resultData.runData['Update CRM'][0].data!.main[0]).toHaveLength(1);
	expect(waitWebhooks()).toHaveLength(0);
});

test('five leads: their calls end in a shuffled order with different outcomes, and each item gets its own', async () => {
	const before = (await server.executions(WORKFLOW)).length;
	const leads = [1, 2, 3, 4, 5].map((n) => ({ to: `+1555000200${n}`, crmId: `lead-${n}` }));
	await startWorkflow(leads);
	await waitingExecution();
	expect(placed()).toHaveLength(5);
	const callOf = (n: number) => String(sandbox.calls.find((c) => c.to === leads[n - 1].to)!.id);
	await sandbox.emitCallEvent(callOf(2), 'event_voicemail_detected');
	await sandbox.endCallWithEvent(callOf(4), { status: 'no-answer', duration: 0, endedReason: 'no_answer' });
	await sandbox.endCallWithEvent(callOf(2), { duration: 20, endedReason: 'voicemail' });
	await sandbox.endCallWithEvent(callOf(5), { connected: false, status: 'failed', duration: 0 });
	await sandbox.endCallWithEvent(callOf(1), { duration: 95 });
	expect(await server.executionList(WORKFLOW, ['waiting'])).toMatchObject({ count: 1 });
	await sandbox.endCallWithEvent(callOf(3), { status: 'busy', duration: 0, endedReason: 'busy' });
	const [done] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect(done.status).toBe('success');
	const output = (await server.runData(done.id)).resultData.runData['Call and Wait'][0].data!.main[0]!;
	expect(output.map((i) => [i.json.to, i.json.outcome, i.json.context, i.pairedItem])).toEqual([
		['+15550002001', 'answered', { crm_id: 'lead-1' }, { item: 0 }],
		['+15550002002', 'voicemail', { crm_id: 'lead-2' }, { item: 1 }],
		['+15550002003', 'notReached', { crm_id: 'lead-3' }, { item: 2 }],
		['+15550002004', 'notReached', { crm_id: 'lead-4' }, { item: 3 }],
		['+15550002005', 'notReached', { crm_id: 'lead-5' }, { item: 4 }],
	]);
	expect(waitWebhooks()).toHaveLength(0);
});

test('a request to the resume address without the secret resumes nothing (401), nor does another call of the agent ending', async () => {
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow([{ to: '+15550003001', crmId: 'lead-x' }]);
	await waitingExecution();
	const [webhook] = waitWebhooks();
	const forged = await sandbox.deliver(String(webhook.id), { event: 'event_phone_call_ended', call_id: sandbox.calls.find((c) => c.to === '+15550003001')!.id }, { headers: { 'X-N8n-Talkover-Secret': 'guess' } });
	expect(forged.status).toBe(401);
	const other = sandbox.calls.find((c) => c.to !== '+15550003001')!;
	const answers = await sandbox.endCallWithEvent(String(other.id));
	expect(answers.map((a) => a.status)).toEqual([200]);
	expect(await server.executionList(WORKFLOW, ['waiting'])).toMatchObject({ count: 1 });
	const ours = String(sandbox.calls.find((c) => c.to === '+15550003001')!.id);
	await sandbox.endCallWithEvent(ours);
	const [done] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect(done.status).toBe('success');
	expect(sandbox.requestsTo('GET', WEBHOOKS_PATH).length).toBeGreaterThanOrEqual(1);
});

test('Talkover sending the end again after the execution resumed resumes nothing twice', async () => {
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow([{ to: '+15550004001', crmId: 'lead-again' }]);
	await waitingExecution();
	const [webhook] = waitWebhooks();
	const end = { event: 'event_phone_call_ended', call_id: sandbox.calls.find((c) => c.to === '+15550004001')!.id, duration: 12 };
	const first = await sandbox.deliver(String(webhook.id), end);
	expect(first.status).toBe(200);
	await server.waitForExecutions(WORKFLOW, before + 1);
	// The same delivery again (Talkover's retry of an attempt it thought failed), with the wait's secret.
	const again = await fetch(String(webhook.webhook_url), { method: 'POST', headers: { 'content-type': 'application/json', 'X-N8n-Talkover-Secret': String(webhook.custom_headers[0].value) }, body: JSON.stringify(end) });
	expect(again.status).toBe(409);
	expect((await server.executions(WORKFLOW)).length).toBe(before + 1);
});

test('n8n restarted while the call waits: the call’s end still resumes the execution', async () => {
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow([{ to: '+15550005001', crmId: 'lead-restart' }]);
	const waiting = await waitingExecution();
	await server.stop();
	await server.start();
	const [call] = sandbox.calls.filter((c) => c.to === '+15550005001');
	const answers = await sandbox.endCallWithEvent(String(call.id), { duration: 31 });
	expect(answers.map((a) => a.status)).toEqual([200]);
	const [done] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	const output = (await server.runData(done.id)).resultData.runData['Call and Wait'][0].data!.main[0]!;
	expect(output[0].json).toMatchObject({ outcome: 'answered', duration: 31, context: { crm_id: 'lead-restart' } });
	expect(waitWebhooks()).toHaveLength(0);
}, 240_000);

test('a user cancelling the waiting execution leaves no webhook behind once the next wait on the agent starts', async () => {
	await startWorkflow([{ to: '+15550006001', crmId: 'lead-cancelled' }]);
	const cancelled = await waitingExecution();
	const [left] = waitWebhooks();
	await server.rest('POST', `/rest/executions/${cancelled.id}/stop`);
	await untilDefined('the execution cancelled', async () => ((await server.executionList(WORKFLOW, ['canceled'])).results.some((e) => e.id === cancelled.id) ? true : undefined));
	// n8n ran no node code: the webhook is still there until the next wait on the agent.
	expect(waitWebhooks().map((w) => w.id)).toEqual([left.id]);
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow([{ to: '+15550006002', crmId: 'lead-next' }]);
	await waitingExecution();
	expect(waitWebhooks().map((w) => w.id)).not.toContain(left.id);
	expect(sandbox.requestsTo('DELETE', `${WEBHOOKS_PATH}/${left.id}`)).toHaveLength(1);
	await sandbox.endCallWithEvent(String(sandbox.calls.find((c) => c.to === '+15550006002')!.id));
	await server.waitForExecutions(WORKFLOW, before + 1);
	expect(waitWebhooks()).toHaveLength(0);
});

test('no end within the Wait Limit (1 minute): the node’s own alarm resumes the execution with timedOut and the call’s last status', async () => {
	const before = (await server.executions(LIMITED)).length;
	await startWorkflow([{ to: '+15550007001', crmId: 'lead-limit' }], 'talkover-outcome-limited');
	const waiting = await untilDefined('a waiting execution', async () => (await server.executionList(LIMITED, ['waiting'])).results[0]);
	sandbox.calls.find((c) => c.to === '+15550007001')!.status = 'ringing';
	const [done] = await server.waitForExecutions(LIMITED, before + 1, 150_000);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	// The node's alarm at the limit, not n8n's own end 10 minutes later (which passes the input on, no outcome).
	const output = (await server.runData(done.id)).resultData.runData['Call and Wait'][0].data!.main[0]!;
	expect(output[0].json).toMatchObject({ outcome: 'timedOut', timedOut: true, status: 'ringing', context: { crm_id: 'lead-limit' } });
	expect(waitWebhooks()).toHaveLength(0);
}, 200_000);

/**
 * n8n stopped while the execution waits (the node's alarm at the limit goes with it) and no end comes: n8n's own end
 * of the wait (the latest limit + 10 minutes) is moved to a moment just past, so the test need not wait for it, and
 * n8n started again; its WaitTracker reads the waiting executions at start and resumes this one, running no node
 * code. The finished execution, its run data, when n8n was to end the wait itself, and the requests Talkover got
 * meanwhile.
 */
async function endedByN8nAfterRestart(workflowId: string, waiting: { id: string }) {
	const finished = (await server.executionList(workflowId, ['success', 'error', 'canceled', 'crashed'])).count;
	await server.stop();
	const heard = sandbox.requests.length;
	const endsItself = server.moveWaitTill(String(waiting.id), new Date(Date.now() - 1000));
	expect(endsItself.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
	await server.start();
	const [done] = await server.waitForExecutions(workflowId, finished + 1);
	const data = await server.runData(done.id);
	expect(data.resultData.runData['Call and Wait']).toHaveLength(1);
	return { done, data, output: data.resultData.runData['Call and Wait'][0].data!.main[0]!, endsItself, meanwhile: sandbox.requests.slice(heard) };
}

/** What each call's statusError begins with when n8n ended the wait itself at `at` (as the node said when the wait began). */
const endedItselfAt = (at: Date) => `n8n ended the wait itself at ${at.toISOString()}, 10 minutes after the Wait Limit: `;

test('n8n restarted while the call waits and no end comes: at n8n’s own end of the wait the call comes out timed out, its outcome unknown, saying why nothing of its end was read', async () => {
	await startWorkflow([{ to: '+15550008001', crmId: 'lead-lost-alarm' }], 'talkover-outcome-limited');
	const waiting = await untilDefined('a waiting execution', async () => (await server.executionList(LIMITED, ['waiting'])).results[0]);
	const [call] = sandbox.calls.filter((c) => c.to === '+15550008001');
	const [webhook] = waitWebhooks();
	// Stopped before the Wait Limit (1 minute).
	const { done, data, output, endsItself, meanwhile } = await endedByN8nAfterRestart(LIMITED, waiting);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	expect(output).toHaveLength(1);
	expect(output[0].json).toMatchObject({ id: call.id, to: '+15550008001', outcome: 'unknown', timedOut: true, context: { crm_id: 'lead-lost-alarm' } });
	expect(String(output[0].json.statusError).slice(0, endedItselfAt(endsItself).length)).toBe(endedItselfAt(endsItself));
	expect(output[0].pairedItem).toEqual({ item: 0 });
	expect(data.resultData.runData['Update CRM'][0].data!.main[0]).toHaveLength(1);
	// Nothing of the node ran: no call placed again, not a request to Talkover; the wait's webhook is left to the next wait's sweep.
	expect(placed()).toHaveLength(1);
	expect(meanwhile).toEqual([]);
	expect(waitWebhooks().map((w) => w.id)).toEqual([webhook.id]);
}, 240_000);

test('n8n restarted while leads added to a campaign wait and no end comes: at n8n’s own end of the wait each campaign call comes out timed out, its outcome unknown, its picked events missing', async () => {
	const leads = [1, 2].map((n) => ({ to: `+1555000810${n}`, crmId: `lead-${n}` }));
	await startWorkflow(leads, 'talkover-outcome-campaign');
	const waiting = await untilDefined('a waiting execution', async () => (await server.executionList(CAMPAIGN_WORKFLOW, ['waiting'])).results[0]);
	const calls = leads.map((lead) => sandbox.campaignCalls.find((c) => c.to === lead.to)!);
	const { done, output, endsItself, meanwhile } = await endedByN8nAfterRestart(CAMPAIGN_WORKFLOW, waiting);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	expect(output.map((i) => [i.json.id, i.json.to, i.json.outcome, i.json.timedOut, i.json.callEvents, i.json.missingCallEvents, i.json.context, i.pairedItem])).toEqual([
		[calls[0].id, leads[0].to, 'unknown', true, {}, ['transcript'], { crm_id: 'lead-1' }, { item: 0 }],
		[calls[1].id, leads[1].to, 'unknown', true, {}, ['transcript'], { crm_id: 'lead-2' }, { item: 1 }],
	]);
	for (const item of output) expect(String(item.json.statusError).slice(0, endedItselfAt(endsItself).length)).toBe(endedItselfAt(endsItself));
	expect(sandbox.requestsTo('POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`)).toHaveLength(2);
	expect(meanwhile).toEqual([]);
}, 240_000);

test('three leads added to a campaign: their campaign calls end in a shuffled order, each item gets its own outcome and its call’s transcript', async () => {
	const before = (await server.executions(CAMPAIGN_WORKFLOW)).length;
	const leads = [1, 2, 3].map((n) => ({ to: `+1555000900${n}`, crmId: `lead-${n}` }));
	await startWorkflow(leads, 'talkover-outcome-campaign');
	await untilDefined('a waiting execution', async () => (await server.executionList(CAMPAIGN_WORKFLOW, ['waiting'])).results[0]);
	expect(sandbox.requestsTo('POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`)).toHaveLength(3);
	const [webhook] = waitWebhooks();
	expect([webhook.campaign_id, webhook.events, webhook.include_call_events]).toEqual([ACTIVE_CAMPAIGN, ['campaign_call.completed', 'campaign_call.failed', 'event_call_transcript'], true]);
	const end = async (n: number, event: string, status: string) => {
		const call = sandbox.campaignCalls.find((c) => c.to === leads[n - 1].to)!;
		call.status = status;
		const placedCall = `ca11ca11-0000-4000-8000-00000000900${n}`;
		await sandbox.emitCampaignEvent(ACTIVE_CAMPAIGN, event, { campaign_call: { id: call.id, status, context: call.context }, call_id: placedCall });
		if (event === 'campaign_call.completed') await sandbox.emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { call_id: placedCall, transcript: `call ${n}` });
	};
	await end(3, 'campaign_call.completed', 'voicemail');
	await end(2, 'campaign_call.failed', 'failed');
	expect(await server.executionList(CAMPAIGN_WORKFLOW, ['waiting'])).toMatchObject({ count: 1 });
	await end(1, 'campaign_call.completed', 'completed');
	const [done] = await server.waitForExecutions(CAMPAIGN_WORKFLOW, before + 1);
	expect(done.status).toBe('success');
	const output = (await server.runData(done.id)).resultData.runData['Call and Wait'][0].data!.main[0]!;
	expect(output.map((i) => [i.json.to, i.json.outcome, (i.json.callEvents as { transcript?: { transcript?: string } }).transcript?.transcript, i.json.missingCallEvents, i.json.context, i.pairedItem])).toEqual([
		['+15550009001', 'answered', 'call 1', undefined, { crm_id: 'lead-1' }, { item: 0 }],
		['+15550009002', 'notReached', undefined, ['transcript'], { crm_id: 'lead-2' }, { item: 1 }],
		['+15550009003', 'voicemail', 'call 3', undefined, { crm_id: 'lead-3' }, { item: 2 }],
	]);
	expect(waitWebhooks()).toHaveLength(0);
});
