import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { maskActionSecrets } from '../../../shared/agentActions';
import { AGENT_RECORD } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['get'] } }, [agentLocator()]);

/** A read. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

/** `GET /agents/{id}`: the agent with its configuration; its actions' custom header values are masked (secrets). */
export async function execute(this: IExecuteFunctions, agentId: string, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'GET', apiPath`/agents/${agentId}`, { ...item, notFoundMessage: agentNotFound(agentId), read: AGENT_RECORD });
	const agent = response.value;
	return [Array.isArray(agent.actions) ? { ...agent, actions: maskActionSecrets(agent.actions) } : agent];
}
