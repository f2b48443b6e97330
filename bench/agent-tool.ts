/**
 * `node scripts/run-ts.js bench/agent-tool.ts [--calls 100]`: the time from Talkover's request to the
 * answer for a one-node workflow (the Talkover Trigger's Agent Tool source alone: its item is the answer),
 * in a real n8n (the line of .n8n-host/), the sandbox playing the agent (test/sandbox/agentTool.js).
 * Prints the median, p90 and max over the calls (after 5 warm-up calls). It passes or fails nothing.
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
	]);
	const server = new N8nServer(n8n);
	try {
		await server.start();
		await server.activate('benchTool');
		const actionId = String(sandbox.agentActions.find((a) => a.name === "echo")!.id);
		for (let i = 0; i < 5; i++) await callTool(sandbox, { actionId, inputs: { phone: `+1555000${i}` } });
		const times: number[] = [];
		for (let i = 0; i < CALLS; i++) {
			const answer = await callTool(sandbox, { actionId, inputs: { phone: `+1555${String(i).padStart(7, '0')}` } });
			if (answer.status !== 200) throw new Error(`call ${i + 1}: HTTP ${answer.status} ${answer.text}`);
			times.push(answer.ms);
		}
		times.sort((a, b) => a - b);
		const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
		const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
		process.stdout.write(`n8n ${wantedVersion()}, one-node agent tool workflow, ${CALLS} sequential calls: median ${median.toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms\n`);
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
