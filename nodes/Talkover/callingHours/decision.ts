import { allowedNow } from './allowed';
import { delaySecondsUntil } from './delay';
import type { AllowedMoment } from './moment';
import { nextAllowedMoment, NoAllowedMomentError } from './moment';
import type { HoursPlan } from './plan';
import { nextAllowedInEvery } from './sameClock';

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
	const moment = nextAllowedInEvery(plan.rule, zones, startsAt);
	if (!moment) throw new NoAllowedMomentError('notTogether', zones.join(' and '));
	return moment;
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
