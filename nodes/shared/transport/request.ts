import type { IHttpRequestMethods } from 'n8n-workflow';

import { decide } from './afterAttempt';
import { clock } from './clock';
import type { Context } from './credential';
import { rateLimitedError } from './nodeErrors';
import type { Attempted, Outgoing, Progress } from './outgoing';
import { firstAttempt } from './outgoing';
import { prepare } from './prepare';
import type { Ticket } from './pacing';
import type { RequestOptions } from './requestOptions';
import { WithheldAttempt } from './withheld';
import type { TalkoverResponse } from './talkoverResponse';
import { send, sendDetached } from './send';

/**
 * The transport's request loop: one request to Talkover, attempt after attempt. The request is built from the
 * credential in ./prepare.ts; each attempt waits its turn under Talkover's rate limit within the request's
 * deadline and leaves through n8n's helpers (./send.ts, the only code that sends HTTP to Talkover); what its
 * answer or failure means (another try, the response returned, the error a person can act on thrown) is
 * decided in ./afterAttempt.ts. It knows nothing of the node's parameters: what a request may do (retries,
 * total wait, cancellation) is passed in by the caller (./requestOptions.ts).
 */

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
export async function sendRequest(
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
