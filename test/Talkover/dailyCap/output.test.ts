/**
 * What an item Max Calls per Day did not dial shows (dailyCap/output.ts): the count in words, the limit, the zone,
 * and when the next day starts in that zone and in UTC.
 */
import { dayFullOutput } from '../../../nodes/Talkover/dailyCap/output';

const DAY = { date: '2026-01-15', start: Date.UTC(2026, 0, 14, 23), end: Date.UTC(2026, 0, 15, 23) };

test('a limit of 1 reached: "1 call", and the next day at midnight in Paris', () => {
	expect(dayFullOutput('+12125550100', 'agent a1', { calls: 1, zone: 'Europe/Paris' }, DAY, 1)).toEqual({
		to: '+12125550100',
		skipped: true,
		skipReason: 'Max Calls per Day: agent a1 has 1 call on 2026-01-15 (Europe/Paris), the most the option allows (1); this call was not placed. The next day starts at 2026-01-16T00:00:00+01:00.',
		callsThatDay: 1,
		maxCallsPerDay: 1,
		dayTimeZone: 'Europe/Paris',
		nextAllowedAt: '2026-01-16T00:00:00+01:00',
		nextAllowedAtUtc: '2026-01-15T23:00:00.000Z',
	});
});

test('more calls than the limit (another process placed one at the same moment): "21 calls"', () => {
	expect(dayFullOutput('+12125550100', 'campaign c1', { calls: 20, zone: 'Europe/Paris' }, DAY, 21).skipReason).toBe(
		'Max Calls per Day: campaign c1 has 21 calls on 2026-01-15 (Europe/Paris), the most the option allows (20); this call was not placed. The next day starts at 2026-01-16T00:00:00+01:00.',
	);
});
