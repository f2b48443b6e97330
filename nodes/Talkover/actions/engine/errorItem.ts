import type { INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type NodeError = NodeApiError | NodeOperationError;

/**
 * The error as n8n shows it: a NodeApiError or NodeOperationError as a copy of its own, anything else wrapped.
 * n8n's constructors hand back the very error they are given when it is already theirs: the copy keeps what one
 * item's error is told (a prefix, a line of description) from reaching another item that shares the failure
 * (one read of the calls already made, for every item of an agent).
 */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		const copy = Object.create(Object.getPrototypeOf(error), Object.getOwnPropertyDescriptors(error)) as NodeError;
		// What a later step changes in place (a mark deleted from the context, a message added) is its own too.
		copy.context = { ...error.context };
		copy.messages = [...(error.messages ?? [])];
		return copy;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * Everything the error says, as lines: the message, the HTTP status, the description (what Talkover
 * said, what to do, each problem), and Talkover's error code when the description does not name it.
 */
export function fullText(error: NodeError): string {
	const lines = [error.message];
	const httpCode = (error as NodeApiError).httpCode;
	if (httpCode) lines.push(`HTTP status: ${httpCode}`);
	if (error.description) lines.push(error.description);
	const code = error.context?.code;
	if (typeof code === 'string' && !String(error.description ?? '').includes(`Error code: ${code}`)) lines.push(`Error code: ${code}`);
	return lines.join('\n');
}

/**
 * An error item (Continue On Fail, "Continue (regular output)" or "Continue (error output)"): the JSON
 * `{ error: <message>, message: <everything the error says> }`, without n8n's `item.error`. n8n rewrites
 * the JSON of an item that carries `error` to `{ error: <message> }` (the description, the code, the
 * problem lines would be lost for the next node), and routes exactly this two-key JSON to the error
 * output, with the input item's fields added.
 */
export function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	return { json: { error: error.message, message: fullText(error) }, pairedItem: { item: itemIndex } };
}
