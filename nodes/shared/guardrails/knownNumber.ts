import { COUNTRIES } from '../phoneData/countries';
import type { NumberCountry } from '../phoneNumbers/country';
import { patternOf } from '../phoneNumbers/country';

/**
 * Whether a number is a valid number of its calling code, as far as the shipped data tells: the phone data
 * lists every valid national number (libphonenumber's) of the calling codes shared by several countries or
 * spanning several time zones (+1, +7, +44, +61, +52, +55, …), and none of the others (the package ships no
 * full numbering plan). `false`: the data lists the code's numbers and none of its countries has this one
 * (a digit too many or too few, or a range not in use); `undefined`: the data does not tell.
 */

const listed = new Map<string, string[]>();
for (const country of COUNTRIES) {
	const patterns = listed.get(country.callingCode) ?? [];
	patterns.push(country.valid ?? '');
	listed.set(country.callingCode, patterns);
}

export function isKnownNumber(country: NumberCountry): boolean | undefined {
	const patterns = listed.get(country.callingCode) ?? [];
	if (!patterns.length || patterns.some((pattern) => pattern === '')) return undefined;
	return patterns.some((pattern) => patternOf(pattern).test(country.nationalNumber));
}
