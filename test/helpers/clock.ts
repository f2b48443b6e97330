/**
 * The one clock the tests control. It is the transport's clock (nodes/shared/transport/clock.ts) in
 * tests: `useTestClock` puts it in place for each test, and unit tests hand it to what takes a Clock
 * (Deadline, AccountPacing, WaitQueue). No real time passes; time moves only when a wait ends or the
 * test moves it. The sandbox reads the same clock, so its rate-limit windows agree with the node's.
 *
 * What is waiting on it:
 * - waits (`sleep`): recorded in `waits`. They end on their own, on the next turn of the event loop
 *   (time moves to their end), unless the clock is held (`hold()`, or `{ held: true }`): then they end
 *   only by `release()`, `wakeEarliest()`, `runFor()` or `runUntil()`.
 * - timers (`timer`, a deadline beside the waits) and alarms (`alarm`, recorded in `alarms`): they fire
 *   only when the test moves the time (`advance`, `runFor`, `runUntil`), never when a wait ends on its
 *   own.
 *
 * Two ways to move the time: `advance(ms)` at once (the alarms and timers due fire synchronously, the
 * waits are left as they are), and `await runFor(ms)` step by step (every wait, timer and alarm due ends
 * in order, each one's promise chains settled before the next: a wait that starts another is followed).
 */
import type { Clock } from '../../nodes/shared/transport/clock';
import { clock, setClock } from '../../nodes/shared/transport/clock';

/** 2026-01-15T12:00:00Z: a whole second, and a boundary of every sandbox window of 1, 2, 3 or 60 s. */
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Lets every pending promise callback run (a macrotask runs after the whole microtask queue). */
export async function settle(): Promise<void> {
	for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A wait (`sleep`) or a timer (`timer`) not ended yet. */
interface Waiting {
	kind: 'sleep' | 'timer';
	at: number;
	order: number;
	end: () => void;
}

/** An alarm set (`alarm`): tests read it and may cancel it by hand. */
export interface Alarm {
	at: number;
	fire: () => void;
	cancelled: boolean;
	fired: boolean;
}

export class TestClock implements Clock {
	/** The current time (ms since epoch). */
	time: number;
	/** Every wait the node asked for, in ms, in the order asked. */
	readonly waits: number[] = [];
	/** What `random()` gives (the back-off's jitter): 0.5, so a back-off step of S waits 0.75 × S. */
	randomValue = 0.5;
	/** The alarms set (a waiting execution's limit, a check), in the order set. */
	readonly alarms: Alarm[] = [];
	private held: boolean;
	private waiting: Waiting[] = [];
	private readonly alarmOrder = new Map<Alarm, number>();
	private order = 0;
	private onSleep: Array<() => void> = [];

	/** `time`: where the clock starts (START); `held`: the waits end only when the test says (as after `hold()`). */
	constructor({ time = START, held = false }: { time?: number; held?: boolean } = {}) {
		this.time = time;
		this.held = held;
	}

	now = (): number => this.time;

	random = (): number => this.randomValue;

	/** Records the wait; it ends (time moves to its end) on the next turn of the event loop, unless held. */
	sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
		new Promise<void>((resolve, reject) => {
			this.waits.push(ms);
			if (signal?.aborted) {
				reject(new Error('The execution was cancelled'));
				return;
			}
			const entry = this.add('sleep', ms, () => {
				signal?.removeEventListener('abort', abort);
				resolve();
			});
			const abort = () => {
				this.remove(entry);
				reject(new Error('The execution was cancelled'));
			};
			signal?.addEventListener('abort', abort, { once: true });
			for (const notify of this.onSleep.splice(0)) notify();
			if (!this.held) setImmediate(() => this.wakeNext());
		});

	/** A signal aborted when the test moves the time `ms` past now (a deadline: not one of the waits). */
	timer = (ms: number): { signal: AbortSignal; cancel(): void } => {
		const fired = new AbortController();
		const entry = this.add('timer', ms, () => fired.abort());
		return { signal: fired.signal, cancel: () => this.remove(entry) };
	};

	/** Records the alarm: it fires when the test moves the time past it; returns its cancel. */
	alarm = (ms: number, fire: () => void): (() => void) => {
		const entry: Alarm = { at: this.time + ms, fire, cancelled: false, fired: false };
		this.alarms.push(entry);
		this.alarmOrder.set(entry, this.order++);
		return () => {
			entry.cancelled = true;
		};
	};

	/** The alarms still to fire. */
	get alarmsSet(): number {
		return this.alarms.filter((a) => !a.cancelled && !a.fired).length;
	}

	/** Waits and timers still pending (the alarms: `alarmsSet`). */
	get pending(): number {
		return this.waiting.length;
	}

	/** The time the next wait or timer ends (undefined: none). */
	get next(): number | undefined {
		return this.waiting.reduce<number | undefined>((min, w) => (min === undefined || w.at < min ? w.at : min), undefined);
	}

	/** Moves the time on by `ms` at once and fires every alarm and timer then due, earliest first; the waits are left as they are. */
	advance(ms: number): void {
		this.time += ms;
		const due = [
			...this.waiting.filter((w) => w.kind === 'timer' && w.at <= this.time).map((w) => ({ at: w.at, order: w.order, fire: () => this.end(w) })),
			...this.alarms.filter((a) => a.at <= this.time).map((a) => ({ at: a.at, order: this.alarmOrder.get(a)!, fire: () => this.fireAlarm(a) })),
		];
		for (const entry of due.sort((a, b) => a.at - b.at || a.order - b.order)) entry.fire();
	}

	/** Lets `ms` pass step by step: every wait, timer and alarm due ends in order, with what each one starts settled before the next. */
	async runFor(ms: number): Promise<void> {
		const end = this.time + ms;
		await settle();
		while (this.endNext(end)) await settle();
		this.time = Math.max(this.time, end);
		await settle();
	}

	/** Ends waits, timers and alarms one after the other until `done()` holds (or `limitMs` has passed). */
	async runUntil(done: () => boolean, limitMs = 24 * 60 * 60 * 1000): Promise<void> {
		const end = this.time + limitMs;
		await settle();
		while (!done()) {
			if (!this.endNext(end)) break;
			await settle();
		}
	}

	/** Keeps every wait pending until `release()`. */
	hold(): void {
		this.held = true;
	}

	/** Lets the pending waits (and later ones) end. */
	release(): void {
		this.held = false;
		for (let i = 0; i < this.sleeps().length; i++) setImmediate(() => this.wakeNext());
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
		if (this.sleeps().length) return Promise.resolve();
		return new Promise((resolve) => this.onSleep.push(resolve));
	}

	private add(kind: Waiting['kind'], ms: number, end: () => void): Waiting {
		const entry: Waiting = { kind, at: this.time + Math.max(0, ms), order: this.order++, end };
		this.waiting.push(entry);
		return entry;
	}

	private remove(entry: Waiting): void {
		this.waiting = this.waiting.filter((w) => w !== entry);
	}

	private sleeps(): Waiting[] {
		return this.waiting.filter((w) => w.kind === 'sleep');
	}

	/** Ends a wait or timer: time moves to its end. */
	private end(entry: Waiting): void {
		if (!this.waiting.includes(entry)) return;
		this.remove(entry);
		this.time = Math.max(this.time, entry.at);
		entry.end();
	}

	private fireAlarm(entry: Alarm): void {
		if (entry.cancelled || entry.fired) return;
		entry.fired = true;
		entry.fire();
	}

	/** Ends the earliest wait (not a timer), unless held: time moves to its end. */
	private wakeNext(): void {
		const sleeps = this.sleeps();
		if (this.held || sleeps.length === 0) return;
		this.end(earliest(sleeps)!);
	}

	/** Ends the earliest wait, timer or alarm due by `until` (time moves to it); false when there is none. */
	private endNext(until: number): boolean {
		const alarms = this.alarms
			.filter((a) => !a.cancelled && !a.fired && a.at <= until)
			.map((a) => ({
				at: a.at,
				order: this.alarmOrder.get(a)!,
				fire: () => {
					this.time = Math.max(this.time, a.at);
					this.fireAlarm(a);
				},
			}));
		const waits = this.waiting.filter((w) => w.at <= until).map((w) => ({ at: w.at, order: w.order, fire: () => this.end(w) }));
		const first = earliest([...waits, ...alarms]);
		first?.fire();
		return first !== undefined;
	}
}

/** The earliest entry, the first set among those at the same time. */
function earliest<T extends { at: number; order: number }>(entries: T[]): T | undefined {
	return entries.reduce<T | undefined>((a, b) => (a === undefined || b.at < a.at || (b.at === a.at && b.order < a.order) ? b : a), undefined);
}

/** The clock in use now (the node's and the sandbox's). */
export function now(): number {
	return clock.now();
}

/**
 * A new TestClock in place of the transport's clock for each test; the system clock afterwards. Its
 * timer is not put in place: a request's deadline there runs on the system's timer (it never fires in a test).
 */
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
