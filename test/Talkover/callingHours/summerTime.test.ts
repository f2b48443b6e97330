/**
 * Calling hours across the nights summer time starts and ends (nodes/Talkover/callingHours/allowed.ts):
 * the next allowed moment is the start of the hours on the lead's clock, whatever the offset did in the
 * night; a window that starts in the skipped hour opens when the clock jumps; the repeated hour is allowed
 * both times the clock shows it. All on 2026's dates, with the clock given.
 */
import type { CallingHoursRule } from '../../../nodes/Talkover/callingHours';
import { allowedNow, nextAllowedMoment } from '../../../nodes/Talkover/callingHours';
import { instantsOf, offsetChanges } from '../../../nodes/Talkover/callingHours/wallClock';

const at = (iso: string) => Date.parse(iso);
const everyDay: CallingHoursRule = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], from: 8 * 60, to: 20 * 60 };
const sundays = (from: string, to: string): CallingHoursRule => {
	const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
	return { days: ['sunday'], from: minutes(from), to: minutes(to) };
};

describe('the nights either side of the clock changes, 08:00–20:00 every day', () => {
	test.each([
		// New York: summer time starts Sunday 8 March 02:00 (→ 03:00), ends Sunday 1 November 02:00 (→ 01:00).
		['America/New_York', '2026-03-07T22:00:00-05:00', '2026-03-08T08:00:00-04:00', '2026-03-08T12:00:00.000Z'],
		['America/New_York', '2026-03-08T21:00:00-04:00', '2026-03-09T08:00:00-04:00', '2026-03-09T12:00:00.000Z'],
		['America/New_York', '2026-10-31T22:00:00-04:00', '2026-11-01T08:00:00-05:00', '2026-11-01T13:00:00.000Z'],
		['America/New_York', '2026-11-01T21:00:00-05:00', '2026-11-02T08:00:00-05:00', '2026-11-02T13:00:00.000Z'],
		// Berlin: starts Sunday 29 March 02:00 (→ 03:00), ends Sunday 25 October 03:00 (→ 02:00).
		['Europe/Berlin', '2026-03-28T22:00:00+01:00', '2026-03-29T08:00:00+02:00', '2026-03-29T06:00:00.000Z'],
		['Europe/Berlin', '2026-03-29T21:00:00+02:00', '2026-03-30T08:00:00+02:00', '2026-03-30T06:00:00.000Z'],
		['Europe/Berlin', '2026-10-24T22:00:00+02:00', '2026-10-25T08:00:00+01:00', '2026-10-25T07:00:00.000Z'],
		['Europe/Berlin', '2026-10-25T21:00:00+01:00', '2026-10-26T08:00:00+01:00', '2026-10-26T07:00:00.000Z'],
		// Sydney (southern hemisphere): ends Sunday 5 April 03:00 (→ 02:00), starts Sunday 4 October 02:00 (→ 03:00).
		['Australia/Sydney', '2026-04-04T22:00:00+11:00', '2026-04-05T08:00:00+10:00', '2026-04-04T22:00:00.000Z'],
		['Australia/Sydney', '2026-04-05T21:00:00+10:00', '2026-04-06T08:00:00+10:00', '2026-04-05T22:00:00.000Z'],
		['Australia/Sydney', '2026-10-03T22:00:00+10:00', '2026-10-04T08:00:00+11:00', '2026-10-03T21:00:00.000Z'],
		['Australia/Sydney', '2026-10-04T21:00:00+11:00', '2026-10-05T08:00:00+11:00', '2026-10-04T21:00:00.000Z'],
	])('%s, %s → %s', (zone, now, time, utc) => {
		expect(nextAllowedMoment(everyDay, zone, at(now))).toEqual({ time, utc, timeZone: zone });
	});

	test('the night summer time starts is an hour shorter, the night it ends an hour longer (New York, 22:00 → 08:00)', () => {
		const hours = (now: string) => (Date.parse(nextAllowedMoment(everyDay, 'America/New_York', at(now)).utc) - at(now)) / 3_600_000;
		expect([hours('2026-03-07T22:00:00-05:00'), hours('2026-03-14T22:00:00-04:00'), hours('2026-10-31T22:00:00-04:00')]).toEqual([9, 10, 11]);
	});

	test.each([
		['America/New_York', '2026-03-08T07:59:00-04:00', false],
		['America/New_York', '2026-03-08T08:00:00-04:00', true],
		['America/New_York', '2026-11-01T19:59:00-05:00', true],
		['America/New_York', '2026-11-01T20:00:00-05:00', false],
		['Australia/Sydney', '2026-04-05T07:59:00+10:00', false],
		['Australia/Sydney', '2026-04-05T08:00:00+10:00', true],
	])('%s, %s on the day of the change: allowed %s', (zone, now, allowed) => {
		expect(allowedNow(everyDay, zone, at(now))).toBe(allowed);
	});
});

describe('a window that starts inside the skipped hour (02:00–03:00 does not exist on the day summer time starts)', () => {
	test('02:30–04:00 opens at 03:00, the first minute the lead’s clock shows inside it (New York)', () => {
		expect(nextAllowedMoment(sundays('02:30', '04:00'), 'America/New_York', at('2026-03-08T00:00:00-05:00'))).toEqual({
			time: '2026-03-08T03:00:00-04:00',
			utc: '2026-03-08T07:00:00.000Z',
			timeZone: 'America/New_York',
		});
		expect(allowedNow(sundays('02:30', '04:00'), 'America/New_York', at('2026-03-08T01:59:00-05:00'))).toBe(false);
		expect(allowedNow(sundays('02:30', '04:00'), 'America/New_York', at('2026-03-08T03:00:00-04:00'))).toBe(true);
	});

	test('asked a millisecond before the clock jumps (01:59:59.999), 02:30–04:00 opens at the jump, 03:00', () => {
		expect(nextAllowedMoment(sundays('02:30', '04:00'), 'America/New_York', at('2026-03-08T01:59:59.999-05:00')).time).toBe('2026-03-08T03:00:00-04:00');
	});

	test('02:30–04:00 opens at 03:00 in Berlin too', () => {
		expect(nextAllowedMoment(sundays('02:30', '04:00'), 'Europe/Berlin', at('2026-03-29T00:00:00+01:00')).time).toBe('2026-03-29T03:00:00+02:00');
	});

	test('a window wholly inside the skipped hour (02:15–02:45) does not occur that day: the next Sunday’s', () => {
		expect(nextAllowedMoment(sundays('02:15', '02:45'), 'America/New_York', at('2026-03-08T00:00:00-05:00')).time).toBe('2026-03-15T02:15:00-04:00');
	});

	test('a window that ends in the skipped hour (01:30–02:30) closes when the clock jumps at 02:00 to 03:00: the next is a week later', () => {
		expect(allowedNow(sundays('01:30', '02:30'), 'America/New_York', at('2026-03-08T01:59:00-05:00'))).toBe(true);
		expect(allowedNow(sundays('01:30', '02:30'), 'America/New_York', at('2026-03-08T03:00:00-04:00'))).toBe(false);
		expect(nextAllowedMoment(sundays('01:30', '02:30'), 'America/New_York', at('2026-03-08T03:00:00-04:00')).time).toBe('2026-03-15T01:30:00-04:00');
	});
});

describe('a weekly window the skipped hour hides comes the next week, however far ahead it is asked', () => {
	// Asked on the Friday before: the Sunday of the change has none of the window, the next one is 9 days on.
	test('Sundays 02:00–03:00 in New York, asked Friday 6 March: Sunday 15 March 02:00 (8 March has no 02:xx)', () => {
		expect(nextAllowedMoment(sundays('02:00', '03:00'), 'America/New_York', at('2026-03-06T07:00:00-05:00'))).toEqual({
			time: '2026-03-15T02:00:00-04:00',
			utc: '2026-03-15T06:00:00.000Z',
			timeZone: 'America/New_York',
		});
	});

	test('Sundays 02:15–02:45 (wholly in the skipped hour), asked a week before, at noon on Sunday 1 March: 15 March', () => {
		expect(nextAllowedMoment(sundays('02:15', '02:45'), 'America/New_York', at('2026-03-01T12:00:00-05:00')).time).toBe('2026-03-15T02:15:00-04:00');
	});

	test('Lord Howe Island skips half an hour (02:00 → 02:30 on Sunday 4 October): Sundays 02:00–02:30 asked Friday 2 October → 11 October', () => {
		expect(nextAllowedMoment(sundays('02:00', '02:30'), 'Australia/Lord_Howe', at('2026-10-02T12:00:00+10:30'))).toEqual({
			time: '2026-10-11T02:00:00+11:00',
			utc: '2026-10-10T15:00:00.000Z',
			timeZone: 'Australia/Lord_Howe',
		});
		// The half of the window the clock still shows opens when it jumps.
		expect(nextAllowedMoment(sundays('02:00', '03:00'), 'Australia/Lord_Howe', at('2026-10-02T12:00:00+10:30')).time).toBe('2026-10-04T02:30:00+11:00');
	});

	test('Santiago skips midnight (00:00 → 01:00 on Sunday 6 September): Sundays 00:00–00:45 asked at 23:30 the night before → 13 September 00:00, a week and half an hour later', () => {
		expect(nextAllowedMoment(sundays('00:00', '00:45'), 'America/Santiago', at('2026-09-05T23:30:00-04:00'))).toEqual({
			time: '2026-09-13T00:00:00-03:00',
			utc: '2026-09-13T03:00:00.000Z',
			timeZone: 'America/Santiago',
		});
	});

	test('Antarctica/Troll skips two hours (01:00 → 03:00 on Sunday 29 March): Sundays 01:00–03:00 asked Monday 23 March → 5 April', () => {
		expect(nextAllowedMoment(sundays('01:00', '03:00'), 'Antarctica/Troll', at('2026-03-23T12:00:00Z')).time).toBe('2026-04-05T01:00:00+02:00');
	});

	test('a window that starts in the skipped hour and ends after it (02:30–04:00), asked Friday 6 March: it opens when the clock jumps, 03:00 on 8 March', () => {
		expect(nextAllowedMoment(sundays('02:30', '04:00'), 'America/New_York', at('2026-03-06T07:00:00-05:00')).time).toBe('2026-03-08T03:00:00-04:00');
	});
});

describe('a window in the repeated hour (01:00–02:00 happens twice on the day summer time ends in New York)', () => {
	test('01:30–01:45 opens the first time the clock shows 01:30 (summer time, -04:00)', () => {
		expect(nextAllowedMoment(sundays('01:30', '01:45'), 'America/New_York', at('2026-11-01T00:00:00-04:00')).time).toBe('2026-11-01T01:30:00-04:00');
	});

	test('after the first 01:30–01:45 it opens again at the second 01:30 (standard time, -05:00), the same night', () => {
		expect(allowedNow(sundays('01:30', '01:45'), 'America/New_York', at('2026-11-01T01:50:00-04:00'))).toBe(false);
		expect(nextAllowedMoment(sundays('01:30', '01:45'), 'America/New_York', at('2026-11-01T01:50:00-04:00'))).toEqual({
			time: '2026-11-01T01:30:00-05:00',
			utc: '2026-11-01T06:30:00.000Z',
			timeZone: 'America/New_York',
		});
		expect(allowedNow(sundays('01:30', '01:45'), 'America/New_York', at('2026-11-01T01:40:00-05:00'))).toBe(true);
	});

	test('00:30–01:30: when the clock goes back from 01:59 to 01:00, the window is open again at once', () => {
		expect(allowedNow(sundays('00:30', '01:30'), 'America/New_York', at('2026-11-01T01:45:00-04:00'))).toBe(false);
		expect(nextAllowedMoment(sundays('00:30', '01:30'), 'America/New_York', at('2026-11-01T01:45:00-04:00')).time).toBe('2026-11-01T01:00:00-05:00');
	});

	test('Berlin’s repeated hour (02:00–03:00 on 25 October): 02:30 the first time, then the second', () => {
		expect(nextAllowedMoment(sundays('02:30', '02:40'), 'Europe/Berlin', at('2026-10-25T00:00:00+02:00')).time).toBe('2026-10-25T02:30:00+02:00');
		expect(nextAllowedMoment(sundays('02:30', '02:40'), 'Europe/Berlin', at('2026-10-25T02:45:00+02:00')).time).toBe('2026-10-25T02:30:00+01:00');
	});
});

describe('the moments a window can open at: the clock changes, and the instants the clock shows a time', () => {
	const YEAR_2026: [number, number] = [at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')];

	test('New York’s clock changes twice in 2026, each change given as the first millisecond of the new offset', () => {
		expect(offsetChanges('America/New_York', ...YEAR_2026).map((t) => new Date(t).toISOString())).toEqual(['2026-03-08T07:00:00.000Z', '2026-11-01T06:00:00.000Z']);
	});

	test('a span that ends at a change leaves it out; one that ends a millisecond later has it', () => {
		expect(offsetChanges('America/New_York', at('2026-03-07T00:00:00Z'), at('2026-03-08T07:00:00Z'))).toEqual([]);
		expect(offsetChanges('America/New_York', at('2026-03-07T00:00:00Z'), at('2026-03-08T07:00:00.001Z'))).toEqual([at('2026-03-08T07:00:00Z')]);
	});

	test('Tokyo’s clock does not change', () => {
		expect(offsetChanges('Asia/Tokyo', ...YEAR_2026)).toEqual([]);
	});

	test('01:30 on 1 November in New York is shown twice, earliest first; 02:30 on 8 March never; 10:00 once', () => {
		expect(instantsOf('America/New_York', { year: 2026, month: 11, day: 1, minutes: 90 })).toEqual([at('2026-11-01T01:30:00-04:00'), at('2026-11-01T01:30:00-05:00')]);
		expect(instantsOf('America/New_York', { year: 2026, month: 3, day: 8, minutes: 150 })).toEqual([]);
		expect(instantsOf('America/New_York', { year: 2026, month: 3, day: 8, minutes: 600 })).toEqual([at('2026-03-08T10:00:00-04:00')]);
	});

	test('Samoa skipped Friday 30 December 2011 (its clock went from the 29th at 24:00, -10:00, to the 31st at 00:00, +14:00): no instant shows 10:00 that day; the 29th and the 31st show it once', () => {
		expect(instantsOf('Pacific/Apia', { year: 2011, month: 12, day: 30, minutes: 600 })).toEqual([]);
		expect(instantsOf('Pacific/Apia', { year: 2011, month: 12, day: 29, minutes: 600 })).toEqual([at('2011-12-29T10:00:00-10:00')]);
		expect(instantsOf('Pacific/Apia', { year: 2011, month: 12, day: 31, minutes: 600 })).toEqual([at('2011-12-31T10:00:00+14:00')]);
	});

	test('Sydney’s repeated 02:30 on 5 April (the clock goes back from 03:00 to 02:00), earliest first', () => {
		expect(instantsOf('Australia/Sydney', { year: 2026, month: 4, day: 5, minutes: 150 })).toEqual([at('2026-04-05T02:30:00+11:00'), at('2026-04-05T02:30:00+10:00')]);
	});
});
