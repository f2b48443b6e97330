import { wallClockAt } from '../callingHours/wallClock';

/**
 * The day of an instant in a time zone, as its wall clock shows it: the first instant of that date and the first
 * of the next. A day starts at midnight, or at the first minute its clock shows when summer time skips midnight
 * (America/Santiago, America/Havana); a day is 23 to 25 hours long.
 */
export interface ZoneDay {
	/** The date as the zone's clock shows it (`2026-11-27`). */
	date: string;
	start: number;
	end: number;
}

const HOUR = 3_600_000;

function dateAt(zone: string, instant: number): string {
	const wall = wallClockAt(zone, instant);
	return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** The first instant (whole second) whose date in `zone` is `instant`'s: found by halving within the 27 hours before it. */
function startOf(zone: string, instant: number): number {
	const date = dateAt(zone, instant);
	let before = Math.floor(instant / 1000) * 1000 - 27 * HOUR;
	let within = Math.floor(instant / 1000) * 1000;
	while (within - before > 1000) {
		const middle = before + Math.floor((within - before) / 2000) * 1000;
		if (dateAt(zone, middle) < date) before = middle;
		else within = middle;
	}
	return within;
}

/** The day of `instant` in `zone` (an IANA name Node knows). */
export function zoneDay(zone: string, instant: number): ZoneDay {
	const start = startOf(zone, instant);
	// A day lasts at most 25 hours: 26 hours after its start is within the next day.
	return { date: dateAt(zone, instant), start, end: startOf(zone, start + 26 * HOUR) };
}
