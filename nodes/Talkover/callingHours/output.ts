import type { IDataObject } from 'n8n-workflow';

import type { HoursDecision } from './decision';
import type { HoursPlan, ZoneSource } from './plan';
import type { CallingHoursRule, Weekday } from './rule';
import { DAY_NAMES, WEEKDAYS } from './rule';
import { isoInZone, wallClockAt } from './wallClock';

/**
 * What an item shows of Calling Hours: a skipped item's output (nothing was sent) and the fields added to a
 * call placed with a delay, each with a sentence a person reads in the execution.
 *
 * Skipped: `{ to, skipped: true, skipReason, nextAllowedAt, nextAllowedAtUtc, timeZone, timeZoneSource }`, and
 * `timeZoneSameClockAs` when the number may be in other zones showing the same time (checked too).
 * Delayed: Talkover's call and `{ scheduled: true, scheduledFor, scheduledForUtc, delaySeconds, timeZone,
 * timeZoneSource, scheduleReason }`. Queued by Add Call for a moment outside the hours (Talkover's
 * `scheduled_at`): Talkover's call and `{ outsideCallingHours: true, scheduledAtLeadTime, timeZone,
 * timeZoneSource, callingHoursWarning }`. Times in the lead's zone carry its offset (`2026-01-15T09:00:00-05:00`);
 * the `…Utc` ones are the same instant in UTC.
 */

const SOURCES: Record<ZoneSource, string> = {
	field: "from Lead's Time Zone",
	number: 'from the number',
	fallback: 'from When the Time Zone Is Unknown',
};

function hhmm(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The days in week order, runs of three or more as "Monday to Friday": "Monday to Friday", "Saturday, Sunday", "every day". */
export function daysText(days: readonly Weekday[]): string {
	const indexes = WEEKDAYS.map((day, i) => (days.includes(day) ? i : -1)).filter((i) => i >= 0);
	if (indexes.length === 7) return 'every day';
	const parts: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		const [first, last] = [DAY_NAMES[WEEKDAYS[indexes[start]]], DAY_NAMES[WEEKDAYS[indexes[end]]]];
		if (end - start >= 2) parts.push(`${first} to ${last}`);
		else for (let i = start; i <= end; i++) parts.push(DAY_NAMES[WEEKDAYS[indexes[i]]]);
		start = end + 1;
	}
	return parts.join(', ');
}

/** "Monday to Friday, 09:00–17:00". */
export function ruleText(rule: CallingHoursRule): string {
	return `${daysText(rule.days)}, ${hhmm(rule.from)}–${hhmm(rule.to)}`;
}

/** An instant as the lead's wall clock shows it: "Thursday 02:00". */
function wallText(zone: string, instant: number): string {
	const wall = wallClockAt(zone, instant);
	return `${DAY_NAMES[wall.weekday]} ${hhmm(wall.hour * 60 + wall.minute)}`;
}

/** "it is Thursday 02:00 for the lead (America/New_York, from the number)", or with the Delay the user gave. */
function whenAsked(plan: HoursPlan, startsAt: number, givenDelaySeconds: number): string {
	const others = plan.sameClockAs?.length ? `; it may also be in ${plan.sameClockAs.join(' or ')}, checked too` : '';
	const zone = `(${plan.zone}, ${SOURCES[plan.zoneFrom]}${others})`;
	const at = wallText(plan.zone, startsAt);
	return givenDelaySeconds > 0 ? `with the Delay of ${givenDelaySeconds} seconds the call would start ${at} for the lead ${zone}` : `it is ${at} for the lead ${zone}`;
}

/** `timeZone`, `timeZoneSource`, and `timeZoneSameClockAs` (the other zones the number may be in) when there are some. */
function zoneFields(plan: HoursPlan): IDataObject {
	return { timeZone: plan.zone, timeZoneSource: plan.zoneFrom, ...(plan.sameClockAs?.length ? { timeZoneSameClockAs: plan.sameClockAs } : {}) };
}

/** The output of an item that was not sent (the decision is `skip`). */
export function skippedOutput(plan: HoursPlan, to: string, decision: Extract<HoursDecision, { action: 'skip' }>, givenDelaySeconds = 0): IDataObject {
	const { next } = decision;
	const skipReason =
		`Not dialled: ${whenAsked(plan, decision.startsAt, givenDelaySeconds)}, outside the Calling Hours (${ruleText(plan.rule)}). ` +
		`The next allowed moment is ${wallText(plan.zone, Date.parse(next.utc))} in the lead's time (${next.time}).`;
	return { to, skipped: true, skipReason, nextAllowedAt: next.time, nextAllowedAtUtc: next.utc, ...zoneFields(plan) };
}

/** The fields added to the call placed with a delay (the decision is `delay`). */
export function scheduledFields(plan: HoursPlan, decision: Extract<HoursDecision, { action: 'delay' }>, givenDelaySeconds = 0): IDataObject {
	const { next, delaySeconds } = decision;
	const scheduleReason =
		`Placed with a delay of ${delaySeconds} seconds: ${whenAsked(plan, decision.startsAt, givenDelaySeconds)}, outside the Calling Hours (${ruleText(plan.rule)}); ` +
		`the call starts ${wallText(plan.zone, Date.parse(next.utc))} in the lead's time (${next.time}).`;
	return { scheduled: true, scheduledFor: next.time, scheduledForUtc: next.utc, delaySeconds, ...zoneFields(plan), scheduleReason };
}

/** The fields added to a campaign call Talkover says it will dial (`scheduled_at`) outside the hours. */
export function dialledOutsideFields(plan: HoursPlan, scheduledAt: number): IDataObject {
	const at = isoInZone(plan.zone, scheduledAt);
	const others = (plan.sameClockAs ?? []).map((zone) => `; ${wallText(zone, scheduledAt)} in ${zone}, where the number may also be`).join('');
	const callingHoursWarning =
		`Added, but Talkover says it will dial the lead ${wallText(plan.zone, scheduledAt)} in the lead's time (${at}, ${plan.zone}, ${SOURCES[plan.zoneFrom]}${others}), ` +
		`outside the Calling Hours (${ruleText(plan.rule)}): the campaign's own calling windows decide when Talkover dials, and Talkover documents no way to withdraw a queued call. ` +
		`To stop it, pause the campaign (Campaign → Update Status) or change its calling windows before then.`;
	return { outsideCallingHours: true, scheduledAtLeadTime: at, ...zoneFields(plan), callingHoursWarning };
}
