import type { IDataObject, IHttpRequestMethods, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { copyTexts, rewriteErrorTexts } from './textWalks';

/**
 * Everything about failures: reading Talkover's error bodies (six documented shapes) into one typed
 * result, and turning that result, a network failure or an exhausted rate limit into the NodeApiError
 * a person can act on. Nothing here sends a request.
 */

export interface TalkoverErrorBody {
	code?: string;
	message?: string;
	/** Seconds, from `details.retry_after` (429). */
	retryAfter?: number;
	/** One line per validation problem (422 `errors` as a field map or as a list). */
	lines: string[];
}

export function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/**
 * Reads any of the documented error bodies: `{message}`, `{success:false,message}`,
 * `{error:"CODE",message,status_code}`, `{error:{code,message,details}}`,
 * `{success:false,error:{code,message}}`, and 422 `errors` as a field→messages map or a list of strings.
 */
export function readErrorBody(raw: unknown): TalkoverErrorBody {
	const object = bodyObject(raw);
	if (!object) return { lines: [] };
	const result: TalkoverErrorBody = { lines: [] };
	const nested = asObject(object.error);
	if (nested) {
		if (typeof nested.code === 'string') result.code = nested.code;
		if (typeof nested.message === 'string') result.message = nested.message;
	} else if (typeof object.error === 'string') {
		result.code = object.error;
	}
	// End Call's 409 puts the code beside the message: {success:false,message,code}.
	if (result.code === undefined && typeof object.code === 'string') result.code = object.code;
	if (result.message === undefined && typeof object.message === 'string') result.message = object.message;
	const details = asObject(nested?.details) ?? asObject(object.details);
	// No `details` or no `retry_after` is NaN here (Number(undefined)).
	const retryAfter = Number(details?.retry_after);
	if (Number.isFinite(retryAfter)) result.retryAfter = retryAfter;
	const errors = object.errors;
	if (Array.isArray(errors)) {
		result.lines = errors.map((line) => (typeof line === 'string' ? line : JSON.stringify(line)));
	} else if (asObject(errors)) {
		for (const [field, messages] of Object.entries(errors as IDataObject)) {
			const list = Array.isArray(messages) ? messages : [messages];
			for (const message of list) result.lines.push(`${field}: ${typeof message === 'string' ? message : JSON.stringify(message)}`);
		}
	}
	return result;
}

/** An error body as an object: as it came, or parsed from JSON text; anything else (a web page, a list) is none. */
function bodyObject(raw: unknown): IDataObject | undefined {
	let body: unknown = raw;
	if (typeof raw === 'string') {
		try {
			body = JSON.parse(raw);
		} catch {
			// a text that is not JSON: stays a text, which is no object
		}
	}
	return asObject(body);
}

/** What an error body adds beyond its message: its `details` (top level or in `error`) and a 409's `existing_call`. */
function readDetails(raw: unknown): IDataObject | undefined {
	const object = bodyObject(raw);
	if (!object) return undefined;
	const details = asObject(asObject(object.error)?.details) ?? asObject(object.details);
	const existing = asObject(object.existing_call);
	return details || existing ? { ...details, ...(existing ? { existing_call: existing } : {}) } : undefined;
}

/**
 * A text with the user name and password of every URL in it removed (`https://user:pass@host/…` →
 * `https://host/…`): a Base URL may carry them, and no text the node gives back shows them.
 */
export function withoutUserinfo(text: string): string {
	// Up to the last @ before the host (a password may hold an @ of its own, as URL parsers read it).
	return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1');
}

/** Removes every occurrence of `secret` (the API token, or each of several) from a text. */
export function scrub(text: string, secret: string | string[]): string {
	return (Array.isArray(secret) ? secret : [secret]).reduce((t, s) => (s ? t.split(s).join('***') : t), text);
}

/** Texts longer than this are cut in messages (a 100 KB value echoed whole helps nobody). */
const CLIP_AT = 200;

/**
 * A text as shown in a message: cut after 200 characters, with its length. Characters are code points
 * (as Talkover counts them): the cut never splits an emoji into a lone half, which JSON parsers refuse.
 */
export function clip(text: string, max = CLIP_AT): string {
	const characters = Array.from(text);
	return characters.length <= max ? text : `${characters.slice(0, max).join('')}… (${characters.length} characters)`;
}

/**
 * A copy of an output value (an answer's JSON) with every secret removed from every text in it, keys
 * included, at any depth, lists too; only the secret itself becomes `***`, the text around it stays.
 * The value itself comes back when no secret is in it (the common case costs one JSON.stringify).
 */
export function scrubValue<T>(value: T, secret: string | string[]): T {
	const secrets = (Array.isArray(secret) ? secret : [secret]).filter(Boolean);
	// As the token would appear in JSON text (a token with a quote or a backslash is escaped there).
	const needles = secrets.map((s) => JSON.stringify(s).slice(1, -1));
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		// a cycle (text stays undefined): walk it
	}
	if (text !== undefined && !needles.some((n) => text!.includes(n))) return value;
	return copyTexts(value, (t) => scrub(t, secrets));
}

/**
 * Removes `secret` from every text an error carries into n8n (message, description, the API's
 * messages, the response it keeps, context, stack): n8n saves all of them in the run data.
 */
export function scrubError<T extends object>(error: T, secret: string | string[]): T {
	return rewriteErrorTexts(error, (t) => scrub(t, secret), { maxDepth: 6 });
}

/**
 * A Talkover answer that says the request failed, read once. Operations that handle a status
 * themselves (Get Active's 404, Validate's 422) decide on these fields instead of reading the body
 * again; everything else becomes an error through `failureError`. Talkover's own words have the API
 * token removed.
 */
export interface TalkoverFailure {
	status: number;
	/** Talkover's error code, e.g. `INSUFFICIENT_CREDITS`. */
	code?: string;
	/** Talkover's message. */
	message?: string;
	/** One line per validation problem. */
	lines: string[];
	/** Seconds Talkover asks to wait (`details.retry_after`). */
	retryAfterSeconds?: number;
	/** What the body adds: its `details`, and a 409's `existing_call` (Make Campaign Call). */
	details?: IDataObject;
	/** The body was text, not JSON (an HTML page of a proxy, or a wrong Base URL). */
	textBody: boolean;
	/** Whether Talkover may have acted on the request all the same (a 5xx). */
	mayHaveBeenProcessed: boolean;
}

export function readFailure(status: number, body: unknown, secret: string | string[] = ''): TalkoverFailure {
	const read = readErrorBody(body);
	const failure: TalkoverFailure = {
		status,
		lines: read.lines.map((line) => clip(scrub(line, secret))),
		textBody: typeof body === 'string' && body.trim() !== '',
		mayHaveBeenProcessed: status >= 500,
	};
	if (read.code !== undefined) failure.code = clip(scrub(read.code, secret), 80);
	if (read.message !== undefined) failure.message = clip(scrub(read.message, secret));
	if (read.retryAfter !== undefined) failure.retryAfterSeconds = read.retryAfter;
	// Scrubbed here, before a message clips one of its values (a clipped token would no longer be found).
	const details = readDetails(body);
	if (details) failure.details = scrubValue(details, secret);
	return failure;
}

export interface ErrorText {
	message: string;
	description: string;
}

/** Update Campaign Status → Status Transition Rules: where each status may go. */
export const CAMPAIGN_TRANSITIONS: Record<string, string[]> = {
	draft: ['active', 'cancelled'],
	active: ['paused', 'completed', 'cancelled'],
	paused: ['active', 'completed', 'cancelled'],
	completed: [],
	cancelled: [],
};

/**
 * `table[key]` when the table has that key itself: a name from outside (Talkover's code, status or event, an
 * expression's value) is never one every object inherits (`constructor`, `__proto__`, `toString`).
 */
export function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
	return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** "a, b or c" (two words or more: every status that is not final may become two others at least). */
function either(words: string[]): string {
	return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function transitionMessage({ message }: TalkoverFailure): string {
	const match = /from (\w+) to (\w+)/i.exec(message ?? '');
	if (!match) return 'Talkover does not allow this status change for the campaign in its current status';
	const [, from, to] = match;
	const allowed = own(CAMPAIGN_TRANSITIONS, from.toLowerCase());
	const next = allowed === undefined ? '' : allowed.length ? `: from ${from} it can only become ${either(allowed)}` : `: ${from} is a final status`;
	return `The campaign cannot go from ${from} to ${to}${next}`;
}

function duplicateMessage({ details }: TalkoverFailure): string {
	const [id, status] = [shownValue(asObject(details?.existing_call)?.id), shownValue(asObject(details?.existing_call)?.status)];
	const which = id !== undefined ? ` (campaign call ${id}${status !== undefined ? `, ${status}` : ''})` : '';
	return `This number already has an open call in the campaign${which}, so nothing was added: turn on Allow Duplicates to add it again on purpose`;
}

function eligibilityMessage({ details }: TalkoverFailure): string {
	const [current, required, days] = [details?.current_calls, details?.required_calls, details?.threshold_days].map(shownValue);
	const numbers = current !== undefined && required !== undefined ? ` (${current} of the ${required} calls needed${days !== undefined ? ` in ${days} days` : ''})` : '';
	return `The agent does not have enough calls for optimized costs yet${numbers}: Enable Initial Message Cache stays off`;
}

/** Error codes whose meaning the user can act on; the message says what to do. */
const CODE_MESSAGES: Record<string, string | ((failure: TalkoverFailure) => string)> = {
	// Every operation's own words: Make Call adds Test Call (RequestOptions.codeMessages).
	INSUFFICIENT_CREDITS: 'Not enough Talkover credits: top up your Talkover account',
	AGENT_INACTIVE: 'The agent is not published, so it cannot place calls: publish it first (Agent → Publish)',
	INVALID_PHONE_NUMBER: 'Talkover rejected the phone number: it must be in international format, e.g. +15551234567',
	MISSING_PHONE_NUMBER: 'Talkover needs a phone number to call',
	AGENT_HAS_ACTIVE_CALLS: 'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish',
	AGENT_IS_PUBLISHED: 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)',
	CALL_NOT_ACTIVE: 'The call is not active any more: it has already ended',
	CAMPAIGN_NOT_ACTIVE: 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)',
	DUPLICATE_CALL: duplicateMessage,
	INVALID_TRANSITION: transitionMessage,
	CAMPAIGN_IS_ACTIVE: 'The campaign is active, so it cannot be deleted: pause or cancel it first (Campaign → Update Status)',
	CAMPAIGN_HAS_CALLS_IN_PROGRESS: 'The campaign has calls in progress, so it cannot be deleted: wait until they have finished',
	CAMPAIGN_HAS_ACTIVE_CALLS:
		'The campaign has queued calls, so its schedule cannot change while it runs: pause it first (Campaign → Update Status → Pause), update it, then start it again',
	CAMPAIGN_LIMIT_REACHED: 'Your Talkover plan allows no more campaigns: delete one you no longer need, or upgrade the plan',
	OPTIMIZED_COSTS_NOT_ELIGIBLE: eligibilityMessage,
	SLOT_UNAVAILABLE: 'The time slot is no longer free: another event was booked there. Get the availability again and choose another slot',
	VOICE_NOT_FOUND: 'Voice not found: Talkover has no voice template with this ID; choose the voice from the list again',
};

/**
 * Codes that pages document only in a table, while their example bodies carry just a message (Delete
 * Agent's 409, the campaign pages): status and message tell which. Campaign patterns come first, so
 * "Campaign has active calls in progress" is not read as the agent's "active calls".
 */
const MESSAGE_CODES: Array<[number, RegExp, string]> = [
	[409, /^campaign has active calls/i, 'CAMPAIGN_HAS_CALLS_IN_PROGRESS'],
	[409, /already exists in this campaign/i, 'DUPLICATE_CALL'],
	[409, /time slot|no longer available/i, 'SLOT_UNAVAILABLE'],
	[409, /campaign is not active/i, 'CAMPAIGN_NOT_ACTIVE'],
	// The agent's two rules are about deleting it: a 409 of another operation (Publish, Unpublish) that
	// merely mentions active calls or "published" keeps Talkover's own words.
	[409, /^(?=.*\bdelet)(?=.*active calls?)/i, 'AGENT_HAS_ACTIVE_CALLS'],
	[409, /^(?=.*\b(delet|unpublished before))(?=.*published)/i, 'AGENT_IS_PUBLISHED'],
	[409, /\bcall\b.*\bnot active\b/i, 'CALL_NOT_ACTIVE'],
	[400, /campaign is not active/i, 'CAMPAIGN_NOT_ACTIVE'],
	[400, /cannot transition from/i, 'INVALID_TRANSITION'],
	[403, /cannot delete active campaign/i, 'CAMPAIGN_IS_ACTIVE'],
	[404, /voice template not found/i, 'VOICE_NOT_FOUND'],
];

function codeFromMessage(statusCode: number, message?: string): string | undefined {
	if (!message) return undefined;
	return MESSAGE_CODES.find(([status, pattern]) => status === statusCode && pattern.test(message))?.[2];
}

/** The advice a 5xx of a request that may be sent again gets (the router drops it where it may not). */
export const TRY_AGAIN_LATER = 'This is not caused by your input. Try again later.';

/**
 * Whether a 404 is Talkover saying that a thing it knows of does not exist ("Agent not found",
 * `AGENT_NOT_FOUND`, "No active call found …"), rather than a server that does not know the address at
 * all (`{"message":"Not Found"}`, a web page: a wrong Base URL).
 */
export function talkoverSaysNotFound(failure: Pick<TalkoverFailure, 'code' | 'message'>): boolean {
	if (failure.code !== undefined && /NOT_FOUND$/i.test(failure.code)) return true;
	const message = (failure.message ?? '').trim();
	return /\bnot found\b|\bno active call/i.test(message) && !/^not found\.?$/i.test(message);
}

export const UNKNOWN_ADDRESS = 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential';
const BASE_URL_HINT = 'The Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.';

/** What an operation says about a failure in its own words (beside the texts every operation gets). */
export interface FailureWords {
	/** What a 404 means for this request, e.g. "Agent not found: …". */
	notFoundMessage?: string;
	/** An operation's own sentence for an error code, e.g. Make Call's INSUFFICIENT_CREDITS ("or use Test Call"). */
	codeMessages?: Record<string, string>;
	/** The token the request carried, named in a 401/403 (default the API token). */
	token?: 'API token' | 'Account Token';
}

/**
 * The message and description shown in n8n for a failure. A 429 never gets here: talkoverRequest
 * retries it and, when it gives up, throws `rateLimitedError`.
 */
export function describeFailure(failure: TalkoverFailure, notFoundMessage?: string, words: FailureWords = {}): ErrorText {
	const { status, code, message: apiMessage, lines } = failure;
	const said = apiMessage ? `Talkover said: "${apiMessage}"` : '';
	const details: string[] = [];
	const knownCode = code ?? codeFromMessage(status, apiMessage) ?? '';
	const sentence = own(words.codeMessages, knownCode) ?? own(CODE_MESSAGES, knownCode);
	const known = typeof sentence === 'function' ? sentence(failure) : sentence;
	let message: string;
	switch (true) {
		// A 404 keeps the operation's own "not found" text, unless the message says what was not found.
		case known !== undefined && status !== 401 && (status !== 404 || code === undefined):
			message = known;
			break;
		case status < 300:
			message = `Talkover answered that the request failed (HTTP ${status}, success: false)`;
			break;
		case status === 401 && words.token === 'Account Token':
			// The one operation that sends it (Get Balance) says what to do.
			message = 'Talkover did not accept the Account Token: it is wrong or has expired';
			break;
		case status === 401:
			message = 'Talkover did not accept the API token: it is wrong or has expired';
			details.push('Open the "Talkover API" credential and paste a current token from Talkover (Account → Environments).');
			break;
		case status === 403:
			message = `The Talkover ${words.token ?? 'API token'} is not allowed to do this`;
			break;
		case status === 404 && !talkoverSaysNotFound(failure):
			message = UNKNOWN_ADDRESS;
			details.push(BASE_URL_HINT);
			break;
		case status === 404:
			message = notFoundMessage ?? 'Talkover could not find what was asked for';
			break;
		case status === 422:
			message = `Talkover rejected the data: ${apiMessage ?? 'validation failed'}`;
			break;
		case status >= 500:
			message = `Talkover had a problem on its side (HTTP ${status})`;
			details.push(TRY_AGAIN_LATER);
			break;
		default:
			message = `Talkover refused the request (HTTP ${status})${apiMessage ? `: ${apiMessage}` : ''}`;
	}
	// A 422's message already carries Talkover's words; every other status shows them in the description.
	if (said && status !== 422) details.unshift(said);
	if (code) details.push(`Error code: ${code}`);
	details.push(...lines);
	if (!said && !lines.length && failure.textBody && status !== 404) {
		details.push('The response was not a Talkover JSON error; check the Base URL of the credential.');
	}
	return { message, description: details.join('\n') };
}

/** Marks an error whose request Talkover may have acted on (the router then never sends it again). */
function flagMaybeProcessed<T extends NodeApiError>(error: T, maybe: boolean): T {
	if (maybe) error.context.mayHaveBeenProcessed = true;
	return error;
}

/**
 * Whether Talkover may have acted on a request that failed: a 5xx, a timeout, a dropped connection or a
 * 2xx we could not read. A 4xx (including 429) or a refused connection means it did not.
 */
export function mayHaveBeenProcessed(error: unknown): boolean {
	return (error as { context?: IDataObject }).context?.mayHaveBeenProcessed === true;
}

/** The error for a failure; `notFoundMessage` says what a 404 means for this request. */
export function failureError(
	node: INode,
	failure: TalkoverFailure,
	{ itemIndex, notFoundMessage, ...words }: { itemIndex?: number } & FailureWords = {},
): NodeApiError {
	const text = describeFailure(failure, notFoundMessage, words);
	const error = new NodeApiError(node, { message: failure.message ?? text.message, code: failure.code ?? null } as JsonObject, {
		message: text.message,
		description: text.description,
		httpCode: String(failure.status),
		itemIndex,
	});
	if (failure.code) error.context.code = failure.code;
	return flagMaybeProcessed(error, failure.mayHaveBeenProcessed);
}

/** n8n wraps network failures in a NodeApiError that keeps the system error code only in its texts. */
export function networkCode(error: unknown): string | undefined {
	const e = error as { cause?: { code?: unknown }; code?: unknown; message?: unknown; messages?: unknown };
	// Only a text is a code (a library's error may hold anything there); else the texts are read.
	if (typeof e.cause?.code === 'string' && e.cause.code !== '') return e.cause.code;
	if (typeof e.code === 'string' && e.code !== '') return e.code;
	const text = textsOf([e.message, e.messages]);
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	// The answer had started (status and headers) when the connection closed.
	if (/stream has been aborted|\baborted\b/i.test(text)) return 'ERR_BAD_RESPONSE';
	if (/timeout of \d+ms exceeded/i.test(text)) return 'ECONNABORTED';
	// E and at least three more: EAI_AGAIN (a temporary DNS failure) has its underscore early.
	return /\b(E[A-Z][A-Z_]{2,})\b/.exec(text)?.[1];
}

/**
 * The server's certificate was refused: Node.js checks it before the TLS connection is ready, and its
 * HTTP client writes the request only once the connection is ready, so no byte of the request was sent
 * (tried with TLS 1.2 and 1.3: the server receives the handshake, never the request).
 */
const TLS_CODES = [
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'CERT_SIGNATURE_FAILURE',
	'CERT_CHAIN_TOO_LONG',
	'INVALID_CA',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
	'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
	'HOSTNAME_MISMATCH',
	'ERR_TLS_CERT_ALTNAME_INVALID',
];

/**
 * OpenSSL's reasons (in the error's text) for a TLS handshake that failed, e.g. "wrong version number"
 * (https:// to a server that speaks only http), "alert handshake failure", "unsupported protocol": the
 * request, written only after the handshake, was not sent. An EPROTO without such a reason (e.g. "bad
 * record mac", once the connection was up) may come after the request was written.
 */
const HANDSHAKE_REASONS =
	/wrong version number|packet length too long|unknown protocol|unsupported protocol|no protocols available|no shared cipher|no ciphers available|no suitable signature algorithm|alert (handshake failure|protocol version|insufficient security)|dh key too small|ee key too small|ca md too weak/i;

/** The texts an error carries (n8n keeps the HTTP client's words in message, messages and cause). */
function errorText(error: unknown): string {
	const e = error as { cause?: { message?: unknown }; message?: unknown; messages?: unknown };
	return textsOf([e.message, e.messages, e.cause?.message]);
}

/**
 * The texts among values (a list counts as its entries), joined. Anything else is left out: an object
 * would read "[object Object]", and one without a prototype, or a Symbol, would make join() throw.
 */
function textsOf(values: unknown[]): string {
	return values.flat().filter((value): value is string => typeof value === 'string').join(' ');
}

/**
 * How a failure without an answer came about, as far as it can be proven from the error: whether no
 * byte of the request can have been sent.
 * - a TLS handshake that failed (EPROTO with OpenSSL's handshake reason): see HANDSHAKE_REASONS;
 * - a TCP connection that could not be made in time (`connect ETIMEDOUT`, the system's connect
 *   timeout): the request needs the connection first. The HTTP client's own timeout ("timeout of N ms
 *   exceeded", ECONNABORTED) does not say whether the connection was made, so it stays "may have".
 * The codes of NOT_SENT_CODES need no text (see networkError).
 */
export function failedBeforeSending(error: unknown, code = networkCode(error)): boolean {
	const text = errorText(error);
	if (code === 'EPROTO') return HANDSHAKE_REASONS.test(text);
	if (code === 'ETIMEDOUT') return /\bconnect ETIMEDOUT\b/.test(text) || (error as { cause?: { syscall?: string } }).cause?.syscall === 'connect';
	return false;
}

/**
 * Failures after which the server cannot have processed the request, because no byte of it was sent:
 * the connection was refused or never made (no route, unknown host), the certificate was refused, or
 * the request could not even be built (an invalid URL, a header with a line break).
 */
const NOT_SENT_CODES = [
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_INVALID_URL',
	'ERR_INVALID_PROTOCOL',
	'ERR_UNESCAPED_CHARACTERS',
	'ERR_INVALID_CHAR',
	'ERR_INVALID_HEADER_VALUE',
	'ERR_HTTP_INVALID_HEADER_VALUE',
	...TLS_CODES,
];

export function networkProblem(code: string | undefined): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return 'the host could not be reached';
		case 'ERR_INVALID_URL':
		case 'ERR_UNESCAPED_CHARACTERS':
			return 'the Base URL is not a valid web address';
		case 'ERR_INVALID_PROTOCOL':
			return 'the Base URL must start with http:// or https://';
		case 'ERR_INVALID_CHAR':
		case 'ERR_INVALID_HEADER_VALUE':
		case 'ERR_HTTP_INVALID_HEADER_VALUE':
			return 'a header (the token) has a character that cannot be sent';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'the connection was closed before Talkover answered';
		case 'ERR_BAD_RESPONSE':
			return 'the connection was closed while Talkover was answering';
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
			return 'Talkover did not answer in time';
		case 'EPROTO':
			return 'the secure connection (TLS) failed (EPROTO)';
		default:
			if (TLS_CODES.includes(code ?? '')) return `its certificate was not accepted (${code})`;
			return code ? `network error ${code}` : 'network error';
	}
}

/** What a failure that provably sent nothing (failedBeforeSending: an EPROTO or an ETIMEDOUT) was, in words. */
function beforeSendingProblem(code: string | undefined): string {
	return code === 'EPROTO'
		? 'the secure connection (TLS) could not be set up (EPROTO); a Base URL with https:// for a server that speaks only http:// fails this way'
		: 'the connection could not be made in time (the system’s connect timeout)';
}

/**
 * The error for a request that got no answer (`url` is shown without the token). `beforeSending`: the
 * failure provably came before any byte of the request was sent (see failedBeforeSending).
 */
export function networkError(
	node: INode,
	code: string | undefined,
	{ method, url, secret, itemIndex, beforeSending = false }: { method: IHttpRequestMethods; url: string; secret: string | string[]; itemIndex?: number; beforeSending?: boolean },
): NodeApiError {
	const notSent = beforeSending || NOT_SENT_CODES.includes(code ?? '');
	const problem = beforeSending ? beforeSendingProblem(code) : networkProblem(code);
	const failure = new NodeApiError(node, { message: problem } as JsonObject, {
		message: `Could not reach Talkover: ${problem}`,
		description: scrub(`Request: ${method} ${withoutUserinfo(url)}. Check the Base URL of the "Talkover API" credential and your network.`, secret),
		itemIndex,
	});
	// Nothing reached Talkover (a refused connection, an unknown host, a failed TLS handshake, a request that could not be built).
	if (notSent) failure.context.notSent = true;
	return flagMaybeProcessed(failure, !notSent);
}

/** The error for an answer that makes no sense (empty, not JSON, without the data asked for): Talkover may have acted. */
export function unexpectedAnswerError(
	node: INode,
	problem: string,
	{ status, method, path, itemIndex }: { status: number; method: IHttpRequestMethods; path: string; itemIndex?: number },
): NodeApiError {
	const error = new NodeApiError(node, { message: problem } as JsonObject, {
		message: problem,
		description: `The answer came from ${method} ${path}. If this keeps happening, check the Base URL of the "Talkover API" credential. ${BASE_URL_HINT}`,
		httpCode: String(status),
		itemIndex,
	});
	return flagMaybeProcessed(error, true);
}

/** The error for a redirect, which the node does not follow: the token and the body would go along. */
export function redirectError(
	node: INode,
	{ status, location, url, method, path, itemIndex }: { status: number; location: unknown; url: string; method: IHttpRequestMethods; path: string; itemIndex?: number },
): NodeApiError {
	let target = 'another address';
	try {
		target = withoutUserinfo(new URL(String(location), url).origin);
	} catch {
		// no usable Location header
	}
	const error = new NodeApiError(node, { message: `redirect ${status}` } as JsonObject, {
		message: `Talkover answered with a redirect to ${target} (HTTP ${status}), which the node does not follow`,
		description: `Your token was not sent there. The request was ${method} ${path}: check the Base URL of the "Talkover API" credential. ${BASE_URL_HINT}`,
		httpCode: String(status),
		itemIndex,
	});
	return flagMaybeProcessed(error, true);
}

function seconds(ms: number): string {
	const s = Math.ceil(ms / 1000);
	return `${s} second${s === 1 ? '' : 's'}`;
}

export interface RateLimitedDetails {
	/** The wait Talkover asked for, if it said. */
	hintMs?: number;
	attempts: number;
	waitedMs: number;
	/** The longest total wait allowed for one request. */
	maxWaitMs: number;
	itemIndex?: number;
	apiMessage?: string;
	/** False: not sent at all, because waiting would take longer than `maxWaitMs`. */
	sent: boolean;
}

/** The error for a request that the rate limit kept from succeeding within the retries and the wait allowed. */
export function rateLimitedError(
	node: INode,
	{ hintMs, attempts, waitedMs, maxWaitMs, itemIndex, apiMessage, sent }: RateLimitedDetails,
): NodeApiError {
	const lines: string[] = [];
	if (apiMessage) lines.push(`Talkover said: "${apiMessage}"`);
	if (hintMs !== undefined) lines.push(`Talkover asks to wait ${seconds(hintMs)} before the next request.`);
	lines.push(
		sent
			? `Tried ${attempts} time${attempts === 1 ? '' : 's'} and waited ${seconds(waitedMs)} in all.`
			: `Not sent: waiting for the rate limit would take longer than ${seconds(maxWaitMs)}.`,
	);
	lines.push('Send fewer items at once (Options → Batch Size, Batch Interval), raise Options → Max Retries, or ask Talkover for a higher limit.');
	const error = new NodeApiError(
		node,
		{ message: apiMessage ?? 'rate limited', code: 'RATE_LIMIT_EXCEEDED' } as JsonObject,
		{
			message: 'Talkover rate limit reached: too many requests in a short time',
			description: lines.join('\n'),
			httpCode: '429',
			itemIndex,
		},
	);
	error.context.code = 'RATE_LIMIT_EXCEEDED';
	error.context.cause = 'rate-limited';
	if (hintMs !== undefined) error.context.retryAfterSeconds = Math.ceil(hintMs / 1000);
	// Also on the error itself, where n8n's error JSON shows it.
	(error as unknown as { cause: unknown }).cause = 'rate-limited';
	return error;
}

/**
 * A value of Talkover's answer as a message or a label shows it: a text (clipped at `max` characters) or a
 * finite number; anything else (an object, a list, null, an empty text) is undefined, for the caller to
 * leave out, rather than written as "[object Object]" or "null". Remove tokens before: a clip can cut one.
 */
export function shownValue(value: unknown, max = 80): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return clip(value, max);
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}
