import type { INodeProperties } from 'n8n-workflow';

import * as getActive from './getActive';

export { getActive };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Get Active',
				value: 'getActive',
				description: 'Find the call in progress between an agent and a phone number',
				action: 'Get the active call with a phone number',
			},
		],
		default: 'getActive',
	},
	...getActive.description,
];
