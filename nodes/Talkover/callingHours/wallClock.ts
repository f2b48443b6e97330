import type { Weekday } from './rule';

/**
 * What the clock on the wall shows in a time zone at an instant, read with Intl.DateTimeFormat (Node's
 * ICU time zone data: no table kept by hand).
 */
export interface WallClock {
	year: number;
	/** 1–12. */
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	weekday: Weekday;
	/** The zone's offset from UTC at that instant, in minutes (New York in winter: -300). */
	offset: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
	let format = formats.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
			weekday: 'long',
			era: 'short',
		});
		formats.set(zone, format);
	}
	return format;
}

/** The wall clock of `zone` at `instant` (ms since the epoch). Throws a RangeError for a zone Node does not know. */
export function wallClockAt(zone: string, instant: number): WallClock {
	const parts: Record<string, string> = {};
	for (const part of formatFor(zone).formatToParts(new Date(instant))) parts[part.type] = part.value;
	const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
	const wall = { year, month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
	const wholeSecond = Math.floor(instant / 1000) * 1000;
	const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
	return { ...wall, weekday: parts.weekday.toLowerCase() as Weekday, offset: Math.round((asUtc - wholeSecond) / 60000) };
}

/** The zone's offset from UTC at `instant`, in minutes. */
export function offsetAt(zone: string, instant: number): number {
	return wallClockAt(zone, instant).offset;
}
