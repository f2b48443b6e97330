/**
 * `npm run bench:queue`: Make Call in n8n's queue mode under Talkover's rate limit. Two workers (separate
 * processes, nothing shared in memory) place calls with ONE token against the sandbox's fixed-window limit;
 * the leads arrive as many CRM webhook requests, so both workers run executions at the same time.
 * Prints a table: items placed and failed, 429s, requests seen, wall time against the bound
 * items / limit × window, and how the calls split across the workers. Not a pass/fail test: it takes
 * minutes and its figures depend on the machine. TALKOVER_N8N_LINE picks the n8n line (2.8, next or lts).
 *
 * Two scenarios by default, in one cluster: fewer executions at once than the limit allows per window
 * (120 items in 12 executions, 20 requests per 5 s), and more (200 items in 20 executions, 10 per 5 s).
 * Options for one scenario of your own: --items N, --executions E (webhook requests the items are split
 * into), --limit L and --window-ms W; for the cluster: --workers K (default 2), --concurrency C
 * (executions per worker at once, default 10); for the node: --batch-size B (Options → Batch Size),
 * --max-retries R (Options → Max Retries); default: the node's own.
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

interface Scenario {
	items: number;
	executions: number;
	limit: number;
	windowMs: number;
}

const SCENARIOS: Scenario[] =
	flag('items') !== undefined
		? [{ items: flag('items')!, executions: flag('executions', 12)!, limit: flag('limit', 20)!, windowMs: flag('window-ms', 5000)! }]
		: [
				{ items: 120, executions: 12, limit: 20, windowMs: 5000 },
				{ items: 200, executions: 20, limit: 10, windowMs: 5000 },
			];
const WORKERS = flag('workers', 2)!;
const CONCURRENCY = flag('concurrency', 10)!;
const BATCH_SIZE = flag('batch-size');
const MAX_RETRIES = flag('max-retries');

const host = require('../scripts/n8n-host.js') as { LINE: string; wantedVersion(): string };

/** Runs one scenario in the running cluster; returns its rows. */
async function measure(cluster: QueueCluster, sandbox: TalkoverSandbox, { items, executions, limit, windowMs }: Scenario): Promise<Array<[string, string]>> {
	sandbox.options.rateLimit = { limit, windowMs };
	// Start at the beginning of a fresh window, with a fresh sandbox (reset applies the options' rate limit).
	await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 5));
	sandbox.reset();
	const before = (await cluster.main.executionList('benchQueue')).count;
	const phones = Array.from({ length: items }, (_, i) => `+1555${String(i).padStart(7, '0')}`);
	const perExecution = Math.ceil(items / executions);
	const batches = Array.from({ length: executions }, (_, e) => phones.slice(e * perExecution, (e + 1) * perExecution)).filter((b) => b.length > 0);
	const t0 = Date.now();
	await Promise.all(batches.map((leads) => sendLeads(cluster, 'talkover-bench-queue', leads.map((phone) => ({ phone })))));
	const finished = (await cluster.main.waitForExecutions('benchQueue', before + batches.length, 30 * 60_000)).slice(0, batches.length);
	const wallMs = Math.max(...finished.map((e) => Date.parse(e.stoppedAt))) - t0;

	const posts = sandbox.requestsTo('POST', CALL_PATH);
	const placedPerPhone = new Map<string, number>();
	for (const c of sandbox.calls.filter((c) => c.agent_id === AGENT && phones.includes(String(c.to)))) placedPerPhone.set(String(c.to), (placedPerPhone.get(String(c.to)) ?? 0) + 1);
	const byWorker = new Map<string, number>();
	for (const r of posts) byWorker.set(r.body?.context?.process, (byWorker.get(r.body?.context?.process) ?? 0) + 1);
	const statuses = new Map<string, number>();
	for (const e of finished) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
	const boundMs = (items / limit) * windowMs;
	const count = (map: Map<string, number>) => [...map.entries()].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
	return [
		['Items (executions × items)', `${items} (${batches.length} × ${perExecution})`],
		['Rate limit (one token, fixed window)', `${limit} requests per ${windowMs / 1000} s`],
		['Calls placed', String(placedPerPhone.size)],
		['Items failed', String(items - placedPerPhone.size)],
		['Placed twice', String([...placedPerPhone.values()].filter((n) => n > 1).length)],
		['POST requests seen', String(posts.length)],
		['429s', String(sandbox.rateLimited)],
		['Requests per worker', count(byWorker)],
		['Executions', count(statuses)],
		['Wall time (s)', (wallMs / 1000).toFixed(1)],
		['Bound: items / limit × window (s)', (boundMs / 1000).toFixed(1)],
		['Wall / bound', (wallMs / boundMs).toFixed(2)],
	];
}

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
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
		cluster.importWorkflows([callWorkflow('benchQueue', 'talkover-bench-queue', { onError: 'continueRegularOutput' }, options)]);
		await cluster.start();
		await cluster.main.activate('benchQueue');
		process.stderr.write(`Cluster ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${JSON.stringify(cluster.timings)}).\n`);
		const columns: Array<Array<[string, string]>> = [];
		for (const scenario of SCENARIOS) {
			process.stderr.write(`  ${scenario.items} items in ${scenario.executions} executions, ${scenario.limit} per ${scenario.windowMs / 1000} s…\n`);
			columns.push(await measure(cluster, sandbox, scenario));
		}
		const cpu = os.cpus();
		process.stdout.write(`\nMachine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}\n`);
		process.stdout.write(`n8n ${host.wantedVersion()} (line ${host.LINE}) in queue mode: ${WORKERS} workers × concurrency ${CONCURRENCY}, a webhook process, PostgreSQL, Redis; node options ${JSON.stringify(options)}\n\n`);
		const header: string[] = ['Measure', ...SCENARIOS.map((_, i) => `Scenario ${i + 1}`)];
		const lines = columns[0].map(([label], r) => [label, ...columns.map((c) => c[r][1])]);
		const widths = header.map((_, c) => Math.max(header[c].length, ...lines.map((l) => l[c].length)));
		const row = (l: string[]) => `| ${l.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
		process.stdout.write([row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n') + '\n');
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
