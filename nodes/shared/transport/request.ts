import type { IAdditionalCredentialOptions, IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

import type { AnswerReader } from '../answers/reader';
import { readAnswer } from '../answers/reader';
import type { Expected } from './answer';
import { answerProblem } from './answer';
import { clock } from './clock';
import type { Context } from './credential';
import { baseUrlOf, CREDENTIAL_TYPE, credentialError, credentialProblem, tokensOf } from './credential';
import { Deadline, deadlineError, queuedError, timeSpentError } from './deadline';
import { failedBeforeSending, networkCode } from './networkFailure';
import { documentedNotFound, failureError, networkError, rateLimitedError, redirectError, unexpectedAnswerError } from './nodeErrors';
import type { AccountPacing, Ticket } from './pacing';
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
	 * When the time of every request given these settings began (a trigger hook's requests share the hook's
	 * time, pages of a list included): each request's maxWaitMs counts from it. Before it ends, nothing more.
	 */
	startedAt?: number;
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
	 * What a successful answer must hold (see ./answer), the reader's own (talkoverAnswer passes it); anything else
	 * is an error, never a guess.
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

/**
 * Sends one request (sendRequest) and reads its answer with `read`, the reader of its route: the reader's
 * `expect` is checked first, with the status (./answer), then the reader takes its value out of the body.
 * The caller gets that value, never the body (TalkoverAnswer). A plain function of the context (not called
 * with `.call`), so that the value's type is the reader's.
 */
export async function talkoverAnswer<T>(ctx: Context, method: IHttpRequestMethods, path: string, options: RequestOptions & { read: ReaderOf<T> }): Promise<TalkoverAnswer<T>> {
	const { read, ...rest } = options;
	const response = await sendRequest.call(ctx, method, path, { ...rest, expect: read.expect });
	// The body stays here: the caller gets the reader's value.
	const answer: Omit<TalkoverResponse, 'body'> & { body?: unknown } = { ...response };
	delete answer.body;
	if (answer.failure || answer.goneAfterRetry) return { ...answer, value: undefined as T };
	return { ...answer, value: readAnswer(ctx.getNode(), response, read, { method, path, itemIndex: options.itemIndex }) };
}

/**
 * Sends one request to Talkover and returns its response, or throws a NodeApiError a person can act on.
 * Waits its turn in the account's window (./pacing: the budget of `X-RateLimit-*`, first come first
 * served); after a 429 waits what Talkover asks (any method) and, for GET/PUT/DELETE only, backs off
 * after a 5xx, a timeout or a dropped connection. A POST is sent again only when Talkover provably did
 * not process it: a 429 or a refused connection. Waits Talkover asked for are bounded by the request's
 * time (maxWaitMs, 5 minutes), other retries also by maxRetries; the whole request, answers included,
 * never takes longer than maxWaitMs (./deadline), so a silent server cannot hold an item.
 *
 * Each attempt: wait for its turn, settle what it sends, send it, then decide on its answer: done (the
 * answer, or the error thrown), or try again with the request's new progress.
 */
async function sendRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions,
): Promise<TalkoverResponse> {
	const outgoing = await prepare(this, method, path, options);
	try {
		let progress = firstAttempt(options);
		for (;;) {
			const ticket = await waitForTurn(outgoing, progress);
			settleBody(outgoing, progress, ticket);
			const next = decide(outgoing, progress, ticket, await attempt(outgoing));
			if ('answer' in next) return next.answer;
			progress = next.retry;
		}
	} finally {
		outgoing.deadline.dispose();
	}
}

/** What one request is, fixed before its first attempt: where it goes, as whom, what it may do, and until when. */
interface Outgoing {
	readonly ctx: Context;
	readonly node: INode;
	readonly method: IHttpRequestMethods;
	readonly path: string;
	readonly url: string;
	readonly options: RequestOptions;
	/**
	 * The request as n8n's helper gets it: one object for every attempt, its timeout set right before each
	 * (and its body, with `atSend`).
	 */
	readonly request: IHttpRequestOptions;
	/** The API Token, written into the header by a detached request (RequestSettings.detached). */
	readonly token: string;
	/** The Account Token as n8n's credential helper takes it, when this request carries it (useAccountToken). */
	readonly asAccount?: IAdditionalCredentialOptions;
	/** Both tokens of the credential, whichever this request carries: neither appears in any text the node gives back. */
	readonly secrets: string[];
	/** The window of the token actually sent: the Account Token's rate limit is not the API Token's. */
	readonly pacing: AccountPacing;
	/** Sending it twice changes nothing (GET, PUT, DELETE, HEAD): retried after a 5xx or a dropped connection. */
	readonly idempotent: boolean;
	readonly maxRetries: number;
	readonly maxWaitMs: number;
	/** When the request's time began (earlier than now when its item waited for its turn). */
	readonly started: number;
	readonly deadline: Deadline;
}

/**
 * Reads the credential and builds the request, or refuses it before anything is sent (an unusable
 * credential; no time left after the item's wait for its turn).
 */
async function prepare(ctx: Context, method: IHttpRequestMethods, path: string, options: RequestOptions): Promise<Outgoing> {
	const credentials: IDataObject = options.detached?.credentials ?? (await ctx.getCredentials(CREDENTIAL_TYPE));
	const unusable = credentialProblem(credentials, options.useAccountToken === true);
	if (unusable) throw credentialError(ctx.getNode(), unusable, options.itemIndex);
	const baseUrl = baseUrlOf(credentials);
	const token = String(credentials.apiToken ?? '');
	const accountToken = options.useAccountToken ? String(credentials.accountToken ?? '').trim() : '';
	const url = `${baseUrl}${path}`;
	const node = ctx.getNode();
	const maxWaitMs = options.maxWaitMs ?? MAX_TOTAL_WAIT_MS;
	const pacing = accountPacing(baseUrl, accountToken || token);
	// An item's wait for its turn counts once; a time shared with the requests before it (startedAt), for each.
	const turnWaitedSince = startOf(options.queue);
	const started = Math.min(options.startedAt ?? Infinity, turnWaitedSince);
	const deadline = new Deadline(clock, maxWaitMs, options.signal, started);
	if (deadline.reached) {
		const spent = options.startedAt !== undefined && options.startedAt <= turnWaitedSince;
		throw (spent ? timeSpentError : queuedError)(node, { itemIndex: options.itemIndex, budgetMs: maxWaitMs });
	}
	return {
		ctx,
		node,
		method,
		path,
		url,
		options,
		request: httpRequest(method, url, options),
		token,
		// The Account Token goes through the credential's own `authenticate`, in place of the API Token.
		asAccount: accountToken
			? { credentialsDecrypted: { id: 'accountToken', name: 'Talkover API (Account Token)', type: CREDENTIAL_TYPE, data: { ...credentials, apiToken: accountToken } } }
			: undefined,
		secrets: [token, ...tokensOf(credentials)].filter(Boolean),
		pacing,
		idempotent: isIdempotent(method),
		maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
		maxWaitMs,
		started,
		deadline,
	};
}

/** The request n8n's helper sends: the full response whatever its status, redirects not followed. */
function httpRequest(method: IHttpRequestMethods, url: string, options: RequestOptions): IHttpRequestOptions {
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
	return request;
}

/** Methods that change nothing when sent twice; a POST is repeated only when it provably was not processed. */
function isIdempotent(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'PUT' || method === 'DELETE' || method === 'HEAD';
}

/**
 * When the request's time began: now, or when its item began waiting for its turn (RequestSettings.queue),
 * which only the item's first request takes.
 */
function startOf(queue: { since?: number } | undefined): number {
	const since = queue?.since;
	if (queue) queue.since = undefined;
	return Math.min(since ?? Infinity, clock.now());
}

/** Where a request stands before its next attempt: what its earlier attempts leave to the next one. */
interface Progress {
	/** The attempts sent so far (0 before the first). */
	readonly attempt: number;
	/** Retries counted against maxRetries (back-off after a 5xx, a network failure, a 429 without a wait). */
	readonly retries: number;
	/** When this request's own wait (a 429's wait, a back-off) lets the next attempt leave. */
	readonly retryAt: number;
	/** Refused with a 429: the next attempt goes ahead of the requests waiting for the window. */
	readonly again: boolean;
	/** An earlier attempt may have reached Talkover and been acted on (retried after a 5xx or a dropped connection). */
	readonly mayHaveActed: boolean;
	/** The last wait Talkover asked for (429), for the error message. */
	readonly lastHint?: number;
	/** When this request got its first 429 without a believable hint (a full window is waited out before giving up). */
	readonly firstUnhinted429At?: number;
}

function firstAttempt(options: RequestSettings): Progress {
	return { attempt: 0, retries: 0, retryAt: 0, again: false, mayHaveActed: options.actedBefore === true };
}

/** The progress of a request tried again after `waitMs`: `counted` against Max Retries, `again` after a 429, `acted` when Talkover may have acted. */
function retryAfter(progress: Progress, waitMs: number, how: { counted: boolean; again: boolean; acted: boolean }): Progress {
	return {
		...progress,
		attempt: progress.attempt + 1,
		retries: how.counted ? progress.retries + 1 : progress.retries,
		retryAt: clock.now() + waitMs,
		again: how.again,
		mayHaveActed: progress.mayHaveActed || how.acted,
	};
}

/** Waits out the request's own wait, then its turn in the account's window; the time running out there is the rate limit's error. */
async function waitForTurn(outgoing: Outgoing, progress: Progress): Promise<Ticket> {
	try {
		const own = progress.retryAt - clock.now();
		if (own > 0) await clock.sleep(own, outgoing.deadline.signal);
		return await outgoing.pacing.beforeSend(outgoing.deadline.signal, progress.again);
	} catch (error) {
		throw stopped(outgoing, progress, error);
	}
}

/** What a wait that was stopped throws: the rate limit's error when the time is up, else why it stopped (the execution cancelled). */
function stopped(outgoing: Outgoing, progress: Progress, error: unknown): unknown {
	const { node, deadline, started, maxWaitMs } = outgoing;
	return deadline.reached
		? rateLimitedError(node, { hintMs: progress.lastHint, attempts: progress.attempt, waitedMs: clock.now() - started, maxWaitMs, itemIndex: outgoing.options.itemIndex, sent: progress.attempt > 0 })
		: error;
}

/**
 * Asks `atSend`, right before the attempt leaves, what it sends: the body of this moment, the request's
 * body, or nothing (its turn given back, a WithheldAttempt thrown).
 */
function settleBody(outgoing: Outgoing, progress: Progress, ticket: Ticket): void {
	const { atSend, body } = outgoing.options;
	if (!atSend) return;
	const decided = atSend(clock.now());
	if (decided && 'withhold' in decided) {
		outgoing.pacing.unsent(ticket);
		throw new WithheldAttempt(decided.withhold, progress.mayHaveActed);
	}
	if (decided) outgoing.request.body = decided.body;
	else if (body !== undefined) outgoing.request.body = body;
}

/** One attempt's result: Talkover's answer (any status), or why none came (a dropped connection, a timeout, the execution cancelled). */
type Attempted = { response: TalkoverResponse } | { dropped: unknown };

/** Sends the request once, given the time the deadline leaves it. */
async function attempt(outgoing: Outgoing): Promise<Attempted> {
	const { ctx, request, deadline } = outgoing;
	try {
		request.timeout = deadline.attemptTimeout();
		const response = outgoing.options.detached ? await sendDetached(ctx, request, deadline.signal, outgoing.token) : await send(ctx, request, deadline.signal, outgoing.asAccount);
		return { response };
	} catch (error) {
		return { dropped: error };
	}
}

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

/** After an attempt: the request is done (its answer, or the error thrown), or tried again. */
type Next = { answer: TalkoverResponse } | { retry: Progress };

/** What the attempt's result means for the request; the account's window hears of every answer first. */
function decide(outgoing: Outgoing, progress: Progress, ticket: Ticket, attempted: Attempted): Next {
	if ('dropped' in attempted) return { retry: afterDropped(outgoing, progress, ticket, attempted.dropped) };
	const { response } = attempted;
	const { statusCode, headers } = response;
	if (statusCode === 429) return { retry: afterRateLimited(outgoing, progress, ticket, response) };
	outgoing.pacing.answered(ticket, { headers, statusCode });
	const retry = afterServerError(outgoing, progress, response);
	return retry ? { retry } : { answer: finalAnswer(outgoing, progress, response) };
}

/** Network failures worth another try of a request that is safe to repeat (GET, PUT, DELETE). */
const RETRY_NETWORK_CODES = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ECONNREFUSED', 'ERR_BAD_RESPONSE'];

/**
 * No answer came: tried again after a back-off when the request may be sent again (a refused connection,
 * which Talkover never saw; any network failure of a request safe to repeat) and its retries and time
 * allow, else the deadline's or the network's error.
 */
function afterDropped(outgoing: Outgoing, progress: Progress, ticket: Ticket, error: unknown): Progress {
	const { node, method, url, secrets, deadline, maxWaitMs } = outgoing;
	const { itemIndex, signal } = outgoing.options;
	outgoing.pacing.answered(ticket, {});
	if (deadline.reached) throw deadlineError(node, { method, url, secret: secrets, itemIndex, budgetMs: maxWaitMs });
	const code = networkCode(error);
	const beforeSending = failedBeforeSending(error, code);
	const retryable = !signal?.aborted && (code === 'ECONNREFUSED' || (outgoing.idempotent && RETRY_NETWORK_CODES.includes(code ?? '')));
	const wait = backoffMs(progress.retries + 1);
	if (retryable && progress.retries < outgoing.maxRetries && deadline.fits(wait)) {
		return retryAfter(progress, wait, { counted: true, again: false, acted: code !== 'ECONNREFUSED' });
	}
	throw networkError(node, code, { method, url, secret: secrets, itemIndex, beforeSending, detail: (error as { message?: unknown } | undefined)?.message });
}

/**
 * A 429 asking for at least this long (Talkover's hints are whole seconds) is a wait Talkover asked for,
 * not counted against Max Retries; a shorter one ("wait 0 s") is, so a server that keeps answering
 * "try again now" cannot make a request retry for 5 minutes.
 */
const MIN_ASKED_WAIT_MS = 1_000;

/**
 * A 429 (any method: Talkover did not process it): tried again after the wait Talkover asks for, or a
 * back-off when it gives none, else the rate limit's error. Max Retries 0: never sent again, not even
 * when Talkover says when.
 */
function afterRateLimited(outgoing: Outgoing, progress: Progress, ticket: Ticket, response: TalkoverResponse): Progress {
	const { statusCode, headers } = response;
	const failure = readFailure(statusCode, response.body, outgoing.secrets);
	const hint = retryHint(headers, failure.retryAfterSeconds, clock.now()).ms;
	// Talkover asked for a wait of a second or more: bounded by the request's time only. A shorter
	// one, or none (then a back-off), counts against Max Retries.
	const asked = hint !== undefined && hint >= MIN_ASKED_WAIT_MS;
	const { wait, firstUnhinted429At } = waitAfter429(hint, progress, outgoing.maxRetries);
	outgoing.pacing.answered(ticket, { headers, statusCode, waitMs: wait });
	const { maxRetries, maxWaitMs } = outgoing;
	if (maxRetries === 0 || (!asked && progress.retries >= maxRetries) || !outgoing.deadline.fits(wait)) {
		const waitedMs = clock.now() - outgoing.started;
		throw rateLimitedError(outgoing.node, { hintMs: hint, attempts: progress.attempt + 1, waitedMs, maxWaitMs, itemIndex: outgoing.options.itemIndex, apiMessage: failure.message, sent: true });
	}
	return { ...retryAfter(progress, wait, { counted: !asked, again: true, acted: false }), lastHint: hint, firstUnhinted429At };
}

/**
 * The wait before a 429's retry: the one Talkover asked for, else a back-off; the last retry goes only
 * once Talkover's documented window (a minute) has turned since the request's first 429 without a hint,
 * so a full window is not given up on after seconds.
 */
function waitAfter429(hint: number | undefined, progress: Progress, maxRetries: number): { wait: number; firstUnhinted429At?: number } {
	if (hint !== undefined) return { wait: hint, firstUnhinted429At: progress.firstUnhinted429At };
	const firstUnhinted429At = progress.firstUnhinted429At ?? clock.now();
	const backoff = backoffMs(progress.retries + 1);
	const wait = progress.retries + 1 === maxRetries ? Math.max(backoff, firstUnhinted429At + DOCUMENTED_WINDOW_MS - clock.now()) : backoff;
	return { wait, firstUnhinted429At };
}

/**
 * A 5xx to a request safe to repeat (and not one its caller handles): tried again after a back-off (a
 * 503's Retry-After) when its retries and time allow; undefined: it is the final answer.
 */
function afterServerError(outgoing: Outgoing, progress: Progress, response: TalkoverResponse): Progress | undefined {
	const { statusCode, headers } = response;
	const retried = outgoing.idempotent && statusCode >= 500 && !outgoing.options.handleStatuses?.includes(statusCode);
	if (!retried) return undefined;
	const failure = readFailure(statusCode, response.body, outgoing.secrets);
	const hint = statusCode === 503 ? retryHint(headers, failure.retryAfterSeconds, clock.now()).ms : undefined;
	const wait = hint ?? backoffMs(progress.retries + 1);
	if (progress.retries < outgoing.maxRetries && outgoing.deadline.fits(wait)) return retryAfter(progress, wait, { counted: true, again: false, acted: true });
	return undefined;
}

/**
 * The answer the request ends with: a 404 the caller asked to hear of after an attempt Talkover may
 * have acted on (goneAfterRetry), else the answer checked (checkResponse).
 */
function finalAnswer(outgoing: Outgoing, progress: Progress, response: TalkoverResponse): TalkoverResponse {
	const { options, secrets } = outgoing;
	if (response.statusCode === 404 && options.goneAfterRetry && progress.mayHaveActed && documentedNotFound(readFailure(response.statusCode, response.body, secrets))) {
		return { ...response, goneAfterRetry: true };
	}
	return checkResponse(outgoing, response);
}

/** A 2xx body that says the request failed all the same (`success: false`, or problems listed in `errors`). */
function saysFailed(body: unknown): boolean {
	return (body as IDataObject | undefined)?.success === false || readErrorBody(body).lines.length > 0;
}

/** A response that is not retried any more: returned when it is a success (or handled by the caller), else thrown. */
function checkResponse(outgoing: Outgoing, response: TalkoverResponse): TalkoverResponse {
	const { node, method, path, options, secrets, url } = outgoing;
	const { statusCode, body } = response;
	const { itemIndex } = options;
	const words = { itemIndex, notFoundMessage: options.notFoundMessage, codeMessages: options.codeMessages, token: outgoing.asAccount ? ('Account Token' as const) : undefined };
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
			if (handled) return { ...response, failure };
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
