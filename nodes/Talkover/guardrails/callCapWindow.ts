import { clock } from '../../shared/transport';
import { MCP_WINDOW_MINUTES } from './callCapDescription';
import { CallsInFlight } from './callsInFlight';

/**
 * Max Calls per Execution for an MCP client: n8n's MCP Server Trigger runs each `tools/call` as a run of its
 * own (no execution the calls share, an empty node context each time), so the calls one client makes cannot
 * be counted per execution. They are counted over a rolling window instead: the calls this node placed for
 * MCP clients within the last WINDOW_MS count together, one count per workflow, node and API token (the
 * token's hash: the token itself is never kept).
 *
 * The count lives in this n8n process's memory, nowhere else: it is not saved with an execution or in the
 * workflow's static data, and another process (a restart, each worker or webhook process of queue mode) has
 * its own. A call that outlives the window no longer counts; a claimed call given back (nothing reached
 * Talkover) does not count. A call sent holds its place until its answer (callsInFlight.ts): a client's call
 * that finds the places left held by calls in flight waits for their answers instead of being refused.
 */

/**
 * One hour: about the span of one client's task (a conversation that calls a few leads), so its calls count
 * together; short enough that yesterday's calls never hold a client back; a client in a loop gets at most the
 * cap in each hour (72 calls a day with the default 3).
 */
export const WINDOW_MS = MCP_WINDOW_MINUTES * 60_000;

/** The claim times (ms) of each count's calls within the window that Talkover accepted or may have, oldest first. */
const counts = new Map<string, number[]>();

/** Each count's calls in flight (forgotten when none is in flight and nobody waits). */
const flights = new Map<string, CallsInFlight>();

/** A claimed call, in flight until its answer: `keep()` when Talkover accepted it or may have, `release()` when nothing of it reached Talkover. */
export interface WindowSlot {
	keep(): void;
	release(): void;
}

export type WindowClaim = { slot: WindowSlot } | { placed: number; freeAt: number };

/** The count of one workflow's node with one token (its hash). */
export function windowKey(workflowId: string, nodeId: string, tokenHash: string): string {
	return JSON.stringify([workflowId, nodeId, tokenHash]);
}

/** Forgets the calls that left the window (every count: a count nobody uses again must not stay). */
function prune(now: number): void {
	for (const [key, times] of counts) {
		while (times.length && times[0] <= now - WINDOW_MS) times.shift();
		if (!times.length) counts.delete(key);
	}
}

/**
 * Claims one call of `cap` in the window of `key`, or says how many calls placed hold the window and when the
 * oldest leaves it. While the places left are held by calls in flight, it waits for their answers and asks
 * again (rejecting with `stopped()` when `signal` aborts meanwhile). The claim itself is synchronous: two
 * calls side by side cannot both take the last place.
 */
export async function claimInWindow(key: string, cap: number, signal: AbortSignal | undefined, stopped: () => Error): Promise<WindowClaim> {
	for (;;) {
		const now = clock.now();
		prune(now);
		const times = counts.get(key) ?? [];
		if (times.length >= cap) return { placed: times.length, freeAt: times[times.length - cap] + WINDOW_MS };
		let flight = flights.get(key);
		if (!flight) {
			flight = new CallsInFlight();
			flights.set(key, flight);
		}
		if (times.length + flight.count < cap) {
			flight.start();
			return { slot: inFlightSlot(key, flight, now) };
		}
		await flight.next(signal, stopped);
	}
}

/** A call of `key` sent at `at`: kept, its time joins the window's (in order); released, it leaves no trace. */
function inFlightSlot(key: string, flight: CallsInFlight, at: number): WindowSlot {
	let settled = false;
	const settle = (counts: boolean) => {
		if (settled) return;
		settled = true;
		if (counts) keepTime(key, at);
		flight.settle();
		if (flight.idle && flights.get(key) === flight) flights.delete(key);
	};
	return { keep: () => settle(true), release: () => settle(false) };
}

function keepTime(key: string, at: number): void {
	const times = counts.get(key) ?? [];
	let index = times.length;
	while (index > 0 && times[index - 1] > at) index--;
	times.splice(index, 0, at);
	counts.set(key, times);
}

/** The counts this process holds now (what is kept, for tests: no token, nothing after the window). */
export function windowKeys(): string[] {
	prune(clock.now());
	return [...counts.keys()];
}
