import type { IAdditionalCredentialOptions, IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import type { AnswerReader } from '../answers/reader';
import { readAnswer } from '../answers/reader';
import type { Expected } from './answer';
import { decide } from './afterAttempt';
import { clock } from './clock';
import type { Context } from './credential';
import { baseUrlOf, CREDENTIAL_TYPE, credentialError, credentialProblem, tokensOf } from './credential';
import { Deadline, queuedError, timeSpentError } from './deadline';
import { rateLimitedError } from './nodeErrors';
import type { Attempted, Outgoing, Progress } from './outgoing';
import { firstAttempt } from './outgoing';
import type { Ticket } from './pacing';
import { accountPacing, DEFAULT_MAX_RETRIES, MAX_TOTAL_WAIT_MS } from './rateLimit';
import type { RequestOptions } from './requestOptions';
import { WithheldAttempt } from './withheld';
import type { TalkoverResponse } from './talkoverResponse';

/**
 * The only code that sends HTTP: sends one request, attempt after attempt. It builds the URL, authenticates
 * through n8n's credential helper, waits each attempt's turn under Talkover's rate limit within the
 * request's deadline, and sends it; what each attempt's answer or failure means (another try, the response
 * returned, the error a person can act on thrown) is decided in ./afterAttempt.ts. It knows nothing of the
 * node's parameters: what a request may do (retries, total wait, cancellation) is passed in by the caller
 * (./requestOptions.ts).
 */

/**
 * A response read by its reader (`read`): what the reader took out of the body (`value`), never the body.
 * With `failure` (a status the caller handles) or `goneAfterRetry` the body is not read and `value` is
 * undefined.
 */
export type TalkoverAnswer<T> = Omit<TalkoverResponse, 'body'> & { value: T };

/** How a request's answer is read: a reader of its route, with the shape the transport checks first (answers/shape.ts). */
export type ReaderOf<T> = AnswerReader<T> & { readonly expect?: Expected };

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

