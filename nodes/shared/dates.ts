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

/** A day, `YYYY-MM-DD`, from a date or the date part of a date-time. */
export function readDay(ctx: Ctx, itemIndex: number, property: Property, value: unknown): string {
	const given = text(value);
	const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(given);
	const day = match?.[1];
	if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
		throw invalidInput(ctx, itemIndex, property, `"${given}" is not a date; use YYYY-MM-DD`);
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

export function isTimeZone(value: string): boolean {
	if (value === '') return false;
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
	return given;
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
 * An instant in ISO 8601 UTC (`2026-03-02T15:00:00Z`). A value with a zone (`Z`, `+02:00`) is that
 * instant; a value without one (n8n's date picker gives `2026-03-02T10:00:00`) is a wall-clock time in
 * `timeZone`, the workflow's time zone.
 */
export function readInstant(ctx: Ctx, itemIndex: number, property: Property, value: unknown, timeZone: string): string {
	const given = text(value);
	const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(given);
	if (!match) {
		throw invalidInput(ctx, itemIndex, property, `"${given}" is not a date and time; use ISO 8601, e.g. 2026-03-02T15:00:00Z`);
	}
	const [, day, hours, minutes, seconds = '00', zone] = match;
	let ms: number;
	if (zone) ms = Date.parse(`${day}T${hours}:${minutes}:${seconds}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
	else {
		const wall = Date.parse(`${day}T${hours}:${minutes}:${seconds}Z`);
		const zoneName = isTimeZone(timeZone) ? timeZone : 'UTC';
		ms = wall - offsetMs(zoneName, wall - offsetMs(zoneName, wall));
	}
	if (Number.isNaN(ms)) throw invalidInput(ctx, itemIndex, property, `"${given}" is not a real date and time`);
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
