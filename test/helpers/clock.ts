/**
 * A clock the test controls, put in place of the transport's (nodes/shared/transport/clock.ts): the
 * node's waits take no real time, every wait it asks for is recorded, and time moves only when the node
 * waits. The sandbox reads the same clock, so its rate-limit windows agree with the node's.
 */
import type { Clock } from '../../nodes/shared/transport/clock';
import { clock, setClock } from '../../nodes/shared/transport/clock';

/** 2026-01-15T12:00:00Z: a whole second, and a boundary of every sandbox window of 1, 2, 3 or 60 s. */
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

interface Sleeper {
	wake: number;
	order: number;
	resolve: () => void;
}

export class TestClock implements Clock {
	/** The current time (ms since epoch). */
	time = START;
	/** Every wait the node asked for, in ms, in the order asked. */
	readonly waits: number[] = [];
	/** What `random()` gives (the back-off's jitter): 0.5, so a back-off step of S waits 0.75 × S. */
	randomValue = 0.5;
	private held = false;
	private sleepers: Sleeper[] = [];
	private order = 0;
	private onSleep: Array<() => void> = [];
	/** The alarms set (a waiting execution's limit, a check), in the order set; `advance` fires those due. */
	readonly alarms: Array<{ at: number; fire: () => void; cancelled: boolean; fired: boolean }> = [];

	now = (): number => this.time;

	/** Records the alarm: it fires only when `advance` moves the time past it. */
	alarm = (ms: number, fire: () => void): (() => void) => {
		const entry = { at: this.time + ms, fire, cancelled: false, fired: false };
		this.alarms.push(entry);
		return () => {
			entry.cancelled = true;
		};
	};

	/** The alarms still to fire. */
	get alarmsSet(): number {
		return this.alarms.filter((a) => !a.cancelled && !a.fired).length;
	}

	/** Moves the time on by `ms` and fires every alarm then due, earliest first. */
	advance(ms: number): void {
		this.time += ms;
		for (const entry of [...this.alarms].sort((a, b) => a.at - b.at)) {
			if (entry.cancelled || entry.fired || entry.at > this.time) continue;
			entry.fired = true;
			entry.fire();
		}
	}

	random = (): number => this.randomValue;

	/** Records the wait; it ends (time moves to its end) on the next turn of the event loop, unless held. */
	sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
		new Promise<void>((resolve, reject) => {
			this.waits.push(ms);
			if (signal?.aborted) {
				reject(new Error('The execution was cancelled'));
				return;
			}
			const sleeper: Sleeper = { wake: this.time + ms, order: this.order++, resolve: () => {} };
			const abort = () => {
				this.sleepers = this.sleepers.filter((s) => s !== sleeper);
				reject(new Error('The execution was cancelled'));
			};
			signal?.addEventListener('abort', abort, { once: true });
			sleeper.resolve = () => {
				signal?.removeEventListener('abort', abort);
				resolve();
			};
			this.sleepers.push(sleeper);
			for (const notify of this.onSleep.splice(0)) notify();
			if (!this.held) setImmediate(() => this.wakeNext());
		});

	/** Waits still pending. */
	get pending(): number {
		return this.sleepers.length;
	}

	/** Keeps every wait pending until `release()`. */
	hold(): void {
		this.held = true;
	}

	/** Lets the pending waits (and later ones) end. */
	release(): void {
		this.held = false;
		for (let i = 0; i < this.sleepers.length; i++) setImmediate(() => this.wakeNext());
	}

	/** Ends the earliest pending wait only (time moves to its end), held or not. */
	wakeEarliest(): void {
		const held = this.held;
		this.held = false;
		this.wakeNext();
		this.held = held;
	}

	/** Resolves once the node is waiting (at once if it is). */
	whenSleeping(): Promise<void> {
		if (this.sleepers.length) return Promise.resolve();
		return new Promise((resolve) => this.onSleep.push(resolve));
	}

	/** Ends the earliest wait: time moves to its end. */
	private wakeNext(): void {
		if (this.held || this.sleepers.length === 0) return;
		const next = this.sleepers.reduce((a, b) => (b.wake < a.wake || (b.wake === a.wake && b.order < a.order) ? b : a));
		this.sleepers = this.sleepers.filter((s) => s !== next);
		this.time = Math.max(this.time, next.wake);
		next.resolve();
	}
}

/** The clock in use now (the node's and the sandbox's). */
export function now(): number {
	return clock.now();
}

/** A new TestClock in place of the transport's clock for each test; the system clock afterwards. */
export function useTestClock(): () => TestClock {
	let current: TestClock;
	let restore: () => void = () => {};
	beforeEach(() => {
		current = new TestClock();
		restore = setClock({ now: current.now, sleep: current.sleep, random: current.random, alarm: current.alarm });
	});
	afterEach(() => restore());
	return () => current;
}
