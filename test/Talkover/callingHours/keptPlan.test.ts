/**
 * A Calling Hours plan as a waiting execution saved it, read back when the wait resumes
 * (nodes/Talkover/callingHours/keptPlan.ts): every check refuses a plan that breaks it (undefined: nothing is
 * guessed, the next call is not moved into hours the node never set), and the edges of each range are kept.
 */
import type { IDataObject } from 'n8n-workflow';

import { readHoursPlan } from '../../../nodes/Talkover/callingHours/keptPlan';

const RULE = { days: ['monday', 'friday'], from: 8 * 60, to: 20 * 60 };
const PLAN: IDataObject = { rule: RULE, zone: 'Europe/London', zoneFrom: 'fallback', outsideHours: 'skip' };
const withRule = (rule: IDataObject): IDataObject => ({ ...PLAN, rule: { ...RULE, ...rule } });

describe('a plan this version wrote is read as it was saved', () => {
	test('without sameClockAs: the same plan, and no sameClockAs key at all', () => {
		const read = readHoursPlan(PLAN);
		expect(read).toStrictEqual(PLAN);
		expect(Object.keys(read!)).not.toContain('sameClockAs');
	});
	test('with sameClockAs: the zones the number may also be in', () => {
		const plan = { ...PLAN, zone: 'Europe/London', zoneFrom: 'number', sameClockAs: ['Europe/Guernsey', 'Europe/Isle_of_Man'] };
		expect(readHoursPlan(plan)).toStrictEqual(plan);
		expect(readHoursPlan({ ...PLAN, sameClockAs: [] })).toStrictEqual({ ...PLAN, sameClockAs: [] });
	});
	test.each(['field', 'number', 'fallback'])('the zone came from %s', (zoneFrom) => {
		expect(readHoursPlan({ ...PLAN, zoneFrom })).toStrictEqual({ ...PLAN, zoneFrom });
	});
	test.each(['skip', 'delay'])('Outside the Hours: %s', (outsideHours) => {
		expect(readHoursPlan({ ...PLAN, outsideHours })).toStrictEqual({ ...PLAN, outsideHours });
	});
	test.each([
		['the whole day', 0, 1440],
		['its first minute', 0, 1],
		['its last minute', 1439, 1440],
	])('the window at the edges of the day: %s (from %i to %i)', (_, from, to) => {
		expect(readHoursPlan(withRule({ from, to }))).toStrictEqual({ ...PLAN, rule: { ...RULE, from, to } });
	});
});

describe('a plan that breaks a check is no plan', () => {
	test.each([
		['nothing', undefined],
		['null', null],
		['a text', 'Europe/London'],
		['no rule', { ...PLAN, rule: undefined }],
		['a rule that is a list', { ...PLAN, rule: [RULE] }],
	])('%s', (_, value) => {
		expect(readHoursPlan(value)).toBeUndefined();
	});

	test.each([
		['no days', { days: [] }],
		['days that are no list', { days: 'monday' }],
		['a day that is no weekday, beside one that is', { days: ['monday', 'funday'] }],
		['from before the day', { from: -1 }],
		['from the day’s end', { from: 1440, to: 1440 }],
		['from not a whole minute', { from: 480.5 }],
		['from a text', { from: '480' }],
		['to past the day', { from: 480, to: 1441 }],
		['to at the day’s start', { from: 0, to: 0 }],
		['to not a whole minute', { to: 1200.5 }],
		['to a text', { to: '1200' }],
		['from after to', { from: 1200, to: 480 }],
		['from equal to to', { from: 600, to: 600 }],
	])('a rule with %s', (_, rule) => {
		expect(readHoursPlan(withRule(rule))).toBeUndefined();
	});

	test.each([
		['empty', ''],
		['no zone', 'Mars/Olympus_Mons'],
		['not a text', 42],
		['a list holding a zone', ['Europe/London']],
	])('a zone: %s', (_, zone) => {
		expect(readHoursPlan({ ...PLAN, zone })).toBeUndefined();
	});

	test.each([undefined, '', 'lead', 'Field'])('the zone’s source %j', (zoneFrom) => {
		expect(readHoursPlan({ ...PLAN, zoneFrom })).toBeUndefined();
	});

	test.each([undefined, '', 'dial', 'Skip'])('Outside the Hours %j', (outsideHours) => {
		expect(readHoursPlan({ ...PLAN, outsideHours })).toBeUndefined();
	});

	test.each([
		['a text, not a list', 'Europe/Guernsey'],
		['a zone that is none', ['Mars/Olympus_Mons']],
		['one good zone and one that is none', ['Europe/Guernsey', 'Mars/Olympus_Mons']],
		['an empty text', ['Europe/Guernsey', '']],
		['a list inside the list', [['Europe/Guernsey']]],
		['null', null],
	])('sameClockAs: %s', (_, sameClockAs) => {
		expect(readHoursPlan({ ...PLAN, sameClockAs })).toBeUndefined();
	});
});
