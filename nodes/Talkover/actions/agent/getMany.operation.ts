import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AGENTS } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, getList } from '../../../shared/transport';
import type { ApiFields, ListRequest } from '../fields';
import { DIRECTION_OPTIONS, readCollection, readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';

const filters = collection('filters', [
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
]);

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['getMany'] } }, [...returnAllAndLimit, filters]);

/** A read. */
export const repeatable = true;

/** Filters → query parameters of `GET /agents`. */
const FILTERS: ApiFields = { direction: 'direction', search: 'search', status: 'status' };

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	return { ...readListLimits.call(this, itemIndex), qs: readCollection(this, itemIndex, [filters], 'filters', FILTERS, { omitEmpty: true }) };
}

export async function execute(this: IExecuteFunctions, { qs, ...limits }: ListRequest, item: ItemContext): Promise<IDataObject[]> {
	return await getList.call(this, apiPath`/agents`, qs, { ...item, ...limits, read: AGENTS, pagingDocumented: true });
}
