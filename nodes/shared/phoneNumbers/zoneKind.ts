import type { NumberCountry } from './country';
import { patternOf } from './country';
import { PAID_SERVICE_TYPES } from './numberType';

/**
 * Where a number's time zones are read from, by the number's type as libphonenumber's PhoneNumberToTimeZonesMapper
 * reads them: `prefix` — the longest prefix of the number in the zone map (fixed lines; mobiles too in Mexico,
 * Argentina, Brazil, Indonesia and China); `country` — the zones of its country (every other type: mobiles
 * elsewhere, toll-free, VoIP, paid-service ranges, ...; libphonenumber gives its calling code's, which are its
 * country's unless several countries share the code); `none` — not a valid number, no zone.
 * The tables carry the types only where the calling code spans several zones; elsewhere every number is read
 * by its prefix (there is one zone set to read).
 */
export type ZoneKind = 'prefix' | 'country' | 'none';

export function zoneKindOf(country: NumberCountry): ZoneKind {
	const { record, nationalNumber } = country;
	if (record.geographic === undefined) return 'prefix';
	if (record.valid === undefined || !patternOf(record.valid).test(nationalNumber)) return 'none';
	// libphonenumber checks these types before the fixed-line one: a number of one of them is not geographic.
	const before = [...PAID_SERVICE_TYPES.map((type) => record[type]), record.nonGeographic];
	if (before.some((pattern) => pattern !== undefined && patternOf(pattern).test(nationalNumber))) return 'country';
	return patternOf(record.geographic).test(nationalNumber) ? 'prefix' : 'country';
}
