import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mayHaveBeenProcessed, pause } from '../transport';
import * as agent from './agent';
import * as call from './call';
import type { TalkoverOperation } from './common';
import * as flow from './flow';
import type { Batching } from './options';
import { checkOptions } from './options';
import * as phoneNumber from './phoneNumber';

const operations: Record<string, Record<string, TalkoverOperation<unknown>>> = {
	agent: {
		create: agent.create,
		delete: agent.deleteAgent,
		get: agent.get,
		getMany: agent.getMany,
		publish: agent.publish,
		unpublish: agent.unpublish,
		updateCalling: agent.updateCalling,
		updateFlow: agent.updateFlow,
	},
	call: {
		end: call.end,
		getActive: call.getActive,
		getMany: call.getMany,
		make: call.make,
	},
	flow: {
		get: flow.get,
		getVersions: flow.getVersions,
		validate: flow.validate,
	},
	phoneNumber: {
		getMany: phoneNumber.getMany,
	},
};

type NodeError = NodeApiError | NodeOperationError;

/** One item's output, or the error that stops the run (without Continue On Fail). */
interface ItemResult {
	output: INodeExecutionData[];
	stop?: NodeError;
}

/** An error item; `error` set on the item is what routes it to n8n's error output. */
function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, error, pairedItem: { item: itemIndex } };
}

/** The error as n8n shows it; NodeApiError and NodeOperationError come back unchanged. */
function asNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError) return new NodeApiError(node, error as unknown as JsonObject);
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * What was sent for the items of operations that must never be sent twice (a call costs money). n8n's
 * "Retry On Fail" runs the whole node again, with the same execution and run index; the ledger lets
 * that second run reuse what the first one got instead of sending again. An item whose request may
 * have been processed (5xx, timeout, dropped connection) is not sent again either: its error stands.
 */
interface LedgerEntry {
	request: string;
	results?: IDataObject[];
	error?: NodeError;
}

const LEDGER_TTL_MS = 60 * 60 * 1000;
const LEDGER_MAX_RUNS = 500;
const ledger = new Map<string, { at: number; items: Map<number, LedgerEntry> }>();

function ledgerFor(ctx: IExecuteFunctions): Map<number, LedgerEntry> | undefined {
	const executionId = ctx.getExecutionId();
	if (!executionId) return undefined;
	const now = Date.now();
	for (const [key, run] of ledger) {
		if (now - run.at > LEDGER_TTL_MS || ledger.size > LEDGER_MAX_RUNS) ledger.delete(key);
	}
	const key = `${executionId}\u0000${ctx.getNode().name}\u0000${String(ctx.getWorkflowDataProxy(0).$runIndex)}`;
	let run = ledger.get(key);
	if (!run) {
		run = { at: now, items: new Map() };
		ledger.set(key, run);
	}
	return run.items;
}

/** True once the user stopped the execution: nothing more is sent and no error item is made. */
function cancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

/**
 * Runs one operation over all input items in two passes: first every item's parameters are read and
 * checked (so bad input stops the run before anything is sent), then the requests go out with up to
 * Options → Batch Size items in flight (1: one item after the other; see runAll). With "Continue On
 * Fail" a bad or failed item becomes an error item and the others go on; without it no further item
 * starts after a failure. Output order is input order, whatever finishes first, and every output
 * item is paired with the input item it came from.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}

	const prepared: Array<{ value?: unknown; error?: unknown }> = [];
	let batching: Batching = { batchSize: 1, batchInterval: 0 };
	for (let i = 0; i < items.length; i++) {
		try {
			const itemBatching = checkOptions.call(this, i);
			if (i === 0) batching = itemBatching;
			prepared.push({ value: handler.prepare.call(this, i) });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, i);
			prepared.push({ error });
		}
	}

	const sent = handler.sendsOnce ? ledgerFor(this) : undefined;

	const failed = (nodeError: NodeError, i: number): ItemResult =>
		this.continueOnFail() ? { output: [errorItem(nodeError, i)] } : { output: [], stop: nodeError };

	/** What is already known of an item without sending: bad input, or the ledger of an earlier try. */
	const settled = (i: number): ItemResult | undefined => {
		const { value, error } = prepared[i];
		if (error !== undefined) return { output: [errorItem(asNodeError(this.getNode(), error, i), i)] };
		const before = sent?.get(i);
		if (!before || before.request !== JSON.stringify(value)) return undefined;
		if (before.error) return failed(before.error, i);
		return { output: (before.results ?? []).map((json) => ({ json, pairedItem: { item: i } })) };
	};

	/** Sends one item's request(s). */
	const runItem = async (i: number): Promise<ItemResult> => {
		const { value } = prepared[i];
		const request = JSON.stringify(value);
		try {
			const results = await handler.execute.call(this, value, i);
			sent?.set(i, { request, results });
			return { output: results.map((json) => ({ json, pairedItem: { item: i } })) };
		} catch (failure) {
			const nodeError = asNodeError(this.getNode(), failure, i);
			if (cancelled(this)) throw nodeError;
			if (sent && mayHaveBeenProcessed(nodeError)) sent.set(i, { request, error: nodeError });
			return failed(nodeError, i);
		}
	};

	const results = await runAll(items.length, batching, settled, runItem, this.getExecutionCancelSignal?.());
	const output: INodeExecutionData[] = [];
	for (const result of results) output.push(...(result?.output ?? []));
	return [output];
}

/**
 * Runs `runItem` for items 0…count-1 and returns their results in item order. Batch Interval 0: up to
 * Batch Size items in flight at any time (a new one starts as soon as one finishes). Batch Interval > 0:
 * groups of Batch Size items, each group after the previous one has finished and the interval has
 * passed. A result with `stop` ends the run once the items already started have settled (so each of
 * them is recorded in the ledger); items not yet started are not sent.
 */
async function runAll(
	count: number,
	{ batchSize, batchInterval }: Batching,
	settled: (i: number) => ItemResult | undefined,
	runItem: (i: number) => Promise<ItemResult>,
	signal: AbortSignal | undefined,
): Promise<ItemResult[]> {
	const results: ItemResult[] = new Array(count);
	// Items already settled come first, in order: after a settled failure nothing later is sent,
	// exactly as in a sequential run.
	let end = count;
	for (let i = 0; i < end; i++) {
		const known = settled(i);
		if (known) results[i] = known;
		if (known?.stop) end = i;
	}
	const pending = Array.from({ length: end }, (_, i) => i).filter((i) => results[i] === undefined);
	let stop: NodeError | undefined;
	if (batchInterval > 0) {
		for (let start = 0; start < pending.length && !stop; start += batchSize) {
			if (start > 0) await pause(batchInterval, signal);
			const batch = pending.slice(start, start + batchSize);
			await Promise.all(batch.map(async (i) => (results[i] = await runItem(i))));
			stop = batch.map((i) => results[i].stop).find((e) => e !== undefined);
		}
	} else {
		let next = 0;
		const worker = async () => {
			while (next < pending.length && !stop && !signal?.aborted) {
				const i = pending[next++];
				results[i] = await runItem(i);
				stop ??= results[i].stop;
			}
		};
		await Promise.all(Array.from({ length: Math.min(batchSize, pending.length) }, worker));
	}
	// The failure of the lowest item is the one reported, as in a sequential run.
	stop = results.find((r) => r?.stop)?.stop;
	if (stop) throw stop;
	return results;
}
