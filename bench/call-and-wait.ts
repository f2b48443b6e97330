/**
 * `npm run bench:call-and-wait`: Make and Wait for Outcome in a real n8n (`n8n start`, the packed package,
 * the line TALKOVER_N8N_LINE picks) with --calls calls (default 100) waiting at once on one agent, two ways:
 * - one execution of --calls leads (one webhook on the agent; each end costs a read of its delivery log);
 * - --calls executions of one lead each (one webhook each: Talkover sends each end to every one of them).
 * For each: n8n's heap (its /metrics, N8N_METRICS: the least of ten readings a second apart, after a
 * collection) with no call waiting and with them all waiting, the
 * requests to Talkover and the deliveries per call, and the time from Talkover's end event to the resumed
 * execution's end (its `stoppedAt`; median and p90 over the executions). The calls end one at a time,
 * --gap ms apart (default 50); `--only one` or `--only many` runs one of the two. The heap is read again once
 * every execution has ended. `--campaign`: Campaign → Add Call and Wait for Outcome, the leads queued in one
 * campaign and ended with `campaign_call.completed` (a webhook on the campaign). `--attempts N` (Make and Wait
 * for Outcome): Options → Call Again Until Reached, N calls 0 minutes apart; each lead's first N − 1 calls end busy
 * and the node places the next one inside the wait, the last is answered; the heap is read with every lead waiting
 * on each call, and the requests are counted per call placed. Prints figures; passes or fails nothing. Not part of
 * `npm test`.
 */
import { TOKEN } from '../test/helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../test/helpers/seed';
import { callAndWaitWorkflow, N8nServer, RealN8n } from '../test/e2e/real-n8n';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';
import { numberFlag } from './flags';

const CALLS = numberFlag('calls', 100);
/** `--only one` or `--only many`: one of the two ways (default both). */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const GAP = numberFlag('gap', 50);
const CAMPAIGN = process.argv.includes('--campaign');
const ATTEMPTS = numberFlag('attempts', 1);
const WORKFLOW = 'benchWait';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function heapMb(server: N8nServer): Promise<number> {
	// The least of ten readings a second apart: the heap just after a collection (it grows between them).
	const readings: number[] = [];
	for (let i = 0; i < 10; i++) {
		const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
		const line = text.split('\n').find((l) => l.startsWith('n8n_nodejs_heap_size_used_bytes') || l.startsWith('nodejs_heap_size_used_bytes'));
		readings.push(Number(line?.split(' ').at(-1)) / 1024 / 1024);
		await pause(1000);
	}
	return Math.min(...readings);
}

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function start(server: N8nServer, leads: Array<{ to: string }>): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${server.port}/webhook/bench-wait`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ leads }) });
	if (response.status !== 200) throw new Error(`CRM webhook: HTTP ${response.status}`);
}

async function waitingCount(server: N8nServer): Promise<number> {
	return (await server.executionList(WORKFLOW, ['waiting'])).count;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
		await pause(250);
	}
}

async function scenario(name: string, server: N8nServer, sandbox: TalkoverSandbox, executions: number, perExecution: number): Promise<void> {
	sandbox.reset();
	const idle = await heapMb(server);
	const before = (await server.executionList(WORKFLOW, ['success', 'error', 'canceled', 'crashed'])).count;
	const numbers = Array.from({ length: executions * perExecution }, (_, i) => `+1555${String(executions).padStart(3, '0')}${String(i).padStart(4, '0')}`);
	for (let e = 0; e < executions; e++) await start(server, numbers.slice(e * perExecution, (e + 1) * perExecution).map((to) => ({ to })));
	await until('every execution waiting', async () => (await waitingCount(server)) >= executions);
	const waiting = await heapMb(server);
	const placedRequests = sandbox.requests.length;
	const ended = new Map<string, number>();
	/** The heap with every lead waiting on its call of each attempt after the first. */
	const later: number[] = [];
	for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
		if (attempt > 1) {
			await until(`every lead's call ${attempt} placed`, async () => numbers.every((to) => sandbox.calls.filter((c) => c.to === to).length >= attempt));
			later.push(await heapMb(server));
		}
		for (const to of numbers) {
			ended.set(to, Date.now());
			if (CAMPAIGN) {
				const call = sandbox.campaignCalls.find((c) => c.to === to)!;
				call.status = 'completed';
				await sandbox.emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call: { id: call.id, status: 'completed' } });
			} else {
				const call = sandbox.calls.filter((c) => c.to === to)[attempt - 1];
				await sandbox.endCallWithEvent(String(call.id), attempt < ATTEMPTS ? { status: 'busy', connected: false, duration: 0, endedReason: 'busy' } : { duration: 30 });
			}
			await pause(GAP);
		}
	}
	await until('every execution finished', async () => (await server.executionList(WORKFLOW, ['success', 'error', 'canceled', 'crashed'])).count >= before + executions);
	const finished = (await server.executionList(WORKFLOW, ['success', 'error', 'canceled', 'crashed'])).results.slice(0, executions);
	// Each execution's last call's end → the execution's stoppedAt.
	const latencies: number[] = [];
	for (const execution of finished) {
		const data = await server.runData(execution.id);
		const items = data.resultData.runData['Call and Wait'][0].data!.main[0]!;
		const last = Math.max(...items.map((i) => ended.get(String(i.json.to)) ?? 0));
		latencies.push(new Date(execution.stoppedAt).getTime() - last);
	}
	const calls = executions * perExecution * ATTEMPTS;
	const failed = finished.filter((e) => e.status !== 'success').length;
	// The heap once nothing waits any more: what stays is n8n's (caches, garbage not yet collected), not the waits'.
	const after = await heapMb(server);
	const row = (label: string, value: string) => process.stdout.write(`| ${label.padEnd(58)} | ${value.padEnd(24)} |\n`);
	process.stdout.write(`\n${name} (n8n ${process.env.TALKOVER_N8N_LINE ?? '2.8'}): ${executions * perExecution} leads, ${calls} calls${ATTEMPTS > 1 ? ` (${ATTEMPTS} a lead, the next placed inside the wait)` : ''}, waiting on one ${CAMPAIGN ? 'campaign' : 'agent'}\n\n`);
	row('Measured', 'Value');
	row('---', '---');
	row('n8n heap used, no call waiting', `${idle.toFixed(1)} MB`);
	row('n8n heap used, all calls waiting', `${waiting.toFixed(1)} MB`);
	later.forEach((heap, i) => row(`n8n heap used, every lead waiting on its call ${i + 2}`, `${heap.toFixed(1)} MB`));
	row('n8n heap used, every execution ended', `${after.toFixed(1)} MB`);
	row('Requests to Talkover per call: placing and waiting', (placedRequests / calls).toFixed(2));
	row('Requests to Talkover per call: from the first end on', ((sandbox.requests.length - placedRequests) / calls).toFixed(2));
	row('Requests to Talkover per call, in all', (sandbox.requests.length / calls).toFixed(2));
	row('Deliveries per call (Talkover → n8n)', (sandbox.deliveries.length / calls).toFixed(2));
	row('End event → resumed execution ended: median / p90', `${quantile(latencies, 0.5)} / ${quantile(latencies, 0.9)} ms`);
	row('Executions not successful', String(failed));
	row('Wait webhooks left in Talkover', String(sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome')).length));
}

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	const n8n = new RealN8n();
	await n8n.setUp();
	n8n.env = { ...n8n.env, N8N_LOG_LEVEL: 'warn', N8N_METRICS: 'true' };
	n8n.importCredentials([{ id: 'benchTalkover', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } }]);
	const workflow = callAndWaitWorkflow(WORKFLOW, 'bench-wait', 'b1c2d3e4-0000-4000-8000-00000000bbbb', { credentialId: 'benchTalkover', ...(CAMPAIGN ? { campaignId: ACTIVE_CAMPAIGN } : {}) });
	if (ATTEMPTS > 1) {
		const node = workflow.nodes.find((n) => n.name === 'Call and Wait')!;
		node.parameters = { ...(node.parameters as object), options: { callAgainUntilReached: { rule: { attempts: ATTEMPTS, afterMinutes: 0, when: ['notReached'] } } } } as typeof node.parameters;
	}
	n8n.importWorkflows([workflow]);
	const server = new N8nServer(n8n);
	await server.start();
	await server.activate(WORKFLOW);
	if (ONLY !== 'many') await scenario('One execution of many leads', server, sandbox, 1, CALLS);
	if (ONLY !== 'one') await scenario('Many executions of one lead', server, sandbox, CALLS, 1);
	await server.stop();
	await sandbox.stop();
	n8n.tearDown();
	process.exit(0);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	process.exit(1);
});
