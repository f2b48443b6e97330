/**
 * `npm run bench:queue`: Make Call in n8n's queue mode under Talkover's rate limit. Two workers (separate
 * processes, nothing shared in memory) place calls with ONE token against the sandbox's fixed-window limit;
 * the leads arrive as many CRM webhook requests, so both workers run executions at the same time.
 * Prints a table: items placed and failed, 429s, requests seen, wall time against the bound
 * items / limit × window, and how the calls split across the workers. Not a pass/fail test: it takes
 * minutes and its figures depend on the machine. TALKOVER_N8N_LINE picks the n8n line (2.8 or next).
 *
 * Options: --items N (default 120), --executions E (webhook requests the items are split into, default 12),
 * --limit L and --window-ms W (default 20 per 5,000 ms), --workers K (default 2), --concurrency C
 * (executions per worker at once, default 10), --batch-size B (the node's Options → Batch Size; default:
 * the node's own), --max-retries R (Options → Max Retries; default: the node's own).
 */
import * as os from 'node:os';

import { stopN8nTimers } from '../test/helpers/n8n';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';
import { callWorkflow, CREDENTIAL, QueueCluster, sendLeads } from '../test/queue/cluster';

const TOKEN = 'talq_test_token';
const AGENT = '550e8400-e29b-41d4-a716-446655440001';
const CALL_PATH = `/api/v1/agents/${AGENT}/call`;

function flag(name: string, fallback?: number): number | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 ? Number(process.argv[i + 1]) : fallback;
}

const N = flag('items', 120)!;
const EXECUTIONS = flag('executions', 12)!;
const LIMIT = flag('limit', 20)!;
const WINDOW_MS = flag('window-ms', 5000)!;
const WORKERS = flag('workers', 2)!;
const CONCURRENCY = flag('concurrency', 10)!;
const BATCH_SIZE = flag('batch-size');
const MAX_RETRIES = flag('max-retries');

const host = require('../scripts/n8n-host.js') as { LINE: string; wantedVersion(): string };

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN], rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } }).start();
	const cluster = new QueueCluster({ workers: WORKERS, concurrency: CONCURRENCY });
	const options: Record<string, number> = {};
	if (BATCH_SIZE !== undefined) options.batchSize = BATCH_SIZE;
	if (MAX_RETRIES !== undefined) options.maxRetries = MAX_RETRIES;
	const started = Date.now();
	try {
		process.stderr.write(`Starting Redis, PostgreSQL, n8n ${host.wantedVersion()} main, ${WORKERS} workers and a webhook process…\n`);
		await cluster.prepare();
		cluster.importCredentials([{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } }]);
		// Continue On Fail: a call the node gives up on is an error item, and the execution goes on.
		cluster.importWorkflows([callWorkflow('talkoverBenchQueue', 'talkover-bench-queue', { onError: 'continueRegularOutput' }, options)]);
		await cluster.start();
		await cluster.main.activate('talkoverBenchQueue');
		process.stderr.write(`Cluster ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${JSON.stringify(cluster.timings)}).\n`);

		// Start at the beginning of a fresh window, with a fresh sandbox.
		await new Promise((resolve) => setTimeout(resolve, WINDOW_MS - (Date.now() % WINDOW_MS) + 5));
		sandbox.reset();
		const phones = Array.from({ length: N }, (_, i) => `+1555${String(i).padStart(7, '0')}`);
		const perExecution = Math.ceil(N / EXECUTIONS);
		const t0 = Date.now();
		await Promise.all(
			Array.from({ length: EXECUTIONS }, (_, e) => phones.slice(e * perExecution, (e + 1) * perExecution))
				.filter((leads) => leads.length > 0)
				.map((leads) => sendLeads(cluster, 'talkover-bench-queue', leads.map((phone) => ({ phone })))),
		);
		const executions = Math.ceil(N / perExecution);
		const finished = await cluster.main.waitForExecutions('talkoverBenchQueue', executions, 30 * 60_000);
		const lastStop = Math.max(...finished.map((e) => Date.parse(e.stoppedAt)));
		const wallMs = lastStop - t0;

		const posts = sandbox.requestsTo('POST', CALL_PATH);
		const placed = sandbox.calls.filter((c) => c.agent_id === AGENT && phones.includes(String(c.to)));
		const placedPerPhone = new Map<string, number>();
		for (const c of placed) placedPerPhone.set(String(c.to), (placedPerPhone.get(String(c.to)) ?? 0) + 1);
		const duplicates = [...placedPerPhone.values()].filter((n) => n > 1).length;
		const failed = N - placedPerPhone.size;
		const byWorker = new Map<string, number>();
		for (const r of posts) byWorker.set(r.body?.context?.process, (byWorker.get(r.body?.context?.process) ?? 0) + 1);
		const boundMs = (N / LIMIT) * WINDOW_MS;
		const statuses = new Map<string, number>();
		for (const e of finished) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);

		const cpu = os.cpus();
		const rows: Array<[string, string]> = [
			['n8n', `${host.wantedVersion()} (line ${host.LINE}), queue mode: ${WORKERS} workers × concurrency ${CONCURRENCY}, webhook process, PostgreSQL, Redis`],
			['Node options', JSON.stringify(options)],
			['Items (executions)', `${N} (${executions} × ${perExecution})`],
			['Rate limit', `${LIMIT} requests per ${WINDOW_MS / 1000} s, one token, fixed window`],
			['Calls placed', String(placedPerPhone.size)],
			['Items failed', String(failed)],
			['Placed twice', String(duplicates)],
			['POST requests seen', String(posts.length)],
			['429s', String(sandbox.rateLimited)],
			['Requests per worker', [...byWorker.entries()].map(([w, n]) => `${w}: ${n}`).join(', ')],
			['Executions', [...statuses.entries()].map(([s, n]) => `${s}: ${n}`).join(', ')],
			['Wall time (s)', (wallMs / 1000).toFixed(1)],
			['Bound: items / limit × window (s)', (boundMs / 1000).toFixed(1)],
			['Wall / bound', (wallMs / boundMs).toFixed(2)],
		];
		const width = Math.max(...rows.map(([k]) => k.length));
		process.stdout.write(`\nMachine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}\n\n`);
		process.stdout.write(`| ${'Measure'.padEnd(width)} | Value |\n|${'-'.repeat(width + 2)}|-------|\n`);
		for (const [k, v] of rows) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`);
	} finally {
		await cluster.stop();
		await sandbox.stop();
		stopN8nTimers();
	}
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});
