/**
 * Calling Hours as the code uses them, once read and checked (see read.ts): the days of the week and the
 * window of the day, both in the lead's local time.
 */

/** The days of the week, in the order the lead's calendar gives them (Intl's short English names). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export type Weekday = (typeof WEEKDAYS)[number];

/** Each day's name as the editor and the skip reasons show it. */
export const DAY_NAMES: Record<Weekday, string> = {
	monday: 'Monday',
	tuesday: 'Tuesday',
	wednesday: 'Wednesday',
	thursday: 'Thursday',
	friday: 'Friday',
	saturday: 'Saturday',
	sunday: 'Sunday',
};

export interface CallingHoursRule {
	/** The days calls are allowed on (at least one). */
	days: readonly Weekday[];
	/** The first allowed minute of the day, in minutes after local midnight (09:00 → 540): allowed. */
	from: number;
	/** The end of the window, in minutes after local midnight (17:00 → 1020, 24:00 → 1440): not allowed. */
	to: number;
}
