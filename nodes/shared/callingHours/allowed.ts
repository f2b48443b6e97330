import type { LocalTime } from './localTimes';
import { instantsOf, offsetChanges } from './localTimes';
import type { CallingHoursRule } from './rule';
import { wallClockAt } from './wallClock';

/**
 * Whether a call may be placed at an instant, and the first instant it may be, in the lead's local time.
 * A time is allowed when the lead's wall clock shows an allowed day and a minute from `from` (included) up
 * to `to` (excluded): 09:00–17:00 allows 09:00 to 16:59. On the day summer time starts, a window that
 * begins in the skipped hour opens when the clock jumps (02:30 → 03:00); on the day it ends, the repeated
 * hour is allowed both times the clock shows it.
 */

const DAY = 86_400_000;

/** Whether the rule allows a call at `now` (ms since the epoch) in `zone`. */
export function allowedNow(rule: CallingHoursRule, zone: string, now: number): boolean {
	const wall = wallClockAt(zone, now);
	const minutes = wall.hour * 60 + wall.minute;
	return rule.days.includes(wall.weekday) && minutes >= rule.from && minutes < rule.to;
}

/**
 * The first instant at or after `now` the rule allows a call in `zone` (`now` itself when it is allowed),
 * in ms since the epoch. A window opens either when the wall clock reaches `from` on an allowed day or when
 * the zone's offset changes: only those instants are tried, over the next 8 days (a week and the day on
 * either side). Undefined only for a rule that allows no minute at all (no day: read.ts refuses it).
 */
export function nextAllowedInstant(rule: CallingHoursRule, zone: string, now: number): number | undefined {
	if (allowedNow(rule, zone, now)) return now;
	const today = wallClockAt(zone, now);
	const candidates: number[] = offsetChanges(zone, now, now + 9 * DAY);
	for (let days = -1; days <= 8; days++) {
		const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
		const local: LocalTime = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), minutes: rule.from };
		candidates.push(...instantsOf(zone, local));
	}
	const allowed = candidates.filter((instant) => instant > now && allowedNow(rule, zone, instant));
	return allowed.length ? Math.min(...allowed) : undefined;
}
