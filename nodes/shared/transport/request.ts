import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';

import { clock, pause } from './clock';
import type { TalkoverFailure } from './errors';
import { failureError, malformedError, networkCode, networkError, rateLimitedError, readErrorBody, readFailure } from './errors';
import {
	accountState,
	backoffMs,
	block,
	countRequest,
	DEFAULT_MAX_RETRIES,
	MAX_TOTAL_WAIT_MS,
	paceMs,
	recordResponse,
	requestDone,
	retryHintMs,
} from './rateLimit';

/**
 * The only code that sends HTTP: builds the URL, authenticates through n8n's credential helper, paces
 * and retries under Talkover's rate limit, and returns the response or throws the error a person can
 * act on. It knows nothing of the node's parameters: what a request may do (retries, total wait,
 * cancellation) is passed in by the caller.
 */

export const CREDENTIAL_TYPE = 'talkoverApi';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface TalkoverResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
	/**
	 * Talkover's failure answer, read once: set for a status the caller handles itself
	 * (`handleStatuses`) and for a 2xx whose body says it failed (`success: false` or `errors`).
	 */
	failure?: TalkoverFailure;
}

/** What one request may do, decided by the caller (the node's Options, the execution). */
export interface RequestSettings {
	/** The input item this request is for; error messages name it. */
	itemIndex?: number;
	/** Retries after a 429 (or, when safe, a 5xx or a dropped connection). Default DEFAULT_MAX_RETRIES. */
	maxRetries?: number;
	/** The longest total wait (pacing and back-off) before the request fails. Default MAX_TOTAL_WAIT_MS. */
	maxWaitMs?: number;
	/** Stops every wait when the execution is cancelled. */
	signal?: AbortSignal;
}

export interface RequestOptions extends RequestSettings {
	body?: IDataObject;
	qs?: IDataObject;
	/** What a 404 means for this request, e.g. "Agent not found: …". */
	notFoundMessage?: string;
	/** Statuses the caller handles itself: returned (with `failure`) instead of thrown. */
	handleStatuses?: number[];
	/**
	 * Send the credential's Account Token instead of the API Token, when it has one (Talkover's
	 * "Account API" pages, e.g. the credit balance, take a user token).
	 */
	useAccountToken?: boolean;
}

/** The credential's base URL without surrounding spaces or trailing slashes. */
export function baseUrlOf(credentials: IDataObject): string {
	return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
}

/** The `data` of Talkover's `{ success, data }` envelope (the body itself when there is no envelope). */
export function unwrap(body: unknown): unknown {
	const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : undefined;
	return object && 'data' in object ? object.data : body;
}

/** Network failures worth another try of a request that is safe to repeat (GET, PUT, DELETE). */
const RETRY_NETWORK_CODES = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ECONNREFUSED'];

/** Methods that change nothing when sent twice; a POST is repeated only when it provably was not processed. */
function isIdempotent(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'PUT' || method === 'DELETE' || method === 'HEAD';
}

/** A 2xx body that says the request failed all the same (`success: false`, or problems listed in `errors`). */
function saysFailed(body: unknown): boolean {
	return (body as IDataObject | undefined)?.success === false || readErrorBody(body).lines.length > 0;
}

/**
 * Sends one request to Talkover and returns its response, or throws a NodeApiError a person can act on.
 * Paces itself on the `X-RateLimit-*` headers; waits and retries after a 429 (any method) and, for
 * GET/PUT/DELETE only, after a 5xx, a timeout or a dropped connection. A POST is sent again only when
 * Talkover provably did not process it: a 429 or a refused connection. Every wait, whatever its reason,
 * happens in one place at the top of the loop, on the clock of ./clock.
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
	const accountToken = options.useAccountToken ? String(credentials.accountToken ?? '').trim() : '';
	const secrets = [token, accountToken];
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

	const node = this.getNode();
	const { itemIndex, signal } = options;
	const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
	const maxWaitMs = options.maxWaitMs ?? MAX_TOTAL_WAIT_MS;
	const state = accountState(`${baseUrl}\u0000${token}`);
	const idempotent = isIdempotent(method);
	let waited = 0;
	/** The last wait Talkover asked for (429), for the error message. */
	let lastHint: number | undefined;
	/** This request's own back-off (5xx, network): no attempt before this time. */
	let retryAt = 0;
	/** Whether attempt `attempt` may be followed by another after waiting `wait` ms. */
	const mayRetry = (attempt: number, wait: number) => attempt < maxRetries && waited + wait <= maxWaitMs;
	const waitMs = () => {
		const now = clock.now();
		return Math.max(paceMs(state, now), retryAt - now);
	};

	for (let attempt = 0; ; attempt++) {
		// The one waiting path: the account's pacing, a 429's block of the account, this request's back-off.
		for (let wait = waitMs(); wait > 0; wait = waitMs()) {
			if (waited + wait > maxWaitMs) {
				throw rateLimitedError(node, { hintMs: lastHint ?? wait, attempts: attempt, waitedMs: waited, maxWaitMs, itemIndex, sent: attempt > 0 });
			}
			await pause(wait, signal);
			waited += wait;
		}
		countRequest(state);

		let response: TalkoverResponse;
		try {
			// The Account Token goes through the credential's own `authenticate`, in place of the API Token.
			const asAccount = accountToken
				? { credentialsDecrypted: { id: 'accountToken', name: 'Talkover API (Account Token)', type: CREDENTIAL_TYPE, data: { ...credentials, apiToken: accountToken } } }
				: undefined;
			response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, request, asAccount)) as TalkoverResponse;
		} catch (error) {
			requestDone(state);
			const code = networkCode(error);
			const retryable = code === 'ECONNREFUSED' || (idempotent && RETRY_NETWORK_CODES.includes(code ?? ''));
			const wait = backoffMs(attempt + 1);
			if (retryable && mayRetry(attempt, wait)) {
				retryAt = clock.now() + wait;
				continue;
			}
			throw networkError(node, code, { method, url: `${baseUrl}${path}`, secret: secrets, itemIndex });
		}
		recordResponse(state, response.headers);
		requestDone(state);

		const { statusCode } = response;
		if (statusCode === 429 || (idempotent && statusCode >= 500 && !options.handleStatuses?.includes(statusCode))) {
			const failure = readFailure(statusCode, response.body, secrets);
			const hint = statusCode === 429 || statusCode === 503 ? retryHintMs(response.headers, failure.retryAfterSeconds) : undefined;
			const wait = hint ?? backoffMs(attempt + 1);
			if (statusCode === 429) {
				lastHint = hint;
				if (!mayRetry(attempt, wait)) {
					throw rateLimitedError(node, { hintMs: hint, attempts: attempt + 1, waitedMs: waited, maxWaitMs, itemIndex, apiMessage: failure.message, sent: true });
				}
				// Every request of this account waits, not just this one.
				block(state, wait);
				continue;
			}
			if (mayRetry(attempt, wait)) {
				retryAt = clock.now() + wait;
				continue;
			}
		}
		return checkResponse(node, response, method, path, options, secrets);
	}
}

/** A response that is not retried any more: returned when it is a success (or handled by the caller), else thrown. */
function checkResponse(
	node: INode,
	response: TalkoverResponse,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions,
	secrets: string[],
): TalkoverResponse {
	const { statusCode, body } = response;
	const success = statusCode >= 200 && statusCode < 300;
	if (success && statusCode !== 204 && typeof body === 'string' && body.trim() !== '') {
		throw malformedError(node, { status: statusCode, method, path, itemIndex: options.itemIndex });
	}
	if (success && !saysFailed(body)) return response;
	const failure = readFailure(statusCode, body, secrets);
	if (success || options.handleStatuses?.includes(statusCode)) return { ...response, failure };
	throw failureError(node, failure, { itemIndex: options.itemIndex, notFoundMessage: options.notFoundMessage });
}
