import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { clock } from '../../../shared/transport';
import type { NodeError } from './errorItem';

/**
 * The send-once record: what was sent for the items of operations that may not be repeated (a call
 * costs money). n8n's "Retry On Fail" runs the whole node again, with the same execution and run
 * index; the record lets that second run reuse what the first one got instead of sending again. An
 * item whose request may have been processed (5xx, timeout, dropped connection) is not sent again
 * either: its error stands.
 */
export interface SentEntry {
	/** The item's prepared request, as JSON: a changed request is a new one. */
	request: string;
	results?: IDataObject[];
	error?: NodeError;
}

/** How long a run is remembered, and how many runs at most. */
export const RECORD_TTL_MS = 60 * 60 * 1000;
export const RECORD_MAX_RUNS = 500;

const runs = new Map<string, { at: number; items: Map<number, SentEntry> }>();

/** The record of one run (created empty); runs older than the TTL or beyond the maximum are forgotten. */
export function sentRecord(key: string, now = clock.now()): Map<number, SentEntry> {
	for (const [other, run] of runs) {
		if (now - run.at > RECORD_TTL_MS || runs.size > RECORD_MAX_RUNS) runs.delete(other);
	}
	let run = runs.get(key);
	if (!run) {
		run = { at: now, items: new Map() };
		runs.set(key, run);
	}
	return run.items;
}

/** The record of this node's run in this execution (none outside an execution). */
export function sentRecordFor(ctx: IExecuteFunctions): Map<number, SentEntry> | undefined {
	const executionId = ctx.getExecutionId();
	if (!executionId) return undefined;
	return sentRecord(`${executionId}\u0000${ctx.getNode().name}\u0000${String(ctx.getWorkflowDataProxy(0).$runIndex)}`);
}

/** What an earlier try of the same run got for this exact request (undefined: send it). */
export function earlierTry(record: Map<number, SentEntry> | undefined, itemIndex: number, request: string): SentEntry | undefined {
	const before = record?.get(itemIndex);
	return before && before.request === request ? before : undefined;
}

/** Forgets every run (tests). */
export function forgetSentRecords(): void {
	runs.clear();
}
