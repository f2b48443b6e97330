/**
 * A crash while Make Call (or Make and Wait for Outcome) places its calls, then n8n's Retry, in a real n8n
 * (`n8n start`, the packed package): a CRM webhook with 12 leads, the calls placed one lead at a time; the sandbox holds the 5th call's
 * request; n8n is killed (SIGKILL: nothing is saved, as out of memory or a deploy), started again (its
 * recovery marks the execution "crashed" from its event log), and the execution is retried as the executions
 * list's Retry does (POST /rest/executions/<id>/retry). Every lead has one call in Talkover, none two.
 */
import type { IDataObject } from 'n8n-workflow';

import { stopN8nTimers } from '../helpers/n8n';
import { byId, SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { WorkflowFile } from './real-n8n';
import { N8nServer, RealN8n } from './real-n8n';

const CREDENTIAL = { id: 'talkoverCrash', name: 'Talkover API' };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
/** The operations, each in a workflow of its own; the retried execution ends (Make Call) or waits for the calls' ends. */
const ROWS = [
	{ operation: 'make', name: 'Make Call', workflow: 'crashRetryMake', path: 'crash-retry-make', first: 3000, retried: 'success' },
	{ operation: 'makeAndWait', name: 'Make and Wait for Outcome', workflow: 'crashRetryWait', path: 'crash-retry-wait', first: 4000, retried: 'waiting' },
];

const WORKFLOWS: WorkflowFile[] = ROWS.map(({ operation, name, workflow, path }) => ({
	id: workflow,
	name: `CRM leads → ${name} (crashed, retried)`,
	nodes: [
		{ id: 'crm', name: 'CRM Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${path}-id`, parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } },
		{ id: 'split', name: 'Leads', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.leads', options: {} } },
		{
			id: 'call',
			name,
			type: 'n8n-nodes-talkover.talkover',
			typeVersion: 1,
			position: [400, 0],
			parameters: { resource: 'call', operation, agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', isTesting: true, options: { concurrency: 'fixed', batchSize: 1, maxRetries: 0 } },
			credentials: { talkoverApi: CREDENTIAL },
		},
	],
	connections: { 'CRM Webhook': { main: [[{ node: 'Leads', type: 'main', index: 0 }]] }, Leads: { main: [[{ node: name, type: 'main', index: 0 }]] } },
}));

let sandbox: TalkoverSandbox;
let n8n: RealN8n;
let server: N8nServer;

beforeAll(async () => {
	sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	n8n = new RealN8n();
	await n8n.setUp();
	n8n.env = { ...n8n.env, N8N_LOG_LEVEL: 'warn' };
	n8n.importCredentials([{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } }]);
	n8n.importWorkflows(WORKFLOWS);
	server = new N8nServer(n8n);
	await server.start();
	for (const { workflow } of ROWS) await server.activate(workflow);
}, 600_000);

afterAll(async () => {
	await server?.stop();
	await sandbox?.stop();
	n8n?.tearDown();
	stopN8nTimers();
});

/** The workflow's newest execution once it has the status (a waiting execution is not listed as finished). */
async function untilListed(workflow: string, status: string): Promise<any> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const { results } = await server.executionList(workflow, [status]);
		if (results.length > 0) return results[0];
		if (Date.now() > deadline) throw new Error(`no ${status} execution of ${workflow}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

test.each(ROWS)('$name: n8n killed after 4 of 12 calls (the 5th on its way), started again, the crashed execution retried: each lead has one call', async ({ name, workflow, path, first, retried: retriedStatus }) => {
	const leads = Array.from({ length: 12 }, (_, i) => ({ phone: `+1415555${first + i}` }));
	let release: () => void = () => undefined;
	const held = new Promise<void>((resolve) => (release = resolve));
	let fifthArrived: () => void = () => undefined;
	const fifth = new Promise<void>((resolve) => (fifthArrived = resolve));
	// The 5th call's request is held until n8n is dead; then Talkover places it (as it would have).
	sandbox.inject({
		method: 'POST',
		path: callPath,
		times: 1,
		when: (r) => (r.body as IDataObject)?.to === leads[4].phone,
		until: async () => {
			fifthArrived();
			await held;
		},
	});
	const response = await fetch(`http://127.0.0.1:${server.port}/webhook/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ leads }) });
	expect(response.status).toBe(200);
	await fifth;

	// Killed: no shutdown, nothing saved.
	const exited = new Promise((resolve) => server.process!.once('exit', resolve));
	server.process!.kill('SIGKILL');
	await exited;
	server.process = undefined;
	release();
	await new Promise((resolve) => setTimeout(resolve, 200));
	expect(sandbox.calls.filter((c) => leads.some((l) => l.phone === c.to)).map((c) => c.to)).toEqual(leads.slice(0, 5).map((l) => l.phone));

	await server.start();
	const [crashed] = await server.waitForExecutions(workflow, 1, 60_000);
	expect(crashed.status).toBe('crashed');
	// What the editor's Retry sends (with the original workflow); it answers once the retry ended or waits.
	const retry = await server.rest('POST', `/rest/executions/${crashed.id}/retry`, { loadWorkflow: false });
	const retried = await untilListed(workflow, retriedStatus);
	expect(String(retry.data.id)).toBe(String(retried.id));

	const placed = sandbox.calls.filter((c) => leads.some((l) => l.phone === c.to)).map((c) => String(c.to));
	expect(placed.sort()).toEqual(leads.map((l) => l.phone).sort());
	const data = await server.runData(String(retried.id));
	const runs = data.resultData.runData[name];
	const output = runs[runs.length - 1].data!.main[0]!.map((o) => o.json);
	expect(output.map((o) => [o.to, o.alreadyPlaced ?? false])).toEqual(leads.map((l, i) => [l.phone, i < 5]));
	if (retriedStatus === 'waiting') await server.rest('POST', `/rest/executions/${retried.id}/stop`, {}).catch(() => undefined);
}, 300_000);
