import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mayHaveBeenProcessed } from '../transport';
import * as agent from './agent';
import * as call from './call';
import type { TalkoverOperation } from './common';
import * as flow from './flow';
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

/**
 * Runs one operation over all input items in two passes: first every item's parameters are read and
 * checked (so bad input stops the run before anything is sent), then the requests go out one item
 * at a time, in order. With "Continue On Fail" a bad or failed item becomes an error item and the
 * others go on; every output item is paired with the input item it came from.
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
	for (let i = 0; i < items.length; i++) {
		try {
			prepared.push({ value: handler.prepare.call(this, i) });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, i);
			prepared.push({ error });
		}
	}

	const sent = handler.sendsOnce ? ledgerFor(this) : undefined;
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const { value, error } = prepared[i];
		if (error !== undefined) {
			output.push(errorItem(asNodeError(this.getNode(), error, i), i));
			continue;
		}
		const request = JSON.stringify(value);
		const before = sent?.get(i);
		const earlier = before?.request === request ? before : undefined;
		try {
			if (earlier?.error) throw earlier.error;
			const results = earlier?.results ?? (await handler.execute.call(this, value, i));
			sent?.set(i, { request, results });
			for (const json of results) output.push({ json, pairedItem: { item: i } });
		} catch (failure) {
			const nodeError = asNodeError(this.getNode(), failure, i);
			if (sent && mayHaveBeenProcessed(nodeError)) sent.set(i, { request, error: nodeError });
			if (!this.continueOnFail()) throw nodeError;
			output.push(errorItem(nodeError, i));
		}
	}
	return [output];
}
