/**
 * Publishing the agent again after the tool's action changed (Talkover sets the agent to draft): whether
 * it was published, publishing it again, and finishing a publish an earlier hook left unfinished.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { agentNotFound } from '../../shared/agent';
import { agentStatusReader } from '../../shared/answers/agentStatus';
import { apiPath, talkoverAnswer, unexpectedAnswerError } from '../../shared/transport';
import { hookTime } from '../hookTime';
import { isNotFound } from './agentToolAction';
import { options } from './agentToolFields';
import { recordPublishAgain, records } from './agentToolRecords';

/**
 * "After creating, updating or deleting actions, the agent will be automatically set to draft" (the
 * action pages): an agent that was published is published again after the node's change, unless
 * Options → Publish Agent Again is off. Its status is read before the first change (Get Agent, through
 * agentStatusReader: the page's `current_status` or openapi.json's `status`) and the agent to publish again
 * is recorded (`publishAgain`, see agentToolRecords.ts) until that publish succeeded: a failed publish (or a failed
 * change after the agent went to draft) is finished by the next hook, whichever it is.
 * 'gone': Talkover says it has no such agent (its documented 404, isNotFound): it was deleted, and its actions
 * with it. Any other 404 (a wrong Base URL, a proxy's page) is an error.
 */
export async function wasPublished(ctx: IHookFunctions, agentId: string): Promise<boolean | 'gone'> {
	if (options(ctx).republishAgent === false) return false;
	const data = records(ctx);
	let published: boolean;
	// A publish left unfinished, or a Create Action that may have set the agent to draft after its hook gave up.
	if (data.publishAgain === agentId || data.lateAction === agentId) {
		published = true;
	} else {
		// The request's errors are already NodeApiErrors (the transport's): Talkover's "not found" means the agent is gone.
		const answer = await talkoverAnswer(ctx, 'GET', apiPath`/agents/${agentId}`, { ...hookTime(ctx), notFoundMessage: agentNotFound(agentId), read: agentStatusReader }).catch(async (error: unknown) =>
			isNotFound(error) ? undefined : await Promise.reject(error),
		);
		if (answer === undefined) return 'gone';
		published = answer.value === 'published';
	}
	// Recorded before the first change: the agent is published again even if this hook fails after it.
	if (published) recordPublishAgain(ctx, agentId);
	return published;
}

/** Publishes the agent again when it was published (`published`); done, the record of it is removed. */
export async function publishAgain(ctx: IHookFunctions, agentId: string, published: boolean | 'gone'): Promise<void> {
	if (published !== true) return;
	try {
		const path = apiPath`/agents/${agentId}/publish`;
		const answer = await talkoverAnswer(ctx, 'POST', path, { ...hookTime(ctx, 'restore'), notFoundMessage: agentNotFound(agentId), read: agentStatusReader });
		// The publish's answer says what the agent is now: one still in draft is not published (kept on record).
		if (answer.value !== 'published') throw unexpectedAnswerError(ctx.getNode(), `Talkover answered the publish with the agent's status ${answer.value}`, { status: answer.statusCode, method: 'POST', path });
	} catch (error) {
		// The agent was deleted meanwhile (Talkover's "not found"): nothing is left to publish.
		if (isNotFound(error)) {
			recordPublishAgain(ctx, undefined);
			return;
		}
		const e = error as { message?: unknown; description?: unknown };
		throw new NodeOperationError(ctx.getNode(), `The agent ${agentId} is now in draft: Talkover set it to draft when its actions changed, and publishing it again failed (${String(e?.message ?? error)})`, {
			description: `${typeof e?.description === 'string' && e.description ? `${e.description}\n` : ''}Publish the agent in Talkover, or publish or unpublish this workflow again: the node remembers that the agent was published and publishes it again.`,
		});
	}
	recordPublishAgain(ctx, undefined);
}

/**
 * A publish left by an earlier failed hook for an agent this hook does not change: finished first (Talkover's
 * "not found": the agent is gone, nothing to publish). Off when Publish Agent Again is off.
 */
export async function finishPending(ctx: IHookFunctions, except?: string): Promise<void> {
	const pending = records(ctx).publishAgain;
	if (typeof pending !== 'string' || pending === except || options(ctx).republishAgent === false) return;
	await publishAgain(ctx, pending, true);
}
