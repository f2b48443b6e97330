/**
 * What n8n passes on when it ends a wait itself (at `endsItselfAt`, BACKSTOP_MS after the latest Wait Limit): n8n
 * then runs no node code (its WaitTracker resumes the execution with the waiting node disabled, so the node's
 * input, as n8n saved it when the execution began to wait, passes on). That happens when neither the node's alarm
 * at the limit nor a call's end reached the wait: the alarms live in the process that set them, so n8n restarted
 * while the execution waited. So the input n8n keeps for that moment is every item's output as the wait knows it
 * when it begins: an item that placed no call as it came out, and each call `timedOut: true` with `outcome:
 * "unknown"` (nothing of its end was read: it may have been answered, its end even received before the restart,
 * which a wait keeps nowhere n8n's own end reads), without the status it was placed with, saying why and when. A wait that ends otherwise (the node's webhook()) never passes this on: n8n replaces it
 * with the webhook's output.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { outputItems, withAttempts } from './finish';
import { itemKey, nothingKnown } from './known';
import type { LastStatus } from './known';
import type { CallItem, WaitRecord } from './record';
import { isCallItem } from './record';
import { endsItselfAt } from './signals';

/** Every item's output if n8n ends the wait itself (see above). */
export function backstopItems(record: WaitRecord): INodeExecutionData[] {
	const at = new Date(endsItselfAt(record.deadline)).toISOString();
	const error = `n8n ended the wait itself at ${at}, 10 minutes after the Wait Limit: the node's own check at the limit did not come (n8n was restarted while the execution waited), so whether and how the call ended was not read. Call → Get Many (filter by the number) tells how it went.`;
	// Calls the wait placed itself after the first (Call Again Until Reached inside the wait) are in no record n8n's own end reads.
	const later = ' Calls Call Again Until Reached placed after this one while the execution waited are not in attempts: Call → Get Many lists them.';
	const statuses = new Map<string, LastStatus>(record.items.filter(isCallItem).map((item) => [itemKey(item), { error: item.callAgain?.resend ? error + later : error }]));
	return outputItems(record, nothingKnown(), statuses).map((item, i) => {
		if (!isCallItem(record.items[i])) return item;
		// The status the call was placed with is not its status now: left out, as nothing later was read.
		const json: IDataObject = { ...item.json, outcome: 'unknown' };
		delete json.status;
		delete json.current_status;
		// Call Again Until Reached: the attempt's outcome unknown too, and no next call (it may have been answered).
		return { ...item, json: withAttempts(record.items[i] as CallItem, json, undefined, endsItselfAt(record.deadline)) };
	});
}

/** The tries of a run of the node that reached the wait (n8n's Retry On Fail runs it again on the same execute data). */
const tries = new WeakMap<object, number>();

/**
 * How many times n8n runs a node with Retry On Fail at most (n8n-core's WorkflowExecute: Max Tries, 2 to 5, 3 when
 * unset), once without.
 */
function maxTriesOf(node: INode): number {
	return node.retryOnFail === true ? Math.min(5, Math.max(2, node.maxTries || 3)) : 1;
}

/**
 * Keeps `backstopItems` as what n8n passes on if it ends the wait itself: the node's input in the execution's stack
 * (n8n-core's execute data, which n8n saves with the waiting execution and puts back on the stack), replaced, never
 * changed in place (the items are the node before's output too). Not while n8n may run the node again with that
 * input (Retry On Fail runs it again when its first output item is an error, while tries are left): a later try
 * reads its input, and its expressions their items, from there. A try that failed before its wait is not counted,
 * so the node rather leaves the input as it was than gives a later try other items.
 */
export function passOnAtBackstop(ctx: IExecuteFunctions, record: WaitRecord, output: INodeExecutionData[]): void {
	const executeData = typeof ctx.getExecuteData === 'function' ? ctx.getExecuteData() : undefined;
	const main = executeData?.data?.main;
	if (!executeData || !Array.isArray(main)) return;
	const tried = (tries.get(executeData) ?? 0) + 1;
	tries.set(executeData, tried);
	if (output[0]?.json.error !== undefined && tried < maxTriesOf(ctx.getNode())) return;
	executeData.data = { ...executeData.data, main: [backstopItems(record), ...main.slice(1)] };
}
