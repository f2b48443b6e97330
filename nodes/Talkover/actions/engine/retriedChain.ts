import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { clock } from '../../../shared/transport';
import { runExecutionDataOf } from './sendOnce';

/**
 * When a retried execution's chain started, from what n8n saved of it (dialGuard.ts, "When the chain started"):
 * from then on Talkover's calls are read for the items the saved record does not hold.
 */

/** The clocks of n8n (the first execution's start) and Talkover (a call's created_at) may differ by this much. */
export const CLOCK_MARGIN_MS = 5 * 60_000;

/** How far back a retried execution reads when n8n saved nothing that dates its chain: n8n's default execution retention. */
export const UNDATED_MS = 14 * 24 * 3600_000;

/**
 * A task's start in ms, and whether n8n's recovery of a crashed execution wrote it (the event's time in seconds,
 * Luxon's toUnixInteger; its artificial item).
 */
function taskStart(task: unknown): { at: number; recovered: boolean } | undefined {
	if (task === null || typeof task !== 'object') return undefined;
	const { startTime, data } = task as { startTime?: unknown; data?: { main?: Array<Array<{ json?: IDataObject }> | null> } };
	if (typeof startTime !== 'number' || !Number.isFinite(startTime) || startTime <= 0) return undefined;
	const artificial = data?.main?.[0]?.[0]?.json?.isArtificialRecoveredEventItem === true;
	return startTime < 1e11 ? { at: startTime * 1000, recovered: true } : { at: startTime, recovered: artificial };
}

/**
 * Whether what n8n saved of the retried execution shows that this node ran there, n8n having lost what it kept of
 * it (a crash n8n recovered from its event log): the run data names the node (n8n's recovery writes the crashed
 * node's run, which n8n's Retry drops, leaving its name; a node that ran before a later one crashed keeps its
 * recovered run). Not so when the run data does not name it: an error or a crash upstream of the node (it never
 * ran), or a crash n8n kept no data of, which cannot be told apart from those here.
 */
export function ranAndWasLost(ctx: IExecuteFunctions): boolean {
	const runData = runExecutionDataOf(ctx)?.resultData?.runData ?? {};
	return Object.prototype.hasOwnProperty.call(runData, ctx.getNode().name);
}

/** Where a retried execution reads Talkover's calls from (see above); `undated`: nothing n8n saved dates its chain. */
export interface RetriedFrom {
	since: number;
	undated: boolean;
}

/**
 * On a retried execution (see above): from when Talkover's calls are read for the items the saved record does not
 * hold, or undefined (not a retry). `firstRun`: the node's mark of its first run, when an earlier execution wrote it.
 */
export function retriedSince(ctx: IExecuteFunctions, firstRun: number | undefined): RetriedFrom | undefined {
	if (typeof ctx.getMode !== 'function' || ctx.getMode() !== 'retry') return undefined;
	const runData = runExecutionDataOf(ctx)?.resultData?.runData ?? {};
	let earliest = firstRun;
	let recovered = false;
	for (const tasks of Object.values(runData)) {
		for (const task of Array.isArray(tasks) ? tasks : []) {
			const start = taskStart(task);
			if (!start) continue;
			recovered ||= start.recovered;
			if (earliest === undefined || start.at < earliest) earliest = start.at;
		}
	}
	if ((firstRun !== undefined || recovered) && earliest !== undefined) return { since: earliest - CLOCK_MARGIN_MS, undated: false };
	return { since: clock.now() - UNDATED_MS, undated: true };
}
