import type { IDataObject } from 'n8n-workflow';

import { asObject } from './objects';
import { scrub, scrubValue } from './secretText';
import { clip } from './shownText';

/**
 * Reading Talkover's failure answers: any of the documented error bodies (six shapes, and 422's field
 * lists) into one typed result, with the API token removed from Talkover's words. Nothing here sends a
 * request or words a message.
 */

export interface TalkoverErrorBody {
	code?: string;
	message?: string;
	/** Seconds, from `details.retry_after` (429). */
	retryAfter?: number;
	/** One line per validation problem (422 `errors` as a field map or as a list). */
	lines: string[];
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
	// The tokens are removed from the body's values before any is written as JSON text (a 422 entry that is
	// not a text): JSON escapes a quote or a backslash, and the escaped token would no longer be found.
	const read = readErrorBody(scrubValue(bodyObject(body) ?? body, secret));
	// Each text is scrubbed, then clipped (a clipped token would no longer be found). The other secrets
	// (header values, the trigger's) are masked later, in the one masking step (secrets/mask.ts), which finds
	// a value the clip cut by the clip's mark, and a value JSON escaped by its escaped form.
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
