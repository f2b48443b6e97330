/**
 * Calling hours in zones whose offset is not a whole hour, and in zones without summer time
 * (nodes/Talkover/callingHours): the offset shown is the zone's own, from Node's time zone data.
 */
import type { CallingHoursRule } from '../../../nodes/Talkover/callingHours';
import { allowedNow, nextAllowedMoment } from '../../../nodes/Talkover/callingHours';
import { wallClockAt } from '../../../nodes/Talkover/callingHours/wallClock';

const at = (iso: string) => Date.parse(iso);
const weekdays: CallingHoursRule = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: 9 * 60, to: 17 * 60 };
const SUNDAY_NOON_UTC = at('2026-03-01T12:00:00Z');

describe('half-hour and 45-minute zones: Monday 09:00 their time, from Sunday noon UTC', () => {
	test.each([
		['Asia/Kolkata', '2026-03-02T09:00:00+05:30', '2026-03-02T03:30:00.000Z'],
		['America/St_Johns', '2026-03-02T09:00:00-03:30', '2026-03-02T12:30:00.000Z'],
		['Australia/Adelaide', '2026-03-02T09:00:00+10:30', '2026-03-01T22:30:00.000Z'],
		['Asia/Kathmandu', '2026-03-02T09:00:00+05:45', '2026-03-02T03:15:00.000Z'],
	])('%s → %s', (zone, time, utc) => {
		expect(nextAllowedMoment(weekdays, zone, SUNDAY_NOON_UTC)).toEqual({ time, utc, timeZone: zone });
	});

	test.each([
		['Asia/Kolkata', '2026-03-02T03:29:00Z', '2026-03-02T03:30:00Z'],
		['America/St_Johns', '2026-03-02T12:29:00Z', '2026-03-02T12:30:00Z'],
		['Australia/Adelaide', '2026-03-01T22:29:00Z', '2026-03-01T22:30:00Z'],
		['Asia/Kathmandu', '2026-03-02T03:14:00Z', '2026-03-02T03:15:00Z'],
	])('%s: the minute before 09:00 is refused, 09:00 allowed', (zone, before, start) => {
		expect([allowedNow(weekdays, zone, at(before)), allowedNow(weekdays, zone, at(start))]).toEqual([false, true]);
	});

	test('their summer time changes: St John’s (-02:30 from 8 March) and Adelaide (+09:30 from 5 April)', () => {
		expect(nextAllowedMoment(weekdays, 'America/St_Johns', at('2026-03-06T22:00:00-03:30')).time).toBe('2026-03-09T09:00:00-02:30');
		expect(nextAllowedMoment(weekdays, 'Australia/Adelaide', at('2026-04-03T22:00:00+10:30'))).toEqual({
			time: '2026-04-06T09:00:00+09:30',
			utc: '2026-04-05T23:30:00.000Z',
			timeZone: 'Australia/Adelaide',
		});
	});
});

describe('zones without summer time keep their offset on the nights others change', () => {
	test.each([
		['America/Phoenix', '2026-03-06T22:00:00-07:00', '2026-03-09T09:00:00-07:00'],
		['America/Phoenix', '2026-10-30T22:00:00-07:00', '2026-11-02T09:00:00-07:00'],
		['Asia/Kolkata', '2026-03-27T22:00:00+05:30', '2026-03-30T09:00:00+05:30'],
		['Asia/Tokyo', '2026-10-23T22:00:00+09:00', '2026-10-26T09:00:00+09:00'],
	])('%s, %s → %s', (zone, now, time) => {
		expect(nextAllowedMoment(weekdays, zone, at(now)).time).toBe(time);
	});
});

test('a year before the common era is numbered as ISO 8601 numbers it (2 BC is -1), so the offset read from it stays the zone’s (0 in UTC)', () => {
	const twoBc = new Date(0);
	twoBc.setUTCFullYear(-1, 0, 1);
	twoBc.setUTCHours(12, 0, 0, 0);
	expect(wallClockAt('UTC', twoBc.getTime())).toMatchObject({ year: -1, month: 1, day: 1, hour: 12, offset: 0 });
});
