import { DOCUMENTED_WINDOW_MS, readCount, readReset } from './rateHints';

type Headers = Record<string, unknown> | undefined;

/** Share of a window's budget that may go out at once; the rest is spread over the window. */
const BURST_SHARE = 0.1;
/** Jitter before the first request of a new window: up to this share of the window, at most MAX_JITTER_MS. */
const JITTER_SHARE = 0.03;
const MAX_JITTER_MS = 1_000;
/** Two reset times this close belong to the same window (resets in whole seconds are rounded). */
const SAME_WINDOW_MS = 1_000;
/** While the first request of a new window is unanswered, the others look again this often (a safety net). */
const PROBE_RECHECK_MS = 1_000;
/** Longest time every request of an account is held after a 429; then one request looks again. */
export const MAX_BLOCK_MS = DOCUMENTED_WINDOW_MS + 5_000;

/**
 * One account's rate-limit window as this process sees it (pure: every method takes `now`).
 *
 * - The budget of a window is what the server last reported (`X-RateLimit-Remaining`), counted down as
 *   requests go out (the requests still in flight are counted too).
 * - When the window resets, the budget is restored to the known `X-RateLimit-Limit`, not forgotten;
 *   the first request of the new window goes out after a little jitter (so that several processes
 *   sharing a token do not all fire at the reset) and alone: the others wait for its answer, which
 *   says what the other processes have already used.
 * - Within a window, requests are spread: a tenth of the budget may go at once, the rest at the pace
 *   that uses it up by the reset ((remaining + 1) / time left). Several processes following this
 *   rule share a window without running into it.
 * - A 429 holds every request of the account for the wait the server asked, at most MAX_BLOCK_MS;
 *   a reset time that makes no sense is not believed (see rateHints), so no hint can lock a token out.
 */
export class RateWindow {
	/** `X-RateLimit-Limit` (without that header the budget of a new window is not known: it is not paced). */
	limit?: number;
	/** Requests the current window still allows, as far as this process knows. */
	remaining?: number;
	/** When the current window ends, on our clock. */
	resetAt?: number;
	/** resetAt came from the server's `X-RateLimit-Reset` (not projected or assumed). */
	private resetReported = false;
	/** Longest time-to-reset ever seen: the window's length (undefined: not known yet). */
	windowMs?: number;
	/** A response of the current window has been read (after a reset, until the first answer: false). */
	confirmed = false;
	/** No request before this time (a 429's wait, capped). */
	blockedUntil?: number;
	/** No request of a restored window before this time (its reset plus jitter). */
	releaseAt?: number;
	/** Requests sent and not answered yet. */
	inFlight = 0;
	/** Requests of an unconfirmed window that are in flight (the probe). */
	private probing = 0;
	private tokens = 0;
	private tokensAt = 0;

	constructor(private readonly random: () => number = Math.random) {}

	private get window(): number {
		return this.windowMs ?? DOCUMENTED_WINDOW_MS;
	}

	private get burst(): number {
		return Math.max(1, Math.floor((this.limit ?? this.remaining ?? 1) * BURST_SHARE));
	}

	/** Starts the next window when the current one has ended: the budget is the known limit again. */
	private roll(now: number): void {
		if (this.resetAt === undefined || this.resetAt > now) return;
		if (this.limit === undefined) {
			this.resetAt = undefined;
			this.remaining = undefined;
			return;
		}
		const ended = this.resetAt;
		this.resetAt = ended + (Math.floor((now - ended) / this.window) + 1) * this.window;
		this.resetReported = false;
		this.remaining = this.limit;
		this.confirmed = false;
		this.releaseAt = ended + this.random() * Math.min(this.window * JITTER_SHARE, MAX_JITTER_MS);
		this.tokens = 1;
		this.tokensAt = now;
	}

	/** The pace that uses the rest of the window's budget up by its reset, in requests per ms. */
	private pace(now: number): number | undefined {
		if (this.resetAt === undefined || this.remaining === undefined) return undefined;
		return (Math.max(0, this.remaining) + 1) / Math.max(1, this.resetAt - now);
	}

	/**
	 * Requests per ms the window allows from now on: the plan's long-run rate, or more when much of the
	 * window's budget is left (undefined when not known).
	 */
	ratePerMs(now: number): number | undefined {
		this.roll(now);
		const pace = this.pace(now);
		if (pace === undefined || this.limit === undefined) return undefined;
		return Math.max(this.limit / this.window, pace);
	}

	private refill(now: number): void {
		const pace = this.pace(now);
		if (pace === undefined) return;
		const cap = Math.max(1, Math.min(this.burst, this.remaining ?? 1));
		this.tokens = Math.min(cap, this.tokens + Math.max(0, now - this.tokensAt) * pace);
		this.tokensAt = now;
	}

	/** Time until the current window ends and its budget is restored (0 when not known or over). */
	msUntilReset(now: number): number {
		this.roll(now);
		return this.resetAt === undefined ? 0 : Math.max(0, this.resetAt - now);
	}

	/** How long the next request must wait (0: it may go now). */
	waitMs(now: number): number {
		if (this.blockedUntil !== undefined) {
			if (this.blockedUntil > now) return this.blockedUntil - now;
			this.blockedUntil = undefined;
		}
		this.roll(now);
		if (this.remaining === undefined) return 0;
		if (this.releaseAt !== undefined && this.releaseAt > now) return this.releaseAt - now;
		if (this.remaining <= 0) return Math.max(1, (this.resetAt ?? now + this.window) - now);
		if (!this.confirmed && this.probing > 0) return PROBE_RECHECK_MS;
		if (this.resetAt === undefined) return 0;
		this.refill(now);
		if (this.tokens >= 1) return 0;
		return Math.max(1, Math.ceil((1 - this.tokens) / (this.pace(now) ?? 1)));
	}

	/**
	 * A request goes out now (call when waitMs said 0). Returns whether it is the probe of a new window,
	 * to be passed back to done().
	 */
	take(now: number): boolean {
		this.roll(now);
		this.refill(now);
		this.inFlight += 1;
		if (this.remaining === undefined) return false;
		this.remaining -= 1;
		this.tokens -= 1;
		if (this.confirmed) return false;
		this.probing += 1;
		return true;
	}

	/** The request is answered or failed (after observe()). */
	done(probe: boolean): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (probe) this.probing = Math.max(0, this.probing - 1);
	}

	/** A request that took its place (take()) and then was not sent: its place in the budget is given back. */
	untake(probe: boolean): void {
		this.done(probe);
		if (this.remaining === undefined) return;
		this.remaining = Math.min(this.limit ?? Number.POSITIVE_INFINITY, this.remaining + 1);
		this.tokens = Math.min(this.burst, this.tokens + 1);
	}

	/** Reads a response's `X-RateLimit-*` headers (call before done()). */
	observe(headers: Headers, now: number): void {
		const reported = readCount(headers, 'x-ratelimit-remaining');
		if (reported === undefined) return;
		const limit = readCount(headers, 'x-ratelimit-limit');
		if (limit !== undefined && limit > 0) this.limit = limit;
		// Requests still in flight may reach the server after it counted this one: count them too.
		const estimate = Math.min(reported, this.limit ?? reported) - Math.max(0, this.inFlight - 1);
		const reset = readReset(headers, now);
		this.roll(now);
		if (reset.at !== undefined) {
			this.windowMs = Math.max(this.windowMs ?? 0, Math.min(reset.at - now, DOCUMENTED_WINDOW_MS * 2), 1_000);
			// An answer from a window that is already over (sent before the reset) says nothing about this one.
			if (reset.at <= now || (this.resetAt !== undefined && this.resetReported && reset.at < this.resetAt - SAME_WINDOW_MS)) return;
			const sameWindow = this.resetAt !== undefined && this.confirmed && Math.abs(reset.at - this.resetAt) <= SAME_WINDOW_MS;
			this.remaining = sameWindow ? Math.min(this.remaining ?? estimate, estimate) : estimate;
			if (!sameWindow) {
				this.resetAt = reset.at;
				this.resetReported = true;
				this.tokens = Math.min(this.burst, Math.max(0, this.remaining));
				this.tokensAt = now;
			}
		} else {
			// No believable reset time: the window is assumed to last the documented minute from now.
			this.remaining = this.confirmed && this.remaining !== undefined ? Math.min(this.remaining, estimate) : estimate;
			if (this.resetAt === undefined || !this.confirmed) {
				this.resetAt = now + Math.min(this.window, DOCUMENTED_WINDOW_MS);
				this.resetReported = false;
			}
			if (!this.confirmed) {
				this.tokens = Math.min(this.burst, Math.max(0, this.remaining));
				this.tokensAt = now;
			}
		}
		this.confirmed = true;
	}

	/** A 429: the window is used up; every request waits `waitMs` (at most MAX_BLOCK_MS, then one looks again). */
	tooMany(now: number, waitMs: number): void {
		const until = now + Math.min(Math.max(0, waitMs), MAX_BLOCK_MS);
		this.blockedUntil = Math.max(this.blockedUntil ?? 0, until);
	}
}
