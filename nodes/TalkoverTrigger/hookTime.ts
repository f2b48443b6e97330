/**
 * The time a trigger hook (checkExists, create, delete: n8n runs them when a workflow is published or
 * unpublished) gives Talkover in all. n8n 2.41 gives a publication up after 84 s by default (0.7 × its outbox
 * lease of 120 s, then 10 s of grace: docs/n8n-start.md), marks the workflow failed and runs the delete hook
 * while the hook it gave up on may still be waiting for Talkover: a webhook registered after that calls a
 * workflow that is not published. One publication runs up to three hooks of a trigger (delete for the version
 * before, checkExists, create), so each ends well inside a third of it: every request of a hook shares
 * HOOK_TIME_MS from the hook's start, and a step that puts back what the hook changed (publishing an agent
 * again) has RESTORE_TIME_MS more.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestSettings } from '../shared/transport';
import { clock } from '../shared/transport';

export const HOOK_TIME_MS = 20_000;
export const RESTORE_TIME_MS = 10_000;

/** When each running hook began, by its context (one context per hook call). */
const started = new WeakMap<object, number>();

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
 * "no answer within 20 seconds"), RESTORE_TIME_MS later for a step that puts back what the hook changed.
 * With no time left the request is not sent: an error says so. Outside a hook (the catch-up's retries,
 * sent after it; the editor loading the events), nothing.
 */
export function hookTime(ctx: Pick<IHookFunctions, 'getNode'>, step: 'change' | 'restore' = 'change'): RequestSettings {
	const since = started.get(ctx);
	if (since === undefined) return {};
	const budgetMs = HOOK_TIME_MS + (step === 'restore' ? RESTORE_TIME_MS : 0);
	if (clock.now() - since >= budgetMs) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Talkover took more than ${budgetMs / 1000} seconds to answer while the workflow was being published or unpublished, so the node stopped before its next request: try again in a moment`,
		);
	}
	return { maxWaitMs: budgetMs, startedAt: since };
}
