import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_DELETED } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { goneAfterRetryNote } from '../fields';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['delete'] } }, [
	{
		displayName:
			'Deleting an agent removes its configuration, trainings, actions, webhooks and call history for good. A published agent must be unpublished first.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	agentLocator(),
]);

/** A DELETE: once the agent is gone, sending it again deletes nothing more. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

/** Talkover answers with no agent data: the item says what was deleted. */
export async function execute(this: IExecuteFunctions, agentId: string, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'DELETE', apiPath`/agents/${agentId}`, { ...item, notFoundMessage: agentNotFound(agentId), read: AGENT_DELETED, goneAfterRetry: true });
	return [{ deleted: true, id: agentId, ...(response.goneAfterRetry ? { note: goneAfterRetryNote('agent') } : {}) }];
}
