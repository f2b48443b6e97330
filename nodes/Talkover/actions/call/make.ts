import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter, findProperty, normalizePhone } from '../../helpers/validation';
import { apiPath, talkoverRequest, unwrap } from '../../transport';
import { agentLocator, agentNotFound, getAgentId, keyValueField, readKeyValues } from '../common';

const show = { resource: ['call'], operation: ['make'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Make Call dials a real phone number and uses Talkover credits, unless Test Call is on. Each input item places one call; a failed call is never sent again automatically.',
		name: 'makeCallNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	agentLocator(show),
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description:
			'The number to call, in international format with + and country code. Spaces, dashes, dots and brackets are removed, so "+1 (555) 123-4567" works.',
		displayOptions: { show },
	},
	{
		displayName: 'Test Call (No Charge)',
		name: 'isTesting',
		type: 'boolean',
		default: false,
		description:
			'Whether Talkover marks the call as a test: test calls use no credits and are left out of analytics',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			keyValueField(
				'context',
				'Context (Key/Value)',
				'Your own data, e.g. the CRM record ID: not used in the conversation, sent back in every webhook event of this call',
			),
			{
				displayName: 'Context (JSON)',
				name: 'contextJson',
				type: 'json',
				default: '{}',
				description: 'The same as Context (Key/Value), as a JSON object; both may be used, key/value pairs win',
			},
			{
				displayName: 'Delay (Seconds)',
				name: 'delaySeconds',
				type: 'number',
				default: 0,
				description: 'Seconds Talkover waits before dialling, from 0 to 3600',
				typeOptions: { minValue: 0, maxValue: 3600, numberPrecision: 0 },
			},
			keyValueField(
				'payload',
				'Payload (Key/Value)',
				'Values for the placeholders in the agent\'s prompt, e.g. first_name, to personalise the conversation',
			),
			{
				displayName: 'Payload (JSON)',
				name: 'payloadJson',
				type: 'json',
				default: '{}',
				description: 'The same as Payload (Key/Value), as a JSON object; both may be used, key/value pairs win',
			},
		],
	},
];

export const sendsOnce = true;

interface Prepared {
	agentId: string;
	body: IDataObject;
}

function objectField(ctx: IExecuteFunctions, itemIndex: number, additional: IDataObject, name: 'payload' | 'context'): IDataObject | undefined {
	if (additional[name] === undefined && additional[`${name}Json`] === undefined) return undefined;
	const json =
		additional[`${name}Json`] === undefined
			? {}
			: (checkParameter(ctx, itemIndex, findProperty(description, `${name}Json`, 'additionalFields'), additional[`${name}Json`]) as IDataObject);
	const pairs = readKeyValues.call(ctx, itemIndex, findProperty(description, name, 'additionalFields'), additional[name]);
	return { ...json, ...pairs };
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const body: IDataObject = {
		to: normalizePhone(this, itemIndex, findProperty(description, 'to'), this.getNodeParameter('to', itemIndex)),
		is_testing: checkParameter(this, itemIndex, findProperty(description, 'isTesting'), this.getNodeParameter('isTesting', itemIndex)),
	};
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const payload = objectField(this, itemIndex, additional, 'payload');
	if (payload) body.payload = payload;
	const context = objectField(this, itemIndex, additional, 'context');
	if (context) body.context = context;
	if (additional.delaySeconds !== undefined) {
		body.delay_seconds = checkParameter(this, itemIndex, findProperty(description, 'delaySeconds', 'additionalFields'), additional.delaySeconds);
	}
	return { agentId, body };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'POST', apiPath`/agents/${agentId}/call`, {
		body,
		itemIndex,
		notFoundMessage: agentNotFound(agentId),
	});
	return [unwrap(response.body) as IDataObject];
}
