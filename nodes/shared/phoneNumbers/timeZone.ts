import { readPrefixZones } from '../phoneData/readPrefixZones';
import { PREFIX_ZONES, ZONE_SETS } from '../phoneData/timeZones';

/** A number's time zone: known when its prefix has exactly one, else unknown with the candidates (maybe none). */
export type NumberTimeZone = { known: true; zone: string } | { known: false; zone: 'unknown'; candidates: string[] };

let table: Map<string, number> | undefined;
function prefixes(): Map<string, number> {
	table ??= readPrefixZones(PREFIX_ZONES);
	return table;
}

/**
 * The time zone of an E.164 number from libphonenumber's prefix → zone map (the longest prefix of the number in
 * the map applies): one zone (a country with one, a North American area code with one), else "unknown" with the
 * zones the prefix spans.
 */
export function timeZoneOf(e164: string): NumberTimeZone {
	const digits = e164.replace(/^\+/, '');
	const map = prefixes();
	for (let prefix = digits; prefix.length; prefix = prefix.slice(0, -1)) {
		const set = map.get(prefix);
		if (set === undefined) continue;
		const zones = ZONE_SETS[set].split('&');
		return zones.length === 1 ? { known: true, zone: zones[0] } : { known: false, zone: 'unknown', candidates: zones };
	}
	return { known: false, zone: 'unknown', candidates: [] };
}
