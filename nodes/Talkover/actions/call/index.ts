import type { INodeProperties } from 'n8n-workflow';

import * as end from './end';
import * as getActive from './getActive';
import * as getMany from './getMany';
import * as make from './make';

export { end, getActive, getMany, make };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'End',
				value: 'end',
				description: 'Hang up a call in progress',
				action: 'End a call',
			},
			{
				name: 'Get Active',
				value: 'getActive',
				description: 'Find the call in progress between an agent and a phone number',
				action: 'Get the active call with a phone number',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List calls, optionally filtered by status, direction, agent, dates or number',
				action: 'Get many calls',
			},
			{
				name: 'Make',
				value: 'make',
				description: 'Place a phone call with an agent. Dials a real number and uses credits unless Test Call is on.',
				action: 'Make a call',
			},
		],
		default: 'getActive',
	},
	...end.description,
	...getActive.description,
	...getMany.description,
	...make.description,
];
