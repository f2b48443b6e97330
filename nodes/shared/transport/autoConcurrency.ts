/**
 * The "Auto" concurrency controller: how many requests of one account may be in flight at once
 * (pure: every method takes `now`; the pacing in ./pacing applies it).
 *
 * Additive increase, multiplicative decrease, as TCP does with its congestion window:
 * - it starts with one request at a time and stays there until WARMUP answers have succeeded, so that
 *   a run that fails at once (wrong agent, no credits, a bad token) stops after one request, exactly as
 *   one item after the other would;
 * - then it doubles the number in flight with every round of fast, successful answers (slow start),
 *   then adds one per round, but only while it is what holds the items back (items are waiting for a
 *   slot) and the rate limit leaves room;
 * - a 429, a 5xx, a timeout or a dropped connection halves it; answers getting much slower than the
 *   fastest seen (more than three times, and 100 ms more: a busy n8n machine alone does not count) take
 *   a fifth off; at most one cut per round trip;
 * - it never keeps more in flight than the rate limit can use: by Little's law, the allowed rate times
 *   the round-trip time (with half again as headroom, plus one), and never more than MAX_AUTO.
 * Other refusals (4xx: bad input, no credits, not found) neither raise nor lower it. The limit of
 * `X-RateLimit-Remaining` itself is applied by the pacing (no request without budget).
 */

/** The most requests Auto keeps in flight for one account (the same as the largest Batch Size). */
export const MAX_AUTO = 50;
/** Successful answers before Auto sends more than one request at a time. */
export const WARMUP = 3;
/** Smoothing of the round-trip time (as TCP: 1/8 of each new sample). */
const RTT_GAIN = 1 / 8;
/** How fast the fastest-seen round trip follows slower answers (so that it tracks a lasting change). */
const BASE_DRIFT = 1 / 100;
/** Answers count as "getting slower" above this factor of the fastest-seen round trip, plus RISE_MS. */
const RISE_FACTOR = 3;
const RISE_MS = 100;
/** Headroom over Little's law (jitter in the answers' times). */
const LITTLE_HEADROOM = 1.5;

/** ok: 2xx; refused: another 4xx; tooMany: 429; failed: 5xx, timeout, dropped connection. */
export type Outcome = 'ok' | 'refused' | 'tooMany' | 'failed';

export class AutoConcurrency {
	/** Requests allowed in flight (fractional while it grows by one per round). */
	limit: number;
	/** Above this, growth is one per round instead of doubling. */
	private threshold: number;
	/** Requests in flight that Auto let go. */
	inFlight = 0;
	/** Smoothed round-trip time (ms). */
	srtt?: number;
	/** The fastest round trip seen lately (ms). */
	baseRtt?: number;
	private lastCutAt = -Infinity;
	/** Successful answers so far. */
	private successes = 0;
	/** Most in flight the rate limit can use, from the last allowed() (Infinity: not known). */
	private cap = Infinity;

	constructor(
		private readonly max = MAX_AUTO,
		initial = 1,
	) {
		this.limit = Math.min(initial, max);
		this.threshold = max;
	}

	/**
	 * How many requests may be in flight now. `ratePerMs`: what the rate limit allows (requests per ms),
	 * when known.
	 */
	allowed(ratePerMs: number | undefined): number {
		this.cap = ratePerMs !== undefined && this.srtt !== undefined ? Math.ceil(ratePerMs * this.srtt * LITTLE_HEADROOM) + 1 : Infinity;
		return Math.max(1, Math.min(Math.floor(this.limit), this.max, this.cap));
	}

	/** Answers are much slower than the fastest seen: the server (or the network) is queueing. */
	get slowing(): boolean {
		return this.srtt !== undefined && this.baseRtt !== undefined && this.srtt > this.baseRtt * RISE_FACTOR + RISE_MS;
	}

	/**
	 * A request finished. `rttMs`: from sending to the answer (undefined when there was none); `waiting`:
	 * items were waiting for a slot (Auto's limit is what holds them back).
	 */
	record(now: number, outcome: Outcome, rttMs: number | undefined, waiting: boolean): void {
		if (rttMs !== undefined && outcome !== 'tooMany') this.sample(rttMs);
		if (outcome === 'refused') return;
		if (outcome !== 'ok') {
			this.cut(now, 0.5);
			return;
		}
		this.successes += 1;
		if (this.slowing) {
			this.cut(now, 0.8);
		} else if (waiting && this.successes >= WARMUP && this.limit < Math.min(this.max, this.cap)) {
			this.limit = Math.min(this.max, this.limit < this.threshold ? this.limit + 1 : this.limit + 1 / this.limit);
		}
	}

	private sample(rttMs: number): void {
		const rtt = Math.max(0, rttMs);
		this.srtt = this.srtt === undefined ? rtt : this.srtt + (rtt - this.srtt) * RTT_GAIN;
		if (this.baseRtt === undefined || rtt < this.baseRtt) this.baseRtt = rtt;
		else this.baseRtt += (rtt - this.baseRtt) * BASE_DRIFT;
	}

	/** At most one cut per round trip (the answers of one round report the same congestion). */
	private cut(now: number, factor: number): void {
		if (now - this.lastCutAt < (this.srtt ?? 0)) return;
		this.lastCutAt = now;
		this.limit = Math.max(1, Math.min(this.limit, this.allowedCeiling()) * factor);
		this.threshold = Math.max(1, this.limit);
	}

	/** A cut starts from what was really allowed, not from a limit the rate cap kept unused. */
	private allowedCeiling(): number {
		return Math.min(this.max, Number.isFinite(this.cap) ? Math.max(1, this.cap) : this.max, Math.max(1, this.limit));
	}
}
