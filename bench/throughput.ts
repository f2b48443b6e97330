/**
 * `npm run bench`: how fast the Talkover node places calls under Talkover's rate limits, side by side
 * with n8n's own HTTP Request node (from n8n-nodes-base, loaded into the same in-process n8n-core
 * engine), on one workflow shape: start node → N items → Make Call. Prints tables of figures; it
 * passes or fails nothing. Not part of `npm test`: it takes about 20 minutes and its figures depend on
 * the machine.
 *
 * Time is scaled (--scale, default 10): a "minute" of the rate limit lasts 60 s / scale and every
 * latency is divided by the scale, so the plans' proportions hold while the run stays short.
 *
 * Sections (--only, comma-separated; default all):
 *   plans   plans (100 and 1,000 a minute) × latencies (50, 300, 800 ms, ±30 % jitter), --items calls
 *           (default 1,000): Auto, sequential, the best fixed Batch Size, n8n's HTTP Request node.
 *   shared  one token shared by several executions in one process and by several processes (child
 *           processes each running the in-process engine), and the queue-mode case (two workers, one token).
 *   memory  Auto with 1,000 and 10,000 items, each in a fresh process: peak RSS.
 *   never   --items calls at 100/min, 300 ms, Auto, without and with Options → Skip Numbers
 *           Called Within 24 hours, the agent having --history earlier calls (default 200, other numbers)
 *           on its list: all requests (list pages included) and wall time of each, and their ratio.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';

import type { INodeParameters, INodeType, IRun } from 'n8n-workflow';

import { registerNodeType, resetRateLimits, runChain, stopN8nTimers } from '../test/helpers/n8n';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';
import type { WorkerResult } from './worker';

const TOKEN = 'talq_test_token';
const AGENT = '550e8400-e29b-41d4-a716-446655440001';
const HTTP_TYPE = 'n8n-nodes-base.httpRequest';
const ROOT = path.resolve(__dirname, '..');
/** The 2.8 line's n8n (installed in the n8n cache by scripts/n8n-host.js, which `npm run bench` runs first). */
const N8N_HOST = (require('../scripts/n8n-host.js') as { HOST: string }).HOST;

function flag(name: string, fallback: number | string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 ? process.argv[i + 1] : String(fallback);
}

const N = Number(flag('items', 1000));
const SCALE = Number(flag('scale', 10));
const ONLY = flag('only', 'plans,shared,memory,never').split(',');
const HISTORY = Number(flag('history', 200));
const MINUTE = 60_000 / SCALE;
const JITTER = 0.3;
/** --plans 100,1000 and --latencies 50,300,800 pick rows; --variants auto,sequential,fixed,http picks columns of the plan table. */
const list = (name: string, fallback: string) => flag(name, fallback).split(',');
const PLANS = [
	{ name: '100/min', limit: 100 },
	{ name: '1,000/min', limit: 1000 },
].filter((p) => list('plans', '100,1000').includes(String(p.limit)));
const LATENCIES = [50, 300, 800].filter((l) => list('latencies', '50,300,800').includes(String(l)));
const VARIANTS = list('variants', 'auto,sequential,fixed,http');

interface Row {
	plan: string;
	latency: string;
	variant: string;
	wallMs: number;
	succeeded: number;
	failed: number;
	requests: number;
	got429: number;
	peak: number;
	boundMs: number;
	items: number;
}

function loadHttpRequestNode(): INodeType {
	const { HttpRequest } = require(path.join(N8N_HOST, 'node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js'));
	return new HttpRequest() as INodeType;
}

function httpRequestVersion(): string {
	return `n8n-nodes-base ${require(path.join(N8N_HOST, 'node_modules/n8n-nodes-base/package.json')).version}, node version 4.2`;
}

const leads = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => ({ phone: `+1555${String(offset + i).padStart(7, '0')}` }));

function talkover(options: INodeParameters) {
	return {
		name: 'Make Call',
		parameters: { resource: 'call', operation: 'make', agentId: { __rl: true, mode: 'id', value: AGENT }, to: '={{ $json.phone }}', options } as INodeParameters,
		settings: { continueOnFail: true },
	};
}

function httpRequest(sandbox: TalkoverSandbox, batching: { batchSize: number; batchInterval: number }) {
	return {
		name: 'Make Call',
		parameters: {
			method: 'POST',
			url: `${sandbox.url}/api/v1/agents/${AGENT}/call`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ to: $json.phone }) }}',
			options: { batching: { batch: batching } },
		} as INodeParameters,
		settings: { type: HTTP_TYPE, typeVersion: 4.2, continueOnFail: true, credentials: undefined },
	};
}

/** Starts at the beginning of a fresh window, so that every variant gets the same budget. */
async function startOfWindow(sandbox: TalkoverSandbox): Promise<void> {
	const windowMs = sandbox.rateLimit?.windowMs;
	if (windowMs) await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 5));
}

function outcome(run: IRun, items: number): { succeeded: number; failed: number } {
	const output = run.data.resultData.runData['Make Call']?.[0]?.data?.main?.[0] ?? [];
	const failed = output.filter((o) => o.json.error !== undefined || o.error !== undefined).length;
	return { succeeded: output.length - failed, failed: failed + Math.max(0, items - output.length) };
}

function log(row: Row): Row {
	process.stderr.write(`  ${row.plan} · ${row.latency} · ${row.variant}: ${(row.wallMs / 1000).toFixed(1)} s, ${row.succeeded} ok, ${row.failed} failed, ${row.got429} × 429, peak ${row.peak}\n`);
	return row;
}

/** One workflow run in this process, `executions` of them at once. */
async function measure(
	sandbox: TalkoverSandbox,
	labels: Pick<Row, 'plan' | 'latency' | 'variant' | 'boundMs'>,
	node: ReturnType<typeof talkover>,
	items: number,
	executions = 1,
): Promise<Row> {
	sandbox.reset();
	resetRateLimits();
	await startOfWindow(sandbox);
	const started = process.hrtime.bigint();
	const runs = await Promise.all(
		Array.from({ length: executions }, (_, e) =>
			runChain({ sourceName: 'CRM Leads', items: leads(items, e * items), nodes: [node], credentials: { apiToken: TOKEN, baseUrl: sandbox.url } }),
		),
	);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const total = runs.map((run) => outcome(run, items)).reduce((a, b) => ({ succeeded: a.succeeded + b.succeeded, failed: a.failed + b.failed }));
	return log({
		...labels,
		wallMs,
		...total,
		requests: sandbox.count('POST', `/api/v1/agents/${AGENT}/call`),
		got429: sandbox.rateLimited,
		peak: sandbox.maxInFlight,
		items: items * executions,
	});
}

/** Child processes, each running `executions` workflows of `items` items, all started at once. */
async function measureProcesses(
	sandbox: TalkoverSandbox,
	labels: Pick<Row, 'plan' | 'latency' | 'variant' | 'boundMs'>,
	{ processes, executions, items, options }: { processes: number; executions: number; items: number; options: INodeParameters },
): Promise<Row & { results: WorkerResult[] }> {
	sandbox.reset();
	const children = Array.from({ length: processes }, (_, p) => {
		const job = { baseUrl: sandbox.url, token: TOKEN, agent: AGENT, items, offset: p * executions * items, options, executions };
		const child = spawn(process.execPath, ['--expose-gc', path.join(ROOT, 'scripts/run-ts.js'), path.join(ROOT, 'bench/worker.ts'), JSON.stringify(job)], {
			cwd: ROOT,
			stdio: ['pipe', 'pipe', 'inherit'],
		});
		const lines = readline.createInterface({ input: child.stdout! });
		const ready = new Promise<void>((resolve) => lines.once('line', () => resolve()));
		const result = new Promise<WorkerResult>((resolve, reject) => {
			lines.on('line', (line) => {
				if (line.startsWith('{')) resolve(JSON.parse(line) as WorkerResult);
			});
			child.once('exit', (code) => (code ? reject(new Error(`worker exited with ${code}`)) : undefined));
		});
		return { child, ready, result };
	});
	await Promise.all(children.map((c) => c.ready));
	sandbox.reset();
	await startOfWindow(sandbox);
	const started = process.hrtime.bigint();
	for (const c of children) c.child.stdin!.write('go\n');
	const results = await Promise.all(children.map((c) => c.result));
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const row = log({
		...labels,
		wallMs,
		succeeded: results.reduce((n, r) => n + r.succeeded, 0),
		failed: results.reduce((n, r) => n + r.failed, 0),
		requests: sandbox.count('POST', `/api/v1/agents/${AGENT}/call`),
		got429: sandbox.rateLimited,
		peak: sandbox.maxInFlight,
		items: processes * executions * items,
	});
	return { ...row, results };
}

function table(header: string[], lines: string[][]): string {
	const all = [header, ...lines];
	const widths = header.map((_, c) => Math.max(...all.map((l) => l[c].length)));
	const row = (l: string[]) => `| ${l.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
	return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

function rowsTable(rows: Row[]): string {
	return table(
		['Plan', 'Latency', 'Variant', 'Wall (s)', 'Succeeded', 'Failed', 'Requests seen', '429s', 'Peak in flight', 'Bound (s)', 'Wall / bound', 'Per item (ms)'],
		rows.map((r) => [
			r.plan,
			r.latency,
			r.variant,
			(r.wallMs / 1000).toFixed(1),
			String(r.succeeded),
			String(r.failed),
			String(r.requests),
			String(r.got429),
			String(r.peak),
			(r.boundMs / 1000).toFixed(1),
			(r.wallMs / r.boundMs).toFixed(2),
			(r.wallMs / r.items).toFixed(1),
		]),
	);
}

/**
 * The bound of a plan: the rate limit's (items / limit × window) or the latency's (items × latency /
 * the most requests the limit lets be in flight, its whole budget), whichever is longer.
 */
function bound(items: number, limit: number, latencyMs: number): number {
	return Math.max((items / limit) * MINUTE, (items * latencyMs) / limit);
}

async function plans(sandbox: TalkoverSandbox): Promise<Row[]> {
	const rows: Row[] = [];
	for (const plan of PLANS) {
		for (const real of LATENCIES) {
			const latency = real / SCALE;
			sandbox.options.rateLimit = { limit: plan.limit, windowMs: MINUTE };
			sandbox.options.latencyMs = latency;
			sandbox.options.latencyJitter = JITTER;
			const labels = { plan: plan.name, latency: `${real} ms`, boundMs: bound(N, plan.limit, latency) };
			if (VARIANTS.includes('auto')) rows.push(await measure(sandbox, { ...labels, variant: 'Talkover, Auto (default)' }, talkover({}), N));
			if (VARIANTS.includes('sequential')) rows.push(await measure(sandbox, { ...labels, variant: 'Talkover, Batch Size 1' }, talkover({ batchSize: 1 }), N));
			// The smallest Batch Size that keeps up with the limit at the slowest answers; at 1,000/min also
			// twice that and the largest, and the fastest of them is reported.
			const needed = Math.ceil((plan.limit / MINUTE) * latency * (1 + JITTER)) + 1;
			const candidates = plan.limit >= 1000 ? [...new Set([needed, Math.min(50, 2 * needed), 50])] : [needed];
			let best: Row | undefined;
			for (const batchSize of VARIANTS.includes('fixed') ? candidates : []) {
				const row = await measure(sandbox, { ...labels, variant: `Talkover, Batch Size ${batchSize}` }, talkover({ batchSize }), N);
				if (!best || row.wallMs < best.wallMs) best = row;
			}
			if (best) rows.push({ ...best, variant: `${best.variant} (best fixed${candidates.length > 1 ? ` of ${candidates.join(', ')}` : ''})` });
			const batchInterval = Math.round((MINUTE * 10) / plan.limit);
			if (VARIANTS.includes('http')) rows.push(await measure(sandbox, { ...labels, variant: `HTTP Request, batch 10 / ${batchInterval} ms` }, httpRequest(sandbox, { batchSize: 10, batchInterval }) as never, N));
		}
	}
	return rows;
}

async function shared(sandbox: TalkoverSandbox): Promise<Row[]> {
	const rows: Row[] = [];
	const limit = 100;
	const latency = 300 / SCALE;
	sandbox.options.rateLimit = { limit, windowMs: MINUTE };
	sandbox.options.latencyMs = latency;
	sandbox.options.latencyJitter = JITTER;
	const per = Math.round(N / 4);
	const labels = { plan: '100/min', latency: '300 ms', boundMs: bound(4 * per, limit, latency) };
	for (const [variant, options] of [
		['Auto', {}],
		['Batch Size 10', { batchSize: 10 }],
	] as const) {
		rows.push(await measure(sandbox, { ...labels, variant: `4 executions × ${per}, one process, ${variant}` }, talkover(options), per, 4));
		rows.push(await measureProcesses(sandbox, { ...labels, variant: `4 processes × ${per}, ${variant}` }, { processes: 4, executions: 1, items: per, options }));
	}
	// The queue-mode measurement, unscaled: limit 20 per 5 s, no latency, two workers with five
	// executions of 20 Make Call items each.
	sandbox.options.rateLimit = { limit: 20, windowMs: 5_000 };
	sandbox.options.latencyMs = 0;
	sandbox.options.latencyJitter = 0;
	for (const [variant, options] of [
		['Batch Size 10', { batchSize: 10 }],
		['Auto', {}],
	] as const) {
		rows.push(
			await measureProcesses(
				sandbox,
				{ plan: '20 per 5 s', latency: '0 ms', variant: `2 processes × 5 executions × 20, ${variant}`, boundMs: (200 / 20) * 5_000 },
				{ processes: 2, executions: 5, items: 20, options },
			),
		);
	}
	return rows;
}

async function memory(sandbox: TalkoverSandbox): Promise<string> {
	sandbox.options.rateLimit = { limit: 1000, windowMs: MINUTE };
	sandbox.options.latencyMs = 50 / SCALE;
	sandbox.options.latencyJitter = JITTER;
	const lines: string[][] = [];
	for (const items of [1000, 10_000]) {
		const row = await measureProcesses(
			sandbox,
			{ plan: '1,000/min', latency: '50 ms', variant: `Auto, ${items} items`, boundMs: bound(items, 1000, 50 / SCALE) },
			{ processes: 1, executions: 1, items, options: {} },
		);
		const [result] = row.results;
		lines.push([
			String(items),
			(row.wallMs / 1000).toFixed(1),
			String(row.failed),
			String(row.got429),
			(row.wallMs / row.boundMs).toFixed(2),
			result.rssBeforeMb.toFixed(0),
			result.maxRssMb.toFixed(0),
			(result.maxRssMb - result.rssBeforeMb).toFixed(0),
			(result.heapAfterMb - result.heapBeforeMb).toFixed(1),
			result.outputMb.toFixed(1),
		]);
	}
	return table(
		['Items', 'Wall (s)', 'Failed', '429s', 'Wall / bound', 'RSS before (MB)', 'Peak RSS (MB)', 'Peak RSS growth (MB)', 'Heap held after GC (MB)', 'Output JSON (MB)'],
		lines,
	);
}

/** What Skip Numbers Called Within costs (one paged list read per run and agent). */
async function never(sandbox: TalkoverSandbox): Promise<string> {
	const limit = 100;
	const latency = 300 / SCALE;
	sandbox.options.rateLimit = { limit, windowMs: MINUTE };
	sandbox.options.latencyMs = latency;
	sandbox.options.latencyJitter = JITTER;
	const lines: string[][] = [];
	const figures: Array<{ wallMs: number; requests: number }> = [];
	for (const [variant, options] of [
		['without the option', {}],
		['Skip Numbers Called Within 24 hours', { skipCalledWithinMinutes: 1440 }],
	] as const) {
		sandbox.reset();
		resetRateLimits();
		// The agent's earlier calls today, to other numbers than the run's leads (nothing is skipped).
		const today = new Date().toISOString().slice(0, 10);
		for (let i = 0; i < HISTORY; i++) {
			sandbox.calls.push({ id: `c0ffee00-0000-4000-9000-${String(i).padStart(12, '0')}`, agent_id: AGENT, to: `+1666${String(i).padStart(7, '0')}`, status: 'completed', direction: 'outbound', started_at: `${today}T00:00:00Z`, created_at: `${today}T00:00:00Z`, duration_seconds: 30 });
		}
		await startOfWindow(sandbox);
		const started = process.hrtime.bigint();
		const run = await runChain({ sourceName: 'CRM Leads', items: leads(N), nodes: [talkover(options)], credentials: { apiToken: TOKEN, baseUrl: sandbox.url } });
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		const { succeeded, failed } = outcome(run, N);
		const posts = sandbox.count('POST', `/api/v1/agents/${AGENT}/call`);
		const reads = sandbox.count('GET', `/api/v1/agents/${AGENT}/calls`);
		figures.push({ wallMs, requests: posts + reads });
		const [base] = figures;
		process.stderr.write(`  never · ${variant}: ${(wallMs / 1000).toFixed(1)} s, ${posts} calls + ${reads} list pages, ${failed} failed\n`);
		lines.push([variant, String(succeeded), String(failed), String(posts), String(reads), String(posts + reads), (wallMs / 1000).toFixed(1), (figures.at(-1)!.requests / base.requests).toFixed(3), (wallMs / base.wallMs).toFixed(3)]);
	}
	return table(['Make Call', 'Succeeded', 'Failed', 'Calls (POST)', 'List pages (GET)', 'Requests', 'Wall (s)', 'Requests ×', 'Wall ×'], lines);
}

async function main(): Promise<void> {
	registerNodeType(HTTP_TYPE, loadHttpRequestNode());
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	const out: string[] = [];
	try {
		// Warm-up, not measured: loads (and transpiles) the node and n8n's HTTP Request node once.
		for (const node of [talkover({}), httpRequest(sandbox, { batchSize: 10, batchInterval: 1 }) as never]) {
			await runChain({ sourceName: 'CRM Leads', items: leads(20), nodes: [node], credentials: { apiToken: TOKEN, baseUrl: sandbox.url } });
		}
		if (ONLY.includes('plans')) out.push(`### Plans × latencies (${N} Make Call items)\n\n${rowsTable(await plans(sandbox))}`);
		if (ONLY.includes('shared')) out.push(`### One token, several executions and processes\n\n${rowsTable(await shared(sandbox))}`);
		if (ONLY.includes('memory')) out.push(`### Memory (each run in a fresh process)\n\n${await memory(sandbox)}`);
		if (ONLY.includes('never')) out.push(`### Skip Numbers Called Within: its cost (${N} items, 100/min, 300 ms, Auto; ${HISTORY} earlier calls of the agent on its list)\n\n${await never(sandbox)}`);
	} finally {
		await sandbox.stop();
		stopN8nTimers();
	}
	const cpu = os.cpus();
	const load = os.loadavg().map((l) => l.toFixed(1)).join(', ');
	process.stdout.write(
		`\nMachine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${load}\n` +
			`Time scaled 1:${SCALE}: a minute of the rate limit lasts ${MINUTE / 1000} s and latencies are divided by ${SCALE} (the labels show unscaled values; the walls are measured, scaled).\n` +
			`Latency ±${JITTER * 100} % uniformly. Bound = max(items / limit × window, items × latency / limit). Every run starts at the beginning of a window.\n` +
			`n8n's HTTP Request node (${httpRequestVersion()}) starts every item's request without waiting for the previous answer; its batching spaces the starts.\n\n` +
			`${out.join('\n\n')}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});
