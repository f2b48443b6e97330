import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, getAgentId } from '../../../shared/agent';
import { actionBody, saveAction } from '../../../shared/agentActions';
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

/** `POST /agents/{id}/actions` (Create/Update Action): the action as Talkover answers it. */
export async function execute(this: IExecuteFunctions, { agentId, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const { action } = await saveAction(this, agentId, body, item);
	return [action];
}
