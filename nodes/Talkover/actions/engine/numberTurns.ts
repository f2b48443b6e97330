import { numberKey } from '../../../shared/dialledNumbers/numberKey';
import { clock } from '../../../shared/transport';

/**
 * One number's turn in this n8n process: the runs of this node that dial the same number through the same Talkover
 * (the credential's Base URL; any agent or campaign, since a campaign's check reads its agent's calls too) take
 * turns, from the moment an item is about to start (before its Auto slot: a waiting item holds none) until its call
 * was placed (or it was skipped, or failed). A run whose check reads Talkover's calls (Skip Numbers Called Within, a
 * retried execution) thus never reads them while another run in the process is placing a call to the number: it
 * waits for that call, and its check sees it (`endedSince` says the read it holds is older than that call).
 *
 * What this covers: two executions at once for one lead (a CRM that fires twice), an MCP client that sends the
 * same tool call twice at once, two runs of the node in one execution, Make Call and Add Call to one lead, all in
 * one process. Not across processes (queue mode's workers): nothing here is shared with them. Two accounts on one
 * Talkover calling one number at the same moment wait for each other (nothing of either is shown to the other).
 *
 * Kept in this process's memory only, nothing of a call or a token in it: a key names the Base URL and the
 * number's digits; a key is forgotten when its last holder gives its turn back, and an end once it is older than
 * KEEP_ENDS_MS, at the next turn taken or checked (a read older than a minute is read again anyway).
 */

/** The key of a number's turn: the Talkover (Base URL, as a person may write it) and the number's digits. */
export function turnKey(talkover: string, to: string): string {
	return `${talkover.trim().toLowerCase().replace(/\/+$/, '')}|${numberKey(to)}`;
}

/** The turns waited for and held, by key: the promise the next comer waits for (the last holder's turn over). */
const tails = new Map<string, Promise<void>>();

/** Each key's last call placed (or tried) in this process: its place in `sequence`, and when (for forgetting it). */
const ends = new Map<string, { seq: number; at: number }>();

/** Counts every turn given back after a call was sent: a read stamped before an end may not show that call. */
let sequence = 0;

/** Takers waiting now for a turn another holds (every number). */
let waiting = 0;

/** How long an end is kept: a read older than a minute is read again anyway (dialGuard's FRESH_MS); with a margin. */
const KEEP_ENDS_MS = 5 * 60_000;

/** The stamp of a read sent now: an end after it (`endedSince`) means the read may not show that call. */
export function readStamp(): number {
	return sequence;
}

/** Whether a call to `key` was placed (or tried) in this process after a read stamped `stamp` was sent (within KEEP_ENDS_MS). */
export function endedSince(key: string, stamp: number): boolean {
	forgetOldEnds(clock.now());
	return (ends.get(key)?.seq ?? 0) > stamp;
}

function forgetOldEnds(now: number): void {
	// Every one (a clock set back leaves them out of order): at most the numbers dialled within KEEP_ENDS_MS.
	for (const [key, end] of ends) if (now - end.at > KEEP_ENDS_MS || end.at > now + KEEP_ENDS_MS) ends.delete(key);
}

/** A turn held: `over(sent)` gives it back (`sent`: a call was sent during it, so reads before it are stale). */
export interface Turn {
	over(sent: boolean): void;
}

/**
 * Waits for the number's turn (every earlier holder's, in the order they asked), then holds it. Stopped while
 * waiting (the execution cancelled): rejects with `stopped()` and takes no turn.
 */
export async function takeTurn(key: string, signal: AbortSignal | undefined, stopped: () => Error): Promise<Turn> {
	forgetOldEnds(clock.now());
	const contested = tails.has(key);
	const before = tails.get(key) ?? Promise.resolve();
	let giveBack: () => void = () => {};
	const mine = new Promise<void>((resolve) => (giveBack = resolve));
	const tail = before.then(async () => await mine);
	tails.set(key, tail);
	// Forgotten once every turn up to this one is over, unless a later comer waits behind it.
	void tail.then(() => {
		if (tails.get(key) === tail) tails.delete(key);
	});
	let done = false;
	const over = (sent: boolean) => {
		if (done) return;
		done = true;
		if (sent) {
			const now = clock.now();
			ends.set(key, { seq: ++sequence, at: now });
			forgetOldEnds(now);
		}
		giveBack();
	};
	if (signal?.aborted) {
		over(false);
		throw stopped();
	}
	let onAbort: (() => void) | undefined;
	if (contested) waiting++;
	try {
		await new Promise<void>((resolve, reject) => {
			onAbort = () => reject(new Error('stopped'));
			signal?.addEventListener('abort', onAbort, { once: true });
			before.then(resolve, resolve);
		});
	} catch {
		// Stopped while waiting (the only rejection): the ones after this one wait for the turns before it only.
		over(false);
		throw stopped();
	} finally {
		if (contested) waiting--;
		if (onAbort) signal?.removeEventListener('abort', onAbort);
	}
	return { over };
}

/** How many numbers have a turn held or waited for (0 when nothing runs: nothing is kept). */
export function turnsHeld(): number {
	return tails.size;
}

/** How many takers wait for a turn now. */
export function turnsWaitedFor(): number {
	return waiting;
}
