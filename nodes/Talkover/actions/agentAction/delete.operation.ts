import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, getAgentId } from '../../../shared/agent';
import { deleteAction } from '../../../shared/agentActionRequests';
import { goneAfterRetryNote } from '../fields';
import type { ItemContext } from '../operation';
import { actionLocator, DRAFT_NOTICE, getActionId } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['agentAction'], operation: ['delete'] } }, [DRAFT_NOTICE, agentLocator(), actionLocator()]);

/** A DELETE: once the action is gone, sending it again deletes nothing more. */
export const repeatable = true;

interface Prepared {
	agentId: string;
	actionId: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return { agentId: getAgentId.call(this, itemIndex), actionId: getActionId.call(this, itemIndex) };
}

/** Talkover answers with a message (its page) or 204 (openapi.json): the item says what was deleted. */
export async function execute(this: IExecuteFunctions, { agentId, actionId }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const response = await deleteAction(this, agentId, actionId, item);
	return [{ deleted: true, id: actionId, agent_id: agentId, ...(response.goneAfterRetry ? { note: goneAfterRetryNote('action') } : {}) }];
}
