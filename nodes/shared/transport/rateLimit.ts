import type { IDataObject } from 'n8n-workflow';

import { clock } from './clock';

/**
 * Talkover's rate limit as the transport sees it: one state per account (base URL + token), shared
 * by every request of this n8n process, so parallel items and parallel nodes pace together. Every
 * function that depends on the time takes `now` (default: the transport's clock), so each one can be
 * checked with a fixed time.
 */

/** Retries of one request after a 429 (or, when safe, a 5xx or a dropped connection). */
export const DEFAULT_MAX_RETRIES = 5;
/** Longest total wait of one request for the rate limit and for back-off before it fails. */
export const MAX_TOTAL_WAIT_MS = 5 * 60 * 1000;
/** First back-off step when the server gives no hint; doubles on every retry, with jitter. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export interface AccountState {
	/** Requests the window still allows, as last reported and counted down as requests go out. */
	remaining?: number;
	/** When the current window ends (ms since epoch). */
	resetAt?: number;
	/** No request before this time (a 429's retry hint). */
	blockedUntil?: number;
	/** Requests sent and not answered yet. */
	inFlight: number;
	touched: number;
}

const accounts = new Map<string, AccountState>();
const MAX_ACCOUNTS = 200;

export function accountState(key: string, now = clock.now()): AccountState {
	let state = accounts.get(key);
	if (!state) {
		if (accounts.size >= MAX_ACCOUNTS) {
			const oldest = [...accounts.entries()].sort((a, b) => a[1].touched - b[1].touched)[0];
			accounts.delete(oldest[0]);
		}
		state = { inFlight: 0, touched: now };
		accounts.set(key, state);
	}
	state.touched = now;
	return state;
}

/** Forgets every account's window (tests start from a clean slate). */
export function resetRateLimitState(): void {
	accounts.clear();
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (value === undefined || value === null) return undefined;
	return String(Array.isArray(value) ? value[0] : value).trim();
}

/**
 * A point in time from a header that may be an HTTP date, Unix seconds, Unix milliseconds, or seconds
 * from now (the API documents `X-RateLimit-Reset` only as "time when the rate limit resets").
 */
export function parseResetTime(value: string | undefined, now = clock.now()): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) {
		const n = Number(value);
		if (n > 1e12) return n;
		if (n > 1e9) return n * 1000;
		return now + n * 1000;
	}
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : date;
}

/** `Retry-After` as seconds or as an HTTP date, in ms from now. */
export function parseRetryAfter(value: string | undefined, now = clock.now()): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long the server asks us to wait, in ms: `Retry-After`, then the body's `details.retry_after`,
 * then `X-RateLimit-Reset`; undefined when it gives no hint.
 */
export function retryHintMs(headers: IDataObject | undefined, bodyRetryAfter: number | undefined, now = clock.now()): number | undefined {
	const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
	if (retryAfter !== undefined) return retryAfter;
	if (bodyRetryAfter !== undefined) return Math.max(0, bodyRetryAfter * 1000);
	const reset = parseResetTime(header(headers, 'x-ratelimit-reset'), now);
	return reset === undefined ? undefined : Math.max(0, reset - now);
}

/**
 * Exponential back-off with jitter (half to full step) for retry `attempt` (1, 2, …); `random` in
 * [0, 1) picks the point in the step.
 */
export function backoffMs(attempt: number, random = clock.random()): number {
	const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return Math.round(step / 2 + (random * step) / 2);
}

/** How long the next request must wait so that it does not run into the limit (0: go now). */
export function paceMs(state: AccountState, now = clock.now()): number {
	if (state.blockedUntil !== undefined) {
		if (state.blockedUntil > now) return state.blockedUntil - now;
		state.blockedUntil = undefined;
	}
	if (state.resetAt !== undefined && state.resetAt <= now) {
		// The window is over: until a response says otherwise, the new window is open.
		state.resetAt = undefined;
		state.remaining = undefined;
	}
	if (state.remaining !== undefined && state.remaining <= 0 && state.resetAt !== undefined) return state.resetAt - now;
	return 0;
}

/** Counts a request that is about to go out against the window. */
export function countRequest(state: AccountState): void {
	if (state.remaining !== undefined) state.remaining -= 1;
	state.inFlight += 1;
}

/** A request of this account was answered (or failed). */
export function requestDone(state: AccountState): void {
	state.inFlight = Math.max(0, state.inFlight - 1);
}

/** Reads the `X-RateLimit-*` headers of a response into the account's state (call before requestDone). */
export function recordResponse(state: AccountState, headers: IDataObject | undefined, now = clock.now()): void {
	const remainingText = header(headers, 'x-ratelimit-remaining');
	const remaining = remainingText === undefined || remainingText === '' ? NaN : Number(remainingText);
	if (!Number.isFinite(remaining)) return;
	const resetAt = parseResetTime(header(headers, 'x-ratelimit-reset'), now);
	const sameWindow = resetAt !== undefined && state.resetAt !== undefined && Math.abs(resetAt - state.resetAt) < 1000;
	// The other requests still in flight may reach the server after it counted this one: count them
	// too, so that parallel items (Batch Size > 1) do not overshoot the window.
	const estimate = remaining - Math.max(0, state.inFlight - 1);
	state.remaining = sameWindow && state.remaining !== undefined ? Math.min(state.remaining, estimate) : estimate;
	// Without a reset time a window of a minute is assumed (the documented limits are per minute).
	state.resetAt = resetAt ?? (remaining <= 0 ? now + 60_000 : state.resetAt);
}

/** Makes every request of this account wait `ms` (after a 429). */
export function block(state: AccountState, ms: number, now = clock.now()): void {
	state.blockedUntil = Math.max(state.blockedUntil ?? 0, now + ms);
}
