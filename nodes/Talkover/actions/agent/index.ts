import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as updateCalling from './updateCalling';
import * as updateFlow from './updateFlow';

export { create, updateCalling, updateFlow };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a voice agent (in draft status)',
				action: 'Create an agent',
			},
			{
				name: 'Update Calling',
				value: 'updateCalling',
				description: 'Set the call direction and phone numbers of an agent',
				action: 'Update the calling settings of an agent',
			},
			{
				name: 'Update Flow',
				value: 'updateFlow',
				description: 'Set the conversation mode and flow configuration of an agent',
				action: 'Update the conversation flow of an agent',
			},
		],
		default: 'create',
	},
	...create.description,
	...updateCalling.description,
	...updateFlow.description,
];
