/**
 * The wall clock of a lead in a fixed-offset zone, for tests of a real n8n that runs on the real clock: the
 * Etc/GMT±N zone where it is a given hour now, and an instant as that zone's wall clock shows it.
 */
export const HOUR = 3_600_000;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The UTC offset in hours (−12 … +14, the range of Etc/GMT zones) at which it is `hour` o'clock at `instant`. */
export function offsetWhereItIs(hour: number, instant: number): number {
	let offset = hour - new Date(instant).getUTCHours();
	if (offset < -12) offset += 24;
	if (offset > 14) offset -= 24;
	return offset;
}

/** The IANA name of a fixed UTC offset: Etc/GMT+5 is UTC−5 (POSIX's sign, the reverse of ISO's). */
export function etcZone(offset: number): string {
	return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** An instant as the wall clock at a fixed offset shows it: day name, date, HH:MM, and the offset as ISO writes it. */
export function wallAt(offset: number, instant: number): { day: string; date: string; hhmm: string; iso: string } {
	const shifted = new Date(instant + offset * HOUR);
	const two = (n: number) => String(n).padStart(2, '0');
	return {
		day: DAYS[shifted.getUTCDay()],
		date: shifted.toISOString().slice(0, 10),
		hhmm: `${two(shifted.getUTCHours())}:${two(shifted.getUTCMinutes())}`,
		iso: `${offset < 0 ? '-' : '+'}${two(Math.abs(offset))}:00`,
	};
}
