import type { NumberCountry } from '../../shared/dialledNumbers/country';
import { patternOf } from '../../shared/dialledNumbers/country';
import type { PaidServiceType } from '../../shared/dialledNumbers/numberType';
import { PAID_SERVICE_TYPES } from '../../shared/dialledNumbers/numberType';

/**
 * A number that is a paid-service number of its country with digits dialled after it: its first digits
 * are a whole paid-service number (networks often connect a complete number and ignore what follows, the
 * classic way round premium-number blocks). Only a start of at least MIN_DIGITS digits counts: shorter
 * paid-service numbers (Uruguay's 4-digit 21xx access numbers) start ordinary numbers of the same
 * country. The type it starts with, or undefined. A number one digit short of a paid-service number is
 * not one: networks cannot connect it to the longer number (and in some plans it is an ordinary number,
 * Lebanon's 7-digit 9 1xx xxxx lines beside its 8-digit 91 premium range).
 */

export const MIN_DIGITS = 7;

export function paidServiceOverdialled(country: NumberCountry): PaidServiceType | undefined {
	const national = country.nationalNumber;
	for (let length = MIN_DIGITS; length < national.length; length++) {
		const start = national.slice(0, length);
		const type = PAID_SERVICE_TYPES.find((t) => country.record[t] !== undefined && patternOf(country.record[t] as string).test(start));
		if (type) return type;
	}
	return undefined;
}
