import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as agent from './agent';
import * as call from './call';
import type { TalkoverOperation } from './common';

const operations: Record<string, Record<string, TalkoverOperation<unknown>>> = {
	agent: {
		create: agent.create,
		updateCalling: agent.updateCalling,
		updateFlow: agent.updateFlow,
	},
	call: {
		getActive: call.getActive,
	},
};

/** An error item; `error` set on the item is what routes it to n8n's error output. */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, error, pairedItem: { item: itemIndex } };
}

/** The error as n8n shows it; NodeApiError and NodeOperationError come back unchanged. */
function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) return new NodeApiError(node, error as unknown as JsonObject);
	return new NodeOperationError(node, error as Error, { itemIndex });
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

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const { value, error } = prepared[i];
		if (error !== undefined) {
			output.push(errorItem(asNodeError(this.getNode(), error, i), i));
			continue;
		}
		try {
			const results = await handler.execute.call(this, value, i);
			for (const json of results) output.push({ json, pairedItem: { item: i } });
		} catch (failure) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), failure, i);
			output.push(errorItem(asNodeError(this.getNode(), failure, i), i));
		}
	}
	return [output];
}
