import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getVersions from './getVersions';
import * as validate from './validate';

export { get, getVersions, validate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['flow'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the conversation mode and flow configuration of an agent',
				action: 'Get the flow of an agent',
			},
			{
				name: 'List Versions',
				value: 'getVersions',
				description: 'List the saved versions of an agent\'s flow',
				action: 'List the flow versions of an agent',
			},
			{
				name: 'Validate',
				value: 'validate',
				description: 'Check a flow configuration without saving it',
				action: 'Validate a flow',
			},
		],
		default: 'get',
	},
	...get.description,
	...getVersions.description,
	...validate.description,
];
