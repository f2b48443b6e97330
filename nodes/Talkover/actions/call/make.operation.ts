import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverRequest, unwrap } from '../../../shared/transport';
import { checkParameter, findProperty, normalizePhone } from '../../../shared/validation';
import { keyValueField, readKeyValues } from '../fields';
import type { AgentRequest, IfUnsure, ItemContext } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName:
			'Make Call dials a real phone number and uses Talkover credits, unless Test Call is on. Each input item places one call; a failed call is never sent again automatically.',
		name: 'makeCallNotice',
		type: 'notice',
		default: '',
	},
	agentLocator(),
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551234567',
		description:
			'The number to call, in international format with + and country code. Spaces, dashes, dots and brackets are removed, so "+1 (555) 123-4567" works.',
	},
	{
		displayName: 'Test Call (No Charge)',
		name: 'isTesting',
		type: 'boolean',
		default: false,
		description:
			'Whether Talkover marks the call as a test: test calls use no credits and are left out of analytics',
	},
	collection('additionalFields', [
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
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['make'] } }, properties);

/** Dials a real number and uses credits: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = {
	mayHaveHappened: 'The call may have been placed',
	check: 'the call exists: Call → Get Active (this agent and number) or Call → Get Many (filter by the number)',
	notDone: 'Nothing reached Talkover: the call was not placed.',
};

/** Payload or Context: the JSON object, then the key/value pairs over it (undefined when neither is set). */
function objectField(ctx: IExecuteFunctions, itemIndex: number, additional: IDataObject, name: 'payload' | 'context'): IDataObject | undefined {
	if (additional[name] === undefined && additional[`${name}Json`] === undefined) return undefined;
	const json =
		additional[`${name}Json`] === undefined
			? {}
			: (checkParameter(ctx, itemIndex, findProperty(properties, `${name}Json`, 'additionalFields'), additional[`${name}Json`]) as IDataObject);
	const pairs = readKeyValues.call(ctx, itemIndex, findProperty(properties, name, 'additionalFields'), additional[name]);
	return { ...json, ...pairs };
}

/** To → `to` (E.164), Test Call → `is_testing`, Payload → `payload`, Context → `context`, Delay Seconds → `delay_seconds`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): AgentRequest {
	const agentId = getAgentId.call(this, itemIndex);
	const body: IDataObject = {
		to: normalizePhone(this, itemIndex, findProperty(properties, 'to'), this.getNodeParameter('to', itemIndex)),
		is_testing: checkParameter(this, itemIndex, findProperty(properties, 'isTesting'), this.getNodeParameter('isTesting', itemIndex)),
	};
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const payload = objectField(this, itemIndex, additional, 'payload');
	if (payload) body.payload = payload;
	const context = objectField(this, itemIndex, additional, 'context');
	if (context) body.context = context;
	if (additional.delaySeconds !== undefined) {
		body.delay_seconds = checkParameter(this, itemIndex, findProperty(properties, 'delaySeconds', 'additionalFields'), additional.delaySeconds);
	}
	return { agentId, body };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: AgentRequest, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'POST', apiPath`/agents/${agentId}/call`, {
		...item,
		body,
		notFoundMessage: agentNotFound(agentId),
		expect: 'object',
	});
	return [unwrap(response.body) as IDataObject];
}
