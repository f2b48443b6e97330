import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, getAgentId } from '../../../shared/agent';
import { listActions, saveAction } from '../../../shared/agentActionRequests';
import { actionBody } from '../../../shared/agentActions';
import { failedBeforeWrite } from '../calendar/fields';
import type { IfUnsure, ItemContext } from '../operation';
import { DRAFT_NOTICE, definitionFields, readDefinition } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['agentAction'], operation: ['create'] } }, [DRAFT_NOTICE, agentLocator(), ...definitionFields]);

/** Adds an action: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = {
	mayHaveHappened: 'The action may have been created',
	check: 'the action exists: Agent Action → Get Many (this agent)',
	notDone: 'Nothing reached Talkover: the action was not created.',
};

interface Prepared {
	agentId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return { agentId: getAgentId.call(this, itemIndex), body: actionBody(readDefinition.call(this, itemIndex)) };
}

/** What the item says when Talkover's Create/Update replaced an action the agent had instead of adding one. */
export function replacedNote(nodeId: string): string {
	return `Talkover updated the agent's existing action with Node ID "${nodeId}" instead of adding one (Create/Update Action replaces the action with the same Node ID): its earlier settings are gone`;
}

/**
 * `POST /agents/{id}/actions` (Create/Update Action): the action as Talkover answers it. Talkover's POST
 * also updates (CONTRADICTIONS.md #44): the agent's actions are listed first, and an answered action
 * that was already there is said in the item (`note`), never passed off as a new one.
 */
export async function execute(this: IExecuteFunctions, { agentId, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	let before: Set<string>;
	try {
		before = new Set((await listActions(this, agentId, { ...item, returnAll: true })).map((a) => String(a.id)));
	} catch (error) {
		throw failedBeforeWrite(error, 'Nothing was created: the look-up of the agent’s actions before the create failed, the action was not sent.');
	}
	const { action } = await saveAction(this, agentId, body, item);
	return [before.has(String(action.id)) ? { ...action, note: replacedNote(String(body.node_id)) } : action];
}
