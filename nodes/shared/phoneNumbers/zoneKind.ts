import type { NumberCountry } from './country';
import { patternOf } from './country';
import { PAID_SERVICE_TYPES } from './numberType';

/**
 * Where libphonenumber reads a number's time zones from (its PhoneNumberToTimeZonesMapper), by the number's
 * type: `prefix` — the longest prefix of the number in the zone map (fixed lines; mobiles too in Mexico,
 * Argentina, Brazil, Indonesia and China); `callingCode` — the zones of its calling code (every other type:
 * mobiles elsewhere, toll-free, VoIP, paid-service ranges, ...); `none` — not a valid number, no zone.
 * The tables carry the types only where the calling code spans several zones; elsewhere every number is read
 * by its prefix (there is one zone set to read).
 */
export type ZoneKind = 'prefix' | 'callingCode' | 'none';

export function zoneKindOf(country: NumberCountry): ZoneKind {
	const { record, nationalNumber } = country;
	if (record.geographic === undefined) return 'prefix';
	if (record.valid === undefined || !patternOf(record.valid).test(nationalNumber)) return 'none';
	// libphonenumber checks these types before the fixed-line one: a number of one of them is not geographic.
	const before = [...PAID_SERVICE_TYPES.map((type) => record[type]), record.nonGeographic];
	if (before.some((pattern) => pattern !== undefined && patternOf(pattern).test(nationalNumber))) return 'callingCode';
	return patternOf(record.geographic).test(nationalNumber) ? 'prefix' : 'callingCode';
}
