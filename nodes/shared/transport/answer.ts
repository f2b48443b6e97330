import type { IDataObject } from 'n8n-workflow';

import { readErrorBody } from './errors';

/**
 * What a successful Talkover answer must hold. Every documented success is a JSON object
 * `{ "success": true, … }`; operations say what else they need. An answer that does not hold it (empty,
 * a web page, `data: null`, a string where a list belongs) is an error for that item, never a guess.
 * - `object`: `data` is an object (one agent, one call, …)
 * - `list`: `data` is a list of objects (a page of a list, the active calls)
 * - `success`: nothing but `success: true` (Validate); a `data` that is there must be an object or a list
 * - `deleted`: as `success`, or a 204 without a body: Talkover's pages answer a Delete with
 *   `{ success: true, … }`, openapi.json with 204 No Content (Delete Agent, Delete Campaign)
 * - `{ objectIn, bare }`: an object in `data`, as `object`, or one of the answers documented without the
 *   envelope: an object in the key `objectIn` (Make Campaign Call's page: `{ campaign_call, campaign }`),
 *   or with `bare` the record itself, with its `id` and neither `success` nor `data` (openapi.json's
 *   campaign endpoints answer a bare Campaign or Call)
 */
export type Expected = 'object' | 'list' | 'success' | 'deleted' | { objectIn?: string; bare?: boolean };

function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

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
	const object = asObject(body);
	if (!object) return noData(`the answer is ${kindOf(body)}`);
	// success: false is a failure, read by the transport; here only answers that claim success.
	if (object.success === true && readErrorBody(object).lines.length > 0) {
		return `Talkover's answer contradicts itself (HTTP ${status}: success: true with problems listed)`;
	}
	const data = object.data;
	if (expected === 'success' || expected === 'deleted') {
		if (object.success !== true) return `Talkover's answer does not say whether the request succeeded (HTTP ${status})`;
		if ('data' in object && (data === null || typeof data !== 'object')) return noData(`data is ${kindOf(data)}`);
		return undefined;
	}
	if (typeof expected === 'object') {
		if (expected.objectIn && asObject(object[expected.objectIn])) return undefined;
		const record = !('data' in object) && !('success' in object) && (typeof object.id === 'string' || typeof object.id === 'number');
		if (expected.bare && record) return undefined;
		return asObject(data) ? undefined : noData(`data is ${kindOf(data)}`);
	}
	if (expected === 'object') return asObject(data) ? undefined : noData(`data is ${kindOf(data)}`);
	if (!Array.isArray(data)) return noData(`data is ${kindOf(data)}`);
	const odd = data.find((entry) => !asObject(entry));
	return odd === undefined && data.every((entry) => asObject(entry)) ? undefined : noData(`a list entry is ${kindOf(odd)}`);
}
