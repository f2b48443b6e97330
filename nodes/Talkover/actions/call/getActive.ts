import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkParameter, findProperty, normalizePhone } from '../../helpers/validation';
import { apiPath, describeError, readErrorBody, talkoverRequest, unwrap } from '../../transport';
import { agentLocator, agentNotFound, getAgentId } from '../common';

const show = { resource: ['call'], operation: ['getActive'] };

export const description: INodeProperties[] = [
	agentLocator(show),
	{
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description:
			'The other party\'s number in international format with + and country code. Spaces, dashes, dots and brackets are removed, so "+1 (555) 123-4567" works.',
		displayOptions: { show },
	},
	{
		displayName: 'If No Active Call',
		name: 'onNoActiveCall',
		type: 'options',
		default: 'returnEmpty',
		description: 'What the node outputs when the agent has no active call with this number',
		displayOptions: { show },
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

interface Prepared {
	agentId: string;
	phone: string;
	onNoActiveCall: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const phone = normalizePhone(this, itemIndex, findProperty(description, 'phone'), this.getNodeParameter('phone', itemIndex));
	const onNoActiveCall = checkParameter(
		this,
		itemIndex,
		findProperty(description, 'onNoActiveCall'),
		this.getNodeParameter('onNoActiveCall', itemIndex),
	) as string;
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

export async function execute(this: IExecuteFunctions, prepared: Prepared, itemIndex: number): Promise<IDataObject[]> {
	const { agentId, phone } = prepared;
	const response = await talkoverRequest.call(this, 'GET', apiPath`/agents/${agentId}/active-call/${phone}`, {
		itemIndex,
		handleStatuses: [404],
	});
	if (response.statusCode === 404) {
		// Talkover answers 404 both for "no active call" and for an unknown agent. Only a Talkover JSON
		// answer that does not name the agent means "no call": an HTML 404 (wrong Base URL) must not
		// look like "nobody is on the phone", or a workflow would place a duplicate call.
		const { code, message } = readErrorBody(response.body);
		const agentMissing = code === 'AGENT_NOT_FOUND' || /agent not found/i.test(message ?? '');
		if (agentMissing || (code === undefined && message === undefined)) {
			const text = describeError(404, response.body, agentMissing ? agentNotFound(agentId) : undefined);
			throw new NodeApiError(this.getNode(), { message: message ?? text.message } as JsonObject, {
				message: agentMissing
					? text.message
					: 'Talkover answered 404 without saying whether there is an active call',
				description: text.description,
				httpCode: '404',
				itemIndex,
			});
		}
		return noActiveCall.call(this, prepared, itemIndex);
	}
	const data = unwrap(response.body);
	const calls = (Array.isArray(data) ? data : data ? [data] : []) as IDataObject[];
	if (calls.length === 0) return noActiveCall.call(this, prepared, itemIndex);
	return calls.map((call) => ({ ...call, active: true }));
}
