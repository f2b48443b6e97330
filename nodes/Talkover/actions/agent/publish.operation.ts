import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_CHANGED_RECORD } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import type { IfUnsure, ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['publish'] } }, [agentLocator()]);

/** Changes the agent's state (it starts taking calls): never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The agent may have been published', check: 'it is: Agent → Get (its current_status)', notDone: 'Nothing reached Talkover: the agent was not published.' };

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

/** `POST /agents/{id}/publish` without a body; Talkover lists what is missing if the agent is not ready (422). */
export async function execute(this: IExecuteFunctions, agentId: string, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'POST', apiPath`/agents/${agentId}/publish`, { ...item, notFoundMessage: agentNotFound(agentId), read: AGENT_CHANGED_RECORD });
	return [response.value];
}
