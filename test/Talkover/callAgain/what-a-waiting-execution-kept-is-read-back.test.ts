/**
 * What a waiting execution kept of Call Again Until Reached, read back when the wait resumes
 * (nodes/Talkover/callAgain/plan.ts) — the rule, the calls before this one, the lead's Calling Hours, when the
 * call rings, the next call's request — and the `attempts` list an item carries (attempts.ts). A plan or a list
 * this version did not write is refused (undefined, or a text naming the entry): a wrong count would call a lead
 * once too often, so nothing is guessed.
 */
import type { IDataObject } from 'n8n-workflow';

import { keptAttemptPlan, readAttemptPlan } from '../../../nodes/Talkover/callAgain';
import type { AttemptPlan } from '../../../nodes/Talkover/callAgain';
import { readAttempt, readAttempts } from '../../../nodes/Talkover/callAgain/attempts';

const MINUTE = 60_000;
const RULE = { attempts: 3, afterMs: 10 * MINUTE, when: ['notReached'] };
const FIRST = { attempt: 1, callId: 'c1', outcome: 'notReached' };
const PLAN: IDataObject = { rule: RULE, before: [] };
const HOURS = { rule: { days: ['monday'], from: 9 * 60, to: 17 * 60 }, zone: 'Europe/Paris', zoneFrom: 'field', outsideHours: 'skip' };
const withRule = (rule: IDataObject): IDataObject => ({ ...PLAN, rule: { ...RULE, ...rule } });

describe('a plan the wait saved is read as it was saved', () => {
	test('the rule and no call before: nothing more, not even an empty key', () => {
		const read = readAttemptPlan(PLAN);
		expect(read).toStrictEqual({ rule: RULE, before: [] });
		expect(Object.keys(read!).sort()).toEqual(['before', 'rule']);
	});
	test('every part: the calls before, the hours, when the call rings, the next call’s request', () => {
		const plan = { rule: { attempts: 10, afterMs: 0, when: ['notReached', 'voicemail', 'timedOut'] }, before: [FIRST], hours: HOURS, ringsAt: Date.parse('2026-01-15T10:00:00Z'), resend: { to: '+33612345678' } };
		expect(readAttemptPlan(plan)).toStrictEqual(plan);
	});
	test('Call Again After 0: the next call may follow at once', () => {
		expect(readAttemptPlan(withRule({ afterMs: 0 }))?.rule.afterMs).toBe(0);
	});
	test('Attempts 2, the fewest the option gives', () => {
		expect(readAttemptPlan(withRule({ attempts: 2 }))?.rule.attempts).toBe(2);
	});
	test('when the call rings: kept, 0 included', () => {
		expect(readAttemptPlan({ ...PLAN, ringsAt: 0 })).toStrictEqual({ rule: RULE, before: [], ringsAt: 0 });
	});
	test('the plan as the wait saves it is the plan itself, and reads back unchanged', () => {
		const plan: AttemptPlan = { rule: { attempts: 3, afterMs: MINUTE, when: ['voicemail'] }, before: [{ attempt: 1, callId: 'c1', outcome: 'voicemail' }], ringsAt: 5 };
		expect(keptAttemptPlan(plan)).toBe(plan);
		expect(readAttemptPlan(JSON.parse(JSON.stringify(keptAttemptPlan(plan))))).toStrictEqual(plan);
	});
});

describe('a plan this version did not write is none', () => {
	test.each([
		['nothing', undefined],
		['null', null],
		['a list', [PLAN]],
		['no rule', { before: [] }],
		['a rule that is a text', { rule: 'attempts 3', before: [] }],
		['no calls before', { rule: RULE }],
		['calls before that are no list', { rule: RULE, before: { 0: FIRST } }],
	])('%s', (_, value) => {
		expect(readAttemptPlan(value)).toBeUndefined();
	});

	test.each([
		['Attempts 1', { attempts: 1 }],
		['Attempts 0', { attempts: 0 }],
		['Attempts not whole', { attempts: 2.5 }],
		['Attempts a text', { attempts: '3' }],
		['Attempts none', { attempts: undefined }],
		['Attempts infinite', { attempts: Infinity }],
		['Call Again After below 0', { afterMs: -1 }],
		['Call Again After not a number', { afterMs: NaN }],
		['Call Again After infinite', { afterMs: Infinity }],
		['Call Again After a text', { afterMs: '600000' }],
		['Call Again When a text', { when: 'notReached' }],
		['Call Again When answered', { when: ['answered'] }],
		['Call Again When one known outcome and one the option does not give', { when: ['notReached', 'answered'] }],
		['Call Again When a list inside the list', { when: [['notReached']] }],
	])('a rule with %s', (_, rule) => {
		expect(readAttemptPlan(withRule(rule))).toBeUndefined();
	});

	test.each([
		['a call that is not attempt 1', [{ ...FIRST, attempt: 2 }]],
		['a call with no outcome the node gives', [{ ...FIRST, outcome: 'busy' }]],
		['a call that is no object', ['c1']],
	])('calls before: %s', (_, before) => {
		expect(readAttemptPlan({ ...PLAN, before })).toBeUndefined();
	});

	test.each([
		['not a plan', 'Europe/Paris'],
		['a plan that breaks a check', { ...HOURS, zone: 'Mars/Olympus_Mons' }],
		['null', null],
	])('hours: %s', (_, hours) => {
		expect(readAttemptPlan({ ...PLAN, hours })).toBeUndefined();
	});

	test.each([
		['not a number', NaN],
		['infinite', Infinity],
		['a text', '2026-01-15T10:00:00Z'],
		['null', null],
	])('when the call rings: %s', (_, ringsAt) => {
		expect(readAttemptPlan({ ...PLAN, ringsAt })).toBeUndefined();
	});

	test.each([
		['no object', '+33612345678'],
		['no number to call', { agent_id: 'a' }],
		['a delay (the wait places the call without one)', { to: '+33612345678', delay_seconds: 30 }],
	])('the next call’s request: %s', (_, resend) => {
		expect(readAttemptPlan({ ...PLAN, resend })).toBeUndefined();
	});
});

describe('the attempts list an item carries', () => {
	const AT = '2026-01-15T10:00:00.000Z';
	test('an entry with only what each has: no optional key at all', () => {
		const read = readAttempt(FIRST, 1);
		expect(read).toStrictEqual(FIRST);
		expect(Object.keys(read as object).sort()).toEqual(['attempt', 'callId', 'outcome']);
	});
	test('an entry with every field', () => {
		const entry = { attempt: 2, callId: 'c2', outcome: 'voicemail', status: 'completed', endedReason: 'voicemail', ringsAt: AT, endedAt: '2026-01-15T11:00:00+01:00' };
		expect(readAttempt(entry, 2)).toStrictEqual(entry);
	});
	test.each(['answered', 'voicemail', 'notReached', 'timedOut', 'unknown'])('the outcome %s', (outcome) => {
		expect(readAttempt({ ...FIRST, outcome }, 1)).toStrictEqual({ ...FIRST, outcome });
	});
	test.each([
		['no object', 'c1', 'entry 3 is not an object'],
		['another place in the list', { ...FIRST, attempt: 1 }, 'entry 3 says attempt 1'],
		['no call ID', { ...FIRST, attempt: 3, callId: undefined }, 'entry 3 has no callId'],
		['an empty call ID', { ...FIRST, attempt: 3, callId: '' }, 'entry 3 has no callId'],
		['a call ID that is no text', { ...FIRST, attempt: 3, callId: 7 }, 'entry 3 has no callId'],
		['an outcome the node does not give', { ...FIRST, attempt: 3, outcome: 'busy' }, 'entry 3 has no outcome the node gives (answered, voicemail, notReached, timedOut, unknown)'],
		['an empty status', { ...FIRST, attempt: 3, status: '' }, "entry 3's status is not a text"],
		['a reason that is no text', { ...FIRST, attempt: 3, endedReason: 4 }, "entry 3's endedReason is not a text"],
		['a ring time without its zone', { ...FIRST, attempt: 3, ringsAt: '2026-01-15T10:00:00' }, "entry 3's ringsAt is not a moment"],
		['an end that is a number', { ...FIRST, attempt: 3, endedAt: Date.parse(AT) }, "entry 3's endedAt is not a moment"],
	])('%s: a text naming the entry and what is wrong', (_, entry, problem) => {
		expect(readAttempt(entry, 3)).toBe(problem);
	});
	test('a whole list: each entry read, or the first problem', () => {
		expect(readAttempts([FIRST, { attempt: 2, callId: 'c2', outcome: 'voicemail' }])).toStrictEqual([FIRST, { attempt: 2, callId: 'c2', outcome: 'voicemail' }]);
		expect(readAttempts([FIRST, { attempt: 2, callId: '', outcome: 'x' }, 'no'])).toBe('entry 2 has no callId');
		expect(readAttempts([])).toStrictEqual([]);
	});
});
