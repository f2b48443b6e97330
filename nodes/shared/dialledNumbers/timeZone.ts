import { readPrefixZones } from '../phoneData/readPrefixZones';
import { COUNTRY_ZONES, PREFIX_ZONES, ZONE_SETS } from '../phoneData/timeZones';
import type { NumberCountry } from './country';
import { countriesItMayBeIn, countryOf } from './country';
import { dialledNumber } from './dialled';
import { zoneKindOf } from './zoneKind';

/**
 * A number's time zone: known when libphonenumber gives it exactly one, else unknown with the candidates
 * (maybe none), the zone the table names most often first (London before Guernsey and Isle of Man).
 */
export type NumberTimeZone = { known: true; zone: string } | { known: false; zone: 'unknown'; candidates: string[] };

let table: Map<string, number> | undefined;
function prefixes(): Map<string, number> {
	table ??= readPrefixZones(PREFIX_ZONES);
	return table;
}

let uses: Map<string, number> | undefined;
/** How many prefixes of the table name each zone (alone or with others). */
function zoneUses(): Map<string, number> {
	if (!uses) {
		uses = new Map();
		for (const set of prefixes().values()) for (const zone of ZONE_SETS[set].split('&')) uses.set(zone, (uses.get(zone) ?? 0) + 1);
	}
	return uses;
}

/** The zone set of the longest prefix of `digits` (E.164 digits) in the map, whatever the number's type; or undefined. */
export function zonesOfPrefix(digits: string): string[] | undefined {
	const map = prefixes();
	for (let prefix = digits; prefix.length; prefix = prefix.slice(0, -1)) {
		const set = map.get(prefix);
		if (set !== undefined) return ZONE_SETS[set].split('&');
	}
	return undefined;
}

let countries: Map<string, string[]> | undefined;
/**
 * The zones of the country of a number not tied to a place. Where several countries share its calling code,
 * a country's zones are those of the map's prefixes only its numbers can start with (the tables list them
 * where they are not the calling code's), and a number several countries' numbers include (a +262 80 number:
 * Réunion or Mayotte) has the zones of every one of them; else its calling code's zones.
 */
export function zonesOfCountry(country: NumberCountry): string[] | undefined {
	countries ??= new Map(COUNTRY_ZONES.split(',').map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1).split('&')]));
	const zones = new Set<string>();
	for (const { iso } of countriesItMayBeIn(country)) {
		const own = countries.get(iso);
		if (!own) return zonesOfPrefix(country.callingCode);
		for (const zone of own) zones.add(zone);
	}
	return [...zones];
}

/**
 * The time zone of an E.164 number by libphonenumber's own rule (time_zones_for_number), one step finer: an
 * invalid number has none; a geographic number (a fixed line; a mobile where mobiles are tied to a place and
 * libphonenumber's geocoding ties its prefix to an area: not an Indonesian mobile) has
 * the zones of its longest prefix in the map; any other number (a mobile, toll-free or VoIP number, ...) has
 * its country's zones, wherever its prefix points (of every country whose numbers include it). libphonenumber
 * gives those their calling code's zones; where several countries share the code, the country's are some of
 * them (a Jamaican mobile: America/Jamaica, not the 42 zones of +1). One zone: known; several: unknown with
 * the candidates. The number is read as libphonenumber reads it (a national prefix after the calling code
 * taken off: dialled.ts).
 */
export function timeZoneOf(written: string): NumberTimeZone {
	const e164 = dialledNumber(written);
	const digits = e164.replace(/^\+/, '');
	const country = countryOf(e164);
	const kind = country ? zoneKindOf(country) : 'prefix';
	const zones = kind === 'none' ? undefined : kind === 'country' && country ? zonesOfCountry(country) : zonesOfPrefix(digits);
	if (!zones) return { known: false, zone: 'unknown', candidates: [] };
	if (zones.length === 1) return { known: true, zone: zones[0] };
	const count = zoneUses();
	const candidates = [...zones].sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || a.localeCompare(b));
	return { known: false, zone: 'unknown', candidates };
}
