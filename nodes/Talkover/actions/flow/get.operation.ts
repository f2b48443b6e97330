import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_FLOW } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['flow'], operation: ['get'] } }, [agentLocator()]);

/** A read. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

/** `GET /agents/{id}/flow`: the conversation mode and the flow configuration. */
export async function execute(this: IExecuteFunctions, agentId: string, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'GET', apiPath`/agents/${agentId}/flow`, { ...item, notFoundMessage: agentNotFound(agentId), read: AGENT_FLOW });
	return [response.value];
}
