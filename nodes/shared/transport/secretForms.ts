/**
 * The ways a secret may be written in what Talkover gives back, each to be removed: as it is; inside a JSON text (a
 * quote or a backslash escaped), also with its slashes escaped (`\/`) and its other characters than ASCII as `\u00e9`
 * (PHP's and Python's JSON do both by default); and in a URL, percent-encoded (`+` as `%2B`, `/` as `%2F`; `!'()*`
 * as `%21`… too, as RFC 3986 has it; hexadecimal digits in either case) or form-encoded (a space as `+`). A secret a URL cannot write (half of
 * a character outside the Basic Multilingual Plane) has no URL form. Empty secrets are dropped; longest first, so that
 * a form inside a longer one does not cut it in two. Other encodings (base64, another case) are not forms the
 * documents show.
 */
export function secretForms(secrets: readonly string[]): string[] {
	const forms = secrets.filter((secret) => typeof secret === 'string' && secret !== '').flatMap(formsOf);
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function formsOf(secret: string): string[] {
	const inJson = JSON.stringify(secret).slice(1, -1);
	const inAsciiJson = inJson.replace(/[^\x20-\x7e]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
	const json = [inJson, inAsciiJson].flatMap((form) => [form, form.replace(/\//g, '\\/')]);
	return [secret, ...json, ...urlForms(secret)];
}

function urlForms(secret: string): string[] {
	let encoded: string;
	try {
		encoded = encodeURIComponent(secret);
	} catch {
		return [];
	}
	// RFC 3986's strict form (PHP's rawurlencode) also encodes ! ' ( ) *.
	const strict = encoded.replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
	const forms = [encoded, strict, encoded.replace(/%20/g, '+')];
	return forms.flatMap((form) => [form, form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())]);
}
