/**
 * The next allowed moment agrees with walking the lead's clock minute by minute (nodes/Talkover/callingHours
 * /allowed.ts tries only the moments a window can open at; the walk tries them all), on the nights the
 * clock changes: by an hour at 02:00 (New York, Berlin, Sydney), at midnight (Santiago: midnight is
 * skipped or repeated) and by half an hour (Lord Howe Island).
 */
import type { CallingHoursRule } from '../../../nodes/Talkover/callingHours';
import { allowedNow, nextAllowedInstant } from '../../../nodes/Talkover/callingHours';
import { offsetAt, offsetChanges, wallClockAt } from '../../../nodes/Talkover/callingHours/wallClock';

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

/**
 * Every zone whose clock skips time in 2026 (an hour at 02:00 or 01:00, half an hour on Lord Howe Island,
 * two hours in Troll, midnight in Havana and Santiago, 23:00 in Scoresbysund, Morocco after Ramadan): a
 * weekly window made of exactly the skipped minutes, asked six and a half days before, is met the next
 * week, and one that opens in the gap and ends after it opens when the clock jumps. The oracle walks the
 * clock a quarter of an hour at a time (every offset, change and window here is on a quarter hour, so
 * whether a call is allowed cannot change inside one), for 16 days.
 */
const QUARTER = 15 * MINUTE;
const skippingZones = [
	'America/New_York',
	'America/St_Johns',
	'America/Havana',
	'America/Santiago',
	'America/Scoresbysund',
	'Europe/London',
	'Europe/Berlin',
	'Africa/Casablanca',
	'Asia/Gaza',
	'Antarctica/Troll',
	'Australia/Sydney',
	'Australia/Adelaide',
	'Australia/Lord_Howe',
	'Pacific/Auckland',
	'Pacific/Chatham',
];

function walkQuarters(rule: CallingHoursRule, zone: string, now: number): number | undefined {
	for (let t = Math.ceil(now / QUARTER) * QUARTER; t < now + 16 * 1440 * MINUTE; t += QUARTER) if (allowedNow(rule, zone, t)) return t;
	return undefined;
}

/** The zone's first change of 2026 that moves the clock forward: the instant, and the wall minutes it skips. */
function firstGap(zone: string): { change: number; rule: CallingHoursRule } {
	const change = offsetChanges(zone, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z')).find((t) => offsetAt(zone, t) > offsetAt(zone, t - 1));
	if (change === undefined) throw new Error(`${zone} skips no time in 2026`);
	const before = wallClockAt(zone, change - MINUTE); // the last minute shown before the jump
	const after = wallClockAt(zone, change); // the first minute shown after it
	const last = before.hour * 60 + before.minute;
	const first = after.hour * 60 + after.minute;
	// The skipped minutes of one date: after the jump's date up to `first`, unless the jump lands on midnight.
	const rule: CallingHoursRule = first === 0 ? { days: [before.weekday], from: last + 1, to: 1440 } : { days: [after.weekday], from: after.day === before.day ? last + 1 : 0, to: first };
	return { change, rule };
}

const gaps = skippingZones.map((zone) => ({ zone, ...firstGap(zone) }));
/** Asked six and a half days before the jump: the day of the jump is within the first 8 days, the next week's is not. */
const askedAt = (change: number) => change - 6.5 * 1440 * MINUTE;

test.each(gaps)('$zone: a weekly window of exactly the skipped minutes is met a week after the jump, as the walk finds', ({ zone, change, rule }) => {
	expect(rule.to).toBeGreaterThan(rule.from);
	const found = nextAllowedInstant(rule, zone, askedAt(change));
	expect(found).toBe(walkQuarters(rule, zone, askedAt(change)));
	expect(found! - change).toBeGreaterThan(6 * 1440 * MINUTE);
	const wall = wallClockAt(zone, found!);
	expect([wall.weekday, wall.hour * 60 + wall.minute]).toEqual([rule.days[0], rule.from]);
});

// Not where the jump lands on the next date (Scoresbysund, 22:59 → 00:00): no window of one date goes past it.
test.each(gaps.filter(({ rule }) => rule.to < 1440))('$zone: a weekly window that opens in the skipped minutes and ends an hour after them opens when the clock jumps', ({ zone, change, rule }) => {
	const straddling: CallingHoursRule = { ...rule, to: Math.min(rule.to + 60, 1440) };
	expect(nextAllowedInstant(straddling, zone, askedAt(change))).toBe(change);
	expect(walkQuarters(straddling, zone, askedAt(change))).toBe(change);
});
