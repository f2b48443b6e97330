import type { AllowedMoment } from './moment';

/**
 * The longest delay Make Call accepts: make-call.mdx documents `delay_seconds` as an integer, "Range:
 * `0`–`3600` (1 hour)". openapi.json does not list `delay_seconds` for POST /agents/{agent_id}/call: the
 * page is the only document that gives a range, so its maximum is the one kept.
 */
export const MAX_DELAY_SECONDS = 3600;

/**
 * The whole seconds from `now` (ms since the epoch) to `next`, rounded up so the call never starts
 * before the allowed moment; undefined when that is more than MAX_DELAY_SECONDS away (the item is then
 * skipped rather than delayed). 0 when the moment is now or past.
 */
export function delaySecondsUntil(next: AllowedMoment | number, now: number): number | undefined {
	const at = typeof next === 'number' ? next : Date.parse(next.utc);
	const seconds = Math.max(0, Math.ceil((at - now) / 1000));
	return seconds <= MAX_DELAY_SECONDS ? seconds : undefined;
}
