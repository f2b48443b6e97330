import type { Clock } from './clock';

/** What a WaitQueue asks before it lets the first waiter go. */
export interface Gate<T> {
	/** How long the first waiter must still wait (0: now; Infinity: until notify()). */
	waitMs(now: number): number;
	/** The first waiter goes now; what this returns is what its acquire() resolves to. */
	take(now: number): T;
}

interface Waiter<T> {
	resolve(value: T): void;
	reject(reason: unknown): void;
	detach(): void;
}

/**
 * Waiters released one after the other, first come first served, as fast as a gate allows: nobody
 * overtakes, and nobody is released early. Waits with one timer on the injected clock; notify() when
 * something the gate depends on has changed (an answer came, a request finished).
 */
export class WaitQueue<T> {
	private readonly waiters: Array<Waiter<T>> = [];
	private timer?: AbortController;

	constructor(
		private readonly gate: Gate<T>,
		private readonly clock: Clock,
	) {}

	/** Waiters not released yet. */
	get length(): number {
		return this.waiters.length;
	}

	/**
	 * Waits for this caller's turn. `first`: ahead of everybody (a request that has already waited,
	 * sent again after a 429). Rejects with the signal's reason when it is aborted.
	 */
	async acquire(signal?: AbortSignal, first = false): Promise<T> {
		return await new Promise<T>((resolve, reject) => {
			if (signal?.aborted) {
				reject(signal.reason);
				return;
			}
			const onAbort = () => {
				const i = this.waiters.indexOf(waiter);
				if (i > -1) this.waiters.splice(i, 1);
				reject(signal?.reason);
				this.pump();
			};
			const waiter: Waiter<T> = { resolve, reject, detach: () => signal?.removeEventListener('abort', onAbort) };
			signal?.addEventListener('abort', onAbort, { once: true });
			if (first) this.waiters.unshift(waiter);
			else this.waiters.push(waiter);
			this.pump();
		});
	}

	/** Looks again now: the gate may allow more than when the timer was set. */
	notify(): void {
		this.pump();
	}

	private pump(): void {
		this.timer?.abort();
		this.timer = undefined;
		while (this.waiters.length > 0) {
			const now = this.clock.now();
			const wait = this.gate.waitMs(now);
			if (wait > 0) {
				if (Number.isFinite(wait)) this.wakeAfter(wait);
				return;
			}
			const waiter = this.waiters.shift() as Waiter<T>;
			waiter.detach();
			waiter.resolve(this.gate.take(now));
		}
	}

	private wakeAfter(ms: number): void {
		const timer = new AbortController();
		this.timer = timer;
		this.clock.sleep(ms, timer.signal).then(
			() => {
				if (this.timer !== timer) return;
				this.timer = undefined;
				this.pump();
			},
			() => undefined,
		);
	}
}
