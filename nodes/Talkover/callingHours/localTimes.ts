import { offsetAt, wallClockAt } from './wallClock';

/**
 * The instants at which a zone's wall clock shows a given local time, and the instants at which the zone's
 * offset changes (summer time starting or ending): the only moments a window of local time can open.
 */

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
