import { wallClockAt } from './wallClock';

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
