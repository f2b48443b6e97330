import { CREATED_BEFORE_ITS_END_MS } from './callMoments';

/**
 * The day a list of calls is asked from (List Calls' and Get Agent Calls' `date_from`, `YYYY-MM-DD`): a day in a
 * time zone the pages do not name, so a read of the calls that may ring or end from a moment on asks from the day
 * that holds that moment less the most a Talkover day can be ahead of or behind UTC and how long before a moment a
 * call may have been created and still ring or end at it (callMoments).
 */

/** The most a Talkover day can be ahead of or behind UTC (UTC+14 to UTC−12). */
export const ZONE_MARGIN_MS = 14 * 3600_000;

/** The most a Talkover day can be ahead of or behind UTC, with how long before a moment a call may have been created and still ring or end at it. */
export const DAY_ZONE_MARGIN_MS = ZONE_MARGIN_MS + CREATED_BEFORE_ITS_END_MS;

/** The UTC day of a moment, as `date_from` takes it. */
export function day(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** `date_from` for the calls created at `since` or later. */
export function createdFrom(since: number): string {
	return day(since - ZONE_MARGIN_MS);
}

/** `date_from` for the calls that may ring or end at `since` or later. */
export function callsFrom(since: number): string {
	return day(since - DAY_ZONE_MARGIN_MS);
}
