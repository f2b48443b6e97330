import type { CallEntry } from './callList';

/**
 * When a listed call rang and ended, as far as its entry tells: every window and skip that judges a listed call by
 * its time asks this one function (never `created_at` alone). A call is created when it is requested; Make Call's
 * `delay_seconds` (0–3600, make-call.mdx; Calling Hours' schedule sends it too) starts it up to an hour later, and
 * a call lasts its `duration`. The list documents `created_at`, `updated_at` (the entry's last change: at or after
 * the call's end) and `duration` (seconds, "0 if not completed") as required; openapi.json's Call requires no field,
 * and `delay_seconds` is in no list's example: an entry without them is read toward not dialling twice.
 */

/** The longest Talkover starts a call after it was requested (make-call.mdx: `delay_seconds` at most 3600). */
export const MAX_DELAY_MS = 3600_000;

/** How long an ended call whose entry gives neither its last change (`updated_at`) nor its duration is taken to have lasted. */
export const UNKNOWN_LENGTH_MS = 3600_000;

/** How long before a moment a call may have been created and still ring or end at it (a read's `date_from` reaches back this much more). */
export const CREATED_BEFORE_ITS_END_MS = MAX_DELAY_MS + UNKNOWN_LENGTH_MS;

export interface CallMoments {
	/** When it was requested (created_at). */
	requestedAt: number;
	/** The earliest it can have rung: created_at plus its delay (none when the entry gives none). */
	earliestRing: number;
	/** The latest it may ring: created_at plus its delay, or plus the longest delay when the entry gives none. */
	latestRing: number;
	/**
	 * The latest it may have ended, once it has ended: its last change (`updated_at`, when readable), and never
	 * before its earliest ring plus its duration; without `updated_at`, its latest ring plus its duration (or
	 * UNKNOWN_LENGTH_MS when it gives none).
	 */
	latestEnd: number;
	/** The latest moment the ended call may have rung or ended (it rang before it ended): what a window compares. */
	latest: number;
}

/** A listed call's moments (see above); `entry` read by callList's reader. */
export function callMoments(entry: CallEntry): CallMoments {
	const requestedAt = entry.createdAt;
	const delay = entry.delaySeconds === undefined ? undefined : entry.delaySeconds * 1000;
	const earliestRing = requestedAt + (delay ?? 0);
	const latestRing = requestedAt + (delay ?? MAX_DELAY_MS);
	const length = entry.durationSeconds === undefined ? undefined : entry.durationSeconds * 1000;
	const latestEnd =
		entry.updatedAt !== undefined && entry.updatedAt >= requestedAt
			? Math.max(entry.updatedAt, earliestRing + (length ?? 0))
			: latestRing + (length ?? UNKNOWN_LENGTH_MS);
	return { requestedAt, earliestRing, latestRing, latestEnd, latest: latestEnd };
}
