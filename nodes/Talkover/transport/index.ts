import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	accountState,
	backoffMs,
	block,
	countRequest,
	DEFAULT_MAX_RETRIES,
	MAX_TOTAL_WAIT_MS,
	paceMs,
	pause,
	recordResponse,
	requestDone,
	retryHintMs,
} from './rateLimit';

export { DEFAULT_MAX_RETRIES, pause, resetRateLimitState } from './rateLimit';

/**
 * The only module that knows HTTP: builds Talkover URLs, authenticates through n8n's credential
 * helper, paces and retries under Talkover's rate limit (./rateLimit), and turns every error shape of
 * the Talkover API into one message a person can act on.
 */

export const CREDENTIAL_TYPE = 'talkoverApi';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface TalkoverResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
}

export interface RequestOptions {
	body?: IDataObject;
	qs?: IDataObject;
	/** The input item this request is for; error messages name it. */
	itemIndex?: number;
	/** What a 404 means for this request, e.g. "Agent not found: …". */
	notFoundMessage?: string;
	/** Statuses the caller handles itself: returned instead of thrown. */
	handleStatuses?: number[];
}

/** `/api/v1` path from a template; every interpolated value is one percent-encoded path segment. */
export function apiPath(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
	return strings.reduce(
		(path, part, i) => path + part + (i < segments.length ? encodeURIComponent(String(segments[i])) : ''),
		'/api/v1',
	);
}

export interface TalkoverErrorBody {
	code?: string;
	message?: string;
	/** Seconds, from `details.retry_after` (429). */
	retryAfter?: number;
	/** One line per validation problem (422 `errors` as a field map or as a list). */
	lines: string[];
}

function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/**
 * Reads any of the documented error bodies: `{message}`, `{success:false,message}`,
 * `{error:"CODE",message,status_code}`, `{error:{code,message,details}}`,
 * `{success:false,error:{code,message}}`, and 422 `errors` as a field→messages map or a list of strings.
 */
export function readErrorBody(raw: unknown): TalkoverErrorBody {
	let body: unknown = raw;
	if (typeof raw === 'string') {
		try {
			body = JSON.parse(raw);
		} catch {
			return { lines: [] };
		}
	}
	const object = asObject(body);
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
	const retryAfter = Number(details?.retry_after);
	if (details?.retry_after !== undefined && Number.isFinite(retryAfter)) result.retryAfter = retryAfter;
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

export interface ErrorText {
	message: string;
	description: string;
}

/** Error codes whose meaning the user can act on; the message says what to do. */
const CODE_MESSAGES: Record<string, string> = {
	INSUFFICIENT_CREDITS: 'Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call',
	AGENT_INACTIVE: 'The agent is not published, so it cannot place calls: publish it first (Agent → Publish)',
	INVALID_PHONE_NUMBER: 'Talkover rejected the phone number: it must be in international format, e.g. +15551234567',
	MISSING_PHONE_NUMBER: 'Talkover needs a phone number to call',
	AGENT_HAS_ACTIVE_CALLS: 'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish',
	AGENT_IS_PUBLISHED: 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)',
	CALL_NOT_ACTIVE: 'The call is not active any more: it has already ended',
};

/** Codes that some pages send only as a message (Delete Agent's 409 example has no code). */
function codeFromMessage(statusCode: number, message?: string): string | undefined {
	if (statusCode !== 409 || !message) return undefined;
	if (/active calls?/i.test(message)) return 'AGENT_HAS_ACTIVE_CALLS';
	if (/published/i.test(message)) return 'AGENT_IS_PUBLISHED';
	if (/not active/i.test(message)) return 'CALL_NOT_ACTIVE';
	return undefined;
}

/**
 * The message and description shown in n8n for a failed Talkover response. A 429 never gets here:
 * talkoverRequest retries it and, when it gives up, throws its own rate-limit error.
 */
export function describeError(statusCode: number, raw: unknown, notFoundMessage?: string): ErrorText {
	const { code, message: apiMessage, lines } = readErrorBody(raw);
	const said = apiMessage ? `Talkover said: "${apiMessage}"` : '';
	const details: string[] = [];
	const known = CODE_MESSAGES[code ?? codeFromMessage(statusCode, apiMessage) ?? ''];
	let message: string;
	switch (true) {
		case known !== undefined && statusCode !== 401 && statusCode !== 404:
			message = known;
			break;
		case statusCode === 401:
			message = 'Talkover did not accept the API token: it is wrong or has expired';
			details.push('Open the "Talkover API" credential and paste a current token from Talkover (Account → Environments).');
			break;
		case statusCode === 403:
			message = 'The Talkover API token is not allowed to do this';
			break;
		case statusCode === 404:
			message = notFoundMessage ?? 'Talkover could not find what was asked for';
			break;
		case statusCode === 422:
			message = `Talkover rejected the data: ${apiMessage ?? 'validation failed'}`;
			break;
		case statusCode >= 500:
			message = `Talkover had a problem on its side (HTTP ${statusCode})`;
			details.push('This is not caused by your input. Try again later.');
			break;
		default:
			message = `Talkover refused the request (HTTP ${statusCode})${apiMessage ? `: ${apiMessage}` : ''}`;
	}
	// A 422's message already carries Talkover's words; every other status shows them in the description.
	if (said && statusCode !== 422) details.unshift(said);
	if (code) details.push(`Error code: ${code}`);
	if (lines.length) details.push(...lines);
	if (!said && !lines.length && typeof raw === 'string' && raw.trim() !== '') {
		details.push('The response was not a Talkover JSON error; check the Base URL of the credential.');
	}
	return { message, description: details.join('\n') };
}

function scrub(text: string, secret: string): string {
	return secret ? text.split(secret).join('***') : text;
}

/** n8n wraps network failures in a NodeApiError that keeps the system error code only in its texts. */
function networkCode(error: unknown): string | undefined {
	const e = error as { cause?: { code?: string }; code?: string; message?: string; messages?: string[] };
	if (e.cause?.code) return e.cause.code;
	if (e.code) return e.code;
	const text = [e.message ?? '', ...(e.messages ?? [])].join(' ');
	if (/socket hang up/i.test(text)) return 'ECONNRESET';
	if (/timeout of \d+ms exceeded/i.test(text)) return 'ECONNABORTED';
	return /\b(E[A-Z]{3,}[A-Z_]*)\b/.exec(text)?.[1];
}

/** Network failures after which the server cannot have processed the request. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/**
 * Whether Talkover may have acted on a request that failed: a 5xx, a timeout, a dropped connection or a
 * 2xx we could not read. A 4xx (including 429) or a refused connection means it did not.
 */
export function mayHaveBeenProcessed(error: unknown): boolean {
	return (error as { context?: IDataObject }).context?.mayHaveBeenProcessed === true;
}

function flagMaybeProcessed<T extends NodeApiError>(error: T, maybe: boolean): T {
	if (maybe) error.context.mayHaveBeenProcessed = true;
	return error;
}

function networkProblem(error: unknown): string {
	const code = networkCode(error);
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'the connection was closed before Talkover answered';
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
			return 'Talkover did not answer in time';
		default:
			return code ? `network error ${code}` : 'network error';
	}
}

/** The credential's base URL without surrounding spaces or trailing slashes. */
export function baseUrlOf(credentials: IDataObject): string {
	return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
}

/** The execution's cancel signal (undefined for pickers and the credential test). */
function cancelSignal(ctx: Context): AbortSignal | undefined {
	const execute = ctx as IExecuteFunctions;
	return typeof execute.getExecutionCancelSignal === 'function' ? execute.getExecutionCancelSignal() : undefined;
}

/** The item's Options → Max Retries (checked by the router before anything is sent). */
function maxRetriesFor(ctx: Context, itemIndex: number | undefined): number {
	const execute = ctx as IExecuteFunctions;
	if (itemIndex === undefined || typeof execute.getInputData !== 'function') return DEFAULT_MAX_RETRIES;
	const value = Number(execute.getNodeParameter('options.maxRetries', itemIndex, DEFAULT_MAX_RETRIES));
	return Number.isInteger(value) && value >= 0 ? value : DEFAULT_MAX_RETRIES;
}

/** Network failures worth another try of a request that is safe to repeat (GET, PUT, DELETE). */
const RETRY_NETWORK_CODES = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ECONNREFUSED'];

/** Methods that change nothing when sent twice; a POST is repeated only when it provably was not processed. */
function isIdempotent(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'PUT' || method === 'DELETE' || method === 'HEAD';
}

function seconds(ms: number): string {
	const s = Math.ceil(ms / 1000);
	return `${s} second${s === 1 ? '' : 's'}`;
}

/** The error for a request that the rate limit kept from succeeding within the retries and the wait allowed. */
function rateLimitedError(
	ctx: Context,
	{ hintMs, attempts, waitedMs, itemIndex, apiMessage, sent }: { hintMs?: number; attempts: number; waitedMs: number; itemIndex?: number; apiMessage?: string; sent: boolean },
): NodeApiError {
	const lines: string[] = [];
	if (apiMessage) lines.push(`Talkover said: "${apiMessage}"`);
	if (hintMs !== undefined) lines.push(`Talkover asks to wait ${seconds(hintMs)} before the next request.`);
	lines.push(
		sent
			? `Tried ${attempts} time${attempts === 1 ? '' : 's'} and waited ${seconds(waitedMs)} in all.`
			: `Not sent: waiting for the rate limit would take longer than ${seconds(MAX_TOTAL_WAIT_MS)}.`,
	);
	lines.push('Send fewer items at once (Options → Batch Size, Batch Interval), raise Options → Max Retries, or ask Talkover for a higher limit.');
	const error = new NodeApiError(
		ctx.getNode(),
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
 * Sends one request to Talkover and returns its response, or throws a NodeApiError a person can act on.
 * Paces itself on the `X-RateLimit-*` headers; waits and retries after a 429 (any method) and, for
 * GET/PUT/DELETE only, after a 5xx, a timeout or a dropped connection. A POST is sent again only when
 * Talkover provably did not process it: a 429 or a refused connection.
 */
export async function talkoverRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions = {},
): Promise<TalkoverResponse> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = baseUrlOf(credentials);
	const token = String(credentials.apiToken ?? '');
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 60_000,
	};
	if (options.qs && Object.keys(options.qs).length) request.qs = options.qs;
	if (options.body !== undefined) request.body = options.body;

	const state = accountState(`${baseUrl}\u0000${token}`);
	const maxRetries = maxRetriesFor(this, options.itemIndex);
	const signal = cancelSignal(this);
	const idempotent = isIdempotent(method);
	let waited = 0;
	let lastHint: number | undefined;
	/** Whether attempt `attempt` may be followed by another after waiting `wait` ms (Max Retries, total wait). */
	const mayRetry = (attempt: number, wait: number) => attempt < maxRetries && waited + wait <= MAX_TOTAL_WAIT_MS;
	/** Waits `wait` ms before the next attempt, if one is allowed; false when this attempt was the last. */
	const waitToRetry = async (attempt: number, wait: number): Promise<boolean> => {
		if (!mayRetry(attempt, wait)) return false;
		await pause(wait, signal);
		waited += wait;
		return true;
	};

	for (let attempt = 0; ; attempt++) {
		for (let wait = paceMs(state); wait > 0; wait = paceMs(state)) {
			if (waited + wait > MAX_TOTAL_WAIT_MS) {
				throw rateLimitedError(this, { hintMs: lastHint ?? wait, attempts: attempt, waitedMs: waited, itemIndex: options.itemIndex, sent: attempt > 0 });
			}
			await pause(wait, signal);
			waited += wait;
		}
		countRequest(state);

		let response: TalkoverResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, request)) as TalkoverResponse;
		} catch (error) {
			requestDone(state);
			const code = networkCode(error) ?? '';
			const retryable = code === 'ECONNREFUSED' || (idempotent && RETRY_NETWORK_CODES.includes(code));
			if (retryable && (await waitToRetry(attempt, backoffMs(attempt + 1)))) continue;
			const problem = networkProblem(error);
			const failure = new NodeApiError(
				this.getNode(),
				{ message: problem } as JsonObject,
				{
					message: `Could not reach Talkover: ${problem}`,
					description: scrub(`Request: ${method} ${baseUrl}${path}. Check the Base URL of the "Talkover API" credential and your network.`, token),
					itemIndex: options.itemIndex,
				},
			);
			throw flagMaybeProcessed(failure, !NOT_SENT_CODES.includes(code));
		}
		recordResponse(state, response.headers);
		requestDone(state);

		const { statusCode } = response;
		if (statusCode === 429 || (idempotent && statusCode >= 500 && !options.handleStatuses?.includes(statusCode))) {
			const apiError = readErrorBody(response.body);
			const hint = statusCode === 429 || statusCode === 503 ? retryHintMs(response.headers, apiError.retryAfter) : undefined;
			const wait = hint ?? backoffMs(attempt + 1);
			if (statusCode === 429) {
				lastHint = hint;
				if (!mayRetry(attempt, wait)) {
					throw rateLimitedError(this, { hintMs: hint, attempts: attempt + 1, waitedMs: waited, itemIndex: options.itemIndex, apiMessage: apiError.message, sent: true });
				}
				// Every request of this account waits, not just this one.
				block(state, wait);
				continue;
			}
			if (await waitToRetry(attempt, wait)) continue;
		}
		return checkResponse(this, response, method, path, options, token);
	}
}

/** A response that is not retried any more: returned when it is a success (or handled by the caller), else thrown. */
function checkResponse(
	ctx: Context,
	response: TalkoverResponse,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions,
	token: string,
): TalkoverResponse {
	const { statusCode } = response;
	if ((statusCode >= 200 && statusCode < 300) || options.handleStatuses?.includes(statusCode)) {
		if (statusCode >= 200 && statusCode < 300 && statusCode !== 204 && typeof response.body === 'string' && response.body.trim() !== '') {
			const malformed = new NodeApiError(ctx.getNode(), { message: 'malformed response' } as JsonObject, {
				message: 'Talkover sent a response that is not valid JSON',
				description: `HTTP ${statusCode} from ${method} ${path}. Check the Base URL of the "Talkover API" credential.`,
				httpCode: String(statusCode),
				itemIndex: options.itemIndex,
			});
			throw flagMaybeProcessed(malformed, true);
		}
		return response;
	}
	const text = describeError(statusCode, response.body, options.notFoundMessage);
	const apiError = readErrorBody(response.body);
	const failure = new NodeApiError(
		ctx.getNode(),
		{ message: scrub(apiError.message ?? text.message, token), code: apiError.code ?? null } as JsonObject,
		{
			message: scrub(text.message, token),
			description: scrub(text.description, token),
			httpCode: String(statusCode),
			itemIndex: options.itemIndex,
		},
	);
	if (apiError.code) failure.context.code = apiError.code;
	throw flagMaybeProcessed(failure, statusCode >= 500);
}

/** The `data` of Talkover's `{ success, data }` envelope (the body itself when there is no envelope). */
export function unwrap(body: unknown): unknown {
	const object = asObject(body);
	return object && 'data' in object ? object.data : body;
}

/**
 * Items of a list endpoint: every page (Return All) or until `limit` items, fetching no page more than
 * needed. Pages follow `meta` or `pagination` (the API uses both); a response without either is one page.
 */
export async function getList(
	this: IExecuteFunctions,
	path: string,
	qs: IDataObject,
	{ returnAll, limit, itemIndex }: { returnAll: boolean; limit: number; itemIndex: number },
): Promise<IDataObject[]> {
	const perPage = returnAll ? 100 : Math.min(Math.max(limit, 1), 100);
	const items: IDataObject[] = [];
	let page: number | undefined = 1;
	while (page !== undefined && (returnAll || items.length < limit)) {
		const response = await talkoverRequest.call(this, 'GET', path, {
			qs: { ...qs, per_page: perPage, page },
			itemIndex,
		});
		const data = unwrap(response.body);
		items.push(...((Array.isArray(data) ? data : []) as IDataObject[]));
		const next = nextPage(response.body);
		page = next !== undefined && next > page ? next : undefined;
	}
	return returnAll ? items : items.slice(0, limit);
}

/** The paging object of a list response, which the API calls `meta` or `pagination`. */
export function nextPage(body: unknown): number | undefined {
	const object = asObject(body);
	const paging = asObject(object?.meta) ?? asObject(object?.pagination);
	if (!paging) return undefined;
	const current = Number(paging.current_page);
	const last = Number(paging.last_page);
	return Number.isFinite(current) && Number.isFinite(last) && current < last ? current + 1 : undefined;
}
