import type { IDataObject, INode } from 'n8n-workflow';

import { invalidInput, show } from '../../shared/validation';
import { maxCallsPerExecutionOption, TOOL_CALL_CAP } from './callCapDescription';
import type { ToolSignals } from './runsAsTool';
import { runsAsTool } from './runsAsTool';

type Ctx = ToolSignals & { getNode(): INode; getNodeParameter?: (name: string, itemIndex: number, fallback?: unknown) => unknown };

function capOf(ctx: Ctx, itemIndex: number, value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return runsAsTool(ctx) ? TOOL_CALL_CAP : undefined;
	const cap = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof cap !== 'number' || !Number.isSafeInteger(cap) || cap < 0) {
		throw invalidInput(ctx, itemIndex, maxCallsPerExecutionOption, `${show(value)} is not a number of calls; use a whole number, 0 for no limit`);
	}
	return cap === 0 ? undefined : cap;
}

function firstItemCap(ctx: Ctx): { cap: number | undefined } | undefined {
	try {
		const options = ctx.getNodeParameter?.('options', 0, {}) as IDataObject | undefined;
		if (!options || typeof options !== 'object') return undefined;
		return { cap: capOf(ctx, 0, options[maxCallsPerExecutionOption.name]) };
	} catch {
		// The first item's own value is wrong: it fails on its own.
		return undefined;
	}
}

/**
 * Options → Max Calls per Execution, read and checked before any request: a whole number from 0 up, or an
 * error naming the field, the value and the item. Not set: no cap in a workflow, TOOL_CALL_CAP when the node
 * runs as a tool. 0: no cap. The cap is one for the whole execution: an item whose value (an expression)
 * differs from the first item's fails, naming both, so no item is counted against another cap.
 *
 * Returns the cap, or undefined for none.
 */
export function readCallCap(ctx: Ctx, itemIndex: number, options: IDataObject): number | undefined {
	const cap = capOf(ctx, itemIndex, options[maxCallsPerExecutionOption.name]);
	const first = itemIndex > 0 ? firstItemCap(ctx) : undefined;
	if (first && first.cap !== cap) {
		const shown = (n: number | undefined) => (n === undefined ? 'no limit' : String(n));
		throw invalidInput(
			ctx,
			itemIndex,
			maxCallsPerExecutionOption,
			`${shown(cap)} differs from item 0's ${shown(first.cap)}; the limit counts the whole execution, so it takes one value: give every item the same (a fixed number, or an expression that does not depend on the item)`,
		);
	}
	return cap;
}
