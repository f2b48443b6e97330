import { secretForms } from './secretForms';
import { settledText } from './settledText';
import { copyTexts, rewriteErrorTexts } from './textWalks';

/**
 * Removing secrets from what the node gives back: the API token (or each of several) from a text, an
 * output value or an error, and the user name and password from a URL. The walks are ./textWalks'.
 */

/**
 * A text with the user name and password of every URL in it removed (`https://user:pass@host/…` →
 * `https://host/…`): a Base URL may carry them, and no text the node gives back shows them.
 */
export function withoutUserinfo(text: string): string {
	// Up to the last @ before the host (a password may hold an @ of its own, as URL parsers read it).
	return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1');
}

function scrubOnce(text: string, secrets: readonly string[]): string {
	return secrets.reduce((t, s) => (s ? t.split(s).join('***') : t), text);
}

/**
 * Removes every occurrence of `secret` (the API token, or each of several), in each of its forms (secretForms), from a
 * text (a secret with a `*` in it: see settledText).
 */
export function scrub(text: string, secret: string | string[]): string {
	return scrubForms(text, formsOf(secret));
}

/** Every form of the secret (or of each of several): secretForms. */
function formsOf(secret: string | string[]): string[] {
	return secretForms(Array.isArray(secret) ? secret : [secret]);
}

/** `scrub` with the secrets' forms already spelt out (once for all the texts of one value or error). */
function scrubForms(text: string, forms: readonly string[]): string {
	return settledText(scrubOnce(text, forms), forms);
}

/**
 * A copy of an output value (an answer's JSON) with every secret removed from every text in it, keys
 * included, at any depth, lists too; only the secret itself becomes `***`, the text around it stays.
 * The value itself comes back when no secret is in it (the common case costs one JSON.stringify).
 */
export function scrubValue<T>(value: T, secret: string | string[]): T {
	const forms = formsOf(secret);
	// Each form as it would appear in JSON text (a form with a quote or a backslash is escaped there).
	const needles = forms.map((s) => JSON.stringify(s).slice(1, -1));
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		// a cycle (text stays undefined): walk it
	}
	if (text !== undefined && !needles.some((n) => text!.includes(n))) return value;
	return copyTexts(value, (t) => scrubForms(t, forms));
}

/**
 * Removes `secret` from every text an error carries into n8n (message, description, the API's
 * messages, the response it keeps, context, stack): n8n saves all of them in the run data.
 */
export function scrubError<T extends object>(error: T, secret: string | string[]): T {
	const forms = formsOf(secret);
	return rewriteErrorTexts(error, (t) => scrubForms(t, forms), { maxDepth: 6 });
}
