/**
 * What an item comes out of the node with when Call Again Until Reached is set (nodes/Talkover/callAgain/output.ts,
 * attempts.ts, next.ts): the call's own output, `attempts` with this call last, `nextAttemptAt` when another call is
 * due (counted from Talkover's time of the end, else from when the end was read), and `nextCallError` when the wait
 * could not place the next call. A skipped item keeps its attempts and is brought back when the skip names a moment.
 * A Wait node reads `nextAttemptAt` to bring the item back: a wrong one calls the lead too soon, too late or never.
 */
import type { IDataObject } from 'n8n-workflow';

import { attemptOutput, skippedAttemptOutput } from '../../../nodes/Talkover/callAgain';
import type { Attempt, AttemptPlan } from '../../../nodes/Talkover/callAgain';
import { attemptOf } from '../../../nodes/Talkover/callAgain/attempts';
import { allowsAnother, nextAttemptAt } from '../../../nodes/Talkover/callAgain/next';

const MINUTE = 60_000;
const END = Date.parse('2026-01-15T10:00:00Z');
const NOW = Date.parse('2026-01-15T10:05:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const PLAN: AttemptPlan = { rule: { attempts: 3, afterMs: 10 * MINUTE, when: ['notReached'] }, before: [] };
const CALL = { callId: 'c1', to: '+15550001234', outcome: 'notReached', status: 'no-answer', ended_reason: 'no-answer' };
const FIRST: Attempt = { attempt: 1, callId: 'c1', outcome: 'notReached', status: 'no-answer', endedReason: 'no-answer', endedAt: iso(END) };

describe('the output of a call the wait waited on', () => {
	test('the call’s fields, its attempt, and the next call counted from Talkover’s end', () => {
		expect(attemptOutput(PLAN, CALL, { callId: 'c1', endedAt: END, now: NOW })).toStrictEqual({ ...CALL, attempts: [FIRST], nextAttemptAt: iso(END + 10 * MINUTE) });
	});
	test('an earlier pass’s nextAttemptAt and nextCallError are not carried on', () => {
		const out = attemptOutput({ ...PLAN, rule: { ...PLAN.rule, attempts: 1 } }, { ...CALL, nextAttemptAt: '2026-01-01T00:00:00.000Z', nextCallError: 'old' }, { callId: 'c1', endedAt: END, now: NOW });
		expect(out).toStrictEqual({ ...CALL, attempts: [FIRST] });
	});
	test.each([
		['no end time', undefined],
		['an end time that is no number', NaN],
	])('%s from Talkover: the end is when it was read, and the next call counts from then', (_, endedAt) => {
		const out = attemptOutput(PLAN, CALL, { callId: 'c1', endedAt, now: NOW });
		expect(out.attempts).toStrictEqual([{ ...FIRST, endedAt: iso(NOW) }]);
		expect(out.nextAttemptAt).toBe(iso(NOW + 10 * MINUTE));
	});
	test('the calls before are listed first, this one numbered after them, with when it rang', () => {
		const before: Attempt[] = [{ attempt: 1, callId: 'c0', outcome: 'notReached' }];
		const out = attemptOutput({ ...PLAN, before, ringsAt: END - MINUTE }, { ...CALL, outcome: 'voicemail' }, { callId: 'c1', endedAt: END, now: NOW });
		expect(out.attempts).toStrictEqual([before[0], { ...FIRST, attempt: 2, outcome: 'voicemail', ringsAt: iso(END - MINUTE) }]);
		expect(out).not.toHaveProperty('nextAttemptAt');
	});
	test('the wait did not place the next call and none is due: said, and no nextAttemptAt', () => {
		const out = attemptOutput({ ...PLAN, notPlaced: { message: 'Talkover may have placed it', nextDue: false } }, CALL, { callId: 'c1', endedAt: END, now: NOW });
		expect(out).toStrictEqual({ ...CALL, attempts: [FIRST], nextCallError: 'Talkover may have placed it' });
	});
	test('the wait did not place the next call and it is still due: said, with nextAttemptAt', () => {
		const out = attemptOutput({ ...PLAN, notPlaced: { message: 'The request failed', nextDue: true } }, CALL, { callId: 'c1', endedAt: END, now: NOW });
		expect(out).toStrictEqual({ ...CALL, attempts: [FIRST], nextAttemptAt: iso(END + 10 * MINUTE), nextCallError: 'The request failed' });
	});
});

describe('one attempt as the output lists it', () => {
	test('an outcome the node does not give is unknown, with no end moment', () => {
		expect(attemptOf({ outcome: 'busy' }, [], 'c1', undefined, END)).toStrictEqual({ attempt: 1, callId: 'c1', outcome: 'unknown' });
		expect(attemptOf({}, [], 'c1', undefined, END)).toStrictEqual({ attempt: 1, callId: 'c1', outcome: 'unknown' });
	});
	test('the status and reason under either name Talkover gives them; empty ones left out', () => {
		expect(attemptOf({ outcome: 'answered', current_status: 'completed', end_reason: 'hangup' }, [], 'c1', undefined, undefined)).toStrictEqual({ attempt: 1, callId: 'c1', outcome: 'answered', status: 'completed', endedReason: 'hangup' });
		expect(attemptOf({ outcome: 'answered', status: '', ended_reason: '' }, [], 'c1', undefined, undefined)).toStrictEqual({ attempt: 1, callId: 'c1', outcome: 'answered' });
	});
	test.each([
		['no ring time', undefined],
		['a ring time that is no number', NaN],
		['an infinite ring time', Infinity],
	])('%s: no ringsAt', (_, ringsAt) => {
		expect(attemptOf({ outcome: 'answered' }, [], 'c1', ringsAt, END)).toStrictEqual({ attempt: 1, callId: 'c1', outcome: 'answered', endedAt: iso(END) });
	});
	test.each([
		['no end time', 'answered', undefined],
		['an end time that is no number', 'notReached', NaN],
		['a call that timed out (it has not ended as far as the wait knows)', 'timedOut', END],
		['an unknown end (no known moment)', 'unknown', END],
	])('%s: no endedAt', (_, outcome, endedAt) => {
		expect(attemptOf({ outcome }, [], 'c1', END - MINUTE, endedAt)).toStrictEqual({ attempt: 1, callId: 'c1', outcome, ringsAt: iso(END - MINUTE) });
	});
	test.each(['answered', 'voicemail', 'notReached'])('%s: its end, with its ring time', (outcome) => {
		expect(attemptOf({ outcome }, [], 'c1', 0, END)).toStrictEqual({ attempt: 1, callId: 'c1', outcome, ringsAt: iso(0), endedAt: iso(END) });
	});
});

describe('the next call', () => {
	const tried = (...outcomes: string[]): Attempt[] => outcomes.map((outcome, i) => ({ attempt: i + 1, callId: `c${i + 1}`, outcome: outcome as Attempt['outcome'] }));
	test('never after a call that reached the lead, even when a later one did not', () => {
		expect(allowsAnother(PLAN.rule, tried('answered', 'notReached'))).toBe(false);
		expect(nextAttemptAt(PLAN, tried('answered', 'notReached'), END)).toBeUndefined();
		expect(allowsAnother(PLAN.rule, tried('notReached', 'notReached'))).toBe(true);
	});
	test('hours the lead’s zones never show together within a year: no next call', () => {
		const hours = { rule: { days: ['monday' as const], from: 9 * 60, to: 10 * 60 }, zone: 'Europe/London', zoneFrom: 'number' as const, outsideHours: 'skip' as const, sameClockAs: ['Asia/Tokyo'] };
		expect(nextAttemptAt({ ...PLAN, hours }, tried('notReached'), END)).toBeUndefined();
	});
});

describe('an item the node skipped', () => {
	const BEFORE: Attempt[] = [{ attempt: 1, callId: 'c1', outcome: 'notReached' }];
	const SKIPPED: IDataObject = { skipped: true, to: '+15550001234', nextAttemptAt: '2026-01-01T00:00:00.000Z', nextCallError: 'old' };
	test('the skip names the moment the call becomes possible: the item comes back then', () => {
		const out = skippedAttemptOutput(BEFORE, { ...SKIPPED, nextAllowedAtUtc: '2026-01-16T09:00:00+01:00' });
		expect(out).toStrictEqual({ skipped: true, to: '+15550001234', nextAllowedAtUtc: '2026-01-16T09:00:00+01:00', attempts: BEFORE, nextAttemptAt: '2026-01-16T08:00:00.000Z' });
		expect(out.attempts).not.toBe(BEFORE);
	});
	test.each([
		['no moment', undefined],
		['a moment that is no time', 'tomorrow'],
		['a number, not a text', 2026],
	])('the skip names %s: the loop ends, no nextAttemptAt', (_, nextAllowedAtUtc) => {
		const json = nextAllowedAtUtc === undefined ? { skipped: true } : { skipped: true, nextAllowedAtUtc };
		expect(skippedAttemptOutput(BEFORE, { ...SKIPPED, ...json })).toStrictEqual({ ...json, to: '+15550001234', attempts: BEFORE });
	});
});
