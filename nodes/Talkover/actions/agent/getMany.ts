import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readFilters } from '../../helpers/validation';
import { getList } from '../../transport';
import type { ListOptions } from '../common';
import { DIRECTION_OPTIONS, readReturnAllAndLimit, returnAllAndLimit } from '../common';

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

interface Prepared extends ListOptions {
	qs: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return { ...readReturnAllAndLimit.call(this, itemIndex, description), qs: readFilters(this, itemIndex, description) };
}

export async function execute(this: IExecuteFunctions, { qs, returnAll, limit }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	return await getList.call(this, '/api/v1/agents', qs, { returnAll, limit, itemIndex });
}
