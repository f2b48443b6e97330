/**
 * The next moment a call is allowed, as an item shows it (nodes/Talkover/callingHours/decision.ts): in the
 * lead's time with its offset, and in UTC; on a later day or week when the hours of this one are over.
 */
import type { CallingHoursRule } from '../../../nodes/Talkover/callingHours';
import { isoInZone, nextAllowedMoment, NoAllowedMomentError } from '../../../nodes/Talkover/callingHours';
import * as allowed from '../../../nodes/Talkover/callingHours/allowed';
import { decideCallingHours } from '../../../nodes/Talkover/callingHours/decision';

const at = (iso: string) => Date.parse(iso);
const weekdays: CallingHoursRule = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: 9 * 60, to: 17 * 60 };

test('Friday 22:00 with Monday–Friday 09:00–17:00 → Monday 09:00 (New York, across the start of summer time)', () => {
	expect(nextAllowedMoment(weekdays, 'America/New_York', at('2026-03-06T22:00:00-05:00'))).toEqual({
		time: '2026-03-09T09:00:00-04:00',
		utc: '2026-03-09T13:00:00.000Z',
		timeZone: 'America/New_York',
	});
});

test('Saturday 10:00 → Monday 09:00; Thursday 20:00 → Friday 09:00', () => {
	expect(nextAllowedMoment(weekdays, 'Europe/Berlin', at('2026-03-07T10:00:00+01:00')).time).toBe('2026-03-09T09:00:00+01:00');
	expect(nextAllowedMoment(weekdays, 'Europe/Berlin', at('2026-03-05T20:00:00+01:00')).time).toBe('2026-03-06T09:00:00+01:00');
});

test('Mondays only, Monday 17:00 → the next Monday; Sundays only, Monday → six days later', () => {
	const mondays: CallingHoursRule = { days: ['monday'], from: 9 * 60, to: 17 * 60 };
	const sundays: CallingHoursRule = { days: ['sunday'], from: 9 * 60, to: 17 * 60 };
	expect(nextAllowedMoment(mondays, 'Asia/Tokyo', at('2026-03-02T17:00:00+09:00')).time).toBe('2026-03-09T09:00:00+09:00');
	expect(nextAllowedMoment(sundays, 'Asia/Tokyo', at('2026-03-02T08:00:00+09:00')).time).toBe('2026-03-08T09:00:00+09:00');
});

test('before the hours of an allowed day → the same day', () => {
	expect(nextAllowedMoment(weekdays, 'America/Chicago', at('2026-03-02T02:00:00-06:00')).time).toBe('2026-03-02T09:00:00-06:00');
});

test('inside the hours → now, to the millisecond in UTC and to the second in the lead’s time', () => {
	expect(nextAllowedMoment(weekdays, 'UTC', at('2026-03-02T10:15:30.250Z'))).toEqual({
		time: '2026-03-02T10:15:30+00:00',
		utc: '2026-03-02T10:15:30.250Z',
		timeZone: 'UTC',
	});
});

test('a 02:00 lead (a CRM event in the night) is called at 09:00 its time: the moment is the same instant in both forms', () => {
	const next = nextAllowedMoment(weekdays, 'America/Los_Angeles', at('2026-06-10T09:00:00Z')); // 02:00 in Los Angeles
	expect(next.time).toBe('2026-06-10T09:00:00-07:00');
	expect(Date.parse(next.time)).toBe(Date.parse(next.utc));
});

test('a rule that allows no day has no next moment: an error, never a made-up time', () => {
	expect(() => nextAllowedMoment({ days: [], from: 540, to: 1020 }, 'UTC', at('2026-03-02T10:00:00Z'))).toThrow('These calling hours allow no day: choose at least one day');
});

test('hours no clock shows (from 24:00, as if they got past the reading) have no next moment: the search ends after 53 weeks with an error', () => {
	expect(() => nextAllowedMoment({ days: ['monday'], from: 1440, to: 1500 }, 'UTC', at('2026-03-02T10:00:00Z'))).toThrow(
		'The clock of UTC shows no minute of these calling hours in the next 53 weeks: choose hours its clock shows',
	);
});

describe('when the hours never come, the error says which clock and why', () => {
	afterEach(() => jest.restoreAllMocks());

	const caught = (run: () => unknown): NoAllowedMomentError => {
		try {
			run();
		} catch (error) {
			expect(error).toBeInstanceOf(NoAllowedMomentError);
			return error as NoAllowedMomentError;
		}
		throw new Error('a moment was given');
	};

	test('one zone whose clock never shows the hours: the zone named, and what to do', () => {
		jest.spyOn(allowed, 'nextAllowedInstant').mockReturnValue(undefined);
		const error = caught(() => nextAllowedMoment(weekdays, 'America/New_York', at('2026-03-02T20:00:00-05:00')));
		expect([error.name, error.reason, error.zone, error.message]).toEqual([
			'NoAllowedMomentError',
			'neverShown',
			'America/New_York',
			'The clock of America/New_York shows no minute of these calling hours in the next 53 weeks: choose hours its clock shows',
		]);
	});

	test('zones a number may be in that never allow the same minute (New York and Tokyo, 09:00–09:30): both named', () => {
		const rule: CallingHoursRule = { ...weekdays, to: 9 * 60 + 30 };
		const error = caught(() => decideCallingHours({ rule, zone: 'America/New_York', zoneFrom: 'number', outsideHours: 'skip', sameClockAs: ['Asia/Tokyo'] }, at('2026-03-06T20:00:00Z')));
		expect([error.reason, error.zone, error.message]).toEqual([
			'notTogether',
			'America/New_York and Asia/Tokyo',
			'The clocks of America/New_York and Asia/Tokyo show no minute of these calling hours at the same instant in the next 53 weeks',
		]);
	});
});

test('a moment is written in ISO 8601 with a four-digit year, even a year before 1000', () => {
	expect(isoInZone('UTC', at('0999-03-02T10:00:00Z'))).toBe('0999-03-02T10:00:00+00:00');
});
