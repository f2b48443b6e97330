import type { INodeProperties } from 'n8n-workflow';

import { DIRECTION_OPTIONS, listOperation, returnAllAndLimit } from '../common';

const show = { resource: ['agent'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				default: 'outbound',
				options: DIRECTION_OPTIONS,
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Text found in the agent name or label',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'published',
				options: [
					{ name: 'Draft', value: 'draft' },
					{ name: 'Published', value: 'published' },
				],
			},
		],
	},
];

export const { prepare, execute } = listOperation('/api/v1/agents', description);
