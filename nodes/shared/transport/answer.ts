import type { IDataObject } from 'n8n-workflow';

import { holdsHalfCharacter } from './halfCharacter';
import { asObject } from './objects';
import { readErrorBody } from './talkoverFailure';

/**
 * What a successful Talkover answer must hold. Every documented success is a JSON object
 * `{ "success": true, … }`; operations say what else they need. An answer that does not hold it (empty,
 * a web page, `data: null`, a string where a list belongs) is an error for that item, never a guess.
 * - `object`: `data` is an object (one agent, one call, …)
 * - `list`: `data` is a list of objects (a page of a list, the active calls)
 * - `bareList`: as `list`, or the list of objects itself (openapi.json's List Voice Templates answers a
 *   bare array of groups)
 * - `success`: nothing but `success: true` (Validate); a `data` that is there must be an object or a list
 * - `deleted`: as `success`, or a 204 without a body: Talkover's pages answer a Delete with
 *   `{ success: true, … }`, openapi.json with 204 No Content (Delete Agent, Delete Campaign)
 * - `{ objectIn, bare }`: an object in `data`, as `object`, or one of the answers documented without the
 *   envelope: an object in the key `objectIn` (Make Campaign Call's page: `{ campaign_call, campaign }`),
 *   or with `bare` the record itself, with its `id` and neither `success` nor `data` (openapi.json's
 *   campaign endpoints answer a bare Campaign or Call). A record has an ID (a non-empty text or a finite
 *   number) and none of the documented error markers (see errorMarker); the object in `objectIn` too.
 *   With `envelope: false` the `{ success, data }` envelope is not read: no document of the route shows it.
 *   The record in `data` is checked as the bare one: `{success: true, data: {}}` or `data: {id, error}` is
 *   no record.
 * - `record`: as `{}`: one record in `data` (an ID, no error marker), no other form documented
 */
export type Expected = 'object' | 'record' | 'list' | 'bareList' | 'success' | 'deleted' | { objectIn?: string; bare?: boolean; envelope?: false };

/** How a value that is not what was expected is named in the message. */
export function kindOf(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (typeof value === 'string') return 'text';
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'number') return 'a number';
	if (Array.isArray(value)) return 'a list';
	return 'an object';
}

/**
 * The 2xx statuses Talkover sends: 200 and 201 (pages, openapi.json), 204 (openapi.json's Deletes), and
 * 202 (Accepted), read by its body like 200 and 201: a created call answered 201 or 202 instead of 200 is
 * still the call placed. Any other 2xx (203, 205, 206, …) no document gives: an error, never a guess.
 */
const SENT_2XX = [200, 201, 202, 204];

/**
 * A non-empty text or a whole number JSON reads exactly (at most 2^53 − 1): what a record's `id` is. A text holding
 * half of a character (`"\ud800"` in the JSON) is none: no URL can carry it back to Talkover.
 */
export function isId(value: unknown): boolean {
	return (typeof value === 'string' && value.trim() !== '' && !holdsHalfCharacter(value)) || Number.isSafeInteger(value);
}

/**
 * Why an object that looks like a record is one of Talkover's documented error bodies instead
 * (undefined: it is not): an `error` key (make-call.mdx's `{error: {code, message}}`, authentication.mdx's
 * `{error: "CODE", message, status_code}`), a `status_code` of 400 or more, or `errors` (the 422 pages).
 * No documented record (openapi.json's Agent, Call, ExternalCall, Campaign; the pages' calls and
 * campaign calls) has a field named `error`, `errors` or `status_code`. `inPlaceOf` names what the error
 * body stands in place of: a record, or the data of an object answer.
 */
function errorMarker(record: IDataObject, inPlaceOf = 'a record'): string | undefined {
	if ('error' in record) return `an error instead of ${inPlaceOf}`;
	if ('errors' in record) return `problems listed instead of ${inPlaceOf}`;
	if (record.success === false) return `a failure (success: false) instead of ${inPlaceOf}`;
	const code = Number(record.status_code);
	if (record.status_code !== undefined && record.status_code !== null && Number.isFinite(code) && code >= 400) return `an error (status_code ${code}) instead of ${inPlaceOf}`;
	return undefined;
}

/** Why an object is not a record (undefined: it is one). */
function recordProblem(record: IDataObject): string | undefined {
	const marker = errorMarker(record);
	if (marker) return marker;
	return isId(record.id) ? undefined : `the record's id is ${idKind(record.id)}`;
}

const noData = (what: string) => `Talkover's answer does not have the expected data (${what})`;

/** A web page (a wrong Base URL, a proxy's page) rather than a broken JSON text. */
function looksLikeHtml(text: string): boolean {
	return /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

/**
 * Why a 2xx answer cannot be used (undefined: it can). `body` is what n8n's HTTP client gives: the
 * parsed JSON, or the text when it was not JSON.
 */
export function answerProblem(status: number, body: unknown, expected?: Expected): string | undefined {
	if (status >= 200 && status < 300 && !SENT_2XX.includes(status)) return `Talkover answered with HTTP ${status}, which it does not send`;
	const empty = body === undefined || body === null || (typeof body === 'string' && body.trim() === '');
	if (expected === 'deleted' && status === 204 && empty) return undefined;
	if (status === 204 || body === undefined || body === null || (typeof body === 'string' && body.trim() === '')) {
		return expected ? `Talkover sent an empty answer (HTTP ${status})` : undefined;
	}
	if (typeof body === 'string') {
		return looksLikeHtml(body)
			? `Talkover sent a web page instead of data (HTTP ${status})`
			: `Talkover sent an answer that is not valid JSON (HTTP ${status})`;
	}
	if (!expected) return undefined;
	if (expected === 'bareList' && Array.isArray(body)) return listProblem(body);
	const object = asObject(body);
	if (!object) return noData(`the answer is ${kindOf(body)}`);
	// success: false is a failure, read by the transport; here only answers that claim success.
	if (object.success === true && readErrorBody(object).lines.length > 0) {
		return `Talkover's answer contradicts itself (HTTP ${status}: success: true with problems listed)`;
	}
	// An error marker beside the data (`{success: true, data: {id}, error: {code}}`, `{campaign_call, status_code: 422}`):
	// no documented success carries one, so the answer is Talkover's error, not the record next to it.
	const marker = object.success === false ? undefined : errorMarker(object);
	if (marker) return noData(marker);
	const data = object.data;
	if (expected === 'success' || expected === 'deleted') {
		if (object.success !== true) return `Talkover's answer does not say whether the request succeeded (HTTP ${status})`;
		if ('data' in object && (data === null || typeof data !== 'object')) return noData(`data is ${kindOf(data)}`);
		return undefined;
	}
	if (expected === 'record') return answerProblem(status, body, {});
	if (typeof expected === 'object') {
		const inKey = expected.objectIn ? asObject(object[expected.objectIn]) : undefined;
		if (inKey) {
			const problem = recordProblem(inKey);
			return problem ? noData(`${expected.objectIn}: ${problem}`) : undefined;
		}
		if (expected.bare && !('data' in object) && !('success' in object) && (object.id !== undefined || errorMarker(object))) {
			const problem = recordProblem(object);
			return problem ? noData(problem) : undefined;
		}
		// `envelope: false`: no document shows this answer in `{ success, data }` (Make Campaign Call).
		if (expected.envelope === false) {
			return asObject(data) ? noData(`${expected.objectIn ?? 'the record'} is missing; no document wraps this answer in data`) : noData(`data is ${kindOf(data)}`);
		}
		const record = asObject(data);
		if (!record) return noData(`data is ${kindOf(data)}`);
		const problem = recordProblem(record);
		return problem ? noData(problem) : undefined;
	}
	if (expected === 'object') {
		const inData = asObject(data);
		if (!inData) return noData(`data is ${kindOf(data)}`);
		// An error marker inside the data (`data: {…, error: {code}}`, `data: {status_code: 503}`): no documented object carries one.
		const markerInData = errorMarker(inData, 'the data');
		return markerInData ? noData(`data: ${markerInData}`) : undefined;
	}
	if (!Array.isArray(data)) return noData(`data is ${kindOf(data)}`);
	return listProblem(data);
}

function listProblem(list: unknown[]): string | undefined {
	const odd = list.find((entry) => !asObject(entry));
	return odd === undefined && list.every((entry) => asObject(entry)) ? undefined : noData(`a list entry is ${kindOf(odd)}`);
}

/**
 * What a value that is not an ID (see isId) is, as a message names it. A number JSON cannot read exactly
 * (beyond 2^53, or 1e400, read as Infinity) would become another ID in the workflow.
 */
export function idKind(value: unknown): string {
	if (typeof value === 'string') return value.trim() === '' ? 'empty' : 'a text holding half of a character, which no URL can carry';
	if (typeof value !== 'number') return kindOf(value);
	if (!Number.isFinite(value)) return 'a number too large to be read';
	return Number.isInteger(value) ? 'a number too large to be read exactly' : 'a number with a fraction';
}
