/**
 * Allowed Destinations (nodes/Talkover/guardrails/destinations*.ts, readDestinations.ts): the countries a
 * workflow may call, by name with their calling codes, and the paid-service numbers refused by default.
 * The numbers come from libphonenumber itself: libphonenumber-js's example number of every country it
 * knows, and Google's libphonenumber (awesome-phonenumber) example numbers of every paid-service type.
 */
import type { PhoneNumberTypes } from 'awesome-phonenumber';
import { getExample, getSupportedRegionCodes } from 'awesome-phonenumber';
import { getCountries, getExampleNumber, parsePhoneNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { NodeOperationError } from 'n8n-workflow';

import { COUNTRIES } from '../../../nodes/shared/phoneData/countries';
import { countryOf } from '../../../nodes/shared/dialledNumbers/country';
import { dialledNumber } from '../../../nodes/shared/dialledNumbers/dialled';
import type { PaidServiceType } from '../../../nodes/shared/dialledNumbers/numberType';
import { paidServiceTypeOf } from '../../../nodes/shared/dialledNumbers/numberType';
import { checkDestination, destinationRefusal } from '../../../nodes/Talkover/guardrails/destinations';
import { allowedDestinationsOption, DESTINATION_OPTIONS, destinationValue } from '../../../nodes/Talkover/guardrails/destinationDescription';
import type { AllowedDestinations } from '../../../nodes/Talkover/guardrails/readDestinations';
import { readAllowedDestinations } from '../../../nodes/Talkover/guardrails/readDestinations';
import { ctx } from '../../helpers/context';

const only = (...countries: string[]): AllowedDestinations => ({ countries, allowPaidServices: false });

/** The error an item gets, or undefined when the number may be called. */
function refusedWith(e164: string, allowed: AllowedDestinations | undefined, itemIndex = 4): NodeOperationError | undefined {
	try {
		checkDestination(ctx, itemIndex, e164, allowed);
		return undefined;
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
}

describe('the option lists every shipped country and service by name, with its calling code', () => {
	test('one entry per country of the phone data (and per non-geographic service, by its code), sorted by name', () => {
		expect(DESTINATION_OPTIONS).toHaveLength(COUNTRIES.length);
		expect(DESTINATION_OPTIONS.map((o) => o.value).sort()).toEqual(COUNTRIES.map(destinationValue).sort());
		expect(new Set(DESTINATION_OPTIONS.map((o) => o.value)).size).toBe(COUNTRIES.length);
		const names = DESTINATION_OPTIONS.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
		for (const record of COUNTRIES) expect(DESTINATION_OPTIONS).toContainEqual({ name: `${record.name} (+${record.callingCode})`, value: destinationValue(record) });
	});

	test.each([
		['DE', 'Germany (+49)'],
		['US', 'United States (+1)'],
		['JM', 'Jamaica (+1)'],
		['KZ', 'Kazakhstan (+7)'],
		['+800', 'International (non-geographic) (+800)'],
		['+979', 'International (non-geographic) (+979)'],
	])('%s is shown as %s', (value, name) => {
		expect(DESTINATION_OPTIONS.find((o) => o.value === value)?.name).toBe(name);
	});

	test('an option of its own (a group of the Countries list and the paid-service switch, off by default)', () => {
		expect(allowedDestinationsOption).toMatchObject({ name: 'allowedDestinations', type: 'fixedCollection', default: {} });
		const [group] = allowedDestinationsOption.options as Array<{ name: string; values: Array<{ name: string; type: string; default: unknown }> }>;
		expect(group.name).toBe('destinations');
		expect(group.values.map((p) => [p.name, p.type, p.default])).toEqual([
			['countries', 'multiOptions', []],
			['allowPaidServices', 'boolean', false],
		]);
		expect(group.values[0]).toMatchObject({ description: expect.stringContaining('None chosen: every country may be called') });
	});
});

/** libphonenumber-js's example (mobile) number of every country it knows. */
const everyCountry = getCountries().map((iso) => [iso, getExampleNumber(iso, examples)!.number] as [string, string]);

describe('a number of every shipped country', () => {
	test('more than 240 countries, each number found in the shipped data', () => {
		expect(everyCountry.length).toBeGreaterThan(240);
		for (const [, number] of everyCountry) expect(countryOf(number)).toBeDefined();
	});

	test.each(everyCountry)('%s (%s): allowed when its country is listed, refused naming its country when another one is', (_iso, number) => {
		// The country the number belongs to, as libphonenumber finds it (Vatican City's mobile numbers are Italy's).
		const country = countryOf(number)!;
		expect(country.iso).toBe(parsePhoneNumber(number).country);
		const own = destinationValue(country.record);
		expect(refusedWith(number, only(own))).toBeUndefined();
		expect(refusedWith(number, only('FR', own))).toBeUndefined();
		const other = own === 'DE' ? 'FR' : 'DE';
		const error = refusedWith(number, only(other));
		const otherName = other === 'DE' ? 'Germany (+49)' : 'France (+33)';
		expect(error?.message).toBe(
			`Allowed Destinations (item 4): ${number} is a number of ${country.name} (+${country.callingCode}), which is not one of the allowed destinations (${otherName}); to call it, add ${country.name} to Allowed Destinations`,
		);
		expect(error?.description).toBe('Check the "Allowed Destinations" field (parameter "allowedDestinations") for item 4. Nothing was sent to Talkover for this item.');
	});
});

describe('countries sharing a calling code are told apart: allowing one does not allow the others', () => {
	test.each([
		['+18765550123', 'US', 'Jamaica (+1)'],
		['+12685550123', 'US', 'Antigua & Barbuda (+1)'],
		['+16135550123', 'US', 'Canada (+1)'],
		['+77012345678', 'RU', 'Kazakhstan (+7)'],
		['+441481256789', 'GB', 'Guernsey (+44)'],
	])('%s is refused when only %s is allowed: it is %s', (number, allowed, name) => {
		expect(refusedWith(number, only(allowed))?.message).toContain(`is a number of ${name}, which is not one of the allowed destinations`);
	});

	test('the allowed destinations are listed by name, five at most', () => {
		expect(refusedWith('+33123456789', only('DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'IT'))?.message).toContain(
			'(Germany (+49), Austria (+43), Switzerland (+41), Netherlands (+31), Belgium (+32) and 2 more)',
		);
		expect(refusedWith('+33123456789', only('DE', 'AT', 'CH', 'NL', 'BE'))?.message).toContain(
			'(Germany (+49), Austria (+43), Switzerland (+41), Netherlands (+31), Belgium (+32)); to call it',
		);
	});
});

/** libphonenumber's own types for the paid-service types of the shipped data. */
const LIBPHONENUMBER_TYPE: Record<PaidServiceType, PhoneNumberTypes> = { premiumRate: 'premium-rate', sharedCost: 'shared-cost', personalNumber: 'personal-number', uan: 'uan' };
const PAID_NAMES: Record<PaidServiceType, string> = { premiumRate: 'a premium-rate number', sharedCost: 'a shared-cost number', personalNumber: 'a personal (forwarding) number', uan: 'a universal access number (UAN)' };

/** Google's libphonenumber example number of each paid-service type of each region that has one. */
const paidExamples: Array<[string, PaidServiceType, string]> = getSupportedRegionCodes().flatMap((region) =>
	(Object.keys(LIBPHONENUMBER_TYPE) as PaidServiceType[]).flatMap((type) => {
		try {
			const example = getExample(region, LIBPHONENUMBER_TYPE[type]);
			return example.valid ? [[region, type, example.number.e164] as [string, PaidServiceType, string]] : [];
		} catch {
			return []; // no example of that type in that region
		}
	}),
);

describe('premium-rate and other paid-service numbers of the allowed countries are refused unless allowed', () => {
	test('libphonenumber has such examples in many regions, premium-rate ones among them', () => {
		expect(paidExamples.length).toBeGreaterThan(250);
		expect(paidExamples.filter(([, type]) => type === 'premiumRate').length).toBeGreaterThan(140);
	});

	test.each(paidExamples)('%s %s: %s', (_region, type, number) => {
		expect(paidServiceTypeOf(number)).toBe(type);
		const country = countryOf(number)!;
		const own = destinationValue(country.record);
		expect(refusedWith(number, only(own))?.message).toBe(
			`Allowed Destinations (item 4): ${number} is ${PAID_NAMES[type]} of ${country.name} (+${country.callingCode}); Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on`,
		);
		// With no country chosen every country is allowed, but not its paid services.
		expect(refusedWith(number, only())?.message).toContain(`is ${PAID_NAMES[type]} of`);
		expect(refusedWith(number, { countries: [own], allowPaidServices: true })).toBeUndefined();
		expect(refusedWith(number, { countries: [], allowPaidServices: true })).toBeUndefined();
	});

	test('a paid-service number of a country not listed is refused for its country first', () => {
		expect(refusedWith('+499001234567', only('AT'))?.message).toContain('is a number of Germany (+49), which is not one of the allowed destinations');
	});
});

const { Metadata } = require('libphonenumber-js/core') as { Metadata: new (json: unknown) => { selectNumberingPlan(region: string): void; numberingPlan: { nationalPrefix(): string | undefined } } };
const plans = new Metadata(require('libphonenumber-js/metadata.max.json'));
/** A region's national prefix ("0" in Germany, "8" in Russia), or undefined where it has none. */
function nationalPrefixOf(region: string): string | undefined {
	plans.selectNumberingPlan(region);
	return plans.numberingPlan.nationalPrefix() || undefined;
}
/** An E.164 number written with its region's national prefix after the calling code: +49 900 … as +49 0900 …. */
function withNationalPrefix(region: string, e164: string): string {
	const code = countryOf(e164)!.callingCode;
	return `+${code}${nationalPrefixOf(region)}${e164.slice(1 + code.length)}`;
}

describe('a paid-service number written with the national prefix after the calling code is the paid-service number Talkover dials, and is refused', () => {
	const written = paidExamples.filter(([region]) => nationalPrefixOf(region) !== undefined).map(([region, type, number]) => [region, type, withNationalPrefix(region, number), number] as const);

	test("libphonenumber's example numbers of over 150 regions' paid services, over 100 premium-rate ones, written that way (as +49 0900 …, +33 0899 …, +43 0900 …, +41 0900 …)", () => {
		expect(written.length).toBeGreaterThan(150);
		expect(written.filter(([, type]) => type === 'premiumRate').length).toBeGreaterThan(100);
		for (const region of ['DE', 'FR', 'AT', 'CH', 'GB']) expect(written.some(([r, type]) => r === region && type === 'premiumRate')).toBe(true);
		// libphonenumber reads each as the paid-service number itself.
		for (const [, , number, e164] of written) expect([number, parsePhoneNumber(number).number]).toEqual([number, e164]);
	});

	test.each(written)('%s %s: %s is refused as %s, with no country chosen and with its own, unless paid services are allowed', (_region, type, number, e164) => {
		const country = countryOf(e164)!;
		const own = destinationValue(country.record);
		const message = `Allowed Destinations (item 4): ${e164} is ${PAID_NAMES[type]} of ${country.name} (+${country.callingCode}); Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on`;
		expect(refusedWith(number, only(own))?.message).toBe(message);
		expect(refusedWith(number, only())?.message).toBe(message);
		expect(paidServiceTypeOf(number)).toBe(type);
		expect(refusedWith(number, { countries: [own], allowPaidServices: true })).toBeUndefined();
	});

	test("Google's example fixed-line and mobile numbers of every region with a national prefix, written with it, are not refused", () => {
		let checked = 0;
		const refused = getSupportedRegionCodes().flatMap((region) =>
			(['fixed-line', 'mobile', 'fixed-line-or-mobile'] as PhoneNumberTypes[]).flatMap((type) => {
				try {
					const example = getExample(region, type);
					if (!example.valid || example.type !== type || nationalPrefixOf(region) === undefined) return [];
					checked++;
					const refusal = destinationRefusal(withNationalPrefix(region, example.number.e164), { countries: [], allowPaidServices: false });
					return refusal ? [`${region} ${type}: ${refusal}`] : [];
				} catch {
					return [];
				}
			}),
		);
		expect(checked).toBeGreaterThan(250);
		expect(refused).toEqual([]);
	});
});

describe('international services are destinations of their own', () => {
	test.each([
		['+80012345678', '+800', undefined],
		['+979123456789', '+979', 'premium-rate'],
	])('%s is allowed only when %s is listed (paid services aside)', (number, value, paid) => {
		expect(parsePhoneNumber(number).isValid()).toBe(true);
		expect(refusedWith(number, only('US'))?.message).toContain(`is a number of International (non-geographic) (${value})`);
		expect(refusedWith(number, { countries: [value], allowPaidServices: true })).toBeUndefined();
		expect(refusedWith(number, only(value))?.message).toEqual(paid === undefined ? undefined : expect.stringContaining(`is a ${paid} number`));
	});
});

describe('numbers of international networks (satellite phones, global mobile and VoIP networks) are refused like paid-service numbers', () => {
	// Example numbers of libphonenumber-js's own metadata (Inmarsat, Iridium/Globalstar, global mobile networks, UPT/VoIP).
	test.each(['+870301234567', '+881612345678', '+8821612345', '+88310012345', '+878101234567890'])('%s: refused with no country chosen, and when another country is', (number) => {
		expect(parsePhoneNumber(number).isValid()).toBe(true);
		const code = countryOf(number)!.callingCode;
		expect(refusedWith(number, only())?.message).toBe(
			`Allowed Destinations (item 4): ${number} is a number of an international network (International (non-geographic) (+${code}): satellite phones, global mobile and VoIP networks, charged like paid-service numbers); Allowed Destinations refuses such numbers, like premium-rate and other paid-service numbers, unless Allow Premium-Rate and Other Paid-Service Numbers is on or +${code} is one of its Countries`,
		);
		expect(refusedWith(number, only('US'))?.message).toContain('which is not one of the allowed destinations');
	});

	test('allowed when the paid-service switch is on, or when the network is chosen by name', () => {
		expect(refusedWith('+881612345678', { countries: [], allowPaidServices: true })).toBeUndefined();
		expect(refusedWith('+881612345678', only('+881'))).toBeUndefined();
		expect(refusedWith('+870301234567', only('+881'))?.message).toContain('which is not one of the allowed destinations');
	});

	test('toll-free +800 stays allowed; shared-cost +808 and premium-rate +979 stay refused as paid-service numbers', () => {
		expect(refusedWith('+80012345678', only())).toBeUndefined();
		expect(refusedWith('+80812345678', only())?.message).toContain('is a shared-cost number of International (non-geographic) (+808)');
		expect(refusedWith('+979123456789', only())?.message).toContain('is a premium-rate number of International (non-geographic) (+979)');
	});
});

test('a number whose calling code nobody has is refused when the option is set, whatever it allows', () => {
	expect(destinationRefusal('+9991234567', { countries: [], allowPaidServices: true })).toBe('+9991234567 has the calling code +999, which belongs to no country, so it is not an allowed destination');
});

test('without the option every number may be called, paid services included', () => {
	expect(refusedWith('+499001234567', undefined)).toBeUndefined();
	expect(refusedWith('+9991234567', undefined)).toBeUndefined();
});

describe('the option read before any request', () => {
	const read = (value: unknown) => readAllowedDestinations(ctx, 2, value);
	const refused = (value: unknown) => {
		try {
			read(value);
		} catch (error) {
			expect(error).toBeInstanceOf(NodeOperationError);
			return (error as NodeOperationError).message;
		}
		throw new Error('accepted');
	};

	test('not set: no value, or the empty collection', () => {
		expect(read(undefined)).toBeUndefined();
		expect(read({})).toBeUndefined();
		expect(read('DE')).toBeUndefined();
	});

	test('an expression that gives nothing is read as not set: the option, or its group, null', () => {
		expect(read(null)).toBeUndefined();
		expect(read({ destinations: null })).toBeUndefined();
		expect(read({ destinations: 'DE' })).toBeUndefined();
	});

	test('Countries from an expression that gives nothing (null, an empty text) allow every country', () => {
		expect(read({ destinations: { countries: null } })).toEqual({ countries: [], allowPaidServices: false });
		expect(read({ destinations: { countries: '' } })).toEqual({ countries: [], allowPaidServices: false });
	});

	test('set: the group as the node holds it, its fields at their defaults when left out', () => {
		expect(read({ destinations: {} })).toEqual({ countries: [], allowPaidServices: false });
		expect(read({ destinations: { countries: ['DE', 'AT', 'DE'], allowPaidServices: true } })).toEqual({ countries: ['DE', 'AT'], allowPaidServices: true });
		expect(read({ countries: ['+800'] })).toEqual({ countries: ['+800'], allowPaidServices: false });
	});

	test('from an expression: a list, or a text of codes in any case separated by commas or spaces', () => {
		expect(read({ destinations: { countries: 'de, at;ch  us' } })?.countries).toEqual(['DE', 'AT', 'CH', 'US']);
		expect(read({ destinations: { countries: ['gb'], allowPaidServices: 'false' } })).toEqual({ countries: ['GB'], allowPaidServices: false });
	});

	test('from an expression: a separator at either end of the text, or spaces around a code of a list, are ignored', () => {
		expect(read({ destinations: { countries: ', de, at,' } })?.countries).toEqual(['DE', 'AT']);
		expect(read({ destinations: { countries: [' de ', 'AT\n'] } })?.countries).toEqual(['DE', 'AT']);
	});

	test('a value that is not a destination of the list, or a switch that is not true or false, names the field, the value and the item', () => {
		expect(refused({ destinations: { countries: ['DE', 'Germany'] } })).toBe(
			'Allowed Destinations › Countries (item 2): "Germany" is not a country of the list; use ISO codes such as "DE" or "US" (or "+800" for an international service)',
		);
		expect(refused({ destinations: { countries: [49] } })).toMatch(/^Allowed Destinations › Countries \(item 2\): 49 is not a country of the list/);
		expect(refused({ destinations: { countries: 49 } })).toMatch(/^Allowed Destinations › Countries \(item 2\): 49 is not a country of the list/);
		expect(refused({ destinations: { countries: ['001'] } })).toMatch(/"001" is not a country of the list/);
		expect(refused({ destinations: { allowPaidServices: 'perhaps' } })).toBe('Allowed Destinations › Allow Premium-Rate and Other Paid-Service Numbers (item 2): "perhaps" is not true or false');
	});
});

describe('a paid-service number with digits dialled after it is refused like the paid-service number (networks often connect it and ignore the rest)', () => {
	const longEnough = paidExamples.filter(([, , number]) => number.length - 1 - countryOf(number)!.callingCode.length >= 7);
	// The longer number as Talkover dials it: libphonenumber reads a few of them with a national prefix taken off.
	const readAsWritten = longEnough.filter(([, , number]) => dialledNumber(`${number}1`) === `${number}1`);

	test.each(readAsWritten)('%s %s: %s with a digit after it', (_region, type, number) => {
		const country = countryOf(number)!;
		const refusal = refusedWith(`${number}1`, only())?.message;
		// Where the data lists the code's valid numbers the longer number is refused as not valid, else as the paid-service number it starts with.
		expect(refusal).toMatch(new RegExp(`^Allowed Destinations \\(item 4\\): \\${number}1 is (not a valid number of|${PAID_NAMES[type].replace(/[()]/g, '\\$&')} of) `));
		// Its country: the one it starts like (a +1 310 1234 access number of Canada made longer is no one's: the code's main country, the United States).
		expect(refusal).toContain(` (+${country.callingCode})`);
	});

	test('where libphonenumber reads the longer number with a national prefix taken off (the 8 of +7 809 …, +370 808 …), the number it reads is judged, and named', () => {
		const readOtherwise = longEnough.filter(([, , number]) => dialledNumber(`${number}1`) !== `${number}1`);
		expect(readOtherwise.map(([region, type, number]) => [region, type, `${number}1`, dialledNumber(`${number}1`), destinationRefusal(`${number}1`, only())?.replace(/ \(a digit too many.*$/, '') ?? 'allowed'])).toEqual([
			['KZ', 'premiumRate', '+780912345671', '+70912345671', '+70912345671 is not a valid number of Russia (+7)'],
			['KZ', 'personalNumber', '+780812345671', '+70812345671', '+70812345671 is not a valid number of Russia (+7)'],
			['LT', 'sharedCost', '+370808123451', '+37008123451', 'allowed'],
			['RU', 'premiumRate', '+780912345671', '+70912345671', '+70912345671 is not a valid number of Russia (+7)'],
			['RU', 'personalNumber', '+780812345671', '+70812345671', '+70812345671 is not a valid number of Russia (+7)'],
		]);
		// The Lithuanian one is dialled as +370 0812 3451: no paid-service number starts it.
		expect(parsePhoneNumber('+370808123451').number).toBe('+37008123451');
		expect(paidServiceTypeOf('+37008123451')).toBeUndefined();
	});

	test('the numbers a premium block is dodged with: +44 909 879 00001, +1 900 555 12345, +33 8 99 12 34 567, +49 900 1234 5678, +979 1234 5678 90, +888 with 12 digits', () => {
		for (const number of ['+4490987900001', '+190055512345', '+338991234567', '+4990012345678', '+9791234567890', '+888123456789012']) {
			expect(refusedWith(number, only())?.message).toContain(' with digits after it, and a network may connect it as one; Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on. Correct the number');
		}
		expect(refusedWith('+338991234567', only('FR'))?.message).toBe(
			'Allowed Destinations (item 4): +338991234567 is not a valid number of France (+33): it is a premium-rate number with digits after it, and a network may connect it as one; Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on. Correct the number',
		);
		// Allowed paid services: where the data cannot tell the number invalid, it goes.
		expect(refusedWith('+338991234567', { countries: ['FR'], allowPaidServices: true })).toBeUndefined();
	});

	test('ordinary numbers that start with a short paid-service number, or are one digit short of one, are not refused (Montevideo 2 1xx xxxx beside the 21xx access numbers; Lebanon 9 1xx xxxx beside its 91 premium range)', () => {
		expect(refusedWith('+59821358258', only('UY'))).toBeUndefined();
		expect(refusedWith('+9619105593', only('LB'))).toBeUndefined();
	});
});

describe('a number the data shows is not valid for its calling code is refused, naming its country and telling to correct it', () => {
	test('a UK mobile with a digit too many, a US number with one too few: refused, paid services allowed or not', () => {
		for (const allowPaidServices of [false, true]) {
			expect(refusedWith('+4479123456789', { countries: ['GB'], allowPaidServices })?.message).toBe(
				'Allowed Destinations (item 4): +4479123456789 is not a valid number of United Kingdom (+44) (a digit too many or too few, or a range not in use), so Allowed Destinations cannot tell what a call to it would cost and refuses it; correct the number',
			);
			expect(refusedWith('+1212555012', { countries: ['US'], allowPaidServices })?.message).toContain('+1212555012 is not a valid number of United States (+1) (a digit too many or too few');
		}
	});

	test('a +1 number no country of +1 has is refused as not valid (correct it), not as a United States number to add to the list', () => {
		expect(refusedWith('+19991234567', only('JM'))?.message).toBe(
			'Allowed Destinations (item 4): +19991234567 is not a valid number of United States (+1) (a digit too many or too few, or a range not in use), so Allowed Destinations cannot tell what a call to it would cost and refuses it; correct the number',
		);
		// A valid number of a country not listed is still refused for its country.
		expect(refusedWith('+12125550123', only('JM'))?.message).toContain('is a number of United States (+1), which is not one of the allowed destinations');
	});

	test('Google’s example numbers of every type that is not a paid service, in every region, are not refused', () => {
		const types: PhoneNumberTypes[] = ['fixed-line', 'mobile', 'fixed-line-or-mobile', 'toll-free', 'voip', 'pager'];
		let checked = 0;
		const refused = getSupportedRegionCodes().flatMap((region) =>
			types.flatMap((type) => {
				try {
					const example = getExample(region, type);
					if (!example.valid || example.type !== type) return [];
					checked++;
					const refusal = destinationRefusal(example.number.e164, { countries: [], allowPaidServices: false });
					return refusal ? [`${region} ${type}: ${refusal}`] : [];
				} catch {
					return [];
				}
			}),
		);
		expect(checked).toBeGreaterThan(500);
		expect(refused).toEqual([]);
	});
});
