import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiField, checkParameter, findProperty } from '../../helpers/validation';
import { apiPath, talkoverRequest, unwrap } from '../../transport';
import { agentLocator, agentNotFound, getAgentId } from '../common';

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
		options: [
			{ name: 'Inbound', value: 'inbound' },
			{ name: 'Outbound', value: 'outbound' },
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Phone Number Names or IDs',
				name: 'phoneNumberIds',
				type: 'multiOptions',
				default: [],
				description:
					'Phone numbers the agent uses; they replace the ones it has. Leave this field out to keep them, or add it empty to remove all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				typeOptions: { loadOptionsMethod: 'getPhoneNumbers' },
			},
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
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const [name, value] of Object.entries(additional)) {
		body[apiField(name)] = checkParameter(this, itemIndex, findProperty(description, name, 'additionalFields'), value);
	}
	return { agentId, body };
}

export async function execute(this: IExecuteFunctions, { agentId, body }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'PUT', apiPath`/agents/${agentId}/calling`, {
		body,
		itemIndex,
		notFoundMessage: agentNotFound(agentId),
	});
	return [unwrap(response.body) as IDataObject];
}
