import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, readAgentId } from '../../../shared/agent';
import { CAMPAIGNS } from '../../../shared/answers';
import { readDay } from '../../../shared/dates';
import { collection } from '../../../shared/fields';
import { apiPath, getList } from '../../../shared/transport';
import { findProperty } from '../../../shared/validation';
import type { ApiFields, ListRequest } from '../fields';
import { readCollection, readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';
import { CAMPAIGN_STATUS_OPTIONS, CAMPAIGN_TYPE_OPTIONS } from './fields';

const filters = collection('filters', [
	{
		...agentLocator(),
		required: false,
		description: 'Only campaigns of this agent',
		// Scoped to this operation, so n8n's editor checks do not read it as the top-level Agent.
		displayOptions: { show: { '/resource': ['campaign'], '/operation': ['getMany'] } },
	},
	{ displayName: 'Campaign Type', name: 'campaignType', type: 'options', default: 'sales', options: CAMPAIGN_TYPE_OPTIONS },
	{ displayName: 'Date From', name: 'dateFrom', type: 'dateTime', default: '', description: 'Only campaigns from this day' },
	{ displayName: 'Date To', name: 'dateTo', type: 'dateTime', default: '', description: 'Only campaigns up to this day' },
	{ displayName: 'Search', name: 'search', type: 'string', default: '', description: 'Text found in the campaign’s name or description' },
	{ displayName: 'Status', name: 'status', type: 'options', default: 'active', options: CAMPAIGN_STATUS_OPTIONS },
]);

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['getMany'] } }, [...returnAllAndLimit, filters]);

/** A read. */
export const repeatable = true;

/** Filters → query parameters of `GET /campaigns`. */
const FILTERS: ApiFields = {
	agentId: 'agent_id',
	campaignType: 'campaign_type',
	dateFrom: 'date_from',
	dateTo: 'date_to',
	search: 'search',
	status: 'status',
};

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	const day = (name: string) => (value: unknown) => readDay(this, itemIndex, findProperty([filters], name, 'filters'), value);
	const qs = readCollection(this, itemIndex, [filters], 'filters', FILTERS, {
		omitEmpty: true,
		special: { agentId: (value) => readAgentId(this, itemIndex, value), dateFrom: day('dateFrom'), dateTo: day('dateTo') },
	});
	return { ...readListLimits.call(this, itemIndex), qs };
}

/** Every page (`pagination` on its page, `meta` in openapi.json: both are followed). */
export async function execute(this: IExecuteFunctions, { qs, ...limits }: ListRequest, item: ItemContext): Promise<IDataObject[]> {
	return await getList.call(this, apiPath`/campaigns`, qs, { ...item, ...limits, read: CAMPAIGNS, pagingDocumented: true });
}
