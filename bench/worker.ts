/**
 * One n8n process of the benchmark (bench/throughput.ts starts several): loads n8n-core's engine and
 * the built node, says "ready", waits for "go" on stdin, runs start node → items → Make Call against
 * the parent's sandbox, and prints one JSON line with what it measured. Each worker has its own
 * module state, as separate n8n workers (queue mode) or separate n8n instances sharing a token do.
 *
 * Argument: JSON { baseUrl, token, agent, items, offset, options, executions }.
 */
import * as readline from 'node:readline';

import type { INodeParameters } from 'n8n-workflow';

import { loadSource, runChain, stopN8nTimers } from '../test/helpers/n8n';

interface Job {
	baseUrl: string;
	token: string;
	agent: string;
	items: number;
	/** First lead number (so that processes call different numbers). */
	offset: number;
	options: INodeParameters;
	/** Executions at once in this process, each with `items` items. */
	executions: number;
}

export interface WorkerResult {
	wallMs: number;
	succeeded: number;
	failed: number;
	/** Failed items whose error says the call may already have been placed. */
	mayBePlaced: number;
	maxRssMb: number;
	rssBeforeMb: number;
	/** The output items' JSON, for comparison with the memory used. */
	outputMb: number;
	/** Heap in use after a full garbage collection, with the runs' data still held (before: at "ready"). */
	heapBeforeMb: number;
	heapAfterMb: number;
}

/** Heap in use after a full garbage collection (the worker runs with --expose-gc). */
function heapMb(): number {
	(globalThis as { gc?: () => void }).gc?.();
	return process.memoryUsage().heapUsed / 2 ** 20;
}

async function main(): Promise<void> {
	const job = JSON.parse(process.argv[2]) as Job;
	// Loads (and transpiles) the node before the start, as a running n8n has.
	loadSource();
	const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
	const heapBeforeMb = heapMb();
	process.stdout.write('ready\n');
	await new Promise<void>((resolve) => readline.createInterface({ input: process.stdin }).once('line', () => resolve()));
	const started = process.hrtime.bigint();
	const runs = await Promise.all(
		Array.from({ length: job.executions }, (_, e) =>
			runChain({
				sourceName: 'CRM Leads',
				items: Array.from({ length: job.items }, (_, i) => ({ phone: `+1555${String(job.offset + e * job.items + i).padStart(7, '0')}` })),
				nodes: [
					{
						name: 'Make Call',
						parameters: { resource: 'call', operation: 'make', agentId: { __rl: true, mode: 'id', value: job.agent }, to: '={{ $json.phone }}', options: job.options } as INodeParameters,
						settings: { continueOnFail: true },
					},
				],
				credentials: { apiToken: job.token, baseUrl: job.baseUrl },
			}),
		),
	);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	let succeeded = 0;
	let failed = 0;
	let mayBePlaced = 0;
	let outputBytes = 0;
	for (const run of runs) {
		const output = run.data.resultData.runData['Make Call']?.[0]?.data?.main?.[0] ?? [];
		outputBytes += Buffer.byteLength(JSON.stringify(output));
		for (const item of output) {
			if (item.json.error === undefined && item.error === undefined) succeeded += 1;
			else {
				failed += 1;
				if (/may already have been placed/i.test(`${item.json.error} ${(item.error as { description?: string } | undefined)?.description ?? ''}`)) mayBePlaced += 1;
			}
		}
		failed += Math.max(0, job.items - output.length);
	}
	const result: WorkerResult = { wallMs, succeeded, failed, mayBePlaced, maxRssMb: process.resourceUsage().maxRSS / 1024, rssBeforeMb, outputMb: outputBytes / 2 ** 20, heapBeforeMb, heapAfterMb: heapMb() };
	process.stdout.write(`${JSON.stringify(result)}\n`);
	stopN8nTimers();
	process.exit(0);
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});
