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
		['no item', { ...placed, item: undefined }],
		['a negative item', { ...placed, item: -1 }],
		['an ended call that is not an attempt', { ...placed, ended: { attempt: 1, outcome: 'notReached' } }],
		['both placed and not placed', { ...placed, notPlaced: { message: 'x', nextDue: true } }],
		['neither', { item: 0, ended }],
		['a placed call without its ID', { ...placed, placed: { ...placed.placed, callId: '' } }],
		['a placed call without when it rings', { ...placed, placed: { ...placed.placed, ringsAt: 'soon' } }],
		['not placed without whether a next call is due', { item: 0, ended, notPlaced: { message: 'x' } }],
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
		expect(nextCallsIn(entries)).toEqual([placed]);
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

	test('a placing that places nothing is not kept: a later end may place', async () => {
		expect(await placeOnce('wait-a', 0, 1, T, async () => undefined)).toBeUndefined();
		expect(await placeOnce('wait-a', 0, 1, T, async () => placed)).toEqual(placed);
	});
});
