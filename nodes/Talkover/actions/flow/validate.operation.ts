import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { FLOW_VALID } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { AgentRequest, ItemContext } from '../operation';

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Flow Configuration (JSON)',
		name: 'flowConfig',
		type: 'json',
		required: true,
		default: '{\n  "initial_node_id": "node-greet",\n  "nodes": [\n    { "id": "node-greet", "type": "say", "content": "Hi!", "next": "node-end" },\n    { "id": "node-end", "type": "end" }\n  ]\n}',
		description:
			'The flow to check, as for Agent → Update Flow. Nothing is saved. Accepts a JSON text or an object from an expression.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['flow'], operation: ['validate'] } }, properties);

/** A dry run (a POST that saves nothing): sending it again gives the same answer. */
export const repeatable = true;

/** Flow Configuration → `flow_config`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): AgentRequest {
	const agentId = getAgentId.call(this, itemIndex);
	const flowConfig = checkParameter(this, itemIndex, findProperty(properties, 'flowConfig'), this.getNodeParameter('flowConfig', itemIndex));
	return { agentId, body: { flow_config: flowConfig } };
}

/**
 * An invalid flow is the answer, not a failure: the item says `valid` and lists every problem
 * Talkover found (sent as `{success:false, errors:[…]}`, with status 200 or 422).
 */
export async function execute(this: IExecuteFunctions, { agentId, body }: AgentRequest, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'POST', apiPath`/agents/${agentId}/flow/validate`, {
		...item,
		body,
		notFoundMessage: agentNotFound(agentId),
		// Invalid is an answer: {success:false, errors} with 422, or with 200. Valid only with success: true.
		handleStatuses: [200, 422],
		read: FLOW_VALID,
	});
	const { failure } = response;
	const message = failure ? failure.message : response.message;
	const result: IDataObject = { valid: failure === undefined, errors: failure?.lines ?? [] };
	if (typeof message === 'string' && message !== '') result.message = message;
	return [result];
}
