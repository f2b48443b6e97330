import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, getAgentId } from '../../../shared/agent';
import { ENDED_CALL_RECORD } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { AgentRequest, IfUnsure, ItemContext } from '../operation';

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. the ID output by Make Call or Get Active',
		description: 'The call to hang up (Talkover calls this field call_sid)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['end'] } }, properties);

/** Hangs up a call: a state change, never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The call may have been ended', check: 'the call is still on: Call → Get Active (this agent and the number)', notDone: 'Nothing reached Talkover: the call was not ended.' };

/** Call ID → `call_sid`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): AgentRequest {
	const agentId = getAgentId.call(this, itemIndex);
	const callId = checkParameter(this, itemIndex, findProperty(properties, 'callId'), this.getNodeParameter('callId', itemIndex)) as string;
	return { agentId, body: { call_sid: callId.trim() } };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: AgentRequest, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'POST', apiPath`/agents/${agentId}/end-call`, {
		...item,
		body,
		notFoundMessage: `Call not found: agent ${agentId} has no call with ID ${String(body.call_sid)} (or the agent does not exist)`,
		read: ENDED_CALL_RECORD,
	});
	return [response.value];
}
