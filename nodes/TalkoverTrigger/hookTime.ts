/**
 * The time a trigger hook (checkExists, create, delete: n8n runs them when a workflow is published or
 * unpublished) gives Talkover in all. n8n 2.41 gives a publication up after 84 s by default (0.7 × its outbox
 * lease of 120 s, then 10 s of grace: docs/n8n-start.md), marks the workflow failed and runs the delete hook
 * while the hook it gave up on may still be waiting for Talkover: a webhook registered after that calls a
 * workflow that is not published. So every request of a hook shares HOOK_TIME_MS from the hook's start; a step
 * that puts back what the hook changed (publishing an agent again, deleting a half-made action) has
 * RESTORE_TIME_MS more, and the catch-up's reading of the delivery logs CATCH_UP_TIME_MS more (a log of many
 * pages). The longest publication, a re-publish (delete, then checkExists with its catch-up), stays under
 * 84 s: 15 + 15 + 45 = 75 s.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestSettings } from '../shared/transport';
import { clock } from '../shared/transport';

export const HOOK_TIME_MS = 15_000;
export const RESTORE_TIME_MS = 10_000;
export const CATCH_UP_TIME_MS = 45_000;

/** What a request of a hook does: changes Talkover, puts back what the hook changed, or reads a delivery log to catch up. */
export type HookStep = 'change' | 'restore' | 'catchUp';

const MORE_MS: Record<HookStep, number> = { change: 0, restore: RESTORE_TIME_MS, catchUp: CATCH_UP_TIME_MS };

/** When each running hook began, by its context (one context per hook call). */
const started = new WeakMap<object, number>();

/** The credential a hook read for what it left to run after it returned (unpublishLater.ts's deletion), by its context. */
const detachedOf = new WeakMap<object, { credentials: IDataObject }>();

/**
 * What a hook leaves to run after it returned (the deletion an unpublish defers) sends its requests with the
 * credential read while the hook ran (RequestSettings.detached), without the hook's time.
 */
export function runsAfterTheHook(ctx: IHookFunctions, credentials: IDataObject): void {
	detachedOf.set(ctx, { credentials });
}

/** Runs a hook with its time counted from now. */
export async function withinHookTime<T>(ctx: IHookFunctions, run: () => Promise<T>): Promise<T> {
	started.set(ctx, clock.now());
	try {
		return await run();
	} finally {
		started.delete(ctx);
	}
}

/**
 * The settings of a request a hook sends: its time ends HOOK_TIME_MS after the hook began (the transport's
 * "no answer within 15 seconds"), later for a step that restores or catches up (MORE_MS). With no time left the
 * request is not sent: an error says so. Outside a hook (the catch-up's retries, sent after it; the editor
 * loading the events), nothing; after a hook that left something to run (runsAfterTheHook), its credential.
 */
export function hookTime(ctx: Pick<IHookFunctions, 'getNode'>, step: HookStep = 'change'): RequestSettings {
	const since = started.get(ctx);
	if (since === undefined) {
		const detached = detachedOf.get(ctx);
		return detached ? { detached } : {};
	}
	const budgetMs = HOOK_TIME_MS + MORE_MS[step];
	if (clock.now() - since >= budgetMs) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Talkover took more than ${budgetMs / 1000} seconds to answer while the workflow was being published or unpublished, so the node stopped before its next request: try again in a moment`,
		);
	}
	return { maxWaitMs: budgetMs, startedAt: since };
}
