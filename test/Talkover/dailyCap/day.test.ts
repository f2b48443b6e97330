/**
 * The day of an instant in a time zone (dailyCap/day.ts): where Max Calls per Day starts and ends a day, at
 * seconds from midnight, on the days summer time starts and ends, and in zones whose offset is not whole hours.
 */
import { zoneDay } from '../../../nodes/Talkover/dailyCap/day';

const at = (iso: string) => Date.parse(iso);
const shown = (zone: string, iso: string) => {
	const day = zoneDay(zone, at(iso));
	return { date: day.date, start: new Date(day.start).toISOString(), end: new Date(day.end).toISOString(), hours: (day.end - day.start) / 3_600_000 };
};

describe('a day starts at midnight in its zone', () => {
	test.each([
		['UTC', '2026-01-15T12:00:00Z', { date: '2026-01-15', start: '2026-01-15T00:00:00.000Z', end: '2026-01-16T00:00:00.000Z', hours: 24 }],
		['Europe/Paris', '2026-01-14T23:00:00Z', { date: '2026-01-15', start: '2026-01-14T23:00:00.000Z', end: '2026-01-15T23:00:00.000Z', hours: 24 }],
		['Europe/Paris', '2026-01-14T22:59:59Z', { date: '2026-01-14', start: '2026-01-13T23:00:00.000Z', end: '2026-01-14T23:00:00.000Z', hours: 24 }],
		['America/New_York', '2026-01-15T04:59:59Z', { date: '2026-01-14', start: '2026-01-14T05:00:00.000Z', end: '2026-01-15T05:00:00.000Z', hours: 24 }],
		['Asia/Kolkata', '2026-01-15T18:29:59Z', { date: '2026-01-15', start: '2026-01-14T18:30:00.000Z', end: '2026-01-15T18:30:00.000Z', hours: 24 }],
		['Pacific/Chatham', '2026-01-15T10:45:00Z', { date: '2026-01-16', start: '2026-01-15T10:15:00.000Z', end: '2026-01-16T10:15:00.000Z', hours: 24 }],
	])('%s at %s', (zone, iso, expected) => {
		expect(shown(zone, iso)).toEqual(expected);
	});
});

describe('the days summer time starts and ends', () => {
	test('Paris: 23 hours on 29 March 2026, 25 on 25 October', () => {
		expect(shown('Europe/Paris', '2026-03-29T12:00:00Z')).toEqual({ date: '2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z', hours: 23 });
		expect(shown('Europe/Paris', '2026-10-25T12:00:00Z')).toEqual({ date: '2026-10-25', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', hours: 25 });
	});

	test('Santiago skips midnight when summer time starts (6 September 2026): the day starts at 01:00', () => {
		expect(shown('America/Santiago', '2026-09-06T12:00:00Z')).toEqual({ date: '2026-09-06', start: '2026-09-06T04:00:00.000Z', end: '2026-09-07T03:00:00.000Z', hours: 23 });
	});

	test('Lord Howe Island moves its clocks by half an hour', () => {
		expect(shown('Australia/Lord_Howe', '2026-04-05T12:00:00Z').hours).toBe(24.5);
		expect(shown('Australia/Lord_Howe', '2026-10-04T12:00:00Z').hours).toBe(23.5);
	});
});

test('a whole year of days in New York follow one another without gap or overlap', () => {
	let day = zoneDay('America/New_York', at('2026-01-01T12:00:00Z'));
	for (let i = 0; i < 365; i++) {
		const next = zoneDay('America/New_York', day.end);
		expect(next.start).toBe(day.end);
		expect(next.date > day.date).toBe(true);
		day = next;
	}
	expect(day.date).toBe('2027-01-01');
});
