import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter, findProperty } from '../../helpers/validation';
import { apiPath, talkoverRequest, unwrap } from '../../transport';
import { agentLocator, agentNotFound, getAgentId } from '../common';

const show = { resource: ['agent'], operation: ['updateFlow'] };

const EXAMPLE_FLOW = `{
  "initial_node_id": "node-greet",
  "meta": { "name": "Intake v1", "version": "1.0.0" },
  "nodes": [
    { "id": "node-greet", "type": "say", "content": "Hi!", "next": "node-end" },
    { "id": "node-end", "type": "end" }
  ]
}`;

export const description: INodeProperties[] = [
	agentLocator(show),
	{
		displayName: 'Conversation Mode',
		name: 'conversationMode',
		type: 'options',
		required: true,
		default: 'llm_driven',
		description: 'How the agent leads the conversation',
		displayOptions: { show },
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
		displayOptions: { show: { ...show, conversationMode: ['flow_driven'] } },
	},
];

interface Prepared {
	agentId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const mode = checkParameter(
		this,
		itemIndex,
		findProperty(description, 'conversationMode'),
		this.getNodeParameter('conversationMode', itemIndex),
	);
	const body: IDataObject = { conversation_mode: mode };
	if (mode === 'flow_driven') {
		body.flow_config = checkParameter(
			this,
			itemIndex,
			findProperty(description, 'flowConfig'),
			this.getNodeParameter('flowConfig', itemIndex),
		);
	}
	return { agentId, body };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'PUT', apiPath`/agents/${agentId}/flow`, {
		body,
		itemIndex,
		notFoundMessage: agentNotFound(agentId),
	});
	return [unwrap(response.body) as IDataObject];
}
