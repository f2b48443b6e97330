import type { Weekday } from './rule';

/**
 * A zone's wall clock at an instant: what it shows (read with Intl.DateTimeFormat, Node's ICU time zone data: no
 * table kept by hand), the instants it shows a local time at, and when its offset changes. Pure arithmetic of
 * instants and zones: the Calling Hours rules are in ./allowed.ts, the decision in ./decision.ts.
 */

/** What the clock on the wall shows in a time zone at an instant. */
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

/**
 * An instant as the lead's wall clock shows it in ISO 8601, with the zone's offset:
 * `2026-03-09T08:00:00-04:00` (whole seconds; an offset of zero is written +00:00).
 */
export function isoInZone(zone: string, instant: number): string {
	const wall = wallClockAt(zone, instant);
	const two = (n: number) => String(n).padStart(2, '0');
	const sign = wall.offset < 0 ? '-' : '+';
	const offset = Math.abs(wall.offset);
	const year = String(wall.year).padStart(4, '0');
	return `${year}-${two(wall.month)}-${two(wall.day)}T${two(wall.hour)}:${two(wall.minute)}:${two(wall.second)}${sign}${two(Math.floor(offset / 60))}:${two(offset % 60)}`;
}

// The instants at which a zone's wall clock shows a given local time, and the instants at which the zone's
// offset changes (summer time starting or ending): the only moments a window of local time can open.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A calendar date and a time of day in minutes (0–1439), as on the lead's wall. */
export interface LocalTime {
	year: number;
	month: number;
	day: number;
	minutes: number;
}

/**
 * Every instant at which the wall clock of `zone` shows `local` exactly: one on most days, two in the
 * hour repeated when summer time ends, none in the hour skipped when it starts. Earliest first.
 */
export function instantsOf(zone: string, local: LocalTime): number[] {
	const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes);
	const offsets = new Set([offsetAt(zone, asUtc - DAY), offsetAt(zone, asUtc), offsetAt(zone, asUtc + DAY)]);
	const found = new Set<number>();
	for (const offset of offsets) {
		const instant = asUtc - offset * 60_000;
		const wall = wallClockAt(zone, instant);
		if (wall.year === local.year && wall.month === local.month && wall.day === local.day && wall.hour * 60 + wall.minute === local.minutes) {
			found.add(instant);
		}
	}
	return [...found].sort((a, b) => a - b);
}

/**
 * The instants in [from, to) at which the offset of `zone` changes, each the first millisecond of the new
 * offset. Sampled every 6 hours, then found exactly by halving: zones change their offset at most once in
 * 6 hours.
 */
export function offsetChanges(zone: string, from: number, to: number): number[] {
	const changes: number[] = [];
	let start = from;
	let startOffset = offsetAt(zone, start);
	while (start < to) {
		const end = Math.min(start + 6 * HOUR, to);
		const endOffset = offsetAt(zone, end);
		if (endOffset !== startOffset) {
			// The offset at `low` is the old one, at `high` the new one.
			let low = start;
			let high = end;
			while (high - low > 1) {
				const middle = Math.floor((low + high) / 2);
				if (offsetAt(zone, middle) === startOffset) low = middle;
				else high = middle;
			}
			if (high < to) changes.push(high);
		}
		start = end;
		startOffset = endOffset;
	}
	return changes;
}

/**
 * Whether every zone shows the same UTC offset at `instant` (ms since the epoch). Several time zones a number
 * may be in (a UK mobile: London, Guernsey, Isle of Man) count as one when they do at the instant asked (Node's
 * own zone data, read when the call is decided, never baked into the tables); a call is then placed only at an
 * instant the hours allow in every one of them (./allowed.ts's nextAllowedInEvery).
 */
export function sameOffsetAt(zones: readonly string[], instant: number): boolean {
	const first = wallClockAt(zones[0], instant).offset;
	return zones.every((zone) => wallClockAt(zone, instant).offset === first);
}
