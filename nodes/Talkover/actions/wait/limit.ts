import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter } from '../../../shared/validation';
import type { Known } from './known';
import { hasEndedCall, itemKey, missingEvents } from './known';
import { outcomeOf } from './outcome';
import type { CallItem, WaitRecord } from './record';
import { isCallItem } from './record';

/** Make and Wait for Outcome: half an hour covers ringing, a long conversation and Talkover's retries of its event. */
export const CALL_WAIT_LIMIT_MINUTES = 30;

/** The longest Wait Limit of a call the node places itself (a day). */
export const MAX_CALL_WAIT_LIMIT_MINUTES = 24 * 60;

/**
 * Add Call and Wait for Outcome: 3 days, as a campaign dials within its own hours and days and tries a number
 * again after its cooldown (24 hours in Get Campaign's example); at most 14 days.
 */
export const CAMPAIGN_WAIT_LIMIT_MINUTES = 3 * 24 * 60;
export const MAX_CAMPAIGN_WAIT_LIMIT_MINUTES = 14 * 24 * 60;

/** The Wait Limit parameter (`waitLimit`, minutes). */
export function waitLimitField(defaultMinutes: number, maxMinutes: number): INodeProperties {
	return {
		displayName: 'Wait Limit (Minutes)',
		name: 'waitLimit',
		type: 'number',
		default: defaultMinutes,
		typeOptions: { minValue: 1, maxValue: maxMinutes, numberPrecision: 0 },
		description:
			'How long the execution waits for the call to end, counted from when Talkover accepted the call. A call Talkover has not reported as ended by then comes out with outcome "timedOut" and its last status as Talkover lists it.',
	};
}

/** The item's Wait Limit in milliseconds, checked (a clear error naming the field and the item). */
export function readWaitLimitMs(ctx: IExecuteFunctions, itemIndex: number, field: INodeProperties): number {
	const minutes = checkParameter(ctx, itemIndex, field, ctx.getNodeParameter('waitLimit', itemIndex, field.default)) as number;
	return minutes * 60_000;
}

/**
 * Each call's Wait Limit counts from when Talkover accepted it (a run that takes a while to place its calls,
 * with Batch Interval or the account's pacing, takes nothing off a later call's wait), and each item keeps its
 * own. The wait ends once every call has ended (with the per-call events picked, or their while passed) or
 * reached its own limit.
 */

/** How soon after a limit check the next one may come (limits a minute apart are checked together). */
export const LIMIT_STEP_MS = 60_000;

/** An ended call still waiting for a per-call event picked (not one that never connected: none comes for it). */
function awaitsEvents(item: CallItem, known: Known): boolean {
	const end = known.ends.get(itemKey(item));
	return end !== undefined && outcomeOf(end.event, end.fields, known.voicemail.has(itemKey(item))) !== 'notReached' && missingEvents(item, known).length > 0;
}

/** The calls the wait still waits for: not known to have ended, or ended and waiting for a per-call event picked. */
function wanted(record: WaitRecord, known: Known): CallItem[] {
	return record.items.filter((item): item is CallItem => isCallItem(item) && (!hasEndedCall(item, known) || awaitsEvents(item, known)));
}

/** The earliest Wait Limit of the wait's calls (the first moment the wait may end at a limit). */
export function firstLimit(record: WaitRecord): number {
	const limits = record.items.filter(isCallItem).map((item) => item.deadline);
	return limits.length ? Math.min(...limits) : record.deadline;
}

/**
 * Whether every call the wait still waits for has reached its own Wait Limit at `now` (`early`: how far ahead
 * of this clock a limit may be and still count, for an alarm from a process whose clock may be ahead).
 */
export function limitsReached(record: WaitRecord, known: Known, now: number, early = 0): boolean {
	return wanted(record, known).every((item) => now >= item.deadline - early);
}

/** How many calls not known to have ended are still within their own Wait Limit. */
export function openWithinLimits(record: WaitRecord, known: Known, now: number, early = 0): number {
	return record.items.filter((item) => isCallItem(item) && !hasEndedCall(item, known) && now < item.deadline - early).length;
}

/** When to look at the limits next: the earliest limit of a call still waited for that has not been reached, at least LIMIT_STEP_MS on. */
export function nextLimit(record: WaitRecord, known: Known, now: number, early = 0): number {
	const ahead = wanted(record, known)
		.map((item) => item.deadline)
		.filter((deadline) => now < deadline - early);
	return Math.max(now + LIMIT_STEP_MS, ahead.length ? Math.min(...ahead) : record.deadline);
}
