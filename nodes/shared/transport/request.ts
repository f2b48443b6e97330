import type { IAdditionalCredentialOptions, IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

import type { AnswerReader } from '../answers/reader';
import { readAnswer } from '../answers/reader';
import type { Expected } from './answer';
import { answerProblem } from './answer';
import { clock } from './clock';
import type { Context } from './credential';
import { baseUrlOf, CREDENTIAL_TYPE, credentialError, credentialProblem, tokensOf } from './credential';
import { Deadline, deadlineError, queuedError } from './deadline';
import { failedBeforeSending, networkCode } from './networkFailure';
import { documentedNotFound, failureError, networkError, rateLimitedError, redirectError, unexpectedAnswerError } from './nodeErrors';
import type { Ticket } from './pacing';
import { DOCUMENTED_WINDOW_MS, retryHint } from './rateHints';
import { accountPacing, backoffMs, DEFAULT_MAX_RETRIES, MAX_TOTAL_WAIT_MS } from './rateLimit';
import { scrub } from './secretText';
import type { AtSend } from './withheld';
import { WithheldAttempt } from './withheld';
import { clip } from './shownText';
import type { TalkoverFailure } from './talkoverFailure';
import { readErrorBody, readFailure } from './talkoverFailure';

/**
 * The only code that sends HTTP: builds the URL, authenticates through n8n's credential helper, paces
 * and retries under Talkover's rate limit, and returns the response or throws the error a person can
 * act on. It knows nothing of the node's parameters: what a request may do (retries, total wait,
 * cancellation) is passed in by the caller.
 */

export interface TalkoverResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
	/** Talkover's `message` of a successful answer, without the API token (e.g. "Flow is valid"). */
	message?: string;
	/**
	 * Talkover's failure answer, read once: set for a status the caller handles itself
	 * (`handleStatuses`) and for a 2xx whose body says it failed (`success: false` or `errors`).
	 */
	failure?: TalkoverFailure;
	/** A 404 to a retry after an attempt Talkover may have acted on (asked for with `goneAfterRetry`). */
	goneAfterRetry?: boolean;
}

/**
 * A response read by its reader (`read`): what the reader took out of the body (`value`), never the body.
 * With `failure` (a status the caller handles) or `goneAfterRetry` the body is not read and `value` is
 * undefined.
 */
export type TalkoverAnswer<T> = Omit<TalkoverResponse, 'body'> & { value: T };

/** How a request's answer is read: a reader of its route, with the shape the transport checks first (answers/shape.ts). */
export type ReaderOf<T> = AnswerReader<T> & { readonly expect?: Expected };

/** What one request may do, decided by the caller (the node's Options, the execution). */
export interface RequestSettings {
	/** The input item this request is for; error messages name it. */
	itemIndex?: number;
	/**
	 * Retries after a 5xx or a dropped connection (when safe) or a 429 that gives no wait. Waits Talkover
	 * asks for are not counted: they are bounded by maxWaitMs (but 0 means never sent again at all).
	 * Default DEFAULT_MAX_RETRIES.
	 */
	maxRetries?: number;
	/** The most time the request may take in all: waits, retries and answers. Default MAX_TOTAL_WAIT_MS. */
	maxWaitMs?: number;
	/** Stops every wait when the execution is cancelled. */
	signal?: AbortSignal;
	/**
	 * An earlier try of this item (n8n's Retry On Fail) failed after Talkover may have acted on it: with
	 * `goneAfterRetry`, a 404 to this try means the earlier one deleted it.
	 */
	actedBefore?: boolean;
	/**
	 * When the item began waiting for its turn (an Auto slot, behind other requests on the token): the
	 * first request that reads it counts that wait against its maxWaitMs, and takes it (`since` is
	 * cleared), so the item's later requests (pages, the write after a read) get their own time.
	 */
	queue?: { since?: number };
	/**
	 * A request sent after the hook that started it returned (the trigger's catch-up): n8n may have released
	 * what evaluates the credential's expressions by then (n8n 1.123 releases the workflow's expression
	 * isolate once its activation ends), so the credential read during the hook is used, and the header the
	 * credential's `authenticate` writes (`Authorization: Bearer <API Token>`) is written here, to the same
	 * Base URL.
	 */
	detached?: { credentials: IDataObject };
}

export interface RequestOptions extends RequestSettings {
	body?: IDataObject;
	qs?: IDataObject;
	/** What a 404 means for this request, e.g. "Agent not found: …". */
	notFoundMessage?: string;
	/** The operation's own sentence for an error code (e.g. Make Call's INSUFFICIENT_CREDITS); see FailureWords. */
	codeMessages?: Record<string, string>;
	/**
	 * Statuses the caller handles itself: returned (with `failure`) instead of thrown. A 2xx listed here
	 * is returned with `failure` when its body says the request failed (`success: false`).
	 */
	handleStatuses?: number[];
	/**
	 * What a successful answer must hold (see ./answer); anything else is an error, never a guess. Only for
	 * callers not yet reading with a reader (`read`), which brings its own.
	 */
	expect?: Expected;
	/**
	 * Send the credential's Account Token instead of the API Token, when it has one (Talkover's
	 * "Account API" pages, e.g. the credit balance, take a user token).
	 */
	useAccountToken?: boolean;
	/**
	 * A 404 to a retry after an attempt Talkover may have acted on (a 5xx, a dropped connection) is
	 * returned with `goneAfterRetry` instead of thrown: for a DELETE, the first attempt may have deleted it.
	 * Only Talkover's documented "not found" answer (documentedNotFound): any other 404 (a wrong Base URL, a
	 * proxy's page) is thrown.
	 */
	goneAfterRetry?: boolean;
	/**
	 * Asked right before each attempt leaves — after every wait (the account's pacing, a 429's wait, a
	 * back-off) — with the clock's time: `{ body }` sends that body (one that depends on the moment it
	 * leaves), `{ withhold }` sends nothing (the request throws a WithheldAttempt holding it), undefined
	 * sends `body` as given. For a request that may only leave within a time its caller knows (Calling Hours).
	 */
	atSend?: (now: number) => AtSend;
}

/** The `data` of Talkover's `{ success, data }` envelope (the body itself when there is no envelope). */
export function unwrap(body: unknown): unknown {
	const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : undefined;
	return object && 'data' in object ? object.data : body;
}

/** Network failures worth another try of a request that is safe to repeat (GET, PUT, DELETE). */
const RETRY_NETWORK_CODES = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ECONNREFUSED', 'ERR_BAD_RESPONSE'];

/** Methods that change nothing when sent twice; a POST is repeated only when it provably was not processed. */
function isIdempotent(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'PUT' || method === 'DELETE' || method === 'HEAD';
}

/** A 2xx body that says the request failed all the same (`success: false`, or problems listed in `errors`). */
function saysFailed(body: unknown): boolean {
	return (body as IDataObject | undefined)?.success === false || readErrorBody(body).lines.length > 0;
}

/**
 * A 429 asking for at least this long (Talkover's hints are whole seconds) is a wait Talkover asked for,
 * not counted against Max Retries; a shorter one ("wait 0 s") is, so a server that keeps answering
 * "try again now" cannot make a request retry for 5 minutes.
 */
const MIN_ASKED_WAIT_MS = 1_000;

/**
 * Sends the request through n8n's credential helper, stoppable by `signal`. n8n (2.8) puts the
 * execution's cancel signal on every request of an execution, replacing ours: the helper is given a
 * view of the context whose cancel signal is this one (which follows the execution's cancel signal).
 */
async function send(ctx: Context, request: IHttpRequestOptions, signal: AbortSignal, asAccount?: IAdditionalCredentialOptions): Promise<TalkoverResponse> {
	request.abortSignal = signal;
	const view = new Proxy(ctx, {
		get(target, property) {
			if (property === 'getExecutionCancelSignal') return () => signal;
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
	return (await ctx.helpers.httpRequestWithAuthentication.call(view, CREDENTIAL_TYPE, request, asAccount)) as TalkoverResponse;
}

/** `send` for a detached request (RequestSettings.detached): n8n's plain HTTP helper, the credential's header written here. */
async function sendDetached(ctx: Context, request: IHttpRequestOptions, signal: AbortSignal, token: string): Promise<TalkoverResponse> {
	return (await ctx.helpers.httpRequest({ ...request, abortSignal: signal, headers: { ...request.headers, Authorization: `Bearer ${token}` } })) as TalkoverResponse;
}

/**
 * Sends one request (sendRequest) and reads its answer with `read`, the reader of its route: the reader's
 * `expect` is checked first, with the status (./answer), then the reader takes its value out of the body.
 * The caller gets that value, never the body (TalkoverAnswer). A plain function of the context (not called
 * with `.call`), so that the value's type is the reader's.
 */
export async function talkoverAnswer<T>(ctx: Context, method: IHttpRequestMethods, path: string, options: RequestOptions & { read: ReaderOf<T> }): Promise<TalkoverAnswer<T>> {
	const { read, ...rest } = options;
	const response = await sendRequest.call(ctx, method, path, { ...rest, expect: read.expect, reading: true });
	// The body stays here: the caller gets the reader's value.
	const answer: Omit<TalkoverResponse, 'body'> & { body?: unknown } = { ...response };
	delete answer.body;
	if (answer.failure || answer.goneAfterRetry) return { ...answer, value: undefined as T };
	return { ...answer, value: readAnswer(ctx.getNode(), response, read, { method, path, itemIndex: options.itemIndex }) };
}

/**
 * The response to one request, its body unread: only for callers being converted to readers on their own
 * branches; every other caller reads with talkoverAnswer.
 */
export async function talkoverRequest(this: Context, method: IHttpRequestMethods, path: string, options: RequestOptions = {}): Promise<TalkoverResponse> {
	return await sendRequest.call(this, method, path, options);
}

/**
 * Sends one request to Talkover and returns its response, or throws a NodeApiError a person can act on.
 * Waits its turn in the account's window (./pacing: the budget of `X-RateLimit-*`, first come first
 * served); after a 429 waits what Talkover asks (any method) and, for GET/PUT/DELETE only, backs off
 * after a 5xx, a timeout or a dropped connection. A POST is sent again only when Talkover provably did
 * not process it: a 429 or a refused connection. Waits Talkover asked for are bounded by the request's
 * time (maxWaitMs, 5 minutes), other retries also by maxRetries; the whole request, answers included,
 * never takes longer than maxWaitMs (./deadline), so a silent server cannot hold an item.
 */
async function sendRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions & { reading?: boolean },
): Promise<TalkoverResponse> {
	const credentials: IDataObject = options.detached?.credentials ?? (await this.getCredentials(CREDENTIAL_TYPE));
	const unusable = credentialProblem(credentials, options.useAccountToken === true);
	if (unusable) throw credentialError(this.getNode(), unusable, options.itemIndex);
	const baseUrl = baseUrlOf(credentials);
	const token = String(credentials.apiToken ?? '');
	const accountToken = options.useAccountToken ? String(credentials.accountToken ?? '').trim() : '';
	/** Both tokens of the credential, whichever this request carries: neither appears in any text the node gives back. */
	const secrets = [token, ...tokensOf(credentials)].filter(Boolean);
	// The Account Token goes through the credential's own `authenticate`, in place of the API Token.
	const asAccount: IAdditionalCredentialOptions | undefined = accountToken
		? { credentialsDecrypted: { id: 'accountToken', name: 'Talkover API (Account Token)', type: CREDENTIAL_TYPE, data: { ...credentials, apiToken: accountToken } } }
		: undefined;
	const url = `${baseUrl}${path}`;
	const request: IHttpRequestOptions = {
		method,
		url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect is an answer, not followed: n8n would send the token (and a 307's body) to wherever it
		// points, and turn a POST into a GET on a 301/302. Both settings, in case one n8n ignores one.
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (options.qs && Object.keys(options.qs).length) request.qs = options.qs;
	if (options.body !== undefined) request.body = options.body;

	const node = this.getNode();
	const { itemIndex, signal } = options;
	const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
	const maxWaitMs = options.maxWaitMs ?? MAX_TOTAL_WAIT_MS;
	// Paced as the token actually sent: the Account Token's rate limit is not the API Token's.
	const pacing = accountPacing(baseUrl, accountToken || token);
	const idempotent = isIdempotent(method);
	// The time the item already waited for its turn counts (taken once: by the item's first request).
	const since = options.queue?.since;
	if (options.queue) options.queue.since = undefined;
	const started = Math.min(since ?? Infinity, clock.now());
	const deadline = new Deadline(clock, maxWaitMs, signal, started);
	if (deadline.reached) throw queuedError(node, { itemIndex, budgetMs: maxWaitMs });
	/** Retries counted against maxRetries (back-off after a 5xx, a network failure, a 429 without a wait). */
	let retries = 0;
	/** The last wait Talkover asked for (429), for the error message. */
	let lastHint: number | undefined;
	/** When this request got its first 429 without a believable hint (a full window is waited out before giving up). */
	let firstUnhinted429At: number | undefined;
	/** This request's own wait before its next attempt (a 429's wait, a back-off). */
	let retryAt = 0;
	/** Refused with a 429: it goes ahead of the requests waiting for the window. */
	let again = false;
	/** An earlier attempt may have reached Talkover and been acted on (retried after a 5xx or a dropped connection). */
	let mayHaveActed = options.actedBefore === true;
	/** The time is up (or the execution cancelled) while waiting before attempt `attempt`. */
	const stopped = (error: unknown, attempt: number): unknown =>
		deadline.reached
			? rateLimitedError(node, { hintMs: lastHint, attempts: attempt, waitedMs: clock.now() - started, maxWaitMs, itemIndex, sent: attempt > 0 })
			: error;

	try {
		for (let attempt = 0; ; attempt++) {
			let ticket: Ticket;
			try {
				const own = retryAt - clock.now();
				if (own > 0) await clock.sleep(own, deadline.signal);
				ticket = await pacing.beforeSend(deadline.signal, again);
			} catch (error) {
				throw stopped(error, attempt);
			}

			if (options.atSend) {
				const decided = options.atSend(clock.now());
				if (decided && 'withhold' in decided) {
					pacing.unsent(ticket);
					throw new WithheldAttempt(decided.withhold, mayHaveActed);
				}
				if (decided) request.body = decided.body;
				else if (options.body !== undefined) request.body = options.body;
			}

			let response: TalkoverResponse;
			try {
				request.timeout = deadline.attemptTimeout();
				response = options.detached ? await sendDetached(this, request, deadline.signal, token) : await send(this, request, deadline.signal, asAccount);
			} catch (error) {
				pacing.answered(ticket, {});
				if (deadline.reached) throw deadlineError(node, { method, url, secret: secrets, itemIndex, budgetMs: maxWaitMs });
				const code = networkCode(error);
				const beforeSending = failedBeforeSending(error, code);
				const retryable = !signal?.aborted && (code === 'ECONNREFUSED' || (idempotent && RETRY_NETWORK_CODES.includes(code ?? '')));
				const wait = backoffMs(retries + 1);
				if (retryable && retries < maxRetries && deadline.fits(wait)) {
					retries += 1;
					retryAt = clock.now() + wait;
					again = false;
					mayHaveActed ||= code !== 'ECONNREFUSED';
					continue;
				}
				throw networkError(node, code, { method, url, secret: secrets, itemIndex, beforeSending, detail: (error as { message?: unknown } | undefined)?.message });
			}

			const { statusCode, headers } = response;
			if (statusCode === 429) {
				const failure = readFailure(statusCode, response.body, secrets);
				const hint = retryHint(headers, failure.retryAfterSeconds, clock.now()).ms;
				lastHint = hint;
				// Talkover asked for a wait of a second or more: bounded by the request's time only. A shorter
				// one, or none (then a back-off), counts against Max Retries.
				const asked = hint !== undefined && hint >= MIN_ASKED_WAIT_MS;
				if (hint === undefined) firstUnhinted429At ??= clock.now();
				// No hint: back off; the last retry goes only once Talkover's documented window (a minute) has
				// turned since the first such 429, so a full window is not given up on after seconds.
				const windowLeft = firstUnhinted429At === undefined ? 0 : firstUnhinted429At + DOCUMENTED_WINDOW_MS - clock.now();
				const wait = hint ?? (retries + 1 === maxRetries ? Math.max(backoffMs(retries + 1), windowLeft) : backoffMs(retries + 1));
				pacing.answered(ticket, { headers, statusCode, waitMs: wait });
				// Max Retries 0: never sent again, not even when Talkover says when.
				if (maxRetries === 0 || (!asked && retries >= maxRetries) || !deadline.fits(wait)) {
					throw rateLimitedError(node, { hintMs: hint, attempts: attempt + 1, waitedMs: clock.now() - started, maxWaitMs, itemIndex, apiMessage: failure.message, sent: true });
				}
				if (!asked) retries += 1;
				retryAt = clock.now() + wait;
				again = true;
				continue;
			}
			pacing.answered(ticket, { headers, statusCode });
			if (idempotent && statusCode >= 500 && !options.handleStatuses?.includes(statusCode)) {
				const failure = readFailure(statusCode, response.body, secrets);
				const hint = statusCode === 503 ? retryHint(headers, failure.retryAfterSeconds, clock.now()).ms : undefined;
				const wait = hint ?? backoffMs(retries + 1);
				if (retries < maxRetries && deadline.fits(wait)) {
					retries += 1;
					retryAt = clock.now() + wait;
					again = false;
					mayHaveActed = true;
					continue;
				}
			}
			if (statusCode === 404 && options.goneAfterRetry && mayHaveActed && documentedNotFound(readFailure(statusCode, response.body, secrets))) {
				return { ...response, goneAfterRetry: true };
			}
			return checkResponse(node, response, method, path, options, secrets, url, accountToken !== '');
		}
	} finally {
		deadline.dispose();
	}
}

/** A response that is not retried any more: returned when it is a success (or handled by the caller), else thrown. */
function checkResponse(
	node: INode,
	response: TalkoverResponse,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions & { reading?: boolean },
	secrets: string[],
	url: string,
	asAccount: boolean,
): TalkoverResponse {
	const { statusCode, body } = response;
	const { itemIndex } = options;
	const words = { itemIndex, notFoundMessage: options.notFoundMessage, codeMessages: options.codeMessages, token: asAccount ? ('Account Token' as const) : undefined };
	if (statusCode >= 300 && statusCode < 400) {
		const location = response.headers?.location ?? response.headers?.Location;
		throw redirectError(node, { status: statusCode, location, url, method, path, itemIndex });
	}
	const handled = options.handleStatuses?.includes(statusCode) === true;
	if (statusCode >= 200 && statusCode < 300) {
		const unreadable = answerProblem(statusCode, body);
		if (unreadable) throw unexpectedAnswerError(node, unreadable, { status: statusCode, method, path, itemIndex });
		// A 2xx that says it failed (or, to a caller that handles it, lists problems): Talkover may have acted all the same.
		if (saysFailed(body) && ((body as IDataObject | null)?.success !== true || handled)) {
			const failure = { ...readFailure(statusCode, body, secrets), mayHaveBeenProcessed: true };
			if ((!options.expect && !options.reading) || handled) return { ...response, failure };
			throw failureError(node, failure, words);
		}
		const problem = answerProblem(statusCode, body, options.expect);
		if (problem) throw unexpectedAnswerError(node, problem, { status: statusCode, method, path, itemIndex });
		const message = (body as IDataObject | null)?.message;
		return typeof message === 'string' && message !== '' ? { ...response, message: clip(scrub(message, secrets)) } : response;
	}
	const failure = readFailure(statusCode, body, secrets);
	if (handled) return { ...response, failure };
	throw failureError(node, failure, words);
}
