import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter, findProperty } from '../../helpers/validation';
import { apiPath, talkoverRequest, unwrap } from '../../transport';
import { agentLocator, getAgentId } from '../common';

const show = { resource: ['call'], operation: ['end'] };

export const description: INodeProperties[] = [
	agentLocator(show),
	{
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. the ID output by Make Call or Get Active',
		description: 'The call to hang up (Talkover calls this field call_sid)',
		displayOptions: { show },
	},
];

export const sendsOnce = true;

interface Prepared {
	agentId: string;
	callId: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const callId = (checkParameter(this, itemIndex, findProperty(description, 'callId'), this.getNodeParameter('callId', itemIndex)) as string).trim();
	return { agentId, callId };
}

export async function execute(this: IExecuteFunctions, { agentId, callId }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'POST', apiPath`/agents/${agentId}/end-call`, {
		body: { call_sid: callId },
		itemIndex,
		notFoundMessage: `Call not found: agent ${agentId} has no call with ID ${callId} (or the agent does not exist)`,
	});
	return [unwrap(response.body) as IDataObject];
}
