import { LEADING_ZERO_CALLING_CODES } from '../../../nodes/shared/phoneData/countries';
import { normalizePhone } from '../../../nodes/shared/dialledNumbers/normalize';
import { ctx } from '../../helpers/context';

const phone = { displayName: 'Phone Number', name: 'phone' };

describe('normalizePhone', () => {
	test.each([
		['+15551234567', '+15551234567'],
		['+1 (555) 123-4567', '+15551234567'],
		['  +1.555.123.4567 ', '+15551234567'],
		['+55 11 91234-5678', '+5511912345678'],
		['+44 20 7946 0958', '+442079460958'],
		['+1234567', '+1234567'],
		['+123456789012345', '+123456789012345'],
	])('%s → %s', (input, e164) => {
		expect(normalizePhone(ctx as never, 0, phone, input)).toBe(e164);
	});

	test.each([
		['5551234567', 'Phone Number (item 0): "5551234567" has no leading + and country code; use the international format with + and the country code, e.g. +15551234567'],
		[15551234567, 'Phone Number (item 0): "15551234567" has no leading + and country code; use the international format with + and the country code, e.g. +15551234567'],
		['+1 555 CALL NOW', 'Phone Number (item 0): "+1 555 CALL NOW" contains characters a phone number cannot have; use the international format with + and the country code, e.g. +15551234567'],
		['++15551234567', 'Phone Number (item 0): "++15551234567" contains characters a phone number cannot have; use the international format with + and the country code, e.g. +15551234567'],
		['+0123456789', 'Phone Number (item 0): "+0123456789" is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567'],
		['+123456', 'Phone Number (item 0): "+123456" is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567'],
		['+1234567890123456', 'Phone Number (item 0): "+1234567890123456" is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567'],
		['  ', 'Phone Number (item 0): is required but empty; use the international format with + and the country code, e.g. +15551234567'],
		[undefined, 'Phone Number (item 0): is required but empty; use the international format with + and the country code, e.g. +15551234567'],
	])('%o is refused: %s', (input, message) => {
		expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(message);
	});
});

describe('a bracketed (0) where the 0 belongs to the number is refused, never dropped', () => {
	test.each([
		['+39 (0)6 1234 5678', '39', 'Italy'],
		['+378 (0)549 123456', '378', 'San Marino'],
		['+225 (0)7 12 34 56 78', '225', "Côte d'Ivoire"],
		['+242 (0)6 123 4567', '242', 'Congo'],
		['+241 (0)1 23 45 67', '241', 'Gabon'],
		['+229 (0)1 97 12 34 56', '229', 'Benin'],
		// Known from libphonenumber's data: numbers there may start with 0 and no trunk prefix 0 is dialled.
		['+47 (0)22 12 34 56', '47', 'Norway'],
		['+974 (0)800 1234', '974', 'Qatar'],
		['+507 (0)800 1234', '507', 'Panama'],
		['+800 (0)1234 5678', '800', 'international freephone'],
	])('a number written %s keeps its 0: the (0) belongs to the number (+%s, %s), so it is refused rather than dialled without it', (input, code) => {
		expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(
			`Phone Number (item 0): "${input}" has (0) after the country code +${code}, where a leading 0 belongs to the number: write the number without brackets`,
		);
	});

	test.each([
		['+225 07 12 34 56 78', '+2250712345678'],
		['+39 06 1234 5678', '+390612345678'],
	])('written without brackets, %s is dialled with its 0: %s', (input, e164) => {
		expect(normalizePhone(ctx as never, 0, phone, input)).toBe(e164);
	});

	test('the list of those calling codes is libphonenumber’s, and holds every one the node knew before it', () => {
		expect(LEADING_ZERO_CALLING_CODES).toEqual(expect.arrayContaining(['39', '378', '225', '242', '241', '229', '47', '974']));
		for (const trunkZero of ['44', '49', '33', '353', '7', '1']) expect(LEADING_ZERO_CALLING_CODES).not.toContain(trunkZero);
	});

	test.each(['+379 (0)6 6988 1234', '+999 (0)123 4567'])(
		'%s: a (0) after a calling code nobody has (+379 is kept for Vatican City, whose numbers are +39 06 698…) is refused: whether the 0 is dialled is unknown',
		(input) => {
			const code = input.slice(1, 4);
			expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(
				`Phone Number (item 0): "${input}" has (0) after +${code}, which is no country's calling code, so whether the 0 is part of the number is unknown: write the number without brackets`,
			);
		},
	);

	test('in the UK the bracketed (0) is the trunk prefix and is dropped: +44 (0)20 7946 0958 → +442079460958', () => {
		expect(normalizePhone(ctx as never, 0, phone, '+44 (0)20 7946 0958')).toBe('+442079460958');
	});
});

describe('a national trunk prefix in brackets right after the country code is dropped; anywhere else it is refused', () => {
	test.each([
		['+49 (030) 1234567', '+49301234567'],
		['+49 (0)30 1234567', '+49301234567'],
		['+44(0)2079460958', '+442079460958'],
		['+44-(0)20-7946-0958', '+442079460958'],
		['+44.(0)20.7946.0958', '+442079460958'],
		['  +44 (0)20 7946 0958 ', '+442079460958'],
		['+ 44 (0)20 7946 0958', '+442079460958'],
		['+353 (0)1 234 5678', '+35312345678'],
		['+1 (0)555 123 4567', '+15551234567'],
		['+7 (0)495 123 4567', '+74951234567'],
	])('%s is dialled as %s', (input, e164) => {
		expect(normalizePhone(ctx as never, 0, phone, input)).toBe(e164);
	});

	const elsewhere = (input: string) =>
		`Phone Number (item 0): "${input}" has a bracketed 0 that is not right after the country code: write the number in international format, e.g. +15551234567`;

	test.each([
		['Tel: +44 (0)20 7946 0958', 'has a bracketed 0 that is not right after the country code'],
		['555 CALL NOW', 'contains characters a phone number cannot have'],
		['0044 20 7946 0958', 'has no leading + and country code'],
	])('%s is refused, never read past or guessed: %s', (input, problem) => {
		expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(`Phone Number (item 0): "${input}" ${problem}`);
	});

	test.each(['+44 20 (0)7946 0958', '+44 2 (0)0 7946 0958', '+1 5 (0)55 123 4567', '+7 4 (0)95 123 4567', '+353 1 (0)234 5678', '(020) 7946 0958', '+44 (0 20) 7946 0958', '+44 20 7946 (0958)'])(
		'%s: the (0) is not right after the country code, so which digits to dial is a guess: refused',
		(input) => {
			expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(elsewhere(input));
		},
	);

	// Every two-digit country code (ITU-T E.164): the country code ends after its two digits, so a (0)
	// after one more digit is inside the national number.
	test.each([
		'20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51', '52',
		'53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90', '91', '92',
		'93', '94', '95', '98',
	])('+%s is a two-digit country code: a (0) after the next digit is inside the number and is refused', (code) => {
		const input = `+${code} 5 (0)12 345 678`;
		expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(elsewhere(input));
	});
});

describe('a national prefix written after the country code is taken off as libphonenumber reads the number: the number Talkover dials', () => {
	test.each([
		['+49 0900 1234567', '+499001234567'],
		['+33 0899 123 456', '+33899123456'],
		['+43 0900 123456', '+43900123456'],
		['+41 0900 123 456', '+41900123456'],
		['+44 020 7946 0958', '+442079460958'],
		['+44 07700 900123', '+447700900123'],
		['+49 030 1234567', '+49301234567'],
		['+62 0812 3456 7890', '+6281234567890'],
		['+7 8 800 555 35 35', '+78005553535'],
	])('%s is dialled as %s', (input, e164) => {
		expect(normalizePhone(ctx as never, 0, phone, input)).toBe(e164);
	});

	test.each([
		['+39 06 1234 5678', '+390612345678'],
		['+7 800 555 35 35', '+78005553535'],
		['+44 0123456', '+440123456'],
	])('%s keeps its digits (the 0 of an Italian number is its own; a Russian 8 800 number; too short without it): %s', (input, e164) => {
		expect(normalizePhone(ctx as never, 0, phone, input)).toBe(e164);
	});

	test('a number that is too short for E.164 once its national prefix is taken off is refused, naming what it reads as', () => {
		expect(() => normalizePhone(ctx as never, 0, phone, '+49 0 1234')).toThrow(
			'Phone Number (item 0): "+49 0 1234" is +491234 without its national prefix (as it is dialled), which is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567',
		);
	});
});
