import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, getAgentId } from '../../../shared/agent';
import { actionNotFound, listActions, saveAction } from '../../../shared/agentActionRequests';
import { actionBody } from '../../../shared/agentActions';
import { clip, shownValue } from '../../../shared/transport';
import { failedBeforeWrite } from '../calendar/fields';
import type { IfUnsure, ItemContext } from '../operation';
import { actionLocator, DRAFT_NOTICE, definitionFields, getActionId, readDefinition } from './fields';

const UPDATE_NOTICE: INodeProperties = {
	displayName:
		'Talkover has no separate update: this sends the whole action again (Create/Update Action), so give every field as it should be; fields left out take Talkover’s defaults. The Node ID must be the one the action was created with: if Talkover adds a new action instead, or changes another action that has this Node ID, the node says so.',
	name: 'updateNotice',
	type: 'notice',
	default: '',
};

export const description = updateDisplayOptions({ show: { resource: ['agentAction'], operation: ['update'] } }, [UPDATE_NOTICE, DRAFT_NOTICE, agentLocator(), actionLocator(), ...definitionFields]);

/**
 * Create/Update Action sent for an existing action: if Talkover were to add an action instead, sending it
 * twice would add two. Never sent twice for one item.
 */
export const repeatable = false;

export const ifUnsure: IfUnsure = {
	mayHaveHappened: 'The action may have been updated',
	check: 'the action is as you want it, and that there is no second one: Agent Action → Get Many (this agent)',
	notDone: 'Nothing reached Talkover: the action was not updated.',
};

interface Prepared {
	agentId: string;
	actionId: string;
	nodeId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const definition = readDefinition.call(this, itemIndex);
	return { agentId: getAgentId.call(this, itemIndex), actionId: getActionId.call(this, itemIndex), nodeId: definition.nodeId, body: actionBody(definition) };
}

/**
 * The action must exist first (List Actions): a wrong Action ID never reaches the POST, which would add
 * an action. Then the Create/Update POST; an answer with another action's ID is an error, never a silent
 * success: another existing action's ID means Talkover replaced that one (by Node ID) and this one is
 * unchanged; a new ID means Talkover added an action and both now exist.
 */
export async function execute(this: IExecuteFunctions, { agentId, actionId, nodeId, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	let actions: IDataObject[];
	try {
		actions = await listActions(this, agentId, { ...item, returnAll: true });
	} catch (error) {
		throw failedBeforeWrite(error, 'Nothing was changed: the look-up of the action before the update failed, the update was not sent.');
	}
	if (!actions.some((action) => String(action.id) === actionId)) {
		throw new NodeOperationError(this.getNode(), actionNotFound(agentId, actionId), {
			itemIndex: item.itemIndex,
			description: `The agent's actions were listed and none has this ID. Nothing was sent to change or add an action.`,
		});
	}
	const { action } = await saveAction(this, agentId, body, item);
	if (String(action.id) !== actionId) {
		const answered = String(action.id);
		// As shown in the messages (an ID Talkover made up, however long).
		const shown = clip(answered, 80);
		const other = actions.find((a) => String(a.id) === answered);
		const own = actions.find((a) => String(a.id) === actionId);
		const error = other
			? // Talkover replaced another existing action (the one with this Node ID): that one is changed, this one is not.
				new NodeOperationError(this.getNode(), `Talkover updated action ${shown} (it has Node ID "${shownValue(other.node_id) ?? nodeId}") instead of ${actionId}; ${actionId} is unchanged`, {
					itemIndex: item.itemIndex,
					description: `Talkover updates the action with the same Node ID, and action ${shown} has Node ID "${shownValue(other.node_id) ?? nodeId}": its earlier settings were replaced by this update. Nothing was deleted. To change action ${actionId}, update it again with its own Node ID${typeof own?.node_id === 'string' ? ` ("${clip(own.node_id, 80)}")` : ''}; to put action ${shown} back as it was, update it (Agent Action → Update) with its earlier settings.`,
				})
			: new NodeOperationError(this.getNode(), `Talkover added a new action (ID ${shown}) instead of updating action ${actionId}`, {
					itemIndex: item.itemIndex,
					description: `Both actions now exist on the agent. Talkover updates the action with the same Node ID, and action ${actionId} was not created with Node ID "${nodeId}". Delete the one you do not want (Agent Action → Delete), or use the original Node ID.`,
				});
		// Talkover acted: kept in the send-once record, so n8n's Retry On Fail does not add a third action.
		Object.assign(error.context, { mayHaveBeenProcessed: true, acted: true });
		throw error;
	}
	return [action];
}
