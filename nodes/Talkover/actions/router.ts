import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mayHaveBeenProcessed } from '../../shared/transport';
import * as agent from './agent';
import * as calendar from './calendar';
import * as calendarEvent from './calendarEvent';
import * as call from './call';
import * as campaign from './campaign';
import * as credit from './credit';
import type { NodeError } from './engine/errorItem';
import { asNodeError, errorItem } from './engine/errorItem';
import { readOptions } from './engine/options';
import type { Batching, ItemResult } from './engine/scheduler';
import { runAll } from './engine/scheduler';
import { earlierTry, sentRecordFor } from './engine/sendOnce';
import * as flow from './flow';
import type { ItemContext, TalkoverOperation } from './operation';
import * as phoneNumber from './phoneNumber';

const operations: Record<string, Record<string, TalkoverOperation<unknown>>> = {
	agent: agent.operations,
	calendar: calendar.operations,
	calendarEvent: calendarEvent.operations,
	call: call.operations,
	campaign: campaign.operations,
	credit: credit.operations,
	flow: flow.operations,
	phoneNumber: phoneNumber.operations,
};

type Result = ItemResult<INodeExecutionData, NodeError>;

/** True once the user stopped the execution: nothing more is sent and no error item is made. */
function cancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

/**
 * Runs one operation over all input items in two passes: first every item's parameters and Options
 * are read and checked (so bad input stops the run before anything is sent), then the requests go
 * out with up to Options → Batch Size items in flight (see engine/scheduler). With "Continue On Fail"
 * a bad or failed item becomes an error item and the others go on; without it no further item starts
 * after a failure. Output order is input order, whatever finishes first, and every output item is
 * paired with the input item it came from. An operation that is not `repeatable` is sent at most once
 * per item (engine/sendOnce).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}

	const signal = this.getExecutionCancelSignal?.();
	const prepared: Array<{ value?: unknown; error?: unknown; item?: ItemContext }> = [];
	let batching: Batching = { batchSize: 1, batchInterval: 0 };
	for (let i = 0; i < items.length; i++) {
		try {
			const { maxRetries, ...itemBatching } = readOptions.call(this, i);
			if (i === 0) batching = itemBatching;
			prepared.push({ value: handler.prepare.call(this, i), item: { itemIndex: i, maxRetries, signal } });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, i);
			prepared.push({ error });
		}
	}

	const sent = handler.repeatable ? undefined : sentRecordFor(this);

	const failed = (nodeError: NodeError, i: number): Result =>
		this.continueOnFail() ? { output: [errorItem(nodeError, i)] } : { output: [], stop: nodeError };

	/** What is already known of an item without sending: bad input, or the record of an earlier try. */
	const settled = (i: number): Result | undefined => {
		const { value, error } = prepared[i];
		if (error !== undefined) return { output: [errorItem(asNodeError(this.getNode(), error, i), i)] };
		const before = earlierTry(sent, i, JSON.stringify(value));
		if (!before) return undefined;
		if (before.error) return failed(before.error, i);
		return { output: (before.results ?? []).map((json) => ({ json, pairedItem: { item: i } })) };
	};

	/** Sends one item's request(s). */
	const runItem = async (i: number): Promise<Result> => {
		const { value, item } = prepared[i];
		const request = JSON.stringify(value);
		try {
			const results = await handler.execute.call(this, value, item!);
			sent?.set(i, { request, results });
			return { output: results.map((json) => ({ json, pairedItem: { item: i } })) };
		} catch (failure) {
			const nodeError = asNodeError(this.getNode(), failure, i);
			if (cancelled(this)) throw nodeError;
			if (sent && mayHaveBeenProcessed(nodeError)) sent.set(i, { request, error: nodeError });
			return failed(nodeError, i);
		}
	};

	const results = await runAll(items.length, batching, settled, runItem, signal);
	const output: INodeExecutionData[] = [];
	for (const result of results) output.push(...(result?.output ?? []));
	return [output];
}
