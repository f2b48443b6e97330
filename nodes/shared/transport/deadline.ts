import type { Clock } from './waitQueue';

/** The longest one request may take, waits, retries and answers included (the README's promise). */
export const TIME_BUDGET_MS = 5 * 60 * 1000;
/** The longest one attempt may wait for its answer before it is given up. */
export const ATTEMPT_TIMEOUT_MS = 60_000;

/** Why a deadline's signal was aborted: the time was up (not the user's Stop). */
export class DeadlineReached extends Error {
	constructor(readonly budgetMs: number) {
		super(`No answer within ${Math.round(budgetMs / 1000)} seconds`);
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
	private readonly timer = new AbortController();
	private readonly onCancel?: () => void;

	constructor(
		private readonly clock: Clock,
		readonly budgetMs: number = TIME_BUDGET_MS,
		private readonly cancel?: AbortSignal,
	) {
		this.at = clock.now() + budgetMs;
		this.signal = this.controller.signal;
		if (cancel?.aborted) {
			this.controller.abort(cancel.reason);
			return;
		}
		if (cancel) {
			this.onCancel = () => this.controller.abort(cancel.reason);
			cancel.addEventListener('abort', this.onCancel, { once: true });
		}
		clock.sleep(budgetMs, this.timer.signal).then(
			() => this.controller.abort(new DeadlineReached(budgetMs)),
			() => undefined,
		);
	}

	/** ms left (0 when the time is up). */
	left(): number {
		return Math.max(0, this.at - this.clock.now());
	}

	/** Whether a wait of `ms` ends before the deadline (there must be time left to send afterwards). */
	fits(ms: number): boolean {
		return this.clock.now() + ms < this.at;
	}

	/** How long the next attempt may wait for its answer. */
	attemptTimeout(): number {
		return Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, this.left()));
	}

	/** The time is up (not cancelled by the user). */
	get reached(): boolean {
		return this.signal.aborted && this.signal.reason instanceof DeadlineReached;
	}

	/** Stops the timer and the listener (call when the request is over). */
	dispose(): void {
		this.timer.abort();
		if (this.onCancel) this.cancel?.removeEventListener('abort', this.onCancel);
	}
}
