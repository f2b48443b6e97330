/**
 * The forms of a secret every removal looks for (nodes/shared/transport/secretForms.ts): what Talkover may echo a
 * token or a header value in.
 */
import { secretForms } from '../../../nodes/shared/transport/secretForms';

describe('secretForms: a secret as it is, inside JSON, and in a URL', () => {
	test('a token of letters, digits and _ has one form', () => {
		expect(secretForms(['talq_abc123'])).toEqual(['talq_abc123']);
	});

	test('a secret with +, / and = is also looked for percent-encoded (either case of hexadecimal), and with its slashes escaped as PHP writes JSON', () => {
		expect(secretForms(['Ab+Cd/Ef=='])).toEqual(['Ab%2BCd%2FEf%3D%3D', 'Ab%2bCd%2fEf%3d%3d', 'Ab+Cd\\/Ef==', 'Ab+Cd/Ef==']);
	});

	test('a quote or a backslash is looked for as JSON escapes it', () => {
		expect(secretForms(['a"b\\c'])).toEqual(['a%22b%5Cc', 'a%22b%5cc', 'a\\"b\\\\c', 'a"b\\c']);
	});

	test('characters other than ASCII are also looked for as \\u escapes (PHP and Python write JSON so), slashes escaped or not', () => {
		const forms = secretForms(['clé/2024']);
		expect(forms).toEqual(expect.arrayContaining(['clé/2024', 'cl\\u00e9/2024', 'cl\\u00e9\\/2024', 'cl%C3%A9%2F2024']));
	});

	test("! ' ( ) * are also looked for percent-encoded (RFC 3986's strict form), and a space as + (a form of a URL)", () => {
		expect(secretForms(['Bearer sk*1'])).toEqual(expect.arrayContaining(['Bearer%20sk*1', 'Bearer%20sk%2A1', 'Bearer+sk*1']));
		expect(secretForms(["ab*cd!ef(gh)'"])).toEqual(expect.arrayContaining(['ab%2Acd%21ef%28gh%29%27']));
	});

	test('half of a character outside the Basic Multilingual Plane (a header value cut by an expression) has no URL form, and throws nothing', () => {
		expect(secretForms(['Lead Ana \ud83d'])).toEqual(['Lead Ana \\ud83d', 'Lead Ana \ud83d']);
	});

	test('empty secrets and values that are not texts are dropped; a form two secrets share is looked for once', () => {
		expect(secretForms(['', 'tok_1', 'tok_1', 7 as unknown as string])).toEqual(['tok_1']);
		expect(secretForms([])).toEqual([]);
	});
});
