import { readDay, readInstant, readTimeZone } from '../../nodes/shared/dates';
import { ctx } from './context';

const start = { displayName: 'Start', name: 'startAt' };
const read = (value: unknown, timeZone = 'America/New_York') => readInstant(ctx as never, 2, start, value, timeZone);

describe('readInstant: dates that do not exist are refused, never rolled over', () => {
	test.each(['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-04-31T10:00:00', '2026-13-01T10:00:00Z', '2026-00-10T10:00:00Z', '2026-03-00T10:00:00Z', '2026-03-02T24:00:00Z', '2026-03-02T10:60:00Z', '2026-03-02T10:00:60Z', '2026-03-02T10:00:00+24:00'])(
		'%s',
		(value) => {
			expect(() => read(value)).toThrow(new RegExp(`^Start \\(item 2\\): "${value.replace(/[+.]/g, '\\$&')}" (is not a real date and time|has an offset that does not exist)`));
		},
	);

	test.each([
		['2028-02-29T10:00:00Z', '2028-02-29T10:00:00Z'],
		['2026-03-02T15:00:00+02:00', '2026-03-02T13:00:00Z'],
		['2026-03-02T15:00:00.750-0130', '2026-03-02T16:30:00Z'],
		['2026-03-02 10:00', '2026-03-02T15:00:00Z'],
		['2026-12-31T23:59:59Z', '2026-12-31T23:59:59Z'],
	])('%s is %s', (value, instant) => {
		expect(read(value)).toBe(instant);
	});
});

describe('readInstant: local times around the clock changes', () => {
	test.each([
		['2026-03-08T02:30:00', 'America/New_York', '2026-03-08 02:30'],
		['2026-03-08T02:00', 'America/New_York', '2026-03-08 02:00'],
		['2026-03-29T02:30:00', 'Europe/Berlin', '2026-03-29 02:30'],
	])('%s in %s does not exist (the hour skipped): refused, saying so', (value, zone, shown) => {
		expect(() => read(value, zone)).toThrow(`Start (item 2): ${shown} does not exist in the time zone ${zone} (the clocks skip that hour when they go forward)`);
	});

	test.each([
		['2026-03-08T01:59:00', 'America/New_York', '2026-03-08T06:59:00Z'],
		['2026-03-08T03:00:00', 'America/New_York', '2026-03-08T07:00:00Z'],
		['2026-03-29T01:59:00', 'Europe/Berlin', '2026-03-29T00:59:00Z'],
		['2026-03-29T03:00:00', 'Europe/Berlin', '2026-03-29T01:00:00Z'],
	])('%s in %s, just before or after the gap: %s', (value, zone, instant) => {
		expect(read(value, zone)).toBe(instant);
	});

	test.each([
		// 01:30 happens twice in New York on 1 November 2026: first EDT (-04:00), then EST (-05:00).
		['2026-11-01T01:30:00', 'America/New_York', '2026-11-01T05:30:00Z'],
		// 02:30 happens twice in Berlin on 25 October 2026: first CEST (+02:00), then CET (+01:00).
		['2026-10-25T02:30:00', 'Europe/Berlin', '2026-10-25T00:30:00Z'],
	])('%s in %s happens twice: the first one, before the clocks go back (%s)', (value, zone, instant) => {
		expect(read(value, zone)).toBe(instant);
	});

	test('an end in the gap with its start before it: the gap is named, not "End not after start"', () => {
		expect(() => readInstant(ctx as never, 0, { displayName: 'End', name: 'endAt' }, '2026-03-29T02:30:00', 'Europe/Berlin')).toThrow(/^End \(item 0\): 2026-03-29 02:30 does not exist/);
	});
});

describe('readDay (review of issue 21, R8: the time of a date-time must exist, never cut off)', () => {
	const day = { displayName: 'Date From', name: 'dateFrom' };
	const read = (value: unknown) => readDay(ctx as never, 0, day, value);
	test.each([
		['2026-03-01', '2026-03-01'],
		['2026-03-01T23:59:59', '2026-03-01'],
		['2026-03-01 09:30', '2026-03-01'],
		['2026-03-01T10:00:00.123+02:00', '2026-03-01'],
		['2026-03-01T10:00:00Z', '2026-03-01'],
	])('%s → %s', (value, expected) => {
		expect(read(value)).toBe(expected);
	});
	test.each([
		['2026-03-01T25:99:00', 'is not a real date and time (that time does not exist)'],
		['2026-03-01T24:30:00', 'is not a real date and time (that time does not exist)'],
		['2026-03-01T10:00:00+25:00', 'is not a real date and time (that time does not exist)'],
		['2026-03-01 not a time', 'is not a date; use YYYY-MM-DD'],
		['2026-02-30', 'is not a date; use YYYY-MM-DD'],
	])('%s is refused: %s', (value, message) => {
		expect(() => read(value)).toThrow(`Date From (item 0): "${value}" ${message}`);
	});
});

describe('readTimeZone: a time zone typed in other letter case is sent as Talkover lists it', () => {
	const zone = { displayName: 'Timezone', name: 'timezone' };
	test.each([
		['europe/london', 'Europe/London'],
		['AMERICA/NEW_YORK', 'America/New_York'],
		['utc', 'UTC'],
		['Europe/London', 'Europe/London'],
		['US/Eastern', 'US/Eastern'],
	])('%s is sent as %s', (value, sent) => {
		expect(readTimeZone(ctx as never, 0, zone, value)).toBe(sent);
	});
});
