import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The calls of one Max Calls per Execution count that were sent and have no answer yet (callCount.ts,
 * callCapWindow.ts). Such a call holds a place until its answer: then it counts (Talkover accepted it, or may
 * have: a 5xx, a timeout) or gives its place back (a refusal, nothing reached Talkover). An item that finds
 * every place left held by calls in flight waits for one of them to settle and asks again, instead of being
 * refused for a call that may never count. Kept in this process's memory only: nothing in flight outlives the
 * node run that sent it.
 */
/**
 * The error of an item whose execution was stopped while it waited for the answer of a call in flight (`option`:
 * the cap it waited for, as the editor names it): nothing was sent for it.
 */
export function stoppedWhileWaiting(node: INode, itemIndex: number, option: string): NodeOperationError {
	const error = new NodeOperationError(node, `${option} (item ${itemIndex}): the execution was stopped while this call waited for the answers of the calls sent before it; this call was not placed`, { itemIndex });
	error.context.notSent = true;
	return error;
}

export class CallsInFlight {
	/** Calls sent and not yet answered. */
	count = 0;
	private waiting: Array<() => void> = [];

	/** Whether nothing is in flight and nobody waits (the holder may forget this object). */
	get idle(): boolean {
		return this.count === 0 && this.waiting.length === 0;
	}

	start(): void {
		this.count++;
	}

	/** A call in flight got its answer: every item waiting asks again, in the order they came. */
	settle(): void {
		this.count = Math.max(0, this.count - 1);
		const waiting = this.waiting;
		this.waiting = [];
		for (const wake of waiting) wake();
	}

	/**
	 * Resolves when a call in flight settles (at once when none is in flight: there is nothing to wait for),
	 * or rejects with `stopped()` when the execution is stopped meanwhile.
	 */
	async next(signal: AbortSignal | undefined, stopped: () => Error): Promise<void> {
		if (this.count === 0) return;
		if (signal?.aborted) throw stopped();
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				this.waiting = this.waiting.filter((w) => w !== wake);
				reject(stopped());
			};
			const wake = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.waiting.push(wake);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}
}
