import type { NumberCountry } from '../../shared/dialledNumbers/country';
import { countriesOfCode, patternOf } from '../../shared/dialledNumbers/country';

/**
 * Whether a number is a valid number of its calling code, as far as the shipped data tells: the phone data
 * lists every valid national number (libphonenumber's) of the calling codes shared by several countries or
 * spanning several time zones (+1, +7, +44, +61, +52, +55, …), and none of the others (the package ships no
 * full numbering plan). `false`: the data lists the code's numbers and none of its countries has this one
 * (a digit too many or too few, or a range not in use); `undefined`: the data does not tell.
 */

export function isKnownNumber(country: NumberCountry): boolean | undefined {
	const sharers = countriesOfCode(country.callingCode);
	if (!sharers.length || sharers.some(({ valid }) => valid === undefined)) return undefined;
	return sharers.some(({ valid }) => patternOf(valid as string).test(country.nationalNumber));
}
