import { nextAllowedInstant } from './allowed';
import { isoInZone } from './isoInstant';
import type { CallingHoursRule } from './rule';

/** The next allowed moment as an item shows it: in the lead's time (with its offset) and in UTC. */
export interface AllowedMoment {
	/** In the lead's time zone, with its offset: `2026-03-09T08:00:00-04:00`. */
	time: string;
	/** The same instant in UTC: `2026-03-09T12:00:00.000Z`. */
	utc: string;
	/** The lead's time zone (IANA name). */
	timeZone: string;
}

/**
 * The first moment at or after `now` (ms since the epoch) the rule allows a call in `zone`. Throws for a
 * rule that allows no minute (no day; read.ts refuses such a rule before this is asked).
 */
export function nextAllowedMoment(rule: CallingHoursRule, zone: string, now: number): AllowedMoment {
	const instant = nextAllowedInstant(rule, zone, now);
	if (instant === undefined) throw new RangeError('These calling hours allow no day: choose at least one day');
	return { time: isoInZone(zone, instant), utc: new Date(instant).toISOString(), timeZone: zone };
}
