import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import type { TalkoverFailure } from '../../../shared/transport';
import { apiPath, failureError, talkoverRequest, unwrap } from '../../../shared/transport';
import { checkParameter, findProperty, normalizePhone } from '../../../shared/validation';
import type { ItemContext } from '../operation';

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description:
			'The other party\'s number in international format with + and country code. Spaces, dashes, dots and brackets are removed, so "+1 (555) 123-4567" works.',
	},
	{
		displayName: 'If No Active Call',
		name: 'onNoActiveCall',
		type: 'options',
		default: 'returnEmpty',
		description: 'What the node outputs when the agent has no active call with this number',
		options: [
			{
				name: 'Output "Active: False"',
				value: 'returnEmpty',
				description: 'One item { active: false, phone } so an IF node can branch on it',
			},
			{
				name: 'Output Nothing',
				value: 'noItems',
				description: 'No item for this input; the workflow stops here for it',
			},
			{
				name: 'Stop With an Error',
				value: 'error',
				description: 'Treat "no active call" as an error',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['getActive'] } }, properties);

/** A read. */
export const repeatable = true;

interface Prepared {
	agentId: string;
	phone: string;
	onNoActiveCall: string;
}

/** Phone Number goes into the path, normalised to E.164; If No Active Call stays in the node. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const phone = normalizePhone(this, itemIndex, findProperty(properties, 'phone'), this.getNodeParameter('phone', itemIndex));
	const onNoActiveCall = checkParameter(this, itemIndex, findProperty(properties, 'onNoActiveCall'), this.getNodeParameter('onNoActiveCall', itemIndex)) as string;
	return { agentId, phone, onNoActiveCall };
}

function noActiveCall(this: IExecuteFunctions, { phone, onNoActiveCall }: Prepared, itemIndex: number): IDataObject[] {
	if (onNoActiveCall === 'noItems') return [];
	if (onNoActiveCall === 'error') {
		throw new NodeOperationError(this.getNode(), `No active call with ${phone}`, {
			itemIndex,
			description: 'The agent has no call in progress (initiated, ringing or answered) with this number.',
		});
	}
	return [{ active: false, phone }];
}

/**
 * Talkover answers 404 both for "no active call" and for an unknown agent. Only a Talkover answer
 * that does not name the agent means "no call": a 404 without Talkover's words (an HTML page of a
 * wrong Base URL) must not look like "nobody is on the phone", or a workflow would place a duplicate call.
 */
function notFoundError(this: IExecuteFunctions, failure: TalkoverFailure, agentId: string, itemIndex: number): Error | undefined {
	const agentMissing = failure.code === 'AGENT_NOT_FOUND' || /agent not found/i.test(failure.message ?? '');
	if (agentMissing) return failureError(this.getNode(), failure, { itemIndex, notFoundMessage: agentNotFound(agentId) });
	if (failure.code === undefined && failure.message === undefined) {
		return failureError(this.getNode(), failure, { itemIndex, notFoundMessage: 'Talkover answered 404 without saying whether there is an active call' });
	}
	return undefined;
}

export async function execute(this: IExecuteFunctions, prepared: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const { agentId, phone } = prepared;
	const response = await talkoverRequest.call(this, 'GET', apiPath`/agents/${agentId}/active-call/${phone}`, { ...item, handleStatuses: [404] });
	if (response.statusCode === 404) {
		const error = notFoundError.call(this, response.failure!, agentId, item.itemIndex);
		if (error) throw error;
		return noActiveCall.call(this, prepared, item.itemIndex);
	}
	const data = unwrap(response.body);
	const calls = (Array.isArray(data) ? data : data ? [data] : []) as IDataObject[];
	if (calls.length === 0) return noActiveCall.call(this, prepared, item.itemIndex);
	return calls.map((call) => ({ ...call, active: true }));
}
