/**
 * The ways a secret may be written in what Talkover gives back, each to be removed: as it is; inside a JSON text (a
 * quote or a backslash escaped), also with its slashes escaped (`\/`), its other characters than ASCII as `\u00e9`
 * (PHP's and Python's JSON do both by default), its `<>&'` as `\u003c`… (HTML-safe JSON), the digits of an escape in
 * either case; and in a URL, percent-encoded (`+` as `%2B`, `/` as `%2F`; hexadecimal digits in either case) as the
 * encoders of JavaScript, PHP, Python and HTML forms write it (each leaves its own of `!'()*~` as they are, a space
 * `%20` or `+`). A secret a URL cannot write (half of a character outside the Basic Multilingual Plane) has no URL
 * form. Empty secrets are dropped; longest first, so that a form inside a longer one does not cut it in two. Other
 * encodings (base64, another case) are not forms the documents show.
 */
export function secretForms(secrets: readonly string[]): string[] {
	const forms = secrets.filter((secret) => typeof secret === 'string' && secret !== '').flatMap(formsOf);
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function formsOf(secret: string): string[] {
	const inJson = JSON.stringify(secret).slice(1, -1);
	const hex = (character: string) => character.charCodeAt(0).toString(16).padStart(4, '0');
	const escape = (character: string) => `\\u${hex(character)}`;
	const capitals = (character: string) => `\\u${hex(character).toUpperCase()}`;
	const inAsciiJson = inJson.replace(/[^\x20-\x7e]/g, escape);
	// HTML-safe JSON also escapes < > & (Go's encoding/json, `\u003c`) and ' (PHP's JSON_HEX_* flags, which Symfony's
	// JsonResponse sets, `\u003C`); Java's and .NET's write the hexadecimal digits of every escape in capitals.
	const htmlSafe = [inJson, inAsciiJson].flatMap((form) => [form.replace(/[<>&]/g, escape), form.replace(/[<>&']/g, capitals)]);
	const json = [inJson, inAsciiJson, ...htmlSafe]
		.flatMap((form) => [form, form.replace(/\//g, '\\/')])
		.flatMap((form) => [form, form.replace(/\\u[0-9a-f]{4}/g, (unicode) => `\\u${unicode.slice(2).toUpperCase()}`)]);
	return [secret, ...json, ...urlForms(secret)];
}

function urlForms(secret: string): string[] {
	let encoded: string;
	try {
		encoded = encodeURIComponent(secret);
	} catch {
		return [];
	}
	const escaped = (characters: RegExp) => encoded.replace(characters, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
	const plus = (form: string) => form.replace(/%20/g, '+');
	// Which of ! ' ( ) * ~ an encoder leaves as they are, and whether a space is %20 or +, differs by language.
	const forms = [
		encoded, // JavaScript's encodeURIComponent
		plus(encoded),
		escaped(/[!'()*]/g), // RFC 3986's strict form: PHP's rawurlencode, Python's quote
		plus(escaped(/[!'()*]/g)), // Python's quote_plus and urlencode
		plus(escaped(/[!'()*~]/g)), // PHP's urlencode and http_build_query
		plus(escaped(/[!'()~]/g)), // HTML forms, URLSearchParams
	];
	return forms.flatMap((form) => [form, form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())]);
}
