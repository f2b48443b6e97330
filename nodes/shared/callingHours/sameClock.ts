import { nextAllowedInstant } from './allowed';
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
 * The first moment at or after `from` the rule allows a call in every one of `zones`, shown in the first
 * zone's time; undefined when none is found in a few rounds (zones that part ways for longer than the hours
 * are open). Each round moves to the latest of the zones' next allowed instants, until all allow the same one.
 */
export function nextAllowedInEvery(rule: CallingHoursRule, zones: readonly string[], from: number): AllowedMoment | undefined {
	let instant = from;
	for (let round = 0; round < 8; round++) {
		const next = zones.map((zone) => nextAllowedInstant(rule, zone, instant));
		if (next.some((value) => value === undefined)) return undefined;
		const latest = Math.max(...(next as number[]));
		if (latest === instant) return { time: isoInZone(zones[0], instant), utc: new Date(instant).toISOString(), timeZone: zones[0] };
		instant = latest;
	}
	return undefined;
}
