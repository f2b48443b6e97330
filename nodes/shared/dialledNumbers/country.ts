import { COUNTRIES } from '../phoneData/countries';
import type { CountryRecord } from '../phoneData/types';
import { callingCodeOf } from './callingCode';

/** Where a number belongs: its country (ISO "001" for a non-geographic service), calling code and national number. */
export interface NumberCountry {
	record: CountryRecord;
	iso: string;
	name: string;
	callingCode: string;
	nationalNumber: string;
}

const byCode = new Map<string, CountryRecord[]>();
for (const country of COUNTRIES) {
	const list = byCode.get(country.callingCode) ?? [];
	list.push(country);
	byCode.set(country.callingCode, list);
}

/** The countries of a calling code (several where it is shared: +1, +7, +44, ...), or none. */
export function countriesOfCode(callingCode: string): readonly CountryRecord[] {
	return byCode.get(callingCode) ?? [];
}

const compiled = new Map<string, RegExp>();
/** A pattern of the table as a regular expression: whole-number (`^(?:…)$`) or a start (`^(?:…)`). */
export function patternOf(source: string, whole = true): RegExp {
	const key = `${whole ? 'w' : 's'}${source}`;
	let re = compiled.get(key);
	if (!re) {
		re = new RegExp(whole ? `^(?:${source})$` : `^(?:${source})`);
		compiled.set(key, re);
	}
	return re;
}

/**
 * The country of an E.164 number (`+15551234567`), as libphonenumber finds it: the country of its calling code;
 * where several share the code, the first whose own leading digits start the number or whose numbers include
 * it, else the code's main country. Undefined for a calling code nobody has.
 */
export function countryOf(e164: string): NumberCountry | undefined {
	const digits = e164.replace(/^\+/, '');
	const callingCode = callingCodeOf(digits);
	const candidates = byCode.get(callingCode);
	if (!candidates) return undefined;
	const nationalNumber = digits.slice(callingCode.length);
	const record =
		candidates.length === 1
			? candidates[0]
			: (candidates.find(
					(c) =>
						(c.leadingDigits !== undefined && patternOf(c.leadingDigits, false).test(nationalNumber)) ||
						(c.valid !== undefined && patternOf(c.valid).test(nationalNumber)),
				) ?? candidates[0]);
	return { record, iso: record.iso, name: record.name, callingCode, nationalNumber };
}

/**
 * Every country whose numbers include the number (libphonenumber's patterns of its calling code), its own
 * country first. libphonenumber names one country, the first in its order, but several countries may number
 * the same range: Vatican City and Åland use Italian and Finnish mobile numbers, a +1 800 number serves all
 * of North America, a +262 80 number Réunion and Mayotte both. Where no other country's numbers include it,
 * only its own country.
 */
export function countriesItMayBeIn(country: NumberCountry): CountryRecord[] {
	const others = countriesOfCode(country.callingCode).filter(
		(c) => c !== country.record && c.valid !== undefined && patternOf(c.valid).test(country.nationalNumber),
	);
	return [country.record, ...others];
}
