/**
 * The one masking step every item of both nodes goes through (the Talkover node's router, every source
 * of the trigger), and every error they give n8n:
 * - by structure: every action header value (`custom_headers[].value`, or a `custom_headers` object's
 *   values) and every `webhook_secret`, wherever Talkover echoes them, become `***` (header names stay:
 *   they say what is sent);
 * - by value: the credential's tokens and every secret this workflow gave Talkover, in any text and any
 *   key, become `***` (the text around them stays);
 * - by hash: a secret the node keeps only as a hash (secretHash.ts) is found in a text by hashing each
 *   64-hex-character window;
 * - as JSON writes it: a value with a quote or a backslash is found escaped too (a value Talkover gave as
 *   an object is shown as JSON text);
 * - cut by a clip: a text clipped where it is shown (shownText.ts clip(), before this step) ends with the
 *   clip's mark; a secret cut there is masked by the part left before the mark (the hex run before it,
 *   where a secret is known only by its hash).
 * `***` itself is never a value the node sends (containsMask): read back and written again, it would
 * replace the real key.
 */
import { CLIP_MARK } from '../transport/shownText';
import { secretForms } from '../transport/secretForms';
import { settledText } from '../transport/settledText';
import { copyTexts, defineKey, isPlainObject, rewriteErrorTexts } from '../transport/textWalks';
import { hashOf } from './secretHash';

/** What a secret becomes in every output. */
export const MASKED = '***';

/** The secrets to remove: their values, and the hashes (hashOf) of secrets kept only as a hash. */
export interface Secrets {
	values?: readonly string[];
	hashes?: readonly string[];
}

/** Keys whose value is a secret as a whole, wherever they appear. */
const SECRET_KEYS = ['webhook_secret'];
const HEADERS_KEY = 'custom_headers';

/**
 * Keys whose value is a set of header values (`custom_headers`, `headers` in any letter case, as an
 * action's free `config` may hold them, and any `…_headers`, such as a delivery log's `response_headers`
 * or a `request_headers` no page documents, which would carry the trigger's delivery secret): every value
 * is masked, also when Talkover sends the list or the object as a JSON text. Any header value may be an
 * API key; the names stay.
 */
const ANY_HEADERS_KEY = '([a-z0-9]+_)*headers';
const HEADERS_KEY_ALONE = new RegExp(`^${ANY_HEADERS_KEY}$`, 'i');
function isHeadersKey(key: string): boolean {
	return HEADERS_KEY_ALONE.test(key);
}
/** A headers key as JSON text writes it (mayHoldSecrets' first look). */
const QUOTED_HEADERS_KEY = new RegExp(`"${ANY_HEADERS_KEY}"`, 'i');

/** Runs of hex characters long enough to hold one of the node's secrets (64 hex characters), in either case (an echo may be upper-cased). */
const HEX_RUN = /[0-9a-f]{64,}/gi;

/**
 * A text with every secret whose hash is given replaced by `***`: every 64-character window of a hex run
 * is hashed and compared (only texts with such a run cost more).
 */
export function scrubHashed(text: string, hashes: readonly string[]): string {
	if (hashes.length === 0) return text;
	return text.replace(HEX_RUN, (run) => {
		let out = '';
		let from = 0;
		let at = 0;
		while (at + 64 <= run.length) {
			if (hashes.includes(hashOf(run.slice(at, at + 64).toLowerCase()))) {
				out += run.slice(from, at) + MASKED;
				at += 64;
				from = at;
			} else {
				at++;
			}
		}
		return out + run.slice(from);
	});
}

/** The texts to look for: each value in each of its forms (secretForms), longest first. */
function valuesOf(secrets: Secrets): string[] {
	return secretForms(secrets.values ?? []);
}

/**
 * The texts to look for in `value` (an item, an error): the secrets given (`forms`, valuesOf), and the header values
 * `value` lists itself (an action's `custom_headers`: givenHeaderValues), which the same answer may also write elsewhere
 * (an authorization URL's query, a description), each in each of its forms.
 */
function valuesIn(value: unknown, secrets: Secrets, forms: string[]): string[] {
	const listed = givenHeaderValues(value).values;
	return listed.length ? secretForms([...(secrets.values ?? []), ...listed]) : forms;
}

/** Where a clip cut a text: the mark clip() leaves. */
const CLIPPED = new RegExp(CLIP_MARK, 'g');

/** The length of the longest end of `head` that begins one of `forms` (a secret cut there), or 0. */
function cutSecretLength(head: string, forms: readonly string[]): number {
	let longest = 0;
	for (const form of forms) {
		for (let at = Math.max(0, head.length - form.length + 1); at < head.length - longest; at++) {
			if (form.startsWith(head.slice(at))) {
				longest = head.length - at;
				break;
			}
		}
	}
	return longest;
}

/**
 * A text with the first part of every secret a clip cut replaced by `***`: before each clip mark, the
 * longest end that begins a secret given by value, and, when secrets are known by hash, the run of hex
 * characters (a hash cannot tell a part of a secret).
 */
function cutSecretsMasked(text: string, forms: readonly string[], hashes: readonly string[]): string {
	if ((forms.length === 0 && hashes.length === 0) || !text.includes('…')) return text;
	let out = '';
	let from = 0;
	for (const mark of text.matchAll(CLIPPED)) {
		const head = text.slice(from, mark.index);
		let cut = cutSecretLength(head, forms);
		if (hashes.length > 0) cut = Math.max(cut, /[0-9a-f]*$/i.exec(head)![0].length);
		out += cut > 0 ? `${head.slice(0, head.length - cut)}${MASKED}` : head;
		from = mark.index;
	}
	return out + text.slice(from);
}

function maskedOnce(text: string, values: readonly string[], hashes: readonly string[]): string {
	let out = text;
	for (const value of values) if (out.includes(value)) out = out.split(value).join(MASKED);
	return cutSecretsMasked(scrubHashed(out, hashes), values, hashes);
}

/** A text with every secret masked (a secret with a `*` in it: see settledText). */
function textMasked(text: string, values: readonly string[], hashes: readonly string[]): string {
	return settledText(maskedOnce(text, values, hashes), values);
}

/**
 * Header lines as raw HTTP writes them ("Name: value", one a line, lines ended by CR LF, LF or CR alone; HTTP/2's
 * ":path: value" too): each value masked, the name kept; a folded line (one that starts with a space or a tab: more of the value above)
 * masked whole; other lines as they are.
 */
function headerLinesMasked(text: string, walk: (v: unknown) => unknown): string {
	return text
		.split(/(\r\n|\r|\n)/)
		.map((line, i) => {
			if (i % 2 === 1 || line === '') return line;
			if (/^[ \t]/.test(line)) return MASKED;
			const name = /^(:?[^:]+):/.exec(line)?.[1];
			return name !== undefined ? `${name}: ${MASKED}` : (walk(line) as string);
		})
		.join('');
}

/**
 * A headers value with every header value masked, the names kept: a list of `{key, value}` (`custom_headers`),
 * of one-name objects (`{"X-Api-Key": …}`), of `[name, value]` pairs (a name with several values, a pair whose
 * name is not a text: every entry but a first text masked) or of "Name: value" lines; an object of
 * name → value; any of those written as a JSON text (one that does not parse, e.g. cut short, is masked whole:
 * its names cannot be told from its values); or raw header lines.
 */
function headersMasked(headers: unknown, walk: (v: unknown) => unknown): unknown {
	if (Array.isArray(headers)) {
		return headers.map((header) => {
			// A `[name, value]` pair, or a name with several values: the first text is the name, every other entry a value.
			if (Array.isArray(header)) return header.map((part, i) => (i === 0 && typeof part === 'string' ? walk(part) : MASKED));
			if (typeof header === 'string') return headerLinesMasked(header, walk);
			if (header === null || typeof header !== 'object' || !isPlainObject(header)) return walk(header);
			// `{key, value}`: the value; any other object (`{"X-Api-Key": …}`): every value, as a headers object.
			if (!('value' in header) && !('key' in header)) return headersMasked(header, walk);
			const copy = walk(header) as Record<string, unknown>;
			if ('value' in header) defineKey(copy, 'value', MASKED);
			return copy;
		});
	}
	if (headers !== null && typeof headers === 'object' && isPlainObject(headers)) {
		const copy = {};
		for (const key of Object.keys(headers)) defineKey(copy, walk(key) as string, MASKED);
		return copy;
	}
	if (typeof headers !== 'string') return walk(headers);
	// The list or the object written as a JSON text (it starts with [ or {): masked the same, and written back as JSON.
	if (/^\s*[[{]/.test(headers)) {
		try {
			return JSON.stringify(headersMasked(JSON.parse(headers), walk));
		} catch {
			return MASKED;
		}
	}
	return headerLinesMasked(headers, walk);
}

/** Whether a value may hold something to mask (one JSON.stringify; a value that cannot be written as JSON: yes). */
function mayHoldSecrets(value: unknown, values: readonly string[], hashes: readonly string[]): boolean {
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		return true;
	}
	// Nothing JSON writes; an object whose toJSON gives nothing still holds its fields for the next node.
	if (text === undefined) return typeof value === 'object' && value !== null;
	if (QUOTED_HEADERS_KEY.test(text) || SECRET_KEYS.some((key) => text!.includes(`"${key}"`))) return true;
	// As a value would appear in JSON text (a quote or a backslash is escaped there).
	if (values.some((v) => text!.includes(JSON.stringify(v).slice(1, -1)))) return true;
	// A text a clip cut: a secret's first part may end it (JSON text keeps the mark as it is).
	if ((values.length > 0 || hashes.length > 0) && new RegExp(CLIP_MARK).test(text)) return true;
	return hashes.length > 0 && /[0-9a-f]{64}/i.test(text);
}

/**
 * An output value (an item's JSON) with its secrets masked (see the file's comment), at any depth, keys
 * included. A copy where something changes; the value itself when there is nothing to mask (one
 * JSON.stringify). Values that are not plain objects or lists (a Date, a Buffer) are kept as they are.
 */
export function masked<T>(value: T, secrets: Secrets = {}): T {
	const forms = valuesOf(secrets);
	const hashes = secrets.hashes ?? [];
	if (!mayHoldSecrets(value, forms, hashes)) return value;
	const values = valuesIn(value, secrets, forms);
	return copyTexts(value, (t) => textMasked(t, values, hashes), (key, entry, walk) => {
		if (isHeadersKey(key)) return headersMasked(entry, walk);
		if (SECRET_KEYS.includes(key) && typeof entry === 'string' && entry !== '') return MASKED;
		return walk(entry);
	});
}

/** An action (or anything carrying actions) with its header values masked: masked() without secrets of its own. */
export function maskActionSecrets<T>(value: T): T {
	return masked(value);
}

/**
 * Masks, in place, every text and every echoed header value an error carries into n8n (message,
 * description, Talkover's details, the response it keeps, context, cause, stack): n8n saves them all in
 * the execution. The node (its parameters) is the workflow's, not a text of the error; a getter or a
 * read-only property is left as it is. Returns the error.
 */
export function maskedError<T extends object>(error: T, secrets: Secrets = {}): T {
	const values = valuesIn(error, secrets, valuesOf(secrets));
	const hashes = secrets.hashes ?? [];
	return rewriteErrorTexts(error, (t) => textMasked(t, values, hashes), {
		// An echoed header value or webhook secret is masked as a whole, as in an item.
		entry: (key, value, walk) => (isHeadersKey(key) || SECRET_KEYS.includes(key) ? masked({ [key]: value }, secrets)[key] : walk(value)),
	});
}

/** Whether a value the node is to send holds the mask (`***`): a value read back masked, never the real one. */
export function containsMask(value: unknown): boolean {
	return typeof value === 'string' && value.includes(MASKED);
}

/**
 * Header values shorter than this are masked where Talkover echoes them as header values, not in every
 * text: a short value (`1`, `json`) would mask ordinary words everywhere.
 */
export const MIN_MASKED_IN_TEXT = 8;

/**
 * What a request body gives Talkover as header values (`custom_headers[].value`, or a `custom_headers`
 * object's values, at any depth): the secrets this workflow gave Talkover, to mask in every text they come
 * back in (those of at least MIN_MASKED_IN_TEXT characters). `masked` is the first such value that holds
 * the mask (a value read back masked), if any.
 */
export function givenHeaderValues(body: unknown): { values: string[]; masked?: { key: string; index: number } } {
	const values: string[] = [];
	let found: { key: string; index: number } | undefined;
	const seen = new Set<unknown>();
	const take = (key: string, value: unknown, index: number) => {
		if (typeof value !== 'string' || value === '') return;
		if (containsMask(value)) found ??= { key, index };
		else if (value.length >= MIN_MASKED_IN_TEXT) values.push(value);
	};
	const walk = (v: unknown): void => {
		if (v === null || typeof v !== 'object' || seen.has(v)) return;
		seen.add(v);
		for (const [key, entry] of Object.entries(v)) {
			if (key === HEADERS_KEY && Array.isArray(entry)) {
				entry.forEach((header, index) => {
					if (header !== null && typeof header === 'object') take(String((header as { key?: unknown }).key ?? ''), (header as { value?: unknown }).value, index);
				});
			} else if (key === HEADERS_KEY && entry !== null && typeof entry === 'object') {
				Object.entries(entry).forEach(([name, value], index) => take(name, value, index));
			} else {
				walk(entry);
			}
		}
	};
	walk(body);
	return { values, ...(found ? { masked: found } : {}) };
}
