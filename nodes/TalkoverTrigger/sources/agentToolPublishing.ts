/**
 * Publishing the tool's action on the agent, through the webhook hooks n8n runs on publish and unpublish:
 * checkExists keeps the recorded action when nothing changed (or removes what is to be replaced), create
 * makes it with a new secret, delete removes it; each publishes the agent again where Talkover set it to
 * draft, and never touches an action that is not the node's.
 */
import { randomBytes } from 'crypto';

import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { agentNotFound } from '../../shared/agent';
import type { ActionDefinition } from '../../shared/agentActions';
import { listActions, saveAction } from '../../shared/agentActionRequests';
import { actionBody } from '../../shared/agentActions';
import { hashOf, keepHashed, maskedError } from '../../shared/secrets';
import { clip, CREDENTIAL_TYPE, mayHaveBeenProcessed, shownValue } from '../../shared/transport';
import { hookTime, runsAfterTheHook } from '../hookTime';
import { actionUrl, automaticNodeId, definitionOf, fingerprint, nodeIdOfAction, removeAction } from './agentToolAction';
import { agentOf, options } from './agentToolFields';
import { isTestListening } from './listening';
import { isNotOurs, KEYS, recordLateAction, recordNotOurs, recordPublishAgain, records } from './agentToolRecords';
import { finishPending, publishAgain, wasPublished } from './agentToolRepublish';
import type { TriggerSource } from './common';
import { DELIVERY_HEADER, idOf, loggableMessage, sameId, urlKey } from './common';
import { deleteLater, forgetUnpublish, stillFits, takeOver } from './unpublishLater';

/**
 * After Create Action failed in a way Talkover may have acted on: the actions now calling this node's URL that
 * are not among the agent's other actions (checkExists's list) are this attempt's, and are deleted. When that
 * cannot be done, the error says what to look for in Talkover.
 */
async function removeHalfMade(ctx: IHookFunctions, agentId: string, definition: ActionDefinition, others: IDataObject[], error: unknown): Promise<void> {
	const here = urlKey(definition.url);
	try {
		const actions = await listActions(ctx, agentId, hookTime(ctx, 'restore'));
		for (const action of actions) {
			if (here === undefined || actionUrl(action) !== here || others.some((o) => sameId(o.id, action.id))) continue;
			await removeAction(ctx, agentId, String(idOf(action.id)), 'restore');
		}
	} catch {
		const e = error as { description?: unknown };
		if (e !== null && typeof e === 'object') {
			e.description = `${typeof e.description === 'string' && e.description ? `${e.description}\n` : ''}Talkover may have created the action "${definition.name}" on agent ${agentId}, which calls this workflow while it is not published: look for it in the agent's actions in Talkover and delete it, or publish again (the node then replaces it).`;
		}
	}
}

/** The hooks of the tool's action: made on publish, kept or replaced on a publish again, removed on unpublish. */
export const agentToolHooks: Pick<TriggerSource, 'checkExists' | 'create' | 'delete'> = {
	/**
	 * True only if the action recorded at activation is still there, for this URL, unchanged (then it is
	 * kept). A publish an earlier hook left unfinished is finished here, whatever else happens.
	 */
	async checkExists(this: IHookFunctions): Promise<boolean> {
		// "Listen for test event": no action is made for the test URL (it would give the agent a second tool,
		// or replace the published one and its secret); the published workflow's action answers the calls.
		if (isTestListening(this)) return true;
		const data = records(this);
		const agentId = agentOf(this);
		const definition = definitionOf(this, agentId);
		// Unpublished a moment ago in this process (n8n 1.123 and 2.8 publish again as an unpublish, then a publish,
		// a settings change included): the action waits to be deleted, and this check takes the deletion over (it
		// keeps the action, or replaces it itself); unpublished before that: replaced. An error puts the deletion back.
		const taken = await takeOver(this, 'tool', data);
		// The unpublish's hook recorded the agent to be published again for its deletion, which did not run.
		if (typeof taken.memo.recordedPublishAgain === 'string' && data.publishAgain === taken.memo.recordedPublishAgain) recordPublishAgain(this, undefined);
		let decided = false;
		try {
			// The action recorded on another agent (Agent changed): removed there; an agent deleted in Talkover
			// (its "not found") took its actions with it: the record is forgotten.
			if (data.actionId && data.actionAgentId && data.actionAgentId !== agentId) {
				const old = String(data.actionAgentId);
				const published = await wasPublished(this, old);
				if (published !== 'gone') {
					await removeAction(this, old, String(data.actionId));
					await publishAgain(this, old, published);
				}
				for (const key of KEYS) delete data[key];
				if (data.publishAgain === old) recordPublishAgain(this, undefined);
			}
			// An agent left in draft by a failed hook of another agent (this node's Agent changed since): published now.
			await finishPending(this, agentId);
			const actions = await listActions(this, agentId, hookTime(this));
			const here = urlKey(definition.url);
			const mine = data.actionId ? actions.find((a) => sameId(a.id, data.actionId)) : undefined;
			// The recorded action is the node's by its ID: kept when unchanged, its URL (when the list shows one) this node's.
			const mineUrl = mine ? actionUrl(mine) : undefined;
			if (stillFits(taken, { same: mine !== undefined && keepHashed(data, 'actionSecret') && (mineUrl === undefined || mineUrl === here) && data.actionFingerprint === fingerprint(definition) })) {
				decided = true;
				forgetUnpublish('tool', data);
				// Kept; an agent left in draft by an earlier failed hook is published again now.
				if (data.publishAgain === agentId && options(this).republishAgent !== false) await publishAgain(this, agentId, true);
				return true;
			}
			// Anything else of this node (the recorded action, changed; any action for this URL, whose secret is
			// not the one on record) is replaced: deleted here, created anew by create(). Never an action Talkover
			// replaced with this tool (notOurs: the user's, carrying this URL since), nor one whose URL cannot be
			// read (a webhook action of the user's without `url` is not this node's: its own is known by its ID).
			const replaced = actions.filter((a) => a === mine || (here !== undefined && actionUrl(a) === here && !isNotOurs(data, agentId, a.id)));
			// Talkover's Create/Update replaces the action with the same node_id: another action there (not this
			// node's) would be overwritten and then deleted on unpublish. Refused before anything is changed.
			// (Talkover's documented lists do not show node_id: when the list shows none, create() checks the answer.)
			const occupied = actions.find((a) => !replaced.includes(a) && nodeIdOfAction(a) === definition.nodeId);
			if (occupied) {
				throw new NodeOperationError(
					this.getNode(),
					`Options → Flow Node Name or ID: the agent already has an action on node "${definition.nodeId}" (action "${shownValue(occupied.name) ?? ''}", ID ${shownValue(occupied.id) ?? 'not given'}) that is not this node's`,
					{
						description: `Nothing was sent to Talkover. Talkover keeps one action per node ID and would replace "${shownValue(occupied.name) ?? ''}" with this tool. Choose another Flow Node (or leave it empty for n8n's own ID), or delete that action in Talkover if you no longer want it.`,
					},
				);
			}
			decided = true;
			for (const key of KEYS) delete data[key];
			if (data.publishAgain !== undefined && data.publishAgain !== agentId) recordPublishAgain(this, undefined);
			data.otherActions = actions.filter((a) => !replaced.includes(a)).map((a) => ({ id: idOf(a.id) ?? '', name: typeof a.name === 'string' ? a.name : '' }));
			if (replaced.length) {
				// Read before the first change (it sets the agent to draft); create() publishes it again.
				const published = await wasPublished(this, agentId);
				data.agentWasPublished = published === true;
				for (const action of replaced) await removeAction(this, agentId, String(idOf(action.id)));
			}
			return false;
		} finally {
			if (!decided) taken.putBack();
		}
	},

	async create(this: IHookFunctions): Promise<boolean> {
		const data = records(this);
		const agentId = agentOf(this);
		const definition = definitionOf(this, agentId);
		const secret = randomBytes(32).toString('hex');
		const body = actionBody({ ...definition, customHeaders: [{ key: DELIVERY_HEADER, value: secret }] });
		const published = (options(this).republishAgent !== false && data.publishAgain === agentId) || (typeof data.agentWasPublished === 'boolean' ? data.agentWasPublished : await wasPublished(this, agentId));
		delete data.agentWasPublished;
		if (published === 'gone') throw new NodeOperationError(this.getNode(), agentNotFound(agentId), { description: 'Nothing was sent to Talkover: choose another agent.' });
		// Recorded before the change (it sets the agent to draft): whatever fails after it, the next hook publishes it.
		if (published === true) recordPublishAgain(this, agentId);
		// The agent's other actions as checkExists listed them: an answer with one of their IDs means Talkover
		// replaced that action (same node ID) instead of adding this tool's.
		const others = Array.isArray(data.otherActions) ? (data.otherActions as IDataObject[]) : [];
		delete data.otherActions;
		let action: IDataObject;
		try {
			({ action } = await saveAction(this, agentId, body, hookTime(this)));
		} catch (error) {
			const shown = error !== null && typeof error === 'object' ? maskedError(error, { values: [secret] }) : error;
			// Talkover may have created the action before failing: one for this URL, not one of the agent's other
			// actions, is this attempt's and would call a workflow that is not published. Removed now. Without an
			// answer at all, Talkover may still make it later (and set a published agent to draft): recorded.
			if (mayHaveBeenProcessed(error)) {
				if (published === true && (error as { context?: { cause?: unknown } }).context?.cause === 'timeout') recordLateAction(this, agentId);
				await removeHalfMade(this, agentId, definition, others, shown);
			}
			throw shown;
		}
		// The record reader refused an answer without an ID (a non-empty text or a whole number) in saveAction.
		const actionId = String(action.id);
		// On n8n's own node ID (no Flow Node chosen) only this node ever made an action: one Talkover replaced
		// there is this node's own, listed without a URL (static data lost), and is taken as its own.
		const ownNodeId = definition.nodeId === automaticNodeId(this);
		const replacedOther = others.find((o) => sameId(o.id, actionId)) ?? (isNotOurs(data, agentId, actionId) ? { id: actionId, name: '' } : undefined);
		if (replacedOther && !ownNodeId) {
			// The user's action: recorded so that no later publish or unpublish deletes it (it carries this URL now).
			recordNotOurs(this, agentId, actionId);
			await publishAgain(this, agentId, published);
			throw new NodeOperationError(
				this.getNode(),
				`Options → Flow Node Name or ID: Talkover replaced the agent's action "${shownValue(replacedOther.name) ?? ''}" (ID ${clip(actionId, 80)}) on node "${definition.nodeId}" with this tool instead of adding one`,
				{
					description: `Talkover keeps one action per node ID; its list does not show node IDs, so this could not be seen before. The action's earlier settings are gone and it now calls this workflow's URL, but it stays yours: this node never deletes it. Set it back in Talkover (or Agent Action → Update), then choose another Flow Node here (or leave it empty for n8n's own ID) and publish again.`,
				},
			);
		}
		data.actionId = actionId;
		data.actionAgentId = agentId;
		data.actionSecret = hashOf(secret);
		data.actionFingerprint = fingerprint(definition);
		// A new action: no unpublish of the old one is left to take over.
		forgetUnpublish('tool', data);
		await publishAgain(this, agentId, published);
		recordLateAction(this, undefined);
		return true;
	},

	/**
	 * Unpublishes the tool: the action recorded at activation is deleted UNPUBLISH_GRACE_MS later
	 * (unpublishLater.ts: n8n 1.123 and 2.8 publish again as an unpublish, then a publish, and a publish within the
	 * grace keeps the action, the agent never set to draft); a publish an earlier hook left unfinished is finished now.
	 */
	async delete(this: IHookFunctions): Promise<boolean> {
		if (isTestListening(this)) return true;
		const data = records(this);
		if (!data.actionId || !data.actionAgentId || isNotOurs(data, String(data.actionAgentId), data.actionId)) return await removeRecordedAction(this);
		const agentId = String(data.actionAgentId);
		// Read now: the deletion runs after this hook returned.
		runsAfterTheHook(this, await this.getCredentials(CREDENTIAL_TYPE));
		// Whether the agent is published, read now and recorded with the unpublish n8n saves (`publishAgain`): the
		// deletion sets it to draft after n8n saved the static data, and what it records then is kept only in this
		// process; a publish after an n8n restart finds the record and publishes the agent again. A check within the
		// grace that takes the deletion over (nothing changed in Talkover) removes the record again.
		// An agent left in draft by an earlier failed hook (n8n's clean-up after a failed publish too): published now.
		await finishPending(this).catch((error: unknown) => {
			this.logger?.warn?.(`Talkover agent tool "${this.getNode().name}": ${loggableMessage(this, error)}. The next publish of this workflow publishes the agent again.`);
		});
		const pending = data.publishAgain === agentId;
		const read = await inAgentTurn(agentId, async () =>
			await wasPublished(this, agentId).then(
				(published) => ({ published }),
				(unread: unknown) => ({ unread }),
			),
		);
		const published = 'published' in read ? read.published : undefined;
		await deleteLater(
			this,
			'tool',
			data,
			async () => {
				await inAgentTurn(agentId, async () => await removeRecordedAction(this, read));
				// Deleted (else it stays on record, and the next publish, finding the unpublish, replaces it).
				if (!data.actionId) forgetUnpublish('tool', data);
			},
			{ recordedPublishAgain: published === true && !pending ? agentId : undefined },
		);
		return true;
	},
};

/**
 * The tool's status reads and deletions of each agent in this process, one after another. A deletion sets the
 * agent to draft, then publishes it again: a status read while another workflow's deletion of the same agent runs
 * (several workflows unpublished at once) would take that moment's draft for the agent's state, and its own
 * deletion would leave the agent in draft.
 */
const agentTurns = new Map<string, Promise<unknown>>();

function inAgentTurn<T>(agentId: string, step: () => Promise<T>): Promise<T> {
	const run = (agentTurns.get(agentId) ?? Promise.resolve()).catch(() => undefined).then(step);
	const tail: Promise<unknown> = run.catch(() => undefined);
	agentTurns.set(agentId, tail);
	void tail.then(() => {
		if (agentTurns.get(agentId) === tail) agentTurns.delete(agentId);
	});
	return run;
}

/**
 * Deletes the action recorded at activation (Talkover's "not found" for the action or its agent: already
 * gone; any other 404 is an error), and finishes a publish an earlier hook left unfinished. Never throws: what
 * fails goes to n8n's log, and stays on record for the next publish or unpublish. `read`: whether the agent is
 * published, as the unpublish's hook read it (else read here).
 */
async function removeRecordedAction(ctx: IHookFunctions, read?: { published: boolean | 'gone' } | { unread: unknown }): Promise<boolean> {
	const data = records(ctx);
	let done: string | undefined;
	let unpublished: unknown;
	let undeleted: unknown;
	let unread: unknown;
	if (data.actionId && data.actionAgentId) {
		const agentId = String(data.actionAgentId);
		// The agent's status could not be read (any error but Talkover's "not found"): nothing is changed (a
		// delete would set a published agent to draft, not known to be published again); the action stays on
		// record, so the next publish or unpublish removes it, and the log says so.
		const published = read
			? 'published' in read
				? read.published
				: ((unread = read.unread), undefined)
			: await wasPublished(ctx, agentId).catch((error: unknown) => {
					unread = error;
					return undefined;
				});
		if (published !== undefined && published !== 'gone' && !isNotOurs(data, agentId, data.actionId)) {
			// A failed delete is not thrown either (n8n would only log it and not save the records): the agent
			// is published again all the same (the delete may have set it to draft before failing), and the
			// action stays on record, so the next publish or unpublish removes it.
			await removeAction(ctx, agentId, String(data.actionId)).catch((error: unknown) => (undeleted = error));
			await publishAgain(ctx, agentId, published).catch((error: unknown) => (unpublished = error));
		}
		if (published === 'gone' && data.publishAgain === agentId) recordPublishAgain(ctx, undefined);
		done = agentId;
	}
	if (!unpublished) await finishPending(ctx, done).catch((error: unknown) => (unpublished = error));
	// What is logged goes through the hooks' masking step, with the secrets still on record.
	const unpublishedMessage = unpublished ? loggableMessage(ctx, unpublished) : undefined;
	if (unread) {
		ctx.logger?.warn?.(
			`Talkover agent tool "${ctx.getNode().name}": the tool's action ${String(data.actionId)} was not deleted from agent ${String(data.actionAgentId)}: whether the agent is published could not be read (${loggableMessage(ctx, unread)}), and deleting an action sets a published agent to draft. Delete the action in Talkover, or publish and unpublish this workflow again: the node remembers it.`,
		);
		if (unpublishedMessage) ctx.logger?.warn?.(`Talkover agent tool "${ctx.getNode().name}": ${unpublishedMessage}. The next publish of this workflow publishes the agent again.`);
		return true;
	}
	if (undeleted) {
		ctx.logger?.warn?.(
			`Talkover agent tool "${ctx.getNode().name}": the tool's action ${String(data.actionId)} could not be deleted from agent ${String(data.actionAgentId)} (${loggableMessage(ctx, undeleted)}). Delete it in Talkover, or publish and unpublish this workflow again: the node remembers it.`,
		);
		if (unpublishedMessage) ctx.logger?.warn?.(`Talkover agent tool "${ctx.getNode().name}": ${unpublishedMessage}. The next publish of this workflow publishes the agent again.`);
		return true;
	}
	for (const key of KEYS) delete data[key];
	// A publish that failed is not delete()'s error: n8n only logs delete()'s errors (remove(), and its
	// clean-up after a failed publish) and saves the static data only when delete() succeeds. Succeeding
	// with `publishAgain` recorded, the record is saved with the workflow (it survives an n8n restart)
	// and the next publish finishes it.
	if (unpublishedMessage) {
		ctx.logger?.warn?.(`Talkover agent tool "${ctx.getNode().name}": ${unpublishedMessage}. The next publish of this workflow publishes the agent again.`);
	}
	return true;
}

