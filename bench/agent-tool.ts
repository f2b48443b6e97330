/**
 * `node scripts/run-ts.js bench/agent-tool.ts [--calls 100]`: the time from Talkover's request to the
 * answer for a one-node workflow (the Talkover Trigger's Agent Tool source alone: its item is the answer),
 * in a real n8n (the line of .n8n-host/), the sandbox playing the agent (test/sandbox/agentTool.js).
 * Prints the median, p90 and max over the calls (after 5 warm-up calls), and the same for a plain n8n
 * Webhook node with one expression (answering with the last node: a Set node `caller` = an expression over
 * the input), called the same way, and the ratio of the two medians (the tool's goal: at most 1.1). It
 * passes or fails nothing.
 */
import { SALES_AGENT, TOKEN } from '../test/helpers/fixtures';
import { stopN8nTimers } from '../test/helpers/n8n';
import { N8nServer, RealN8n, wantedVersion } from '../test/e2e/real-n8n';
import { callTool } from '../test/sandbox/agentTool';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';

function flag(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 ? Number(process.argv[i + 1]) : fallback;
}

const CALLS = flag('calls', 100);

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	const n8n = new RealN8n();
	await n8n.setUp();
	n8n.env = { ...n8n.env, N8N_LOG_LEVEL: 'warn' };
	n8n.importCredentials([{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } }]);
	n8n.importWorkflows([
		{
			id: 'benchTool',
			name: 'bench agent tool',
			nodes: [
				{
					id: 'trigger',
					name: 'Talkover Trigger',
					type: 'n8n-nodes-talkover.talkoverTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: 'b0000000-0000-4000-8000-000000000001',
					parameters: {
						source: 'agentTool',
						agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
						toolName: 'echo',
						toolDescription: 'Answers with its inputs',
						inputs: { values: [{ name: 'phone', type: 'string', required: true }] },
					},
					credentials: { talkoverApi: { id: 'talkoverGood', name: 'Talkover API' } },
				},
			],
			connections: {},
		},
		{
			id: 'benchWebhook',
			name: 'bench plain webhook',
			nodes: [
				{
					id: 'webhook',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'b0000000-0000-4000-8000-000000000002',
					parameters: { httpMethod: 'POST', path: 'bench-plain', responseMode: 'lastNode', options: {} },
				},
				{
					id: 'set',
					name: 'Echo',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [200, 0],
					parameters: { mode: 'manual', assignments: { assignments: [{ id: 'a1', name: 'phone', value: '={{ $json.body.phone }}', type: 'string' }] }, options: {} },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
		},
	]);
	const server = new N8nServer(n8n);
	try {
		await server.start();
		await server.activate('benchTool');
		await server.activate('benchWebhook');
		const actionId = String(sandbox.agentActions.find((a) => a.name === 'echo')!.id);
		const tool = async (phone: string) => {
			const answer = await callTool(sandbox, { actionId, inputs: { phone } });
			if (answer.status !== 200) throw new Error(`tool call: HTTP ${answer.status} ${answer.text}`);
			return answer.ms;
		};
		const plainUrl = `http://127.0.0.1:${server.port}/webhook/bench-plain`;
		const plain = async (phone: string) => {
			const started = process.hrtime.bigint();
			const response = await fetch(plainUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone }) });
			await response.text();
			if (response.status !== 200) throw new Error(`plain webhook: HTTP ${response.status}`);
			return Number(process.hrtime.bigint() - started) / 1e6;
		};
		const measure = async (call: (phone: string) => Promise<number>) => {
			for (let i = 0; i < 5; i++) await call(`+1555000${i}`);
			const times: number[] = [];
			for (let i = 0; i < CALLS; i++) times.push(await call(`+1555${String(i).padStart(7, '0')}`));
			times.sort((a, b) => a - b);
			const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
			const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
			return { median, p90: at(0.9), max: times[times.length - 1] };
		};
				const toolFigures = await measure(tool);
		const plainFigures = await measure(plain);
		const show = (f: { median: number; p90: number; max: number }) => `median ${f.median.toFixed(1)} ms, p90 ${f.p90.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`;
		process.stdout.write(`n8n ${wantedVersion()}, ${CALLS} sequential calls each\n`);
		process.stdout.write(`  one-node agent tool workflow:               ${show(toolFigures)}\n`);
		process.stdout.write(`  plain Webhook node + one expression (Set):  ${show(plainFigures)}\n`);
		process.stdout.write(`  tool / plain (medians): ${(toolFigures.median / plainFigures.median).toFixed(2)} (goal: at most 1.10)\n`);
	} finally {
		await server.stop();
		await sandbox.stop();
		n8n.tearDown();
		stopN8nTimers();
	}
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exit(1);
});
