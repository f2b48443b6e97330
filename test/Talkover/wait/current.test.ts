/**
 * The wait's record as of each item's newest call (nodes/Talkover/wait/current.ts): the next calls the wait placed
 * are followed in turn, each from the call it followed; the newest call's Wait Limit counts from when it rings.
 */
import type { AttemptPlan } from '../../../nodes/Talkover/callAgain';
import { currentRecord, placesNextCalls } from '../../../nodes/Talkover/wait/current';
import type { NextCall } from '../../../nodes/Talkover/wait/nextCalls';
import type { CallItem, WaitRecord } from '../../../nodes/Talkover/wait/record';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);
const MINUTE = 60_000;
const plan: AttemptPlan = { rule: { attempts: 3, afterMs: 10 * MINUTE, when: ['notReached'] }, before: [], ringsAt: T, resend: { to: '+15550001001', is_testing: true } };
const first: CallItem = { item: 0, agentId: 'agent-1', callId: 'call-1', to: '+15550001001', call: { id: 'call-1' }, deadline: T + 30 * MINUTE, placedEarlier: true, callAgain: plan };
const record = (...items: CallItem[]): WaitRecord => ({ v: 1, secretHash: 'h', address: 'http://n8n/a', since: T, deadline: T + 5 * 60 * MINUTE, webhooks: [], items: [...items, { item: 9, output: { skipped: true } }] });
const attempt = (n: number, callId: string) => ({ attempt: n, callId, outcome: 'notReached' as const });
const next = (n: number, from: string, to: string, ringsAt: number): NextCall => ({ item: 0, ended: attempt(n, from), placed: { callId: to, call: { id: to }, placedAt: ringsAt - 10 * MINUTE, ringsAt } });

test('no next call: the same record', () => {
	const saved = record(first);
	expect(currentRecord(saved, [])).toBe(saved);
});

test('each next call in turn, in any order given: the newest call, its limit from its ring, the calls before it in its attempts', () => {
	const second = next(1, 'call-1', 'call-2', T + 20 * MINUTE);
	const third = next(2, 'CALL-2', 'call-3', T + 45 * MINUTE);
	const [item] = currentRecord(record(first), [third, second]).items as CallItem[];
	expect(item).toEqual({
		item: 0,
		agentId: 'agent-1',
		callId: 'call-3',
		to: '+15550001001',
		call: { id: 'call-3' },
		placedAt: T + 35 * MINUTE,
		deadline: T + 45 * MINUTE + 30 * MINUTE,
		callAgain: { ...plan, before: [attempt(1, 'call-1'), attempt(2, 'CALL-2')], ringsAt: T + 45 * MINUTE },
	});
});

test('a next call said for another call, attempt or item is not followed', () => {
	const saved = record(first);
	expect(currentRecord(saved, [next(1, 'call-0', 'call-2', T), next(2, 'call-1', 'call-2', T), { ...next(1, 'call-1', 'call-2', T), item: 1 }]).items[0]).toEqual(first);
});

test('a next call not placed: the item stays on its call, and says why', () => {
	const refused: NextCall = { item: 0, ended: attempt(1, 'call-1'), notPlaced: { message: 'no credits', nextDue: true } };
	const [item] = currentRecord(record(first), [refused, next(1, 'call-1', 'call-2', T)]).items as CallItem[];
	expect(item.callId).toBe('call-1');
	expect(item.callAgain?.notPlaced).toEqual({ message: 'no credits', nextDue: true });
});

test('whether the wait may place next calls: an item kept its call’s request', () => {
	expect(placesNextCalls(record(first))).toBe(true);
	const withoutRequest: AttemptPlan = { ...plan };
	delete withoutRequest.resend;
	expect(placesNextCalls(record({ ...first, callAgain: withoutRequest }))).toBe(false);
});

test('an item whose call’s ring is not known (an older version’s wait) stays on its call, though next calls are said for it', () => {
	const unknownRing: CallItem = { ...first, callAgain: { ...plan, ringsAt: undefined } };
	const [item] = currentRecord(record(unknownRing), [next(1, 'call-1', 'call-2', T + 20 * MINUTE)]).items;
	expect(item).toBe(unknownRing);
});

test('an item without Call Again Until Reached, or whose next call was said not placed, is not followed', () => {
	const without: CallItem = { ...first, callAgain: undefined };
	const refused: CallItem = { ...first, callAgain: { ...plan, notPlaced: { message: 'no credits', nextDue: true } } };
	const calls = [next(1, 'call-1', 'call-2', T + 20 * MINUTE)];
	expect(currentRecord(record(without), calls).items[0]).toBe(without);
	expect(currentRecord(record(refused), calls).items[0]).toBe(refused);
});

test('a next call not placed after one placed: the item waits on the one placed, and says why no further call was', () => {
	const refused: NextCall = { item: 0, ended: attempt(2, 'call-2'), notPlaced: { message: 'no credits', nextDue: true } };
	const [item] = currentRecord(record(first), [refused, next(1, 'call-1', 'call-2', T + 20 * MINUTE), next(2, 'call-2', 'call-3', T + 45 * MINUTE)]).items as CallItem[];
	expect(item.callId).toBe('call-2');
	expect(item.deadline).toBe(T + 20 * MINUTE + 30 * MINUTE);
	expect(item.callAgain).toEqual({ ...plan, before: [attempt(1, 'call-1')], ringsAt: T + 20 * MINUTE, notPlaced: { message: 'no credits', nextDue: true } });
});

test('the other items are left as they are', () => {
	const other: CallItem = { ...first, item: 1, callId: 'call-9', call: { id: 'call-9' } };
	const items = currentRecord(record(first, other), [next(1, 'call-1', 'call-2', T + 20 * MINUTE)]).items;
	expect(items[1]).toBe(other);
	expect(items[2]).toEqual({ item: 9, output: { skipped: true } });
	expect((items[0] as CallItem).callId).toBe('call-2');
});

test('the wait places next calls when any item kept its call’s request, not only when every one did', () => {
	const withoutRequest: AttemptPlan = { ...plan };
	delete withoutRequest.resend;
	expect(placesNextCalls(record({ ...first, item: 1, callAgain: withoutRequest }, first))).toBe(true);
	expect(placesNextCalls(record({ ...first, callAgain: undefined }))).toBe(false);
});
