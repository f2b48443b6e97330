import type { NumberCountry } from './country';
import { patternOf } from './country';
import { PAID_SERVICE_TYPES } from './numberType';

/**
 * Where a number's time zones are read from, by the number's type as libphonenumber's PhoneNumberToTimeZonesMapper
 * reads them, one step stricter: `prefix` — the longest prefix of the number in the zone map (fixed lines; in
 * Mexico, Argentina, Brazil, Indonesia and China, where libphonenumber reads mobiles by their prefix too, the
 * mobiles whose prefix its geocoding data ties to an area: Brazil's and Mexico's area codes, no Indonesian
 * mobile, whose +62 8 the map says is Jakarta's wherever it is); `country` — the zones of its country (every other type: mobiles
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
