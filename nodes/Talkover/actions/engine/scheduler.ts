import { clock, pause } from '../../../shared/transport';

/** One item's output, or the error that stops the run (without Continue On Fail). */
export interface ItemResult<Output, Stop> {
	output: Output[];
	stop?: Stop;
	/** Talkover answered this item's request(s) with success in this run (counts for the run's warm-up). */
	ok?: boolean;
}

export interface Batching {
	/** Fixed: items in flight at once (1: sequential). Auto: the most items in flight at once. */
	batchSize: number;
	batchInterval: number;
	/**
	 * Auto: waits for a slot of the account's Auto controller (shared by every execution of this process
	 * that uses the same token); the function it resolves to gives the slot back.
	 */
	slot?: (signal?: AbortSignal) => Promise<() => void>;
	/**
	 * Auto: what an item waits for before its slot (its number's turn, engine/numberTurns), so that it holds no slot
	 * while it waits; `unready` gives it back when the item does not run after all.
	 */
	ready?: (i: number) => Promise<void>;
	unready?: (i: number) => void;
	/**
	 * Auto: successful items this run needs before more than one of its items is in flight. The account's
	 * controller is shared by every run on the token and keeps the pace it learned; the trust is not
	 * shared: every run starts with one item alone, so a run that fails at once stops after one request.
	 */
	warmup?: number;
}

/**
 * Runs `runItem` for items 0…count-1 and returns their results in item order. Auto (`slot` given): an
 * item starts, in item order, when the account's Auto controller gives it a slot (at most Batch Size of
 * this run at once, and one at a time until `warmup` items of this run have succeeded); `runItem` gets the
 * time the item began waiting for its slot, which counts against its time limit. Batch Interval 0: up to Batch Size items in flight at any time (a new one starts as
 * soon as one finishes). Batch Interval > 0: groups of Batch Size items, each group after the previous
 * one has finished and the interval has passed. A result with `stop` ends the run once the items already started have settled (so each of
 * them is recorded); items not yet started are not sent, and the lowest item's `stop` is thrown.
 * `settled(i)` gives what is known of an item without running it (bad input, an earlier try).
 */
export async function runAll<Output, Stop>(
	count: number,
	{ batchSize, batchInterval, slot, warmup = 0, ready, unready }: Batching,
	settled: (i: number) => ItemResult<Output, Stop> | undefined,
	runItem: (i: number, queuedAt?: number) => Promise<ItemResult<Output, Stop>>,
	signal: AbortSignal | undefined,
): Promise<Array<ItemResult<Output, Stop>>> {
	const results: Array<ItemResult<Output, Stop>> = new Array(count);
	// Items already settled come first, in order: after a settled failure nothing later is sent,
	// exactly as in a sequential run.
	let end = count;
	for (let i = 0; i < end; i++) {
		const known = settled(i);
		if (known) results[i] = known;
		if (known?.stop) end = i;
	}
	const pending = Array.from({ length: end }, (_, i) => i).filter((i) => results[i] === undefined);
	let stop: Stop | undefined;
	if (slot) {
		const running = new Set<Promise<void>>();
		/** What a runItem threw (the execution was cancelled): thrown once the others have settled. */
		let thrown: { error: unknown } | undefined;
		/** Items of this run that succeeded: until `warmup` of them, one item of this run at a time. */
		let succeeded = 0;
		for (let next = 0; next < pending.length && !stop && !thrown && !signal?.aborted; ) {
			if (running.size >= (succeeded < warmup ? 1 : batchSize)) {
				await Promise.race(running);
				continue;
			}
			const i = pending[next];
			try {
				await ready?.(i);
			} catch {
				unready?.(i);
				break; // cancelled while it waited
			}
			let release: () => void;
			// From here the item waits for the account (another execution's requests on the token): that
			// wait counts against the item's time (its first request's deadline starts now).
			const queuedAt = clock.now();
			try {
				release = await slot(signal);
			} catch {
				unready?.(i);
				break; // cancelled
			}
			if (stop || thrown || signal?.aborted) {
				release();
				unready?.(i);
				break;
			}
			next++;
			const run: Promise<void> = runItem(i, queuedAt)
				.then(
					(result) => {
						results[i] = result;
						if (result.ok) succeeded += 1;
						stop ??= result.stop;
					},
					(error) => {
						thrown ??= { error };
					},
				)
				.finally(() => {
					release();
					running.delete(run);
				});
			running.add(run);
		}
		await Promise.all(running);
		if (thrown) throw thrown.error;
	} else if (batchInterval > 0) {
		for (let start = 0; start < pending.length && !stop; start += batchSize) {
			if (start > 0) await pause(batchInterval, signal);
			const batch = pending.slice(start, start + batchSize);
			await Promise.all(batch.map(async (i) => (results[i] = await runItem(i))));
			stop = batch.map((i) => results[i].stop).find((e) => e !== undefined);
		}
	} else {
		let next = 0;
		const worker = async () => {
			while (next < pending.length && !stop && !signal?.aborted) {
				const i = pending[next++];
				results[i] = await runItem(i);
				stop ??= results[i].stop;
			}
		};
		await Promise.all(Array.from({ length: Math.min(batchSize, pending.length) }, worker));
	}
	// The failure of the lowest item is the one reported, as in a sequential run.
	stop = results.find((r) => r?.stop)?.stop;
	if (stop) throw stop;
	return results;
}
