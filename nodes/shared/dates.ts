import type { INode, INodeProperties } from 'n8n-workflow';

import { invalidInput } from './validation';

/**
 * Dates and times as users give them (n8n's date picker, an expression, a Date) → what Talkover's
 * pages ask for: a day `YYYY-MM-DD`, a time `HH:MM`, an instant in ISO 8601, a time zone name.
 */

type Ctx = { getNode(): INode };
type Property = Pick<INodeProperties, 'displayName' | 'name'>;

function text(value: unknown): string {
	return value instanceof Date ? value.toISOString() : String(value ?? '').trim();
}

/**
 * A day, `YYYY-MM-DD`, from a date or the date part of a date-time. The time part of a date-time must be
 * a real time (`T25:99`, `24:30` or `2026-03-01 not a time` is refused, never cut off): a value that is
 * not a date and time is a mistake, whatever its first ten characters say.
 */
export function readDay(ctx: Ctx, itemIndex: number, property: Property, value: unknown): string {
	const given = text(value);
	const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?$)/i.exec(given);
	if (!match || Number.isNaN(wallClock(match[1]))) throw invalidInput(ctx, itemIndex, property, `"${given}" is not a date; use YYYY-MM-DD`);
	// A part not given is undefined: a missing time is midnight, and a missing offset (NaN) is never too large.
	const [, day, hours, minutes, seconds, zoneHours, zoneMinutes] = match;
	if (Number.isNaN(wallClock(day, hours, minutes, seconds)) || Number(zoneHours) > 23 || Number(zoneMinutes) > 59) {
		throw invalidInput(ctx, itemIndex, property, `"${given}" is not a real date and time (that time does not exist); use YYYY-MM-DD`);
	}
	return day;
}

/** A time of day, `HH:MM` (24 h); `9:00` becomes `09:00`. */
export function readTime(ctx: Ctx, itemIndex: number, property: Property, value: unknown): string {
	const given = text(value);
	const match = /^(\d{1,2}):(\d{2})$/.exec(given);
	if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
		throw invalidInput(ctx, itemIndex, property, `"${given}" is not a time of day; use HH:MM, 24 hours, e.g. 09:00 or 17:30`);
	}
	return `${match[1].padStart(2, '0')}:${match[2]}`;
}

/**
 * Whether the value names a time zone as the IANA database does — Area/Location (`Etc/GMT+5` included) or
 * UTC / GMT — and Node.js knows it (an empty name is not one). Abbreviations are refused although ICU reads
 * some: not as a CRM means them (BST is Asia/Dhaka, IST Asia/Kolkata, AST America/Anchorage, NST
 * Pacific/Auckland to ICU; EST a fixed UTC−5 with no summer time).
 */
export function isTimeZone(value: string): boolean {
	if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(value) && !/^(UTC|GMT)$/i.test(value)) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

/** An IANA time zone name (`Europe/London`), at most 50 characters as the campaign pages say. */
export function readTimeZone(ctx: Ctx, itemIndex: number, property: Property, value: unknown): string {
	const given = text(value);
	if (given.length > 50 || !isTimeZone(given)) {
		throw invalidInput(ctx, itemIndex, property, `"${given}" is not a time zone; use a name like America/New_York or Europe/London`);
	}
	return inListedCase(given);
}

/**
 * Node.js reads a time zone in any letter case, Talkover's pages do not say it does: a name typed in
 * another case (europe/london, utc) is sent as the list spells it; other names (links such as
 * US/Eastern) as typed.
 */
function inListedCase(given: string): string {
	const resolved = new Intl.DateTimeFormat('en-US', { timeZone: given }).resolvedOptions().timeZone;
	if (resolved === given) return given;
	const lower = given.toLowerCase();
	return [...timeZoneNames(), resolved].find((name) => name.toLowerCase() === lower) ?? given;
}

/** The time zone names this Node.js knows (for the Timezone pickers). */
export function timeZoneNames(): string[] {
	const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
	return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

/** Milliseconds the zone is ahead of UTC at the instant `ms`. */
function offsetMs(timeZone: string, ms: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(ms));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
}

/**
 * The wall-clock date and time `day`, `hh:mm:ss` (a part not given is 0) as milliseconds (read as if in
 * UTC), or NaN when that date or time does not exist.
 */
function wallClock(day: string, hours?: string, minutes?: string, seconds?: string): number {
	const [year, month, date] = day.split('-').map(Number);
	const [h, m, s] = [hours, minutes, seconds].map((part) => Number(part ?? 0));
	// 60 minutes or seconds would roll over to the next hour or minute unseen; 24:00 or later rolls over to
	// another day, caught below.
	if (m > 59 || s > 59) return NaN;
	const ms = Date.UTC(year, month - 1, date, h, m, s);
	// Date.UTC rolls 30 February over to 2 March, and reads the years 0–99 as 1900–1999: a day that does not
	// come back as given does not exist.
	return new Date(ms).toISOString().slice(0, 10) === day ? ms : NaN;
}

/**
 * The instants at which the zone's clocks show the wall-clock time `wall` (milliseconds read as UTC):
 * one, none (the time falls in the gap when the clocks go forward) or two (it happens twice when they
 * go back), earliest first. The zone's offsets on the day around it are tried; the offset that is in
 * force at the instant it gives is the one that holds.
 */
function instantsOf(timeZone: string, wall: number): number[] {
	const HOUR = 3_600_000;
	const offsets = new Set([-36, -24, -12, 0, 12, 24, 36].map((h) => offsetMs(timeZone, wall + h * HOUR)));
	const found = new Set<number>();
	for (const offset of offsets) {
		const at = wall - offset;
		if (offsetMs(timeZone, at) === offset) found.add(at);
	}
	return [...found].sort((a, b) => a - b);
}

/** How a wall-clock time is shown in a message: `2026-03-08 02:30`. */
function showWall(wall: number): string {
	return new Date(wall).toISOString().slice(0, 19).replace('T', ' ').replace(/:00$/, '');
}

/**
 * An instant in ISO 8601 UTC (`2026-03-02T15:00:00Z`). A value with a zone (`Z`, `+02:00`) is that
 * instant; a value without one (n8n's date picker gives `2026-03-02T10:00:00`) is a wall-clock time in
 * `timeZone`, the workflow's time zone. A date or time that does not exist (30 February, 24:00, 10:60)
 * is refused, never rolled over. So is a local time that does not exist in the zone (the hour skipped
 * when the clocks go forward, e.g. 02:30 on 8 March 2026 in America/New_York): booking it an hour
 * early or late would be a guess. A local time that happens twice (the hour repeated when the clocks go
 * back) is its first occurrence, the one before the change (as iCalendar, RFC 5545, reads it).
 */
export function readInstant(ctx: Ctx, itemIndex: number, property: Property, value: unknown, timeZone: string): string {
	const given = text(value);
	const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))?$/i.exec(given);
	if (!match) {
		throw invalidInput(ctx, itemIndex, property, `"${given}" is not a date and time; use ISO 8601, e.g. 2026-03-02T15:00:00Z`);
	}
	const [, day, hours, minutes, seconds, zone, sign, zoneHours, zoneMinutes] = match;
	const wall = wallClock(day, hours, minutes, seconds);
	if (Number.isNaN(wall)) throw invalidInput(ctx, itemIndex, property, `"${given}" is not a real date and time (that day or time does not exist)`);
	let ms: number;
	if (zone) {
		const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes));
		if (Number(zoneHours) > 23 || Number(zoneMinutes) > 59) throw invalidInput(ctx, itemIndex, property, `"${given}" has an offset that does not exist (${zone})`);
		ms = wall - offset * 60_000;
	} else {
		const zoneName = isTimeZone(timeZone) ? timeZone : 'UTC';
		const instants = instantsOf(zoneName, wall);
		if (instants.length === 0) {
			throw invalidInput(
				ctx,
				itemIndex,
				property,
				`${showWall(wall)} does not exist in the time zone ${zoneName} (the clocks skip that hour when they go forward); give a time outside that hour, or one with an offset (e.g. ${day}T${hours}:${minutes}:00Z)`,
			);
		}
		ms = instants[0];
	}
	return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * An instant as Talkover gives it in an event (`start_at`, `end_at`): ISO 8601 with a zone, as every
 * calendar page shows it (`2024-01-20T15:00:00Z`), in milliseconds; undefined for anything else (null,
 * missing, a number, a date that does not exist, a time without a zone).
 */
export function apiInstantMs(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))$/i.exec(value.trim());
	if (!match) return undefined;
	const [, day, hours, minutes, seconds, fraction = '', , sign, zoneHours, zoneMinutes] = match;
	const wall = wallClock(day, hours, minutes, seconds);
	if (Number.isNaN(wall) || Number(zoneHours ?? 0) > 23 || Number(zoneMinutes ?? 0) > 59) return undefined;
	const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes));
	return wall + Math.floor(Number(`0${fraction}`) * 1000) - offset * 60_000;
}
