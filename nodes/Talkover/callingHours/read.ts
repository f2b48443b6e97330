import type { INode, INodeProperties } from 'n8n-workflow';

import { isTimeZone } from '../../shared/dates';
import { checkParameter, invalidInput } from '../../shared/validation';
import { callingHoursField as field, daysProperty, fallbackZoneProperty, fromProperty, outsideHoursProperty, timeZoneProperty, toProperty, whenZoneUnknownProperty } from './description';
import type { CallingHoursRule, Weekday } from './rule';
import { WEEKDAYS } from './rule';

/**
 * The Calling Hours option read and checked before any request: each mistake is an error naming the
 * field, its value and the item.
 */

type Ctx = { getNode(): INode };

export type WhenZoneUnknown = 'refuse' | 'useZone' | 'dial';

export type OutsideHours = 'skip' | 'delay';

export interface CallingHoursOption {
	rule: CallingHoursRule;
	/** The lead's time zone as given (checked), undefined when the field is empty. */
	timeZone?: string;
	whenZoneUnknown: WhenZoneUnknown;
	/** The zone to use when the lead's is unknown (with `useZone` only). */
	fallbackZone?: string;
	/** Outside the hours: skip the item, or (Make Call) delay the call when the hours open within an hour. */
	outsideHours: OutsideHours;
}

/** `HH:MM` (24 h) → minutes after midnight; `24:00` (the end of the day) only where `endOfDay` is allowed. */
function readMinutes(ctx: Ctx, itemIndex: number, property: INodeProperties, value: unknown, endOfDay: boolean): number {
	const given = String(value ?? '').trim();
	const match = /^(\d{1,2}):(\d{2})$/.exec(given);
	const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
	const valid = match !== null && Number(match[2]) <= 59 && (minutes < 1440 || (endOfDay && minutes === 1440));
	if (!valid) {
		const hint = endOfDay ? 'e.g. 17:00, or 24:00 for the end of the day' : 'e.g. 09:00';
		throw invalidInput(ctx, itemIndex, field(property), `"${given}" is not a time of day; use HH:MM, 24 hours, ${hint}`);
	}
	return minutes;
}

function readDays(ctx: Ctx, itemIndex: number, value: unknown): Weekday[] {
	const given = value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value];
	const days: Weekday[] = [];
	for (const day of given) {
		const name = String(day).trim().toLowerCase();
		if (!(WEEKDAYS as readonly string[]).includes(name)) {
			throw invalidInput(ctx, itemIndex, field(daysProperty), `"${String(day)}" is not a day of the week; use ${WEEKDAYS.join(', ')}`);
		}
		if (!days.includes(name as Weekday)) days.push(name as Weekday);
	}
	if (days.length === 0) throw invalidInput(ctx, itemIndex, field(daysProperty), 'no day is chosen, so no call could ever be placed; choose at least one day');
	return days;
}

/** An IANA zone name, or undefined for an empty field; any other text is an error naming the value. */
function readZone(ctx: Ctx, itemIndex: number, property: INodeProperties, value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const given = String(value).trim();
	if (given === '') return undefined;
	if (given.length > 100 || !isTimeZone(given)) {
		throw invalidInput(ctx, itemIndex, field(property), `"${given}" is not a time zone; use an IANA name like America/New_York or Europe/Berlin`);
	}
	return given;
}

/**
 * Reads the option's value (`{ hours: {...} }` as the node holds it, or the inner object); undefined when
 * the option is not set (no value, or the empty collection `{}`). A field left out takes its default.
 * `canDelay`: the operation can start a call later (Make Call's `delay_seconds`), so Outside the Hours is
 * read beside the group's fields; elsewhere it is always Skip.
 */
export function readCallingHours(ctx: Ctx, itemIndex: number, value: unknown, canDelay = false): CallingHoursOption | undefined {
	if (value === undefined || value === null || typeof value !== 'object') return undefined;
	const outer = value as Record<string, unknown>;
	// The group added (even with every field at its default) is the option set; the empty collection is not.
	const hours = ('hours' in outer ? outer.hours : Object.keys(outer).length ? outer : undefined) as Record<string, unknown> | undefined;
	if (hours === undefined || hours === null || typeof hours !== 'object') return undefined;
	const days = readDays(ctx, itemIndex, hours.days ?? daysProperty.default);
	const from = readMinutes(ctx, itemIndex, fromProperty, hours.from ?? fromProperty.default, false);
	const to = readMinutes(ctx, itemIndex, toProperty, hours.to ?? toProperty.default, true);
	if (to <= from) {
		throw invalidInput(ctx, itemIndex, field(toProperty), `"${String(hours.to ?? toProperty.default).trim()}" is not after From ("${String(hours.from ?? fromProperty.default).trim()}"); the end of the hours must be later the same day (windows across midnight are not supported: use 24:00)`);
	}
	const whenZoneUnknown = (hours.whenZoneUnknown ?? whenZoneUnknownProperty.default) as WhenZoneUnknown;
	if (!['refuse', 'useZone', 'dial'].includes(whenZoneUnknown)) {
		throw invalidInput(ctx, itemIndex, field(whenZoneUnknownProperty), `"${String(whenZoneUnknown)}" is not one of the allowed values: refuse, useZone, dial`);
	}
	const timeZone = readZone(ctx, itemIndex, timeZoneProperty, hours.timeZone);
	let fallbackZone: string | undefined;
	if (whenZoneUnknown === 'useZone') {
		fallbackZone = readZone(ctx, itemIndex, fallbackZoneProperty, hours.fallbackZone);
		if (fallbackZone === undefined) throw invalidInput(ctx, itemIndex, field(fallbackZoneProperty), 'is empty; name the time zone to use, e.g. America/New_York');
	}
	const outsideHours = canDelay ? (checkParameter(ctx, itemIndex, { ...outsideHoursProperty, ...field(outsideHoursProperty) }, hours.outsideHours ?? outsideHoursProperty.default) as OutsideHours) : 'skip';
	return { rule: { days, from, to }, timeZone, whenZoneUnknown, fallbackZone, outsideHours };
}
