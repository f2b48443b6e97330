/**
 * Whether a call may be placed now, in the lead's local time (nodes/Talkover/callingHours/allowed.ts): the
 * first minute of the hours is allowed, the end minute is not, and only on the chosen days. The clock is
 * always given (`now`), never read.
 */
import type { CallingHoursRule } from '../../../nodes/Talkover/callingHours';
import { allowedNow, nextAllowedMoment } from '../../../nodes/Talkover/callingHours';

const at = (iso: string) => Date.parse(iso);
const weekdays: CallingHoursRule = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: 9 * 60, to: 17 * 60 };
const NY = 'America/New_York';

describe('the boundary minutes of 09:00–17:00 (Monday 2 March 2026, New York, UTC-5)', () => {
	test.each([
		['2026-03-02T08:58:00-05:00', false],
		['2026-03-02T08:59:00-05:00', false],
		['2026-03-02T08:59:59.999-05:00', false],
		['2026-03-02T09:00:00-05:00', true],
		['2026-03-02T09:01:00-05:00', true],
		['2026-03-02T16:59:00-05:00', true],
		['2026-03-02T16:59:59.999-05:00', true],
		['2026-03-02T17:00:00-05:00', false],
		['2026-03-02T17:01:00-05:00', false],
	])('%s: allowed %s', (now, allowed) => {
		expect(allowedNow(weekdays, NY, at(now))).toBe(allowed);
	});

	test('at the start minute the next allowed moment is now; a second before it, the start minute', () => {
		expect(nextAllowedMoment(weekdays, NY, at('2026-03-02T09:00:00-05:00')).time).toBe('2026-03-02T09:00:00-05:00');
		expect(nextAllowedMoment(weekdays, NY, at('2026-03-02T08:59:59-05:00')).time).toBe('2026-03-02T09:00:00-05:00');
	});

	test('a millisecond before the start minute, the next allowed moment is the start minute, not the next day’s', () => {
		expect(nextAllowedMoment(weekdays, NY, at('2026-03-02T08:59:59.999-05:00')).utc).toBe('2026-03-02T14:00:00.000Z');
	});

	test('at the end minute the next allowed moment is the next day’s start', () => {
		expect(nextAllowedMoment(weekdays, NY, at('2026-03-02T17:00:00-05:00')).time).toBe('2026-03-03T09:00:00-05:00');
	});

	test('the same instant is judged in the lead’s zone, not in UTC: 14:30 UTC is 09:30 in New York and 23:30 in Tokyo', () => {
		expect(allowedNow(weekdays, NY, at('2026-03-02T14:30:00Z'))).toBe(true);
		expect(allowedNow(weekdays, 'Asia/Tokyo', at('2026-03-02T14:30:00Z'))).toBe(false);
	});
});

describe('an end of 24:00 allows up to the last minute of the day', () => {
	const evenings: CallingHoursRule = { days: ['monday'], from: 18 * 60, to: 24 * 60 };
	test.each([
		['2026-03-02T23:59:00-05:00', true],
		['2026-03-02T17:59:00-05:00', false],
		['2026-03-03T00:00:00-05:00', false],
	])('%s: allowed %s', (now, allowed) => {
		expect(allowedNow(evenings, NY, at(now))).toBe(allowed);
	});
});

describe('days of the week, in the lead’s calendar', () => {
	// 2 March 2026 is a Monday.
	test.each([
		['2026-03-02T10:00:00-05:00', 'Monday', true],
		['2026-03-03T10:00:00-05:00', 'Tuesday', true],
		['2026-03-04T10:00:00-05:00', 'Wednesday', true],
		['2026-03-05T10:00:00-05:00', 'Thursday', true],
		['2026-03-06T10:00:00-05:00', 'Friday', true],
		['2026-03-07T10:00:00-05:00', 'Saturday', false],
		['2026-03-08T10:00:00-04:00', 'Sunday', false],
	])('%s (%s): allowed %s with Monday–Friday', (now, _day, allowed) => {
		expect(allowedNow(weekdays, NY, at(now))).toBe(allowed);
	});

	test('each day alone allows that day only', () => {
		const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
		for (const [index, day] of days.entries()) {
			const rule: CallingHoursRule = { days: [day], from: 0, to: 1440 };
			const allowedOn = days.filter((_, other) => allowedNow(rule, 'UTC', Date.UTC(2026, 2, 2 + other, 12)));
			expect([day, allowedOn]).toEqual([day, [days[index]]]);
		}
	});

	test('Monday 01:00 in Tokyo is still Sunday in New York: the lead’s day decides', () => {
		const mondays: CallingHoursRule = { days: ['monday'], from: 0, to: 1440 };
		const instant = at('2026-03-01T16:00:00Z'); // Monday 01:00 in Tokyo, Sunday 11:00 in New York
		expect(allowedNow(mondays, 'Asia/Tokyo', instant)).toBe(true);
		expect(allowedNow(mondays, NY, instant)).toBe(false);
	});
});
