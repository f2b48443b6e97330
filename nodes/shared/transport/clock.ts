import { sleep, sleepWithAbort } from 'n8n-workflow';

/**
 * Time as the transport and the batch scheduler see it. Everything that waits or reads the time goes
 * through `clock`, so tests replace it (`setClock`) and assert the exact waits asked for instead of
 * measuring elapsed time.
 */
export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Waits `ms` (> 0); throws when `signal` is aborted (the execution was cancelled). */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** A number in [0, 1): the jitter of the back-off. */
	random(): number;
	/**
	 * A signal aborted `ms` from now, for a deadline that runs beside the waits (it is not one of them);
	 * `cancel()` stops it. Without it, the system's timer is used.
	 */
	timer?(ms: number): { signal: AbortSignal; cancel(): void };
	/**
	 * Calls `fire` once, `ms` from now (a waiting execution's limit); returns the function that cancels it.
	 * Without it, the system's timer is used.
	 */
	alarm?(ms: number, fire: () => void): () => void;
}

async function systemSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (typeof sleepWithAbort === 'function') {
		await sleepWithAbort(ms, signal);
		return;
	}
	// n8n versions without sleepWithAbort: wait in short steps and stop when cancelled.
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (signal?.aborted) throw new Error('The execution was cancelled');
		await sleep(Math.min(250, end - Date.now()));
	}
}

function systemTimer(ms: number): { signal: AbortSignal; cancel(): void } {
	const fired = new AbortController();
	const stop = new AbortController();
	systemSleep(ms, stop.signal).then(
		() => fired.abort(),
		() => undefined,
	);
	return { signal: fired.signal, cancel: () => stop.abort() };
}

function systemAlarm(ms: number, fire: () => void): () => void {
	let cancelled = false;
	// n8n's sleep (the linter allows no timer of the node's own); a cancelled alarm's timer runs out unheard.
	// A timer holds at most 2^31-1 ms (24.8 days): a longer alarm sleeps again for the rest.
	const step = Math.min(Math.max(0, ms), 2 ** 31 - 1);
	let cancelRest: (() => void) | undefined;
	void sleep(step).then(() => {
		if (cancelled) return;
		if (ms > step) cancelRest = systemAlarm(ms - step, fire);
		else fire();
	});
	return () => {
		cancelled = true;
		cancelRest?.();
	};
}

const system: Clock = { now: () => Date.now(), sleep: systemSleep, random: () => Math.random(), timer: systemTimer, alarm: systemAlarm };

/** Calls `fire` `ms` from now on the clock (see Clock.alarm); returns its cancel. */
export function alarm(ms: number, fire: () => void): () => void {
	return (clock.alarm ?? systemAlarm)(ms, fire);
}

/** The clock in use (the system's, unless a test replaced it). */
export const clock: Clock = { ...system };

/** Replaces parts of the clock (tests); returns the function that puts the system clock back. */
export function setClock(replacement: Partial<Clock>): () => void {
	Object.assign(clock, replacement);
	return () => {
		Object.assign(clock, system);
	};
}

/** Waits `ms` on the clock, and stops (throws) when the execution is cancelled. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0) return;
	await clock.sleep(ms, signal);
}
