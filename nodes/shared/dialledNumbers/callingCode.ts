import { COUNTRIES } from '../phoneData/countries';

/** Every assigned calling code (libphonenumber's list). */
const ASSIGNED: ReadonlySet<string> = new Set(COUNTRIES.map((country) => country.callingCode));

/**
 * The country calling code at the start of a number's digits (E.164 without +). Calling codes are prefix-free
 * (ITU-T E.164), so at most one assigned code starts the digits; digits that start with none (a code nobody
 * has) are read by the plan's shape: one-digit codes are 1 and 7 and two-digit codes are all assigned, so
 * such a code has three digits.
 */
export function callingCodeOf(digits: string): string {
	for (const length of [1, 2, 3]) {
		if (ASSIGNED.has(digits.slice(0, length))) return digits.slice(0, length);
	}
	return digits.slice(0, 3);
}
