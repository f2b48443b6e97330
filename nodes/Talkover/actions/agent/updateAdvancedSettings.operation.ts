import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_CHANGED_RECORD } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { AgentRequest, ItemContext } from '../operation';

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Enable Initial Message Cache',
		name: 'enableInitialMessageCache',
		type: 'boolean',
		default: true,
		description:
			'Whether the audio of the agent’s initial message is cached for repeated outbound calls, which lowers the voice cost per call. Turning it on needs enough recent calls (Talkover checks; the error says how many are missing); turning it off always works.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['updateAdvancedSettings'] } }, properties);

/** A PATCH that sets a switch: sending it again sets the same value. */
export const repeatable = true;

/** Enable Initial Message Cache → `enable_initial_message_cache`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): AgentRequest {
	const name = 'enableInitialMessageCache';
	const value = checkParameter(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex));
	return { agentId: getAgentId.call(this, itemIndex), body: { enable_initial_message_cache: value } };
}

/** `{id, name, advanced_settings, updated_at}`, as Talkover sends it. */
export async function execute(this: IExecuteFunctions, { agentId, body }: AgentRequest, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'PATCH', apiPath`/agents/${agentId}/advanced-settings`, { ...item, body, notFoundMessage: agentNotFound(agentId), read: AGENT_CHANGED_RECORD });
	return [response.value];
}
