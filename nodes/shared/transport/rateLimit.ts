import { clock } from './clock';
import { TIME_BUDGET_MS } from './deadline';
import { pacingFor, resetPacing } from './pacing';
import type { AccountPacing } from './pacing';

/**
 * Talkover's rate limit as the transport sees it: one AccountPacing per account (base URL + token),
 * shared by every request and every execution of this n8n process (./pacing: the window, the queue of
 * requests waiting for it, the Auto controller), and the back-off when the server gives no hint.
 * Reading the hints: ./rateHints.
 */

/** Retries of one request after a 5xx, a dropped connection or a 429 that gives no wait. */
export const DEFAULT_MAX_RETRIES = 5;
/** The most time one request may take, waits and retries included (see ./deadline). */
export const MAX_TOTAL_WAIT_MS = TIME_BUDGET_MS;
/** First back-off step when the server gives no hint; doubles on every retry, with jitter. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/**
 * The server a Base URL names, however it is written: the origin as the URL parser reads it (scheme and
 * host in lower case, the default port dropped) and the path (a proxy's prefix names another server),
 * without trailing slashes. https://APP.talkover.ai:443/ and https://app.talkover.ai are one server.
 */
export function serverOf(baseUrl: string): string {
	try {
		const url = new URL(baseUrl.trim());
		return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
	} catch {
		return baseUrl;
	}
}

/** The pacing of the account of this base URL and token: one budget per token and server. */
export function accountPacing(baseUrl: string, token: string): AccountPacing {
	return pacingFor(`${serverOf(baseUrl)}\u0000${token}`, clock);
}

/** Forgets every account's window (tests start from a clean slate). */
export function resetRateLimitState(): void {
	resetPacing();
}

/**
 * Exponential back-off with jitter (half to full step) for retry `attempt` (1, 2, …); `random` in
 * [0, 1) picks the point in the step.
 */
export function backoffMs(attempt: number, random = clock.random()): number {
	const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return Math.round(step / 2 + (random * step) / 2);
}
