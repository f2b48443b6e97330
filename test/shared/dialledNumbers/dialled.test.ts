/**
 * The number Talkover will dial (nodes/shared/dialledNumbers/dialled.ts): an E.164 number read as libphonenumber
 * reads it, a national prefix written after the calling code taken off. Checked against libphonenumber itself:
 * libphonenumber-js (the tables' source) and Google's libphonenumber (awesome-phonenumber), over the example
 * number of every type of every region, written with and without the region's national prefix.
 */
import type { PhoneNumberTypes } from 'awesome-phonenumber';
import { getExample, getSupportedRegionCodes, parsePhoneNumber as googleParse } from 'awesome-phonenumber';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';

import { dialledNumber } from '../../../nodes/shared/dialledNumbers/dialled';

const { Metadata } = require('libphonenumber-js/core') as { Metadata: new (json: unknown) => { selectNumberingPlan(region: string): void; numberingPlan: { nationalPrefix(): string | undefined } } };
const plans = new Metadata(metadata);

const TYPES: PhoneNumberTypes[] = ['fixed-line', 'mobile', 'fixed-line-or-mobile', 'toll-free', 'premium-rate', 'shared-cost', 'voip', 'personal-number', 'pager', 'uan'];

/** Each region's example number of each type, as written: `+<code><national>` and, where the region has a national prefix, `+<code><prefix><national>`. */
const written: Array<[string, PhoneNumberTypes, string]> = getSupportedRegionCodes().flatMap((region) => {
	plans.selectNumberingPlan(region);
	const prefix = plans.numberingPlan.nationalPrefix();
	return TYPES.flatMap((type) => {
		try {
			const example = getExample(region, type);
			if (!example.valid) return [];
			const code = String(example.countryCode);
			const national = example.number!.significant!;
			return [[region, type, `+${code}${national}`], ...(prefix ? [[region, type, `+${code}${prefix}${national}`]] : [])] as Array<[string, PhoneNumberTypes, string]>;
		} catch {
			return [];
		}
	});
});

test('over 2,000 numbers written both ways, a national prefix taken off in over 800 of them', () => {
	expect(written.length).toBeGreaterThan(2000);
	expect(written.filter(([, , number]) => parsePhoneNumber(number).number !== number).length).toBeGreaterThan(800);
});

test('every one reads as libphonenumber-js reads it, and reading it again changes nothing', () => {
	const differ = written.filter(([, , number]) => dialledNumber(number) !== parsePhoneNumber(number).number || dialledNumber(dialledNumber(number)) !== dialledNumber(number));
	expect(differ).toEqual([]);
});

test("every one reads as Google's libphonenumber reads it, but a Canadian 310 short number written with the 1 (libphonenumber-js's reading, the tables' source)", () => {
	const differ = written.filter(([, , number]) => dialledNumber(number) !== googleParse(number).number?.e164).map(([region, type, number]) => [region, type, number, dialledNumber(number)]);
	expect(differ).toEqual([['CA', 'uan', '+113101234', '+13101234']]);
});

test.each([
	['+4909001234567', '+499001234567', 'a German premium-rate number written with the 0'],
	['+330899123456', '+33899123456', 'a French premium-rate number written with the 0'],
	['+4309001234567', '+439001234567', 'an Austrian one'],
	['+410900123456', '+41900123456', 'a Swiss one'],
	['+440123456', '+440123456', 'a 0 and six digits after +44: no UK number is six digits long, kept as written'],
	['+4402079460958', '+442079460958', 'a London number with the 0'],
	['+62081234567890', '+6281234567890', 'an Indonesian mobile with the 0'],
	['+78005553535', '+78005553535', 'a Russian 8 800 number: the 8 belongs to it'],
	['+788005553535', '+78005553535', 'the same written with the trunk 8'],
	['+390612345678', '+390612345678', 'a Rome number: Italy has no national prefix, the 0 is the number’s'],
	['+49301234567', '+49301234567', 'a Berlin number as it should be written'],
	['+9991234567', '+9991234567', 'a calling code nobody has: as written'],
])('%s is %s (%s)', (number, dialled) => {
	expect(dialledNumber(number)).toBe(dialled);
	if (!number.startsWith('+999')) expect(parsePhoneNumber(number).number).toBe(dialled);
});
