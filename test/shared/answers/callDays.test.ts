/** The day a list of calls is asked from (nodes/shared/answers/callDays.ts): `date_from` reaches back far enough for any Talkover day and any delayed call. */
import { callsFrom, createdFrom, day, DAY_ZONE_MARGIN_MS } from '../../../nodes/shared/answers/callDays';

test('the margin is 14 hours of time zone, an hour of delay and an hour of a call’s length', () => {
	expect(DAY_ZONE_MARGIN_MS).toBe(16 * 3600_000);
});

test.each([
	['2026-01-15T00:00:00Z', '2026-01-15'],
	['2026-01-15T23:59:59.999Z', '2026-01-15'],
	['2026-12-31T12:00:00Z', '2026-12-31'],
])('the UTC day of %s is %s', (iso, expected) => {
	expect(day(Date.parse(iso))).toBe(expected);
});

test.each([
	['2026-01-15T16:00:00Z', '2026-01-15'],
	['2026-01-15T15:59:59Z', '2026-01-14'],
	['2026-01-01T10:00:00Z', '2025-12-31'],
])('the calls that may ring or end from %s on are asked from %s', (iso, expected) => {
	expect(callsFrom(Date.parse(iso))).toBe(expected);
});

test.each([
	['2026-01-15T14:00:00Z', '2026-01-15'],
	['2026-01-15T13:59:59Z', '2026-01-14'],
	['2026-01-01T10:00:00Z', '2025-12-31'],
])('the calls created from %s on are asked from %s (14 hours of time zone: a creation is not delayed)', (iso, expected) => {
	expect(createdFrom(Date.parse(iso))).toBe(expected);
});
