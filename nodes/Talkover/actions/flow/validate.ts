import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter, findProperty } from '../../helpers/validation';
import { apiPath, readErrorBody, talkoverRequest } from '../../transport';
import { agentLocator, agentNotFound, getAgentId } from '../common';

const show = { resource: ['flow'], operation: ['validate'] };

export const description: INodeProperties[] = [
	agentLocator(show),
	{
		displayName: 'Flow Configuration (JSON)',
		name: 'flowConfig',
		type: 'json',
		required: true,
		default: '{\n  "initial_node_id": "node-greet",\n  "nodes": [\n    { "id": "node-greet", "type": "say", "content": "Hi!", "next": "node-end" },\n    { "id": "node-end", "type": "end" }\n  ]\n}',
		description:
			'The flow to check, as for Agent → Update Flow. Nothing is saved. Accepts a JSON text or an object from an expression.',
		displayOptions: { show },
	},
];

interface Prepared {
	agentId: string;
	flowConfig: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const flowConfig = checkParameter(this, itemIndex, findProperty(description, 'flowConfig'), this.getNodeParameter('flowConfig', itemIndex)) as IDataObject;
	return { agentId, flowConfig };
}

/**
 * A dry run: an invalid flow is the answer, not a failure. The item says `valid` and lists every
 * problem Talkover found (sent as `{success:false, errors:[…]}`, with status 200 or 422).
 */
export async function execute(this: IExecuteFunctions, { agentId, flowConfig }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'POST', apiPath`/agents/${agentId}/flow/validate`, {
		body: { flow_config: flowConfig },
		itemIndex,
		notFoundMessage: agentNotFound(agentId),
		handleStatuses: [422],
	});
	const body = (response.body ?? {}) as IDataObject;
	const { message, lines } = readErrorBody(body);
	const valid = response.statusCode < 300 && body.success !== false && lines.length === 0;
	const result: IDataObject = { valid, errors: lines };
	if (message) result.message = message;
	return [result];
}
