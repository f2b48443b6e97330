import type { IDataObject } from 'n8n-workflow';

import type { Attempt } from './attempts';
import { attemptOf } from './attempts';
import { nextAttemptAt } from './next';
import type { AttemptPlan } from './plan';

const iso = (ms: number) => new Date(ms).toISOString();

/** The item's fields but an earlier pass's `nextAttemptAt` and `nextCallError` (this pass says its own, or none). */
function withoutNext(json: IDataObject): IDataObject {
	const rest = { ...json };
	delete rest.nextAttemptAt;
	delete rest.nextCallError;
	return rest;
}

/**
 * The output of an item whose call the wait waited on, with Call Again Until Reached: the call's own output (the
 * last attempt's fields at the top, as without the option), `attempts` (every call to the lead, this one last) and
 * `nextAttemptAt` (ISO) when another call is due, counted from Talkover's time of the end (`endedAt`), else from
 * `now` (when the end was read, or the limit).
 */
export function attemptOutput(plan: AttemptPlan, json: IDataObject, call: { callId: string; endedAt?: number; now: number }): IDataObject {
	const endedAt = call.endedAt !== undefined && Number.isFinite(call.endedAt) ? call.endedAt : call.now;
	const attempts: Attempt[] = [...plan.before, attemptOf(json, plan.before, call.callId, plan.ringsAt, endedAt)];
	// The wait did not place the next call: said; when Talkover may have placed it, or the lead was called otherwise, none is due.
	const next = plan.notPlaced?.nextDue === false ? undefined : nextAttemptAt(plan, attempts, endedAt);
	return { ...withoutNext(json), attempts, ...(next !== undefined ? { nextAttemptAt: iso(next) } : {}), ...(plan.notPlaced ? { nextCallError: plan.notPlaced.message } : {}) };
}

/**
 * The output of an item the node did not dial (an option skipped it: `skipped: true`), with Call Again Until
 * Reached: its attempts as it carried them, and `nextAttemptAt` when the skip names the moment the call becomes
 * possible (`nextAllowedAtUtc`: Calling Hours, Max Calls per Day), so the loop brings it back then. A skip that names
 * no moment (Skip Numbers Called Within: the lead was called otherwise) ends the loop.
 */
export function skippedAttemptOutput(before: readonly Attempt[], json: IDataObject): IDataObject {
	const at = typeof json.nextAllowedAtUtc === 'string' ? Date.parse(json.nextAllowedAtUtc) : NaN;
	return { ...withoutNext(json), attempts: [...before], ...(Number.isFinite(at) ? { nextAttemptAt: iso(at) } : {}) };
}
