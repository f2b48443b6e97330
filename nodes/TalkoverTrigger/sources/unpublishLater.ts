import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { accountOf, CREDENTIAL_TYPE } from '../../shared/transport/credential';
import { alarm, clock } from '../../shared/transport/clock';
import { isTestListening } from './listening';

/**
 * Unpublishing, a moment later: n8n 1.123 and 2.8 publish a published workflow again (after an edit) as an
 * unpublish and a publish (its delete hook, then its check), and n8n 2.41 does so for a trigger whose fields
 * changed. Deleting the webhooks at the delete hook would delete their delivery logs and the retries Talkover
 * still owes, and the publish that follows would have nothing to catch up. So the delete hook of a published
 * workflow (not the editor's test webhook) deletes the webhooks UNPUBLISH_GRACE_MS later, in this process, and
 * keeps them on record with the time (`unpublishedAt`); a check of the same node within that time that keeps them
 * takes them back (they were never deleted: the catch-up reads their logs), and one that does not keep them (the
 * agent, the campaign or the events changed) deletes them at once. A check after the grace, or in another process
 * (n8n stopped within it), finds `unpublishedAt` and replaces the webhooks: what happened while the workflow was
 * unpublished is not caught up. The agent tool's action goes through the same grace (`toolUnpublishedAt`): a
 * re-publish within it keeps an unchanged action, so the agent is never set to draft. This module is the one place
 * that defers a deletion, hands it to the next check (takeOver, stillFits) and stops it; the editor's Listen for
 * test event never does (its webhook is another). What waits is deleted in the Talkover account it lives in: a
 * check whose credential reaches another account (another Base URL or API Token) never takes it over; the
 * deletion runs at once, with the credential the unpublish read, and the check makes anew in its own account.
 */
export const UNPUBLISH_GRACE_MS = 10_000;

/**
 * What a source holds in Talkover and unpublishes through the grace: the event sources' webhooks, or the agent
 * tool's action. Each has its own deletion and its own record of the unpublish (a node's Source may change).
 */
export type Held = 'webhooks' | 'tool';

const KEYS: Record<Held, string> = { webhooks: 'unpublishedAt', tool: 'toolUnpublishedAt' };

/**
 * A deletion waiting in this process: its alarm's cancel, the deletion, what its hook noted for a check that takes
 * it over, and the account what it deletes lives in (accountOf the unpublish's credential).
 */
interface Waiting {
	cancel: () => void;
	deletion: () => Promise<void>;
	memo: IDataObject;
	account: string;
}

/** The deletions waiting in this process, per workflow and node. */
const waiting = new Map<string, Waiting>();
/** The deletions running (their grace ended), until each has ended. */
const running = new Set<Promise<unknown>>();

function nodeKey(ctx: IHookFunctions, held: Held): string {
	return `${ctx.getWorkflow().id}|${ctx.getNode().id}|${held}`;
}

/** Whether this delete hook unpublishes a published workflow (then it may wait): the editor's test webhook is deleted at once. */
export function mayWait(ctx: IHookFunctions): boolean {
	return !isTestListening(ctx);
}

/** The Talkover account the hook's credential reaches (its server and a hash of its token: accountOf). */
async function accountIn(ctx: IHookFunctions): Promise<string> {
	return accountOf(await ctx.getCredentials(CREDENTIAL_TYPE));
}

/**
 * Records the unpublish and runs `deletion` UNPUBLISH_GRACE_MS later, unless the node is published again before
 * in the same account. `deletion` sends its requests with the credential the hook read (the account recorded here).
 */
export async function deleteLater(ctx: IHookFunctions, held: Held, data: IDataObject, deletion: () => Promise<void>, memo: IDataObject = {}): Promise<void> {
	const account = await accountIn(ctx);
	const key = nodeKey(ctx, held);
	waiting.get(key)?.cancel();
	data[KEYS[held]] = clock.now();
	const entry: Waiting = {
		deletion,
		memo,
		account,
		// A cancelled alarm never fires: a deletion replaced or taken over is not run by it.
		cancel: alarm(UNPUBLISH_GRACE_MS, () => {
			waiting.delete(key);
			void run(deletion);
		}),
	};
	waiting.set(key, entry);
}

/** What a check found of an unpublish (takeOver), and what it may do with it. */
export interface TakenOver {
	/** The recorded webhooks or action were unpublished and are not in this process's grace any more: replaced. */
	gone: boolean;
	/** This check publishes again what an unpublish within the grace left (a re-publish), not a start of n8n. */
	republish: boolean;
	/** The check ended without deciding (an error): the deletion it stopped runs after all. */
	putBack: () => void;
	/** What the unpublish's hook noted for the check that takes its deletion over (deleteLater's `memo`). */
	memo: IDataObject;
}

/**
 * What a check of the node finds of an unpublish, and the check takes over (the only place that stops a waiting
 * deletion). `gone`: the recorded webhooks or action were unpublished and not in this process's grace any more
 * (deleted, being deleted, or n8n stopped before it could delete them): they are replaced. Otherwise they may be
 * kept (stillFits): none is on record, or this process's deletion of them had not run yet; then it is stopped,
 * the check keeps them or deletes them itself, and `putBack` runs it after all when the check ends without
 * deciding (an error). The editor's Listen for test event never takes over the published workflow's deletion:
 * its webhook is another (the test URL, its own static data), and what was unpublished is deleted when its grace ends.
 * A check whose credential reaches another account than the unpublish's never takes over: the deletion runs now
 * (in the account it was deferred in, with that account's credential), the check waits for its end (it changes the
 * record), and what the check finds is `gone` (made anew in the check's account).
 */
export async function takeOver(ctx: IHookFunctions, held: Held, data: IDataObject): Promise<TakenOver> {
	const nothing = { republish: false, putBack: () => undefined, memo: {} };
	if (isTestListening(ctx)) return { gone: false, ...nothing };
	const key = nodeKey(ctx, held);
	// Read before anything is stopped: a credential that cannot be read leaves the deletion waiting.
	const account = waiting.has(key) ? await accountIn(ctx) : undefined;
	const entry = waiting.get(key);
	if (!entry) return { gone: data[KEYS[held]] !== undefined, ...nothing };
	// Stopped before anything is read: the grace may end while the check waits for Talkover's answers.
	entry.cancel();
	waiting.delete(key);
	if (entry.account !== account) {
		await run(entry.deletion);
		return { gone: true, ...nothing };
	}
	return { gone: false, republish: true, putBack: () => void run(entry.deletion), memo: entry.memo };
}

/**
 * Whether a check keeps what Talkover has: `same` (the same agent or campaign, events, URL; for the tool, the same
 * action), not `gone` past the grace, and, at a re-publish, made by this version (`current`): a record of an
 * earlier version (0.1.0's one webhook for every event) is kept at a start of n8n and replaced when the workflow is
 * published again.
 */
export function stillFits(taken: TakenOver, { same, current = true }: { same: boolean; current?: boolean }): boolean {
	return !taken.gone && same && (current || !taken.republish);
}

/** Runs a deletion in the background, its end awaited by deletionsEnded (and by what it returns, which never rejects). */
function run(deletion: () => Promise<unknown>): Promise<unknown> {
	// A deletion logs its own failures; nothing it throws may become an unhandled rejection in n8n's process.
	const started = deletion()
		.catch(() => undefined)
		.finally(() => running.delete(started));
	running.add(started);
	return started;
}

/** The node keeps what it recorded, or made it anew (the check took over its deletion): the unpublish is forgotten. */
export function forgetUnpublish(held: Held, data: IDataObject): void {
	delete data[KEYS[held]];
}

/** Forgets the deletions waiting in this process, none run (tests: n8n stopped within the grace). */
export function forgetDeletionsWaiting(): void {
	for (const entry of waiting.values()) entry.cancel();
	waiting.clear();
}

/**
 * n8n is stopping (its `n8n.stop` hook: ../externalHooks.ts): every deletion waiting in its grace runs now, as its
 * grace would have ended in a process that is about to end. Resolves when the deletions running have ended, or
 * after `atMostMs` on the clock: n8n's exit is not held longer (what has not ended by then is cut off by the exit).
 */
export async function deleteWaitingNow(atMostMs: number): Promise<void> {
	for (const [key, entry] of [...waiting]) {
		entry.cancel();
		waiting.delete(key);
		void run(entry.deletion);
	}
	const ended = new AbortController();
	await Promise.race([deletionsEnded(), clock.sleep(atMostMs, ended.signal).catch(() => undefined)]);
	ended.abort();
}

/** Ends when every deletion whose grace has ended in this process has ended (each logs its own failures). */
export async function deletionsEnded(): Promise<void> {
	while (running.size > 0) await Promise.allSettled([...running]);
}
