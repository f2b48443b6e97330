import type { CountryRecord } from '../phoneData/types';
import { callingCodeOf } from './callingCode';
import { countriesOfCode, patternOf } from './country';

/**
 * The number Talkover will dial: an E.164 number as libphonenumber reads it. People write the national
 * prefix after the calling code ("+49 0900 1234567", "+44 07700 900123", "+62 0812 …"); libphonenumber, which
 * Talkover's side reads numbers with too, takes it off ("+49 0900 1234567" is the premium-rate number
 * +49 900 1234567), by the rule of libphonenumber-js's extractNationalNumber (Google's
 * maybeStripNationalPrefixAndCarrierCode), over the data of nodes/shared/phoneData:
 *
 * - the calling code's main country has a national prefix for parsing, and it matches the national number's start;
 * - the number left (the prefix taken off, or the groups it matched written by the transform rule) is kept only
 *   when it still matches the country's national-number pattern where the number as written did, and its length is
 *   one the country's numbers have (or longer than all of them): otherwise the digits may be a number of their own.
 *
 * The reading is repeated until nothing changes (a number written with the prefix twice reads as the number a
 * second reading by libphonenumber would find: the number dialled). Every guard judges, and the node sends,
 * the number so read.
 */

/** The country of a calling code whose numbers include `national`, as libphonenumber-js picks it (getCountryByNationalNumber). */
function countryOfNational(candidates: readonly CountryRecord[], national: string): CountryRecord | undefined {
	if (candidates.length === 1) return candidates[0];
	return candidates.find((country) =>
		country.leadingDigits !== undefined ? patternOf(country.leadingDigits, false).test(national) : country.valid !== undefined && patternOf(country.valid).test(national),
	);
}

/** Whether a national number's length is one a country's numbers may have, or longer than all (libphonenumber strips then). */
function lengthAllowsStripping(country: CountryRecord, national: string): boolean {
	const lengths = (country.possibleLengths ?? '').split(',').filter(Boolean).map(Number);
	if (!lengths.length) return true;
	return lengths.includes(national.length) || national.length > lengths[lengths.length - 1];
}

/** The national number once libphonenumber took off a national prefix (once), or the number as it is. */
function withoutNationalPrefix(candidates: readonly CountryRecord[], national: string): string {
	const main = candidates[0];
	if (!main?.nationalPrefixForParsing || !national) return national;
	const prefix = patternOf(main.nationalPrefixForParsing, false);
	const match = prefix.exec(national);
	if (!match) return national;
	const groups = match.length - 1;
	const lastGroupMatched = groups > 0 && match[groups] !== undefined && match[groups] !== '';
	const stripped = main.nationalPrefixTransformRule && lastGroupMatched ? national.replace(prefix, main.nationalPrefixTransformRule) : national.slice(match[0].length);
	if (stripped === national) return national;
	if (main.nationalNumberPattern !== undefined) {
		const general = patternOf(main.nationalNumberPattern);
		if (general.test(national) && !general.test(stripped)) return national;
	}
	const country = countryOfNational(candidates, stripped) ?? main;
	return lengthAllowsStripping(country, stripped) ? stripped : national;
}

/** The E.164 number (`+` and digits) libphonenumber reads `e164` as: its national prefix taken off, where it has one. */
export function dialledNumber(e164: string): string {
	const digits = e164.replace(/^\+/, '');
	const callingCode = callingCodeOf(digits);
	const candidates = countriesOfCode(callingCode);
	if (!candidates.length) return `+${digits}`;
	let national = digits.slice(callingCode.length);
	for (let reading = 0; reading < 5; reading++) {
		const next = withoutNationalPrefix(candidates, national);
		if (next === national) break;
		national = next;
	}
	return `+${callingCode}${national}`;
}
