import { nextAllowedInstant, SEARCH_WEEKS } from './allowed';
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
 * There is no next allowed moment: the rule allows no day (read.ts refuses such a rule before this is
 * asked), or the lead's clock shows none of its minutes within SEARCH_WEEKS weeks. The operations turn it
 * into an error naming the field and the item (whenToCall.ts).
 */
export class NoAllowedMomentError extends RangeError {
	constructor(
		/** `notTogether`: the zones a number may be in (`zone` names them all) never allow the same moment. */
		readonly reason: 'noDay' | 'neverShown' | 'notTogether',
		readonly zone: string,
	) {
		super(
			reason === 'noDay'
				? 'These calling hours allow no day: choose at least one day'
				: reason === 'notTogether'
					? `The clocks of ${zone} show no minute of these calling hours at the same instant in the next ${SEARCH_WEEKS} weeks`
					: `The clock of ${zone} shows no minute of these calling hours in the next ${SEARCH_WEEKS} weeks: choose hours its clock shows`,
		);
		this.name = 'NoAllowedMomentError';
	}
}

/**
 * The first moment at or after `now` (ms since the epoch) the rule allows a call in `zone`. Throws a
 * NoAllowedMomentError when there is none: never a made-up time.
 */
export function nextAllowedMoment(rule: CallingHoursRule, zone: string, now: number): AllowedMoment {
	const instant = nextAllowedInstant(rule, zone, now);
	if (instant === undefined) throw new NoAllowedMomentError(rule.days.length === 0 ? 'noDay' : 'neverShown', zone);
	return { time: isoInZone(zone, instant), utc: new Date(instant).toISOString(), timeZone: zone };
}
