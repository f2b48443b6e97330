/**
 * The next calls the wait placed, as its answers in the webhook's log say them (nodes/Talkover/wait/nextCalls.ts):
 * only what this version answers is read, nothing guessed; one next call per item and attempt in a process.
 */
import { forgetNextCalls, nextCallsHere, nextCallsIn, placeOnce, readNextCall } from '../../../nodes/Talkover/wait/nextCalls';
import type { NextCall } from '../../../nodes/Talkover/wait/nextCalls';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);
const ended = { attempt: 1, callId: 'call-1', outcome: 'notReached', status: 'busy' };
const placed: NextCall = { item: 0, ended: ended as NextCall['ended'], placed: { callId: 'call-2', call: { id: 'call-2' }, placedAt: T, ringsAt: T + 600_000 } };
const entry = (status: string, body: unknown) => ({ id: 'log-1', status, response_body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('a next call as the wait said it', () => {
	test('placed, and not placed with Talkover’s words', () => {
		expect(readNextCall(placed)).toEqual(placed);
		const refused = { item: 2, ended, notPlaced: { message: 'no credits', nextDue: true } };
		expect(readNextCall(refused)).toEqual(refused);
	});

	test.each([
		['not an object', 'placed'],
		['null', null],
		['no item', { ...placed, item: undefined }],
		['a negative item', { ...placed, item: -1 }],
		['an ended call that is not an attempt', { ...placed, ended: { attempt: 1, outcome: 'notReached' } }],
		['both placed and not placed', { ...placed, notPlaced: { message: 'x', nextDue: true } }],
		['neither', { item: 0, ended }],
		['a placed call without its ID', { ...placed, placed: { ...placed.placed, callId: '' } }],
		['a placed call without when it rings', { ...placed, placed: { ...placed.placed, ringsAt: 'soon' } }],
		['not placed without whether a next call is due', { item: 0, ended, notPlaced: { message: 'x' } }],
		['an item that is not a whole number', { ...placed, item: 1.5 }],
		['an item that is not a number', { ...placed, item: '0' }],
		['no ended call', { ...placed, ended: undefined }],
		['an ended call whose attempt is not a number', { ...placed, ended: { ...ended, attempt: '1' } }],
		['a placed call whose answer is not an object', { ...placed, placed: { ...placed.placed, call: 'call-2' } }],
		['a placed call without when it was placed', { ...placed, placed: { ...placed.placed, placedAt: undefined } }],
		['a placed call placed at no moment (NaN)', { ...placed, placed: { ...placed.placed, placedAt: NaN } }],
		['a placed call ringing at no moment (Infinity)', { ...placed, placed: { ...placed.placed, ringsAt: Infinity } }],
		['not placed without its words', { item: 0, ended, notPlaced: { message: '', nextDue: false } }],
		['not placed with words that are not a text', { item: 0, ended, notPlaced: { message: 42, nextDue: false } }],
	])('%s: none', (_label, value) => {
		expect(readNextCall(value)).toBeUndefined();
	});

	test('read from the answers of success entries only (a failed entry shows no answer), and never from another body', () => {
		const entries = [
			entry('success', { received: true, waiting: 1, callAgain: placed }),
			entry('failed', { callAgain: { ...placed, item: 1 } }),
			entry('success', { received: true, waiting: 2 }),
			entry('success', 'not json'),
			entry('success', { callAgain: { item: 'x' } }),
			{ id: 'log-9', status: 'success', response_body: { callAgain: placed } },
		];
		expect(nextCallsIn(entries)).toStrictEqual([placed]);
	});
});

describe('one next call per item and attempt in a process', () => {
	afterEach(() => forgetNextCalls('wait-a'));

	test('two ends of the same call at the same moment: placed once, both get it', async () => {
		let sent = 0;
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const place = async () => {
			sent++;
			await gate;
			return placed;
		};
		const both = Promise.all([placeOnce('wait-a', 0, 1, T, place), placeOnce('wait-a', 0, 1, T, place)]);
		release();
		expect(await both).toEqual([placed, placed]);
		expect(sent).toBe(1);
		// Later, the same end again: the call placed, nothing sent.
		expect(await placeOnce('wait-a', 0, 1, T, place)).toEqual(placed);
		expect(sent).toBe(1);
	});

	test('another item, or the item’s next attempt, is its own; what this process placed is read once placing settles', async () => {
		const other = { ...placed, item: 1 };
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		void placeOnce('wait-a', 0, 1, T, async () => placed);
		void placeOnce('wait-a', 1, 1, T, async () => {
			await gate;
			return other;
		});
		const here = nextCallsHere('wait-a', T);
		release();
		expect(await here).toEqual([placed, other]);
		expect(await nextCallsHere('wait-b', T)).toEqual([]);
	});

	test('the item’s next attempt is its own: its end places anew', async () => {
		const third: NextCall = { item: 0, ended: { attempt: 2, callId: 'call-2', outcome: 'notReached' }, placed: { callId: 'call-3', call: { id: 'call-3' }, placedAt: T, ringsAt: T + 600_000 } };
		expect(await placeOnce('wait-a', 0, 1, T, async () => placed)).toEqual(placed);
		expect(await placeOnce('wait-a', 0, 2, T, async () => third)).toEqual(third);
		expect(await nextCallsHere('wait-a', T)).toEqual([placed, third]);
	});

	test('a placing that places nothing is not kept: a later end may place', async () => {
		expect(await placeOnce('wait-a', 0, 1, T, async () => undefined)).toBeUndefined();
		expect(await placeOnce('wait-a', 0, 1, T, async () => placed)).toEqual(placed);
	});
});

describe('what a process keeps of a wait’s next calls', () => {
	const DAY = 24 * 3600_000;
	const other = { ...placed, item: 1 };
	afterEach(() => ['wait-a', 'wait-b', 'wait-c'].forEach(forgetNextCalls));

	test('a wait not heard of for more than a day is forgotten when another is heard of; one heard of a day ago exactly is kept', async () => {
		await placeOnce('wait-a', 0, 1, T, async () => placed);
		await placeOnce('wait-b', 0, 1, T + DAY, async () => other);
		expect(await nextCallsHere('wait-a', T + DAY)).toEqual([placed]);
		await placeOnce('wait-b', 1, 1, T + 2 * DAY + 1, async () => other);
		expect(await nextCallsHere('wait-a', T + 2 * DAY + 1)).toEqual([]);
	});

	test('each end heard, and each read of its next calls, counts as the wait heard of', async () => {
		await placeOnce('wait-a', 0, 1, T, async () => placed);
		await placeOnce('wait-a', 1, 1, T + 10 * 3600_000, async () => other);
		await placeOnce('wait-b', 0, 1, T + DAY + 1, async () => placed);
		expect(await nextCallsHere('wait-a', T + 20 * 3600_000)).toEqual([placed, other]);
		await placeOnce('wait-c', 0, 1, T + 10 * 3600_000 + DAY + 1, async () => placed);
		expect(await nextCallsHere('wait-a', T + 10 * 3600_000 + DAY + 1)).toEqual([placed, other]);
	});

	test('a wait whose next call is being placed is never forgotten, however long the placing takes', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const placing = placeOnce('wait-a', 0, 1, T, async () => {
			await gate;
			return placed;
		});
		await placeOnce('wait-b', 0, 1, T + 2 * DAY, async () => other);
		release();
		await placing;
		expect(await nextCallsHere('wait-a', T + 2 * DAY)).toEqual([placed]);
	});
});
