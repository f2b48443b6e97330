/**
 * The places of Max Calls per Day in one n8n process (dailyCap/places.ts), on a scripted list of the day's calls:
 * items of the process never take the last place both, the list is read once a minute and before every call near
 * the limit, a full day refuses without reading, and two processes dialling at the same moment exceed the limit by
 * at most one call each.
 */
import type { CallEntry } from '../../../nodes/shared/answers/callList';
import type { ZoneDay } from '../../../nodes/Talkover/dailyCap/day';
import * as places from '../../../nodes/Talkover/dailyCap/places';
import { useTestClock } from '../../helpers/clock';

const clock = useTestClock();
const DAY: ZoneDay = { date: '2026-01-15', start: Date.UTC(2026, 0, 15), end: Date.UTC(2026, 0, 16) };
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

beforeEach(() => places.forgetDayCounts());

test('20 items of one process at once, 17 calls listed, a limit of 20: 3 take a place, the others wait for their answers, then are refused with the count', async () => {
	const t = talkover();
	for (let i = 0; i < 17; i++) t.listed.push(entry(`old-${i}`));
	const settled: places.DayClaim[] = [];
	const claims = Array.from({ length: 20 }, async () => await places.claimDayPlace('k', DAY, 20, t.read, undefined, stopped).then((c) => (settled.push(c), c)));
	for (let turn = 0; turn < 50 && settled.length < 3; turn++) await new Promise((r) => setImmediate(r));
	expect(settled.map((c) => 'place' in c)).toEqual([true, true, true]);
	settled.forEach((c, i) => 'place' in c && c.place.keep(`new-${i}`));
	const all = await Promise.all(claims);
	expect(all.filter((c) => 'place' in c)).toHaveLength(3);
	expect(all.filter((c) => 'full' in c)).toEqual(Array(17).fill({ full: 20 }));
});

test('a place held by a call in flight: the next item waits for its answer; a refusal gives it back, an answer keeps it', async () => {
	const t = talkover();
	const first = await places.claimDayPlace('k', DAY, 1, t.read, undefined, stopped);
	let second: places.DayClaim | undefined;
	const waiting = places.claimDayPlace('k', DAY, 1, t.read, undefined, stopped).then((c) => (second = c));
	await new Promise((r) => setImmediate(r));
	expect(second).toBeUndefined();
	if ('place' in first) first.place.release();
	await waiting;
	expect(second && 'place' in second).toBe(true);
	if (second && 'place' in second) second.place.keep('c1');
	expect(await places.claimDayPlace('k', DAY, 1, t.read, undefined, stopped)).toEqual({ full: 1 });
});

test('far from the limit the list is read once a minute; within 5 places of it, before every call; a full day is not read again', async () => {
	const t = talkover();
	const claim = async () => await places.claimDayPlace('k', DAY, 10, t.read, undefined, stopped);
	const keep = async (id: string) => {
		const c = await claim();
		if (!('place' in c)) throw new Error(`refused at ${id}`);
		c.place.keep(id);
		t.listed.push(entry(id));
	};
	for (const id of ['a', 'b', 'c', 'd']) await keep(id);
	expect(t.reads).toBe(1);
	clock().time += 60_001;
	await keep('e');
	expect(t.reads).toBe(2);
	// 5 places left: each call reads the list first.
	for (const id of ['f', 'g', 'h', 'i', 'j']) await keep(id);
	expect(t.reads).toBe(7);
	expect(await claim()).toEqual({ full: 10 });
	expect(await claim()).toEqual({ full: 10 });
	expect(t.reads).toBe(7);
});

test('a call another process placed is seen at the next read: near the limit, before the next call', async () => {
	const t = talkover();
	for (let i = 0; i < 8; i++) t.listed.push(entry(`old-${i}`));
	const c = await places.claimDayPlace('k', DAY, 10, t.read, undefined, stopped);
	if ('place' in c) c.place.keep('mine');
	t.listed.push(entry('mine'), entry('theirs'));
	expect(await places.claimDayPlace('k', DAY, 10, t.read, undefined, stopped)).toEqual({ full: 10 });
});

test('two processes dialling at the same moment, one place left: each takes it (the limit exceeded by one), the next call of either is refused', async () => {
	const t = talkover();
	for (let i = 0; i < 19; i++) t.listed.push(entry(`old-${i}`));
	const other = jest.requireActual<typeof places>('../../../nodes/Talkover/dailyCap/places');
	let otherProcess: typeof places | undefined;
	jest.isolateModules(() => {
		otherProcess = require('../../../nodes/Talkover/dailyCap/places');
	});
	expect(otherProcess).not.toBe(other);
	const [here, there] = await Promise.all([places.claimDayPlace('k', DAY, 20, t.read, undefined, stopped), otherProcess!.claimDayPlace('k', DAY, 20, t.read, undefined, stopped)]);
	expect('place' in here && 'place' in there).toBe(true);
	if ('place' in here) here.place.keep('here');
	if ('place' in there) there.place.keep('there');
	t.listed.push(entry('here'), entry('there'));
	expect(t.listed).toHaveLength(21);
	// Each process counts at least the limit now: neither reads again to refuse.
	const reads = t.reads;
	expect(await places.claimDayPlace('k', DAY, 20, t.read, undefined, stopped)).toEqual({ full: 20 });
	expect(await otherProcess!.claimDayPlace('k', DAY, 20, t.read, undefined, stopped)).toEqual({ full: 20 });
	expect(t.reads).toBe(reads);
});

test('a day already over by this process’s clock (a run that waited past midnight) keeps its count: read once, not again and again', async () => {
	const t = talkover();
	clock().time = DAY.end + 3 * 24 * 3600_000;
	const c = await places.claimDayPlace('k', DAY, 5, t.read, undefined, stopped);
	expect('place' in c).toBe(true);
	expect(t.reads).toBe(1);
});

test('an item stopped while it waits for a place is not placed', async () => {
	const t = talkover();
	const first = await places.claimDayPlace('k', DAY, 1, t.read, undefined, stopped);
	const stop = new AbortController();
	const waiting = places.claimDayPlace('k', DAY, 1, t.read, stop.signal, stopped);
	stop.abort();
	await expect(waiting).rejects.toThrow('stopped');
	if ('place' in first) first.place.keep('c1');
});
