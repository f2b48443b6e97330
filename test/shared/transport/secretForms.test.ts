/**
 * The forms of a secret every removal looks for (nodes/shared/transport/secretForms.ts): what Talkover may echo a
 * token or a header value in.
 */
import { secretForms } from '../../../nodes/shared/transport/secretForms';

describe('secretForms: a secret as it is, inside JSON, and in a URL', () => {
	test('a token of letters, digits and _ has one form', () => {
		expect(secretForms(['talq_abc123'])).toEqual(['talq_abc123']);
	});

	test('a secret with +, / and = is also looked for percent-encoded, and with its slashes escaped as PHP writes JSON', () => {
		expect(secretForms(['Ab+Cd/Ef=='])).toEqual(['Ab%2BCd%2FEf%3D%3D', 'Ab+Cd\\/Ef==', 'Ab+Cd/Ef==']);
	});

	test('a quote or a backslash is looked for as JSON escapes it', () => {
		expect(secretForms(['a"b\\c'])).toEqual(['a%22b%5Cc', 'a\\"b\\\\c', 'a"b\\c']);
	});

	test('empty secrets and values that are not texts are dropped; a form two secrets share is looked for once', () => {
		expect(secretForms(['', 'tok_1', 'tok_1', 7 as unknown as string])).toEqual(['tok_1']);
		expect(secretForms([])).toEqual([]);
	});
});
