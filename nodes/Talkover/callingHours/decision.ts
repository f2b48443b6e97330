import { allowedNow, nextAllowedInEvery, nextAllowedInstant, SEARCH_WEEKS } from './allowed';
import type { HoursPlan } from './plan';
import type { CallingHoursRule } from './rule';
import { isoInZone } from './wallClock';

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
	return momentAt(zone, instant);
}

/** An instant as an item shows it, in `zone`'s time. */
function momentAt(zone: string, instant: number): AllowedMoment {
	return { time: isoInZone(zone, instant), utc: new Date(instant).toISOString(), timeZone: zone };
}

/**
 * The longest delay Make Call accepts: make-call.mdx documents `delay_seconds` as an integer, "Range:
 * `0`–`3600` (1 hour)". openapi.json does not list `delay_seconds` for POST /agents/{agent_id}/call: the
 * page is the only document that gives a range, so its maximum is the one kept.
 */
export const MAX_DELAY_SECONDS = 3600;

/**
 * The whole seconds from `now` (ms since the epoch) to `next`, rounded up so the call never starts
 * before the allowed moment; undefined when that is more than MAX_DELAY_SECONDS away (the item is then
 * skipped rather than delayed). 0 when the moment is now or past.
 */
export function delaySecondsUntil(next: AllowedMoment | number, now: number): number | undefined {
	const at = typeof next === 'number' ? next : Date.parse(next.utc);
	const seconds = Math.max(0, Math.ceil((at - now) / 1000));
	return seconds <= MAX_DELAY_SECONDS ? seconds : undefined;
}

/**
 * Whether a call may start, asked when it is sent: the moment it would start (now, plus the Delay the user
 * gave) is checked against the hours in the lead's time zone. Outside them, Make Call with Schedule delays
 * the call to the next allowed moment when that is at most `delay_seconds`' 3,600 s from now; otherwise the
 * item is skipped. A number that may be in several zones (`sameClockAs`) is called only when the hours allow
 * it in every one of them, and delayed only to a moment they all allow.
 */
export type HoursDecision =
	| { action: 'call' }
	/** Send now with `delay_seconds` = `delaySeconds` (the whole delay, the user's included). */
	| { action: 'delay'; delaySeconds: number; next: AllowedMoment; startsAt: number }
	/** Send nothing. `startsAt`: when the call would have started (ms since the epoch). */
	| { action: 'skip'; next: AllowedMoment; startsAt: number };

/**
 * The first moment every zone allows. None within the search's year: a NoAllowedMomentError (the item fails
 * naming Calling Hours), never one zone's own moment, which another zone does not allow.
 */
function inEvery(plan: HoursPlan, zones: string[], startsAt: number): AllowedMoment {
	nextAllowedMoment(plan.rule, plan.zone, startsAt); // the one-zone errors first (no day, hours the clock never shows)
	const instant = nextAllowedInEvery(plan.rule, zones, startsAt);
	if (instant === undefined) throw new NoAllowedMomentError('notTogether', zones.join(' and '));
	return momentAt(zones[0], instant);
}

/** Every zone the lead may be in: the plan's zone and those that showed the same time (`sameClockAs`). */
function zonesOf(plan: HoursPlan): string[] {
	return [plan.zone, ...(plan.sameClockAs ?? [])];
}

/** Whether the hours allow a call starting at `instant` (ms) in every zone the lead may be in. */
export function allowedInEveryZone(plan: HoursPlan, instant: number): boolean {
	return zonesOf(plan).every((zone) => allowedNow(plan.rule, zone, instant));
}

export function decideCallingHours(plan: HoursPlan, now: number, givenDelaySeconds = 0): HoursDecision {
	const startsAt = now + givenDelaySeconds * 1000;
	if (allowedInEveryZone(plan, startsAt)) return { action: 'call' };
	const zones = zonesOf(plan);
	const next = zones.length > 1 ? inEvery(plan, zones, startsAt) : nextAllowedMoment(plan.rule, plan.zone, startsAt);
	if (plan.outsideHours === 'delay') {
		const delaySeconds = delaySecondsUntil(next, now);
		if (delaySeconds !== undefined) return { action: 'delay', delaySeconds, next, startsAt };
	}
	return { action: 'skip', next, startsAt };
}
