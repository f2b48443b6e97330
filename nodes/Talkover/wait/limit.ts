import type { Known } from './known';
import { awaitsEvents, hasEndedCall } from './known';
import type { CallItem, WaitRecord } from './record';
import { isCallItem } from './record';

/**
 * Each call's Wait Limit counts from when it rings: when Talkover accepted it plus the delay it was sent with (a
 * run that takes a while to place its calls, with Batch Interval or the account's pacing, takes nothing off a
 * later call's wait; a call delayed an hour is waited on for its whole limit once it rings), and each item keeps
 * its own (`deadline`, start.ts). The wait ends once every call has ended (with the per-call events picked, or their while passed) or
 * reached its own limit.
 */

/** How soon after a limit check the next one may come (limits a minute apart are checked together). */
export const LIMIT_STEP_MS = 60_000;

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
