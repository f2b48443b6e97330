/**
 * `npm run bench`: throughput of the Talkover node under Talkover's rate limit and under latency,
 * side by side with n8n's own HTTP Request node (from n8n-nodes-base, loaded into the same in-process
 * n8n-core engine as ours), on one workflow shape: start node → N items → node. Prints a table.
 * Not part of `npm test`: it takes minutes and its figures depend on the machine.
 *
 * Options: --items N (default 1000), --limit L and --window-ms W (default 100 per 10,000 ms),
 * --latency-ms M (default 50), --only rate|latency.
 */
import * as os from 'node:os';
import * as path from 'node:path';

import type { INodeParameters, INodeType, IRun } from 'n8n-workflow';

import { registerNodeType, runChain, resetRateLimits, stopN8nTimers } from '../test/helpers/n8n';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';

const TOKEN = 'talq_test_token';
const AGENT = '550e8400-e29b-41d4-a716-446655440001';
const HTTP_TYPE = 'n8n-nodes-base.httpRequest';

function flag(name: string, fallback: number | string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 ? process.argv[i + 1] : String(fallback);
}

const N = Number(flag('items', 1000));
const LIMIT = Number(flag('limit', 100));
const WINDOW_MS = Number(flag('window-ms', 10_000));
const LATENCY_MS = Number(flag('latency-ms', 50));
const ONLY = flag('only', '');

interface Row {
	scenario: string;
	variant: string;
	wallMs: number;
	succeeded: number;
	failed: number;
	requests: number;
	got429: number;
	boundMs: number;
}

function loadHttpRequestNode(): INodeType {
	const host = path.resolve(__dirname, '../.n8n-host/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
	const { HttpRequest } = require(host);
	return new HttpRequest() as INodeType;
}

function httpRequestVersion(): string {
	const file = path.resolve(__dirname, '../.n8n-host/node_modules/n8n-nodes-base/package.json');
	return `n8n-nodes-base ${require(file).version}, node version 4.2`;
}

const leads = Array.from({ length: N }, (_, i) => ({ phone: `+1555${String(i).padStart(7, '0')}` }));

function talkover(options: INodeParameters): { name: string; parameters: INodeParameters; settings: object } {
	return {
		name: 'Make Call',
		parameters: {
			resource: 'call',
			operation: 'make',
			agentId: { __rl: true, mode: 'id', value: AGENT },
			to: '={{ $json.phone }}',
			options,
		} as INodeParameters,
		settings: { continueOnFail: true },
	};
}

function httpRequest(sandbox: TalkoverSandbox, batching?: { batchSize: number; batchInterval: number }) {
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
			options: batching ? { batching: { batch: batching } } : {},
		} as INodeParameters,
		settings: { type: HTTP_TYPE, typeVersion: 4.2, continueOnFail: true, credentials: undefined },
	};
}

async function measure(
	sandbox: TalkoverSandbox,
	scenario: string,
	variant: string,
	boundMs: number,
	node: { name: string; parameters: INodeParameters; settings: object },
): Promise<Row> {
	sandbox.reset();
	resetRateLimits();
	if (sandbox.rateLimit) {
		// Start every variant at the beginning of a fresh window, so that each gets the same budget.
		await new Promise((resolve) => setTimeout(resolve, WINDOW_MS - (Date.now() % WINDOW_MS) + 5));
	}
	const started = process.hrtime.bigint();
	const run: IRun = await runChain({ sourceName: 'CRM Leads', items: leads, nodes: [node], credentials: { apiToken: TOKEN, baseUrl: sandbox.url } });
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const output = run.data.resultData.runData['Make Call']?.[0]?.data?.main?.[0] ?? [];
	const failed = output.filter((o) => o.json.error !== undefined || o.error !== undefined).length;
	const row: Row = {
		scenario,
		variant,
		wallMs,
		succeeded: output.length - failed,
		failed: failed + Math.max(0, N - output.length),
		requests: sandbox.count('POST', `/api/v1/agents/${AGENT}/call`),
		got429: sandbox.rateLimited,
		boundMs,
	};
	process.stderr.write(`  ${scenario} · ${variant}: ${(wallMs / 1000).toFixed(1)} s, ${row.succeeded} ok, ${row.failed} failed\n`);
	return row;
}

function table(rows: Row[]): string {
	const header = ['Scenario', 'Variant', 'Wall (s)', 'Succeeded', 'Failed', 'Requests seen', '429s', 'Bound (s)', 'Wall / bound', 'Per item (ms)'];
	const lines = rows.map((r) => [
		r.scenario,
		r.variant,
		(r.wallMs / 1000).toFixed(1),
		String(r.succeeded),
		String(r.failed),
		String(r.requests),
		String(r.got429),
		(r.boundMs / 1000).toFixed(1),
		(r.wallMs / r.boundMs).toFixed(2),
		(r.wallMs / N).toFixed(1),
	]);
	const all = [header, ...lines];
	const widths = header.map((_, c) => Math.max(...all.map((l) => l[c].length)));
	const row = (l: string[]) => `| ${l.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
	return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

async function main(): Promise<void> {
	registerNodeType(HTTP_TYPE, loadHttpRequestNode());
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	const rows: Row[] = [];
	try {
		if (ONLY !== 'latency') {
			const scenario = `${N} calls, limit ${LIMIT}/${WINDOW_MS / 1000} s`;
			const bound = (N / LIMIT) * WINDOW_MS;
			sandbox.options.rateLimit = { limit: LIMIT, windowMs: WINDOW_MS };
			sandbox.options.latencyMs = 0;
			rows.push(await measure(sandbox, scenario, 'Talkover, defaults', bound, talkover({})));
			rows.push(await measure(sandbox, scenario, 'Talkover, Batch Size 10', bound, talkover({ batchSize: 10 })));
			rows.push(await measure(sandbox, scenario, 'HTTP Request, no batching', bound, httpRequest(sandbox)));
			rows.push(
				await measure(sandbox, scenario, `HTTP Request, batch 10 / ${(WINDOW_MS * 10) / LIMIT} ms`, bound, httpRequest(sandbox, { batchSize: 10, batchInterval: (WINDOW_MS * 10) / LIMIT })),
			);
		}
		if (ONLY !== 'rate') {
			const scenario = `${N} calls, ${LATENCY_MS} ms latency`;
			sandbox.options.rateLimit = null;
			sandbox.options.latencyMs = LATENCY_MS;
			rows.push(await measure(sandbox, scenario, 'Talkover, defaults', N * LATENCY_MS, talkover({})));
			rows.push(await measure(sandbox, scenario, 'Talkover, Batch Size 10', (N * LATENCY_MS) / 10, talkover({ batchSize: 10 })));
			rows.push(await measure(sandbox, scenario, 'HTTP Request, no batching', N * LATENCY_MS, httpRequest(sandbox)));
		}
		if (ONLY !== 'rate' && ONLY !== 'latency') {
			// Per-item cost of the node itself (CPU, n8n's HTTP client, the in-process sandbox): no latency.
			const scenario = `${N} calls, no latency`;
			sandbox.options.rateLimit = null;
			sandbox.options.latencyMs = 0;
			rows.push(await measure(sandbox, scenario, 'Talkover, defaults', N, talkover({})));
			rows.push(await measure(sandbox, scenario, 'HTTP Request, no batching', N, httpRequest(sandbox)));
		}
	} finally {
		await sandbox.stop();
		stopN8nTimers();
	}
	const cpu = os.cpus();
	process.stdout.write(`\nMachine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}\n`);
	process.stdout.write(
		`Bound: rate-limited = items / limit × window; latency = items × latency / batch size; no latency: 1 ms per item (nominal).\n` +
			`n8n's HTTP Request node (${httpRequestVersion()}) starts every item's request without waiting for the previous answer; its batching spaces the starts.\n\n${table(rows)}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});
