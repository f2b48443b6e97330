import type { IHttpRequestMethods, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Clock } from './clock';
import { scrub, withoutUserinfo } from './secretText';

/** The longest one request may take, waits, retries and answers included (the README's promise). */
export const TIME_BUDGET_MS = 5 * 60 * 1000;
/** The longest one attempt may wait for its answer before it is given up. */
export const ATTEMPT_TIMEOUT_MS = 60_000;

/** Why a deadline's signal was aborted: the time was up (not the user's Stop). */
export class DeadlineReached extends Error {
	constructor(readonly budgetMs: number) {
		super(`No answer within ${span(budgetMs)}`);
		this.name = 'DeadlineReached';
	}
}

/**
 * The end of one request's time, on the transport's clock. Its `signal` is aborted when the execution
 * is cancelled (with the cancel signal's reason) or when the time is up (with DeadlineReached): every
 * wait and the HTTP request itself listen to it, so neither a silent server nor a body trickled a byte
 * at a time can hold an item longer than the budget.
 */
export class Deadline {
	readonly at: number;
	readonly signal: AbortSignal;
	private readonly controller = new AbortController();
	private readonly timer?: { signal: AbortSignal; cancel(): void };
	private readonly onCancel?: () => void;

	constructor(
		private readonly clock: Clock,
		readonly budgetMs: number = TIME_BUDGET_MS,
		private readonly cancel?: AbortSignal,
		/** When the time started (default now): an item that waited for its turn has less left. */
		startedAt: number = clock.now(),
	) {
		this.at = Math.min(startedAt, clock.now()) + budgetMs;
		this.signal = this.controller.signal;
		if (cancel?.aborted) {
			this.controller.abort(cancel.reason);
			return;
		}
		const left = this.at - clock.now();
		if (left <= 0) {
			this.controller.abort(new DeadlineReached(budgetMs));
			return;
		}
		if (cancel) {
			this.onCancel = () => this.controller.abort(cancel.reason);
			cancel.addEventListener('abort', this.onCancel, { once: true });
		}
		this.timer = clock.timer?.(left);
		this.timer?.signal.addEventListener('abort', () => this.controller.abort(new DeadlineReached(budgetMs)), { once: true });
	}

	/** ms left (0 when the time is up). */
	left(): number {
		return Math.max(0, this.at - this.clock.now());
	}

	/** Whether a wait of `ms` ends by the deadline. */
	fits(ms: number): boolean {
		return this.clock.now() + ms <= this.at;
	}

	/**
	 * How long the next attempt may wait for data before n8n's HTTP client gives it up (at most a minute;
	 * the deadline's signal stops it at the deadline in any case).
	 */
	attemptTimeout(): number {
		return Math.min(ATTEMPT_TIMEOUT_MS, Math.max(1_000, this.left()));
	}

	/** The time is up (not cancelled by the user). */
	get reached(): boolean {
		return this.signal.aborted && this.signal.reason instanceof DeadlineReached;
	}

	/** Stops the timer and the listener (call when the request is over). */
	dispose(): void {
		this.timer?.cancel();
		if (this.onCancel) this.cancel?.removeEventListener('abort', this.onCancel);
	}
}

/** "5 minutes", "90 seconds". */
export function span(ms: number): string {
	const minutes = ms / 60_000;
	if (Number.isInteger(minutes) && minutes > 0) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
	const s = Math.ceil(ms / 1000);
	return `${s} second${s === 1 ? '' : 's'}`;
}

/**
 * The error for a request whose time ran out while it was on its way (a silent server, a body trickled
 * a byte at a time). It was sent, so Talkover may have acted on it: it is flagged so, a POST is never
 * sent again, and the node's router says, for the operation, what may have happened and how to check
 * (as for every other error after which Talkover may have acted).
 */
export function deadlineError(
	node: INode,
	{ method, url, secret, itemIndex, budgetMs }: { method: IHttpRequestMethods; url: string; secret: string | string[]; itemIndex?: number; budgetMs: number },
): NodeApiError {
	const sent = `Request: ${method} ${withoutUserinfo(url)}. It was sent, but no complete answer came within ${span(budgetMs)}.`;
	const error = new NodeApiError(node, { message: 'timeout' } as JsonObject, {
		message: `Talkover did not answer within ${span(budgetMs)}`,
		description: scrub(sent, secret),
		itemIndex,
	});
	error.context.mayHaveBeenProcessed = true;
	error.context.cause = 'timeout';
	return error;
}

/**
 * The error for an item whose time ran out while it waited for its turn (an Auto slot held by other
 * requests with the same token, in this or other executions), before anything was sent: nothing reached
 * Talkover, so n8n's Retry On Fail may send it.
 */
export function queuedError(node: INode, { itemIndex, budgetMs }: { itemIndex?: number; budgetMs: number }): NodeApiError {
	const error = new NodeApiError(node, { message: 'queued too long' } as JsonObject, {
		message: `Not sent: no turn to send within ${span(budgetMs)}`,
		description: `Other requests with the same token (in this or other executions) held every place for ${span(budgetMs)}, the most one item may take. Nothing reached Talkover. Run the item again later, or send fewer items at once.`,
		itemIndex,
	});
	error.context.notSent = true;
	error.context.cause = 'timeout';
	return error;
}

/**
 * The error for a request not sent because the time it shares with the requests before it (RequestSettings.startedAt:
 * a trigger hook's) is over: nothing reached Talkover.
 */
export function timeSpentError(node: INode, { itemIndex, budgetMs }: { itemIndex?: number; budgetMs: number }): NodeApiError {
	const error = new NodeApiError(node, { message: 'time spent' } as JsonObject, {
		message: `Not sent: Talkover's answers took the ${span(budgetMs)} these requests have in all`,
		description: 'Nothing more reached Talkover. Try again in a moment.',
		itemIndex,
	});
	error.context.notSent = true;
	error.context.cause = 'timeout';
	return error;
}
