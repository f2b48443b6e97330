/**
 * `npm run bench:resume`: the time from a call's end to its waiting execution's end, against n8n's own Wait node
 * resumed at its resume URL, in one real n8n (`n8n start`, the packed package, the line TALKOVER_N8N_LINE picks),
 * interleaved round by round (--rounds, default 15), so that both meet the same machine:
 * - Make and Wait for Outcome (one lead): the sandbox sends the call's end (`event_phone_call_ended`) to the wait's
 *   address; measured from just before it sends to the execution's `stoppedAt`;
 * - CRM webhook → n8n's Wait node (Resume: On Webhook Call) → No Op: a POST to the execution's resume URL; measured
 *   from just before the POST to the execution's `stoppedAt`.
 * Prints each side's median and p90 and the ratio of the medians. Passes or fails nothing. Not part of `npm test`.
 */
import { TOKEN } from '../test/helpers/fixtures';
import { callAndWaitWorkflow, crmWebhookNode, N8nServer, RealN8n } from '../test/e2e/real-n8n';
import type { WorkflowFile } from '../test/e2e/real-n8n';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';
import { numberFlag } from './flags';

const ROUNDS = numberFlag('rounds', 15);
const TALKOVER = 'benchResume';
const WAIT_NODE = 'benchWaitNode';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CRM webhook → Resume URL (a Set node: the execution's `$execution.resumeUrl`, as n8n writes it) → n8n's Wait node, resumed by a request to it → No Op. */
function waitNodeWorkflow(): WorkflowFile {
	return {
		id: WAIT_NODE,
		name: 'CRM lead → n8n Wait node → done',
		nodes: [
			crmWebhookNode('c2d3e4f5-0000-4000-8000-00000000cccc', 'bench-wait-node'),
			{ id: 'resume-url', name: 'Resume URL', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [100, 0], parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify({ resumeUrl: $execution.resumeUrl }) }}', options: {} } },
			{ id: 'wait', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], webhookId: 'd3e4f5a6-0000-4000-8000-00000000dddd', parameters: { resume: 'webhook', httpMethod: 'POST', options: {} } },
			{ id: 'done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} },
		],
		connections: {
			'CRM webhook': { main: [[{ node: 'Resume URL', type: 'main', index: 0 }]] },
			'Resume URL': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
		},
	};
}

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function post(server: N8nServer, path: string, body: unknown): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${server.port}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (response.status !== 200) throw new Error(`POST /${path}: HTTP ${response.status}`);
}

async function waiting(server: N8nServer, workflow: string): Promise<{ id: string }> {
	for (let tries = 0; tries < 2400; tries++) {
		const [execution] = (await server.executionList(workflow, ['waiting'])).results;
		if (execution) return execution as { id: string };
		await pause(25);
	}
	throw new Error(`${workflow}: no waiting execution after 60 s`);
}

/** The execution's stoppedAt once it has ended well. */
async function stoppedAt(server: N8nServer, workflow: string, id: string): Promise<number> {
	for (let tries = 0; tries < 2400; tries++) {
		const done = (await server.executionList(workflow, ['success', 'error', 'canceled', 'crashed'])).results.find((e: { id: string }) => e.id === id);
		if (done) {
			if (done.status !== 'success') throw new Error(`${workflow} execution ${id}: ${String(done.status)}`);
			return new Date(done.stoppedAt).getTime();
		}
		await pause(25);
	}
	throw new Error(`${workflow} execution ${id}: not ended after 60 s`);
}

async function talkoverRound(server: N8nServer, sandbox: TalkoverSandbox, round: number): Promise<number> {
	const to = `+1555077${String(round).padStart(4, '0')}`;
	await post(server, 'webhook/bench-resume', { leads: [{ to }] });
	const { id } = await waiting(server, TALKOVER);
	const call = sandbox.calls.find((c) => c.to === to)!;
	const sent = Date.now();
	await sandbox.endCallWithEvent(String(call.id), { duration: 30 });
	return (await stoppedAt(server, TALKOVER, id)) - sent;
}

async function waitNodeRound(server: N8nServer): Promise<number> {
	await post(server, 'webhook/bench-wait-node', { lead: 1 });
	const { id } = await waiting(server, WAIT_NODE);
	const url = new URL(String((await server.runData(id)).resultData.runData['Resume URL'][0].data!.main[0]![0].json.resumeUrl));
	const sent = Date.now();
	await post(server, `${url.pathname.slice(1)}${url.search}`, { done: true });
	return (await stoppedAt(server, WAIT_NODE, id)) - sent;
}

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	const n8n = new RealN8n();
	await n8n.setUp();
	n8n.env = { ...n8n.env, N8N_LOG_LEVEL: 'warn' };
	n8n.importCredentials([{ id: 'benchTalkover', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } }]);
	n8n.importWorkflows([callAndWaitWorkflow(TALKOVER, 'bench-resume', 'b1c2d3e4-0000-4000-8000-00000000eeee', { credentialId: 'benchTalkover' }), waitNodeWorkflow()]);
	const server = new N8nServer(n8n);
	await server.start();
	try {
		await measure(server, sandbox);
	} finally {
		// Also after an error: no n8n is left running.
		await server.stop();
		await sandbox.stop();
		n8n.tearDown();
	}
	process.exit(0);
}

async function measure(server: N8nServer, sandbox: TalkoverSandbox): Promise<void> {
	await server.activate(TALKOVER);
	await server.activate(WAIT_NODE);
	const talkover: number[] = [];
	const waitNode: number[] = [];
	// One round of each first, not counted (n8n loads what each path needs once).
	await talkoverRound(server, sandbox, 0);
	await waitNodeRound(server);
	for (let round = 1; round <= ROUNDS; round++) {
		talkover.push(await talkoverRound(server, sandbox, round));
		waitNode.push(await waitNodeRound(server));
	}
	const line = process.env.TALKOVER_N8N_LINE ?? '2.8';
	const row = (label: string, values: number[]) => process.stdout.write(`| ${label.padEnd(52)} | ${`${quantile(values, 0.5)} / ${quantile(values, 0.9)} ms`.padEnd(20)} |\n`);
	process.stdout.write(`\nEnd → execution ended, n8n line ${line}, ${ROUNDS} interleaved rounds each\n\n`);
	process.stdout.write(`| ${'Path'.padEnd(52)} | ${'median / p90'.padEnd(20)} |\n| --- | --- |\n`);
	row('Make and Wait for Outcome: Talkover’s end delivered', talkover);
	row('n8n’s Wait node: its resume URL called', waitNode);
	process.stdout.write(`\nRatio of the medians: ${(quantile(talkover, 0.5) / quantile(waitNode, 0.5)).toFixed(2)} ×\n`);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	process.exit(1);
});
