/** Reading dates, times, days and time zones exactly, or refusing them (nodes/shared/dates.ts). */
import { apiInstantMs, readDay, readInstant, readTime, readTimeZone, timeZoneNames } from '../../nodes/shared/dates';
import { ctx } from '../helpers/context';

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

describe('readDay: the time of a date-time must exist, never cut off', () => {
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
		// A name Node.js knows but does not list among its time zones: spelt as Node.js resolves it.
		['etc/gmt+5', 'Etc/GMT+5'],
		['Europe/London', 'Europe/London'],
		['US/Eastern', 'US/Eastern'],
	])('%s is sent as %s', (value, sent) => {
		expect(readTimeZone(ctx as never, 0, zone, value)).toBe(sent);
	});
});

const field = (displayName: string, name: string) => ({ displayName, name });

describe('a campaign time of day (Call Time Ranges) is HH:MM, 24 hours', () => {
	const start = field('Call Time Ranges 1 Start', 'callTimeRanges');
	const read = (value: unknown) => readTime(ctx as never, 4, start, value);

	test.each([
		['09:00', '09:00'],
		['9:00', '09:00'],
		[' 17:30 ', '17:30'],
		['00:00', '00:00'],
		['23:59', '23:59'],
	])('%o is sent as %s', (value, sent) => {
		expect(read(value)).toBe(sent);
	});

	test.each<[unknown, string]>([
		['24:00', '24:00'],
		['23:60', '23:60'],
		['9', '9'],
		['09:00:00', '09:00:00'],
		['9.00', '9.00'],
		['109:00', '109:00'],
		['at 09:00', 'at 09:00'],
		['09:00 pm', '09:00 pm'],
		['', ''],
		[undefined, ''],
		[null, ''],
	])('%o is refused, naming the field and the item, before anything is sent', (value, shown) => {
		expect(() => read(value)).toThrow(`Call Time Ranges 1 Start (item 4): "${shown}" is not a time of day; use HH:MM, 24 hours, e.g. 09:00 or 17:30`);
	});
});

describe('a campaign time zone is an IANA name this Node.js knows', () => {
	const zone = field('Timezone', 'timezone');
	const read = (value: unknown) => readTimeZone(ctx as never, 1, zone, value);

	test.each([
		['Europe/London', 'Europe/London'],
		[' America/New_York ', 'America/New_York'],
		['UTC', 'UTC'],
		['Etc/GMT+5', 'Etc/GMT+5'],
		['America/Argentina/ComodRivadavia', 'America/Argentina/ComodRivadavia'],
	])('%o is sent as %s', (value, sent) => {
		expect(read(value)).toBe(sent);
	});

	test.each<[unknown, string]>([
		['Mars/Olympus_Mons', 'Mars/Olympus_Mons'],
		['+01:00', '+01:00'],
		// Abbreviations ICU reads as other zones than a CRM means (BST → Asia/Dhaka, IST → Asia/Kolkata, …).
		['BST', 'BST'],
		['IST', 'IST'],
		['AST', 'AST'],
		['NST', 'NST'],
		['EST', 'EST'],
		// Names ICU reads as UTC that start like UTC or GMT but are neither (and no Area/Location).
		['GMT0', 'GMT0'],
		['GMT-0', 'GMT-0'],
		['', ''],
		[undefined, ''],
	])('%o is refused, naming the field and the item', (value, shown) => {
		expect(() => read(value)).toThrow(`Timezone (item 1): "${shown}" is not a time zone; use a name like America/New_York or Europe/London`);
	});

	test('a name longer than the 50 characters the campaign pages allow is refused', () => {
		const long = `Europe/London${'/x'.repeat(20)}`;
		expect(() => read(long)).toThrow(`Timezone (item 1): "${long}" is not a time zone`);
	});

	test('the Timezone picker lists the zones Node.js knows; a Node.js without the list offers UTC', () => {
		const names = timeZoneNames();
		expect(names).toEqual(expect.arrayContaining(['Europe/London', 'America/New_York', 'Asia/Tokyo']));
		const intl = Intl as unknown as { supportedValuesOf?: unknown };
		const original = intl.supportedValuesOf;
		try {
			delete intl.supportedValuesOf;
			expect(timeZoneNames()).toEqual(['UTC']);
		} finally {
			intl.supportedValuesOf = original;
		}
	});
});

describe('the start_at and end_at of a calendar event Talkover gives (Book Only If Free) are read exactly', () => {
	test.each([
		['2024-01-20T15:00:00Z', Date.UTC(2024, 0, 20, 15, 0, 0)],
		['2024-01-20T15:00Z', Date.UTC(2024, 0, 20, 15, 0, 0)],
		['2024-01-20t15:00:00z', Date.UTC(2024, 0, 20, 15, 0, 0)],
		[' 2024-01-20T15:00:00Z ', Date.UTC(2024, 0, 20, 15, 0, 0)],
		['2024-01-20T15:00:00.250Z', Date.UTC(2024, 0, 20, 15, 0, 0, 250)],
		['2024-01-20T15:00:00+02:00', Date.UTC(2024, 0, 20, 13, 0, 0)],
		['2024-01-20T15:00:00-0130', Date.UTC(2024, 0, 20, 16, 30, 0)],
		['2024-01-20T15:00:00+23:59', Date.UTC(2024, 0, 19, 15, 1, 0)],
		['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
	])('%s is the instant %d', (value, ms) => {
		expect(apiInstantMs(value)).toBe(ms);
	});

	test.each<[string, unknown]>([
		['null', null],
		['missing', undefined],
		['Unix seconds', 1705762800],
		['a time without a zone', '2024-01-20T15:00:00'],
		['a day only', '2024-01-20'],
		['a space instead of T', '2024-01-20 15:00:00Z'],
		['a day that does not exist', '2023-02-29T10:00:00Z'],
		['an hour that does not exist', '2024-01-20T24:00:00Z'],
		['an offset of 24 hours', '2024-01-20T15:00:00+24:00'],
		['an offset of 60 minutes', '2024-01-20T15:00:00+01:60'],
		['text before it', 'at 2024-01-20T15:00:00Z'],
		['text after it', '2024-01-20T15:00:00Z or later'],
	])('%s cannot be read (so the slot is never taken as free)', (_, value) => {
		expect(apiInstantMs(value)).toBeUndefined();
	});
});

describe('an instant (calendar event times, availability) as the user gives it', () => {
	const start = field('Start', 'startAt');
	const read = (value: unknown, timeZone = 'Europe/Berlin') => readInstant(ctx as never, 0, start, value, timeZone);

	test('a Date from an expression is that instant', () => {
		expect(read(new Date(Date.UTC(2026, 2, 2, 15, 0, 0)))).toBe('2026-03-02T15:00:00Z');
	});

	test('a fraction of a second is accepted and dropped: the instant is sent in whole seconds, as Talkover\'s pages give times', () => {
		expect(read('2026-03-02T15:00:00.5Z')).toBe('2026-03-02T15:00:00Z');
		expect(read('2026-03-02T15:00:59.999+01:00')).toBe('2026-03-02T14:00:59Z');
		expect(read('2026-03-02T10:00:00.250')).toBe('2026-03-02T09:00:00Z');
	});

	test('a lower-case t and z are read as T and Z; without seconds the time is on the minute', () => {
		expect(read('2026-03-02t15:00:00z')).toBe('2026-03-02T15:00:00Z');
		expect(read('2026-03-02T15:00Z')).toBe('2026-03-02T15:00:00Z');
	});

	test('a negative offset is behind UTC, a positive one ahead', () => {
		expect(read('2026-03-02T10:00:00-05:00')).toBe('2026-03-02T15:00:00Z');
		expect(read('2026-03-02T10:00:00+05:30')).toBe('2026-03-02T04:30:00Z');
	});

	test('an offset up to 23:59 is accepted; 24 hours or 60 minutes is refused, naming it', () => {
		expect(read('2026-03-02T10:00:00+23:59')).toBe('2026-03-01T10:01:00Z');
		expect(() => read('2026-03-02T10:00:00-24:00')).toThrow('Start (item 0): "2026-03-02T10:00:00-24:00" has an offset that does not exist (-24:00)');
		expect(() => read('2026-03-02T10:00:00+01:60')).toThrow('Start (item 0): "2026-03-02T10:00:00+01:60" has an offset that does not exist (+01:60)');
		expect(read('2026-03-02T10:00:00+01:59')).toBe('2026-03-02T08:01:00Z');
	});

	test('without a zone the time is in the workflow\'s time zone; a time zone n8n does not know is read as UTC', () => {
		expect(read('2026-07-02T10:00:00', 'Europe/Berlin')).toBe('2026-07-02T08:00:00Z');
		expect(read('2026-07-02T10:00:00', 'Not/AZone')).toBe('2026-07-02T10:00:00Z');
		expect(read('2026-07-02T10:00:00', '')).toBe('2026-07-02T10:00:00Z');
	});

	test('a time zone with a half-hour offset (Asia/Kolkata, +05:30) is read to the minute', () => {
		expect(read('2026-07-02T10:00:00', 'Asia/Kolkata')).toBe('2026-07-02T04:30:00Z');
	});

	test.each<[unknown, string]>([
		['2026-03-02', '2026-03-02'],
		['2026-03-02T1500', '2026-03-02T1500'],
		['next Monday', 'next Monday'],
		['on 2026-03-02T15:00:00Z', 'on 2026-03-02T15:00:00Z'],
		['2026-03-02T15:00:00Z or later', '2026-03-02T15:00:00Z or later'],
		[undefined, ''],
		[null, ''],
	])('%o is not a date and time: refused, with an example', (value, shown) => {
		expect(() => read(value)).toThrow(`Start (item 0): "${shown}" is not a date and time; use ISO 8601, e.g. 2026-03-02T15:00:00Z`);
	});

	test('a year before 100 (0026 for 2026) is refused, never read as 1926', () => {
		expect(() => read('0026-03-02T10:00:00Z')).toThrow('Start (item 0): "0026-03-02T10:00:00Z" is not a real date and time (that day or time does not exist)');
		expect(() => readDay(ctx as never, 0, field('Date To', 'dateTo'), '0026-03-02')).toThrow('Date To (item 0): "0026-03-02" is not a date; use YYYY-MM-DD');
		expect(apiInstantMs('0026-03-02T10:00:00Z')).toBeUndefined();
	});

	test('a time in the skipped hour is shown to the second when it has seconds: 02:00:30', () => {
		expect(() => read('2026-03-29T02:00:30')).toThrow('Start (item 0): 2026-03-29 02:00:30 does not exist in the time zone Europe/Berlin');
	});

	test('a time in the hour skipped when the clocks go forward is refused with a time that works, with its offset', () => {
		expect(() => read('2026-03-29T02:30:45')).toThrow(
			'Start (item 0): 2026-03-29 02:30:45 does not exist in the time zone Europe/Berlin (the clocks skip that hour when they go forward); give a time outside that hour, or one with an offset (e.g. 2026-03-29T02:30:00Z)',
		);
	});
});

describe('a day (Date From, Date To, Start Date, End Date)', () => {
	const day = field('Date To', 'dateTo');
	const read = (value: unknown) => readDay(ctx as never, 5, day, value);

	test('a Date from an expression is its day in UTC', () => {
		expect(read(new Date(Date.UTC(2026, 2, 1, 23, 30)))).toBe('2026-03-01');
	});

	test.each([
		['2026-03-01t10:00:00z', '2026-03-01'],
		['2026-03-01T10:00:00-0530', '2026-03-01'],
		['2026-03-01T10:00:00+23:59', '2026-03-01'],
		['2026-03-01T10:00', '2026-03-01'],
		[' 2026-03-01 ', '2026-03-01'],
	])('%s is the day %s', (value, expected) => {
		expect(read(value)).toBe(expected);
	});

	test.each<[unknown, string]>([
		['2026-03-01T10:00:60', '"2026-03-01T10:00:60" is not a real date and time (that time does not exist); use YYYY-MM-DD'],
		['2026-03-01T10:60', '"2026-03-01T10:60" is not a real date and time (that time does not exist); use YYYY-MM-DD'],
		['2026-03-01T10:00:00+01:60', '"2026-03-01T10:00:00+01:60" is not a real date and time (that time does not exist); use YYYY-MM-DD'],
		['2026-03-01T10:00:00+24:00', '"2026-03-01T10:00:00+24:00" is not a real date and time (that time does not exist); use YYYY-MM-DD'],
		['2026-03-01T10', '"2026-03-01T10" is not a date; use YYYY-MM-DD'],
		['on 2026-03-01', '"on 2026-03-01" is not a date; use YYYY-MM-DD'],
		['2026-03-01T10:00:00Z later', '"2026-03-01T10:00:00Z later" is not a date; use YYYY-MM-DD'],
		['2026-13-01', '"2026-13-01" is not a date; use YYYY-MM-DD'],
		['2026-3-1', '"2026-3-1" is not a date; use YYYY-MM-DD'],
		[undefined, '"" is not a date; use YYYY-MM-DD'],
		[null, '"" is not a date; use YYYY-MM-DD'],
	])('%o is refused: %s', (value, message) => {
		expect(() => read(value)).toThrow(`Date To (item 5): ${message}`);
	});
});
