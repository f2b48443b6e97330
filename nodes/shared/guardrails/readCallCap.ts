import type { IDataObject, INode } from 'n8n-workflow';

import { invalidInput, show } from '../validation';
import { maxCallsPerExecutionOption, TOOL_CALL_CAP } from './callCapDescription';
import type { ToolSignals } from './runsAsTool';
import { runsAsTool } from './runsAsTool';

/**
 * Options → Max Calls per Execution, read and checked before any request: a whole number from 0 up, or an
 * error naming the field, the value and the item. Not set: no cap in a workflow, TOOL_CALL_CAP when the node
 * runs as a tool. 0: no cap.
 *
 * Returns the cap, or undefined for none.
 */
export function readCallCap(ctx: ToolSignals & { getNode(): INode }, itemIndex: number, options: IDataObject): number | undefined {
	const value = options[maxCallsPerExecutionOption.name];
	if (value === undefined || value === null || value === '') return runsAsTool(ctx) ? TOOL_CALL_CAP : undefined;
	const cap = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof cap !== 'number' || !Number.isSafeInteger(cap) || cap < 0) {
		throw invalidInput(ctx, itemIndex, maxCallsPerExecutionOption, `${show(value)} is not a number of calls; use a whole number, 0 for no limit`);
	}
	return cap === 0 ? undefined : cap;
}
