/** A number's country (ISO code, English name, calling code) from the shipped libphonenumber tables (nodes/shared/dialledNumbers/country.ts). */
import type { CountryCode } from 'libphonenumber-js/max';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';

import { COUNTRIES } from '../../../nodes/shared/phoneData/countries';
import { callingCodeOf } from '../../../nodes/shared/dialledNumbers/callingCode';
import { countryOf } from '../../../nodes/shared/dialledNumbers/country';

/** libphonenumber's example number of every country it knows, each as E.164. */
const everyCountry = getCountries().map((iso) => [iso, getExampleNumber(iso, examples)!.number] as [CountryCode, string]);

test('libphonenumber has an example number for each of its countries (more than 240)', () => {
	expect(everyCountry.length).toBeGreaterThan(240);
	expect(everyCountry.every(([, number]) => /^\+[1-9]\d{6,14}$/.test(number))).toBe(true);
});

test.each(everyCountry)('%s: its example number %s is found where libphonenumber finds it, with the calling code and English name', (iso, number) => {
	const country = countryOf(number);
	// A territory whose mobile numbers are its main country's (Vatican City's are Italy's) is found in the main country, as libphonenumber does.
	const found = parsePhoneNumber(number).country!;
	expect(country).toMatchObject({ iso: found, callingCode: getCountryCallingCode(iso) });
	expect(country!.name).toBe(new Intl.DisplayNames(['en'], { type: 'region' }).of(found));
	expect(`+${country!.callingCode}${country!.nationalNumber}`).toBe(number);
});

test('the example numbers found in another country than their own are of territories sharing their main country’s mobile ranges', () => {
	const elsewhere = everyCountry.filter(([iso, number]) => countryOf(number)?.iso !== iso).map(([iso, number]) => `${iso}→${countryOf(number)?.iso}`);
	expect(elsewhere.length).toBeLessThan(15);
	for (const pair of elsewhere) expect(pair).toMatch(/^(AX|BL|BQ|CC|CX|EH|GG|IM|JE|MF|SJ|TA|VA|YT)→(FI|GP|CW|AU|MA|GB|NO|SH|IT|RE)$/);
});

test('the shipped countries are libphonenumber’s, each once, and the non-geographic services (+800, +979, …) as "001"', () => {
	const geographic = COUNTRIES.filter((c) => c.iso !== '001').map((c) => c.iso);
	expect([...geographic].sort()).toEqual([...getCountries()].sort());
	expect(new Set(geographic).size).toBe(geographic.length);
	expect(COUNTRIES.filter((c) => c.iso === '001').map((c) => c.callingCode)).toEqual(['800', '808', '870', '878', '881', '882', '883', '888', '979']);
});

describe('countries sharing a calling code are told apart as libphonenumber does', () => {
	test.each([
		['+12125550123', 'US', 'United States'],
		['+16135550123', 'CA', 'Canada'],
		['+17097270123', 'CA', 'Canada'],
		['+12685550123', 'AG', 'Antigua & Barbuda'],
		['+18095550123', 'DO', 'Dominican Republic'],
		['+74951234567', 'RU', 'Russia'],
		['+77012345678', 'KZ', 'Kazakhstan'],
		['+441481256789', 'GG', 'Guernsey'],
		['+442079460958', 'GB', 'United Kingdom'],
		['+390669812345', 'VA', 'Vatican City'],
		['+390612345678', 'IT', 'Italy'],
	])('%s is in %s (%s)', (number, iso, name) => {
		expect(countryOf(number)).toMatchObject({ iso, name });
		expect(parsePhoneNumber(number).country).toBe(iso);
	});

	test('a toll-free 800 number, valid in every North American country, is the main country’s (US)', () => {
		expect(countryOf('+18005550123')?.iso).toBe('US');
	});
});

test('a non-geographic service (+800 freephone, +979 premium) is ISO "001", named as such', () => {
	expect(countryOf('+80012345678')).toMatchObject({ iso: '001', name: 'International (non-geographic)', callingCode: '800' });
	expect(countryOf('+979123456789')).toMatchObject({ iso: '001', callingCode: '979' });
});

test('a calling code nobody has is no country', () => {
	expect(countryOf('+2901234')).toMatchObject({ iso: 'SH' });
	expect(countryOf('+9991234567')).toBeUndefined();
	expect(countryOf('+8091234567')).toBeUndefined();
});

describe('callingCodeOf: where the calling code ends', () => {
	test.each([
		['15551234567', '1'],
		['74951234567', '7'],
		['442079460958', '44'],
		['3531234567', '353'],
		['2125551234', '212'],
		['80012345678', '800'],
		// Not assigned: one-digit codes are 1 and 7, two-digit ones are all assigned, so three digits.
		['9991234567', '999'],
		['2101234567', '210'],
	])('%s → %s', (digits, code) => {
		expect(callingCodeOf(digits)).toBe(code);
	});
});

test('every shipped country carries libphonenumber’s own paid-service ranges and, where a calling code is shared, its own leading digits', () => {
	const metadata = require('libphonenumber-js/metadata.max.json');
	const { Metadata } = require('libphonenumber-js/core') as { Metadata: new (m: unknown) => { selectNumberingPlan(s: string): void; numberingPlan: { leadingDigits(): string | undefined; type(t: string): { pattern(): string } | undefined } } };
	const plans = new Metadata(metadata);
	const types = { premiumRate: 'PREMIUM_RATE', sharedCost: 'SHARED_COST', personalNumber: 'PERSONAL_NUMBER', uan: 'UAN' } as const;
	for (const record of COUNTRIES) {
		plans.selectNumberingPlan(record.iso === '001' ? record.callingCode : record.iso);
		const plan = plans.numberingPlan;
		for (const [key, type] of Object.entries(types)) expect([record.iso, key, record[key as keyof typeof types]]).toEqual([record.iso, key, plan.type(type)?.pattern()]);
		if (record.valid !== undefined) expect([record.iso, record.leadingDigits]).toEqual([record.iso, plan.leadingDigits() || undefined]);
	}
});
