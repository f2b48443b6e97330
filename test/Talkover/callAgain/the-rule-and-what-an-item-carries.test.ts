/**
 * Call Again Until Reached's pieces on plain data: the option read and checked (read.ts), what an item carries and
 * whether its next call is due (carried.ts), the next call's moment with and without Calling Hours (next.ts), and
 * the plan as a waiting execution saved it (plan.ts, callingHours/keptPlan.ts): nothing guessed.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCallAgain, readCarried, readAttemptPlan, turnOf } from '../../../nodes/Talkover/callAgain';
import { nextAttemptAt } from '../../../nodes/Talkover/callAgain/next';
import { readHoursPlan } from '../../../nodes/Talkover/callingHours/keptPlan';
import type { Attempt } from '../../../nodes/Talkover/callAgain';

const ctx = { getNode: () => ({ id: 'n', name: 'Talkover', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} }) };
const MINUTE = 60_000;
const rule = (given: IDataObject) => readCallAgain(ctx, 2, { callAgainUntilReached: { rule: given } });
const failure = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return (error as Error).message;
	}
	throw new Error('no error');
};

describe('the option, read before any request', () => {
	test('not set: no rule; Attempts 1: a rule of one call (a new lead is called as without the option, an item carrying its calls is not called past them)', () => {
		expect(readCallAgain(ctx, 0, {})).toBeUndefined();
		expect(rule({ attempts: 1 })).toEqual({ attempts: 1, afterMs: 10 * MINUTE, when: ['notReached'] });
	});
	test('the defaults: 3 attempts, 10 minutes apart, when not reached', () => {
		expect(rule({})).toEqual({ attempts: 3, afterMs: 10 * MINUTE, when: ['notReached'] });
	});
	test.each([
		[{ attempts: 11 }, 'Call Again Until Reached › Attempts'],
		[{ attempts: 0 }, 'Call Again Until Reached › Attempts'],
		[{ attempts: 2.5 }, 'Call Again Until Reached › Attempts'],
		[{ afterMinutes: -1 }, 'Call Again Until Reached › Call Again After (Minutes)'],
		[{ afterMinutes: 10081 }, 'Call Again Until Reached › Call Again After (Minutes)'],
		[{ when: [] }, 'Call Again Until Reached › Call Again When'],
		[{ when: ['answered'] }, 'Call Again Until Reached › Call Again When'],
	])('%j is an error naming the field and the item', (given, field) => {
		const message = failure(() => rule(given));
		expect(message).toContain(field);
	});
	test('a text from an expression is read as the editor gives it', () => {
		expect(rule({ attempts: '4', afterMinutes: '60', when: 'notReached, voicemail' })).toEqual({ attempts: 4, afterMs: 60 * MINUTE, when: ['notReached', 'voicemail'] });
	});
});

const attempt = (n: number, outcome: string): IDataObject => ({ attempt: n, callId: `c${n}`, outcome });
const TO = '+15550001234';

describe('what an item carries', () => {
	test('an empty list without a next call’s moment (a CRM’s own empty field) is a new lead; with one, the node’s own', () => {
		expect(readCarried(ctx, 0, { attempts: [] }, TO)).toBeUndefined();
		expect(readCarried(ctx, 0, { to: TO, attempts: [], nextAttemptAt: '2026-01-16T08:00:00.000Z' }, TO)).toEqual({ attempts: [], nextAttemptAt: Date.parse('2026-01-16T08:00:00Z') });
	});

	test('the calls of another number are not this lead’s, nor those of no number: an error naming them', () => {
		expect(failure(() => readCarried(ctx, 1, { attempts: [attempt(1, 'answered')] }, TO))).toContain('Item 1: its attempts name no number');
		expect(failure(() => readCarried(ctx, 1, { to: '+1 555 000 9999', attempts: [attempt(1, 'answered')] }, TO))).toContain('Item 1: its attempts are the calls to +1 555 000 9999, not to +15550001234, the number To gives now');
		expect(readCarried(ctx, 1, { to: '+1 (555) 000-1234', attempts: [attempt(1, 'answered')] }, TO)).toEqual({ attempts: [{ attempt: 1, callId: 'c1', outcome: 'answered' }] });
	});

	test('no attempts list: a new lead (an attempts of another kind is the lead’s own field)', () => {
		expect(readCarried(ctx, 0, { to: '+1' }, TO)).toBeUndefined();
		expect(readCarried(ctx, 0, { attempts: 3 }, TO)).toBeUndefined();
	});
	test('the node’s own list, and its nextAttemptAt', () => {
		expect(readCarried(ctx, 0, { to: TO, attempts: [attempt(1, 'notReached')], nextAttemptAt: '2026-01-15T12:10:00.000Z' }, TO)).toEqual({
			attempts: [{ attempt: 1, callId: 'c1', outcome: 'notReached' }],
			nextAttemptAt: Date.parse('2026-01-15T12:10:00.000Z'),
		});
	});
	test.each([
		[{ attempts: [{ ...attempt(1, 'notReached'), endedAt: 'yesterday' }] }, "entry 1's endedAt is not a moment"],
		[{ attempts: [{ ...attempt(1, 'notReached'), status: 4 }] }, "entry 1's status is not a text"],
		[{ attempts: [{ attempt: 1, outcome: 'busy' }] }, 'entry 1 has no callId'],
		[{ to: TO, attempts: [], nextAttemptAt: 'soon' }, 'its nextAttemptAt "soon" is not a moment with its time zone'],
		[{ to: TO, attempts: [], nextAttemptAt: '2026-01-15T12:10:00' }, 'its nextAttemptAt "2026-01-15T12:10:00" is not a moment with its time zone'],
		[{ to: TO, attempts: [], nextAttemptAt: '1' }, 'its nextAttemptAt "1" is not a moment with its time zone'],
		[{ attempts: [{ ...attempt(1, 'notReached'), ringsAt: '2026-01-15 12:00' }] }, "entry 1's ringsAt is not a moment"],
	])('%j is an error naming the item', (json, problem) => {
		expect(failure(() => readCarried(ctx, 4, json, TO))).toContain(`Item 4: its `);
		expect(failure(() => readCarried(ctx, 4, json, TO))).toContain(problem);
	});
});

describe('whether the next call is placed now', () => {
	const three = { attempts: 3, afterMs: 10 * MINUTE, when: ['notReached' as const] };
	const carried = (outcomes: string[], next?: number) => ({ attempts: outcomes.map((o, i) => attempt(i + 1, o)) as unknown as Attempt[], ...(next !== undefined ? { nextAttemptAt: next } : {}) });
	test.each([
		['a new lead', undefined, 0, { call: true }],
		['its moment has come', carried(['notReached'], 100), 100, { call: true }],
		['a millisecond before its moment', carried(['notReached'], 100), 99, { pass: 'due' }],
		['reached', carried(['notReached', 'answered'], 100), 100, { pass: 'done' }],
		['its attempts used', carried(['notReached', 'notReached', 'notReached'], 100), 100, { pass: 'done' }],
		['its last outcome not one to call again on', carried(['voicemail'], 100), 100, { pass: 'done' }],
		['its outcome unknown (it may have been answered)', carried(['unknown'], 100), 100, { pass: 'done' }],
		['no call due', carried(['notReached']), 100, { pass: 'done' }],
		['skipped before any call, its moment come', carried([], 100), 100, { call: true }],
	])('%s', (_label, given, now, turn) => {
		expect(turnOf(three, given as never, now)).toEqual(turn);
	});
});

describe('the next call’s moment', () => {
	const end = Date.parse('2026-01-15T12:00:00Z');
	const plan = (hours?: IDataObject) => ({ rule: { attempts: 3, afterMs: 30 * MINUTE, when: ['notReached' as const] }, ...(hours ? { hours: hours as never } : {}) });
	const tried = (outcomes: string[]) => outcomes.map((o, i) => attempt(i + 1, o)) as unknown as Attempt[];
	const paris = (days: string[], from: number, to: number, extra: IDataObject = {}) => ({ rule: { days, from, to }, zone: 'Europe/Paris', zoneFrom: 'field', outsideHours: 'skip', ...extra });
	test('without Calling Hours: the end plus Call Again After', () => {
		expect(nextAttemptAt(plan(), tried(['notReached']), end)).toBe(end + 30 * MINUTE);
	});
	test('inside the hours: unchanged; after them: their next opening; on a day without hours: the next day with them', () => {
		expect(nextAttemptAt(plan(paris(['thursday'], 9 * 60, 14 * 60)), tried(['notReached']), end)).toBe(end + 30 * MINUTE);
		expect(nextAttemptAt(plan(paris(['thursday', 'friday'], 9 * 60, 13 * 60 + 15)), tried(['notReached']), end)).toBe(Date.parse('2026-01-16T08:00:00Z'));
		expect(nextAttemptAt(plan(paris(['monday'], 9 * 60, 17 * 60)), tried(['notReached']), end)).toBe(Date.parse('2026-01-19T08:00:00Z'));
	});
	test('a lead who may be in two zones: the first moment both allow', () => {
		const hours = (other: string) => ({ rule: { days: ['thursday', 'friday'], from: 9 * 60, to: 17 * 60 }, zone: 'Europe/Paris', zoneFrom: 'number', outsideHours: 'skip', sameClockAs: [other] });
		// 16:30 UTC: 17:30 in Paris (closed), 16:30 in London (open): Friday 09:00 in London, 10:00 in Paris.
		expect(nextAttemptAt(plan(hours('Europe/London')), tried(['notReached']), end + 4 * 60 * MINUTE)).toBe(Date.parse('2026-01-16T09:00:00Z'));
		// Paris and Tokyo share no hour of 9 to 17 in winter: the first is Thursday 2 April, once Paris is on summer time (07:00 UTC: 09:00 Paris, 16:00 Tokyo).
		expect(nextAttemptAt(plan(hours('Asia/Tokyo')), tried(['notReached']), end)).toBe(Date.parse('2026-04-02T07:00:00Z'));
	});
	test('none when reached, when the attempts are used, or when the outcome is not one to call again on', () => {
		expect(nextAttemptAt(plan(), tried(['notReached', 'answered']), end)).toBeUndefined();
		expect(nextAttemptAt(plan(), tried(['notReached', 'notReached', 'notReached']), end)).toBeUndefined();
		expect(nextAttemptAt(plan(), tried(['timedOut']), end)).toBeUndefined();
		expect(nextAttemptAt(plan(), [], end)).toBeUndefined();
	});
});

describe('the plan as a waiting execution saved it', () => {
	const saved = { rule: { attempts: 3, afterMs: 600_000, when: ['notReached'] }, before: [attempt(1, 'notReached')], hours: { rule: { days: ['monday'], from: 540, to: 1020 }, zone: 'Europe/Paris', zoneFrom: 'field', outsideHours: 'skip' }, ringsAt: 5, resend: { to: '+15550001001', is_testing: true, context: { deal: 7 } } };
	test('read back as it was written', () => {
		expect(readAttemptPlan(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
	});
	test.each([
		['attempts 1', { ...saved, rule: { ...saved.rule, attempts: 1 } }],
		['an outcome not offered', { ...saved, rule: { ...saved.rule, when: ['answered'] } }],
		['an attempt out of order', { ...saved, before: [attempt(2, 'notReached')] }],
		['hours without days', { ...saved, hours: { ...saved.hours, rule: { days: [], from: 540, to: 1020 } } }],
		['hours ending before they start', { ...saved, hours: { ...saved.hours, rule: { days: ['monday'], from: 600, to: 540 } } }],
		['a zone that is none', { ...saved, hours: { ...saved.hours, zone: 'Mars/Olympus' } }],
		['a ring that is no moment', { ...saved, ringsAt: 'soon' }],
		['a next call’s request that is no object', { ...saved, resend: 'call' }],
		['a next call’s request without its number', { ...saved, resend: { is_testing: true } }],
		['a next call’s request with a delay of its own', { ...saved, resend: { to: '+15550001001', delay_seconds: 60 } }],
	])('not read (nothing guessed): %s', (_label, value) => {
		expect(readAttemptPlan(value)).toBeUndefined();
	});
	test('the hours alone: every setting checked', () => {
		expect(readHoursPlan({ ...saved.hours, outsideHours: 'later' })).toBeUndefined();
		expect(readHoursPlan({ ...saved.hours, zoneFrom: 'guess' })).toBeUndefined();
		expect(readHoursPlan({ ...saved.hours, sameClockAs: ['Asia/Tokyo'] })).toEqual({ ...saved.hours, sameClockAs: ['Asia/Tokyo'] });
	});
});
