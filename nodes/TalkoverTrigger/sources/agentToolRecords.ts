/**
 * What the Agent Tool's hooks record for the next hook: the action made (in the static data, KEYS), the
 * agent to publish again (`publishAgain`) and the actions that are not the node's (`notOurs`), also kept in
 * this n8n process for a hook whose static data n8n does not save.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { isObject, sameId } from './common';

/**
 * What the static data records for this source (apart from the event sources' keys); `toolRequests` is no
 * longer written (a record of tool requests kept there by a pre-release build): removed at activation.
 * Not among them: `notOurs` (actions Talkover replaced with this tool: the user's, never deleted), kept
 * across unpublish, `publishAgain`, kept until that publish succeeded, and `lateAction`, kept until a tool
 * was made again.
 */
export const KEYS = ['actionId', 'actionAgentId', 'actionSecret', 'actionFingerprint', 'agentWasPublished', 'otherActions', 'toolRequests'] as const;

/**
 * What a failed hook leaves for the next one. n8n saves a workflow's static data only when a hook
 * succeeded: on 2.8.4 (and 1.123, and the newest 2.x) ActiveWorkflowManager.add() runs checkExists/create
 * on the saved static data and saves it only at the end; when they fail it runs delete() at once on the
 * static data saved before (clearWebhooks), and saves that delete()'s static data only when delete()
 * succeeds; a re-publish is remove() (delete(), its error only logged) then add(), each on the saved data.
 * A record written only into a failing hook's static data is therefore lost. It is also kept here, in this
 * n8n process, keyed by workflow and node: the next hook of this node (that delete(), the add() after a
 * failed remove(), the next publish or unpublish) takes it into its own static data, finishes it, and n8n
 * saves whatever is left with that hook's success. delete() succeeds even when its publish fails (n8n only
 * logs delete()'s errors anyway), so that n8n saves the record with the workflow and it survives a restart.
 */
const unsaved = new Map<string, IDataObject>();

/** Forgets what failed hooks left in this process (tests: each starts with a fresh n8n). */
export function forgetUnsavedRecords(): void {
	unsaved.clear();
}

function recordKey(ctx: IHookFunctions): string {
	return `${String(ctx.getWorkflow().id ?? '')}\u0000${ctx.getNode().name}`;
}

/** An action Talkover replaced with this tool (same node ID): it carries this node's URL but is the user's. */
interface NotOurs extends IDataObject {
	agentId: string;
	id: string;
}

function notOursOf(value: unknown): NotOurs[] {
	return Array.isArray(value) ? (value as unknown[]).filter((e): e is NotOurs => isObject(e) && typeof e.agentId === 'string' && typeof e.id === 'string') : [];
}

/**
 * The node's static data with what failed hooks left in this process: a publish to finish (`publishAgain`)
 * and the actions that are not the node's although they carry its URL (`notOurs`). Every hook starts here.
 */
export function records(ctx: IHookFunctions): IDataObject {
	const data = ctx.getWorkflowStaticData('node');
	const left = unsaved.get(recordKey(ctx));
	if (left) {
		if (typeof left.publishAgain === 'string' && data.publishAgain === undefined) data.publishAgain = left.publishAgain;
		if (typeof left.lateAction === 'string' && data.lateAction === undefined) data.lateAction = left.lateAction;
		const known = notOursOf(data.notOurs);
		const more = notOursOf(left.notOurs).filter((n) => !known.some((k) => k.agentId === n.agentId && sameId(k.id, n.id)));
		if (more.length) data.notOurs = [...known, ...more];
	}
	return data;
}

/** Records `agentId` under `key` in the static data and in this process (undefined: removes it). */
function recordAgent(ctx: IHookFunctions, key: 'publishAgain' | 'lateAction', agentId: string | undefined): void {
	const data = ctx.getWorkflowStaticData('node');
	const processKey = recordKey(ctx);
	const left = unsaved.get(processKey) ?? {};
	if (agentId === undefined) {
		delete data[key];
		delete left[key];
	} else {
		data[key] = agentId;
		left[key] = agentId;
	}
	if (Object.keys(left).length) unsaved.set(processKey, left);
	else unsaved.delete(processKey);
}

/** Records, in the static data and in this process, that `agentId` is to be published again (undefined: done). */
export function recordPublishAgain(ctx: IHookFunctions, agentId: string | undefined): void {
	recordAgent(ctx, 'publishAgain', agentId);
}

/**
 * Records, in the static data and in this process, that a Create Action on `agentId` got no answer (its time
 * ran out): Talkover may still make it, and set the agent to draft then, after this hook gave up. Until a tool
 * is made again (undefined), the agent counts as published: the hook that finds that action publishes it again.
 */
export function recordLateAction(ctx: IHookFunctions, agentId: string | undefined): void {
	recordAgent(ctx, 'lateAction', agentId);
}

/** Records an action Talkover replaced with this tool: the node never deletes it. */
export function recordNotOurs(ctx: IHookFunctions, agentId: string, id: string): void {
	const data = ctx.getWorkflowStaticData('node');
	const entry: NotOurs = { agentId, id };
	const known = notOursOf(data.notOurs);
	if (!known.some((k) => k.agentId === agentId && sameId(k.id, id))) data.notOurs = [...known, entry];
	const key = recordKey(ctx);
	const left = unsaved.get(key) ?? {};
	const kept = notOursOf(left.notOurs);
	if (!kept.some((k) => k.agentId === agentId && sameId(k.id, id))) left.notOurs = [...kept, entry];
	unsaved.set(key, left);
}


/** Whether the action `id` of `agentId` is one Talkover replaced with this tool (the user's: never deleted). */
export function isNotOurs(data: IDataObject, agentId: string, id: unknown): boolean {
	return notOursOf(data.notOurs).some((n) => n.agentId === agentId && sameId(n.id, id));
}
