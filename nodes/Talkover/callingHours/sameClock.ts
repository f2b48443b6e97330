import { nextAllowedInstant, SEARCH_WEEKS } from './allowed';
import { isoInZone } from './isoInstant';
import type { AllowedMoment } from './moment';
import type { CallingHoursRule } from './rule';
import { wallClockAt } from './wallClock';

/**
 * Several time zones a number may be in (a UK mobile: London, Guernsey, Isle of Man) counted as one: they
 * count as one when they show the same UTC offset at the instant asked (Node's own zone data, read when the
 * call is decided, never baked into the tables), and a call is placed only at an instant the hours allow in
 * every one of them.
 */

/** Whether every zone shows the same UTC offset at `instant` (ms since the epoch). */
export function sameOffsetAt(zones: readonly string[], instant: number): boolean {
	const first = wallClockAt(zones[0], instant).offset;
	return zones.every((zone) => wallClockAt(zone, instant).offset === first);
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
 * The first moment at or after `from` the rule allows a call in every one of `zones`, shown in the first
 * zone's time; undefined when none is within SPAN (the zones never show an allowed minute at the same
 * instant in that year). Each round moves to the latest of the zones' next allowed instants, until all
 * allow the same one: each round moves forward to an instant one zone's window opens at, so the rounds
 * end, at the latest when the span is passed.
 */
export function nextAllowedInEvery(rule: CallingHoursRule, zones: readonly string[], from: number): AllowedMoment | undefined {
	let instant = from;
	while (instant - from <= SPAN) {
		const next = zones.map((zone) => nextAllowedInstant(rule, zone, instant));
		if (next.some((value) => value === undefined)) return undefined;
		const latest = Math.max(...(next as number[]));
		if (latest === instant) return { time: isoInZone(zones[0], instant), utc: new Date(instant).toISOString(), timeZone: zones[0] };
		instant = latest;
	}
	return undefined;
}
