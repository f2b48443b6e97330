/**
 * The prefix → zone-set table of the generated timeZones.ts (PREFIX_ZONES) as a map from prefix (E.164 digits)
 * to the zone set's position in ZONE_SETS. Each entry: a lowercase letter saying how many leading digits it
 * keeps of the previous prefix (a = 0), the digits that follow, then the zone set's position in base 26 in
 * capitals (A = 0 … Z = 25, BA = 26), left out when it is the previous entry's.
 */
export function readPrefixZones(text: string): Map<string, number> {
	const table = new Map<string, number>();
	let previous = '';
	let set = -1;
	for (const [entry, kept, digits, position] of text.matchAll(/([a-z])(\d*)([A-Z]*)/g)) {
		if (position) set = [...position].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 65, 0);
		if (set < 0) throw new Error(`The phone-number zone table starts without a zone set: ${entry}`);
		previous = previous.slice(0, kept.charCodeAt(0) - 97) + digits;
		table.set(previous, set);
	}
	return table;
}
