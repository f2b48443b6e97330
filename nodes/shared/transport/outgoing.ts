/**
 * One request on its way, as the request loop (./request.ts) and the decisions after each attempt
 * (./afterAttempt.ts) share it: what it is (Outgoing), where it stands between attempts (Progress), and what
 * one attempt gave (Attempted).
 */
import type { IAdditionalCredentialOptions, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

import { clock } from './clock';
import type { Context } from './credential';
import type { Deadline } from './deadline';
import type { AccountPacing } from './pacing';
import type { RequestOptions, RequestSettings } from './requestOptions';
import type { TalkoverResponse } from './talkoverResponse';

/** What one request is, fixed before its first attempt: where it goes, as whom, what it may do, and until when. */
export interface Outgoing {
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

/** Where a request stands before its next attempt: what its earlier attempts leave to the next one. */
export interface Progress {
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

export function firstAttempt(options: RequestSettings): Progress {
	return { attempt: 0, retries: 0, retryAt: 0, again: false, mayHaveActed: options.actedBefore === true };
}

/** The progress of a request tried again after `waitMs`: `counted` against Max Retries, `again` after a 429, `acted` when Talkover may have acted. */
export function retryAfter(progress: Progress, waitMs: number, how: { counted: boolean; again: boolean; acted: boolean }): Progress {
	return {
		...progress,
		attempt: progress.attempt + 1,
		retries: how.counted ? progress.retries + 1 : progress.retries,
		retryAt: clock.now() + waitMs,
		again: how.again,
		mayHaveActed: progress.mayHaveActed || how.acted,
	};
}

/** One attempt's result: Talkover's answer (any status), or why none came (a dropped connection, a timeout, the execution cancelled). */
export type Attempted = { response: TalkoverResponse } | { dropped: unknown };
