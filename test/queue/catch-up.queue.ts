/**
 * No event lost, in n8n's queue mode (`npm run test:queue`): the Talkover Trigger with Options → Catch Up
 * Missed Events (Hours) in a cluster of main, a worker and a webhook process (test/queue/cluster.ts). Main
 * publishes the trigger and, when it starts again while the webhook is still registered, reads the webhook's
 * delivery log and has Talkover (the sandbox) send the failed deliveries again; Talkover delivers them to
 * the public webhook URL (the webhook process), and the worker runs the executions.
 *
 * "n8n down" here is main stopped and started again (the webhook process and the worker keep running,
 * the database stays): main is what activates the trigger. The webhook process that receives the
 * deliveries sent again did not ask for them: it tells them by the catch-up's plan main saved with the
 * activation (their items say `caught_up: true`, as measured on n8n 2.8.4). Main never hears that they
 * arrived: at its next start it asks for them again, and the webhook process answers them as redeliveries.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { agentRequests, callsEnded, logFailedWhileDown, logPath, pause, retryPath, shape, waitUntil, webhookOf } from '../helpers/catchUp';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { WorkflowFile } from '../e2e/real-n8n';
import { HOST, NODE_BIN, talkoverTriggerWorkflow } from '../e2e/real-n8n';
import { bringUpCluster } from '../e2e/bringUp';
import type { QueueCluster } from './cluster';
import { CREDENTIAL, thenRanOn } from './cluster';

const WORKFLOW = 'queueCatchUp';
const WEBHOOK_ID = 'c0a1b2c3-0000-4000-8000-00000000c0f1';
const AGENT = SALES_AGENT;

let sandbox: TalkoverSandbox;
let cluster: QueueCluster;
let stop: (() => Promise<void>) | undefined;

/** The trigger (catching up 24 hours back), then a Set node that records the process that ran the rest. */
function triggerWorkflow(): WorkflowFile {
	const workflow = talkoverTriggerWorkflow(WORKFLOW, WEBHOOK_ID, CREDENTIAL.id, AGENT);
	const trigger = workflow.nodes[0] as { parameters: IDataObject };
	trigger.parameters = { ...trigger.parameters, options: { catchUpHours: 24 } };
	return thenRanOn(workflow);
}

const FIVE_EVENTS = callsEnded('queue', 5);
let fiveLogIds: string[] = [];

const webhookId = () => String(webhookOf(sandbox, WEBHOOK_ID).id);

/** Every execution of the workflow, oldest first. */
async function executionsOldestFirst(): Promise<any[]> {
	return (await cluster.main.executions(WORKFLOW)).sort((a, b) => Number(a.id) - Number(b.id));
}

async function nodeOutput(executionId: string, node: string): Promise<IDataObject[]> {
	const data = await cluster.main.runData(executionId);
	return data.resultData.runData[node][0].data!.main[0]!.map((o) => o.json);
}

/** The workflow's static data as n8n keeps it in PostgreSQL (read with n8n's own `pg`), for the failure messages. */
function staticDataInDatabase(): unknown {
	const env = cluster.n8n.env;
	const script = `
		const { Client } = require(${JSON.stringify(path.join(HOST, 'node_modules/pg'))});
		const client = new Client({ host: '127.0.0.1', port: Number(process.env.DB_POSTGRESDB_PORT), user: process.env.DB_POSTGRESDB_USER, password: process.env.DB_POSTGRESDB_PASSWORD, database: process.env.DB_POSTGRESDB_DATABASE });
		client.connect()
			.then(() => client.query('SELECT "staticData" FROM workflow_entity WHERE id = $1', [process.argv[1]]))
			.then((r) => process.stdout.write(JSON.stringify(r.rows[0] ? r.rows[0].staticData : null)))
			.catch((e) => process.stdout.write(JSON.stringify({ error: e.message })))
			.finally(() => client.end());`;
	const result = spawnSync(NODE_BIN, ['-e', script, cluster.n8n.workflowIdOf(WORKFLOW)], { encoding: 'utf8', env: { ...process.env, ...env } });
	try {
		const value = JSON.parse(result.stdout);
		return typeof value === 'string' ? JSON.parse(value) : value;
	} catch {
		return { unreadable: result.stdout || result.stderr };
	}
}

/** Main stops and starts again (the worker, the webhook process and the database keep running). */
async function restartMain(whileDown: () => void = () => {}): Promise<void> {
	await cluster.main.stop();
	whileDown();
	sandbox.requests.length = 0;
	await cluster.main.start();
}

beforeAll(async () => {
	({ sandbox, cluster, stop } = await bringUpCluster({
		tokens: [TOKEN],
		sandbox: { strictRequests: true },
		cluster: { workers: 1, concurrency: 5 },
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [triggerWorkflow()],
		activate: [WORKFLOW],
	}));
	expect(sandbox.webhooks).toHaveLength(1);
	expect(sandbox.webhooks[0].webhook_url).toBe(`http://127.0.0.1:${cluster.webhookPort}/webhook/${WEBHOOK_ID}/webhook`);

	// Main down: Talkover could not deliver five call-ended events (its retries exhausted).
	await restartMain(() => {
		fiveLogIds = logFailedWhileDown(sandbox, webhookId(), FIVE_EVENTS);
	});
}, 900_000);

afterAll(async () => await stop?.(), 120_000);

test('five call-ended events that failed while main was down: main at start has Talkover send each again, oldest first; the webhook process receives them and the worker runs one execution each, with caught_up: true', async () => {
	await cluster.main.waitForExecutions(WORKFLOW, 5, 120_000);
	await sandbox.retriesSettled();
	await pause(2_000);
	const executions = await executionsOldestFirst();
	expect(executions.map((e) => e.status)).toEqual(Array(5).fill('success'));
	const items = (await Promise.all(executions.map((e) => nodeOutput(e.id, 'Talkover Trigger')))).map((output) => ({ ...output[0], items: output.length }));
	const byCall = (a: IDataObject, b: IDataObject) => String(a.call_id).localeCompare(String(b.call_id));
	expect(items.sort(byCall)).toEqual(FIVE_EVENTS.map((event) => ({ ...event, caught_up: true, items: 1 })).sort(byCall));
	const ranOn = await Promise.all(executions.map(async (e) => (await nodeOutput(e.id, 'Ran on'))[0].process));
	expect(ranOn).toEqual(Array(5).fill(cluster.workerNames[0]));

	const webhook = webhookId();
	const requests = agentRequests(sandbox, AGENT);
	expect(shape(requests)).toEqual([
		['GET', `/api/v1/agents/${AGENT}/webhooks`],
		['GET', logPath(AGENT, webhook)],
		...fiveLogIds.map((id) => ['POST', retryPath(AGENT, webhook, id)]),
	]);
	expect(requests[1].query).toEqual({ per_page: '100', page: '1' });
	const byFirst = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
	expect(sandbox.deliveries.map((d) => [d.body.call_id, d.url, d.status]).sort(byFirst)).toEqual(
		FIVE_EVENTS.map((event) => [event.call_id, `http://127.0.0.1:${cluster.webhookPort}/webhook/${WEBHOOK_ID}/webhook`, 200]).sort(byFirst),
	);
});

test('main started again: main, which never hears that the webhook process received them, asks for the five again, and they start nothing (answered as redeliveries)', async () => {
	const delivered = sandbox.deliveries.length;
	await restartMain();
	const webhook = webhookId();
	await waitUntil(() => sandbox.requestsTo('GET', logPath(AGENT, webhook)).length > 0, 90_000);
	await waitUntil(() => sandbox.deliveries.length >= delivered + 5, 90_000);
	await sandbox.retriesSettled();
	await pause(3_000);
	// The static data beside (what the previous start and the webhook process's requests saved), for the failure message.
	const staticData = staticDataInDatabase();
	const executions = (await cluster.main.executionList(WORKFLOW)).count;
	expect({
		requests: shape(agentRequests(sandbox, AGENT)),
		// In the order they were answered: Talkover's deliveries run side by side.
		answers: sandbox.deliveries
			.slice(delivered)
			.map((d) => [d.body.call_id, JSON.parse(d.responseBody)])
			.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
		executions,
		staticData,
	}).toEqual({
		requests: [['GET', `/api/v1/agents/${AGENT}/webhooks`], ['GET', logPath(AGENT, webhook)], ...fiveLogIds.map((id) => ['POST', retryPath(AGENT, webhook, id)])],
		answers: FIVE_EVENTS.map((event) => [event.call_id, { received: true, ignored: 'redelivery' }]),
		executions: 5,
		staticData,
	});
});

