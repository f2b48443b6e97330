/**
 * What the caller of a request decides for it (the node's Options, the execution, the operation): what one
 * request may do (RequestSettings), and what it sends and how its answers are taken (RequestOptions).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Expected } from './answer';
import type { AtSend } from './withheld';

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
