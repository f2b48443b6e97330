import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_FLOW } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { AgentRequest, ItemContext } from '../operation';

const EXAMPLE_FLOW = `{
  "initial_node_id": "node-greet",
  "meta": { "name": "Intake v1", "version": "1.0.0" },
  "nodes": [
    { "id": "node-greet", "type": "say", "content": "Hi!", "next": "node-end" },
    { "id": "node-end", "type": "end" }
  ]
}`;

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Conversation Mode',
		name: 'conversationMode',
		type: 'options',
		required: true,
		default: 'llm_driven',
		description: 'How the agent leads the conversation',
		options: [
			{
				name: 'LLM Driven',
				value: 'llm_driven',
				description: 'The language model guides the conversation with the agent\'s knowledge and actions',
			},
			{
				name: 'Flow Driven',
				value: 'flow_driven',
				description: 'A node graph (the flow configuration) drives the conversation',
			},
		],
	},
	{
		displayName: 'Flow Configuration (JSON)',
		name: 'flowConfig',
		type: 'json',
		required: true,
		default: EXAMPLE_FLOW,
		description:
			'The flow definition: initial_node_id, nodes, and optionally meta and global_functions. Use Talkover\'s Validate Flow to check it first. Accepts a JSON text or an object from an expression.',
		displayOptions: { show: { conversationMode: ['flow_driven'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['updateFlow'] } }, properties);

/** A PUT that sets the flow (Talkover keeps each one as a version): sending it again sets the same flow. */
export const repeatable = true;

/** Conversation Mode → `conversation_mode`; Flow Configuration → `flow_config`, sent for Flow Driven only. */
export function prepare(this: IExecuteFunctions, itemIndex: number): AgentRequest {
	const agentId = getAgentId.call(this, itemIndex);
	const read = (name: string) => checkParameter(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex));
	const body: IDataObject = { conversation_mode: read('conversationMode') };
	if (body.conversation_mode === 'flow_driven') body.flow_config = read('flowConfig');
	return { agentId, body };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: AgentRequest, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'PUT', apiPath`/agents/${agentId}/flow`, { ...item, body, notFoundMessage: agentNotFound(agentId), read: AGENT_FLOW });
	return [response.value];
}
