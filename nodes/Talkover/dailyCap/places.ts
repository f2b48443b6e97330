import { clock } from '../../shared/transport';
import { CallsInFlight } from '../guardrails/callsInFlight';
import type { CallEntry } from '../../shared/answers/callList';
import type { ZoneDay } from './day';

/**
 * The places of Max Calls per Day in this process: for each Talkover account, agent (campaign), zone and day, the
 * calls Talkover lists as ringing that day (its own list: every execution, workflow, process and restart sees the
 * same), the calls placed here since (counted before Talkover lists them: a delayed call may be listed only once it
 * dials), and the calls in flight (sent, not answered). A place is taken synchronously after the last read, so two
 * items of this process, in one execution or in two, never take the last place both.
 *
 * The list is read again when the last read is older than FRESH_MS, and before every call once NEAR_CAP places or
 * fewer are left: another process (a queue-mode worker, another n8n) can then only have taken a place between that
 * read and this call's answer. A day whose count reached the limit refuses without reading: the count of a day only
 * grows.
 */

/** How long one read of a day's calls stands for the calls placed after it. */
export const FRESH_MS = 60_000;

/** With this many places left or fewer, the list is read again before every call. */
export const NEAR_CAP = 5;

/** How long after its end a day's count is kept (the calls of a run that began before midnight settle into it). */
const KEPT_AFTER_MS = 2 * 3600_000;

interface ListRead {
	/** The order of the read among claims and reads in this process (a read after a claim began has a higher one). */
	order: number;
	at: number;
	ids: Set<string>;
	/** Listed calls without an ID (openapi.json's Call requires no field): each counts. */
	unnamed: number;
}

interface DayCount {
	day: ZoneDay;
	listed?: ListRead;
	reading?: { order: number; done: Promise<void> };
	/** Calls placed from this process that ring on the day, by ID (`''`-less: those without an ID are in `mineUnnamed`). */
	mine: Set<string>;
	mineUnnamed: number;
	flight: CallsInFlight;
}

const counts = new Map<string, DayCount>();
let order = 0;

function counted(count: DayCount): number {
	const listed = count.listed;
	let n = (listed?.ids.size ?? 0) + (listed?.unnamed ?? 0) + count.mineUnnamed;
	for (const id of count.mine) if (!listed?.ids.has(id)) n++;
	return n;
}

function countFor(key: string, day: ZoneDay, now: number): DayCount {
	for (const [other, count] of counts) if (other !== key && count.day.end + KEPT_AFTER_MS < now && count.flight.idle && count.reading === undefined) counts.delete(other);
	let count = counts.get(key);
	if (!count) {
		count = { day, mine: new Set(), mineUnnamed: 0, flight: new CallsInFlight() };
		counts.set(key, count);
	}
	return count;
}

function idOf(entry: CallEntry): string | undefined {
	const id = entry.call.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Reads the day's list, unless a read sent late enough is under way (then waits for it). */
async function readList(count: DayCount, begun: number, near: boolean, read: () => Promise<CallEntry[]>): Promise<void> {
	const pending = count.reading;
	if (pending && (!near || pending.order > begun)) return await pending.done;
	const mine = { order: ++order, at: clock.now() };
	const done = read().then((entries) => {
		if (count.listed && count.listed.order > mine.order) return;
		const ids = new Set<string>();
		let unnamed = 0;
		for (const entry of entries) {
			const id = idOf(entry);
			if (id === undefined) unnamed++;
			else ids.add(id);
		}
		count.listed = { ...mine, ids, unnamed };
	});
	count.reading = { order: mine.order, done };
	try {
		await done;
	} finally {
		if (count.reading?.done === done) count.reading = undefined;
	}
}

/** A place taken: `keep(id)` once Talkover accepted the call (or may have: no ID then), `release()` when nothing reached it. */
export interface DayPlace {
	keep(callId: string | undefined): void;
	release(): void;
}

export type DayClaim = { place: DayPlace } | { full: number };

/**
 * Takes a place among the day's calls of `key` (an account, agent or campaign, zone and day), or says the day is
 * full with its count. While the places left are held by calls in flight, it waits for their answers.
 */
export async function claimDayPlace(key: string, day: ZoneDay, cap: number, read: () => Promise<CallEntry[]>, signal: AbortSignal | undefined, stopped: () => Error): Promise<DayClaim> {
	const begun = ++order;
	for (;;) {
		const count = countFor(key, day, clock.now());
		if (count.listed && counted(count) >= cap) return { full: counted(count) };
		const near = count.listed !== undefined && cap - counted(count) - count.flight.count <= NEAR_CAP;
		const stale = !count.listed || (near ? count.listed.order < begun : clock.now() - count.listed.at > FRESH_MS);
		if (stale) {
			await readList(count, begun, near, read);
			continue;
		}
		const n = counted(count);
		if (n + count.flight.count >= cap) {
			await count.flight.next(signal, stopped);
			continue;
		}
		count.flight.start();
		let settled = false;
		const settle = (callId: string | undefined, counts: boolean) => {
			if (settled) return;
			settled = true;
			if (counts && callId !== undefined) count.mine.add(callId);
			else if (counts) count.mineUnnamed++;
			count.flight.settle();
		};
		return { place: { keep: (callId) => settle(callId, true), release: () => settle(undefined, false) } };
	}
}

/** Forgets every day's count of this process (what a restart of n8n does). */
export function forgetDayCounts(): void {
	counts.clear();
}
