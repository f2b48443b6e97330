/**
 * Reading Talkover's rate-limit hints (`X-RateLimit-Limit/-Remaining/-Reset`, `Retry-After`, the 429
 * body's `details.retry_after`) into times on this machine's clock, and distrusting the ones that make
 * no sense. Pure functions: every one takes `now` (ms since the epoch).
 *
 * The API documents `X-RateLimit-Reset` only as "time when the rate limit resets", so every form a
 * server sends is read: Unix seconds, milliseconds or microseconds, seconds from now, an HTTP date or
 * an ISO 8601 time with its zone (./headerTime.ts; a time without a zone is not believed).
 * Talkover's windows are a minute long (100 or 1,000 requests a minute): a reset further ahead than
 * MAX_RESET_AHEAD_MS, or long in the past, is not believed. When the server's clock is off (its `Date`
 * header differs from ours), absolute times are read against the server's clock.
 */

import { headerTimeMs } from './headerTime';

type Headers = Record<string, unknown> | undefined;

/** The window the API documents (requests per minute); used when the server's own hints are not believable. */
export const DOCUMENTED_WINDOW_MS = 60_000;
/** A reset further ahead than this is not believed (a window is a minute; this leaves room for skew). */
export const MAX_RESET_AHEAD_MS = 2 * DOCUMENTED_WINDOW_MS;
/** A reset this far in the past still counts as "now" (clock skew within the `Date` header's 1 s resolution). */
const RESET_PAST_TOLERANCE_MS = 2_000;
/** A `Retry-After` longer than this makes no sense (a day): it is ignored, as if there were no hint. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
/** Our clock and the server's differ by more than this: absolute times are read against the server's `Date`. */
const SKEW_TOLERANCE_MS = 2_000;

export function header(headers: Headers, name: string): string | undefined {
	if (!headers) return undefined;
	const lower = name.toLowerCase();
	let value = headers[name] ?? headers[lower];
	if (value === undefined) value = Object.entries(headers).find(([key]) => key.toLowerCase() === lower)?.[1];
	if (value === undefined || value === null) return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	return text === '' ? undefined : text;
}

/**
 * The server's clock minus ours, from its `Date` header: 0 when absent or within the tolerance, undefined
 * when the header is there but says no time with its zone (then the server's clock is unknown, and an
 * absolute time it sends cannot be placed on ours).
 */
export function serverSkewMs(headers: Headers, now: number): number | undefined {
	const date = header(headers, 'date');
	if (date === undefined) return 0;
	const at = headerTimeMs(date, now);
	if (at === undefined) return undefined;
	const skew = at - now;
	return Math.abs(skew) > SKEW_TOLERANCE_MS ? skew : 0;
}

/** A number read as a time: seconds from now (`relative`, small numbers) or an absolute time. */
interface NumericTime {
	at: number;
	relative: boolean;
}

/**
 * A point in time from a number that may be Unix seconds, milliseconds, microseconds or nanoseconds,
 * or seconds from `now` (small numbers). Undefined for anything else.
 */
function numericTime(value: string, now: number): NumericTime | undefined {
	if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) return undefined;
	if (n < 1e9) return { at: now + n * 1000, relative: true }; // seconds from now (1e9 s would be 31 years)
	if (n < 1e11) return { at: n * 1000, relative: false }; // Unix seconds (2001 … 5138)
	if (n < 1e14) return { at: n, relative: false }; // Unix milliseconds
	if (n < 1e17) return { at: Math.ceil(n / 1000), relative: false }; // Unix microseconds
	return { at: Math.ceil(n / 1e6), relative: false }; // Unix nanoseconds
}

export interface ResetReading {
	/** When the window resets, on our clock; undefined when absent or not believable. */
	at?: number;
	/** The header was there but made no sense (too far ahead, long past, unreadable). */
	distrusted: boolean;
}

/** `X-RateLimit-Reset` on our clock, believed only when it falls within a plausible window. */
export function readReset(headers: Headers, now: number): ResetReading {
	const value = header(headers, 'x-ratelimit-reset');
	if (value === undefined) return { distrusted: false };
	// Absolute times are read against the server's clock; seconds from now are added to it and taken off
	// again below (`ahead`), so they need no clock.
	const skew = serverSkewMs(headers, now);
	const serverNow = now + (skew ?? 0);
	// Seconds from now need no clock; an absolute time needs the server's (unknown when its Date is unreadable).
	const numeric = numericTime(value, serverNow);
	const relative = numeric?.relative ?? false;
	const raw = numeric?.at ?? headerTimeMs(value, serverNow);
	if (raw === undefined || (skew === undefined && !relative)) return { distrusted: true };
	const ahead = raw - serverNow;
	if (ahead > MAX_RESET_AHEAD_MS || ahead < -RESET_PAST_TOLERANCE_MS) return { distrusted: true };
	return { at: now + Math.max(0, ahead), distrusted: false };
}

/** A count header (`X-RateLimit-Limit`, `-Remaining`): a whole number ≥ 0 and ≤ 10 million, else undefined. */
export function readCount(headers: Headers, name: string): number | undefined {
	const value = header(headers, name);
	if (value === undefined || !/^\d+$/.test(value)) return undefined;
	const n = Number(value);
	return n <= 1e7 ? n : undefined;
}

export interface RetryHint {
	/** How long the server asks to wait, in ms; undefined when it gave no believable hint. */
	ms?: number;
	/** Where the hint came from (for the error text). */
	source?: 'retry-after' | 'body' | 'reset';
	/** A hint was there but made no sense. */
	distrusted: boolean;
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; read against the server's clock. */
function readRetryAfter(headers: Headers, now: number): RetryHint {
	const value = header(headers, 'retry-after');
	if (value === undefined) return { distrusted: false };
	let ms: number;
	if (/^\d+(\.\d+)?$/.test(value)) {
		ms = Number(value) * 1000;
	} else {
		const skew = serverSkewMs(headers, now);
		const at = headerTimeMs(value, now + (skew ?? 0));
		if (at === undefined || skew === undefined) return { distrusted: true };
		ms = Math.max(0, at - (now + skew));
	}
	if (!Number.isFinite(ms) || ms > MAX_RETRY_AFTER_MS) return { distrusted: true };
	return { ms, source: 'retry-after', distrusted: false };
}

/**
 * How long a 429 (or 503) asks to wait: `Retry-After`, then the body's `details.retry_after` (seconds),
 * then `X-RateLimit-Reset`. A hint that makes no sense is skipped for the next one; when none is
 * believable, `ms` is undefined and `distrusted` says whether one was there.
 */
export function retryHint(headers: Headers, bodyRetryAfter: number | undefined, now: number): RetryHint {
	const retryAfter = readRetryAfter(headers, now);
	if (retryAfter.ms !== undefined) return retryAfter;
	let distrusted = retryAfter.distrusted;
	if (bodyRetryAfter !== undefined) {
		const ms = bodyRetryAfter * 1000;
		if (Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS) return { ms, source: 'body', distrusted: false };
		distrusted = true;
	}
	const reset = readReset(headers, now);
	if (reset.at !== undefined) return { ms: reset.at - now, source: 'reset', distrusted: false };
	return { distrusted: distrusted || reset.distrusted };
}
