/**
 * The next allowed moment agrees with walking the lead's clock minute by minute (nodes/shared/callingHours
 * /allowed.ts tries only the moments a window can open at; the walk tries them all), on the nights the
 * clock changes: by an hour at 02:00 (New York, Berlin, Sydney), at midnight (Santiago: midnight is
 * skipped or repeated) and by half an hour (Lord Howe Island).
 */
import type { CallingHoursRule } from '../../../nodes/shared/callingHours';
import { allowedNow, nextAllowedInstant } from '../../../nodes/shared/callingHours';

const MINUTE = 60_000;
const everyDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const windows: Array<[number, number]> = [
	[0, 60],
	[90, 165],
	[135, 165],
	[480, 1200],
];

/** The first allowed instant at or after `now`, trying every minute for 8 days. */
function walk(rule: CallingHoursRule, zone: string, now: number): number | undefined {
	if (allowedNow(rule, zone, now)) return now;
	for (let t = Math.ceil(now / MINUTE) * MINUTE; t < now + 8 * 1440 * MINUTE; t += MINUTE) if (allowedNow(rule, zone, t)) return t;
	return undefined;
}

/** Days of 2026 a zone's clock changes (the local date), each walked from 12 hours before its midnight (UTC). */
const changes: Array<[string, string]> = [
	['America/New_York', '2026-03-08'],
	['America/New_York', '2026-11-01'],
	['Europe/Berlin', '2026-03-29'],
	['Europe/Berlin', '2026-10-25'],
	['Australia/Sydney', '2026-04-05'],
	['Australia/Sydney', '2026-10-04'],
	['America/Santiago', '2026-04-05'],
	['America/Santiago', '2026-09-06'],
	['Australia/Lord_Howe', '2026-04-05'],
	['Australia/Lord_Howe', '2026-10-04'],
];

test.each(changes)('%s around %s: every window, from several moments of the night before', (zone, day) => {
	const midnightUtc = Date.parse(`${day}T00:00:00Z`);
	const starts = [-36, -22, -13, -4, 2, 7].map((hours) => midnightUtc + hours * 3_600_000 + 17_000);
	const disagreements: string[] = [];
	for (const [from, to] of windows) {
		const rule: CallingHoursRule = { days: everyDay, from, to };
		for (const now of starts) {
			const expected = walk(rule, zone, now);
			const found = nextAllowedInstant(rule, zone, now);
			if (found !== expected) disagreements.push(`${from}–${to} from ${new Date(now).toISOString()}: ${found && new Date(found).toISOString()} ≠ ${expected && new Date(expected).toISOString()}`);
		}
	}
	expect(disagreements).toEqual([]);
});

test('a window of Sundays only, on the night midnight is skipped in Santiago, opens when the clock jumps to 01:00', () => {
	const rule: CallingHoursRule = { days: ['sunday'], from: 0, to: 120 };
	const now = Date.parse('2026-09-05T20:00:00-04:00');
	expect(nextAllowedInstant(rule, 'America/Santiago', now)).toBe(walk(rule, 'America/Santiago', now));
	expect(new Date(nextAllowedInstant(rule, 'America/Santiago', now)!).toISOString()).toBe('2026-09-06T04:00:00.000Z');
});
