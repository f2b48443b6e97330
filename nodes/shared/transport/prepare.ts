import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { clock } from './clock';
import type { Context } from './credential';
import { baseUrlOf, CREDENTIAL_TYPE, credentialError, credentialProblem, tokensOf } from './credential';
import { Deadline, queuedError, timeSpentError } from './deadline';
import type { Outgoing } from './outgoing';
import { accountPacing, MAX_TOTAL_WAIT_MS, DEFAULT_MAX_RETRIES } from './rateLimit';
import type { RequestOptions } from './requestOptions';

/** A request to Talkover built from the node's credential and the caller's options, before its first attempt. */

/**
 * Reads the credential and builds the request, or refuses it before anything is sent (an unusable
 * credential; no time left after the item's wait for its turn).
 */
export async function prepare(ctx: Context, method: IHttpRequestMethods, path: string, options: RequestOptions): Promise<Outgoing> {
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
