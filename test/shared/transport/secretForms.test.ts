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

	// "k<e>y&'é/1" as each language's JSON encoder writes it inside a text.
	test.each([
		['JavaScript, Python with ensure_ascii off', "k<e>y&'é/1"],
		['PHP’s json_encode', "k<e>y&'\\u00e9\\/1"],
		['Python’s json.dumps', "k<e>y&'\\u00e9/1"],
		['Go’s encoding/json', "k\\u003ce\\u003ey\\u0026'é/1"],
		['PHP with JSON_HEX_TAG, _AMP and _APOS (Symfony’s JsonResponse)', 'k\\u003Ce\\u003Ey\\u0026\\u0027\\u00e9\\/1'],
		['Java and .NET, escapes in capitals', "k<e>y&'\\u00E9/1"],
	])('a secret written inside JSON by %s is looked for', (_encoder, written) => {
		const forms = secretForms(["k<e>y&'é/1"]);
		expect(forms).toContain(written);
	});

	// "Bearer sk*live~9f!(x)'" as each language's URL encoder writes it (URLSearchParams run here, the others by hand).
	test.each([
		['JavaScript’s encodeURIComponent', "Bearer%20sk*live~9f!(x)'"],
		['PHP’s rawurlencode, Python’s quote (RFC 3986)', 'Bearer%20sk%2Alive~9f%21%28x%29%27'],
		['Python’s quote_plus and urlencode', 'Bearer+sk%2Alive~9f%21%28x%29%27'],
		['PHP’s urlencode and http_build_query', 'Bearer+sk%2Alive%7E9f%21%28x%29%27'],
		['an HTML form, URLSearchParams', new URLSearchParams({ v: "Bearer sk*live~9f!(x)'" }).toString().slice(2)],
		['PHP’s urlencode, hexadecimal in small letters', 'Bearer+sk%2alive%7e9f%21%28x%29%27'],
	])('a secret written as %s is looked for', (_encoder, written) => {
		expect(secretForms(["Bearer sk*live~9f!(x)'"])).toContain(written);
	});

	test('half of a character outside the Basic Multilingual Plane (a header value cut by an expression) has no URL form, and throws nothing', () => {
		expect(secretForms(['Lead Ana \ud83d'])).toEqual(['Lead Ana \\ud83d', 'Lead Ana \\uD83D', 'Lead Ana \ud83d']);
	});

	test('empty secrets and values that are not texts are dropped; a form two secrets share is looked for once', () => {
		expect(secretForms(['', 'tok_1', 'tok_1', 7 as unknown as string])).toEqual(['tok_1']);
		expect(secretForms([])).toEqual([]);
	});
});
