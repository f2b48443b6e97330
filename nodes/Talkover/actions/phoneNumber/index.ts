import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the phone numbers of your Talkover environment',
				action: 'Get many phone numbers',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
