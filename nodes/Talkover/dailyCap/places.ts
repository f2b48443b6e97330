import { clock } from '../../shared/transport';
import { CallsInFlight } from '../guardrails/callsInFlight';
import type { CallEntry } from '../../shared/answers/callList';
import type { ZoneDay } from './day';

/**
 * The places of Max Calls per Day in this process, by agent (campaign) of a Talkover server, whatever credential,
 * zone or workflow dials with it: the calls Talkover lists as ringing on a day (its own list: every execution,
 * workflow, process and restart sees the same), read again right before every call; the calls placed from this
 * process (counted before Talkover lists them: a delayed call may be listed only once it dials; a call that may
 * have been placed, its answer never read, until a read sent after it could ring lists it); and the calls in
 * flight (sent, not answered), whatever day they ring. A place is taken synchronously after a read that was under
 * way or sent once the claim began (items side by side share one), so two items of this process never take the
 * last place both; another process (a queue-mode worker,
 * another n8n) can only have taken one between that read and this call's answer. A day whose count reached the
 * limit refuses without reading: the count of a day only grows (a call that may have been placed is read for).
 */

/** How long after a day's end its read is kept (the calls of a run that began before midnight settle into it). */
const KEPT_AFTER_MS = 2 * 3600_000;

interface DayRead {
	/** The order of the read among claims and reads in this process (a read after a claim began has a higher one). */
	order: number;
	/** When it was sent. */
	at: number;
	ids: Set<string>;
	/** Listed calls without an ID (openapi.json's Call requires no field): each counts. */
	unnamed: number;
}

/** A call placed from here that may ring on some day: by ID once Talkover answered with one. */
interface MyCall {
	ringsAt: number;
	/** When a read would list it, if Talkover placed it (its answer, or its ring if later). */
	listedBy: number;
}

interface ScopeCount {
	/** The last read of each day (by zone and date) and the read under way. */
	reads: Map<string, { day: ZoneDay; listed?: DayRead; reading?: { done: Promise<void> } }>;
	mine: Map<string, MyCall>;
	/** Calls that may have been placed, with no ID (a 5xx, a time-out). */
	unsure: MyCall[];
	flight: CallsInFlight;
}

const scopes = new Map<string, ScopeCount>();
let order = 0;

const within = (day: ZoneDay, at: number) => at >= day.start && at < day.end;

function counted(count: ScopeCount, day: ZoneDay, listed: DayRead | undefined): number {
	let n = (listed?.ids.size ?? 0) + (listed?.unnamed ?? 0);
	for (const [id, call] of count.mine) if (within(day, call.ringsAt) && !listed?.ids.has(id)) n++;
	for (const call of count.unsure) if (within(day, call.ringsAt)) n++;
	return n;
}

function scopeFor(key: string, dayKey: string, now: number): ScopeCount {
	let count = scopes.get(key);
	if (!count) {
		count = { reads: new Map(), mine: new Map(), unsure: [], flight: new CallsInFlight() };
		scopes.set(key, count);
	}
	// Days long over are forgotten, with the calls of this process that rang on them.
	for (const [other, read] of count.reads) if (other !== dayKey && read.day.end + KEPT_AFTER_MS < now && read.reading === undefined) count.reads.delete(other);
	for (const [id, call] of count.mine) if (call.ringsAt + 24 * 3600_000 + KEPT_AFTER_MS < now) count.mine.delete(id);
	return count;
}

function idOf(entry: CallEntry): string | undefined {
	const id = entry.call.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Reads the day's list, unless a read is under way (then waits for it: items side by side share one read). */
async function readDay(count: ScopeCount, dayKey: string, read: () => Promise<CallEntry[]>): Promise<void> {
	const state = count.reads.get(dayKey)!;
	const pending = state.reading;
	if (pending) return await pending.done;
	const sent = { order: ++order, at: clock.now() };
	const done = read().then((entries) => {
		if (state.listed && state.listed.order > sent.order) return;
		const ids = new Set<string>();
		let unnamed = 0;
		for (const entry of entries) {
			const id = idOf(entry);
			if (id === undefined) unnamed++;
			else ids.add(id);
		}
		state.listed = { ...sent, ids, unnamed };
		// A call that may have been placed is listed by now if Talkover placed it: the list counts it, or nothing does.
		count.unsure = count.unsure.filter((call) => call.listedBy > sent.at || !within(state.day, call.ringsAt));
	});
	state.reading = { done };
	try {
		await done;
	} finally {
		if (state.reading?.done === done) state.reading = undefined;
	}
}

/** A place taken: `keep(id)` once Talkover accepted the call (`undefined`: it may have, no ID), `release()` when nothing reached it. */
export interface DayPlace {
	keep(callId: string | undefined): void;
	release(): void;
}

export type DayClaim = { place: DayPlace } | { full: number };

/**
 * Takes a place among the calls of `scope` (an agent or campaign of a Talkover server) that ring on `day` (its
 * `zone` names it with the date), for a call that rings at `ringsAt`, or says the day is full with its count.
 * While the places left are held by calls in flight, it waits for their answers.
 */
export async function claimDayPlace(
	scope: string,
	zone: string,
	day: ZoneDay,
	ringsAt: number,
	cap: number,
	read: () => Promise<CallEntry[]>,
	signal: AbortSignal | undefined,
	stopped: () => Error,
): Promise<DayClaim> {
	const begun = ++order;
	const dayKey = `${zone} ${day.date}`;
	/** Whether this claim has waited for a read (one under way when it began counts: it is as fresh). */
	let waitedForRead = false;
	for (;;) {
		const count = scopeFor(scope, dayKey, clock.now());
		if (!count.reads.has(dayKey)) count.reads.set(dayKey, { day });
		const { listed } = count.reads.get(dayKey)!;
		const n = counted(count, day, listed);
		if (listed && n >= cap && !count.unsure.some((call) => within(day, call.ringsAt))) return { full: n };
		if (!listed || (!waitedForRead && listed.order < begun)) {
			await readDay(count, dayKey, read);
			waitedForRead = true;
			continue;
		}
		if (n >= cap) return { full: n };
		if (n + count.flight.count >= cap) {
			await count.flight.next(signal, stopped);
			continue;
		}
		count.flight.start();
		let settled = false;
		const settle = (counts: boolean, callId?: string) => {
			if (settled) return;
			settled = true;
			const call = { ringsAt, listedBy: Math.max(clock.now(), ringsAt) };
			if (counts && callId !== undefined) count.mine.set(callId, call);
			else if (counts) count.unsure.push(call);
			count.flight.settle();
		};
		return { place: { keep: (callId) => settle(true, callId), release: () => settle(false) } };
	}
}

/** Forgets every count of this process (what a restart of n8n does). */
export function forgetDayCounts(): void {
	scopes.clear();
}
