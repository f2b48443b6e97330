/**
 * The places of Max Calls per Day in one n8n process (dailyCap/places.ts), on a scripted list of the day's calls:
 * the list is read before every call, items of the process never take the last place both, a full day refuses
 * without reading, a call that may have been placed counts once, and two processes dialling at the same moment
 * exceed the limit by at most one call each.
 */
import type { CallEntry } from '../../../nodes/shared/answers/callList';
import type { ZoneDay } from '../../../nodes/Talkover/dailyCap/day';
import * as places from '../../../nodes/Talkover/dailyCap/places';
import { useTestClock } from '../../helpers/clock';

const clock = useTestClock();
const DAY: ZoneDay = { date: '2026-01-15', start: Date.UTC(2026, 0, 15), end: Date.UTC(2026, 0, 16) };
const NOON = Date.UTC(2026, 0, 15, 12);
const entry = (id: string): CallEntry => ({ call: { id }, to: '+15550000000', createdAt: DAY.start });
const stopped = () => new Error('stopped');

/** Talkover's list of the day as a script: the calls placed so far, and every read. */
function talkover() {
	const listed: CallEntry[] = [];
	let reads = 0;
	return {
		listed,
		get reads() {
			return reads;
		},
		read: async () => {
			reads++;
			return [...listed];
		},
	};
}

/** A claim of agent a1's day (UTC) for a call ringing at noon. */
const claim = async (t: ReturnType<typeof talkover>, cap: number, { module = places, zone = 'UTC', ringsAt = NOON, signal }: { module?: typeof places; zone?: string; ringsAt?: number; signal?: AbortSignal } = {}) =>
	await module.claimDayPlace('server agent:a1', zone, DAY, ringsAt, cap, t.read, signal, stopped);

const afterTest: Array<() => void> = [];
beforeEach(() => {
	places.forgetDayCounts();
	clock().time = NOON;
});
afterEach(() => {
	for (const undo of afterTest.splice(0)) undo();
});

test('20 items of one process at once, 17 calls listed, a limit of 20: 3 take a place after one read, the others wait for their answers, then are refused with the count', async () => {
	const t = talkover();
	for (let i = 0; i < 17; i++) t.listed.push(entry(`old-${i}`));
	const settled: places.DayClaim[] = [];
	const claims = Array.from({ length: 20 }, async () => await claim(t, 20).then((c) => (settled.push(c), c)));
	for (let turn = 0; turn < 50 && settled.length < 3; turn++) await new Promise((r) => setImmediate(r));
	expect(settled.map((c) => 'place' in c)).toEqual([true, true, true]);
	expect(t.reads).toBe(1);
	settled.forEach((c, i) => 'place' in c && c.place.keep(`new-${i}`));
	const all = await Promise.all(claims);
	expect(all.filter((c) => 'place' in c)).toHaveLength(3);
	expect(all.filter((c) => 'full' in c)).toEqual(Array(17).fill({ full: 20 }));
});

test('a place held by a call in flight: the next item waits for its answer; a refusal gives it back, an answer keeps it', async () => {
	const t = talkover();
	const first = await claim(t, 1);
	let second: places.DayClaim | undefined;
	const waiting = claim(t, 1).then((c) => (second = c));
	await new Promise((r) => setImmediate(r));
	expect(second).toBeUndefined();
	if ('place' in first) first.place.release();
	await waiting;
	expect(second && 'place' in second).toBe(true);
	if (second && 'place' in second) second.place.keep('c1');
	expect(await claim(t, 1)).toEqual({ full: 1 });
});

test('the list is read again before every call, however far from the limit; a full day is not read again', async () => {
	const t = talkover();
	for (const id of ['a', 'b', 'c', 'd', 'e']) {
		const c = await claim(t, 5);
		if (!('place' in c)) throw new Error(`refused at ${id}`);
		c.place.keep(id);
		t.listed.push(entry(id));
	}
	expect(t.reads).toBe(5);
	expect(await claim(t, 5)).toEqual({ full: 5 });
	expect(await claim(t, 5)).toEqual({ full: 5 });
	expect(t.reads).toBe(5);
});

test('a call another process placed is seen at the next call: 8 listed, 1 placed here, 1 there, a limit of 10 is full', async () => {
	const t = talkover();
	for (let i = 0; i < 8; i++) t.listed.push(entry(`old-${i}`));
	const c = await claim(t, 10);
	if ('place' in c) c.place.keep('mine');
	t.listed.push(entry('mine'), entry('theirs'));
	expect(await claim(t, 10)).toEqual({ full: 10 });
});

test('the calls of this process count for every zone and every credential that dials with the agent: a day in Paris and the same day in Berlin share them', async () => {
	const t = talkover();
	const paris = await claim(t, 2, { zone: 'Europe/Paris' });
	if ('place' in paris) paris.place.keep('p1');
	const berlin = await claim(t, 2, { zone: 'Europe/Berlin' });
	if ('place' in berlin) berlin.place.keep('b1');
	// Talkover lists neither yet (delayed calls): this process counts both.
	expect(await claim(t, 2, { zone: 'Europe/Paris' })).toEqual({ full: 2 });
	expect(await claim(t, 2, { zone: 'Europe/Berlin' })).toEqual({ full: 2 });
});

test('a call that may have been placed (no answer read) counts until a read sent after it could ring; then it is the list’s to count, once', async () => {
	const t = talkover();
	const c = await claim(t, 2);
	if ('place' in c) c.place.keep(undefined);
	// Talkover placed it: the next read lists it, and it counts once, not twice.
	t.listed.push(entry('placed-unsure'));
	clock().time += 1000;
	const next = await claim(t, 2);
	expect('place' in next).toBe(true);
	if ('place' in next) next.place.keep('next');
	t.listed.push(entry('next'));
	expect(await claim(t, 2)).toEqual({ full: 2 });
});

test('a call that may have been placed with a delay counts until it could ring, whether Talkover lists it or not', async () => {
	const t = talkover();
	const c = await claim(t, 1, { ringsAt: NOON + 30 * 60_000 });
	if ('place' in c) c.place.keep(undefined);
	clock().time += 10 * 60_000;
	expect(await claim(t, 1)).toEqual({ full: 1 });
	// Past its ring, a read that does not list it: Talkover never placed it, and the place is free again.
	clock().time += 30 * 60_000;
	const free = await claim(t, 1);
	expect('place' in free).toBe(true);
});

test('two processes dialling at the same moment, one place left: each takes it (the limit exceeded by one), the next call of either is refused', async () => {
	const t = talkover();
	for (let i = 0; i < 19; i++) t.listed.push(entry(`old-${i}`));
	let otherProcess: typeof places | undefined;
	let restore = () => {};
	jest.isolateModules(() => {
		otherProcess = require('../../../nodes/Talkover/dailyCap/places');
		// The other process's clock is the test's too.
		const otherClock = require('../../../nodes/shared/transport/clock') as typeof import('../../../nodes/shared/transport/clock');
		restore = otherClock.setClock({ now: clock().now, sleep: clock().sleep, random: clock().random, alarm: clock().alarm });
	});
	afterTest.push(restore);
	expect(otherProcess).not.toBe(places);
	const [here, there] = await Promise.all([claim(t, 20), claim(t, 20, { module: otherProcess })]);
	expect('place' in here && 'place' in there).toBe(true);
	if ('place' in here) here.place.keep('here');
	if ('place' in there) there.place.keep('there');
	t.listed.push(entry('here'), entry('there'));
	expect(t.listed).toHaveLength(21);
	// Each process counts the limit already (the read before its call, and its own call): neither reads again to refuse.
	const reads = t.reads;
	expect(await claim(t, 20)).toEqual({ full: 20 });
	expect(await claim(t, 20, { module: otherProcess })).toEqual({ full: 20 });
	expect(t.reads).toBe(reads);
});

test('a day already over by this process’s clock (a run that waited past midnight) keeps its count: read once for the call, not again and again', async () => {
	const t = talkover();
	clock().time = DAY.end + 3 * 24 * 3600_000;
	const c = await claim(t, 5);
	expect('place' in c).toBe(true);
	expect(t.reads).toBe(1);
});

test('an item stopped while it waits for a place is not placed', async () => {
	const t = talkover();
	const first = await claim(t, 1);
	const stop = new AbortController();
	const waiting = claim(t, 1, { signal: stop.signal });
	await new Promise((r) => setImmediate(r));
	stop.abort();
	await expect(waiting).rejects.toThrow('stopped');
	if ('place' in first) first.place.keep('c1');
});

describe('which calls count on the day, at its edges', () => {
	const NEXT_DAY: ZoneDay = { date: '2026-01-16', start: DAY.end, end: DAY.end + 24 * 3600_000 };

	test('a call placed from here that rings at midnight to the millisecond counts for the day it starts; one ringing at the next midnight does not', async () => {
		const t = talkover();
		const atStart = await claim(t, 5, { ringsAt: DAY.start });
		if ('place' in atStart) atStart.place.keep('at-start');
		const atEnd = await claim(t, 5, { ringsAt: DAY.end });
		if ('place' in atEnd) atEnd.place.keep('at-end');
		// Talkover lists neither yet (delayed calls): this process counts the first only.
		expect(await claim(t, 1)).toEqual({ full: 1 });
		expect(await claim(t, 2)).not.toHaveProperty('full');
	});

	test('a call placed from here that rings a millisecond before midnight is the day before’s: it takes no place today', async () => {
		const t = talkover();
		const before = await claim(t, 5, { ringsAt: DAY.start - 1 });
		if ('place' in before) before.place.keep('day-before');
		expect(await claim(t, 1)).not.toHaveProperty('full');
	});

	test('a call that may have been placed, ringing the next day, takes no place today', async () => {
		const t = talkover();
		const tomorrow = await places.claimDayPlace('server agent:a1', 'UTC', NEXT_DAY, NEXT_DAY.start + 3600_000, 1, t.read, undefined, stopped);
		if ('place' in tomorrow) tomorrow.place.keep(undefined);
		expect(await claim(t, 1)).not.toHaveProperty('full');
	});

	test('listed calls without an ID each count: 2 without and 1 with, a limit of 3 is full', async () => {
		const t = talkover();
		t.listed.push({ call: {}, to: '+15550000001', createdAt: DAY.start }, { call: {}, to: '+15550000002', createdAt: DAY.start }, entry('named'));
		expect(await claim(t, 3)).toEqual({ full: 3 });
	});

	test('a call Talkover lists by a numeric ID and this process kept by its text counts once', async () => {
		const t = talkover();
		const c = await claim(t, 2);
		if ('place' in c) c.place.keep('7');
		t.listed.push({ call: { id: 7 }, to: '+15550000007', createdAt: DAY.start });
		expect(await claim(t, 2)).not.toHaveProperty('full');
	});

	test('a place kept twice (or kept, then given back) counts once', async () => {
		const t = talkover();
		const c = await claim(t, 2, { ringsAt: NOON + 30 * 60_000 });
		if ('place' in c) {
			c.place.keep(undefined);
			c.place.keep(undefined);
			c.place.release();
		}
		expect(await claim(t, 2)).not.toHaveProperty('full');
	});
});

describe('what this process forgets, and when', () => {
	const NEXT_DAY: ZoneDay = { date: '2026-01-16', start: DAY.end, end: DAY.end + 24 * 3600_000 };
	const claimNextDay = async (t: ReturnType<typeof talkover>) => await places.claimDayPlace('server agent:a1', 'UTC', NEXT_DAY, NEXT_DAY.start + 3600_000, 5, t.read, undefined, stopped);

	test('a full day’s count is kept until 2 hours after its end (the calls of a run begun before midnight), then read again', async () => {
		const t = talkover();
		t.listed.push(entry('one'));
		expect(await claim(t, 1)).toEqual({ full: 1 });
		expect(t.reads).toBe(1);
		clock().time = DAY.end + 2 * 3600_000;
		await claimNextDay(t);
		const reads = t.reads;
		expect(await claim(t, 1)).toEqual({ full: 1 });
		expect(t.reads).toBe(reads);
		clock().time += 1000;
		await claimNextDay(t);
		expect(await claim(t, 1)).toEqual({ full: 1 });
		expect(t.reads).toBe(reads + 2);
	});

	test('a day whose read is still under way is not forgotten, however late: its claim reads once', async () => {
		let answer: (entries: CallEntry[]) => void = () => {};
		let reads = 0;
		const slowRead = async () => {
			reads++;
			return await new Promise<CallEntry[]>((resolve) => (answer = resolve));
		};
		const waiting = places.claimDayPlace('server agent:a1', 'UTC', DAY, NOON, 5, slowRead, undefined, stopped);
		await new Promise((r) => setImmediate(r));
		clock().time = DAY.end + 5 * 3600_000;
		await claimNextDay(talkover());
		answer([]);
		expect(await waiting).not.toHaveProperty('full');
		expect(reads).toBe(1);
	});

	test('a call placed from here that Talkover never listed counts until 26 hours after it rang (its day and 2 hours more, in any zone), then no more', async () => {
		const t = talkover();
		const c = await claim(t, 1);
		if ('place' in c) c.place.keep('never-listed');
		clock().time = NOON + 26 * 3600_000;
		expect(await claim(t, 1)).toEqual({ full: 1 });
		clock().time += 1000;
		expect(await claim(t, 1)).not.toHaveProperty('full');
	});
});
