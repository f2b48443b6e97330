/**
 * The package in n8n's queue mode (`npm run test:queue`): Redis, PostgreSQL, an n8n main
 * process, two workers and a webhook process (test/queue/cluster.ts), all started and stopped here.
 * Every Make Call tells the sandbox which process placed it (context.process = $env.TALKOVER_PROCESS).
 */
import { waitUntil } from '../helpers/catchUp';
import { untilDefined } from '../helpers/polling';
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import type { RecordedRequest, TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { WorkflowFile } from '../e2e/real-n8n';
import { talkoverTriggerWorkflow } from '../e2e/real-n8n';
import { bringUpCluster } from '../e2e/bringUp';
import type { QueueCluster } from './cluster';
import { callWorkflow, CREDENTIAL, sendLeads as postLeads, thenRanOn } from './cluster';

const CALL_PATH = `/api/v1/agents/${SALES_AGENT}/call`;
const TRIGGER = 'queueTrigger';
const TRIGGER_WEBHOOK_ID = '9b2e6c1a-3d4f-4a5b-8c7d-1e2f3a4b5c6d';
const HEADER = 'X-N8n-Talkover-Secret';

let sandbox: TalkoverSandbox;
let cluster: QueueCluster;
let stop: (() => Promise<void>) | undefined;

/** CRM leads → Make and Wait for Outcome → a Set node "Ran on" that records the process that ran the resumed execution. */
function waitWorkflow(): WorkflowFile {
	const workflow = callWorkflow('queueWait', 'talkover-queue-wait');
	const call = workflow.nodes.find((n) => n.name === 'Make Call')!;
	call.parameters = { ...(call.parameters as object), operation: 'makeAndWait' };
	workflow.nodes.push({ id: 'ranOn', name: 'Ran on', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [600, 0], parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify({ process: $env.TALKOVER_PROCESS, outcome: $json.outcome }) }}', options: {} } });
	workflow.connections = { ...workflow.connections, 'Make Call': { main: [[{ node: 'Ran on', type: 'main', index: 0 }]] } };
	return workflow;
}

/** The same with Campaign → Add Call and Wait for Outcome (the lead queued in the seeded active campaign). */
function campaignWaitWorkflow(): WorkflowFile {
	const workflow = waitWorkflow();
	Object.assign(workflow, { id: 'queueCampWait', name: 'queueCampWait' });
	(workflow.nodes[0].parameters as { path: string }).path = 'talkover-queue-campaign-wait';
	(workflow.nodes[0] as { webhookId?: string }).webhookId = '9b2e6c1a-3d4f-4a5b-8c7d-1e2f3a4b5c6e';
	const call = workflow.nodes.find((n) => n.name === 'Make Call')!;
	const parameters: Record<string, unknown> = { ...(call.parameters as Record<string, unknown>), resource: 'campaign', operation: 'addCallAndWait', campaignId: { __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN } };
	delete parameters.agentId;
	call.parameters = parameters as typeof call.parameters;
	return workflow;
}

/** Make and Wait for Outcome with Call Again Until Reached (2 calls, 0 minutes apart): the next call placed inside the wait. */
function callAgainWorkflow(): WorkflowFile {
	const workflow = waitWorkflow();
	Object.assign(workflow, { id: 'queueAgain', name: 'queueAgain' });
	(workflow.nodes[0].parameters as { path: string }).path = 'talkover-queue-again';
	(workflow.nodes[0] as { webhookId?: string }).webhookId = '9b2e6c1a-3d4f-4a5b-8c7d-1e2f3a4b5c6f';
	const call = workflow.nodes.find((n) => n.name === 'Make Call')!;
	const parameters = call.parameters as Record<string, unknown>;
	call.parameters = { ...parameters, options: { ...(parameters.options as object), callAgainUntilReached: { rule: { attempts: 2, afterMinutes: 0, when: ['notReached'] } } } } as typeof call.parameters;
	const ranOn = workflow.nodes.find((n) => n.name === 'Ran on')!;
	ranOn.parameters = { ...(ranOn.parameters as object), jsonOutput: '={{ JSON.stringify({ process: $env.TALKOVER_PROCESS, outcome: $json.outcome, attempts: $json.attempts }) }}' };
	return workflow;
}

/** The Talkover Trigger workflow, then a Set node that records the process that ran the rest of it. */
function triggerWorkflow(): WorkflowFile {
	return thenRanOn(talkoverTriggerWorkflow(TRIGGER, TRIGGER_WEBHOOK_ID, CREDENTIAL.id));
}

const phone = (batch: number, i: number) => `+1555${String(batch).padStart(3, '0')}${String(i).padStart(4, '0')}`;

const sendLeads = (path: string, leads: Array<{ phone: string }>) => postLeads(cluster, path, leads);

const calls = (): RecordedRequest[] => sandbox.requestsTo('POST', CALL_PATH);

beforeAll(async () => {
	({ sandbox, cluster, stop } = await bringUpCluster({
		tokens: [TOKEN],
		cluster: { workers: 2, concurrency: 5 },
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [
			callWorkflow('queueCalls', 'talkover-queue-calls'),
			callWorkflow('queueRetry', 'talkover-queue-retry', { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 }, { maxRetries: 0 }),
			triggerWorkflow(),
			waitWorkflow(),
			campaignWaitWorkflow(),
			callAgainWorkflow(),
		],
		activate: ['queueCalls', 'queueRetry', 'queueWait', 'queueCampWait', 'queueAgain'],
	}));
}, 900_000);

afterAll(async () => await stop?.(), 120_000);

test('Make Call over many items, in many executions: the two workers run them (not main, not the webhook process), each call placed exactly once', async () => {
	sandbox.reset();
	const executions = 30;
	const perExecution = 5;
	const before = (await cluster.main.executionList('queueCalls')).count;
	await Promise.all(Array.from({ length: executions }, (_, b) => sendLeads('talkover-queue-calls', Array.from({ length: perExecution }, (_, i) => ({ phone: phone(b, i) })))));
	const finished = await cluster.main.waitForExecutions('queueCalls', before + executions, 300_000);
	// An execution that failed says why (its error and the node's).
	const failures = [];
	for (const e of finished.slice(0, executions).filter((x) => x.status !== 'success')) {
		const data = await cluster.main.runData(e.id);
		failures.push({ id: e.id, status: e.status, error: data.resultData.error?.message, node: data.resultData.runData['Make Call']?.at(-1)?.error?.message });
	}
	expect(failures).toEqual([]);
	expect(finished.slice(0, executions).map((e) => e.status)).toEqual(Array(executions).fill('success'));

	const expected = Array.from({ length: executions }, (_, b) => Array.from({ length: perExecution }, (_, i) => phone(b, i))).flat();
	expect(calls().map((r) => r.body.to).sort()).toEqual(expected.sort());
	expect(sandbox.calls.filter((c) => expected.includes(c.to as string))).toHaveLength(expected.length);
	const byProcess = new Map<string, number>();
	for (const r of calls()) byProcess.set(r.body.context.process, (byProcess.get(r.body.context.process) ?? 0) + 1);
	expect([...byProcess.keys()].sort()).toEqual(cluster.workerNames);
	// Calls of one execution come from one worker: each worker ran some executions.
	for (const count of byProcess.values()) expect(count % perExecution).toBe(0);
}, 600_000);

test('n8n’s Retry On Fail in a worker re-sends nothing that succeeded: only the refused call (429) is sent again', async () => {
	// The second lead's first call is refused (429 without a hint); Max Retries 0 makes the node fail on it,
	// so n8n's Retry On Fail runs the node again in the worker.
	sandbox.reset();
	sandbox.inject({ method: 'POST', path: CALL_PATH, status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.' } }, when: (r) => r.body.to === phone(900, 2) });
	const before = (await cluster.main.executions('queueRetry')).length;
	await sendLeads('talkover-queue-retry', [1, 2, 3].map((i) => ({ phone: phone(900, i) })));
	const [execution] = await cluster.main.waitForExecutions('queueRetry', before + 1);
	expect(execution.status).toBe('success');
	// Sorted: with Concurrency Auto (the default) the worker may send the three items at once, in any order.
	expect(calls().map((r) => r.body.to).sort()).toEqual([phone(900, 1), phone(900, 2), phone(900, 2), phone(900, 3)]);
	expect(sandbox.calls.filter((c) => String(c.to).startsWith('+1555900')).map((c) => c.to).sort()).toEqual([phone(900, 1), phone(900, 2), phone(900, 3)]);
	expect(new Set(calls().map((r) => r.body.context.process)).size).toBe(1);
	expect(cluster.workerNames).toContain(calls()[0].body.context.process);
	const data = await cluster.main.runData(execution.id);
	const output = data.resultData.runData['Make Call'];
	expect(output.at(-1)!.data!.main[0]!.map((o) => [o.json.to, o.pairedItem])).toEqual([
		[phone(900, 1), { item: 0 }],
		[phone(900, 2), { item: 1 }],
		[phone(900, 3), { item: 2 }],
	]);
});

test('Make and Wait for Outcome: a worker places the call, the execution waits, and the call’s end (served by the webhook process) resumes it on a worker', async () => {
	sandbox.reset();
	const before = (await cluster.main.executionList('queueWait')).count;
	await sendLeads('talkover-queue-wait', [{ phone: phone(950, 1) }]);
	const waiting = await untilDefined('a waiting execution', async () => (await cluster.main.executionList('queueWait', ['waiting'])).results[0], 120_000);
	const [placed] = calls();
	expect(cluster.workerNames).toContain(placed.body.context.process);
	const [webhook] = sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	expect(String(webhook.webhook_url).startsWith(`http://127.0.0.1:${cluster.webhookPort}/webhook-waiting/${waiting.id}/`)).toBe(true);
	const call = sandbox.calls.find((c) => c.to === phone(950, 1))!;
	expect((await sandbox.endCallWithEvent(String(call.id), { duration: 44 })).map((a) => a.status)).toEqual([200]);
	const [done] = await cluster.main.waitForExecutions('queueWait', before + 1);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	const ranOn = (await cluster.main.runData(done.id)).resultData.runData['Ran on'][0].data!.main[0]![0].json;
	expect(cluster.workerNames).toContain(ranOn.process);
	expect(ranOn.outcome).toBe('answered');
	expect(sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'))).toEqual([]);
});

test('Call Again Until Reached: the busy first call’s end, served by the webhook process, places the next call inside the wait (once); its end resumes the execution on a worker with both attempts', async () => {
	sandbox.reset();
	const before = (await cluster.main.executionList('queueAgain')).count;
	const to = phone(952, 1);
	await sendLeads('talkover-queue-again', [{ phone: to }]);
	const waiting = await untilDefined('a waiting execution', async () => (await cluster.main.executionList('queueAgain', ['waiting'])).results[0], 120_000);
	const first = sandbox.calls.find((c) => c.to === to)!;
	expect((await sandbox.endCallWithEvent(String(first.id), { status: 'busy', connected: false, duration: 0, endedReason: 'busy' })).map((a) => a.status)).toEqual([200]);
	const second = await untilDefined('the next call', async () => sandbox.calls.filter((c) => c.to === to)[1], 60_000);
	expect(calls().map((r) => r.body.delay_seconds)).toEqual([undefined, 0]);
	expect((await cluster.main.executionList('queueAgain', ['waiting'])).results.map((e) => e.id)).toEqual([waiting.id]);
	await sandbox.endCallWithEvent(String(second.id), { duration: 30 });
	const [done] = await cluster.main.waitForExecutions('queueAgain', before + 1);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	const ranOn = (await cluster.main.runData(done.id)).resultData.runData['Ran on'][0].data!.main[0]![0].json;
	expect(cluster.workerNames).toContain(ranOn.process);
	expect((ranOn.attempts as Array<{ callId: string; outcome: string }>).map((a) => [a.callId, a.outcome])).toEqual([
		[first.id, 'notReached'],
		[second.id, 'answered'],
	]);
	expect(calls()).toHaveLength(2);
});

test('Add Call and Wait for Outcome: a worker queues the lead in the campaign, and the campaign call’s end (served by the webhook process) resumes the execution on a worker', async () => {
	sandbox.reset();
	const before = (await cluster.main.executionList('queueCampWait')).count;
	await sendLeads('talkover-queue-campaign-wait', [{ phone: phone(951, 1) }]);
	const waiting = await untilDefined('a waiting execution', async () => (await cluster.main.executionList('queueCampWait', ['waiting'])).results[0], 120_000);
	const [queued] = sandbox.requestsTo('POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`);
	expect(cluster.workerNames).toContain(queued.body.context.process);
	const [webhook] = sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	expect([webhook.campaign_id, String(webhook.webhook_url).startsWith(`http://127.0.0.1:${cluster.webhookPort}/webhook-waiting/${waiting.id}/`)]).toEqual([ACTIVE_CAMPAIGN, true]);
	const call = sandbox.campaignCalls.find((c) => c.to === phone(951, 1))!;
	call.status = 'completed';
	expect((await sandbox.emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call: { id: call.id, status: 'completed' } })).map((a) => a.status)).toEqual([200]);
	const [done] = await cluster.main.waitForExecutions('queueCampWait', before + 1);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	const ranOn = (await cluster.main.runData(done.id)).resultData.runData['Ran on'][0].data!.main[0]![0].json;
	expect(cluster.workerNames).toContain(ranOn.process);
	expect(ranOn.outcome).toBe('answered');
	expect(sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'))).toEqual([]);
});

describe('the Talkover Trigger in queue mode (main publishes, the webhook process serves deliveries, a worker runs the rest)', () => {
	const webhookUrl = () => `http://127.0.0.1:${cluster.webhookPort}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;

	test('publishing registers one webhook, for the public webhook URL (WEBHOOK_URL: the webhook process)', async () => {
		sandbox.reset();
		const publication = await cluster.main.activate(TRIGGER);
		if (publication) expect(publication).toMatchObject({ status: 'published' });
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/agents/${SALES_AGENT}/webhooks`],
			['POST', `/api/v1/agents/${SALES_AGENT}/webhooks`],
		]);
		expect(sandbox.webhooks).toHaveLength(1);
		expect(sandbox.webhooks[0].webhook_url).toBe(webhookUrl());
	});

	test('a delivery with the secret starts one execution, and a worker runs it', async () => {
		const before = (await cluster.main.executions(TRIGGER)).length;
		const event = { event: 'event_phone_call_ended', call_id: 'queue-1' };
		expect((await sandbox.deliver(sandbox.webhooks[0].id, event)).status).toBe(200);
		const all = await cluster.main.waitForExecutions(TRIGGER, before + 1);
		expect(all).toHaveLength(before + 1);
		expect(all[0].status).toBe('success');
		const data = await cluster.main.runData(all[0].id);
		expect(data.resultData.runData['Talkover Trigger'][0].data!.main[0]!.map((o) => o.json)).toEqual([event]);
		expect(cluster.workerNames).toContain(data.resultData.runData['Ran on'][0].data!.main[0]![0].json.process);
	});

	test('a delivery without the secret gets 401 from the webhook process and starts nothing', async () => {
		const before = (await cluster.main.executionList(TRIGGER)).count;
		expect((await sandbox.deliver(sandbox.webhooks[0].id, { event: 'event_phone_call_ended' }, { headers: { [HEADER]: undefined } })).status).toBe(401);
		// A later good delivery is the marker: once it has run, the rejected one had its chance to start something.
		expect((await sandbox.deliver(sandbox.webhooks[0].id, { event: 'event_phone_call_ended', call_id: 'marker' })).status).toBe(200);
		const [marker] = await cluster.main.waitForExecutions(TRIGGER, before + 1);
		const data = await cluster.main.runData(marker.id);
		expect(data.resultData.runData['Talkover Trigger'][0].data!.main[0]![0].json.call_id).toBe('marker');
		// Every execution of the workflow, in any status (queued, running, finished): only the marker's is new.
		expect((await cluster.main.executionList(TRIGGER)).count).toBe(before + 1);
	});

	test('unpublishing deletes the webhook in Talkover (once the grace has passed)', async () => {
		const id = sandbox.webhooks[0].id;
		sandbox.requests.length = 0;
		const publication = await cluster.main.deactivate(TRIGGER);
		if (publication) expect(publication.status).toBe('not_published');
		await waitUntil(() => sandbox.webhooks.length === 0, 60_000);
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v1/agents/${SALES_AGENT}/webhooks/${id}`]]);
		expect(sandbox.webhooks).toHaveLength(0);
	});
});
