/**
 * What an attempt's result means for its request: another try (after a dropped connection, a 429, a 5xx,
 * with the progress the next attempt starts from), or the end of the request (its answer returned, or the
 * error a person can act on thrown).
 */
import type { IDataObject } from 'n8n-workflow';

import { answerProblem } from './answer';
import { clock } from './clock';
import { deadlineError } from './deadline';
import { failedBeforeSending, networkCode } from './networkFailure';
import { documentedNotFound, failureError, networkError, rateLimitedError, redirectError, unexpectedAnswerError } from './nodeErrors';
import type { Attempted, Outgoing, Progress } from './outgoing';
import { retryAfter } from './outgoing';
import type { Ticket } from './pacing';
import { DOCUMENTED_WINDOW_MS, retryHint } from './rateHints';
import { backoffMs } from './rateLimit';
import { scrub } from './secretText';
import { clip } from './shownText';
import { readErrorBody, readFailure } from './talkoverFailure';
import type { TalkoverResponse } from './talkoverResponse';

/** After an attempt: the request is done (its answer, or the error thrown), or tried again. */
type Next = { answer: TalkoverResponse } | { retry: Progress };

/** What the attempt's result means for the request; the account's window hears of every answer first. */
export function decide(outgoing: Outgoing, progress: Progress, ticket: Ticket, attempted: Attempted): Next {
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
