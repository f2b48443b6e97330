import { countryOf, patternOf } from './country';
import { dialledNumber } from './dialled';

/** The paid-service number types libphonenumber knows, in the order they are checked. */
export const PAID_SERVICE_TYPES = ['premiumRate', 'sharedCost', 'personalNumber', 'uan'] as const;
export type PaidServiceType = (typeof PAID_SERVICE_TYPES)[number];

/** How a message names each paid-service type. */
export const PAID_SERVICE_NAMES: Record<PaidServiceType, string> = {
	premiumRate: 'premium-rate number',
	sharedCost: 'shared-cost number',
	personalNumber: 'personal (forwarding) number',
	uan: 'universal access number (UAN)',
};

/** The paid-service type of an E.164 number (read as libphonenumber reads it: dialled.ts) in its country's ranges (libphonenumber's), or undefined for none. */
export function paidServiceTypeOf(e164: string): PaidServiceType | undefined {
	const country = countryOf(dialledNumber(e164));
	if (!country) return undefined;
	return PAID_SERVICE_TYPES.find((type) => {
		const pattern = country.record[type];
		return pattern !== undefined && patternOf(pattern).test(country.nationalNumber);
	});
}
