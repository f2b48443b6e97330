import type { CallingHoursRule } from './rule';
import type { LocalTime } from './wallClock';
import { instantsOf, offsetChanges, wallClockAt } from './wallClock';

/**
 * Whether a call may be placed at an instant, and the first instant it may be, in the lead's local time.
 * A time is allowed when the lead's wall clock shows an allowed day and a minute from `from` (included) up
 * to `to` (excluded): 09:00–17:00 allows 09:00 to 16:59. The wall clock decides, never a shifted reading:
 * on the day summer time starts, a window that begins in the skipped hour opens when the clock jumps
 * (02:30–04:00 → 03:00), and a window wholly in the skipped hour (02:00–03:00) does not happen that day;
 * on the day it ends, the repeated hour is allowed both times the clock shows it.
 */

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/**
 * How far the next allowed moment is searched: 53 weeks. A rule read.ts accepts (a day, From before To)
 * allows a minute of every week on the wall clock; that week's window is missed only when the clock skips
 * all of it (a spring-forward gap, or a whole skipped date like Samoa's 30 December 2011). A zone skips
 * time at most a few times a year, each gap hiding one date's window, so a window that recurs weekly is met
 * within a few weeks — 53 weeks is a bound no zone's rules come near, and it keeps a search finite.
 */
export const SEARCH_WEEKS = 53;

/** Whether the rule allows a call at `now` (ms since the epoch) in `zone`. */
export function allowedNow(rule: CallingHoursRule, zone: string, now: number): boolean {
	const wall = wallClockAt(zone, now);
	const minutes = wall.hour * 60 + wall.minute;
	return rule.days.includes(wall.weekday) && minutes >= rule.from && minutes < rule.to;
}

/**
 * The instants in [start, end) at which the rule's window can open in `zone`: the wall clock reaching
 * `from` on a date of the span (tried on every date from the day before to the day after), and every
 * change of the zone's offset (the clock jumping into the window). `end - start` is at most a week.
 */
function openingsIn(rule: CallingHoursRule, zone: string, start: number, end: number): number[] {
	// From start - 1: offsetChanges finds the changes after its first instant, and one at `start` counts here.
	const candidates: number[] = offsetChanges(zone, start - 1, end);
	const first = wallClockAt(zone, start);
	for (let days = -1; days <= 8; days++) {
		const date = new Date(Date.UTC(first.year, first.month - 1, first.day + days));
		const local: LocalTime = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), minutes: rule.from };
		candidates.push(...instantsOf(zone, local));
	}
	return candidates.filter((instant) => instant >= start && instant < end);
}

/**
 * The first instant at or after `now` the rule allows a call in `zone` (`now` itself when it is allowed),
 * in ms since the epoch. A window opens either when the wall clock reaches `from` on an allowed day or when
 * the zone's offset changes: only those instants are tried, a week at a time, the earliest week first, until
 * one is allowed. Undefined when none is within SEARCH_WEEKS weeks: a rule that allows no minute at all (no
 * day: read.ts refuses it), or hours the zone's clock never shows in that time.
 */
export function nextAllowedInstant(rule: CallingHoursRule, zone: string, now: number): number | undefined {
	if (allowedNow(rule, zone, now)) return now;
	if (rule.days.length === 0 || rule.to <= rule.from) return undefined;
	// The first week's span starts just after `now` (now is not allowed); each later one where the last ended.
	for (let week = 0, start = now + 1; week < SEARCH_WEEKS; week++, start += WEEK) {
		const allowed = openingsIn(rule, zone, start, start + WEEK).filter((instant) => allowedNow(rule, zone, instant));
		if (allowed.length) return Math.min(...allowed);
	}
	return undefined;
}

/**
 * How far the moment allowed in every zone is searched: SEARCH_WEEKS (53) weeks, as for one zone. Zones
 * counted as one showed the same offset when the item was planned, so they part only at a change of one
 * zone's offset (a DST change the other does not make: Denver and Phoenix from March to November) and
 * show the same clock again at the next change, within a year; a weekly window both show is then met
 * within a few weeks of that, inside 53 weeks.
 */
const SPAN = SEARCH_WEEKS * 7 * 86_400_000;

/**
 * The first instant at or after `from` (ms since the epoch) the rule allows a call in every one of `zones`;
 * undefined when none is within SPAN (the zones never show an allowed minute at the same instant in that year).
 * Each round moves to the latest of the zones' next allowed instants, until all
 * allow the same one: each round moves forward to an instant one zone's window opens at, so the rounds
 * end, at the latest when the span is passed.
 */
export function nextAllowedInEvery(rule: CallingHoursRule, zones: readonly string[], from: number): number | undefined {
	let instant = from;
	while (instant - from <= SPAN) {
		const next = zones.map((zone) => nextAllowedInstant(rule, zone, instant));
		if (next.some((value) => value === undefined)) return undefined;
		const latest = Math.max(...(next as number[]));
		if (latest === instant) return instant;
		instant = latest;
	}
	return undefined;
}
