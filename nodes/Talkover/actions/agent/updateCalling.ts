import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter, findProperty, readAdditionalFields } from '../../helpers/validation';
import { apiPath, talkoverRequest, unwrap } from '../../transport';
import { agentLocator, agentNotFound, DIRECTION_OPTIONS, getAgentId, phoneNumberIdsField } from '../common';

const show = { resource: ['agent'], operation: ['updateCalling'] };

export const description: INodeProperties[] = [
	agentLocator(show),
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		required: true,
		default: 'outbound',
		description: 'Inbound: the agent answers calls to its numbers. Outbound: it places calls from them.',
		displayOptions: { show },
		options: DIRECTION_OPTIONS,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			phoneNumberIdsField(
				'Phone numbers the agent uses; they replace the ones it has. Leave this field out to keep them, or add it empty to remove all.',
			),
		],
	},
];

interface Prepared {
	agentId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const agentId = getAgentId.call(this, itemIndex);
	const body: IDataObject = {
		direction: checkParameter(this, itemIndex, findProperty(description, 'direction'), this.getNodeParameter('direction', itemIndex)),
	};
	return { agentId, body: { ...body, ...readAdditionalFields(this, itemIndex, description) } };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'PUT', apiPath`/agents/${agentId}/calling`, {
		body,
		itemIndex,
		notFoundMessage: agentNotFound(agentId),
	});
	return [unwrap(response.body) as IDataObject];
}
