import type { IDataObject, IHttpRequestMethods, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { firstCharacters } from '../validation';

import type { FailureWords } from './failureMessages';
import { BASE_URL_HINT, describeFailure } from './failureMessages';
import { beforeSendingProblem, networkProblem, neverSent } from './networkFailure';
import { scrub, withoutUserinfo } from './secretText';
import type { TalkoverFailure } from './talkoverFailure';
import { talkoverSaysNotFound } from './talkoverFailure';

/**
 * The NodeApiErrors the transport throws: for a failure Talkover answered, a request that got no answer, an
 * answer that makes no sense, a redirect, and an exhausted rate limit; each says whether Talkover may have
 * acted on the request (mayHaveBeenProcessed). The words come from ./failureMessages and ./networkFailure.
 */

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

/**
 * Whether a failure is Talkover's documented 404 for a thing that does not exist: its own words ("Agent not
 * found", `ACTION_NOT_FOUND`: talkoverSaysNotFound), or openapi.json's 404 without a body ("Webhook not
 * found", "Action not found"). A 404 with a body that is not Talkover's word (a framework's
 * `{"message":"Not Found"}`, a web page: a wrong Base URL or a proxy) is not: nothing may be taken as gone on it.
 */
export function documentedNotFound(failure: TalkoverFailure): boolean {
	if (failure.status !== 404) return false;
	const bodiless = !failure.textBody && failure.message === undefined && failure.code === undefined && failure.lines.length === 0;
	return bodiless || talkoverSaysNotFound(failure);
}

/** Whether an error is the transport's error for Talkover's documented 404 (documentedNotFound). */
export function isTalkoverNotFound(error: unknown): boolean {
	const e = error as { httpCode?: unknown; context?: IDataObject } | undefined;
	return String(e?.httpCode ?? '') === '404' && e?.context?.talkoverNotFound === true;
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
	if (documentedNotFound(failure)) error.context.talkoverNotFound = true;
	return flagMaybeProcessed(error, failure.mayHaveBeenProcessed);
}

/** How much of a failure's own text an error shows when the failure has no network code. */
const MAX_DETAIL = 200;

/**
 * The error for a request that got no answer (`url` is shown without the token). `beforeSending`: the
 * failure provably came before any byte of the request was sent (see failedBeforeSending). `detail`: the
 * failure's own text, shown (secrets masked, at most MAX_DETAIL characters) when it has no network code,
 * e.g. n8n refusing to send ("No bridge acquired"), never called a network error.
 */
export function networkError(
	node: INode,
	code: string | undefined,
	{ method, url, secret, itemIndex, beforeSending = false, detail }: { method: IHttpRequestMethods; url: string; secret: string | string[]; itemIndex?: number; beforeSending?: boolean; detail?: unknown },
): NodeApiError {
	const notSent = beforeSending || neverSent(code);
	const shown = code === undefined && typeof detail === 'string' && detail.trim() !== '' ? firstCharacters(scrub(detail.trim(), secret), MAX_DETAIL) : undefined;
	const problem = beforeSending ? beforeSendingProblem(code) : shown ? `the request failed (${shown})` : networkProblem(code);
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
