import { clock } from '../transport';
import { MCP_WINDOW_MINUTES } from './callCapDescription';

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
 * Talkover) does not count.
 */

/**
 * One hour: about the span of one client's task (a conversation that calls a few leads), so its calls count
 * together; short enough that yesterday's calls never hold a client back; a client in a loop gets at most the
 * cap in each hour (72 calls a day with the default 3).
 */
export const WINDOW_MS = MCP_WINDOW_MINUTES * 60_000;

/** The claim times (ms) of each count's calls within the window, oldest first. */
const counts = new Map<string, number[]>();

/** A claimed call: `release()` when nothing of it reached Talkover. */
export interface WindowSlot {
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
 * Claims one call of `cap` in the window of `key`, or says how many calls hold the window and when the
 * oldest leaves it. Synchronous: two calls side by side cannot both take the last place.
 */
export function claimInWindow(key: string, cap: number): WindowClaim {
	const now = clock.now();
	prune(now);
	const times = counts.get(key) ?? [];
	if (times.length >= cap) return { placed: times.length, freeAt: times[times.length - cap] + WINDOW_MS };
	const at = now;
	times.push(at);
	counts.set(key, times);
	let released = false;
	return {
		slot: {
			release: () => {
				if (released) return;
				released = true;
				const kept = counts.get(key);
				const index = kept ? kept.indexOf(at) : -1;
				if (kept && index >= 0) kept.splice(index, 1);
			},
		},
	};
}

/** The counts this process holds now (what is kept, for tests: no token, nothing after the window). */
export function windowKeys(): string[] {
	prune(clock.now());
	return [...counts.keys()];
}
