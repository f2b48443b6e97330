/**
 * A simulated Talkover rate limit on a TestClock, and clients that go through the real pacing code
 * (AccountPacing) the way the transport does. For unit tests of the window, the queue and the Auto
 * controller: thousands of requests in fake minutes, no sockets, no real time.
 */
import { AccountPacing } from '../../nodes/shared/transport/pacing';
import { retryHint } from '../../nodes/shared/transport/rateHints';
import type { TestClock } from './clock';

/** A seeded random number generator (mulberry32), so every run of a test is the same. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface SimServerOptions {
	limit: number;
	windowMs: number;
	/** Round trip of one request (ms); half on the way there (when the server counts it), half back. */
	latencyMs: number;
	/** ± share of the latency, uniformly (0.3: 70 % … 130 %). */
	jitter?: number;
	/** The server's clock minus the real one (ms). */
	skewMs?: number;
	/** What X-RateLimit-Reset says: Unix ms (default), Unix seconds, or something else. */
	reset?: (endMs: number, serverNow: number) => string;
	/** Send a Date header (default true). */
	date?: boolean;
	seed?: number;
}

/** A fixed-window limit like Talkover's: windows aligned to multiples of windowMs on the server's clock. */
export class SimServer {
	received = 0;
	tooMany = 0;
	inFlight = 0;
	peakInFlight = 0;
	private window = { start: -1, used: 0 };
	private readonly random: () => number;

	constructor(
		private readonly clock: TestClock,
		readonly options: SimServerOptions,
	) {
		this.random = seeded(options.seed ?? 1);
	}

	private latency(): number {
		const { latencyMs, jitter = 0 } = this.options;
		return latencyMs * (1 - jitter + 2 * jitter * this.random());
	}

	/** One request: its status and headers, after the round trip. */
	async request(): Promise<{ statusCode: number; headers: Record<string, string> }> {
		const rtt = this.latency();
		this.inFlight += 1;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		await this.clock.sleep(rtt / 2);
		const { limit, windowMs, skewMs = 0, reset, date = true } = this.options;
		const serverNow = this.clock.now() + skewMs;
		const start = Math.floor(serverNow / windowMs) * windowMs;
		if (start !== this.window.start) this.window = { start, used: 0 };
		this.window.used += 1;
		this.received += 1;
		const end = start + windowMs;
		const over = this.window.used > limit;
		const headers: Record<string, string> = {
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': String(Math.max(0, limit - this.window.used)),
			'x-ratelimit-reset': reset ? reset(end, serverNow) : String(end),
		};
		if (date) headers.date = new Date(serverNow).toUTCString();
		if (over) {
			this.tooMany += 1;
			headers['retry-after'] = String(Math.ceil((end - serverNow) / 1000));
		}
		await this.clock.sleep(rtt / 2);
		this.inFlight -= 1;
		return { statusCode: over ? 429 : 200, headers };
	}
}

/**
 * One request through the pacing, as the transport sends it: wait for the window, send, report the
 * answer; after a 429 wait what it asks and go again, ahead of the others. Returns the 429s it met.
 */
export async function sendPaced(clock: TestClock, pacing: AccountPacing, server: SimServer): Promise<number> {
	let again = false;
	let refused = 0;
	for (;;) {
		const ticket = await pacing.beforeSend(undefined, again);
		const answer = await server.request();
		if (answer.statusCode !== 429) {
			pacing.answered(ticket, answer);
			return refused;
		}
		refused += 1;
		const wait = retryHint(answer.headers, undefined, clock.now()).ms ?? 1000;
		pacing.answered(ticket, { ...answer, waitMs: wait });
		await clock.sleep(wait);
		again = true;
	}
}

export interface RunStats {
	done: number;
	wallMs: number;
	tooMany: number;
	peakAutoInFlight: number;
}

/**
 * `items` requests through one process's pacing: Auto (a slot per item) or a fixed number of workers.
 * Resolves when all are answered; the caller drives the clock.
 */
export async function runItems(
	clock: TestClock,
	pacing: AccountPacing,
	server: SimServer,
	items: number,
	mode: 'auto' | { batchSize: number },
): Promise<RunStats> {
	const started = clock.now();
	const stats: RunStats = { done: 0, wallMs: 0, tooMany: 0, peakAutoInFlight: 0 };
	if (mode === 'auto') {
		const running: Array<Promise<void>> = [];
		for (let i = 0; i < items; i++) {
			const release = await pacing.slot();
			stats.peakAutoInFlight = Math.max(stats.peakAutoInFlight, pacing.auto.inFlight);
			running.push(
				sendPaced(clock, pacing, server).then((refused) => {
					stats.tooMany += refused;
					stats.done += 1;
					release();
				}),
			);
		}
		await Promise.all(running);
	} else {
		let next = 0;
		const worker = async () => {
			while (next < items) {
				next += 1;
				stats.tooMany += await sendPaced(clock, pacing, server);
				stats.done += 1;
			}
		};
		await Promise.all(Array.from({ length: Math.min(mode.batchSize, items) }, worker));
	}
	stats.wallMs = clock.now() - started;
	return stats;
}

/** A process of its own (its own pacing state) on the same clock, with a seeded jitter. */
export function newProcess(clock: TestClock, seed: number): AccountPacing {
	return new AccountPacing(clock, seeded(seed));
}
