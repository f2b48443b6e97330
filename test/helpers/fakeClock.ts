/**
 * A clock the test controls: time moves only when the test says so, and timers fire in order, with
 * every promise chain they start settled before the next one (no real sleeps, no wall-clock timing).
 */
export interface ClockLike {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	random(): number;
	timer(ms: number): { signal: AbortSignal; cancel(): void };
	alarm(ms: number, fire: () => void): () => void;
}

interface Timer {
	at: number;
	seq: number;
	resolve(): void;
}

/** Lets every pending promise callback run (a macrotask runs after the whole microtask queue). */
export async function settle(): Promise<void> {
	for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements ClockLike {
	private timers: Timer[] = [];
	private seq = 0;

	constructor(public t = Date.UTC(2026, 10, 21, 12, 0, 0)) {}

	now(): number {
		return this.t;
	}

	/** The middle of every range: jitter and back-off are reproducible. */
	random(): number {
		return 0.5;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			if (signal?.aborted) {
				reject(signal.reason);
				return;
			}
			const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
			this.timers.push(timer);
			signal?.addEventListener(
				'abort',
				() => {
					this.timers = this.timers.filter((t) => t !== timer);
					reject(signal.reason);
				},
				{ once: true },
			);
		});
	}

	/** A signal aborted when the clock passes `ms` from now (a deadline: not counted as a wait). */
	timer(ms: number): { signal: AbortSignal; cancel(): void } {
		const fired = new AbortController();
		const stop = new AbortController();
		this.sleep(ms, stop.signal).then(
			() => fired.abort(),
			() => undefined,
		);
		return { signal: fired.signal, cancel: () => stop.abort() };
	}

	/** Calls `fire` when the clock passes `ms` from now; returns its cancel. */
	alarm(ms: number, fire: () => void): () => void {
		const stop = new AbortController();
		this.sleep(ms, stop.signal).then(fire, () => undefined);
		return () => stop.abort();
	}

	/** Timers not fired yet. */
	get pending(): number {
		return this.timers.length;
	}

	/** The time of the next timer (undefined: none). */
	get next(): number | undefined {
		return this.timers.reduce<number | undefined>((min, t) => (min === undefined || t.at < min ? t.at : min), undefined);
	}

	private fireNext(until: number): boolean {
		let first: Timer | undefined;
		for (const t of this.timers) if (t.at <= until && (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq))) first = t;
		if (!first) return false;
		this.timers = this.timers.filter((t) => t !== first);
		this.t = Math.max(this.t, first.at);
		first.resolve();
		return true;
	}

	/** Moves time forward by `ms`, firing every timer due on the way. */
	async advance(ms: number): Promise<void> {
		const end = this.t + ms;
		await settle();
		while (this.fireNext(end)) await settle();
		this.t = end;
		await settle();
	}

	/** Fires timers one after the other until `done()` holds (or `limitMs` of fake time has passed). */
	async runUntil(done: () => boolean, limitMs = 24 * 60 * 60 * 1000): Promise<void> {
		const end = this.t + limitMs;
		await settle();
		while (!done()) {
			if (!this.fireNext(end)) break;
			await settle();
		}
	}
}
