import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, readAgentId } from '../../../shared/agent';
import { CALLS } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, getList } from '../../../shared/transport';
import { readDay } from '../../../shared/dates';
import { normalizePhone } from '../../../shared/dialledNumbers/normalize';
import { findProperty } from '../../../shared/validation';
import type { ApiFields, ListRequest } from '../fields';
import { CALL_STATUS_OPTIONS, DIRECTION_OPTIONS, readCollection, readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';

const filters = collection('filters', [
	{
		...agentLocator(),
		required: false,
		description: 'Only calls of this agent',
		// Scoped to this operation, so n8n's editor checks do not read it as the top-level Agent.
		displayOptions: { show: { '/resource': ['call'], '/operation': ['getMany'] } },
	},
	{
		displayName: 'Date From',
		name: 'dateFrom',
		type: 'dateTime',
		default: '',
		description: 'Only calls on or after this day',
	},
	{
		displayName: 'Date To',
		name: 'dateTo',
		type: 'dateTime',
		default: '',
		description: 'Only calls on or before this day',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		default: 'outbound',
		options: DIRECTION_OPTIONS,
	},
	{
		displayName: 'Phone Number',
		name: 'to',
		type: 'string',
		default: '',
		placeholder: '+15551234567',
		description: 'Only calls with this number, normalised to E.164 like in Get Active',
	},
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		description: 'Text found in the phone numbers or the call SID',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'completed',
		options: CALL_STATUS_OPTIONS,
	},
]);

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['getMany'] } }, [...returnAllAndLimit, filters]);

/** A read. */
export const repeatable = true;

/** Filters → query parameters of `GET /calls`. */
const FILTERS: ApiFields = {
	agentId: 'agent_id',
	dateFrom: 'date_from',
	dateTo: 'date_to',
	direction: 'direction',
	to: 'to',
	search: 'search',
	status: 'status',
};

/** A date filter as the API's YYYY-MM-DD (a day that exists; the time of a date-time must exist too). */
function day(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown): string {
	return readDay(ctx, itemIndex, findProperty([filters], name, 'filters'), value);
}

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	const limits = readListLimits.call(this, itemIndex);
	const qs = readCollection(this, itemIndex, [filters], 'filters', FILTERS, {
		omitEmpty: true,
		special: {
			agentId: (value) => readAgentId(this, itemIndex, value),
			dateFrom: (value) => day(this, itemIndex, 'dateFrom', value),
			dateTo: (value) => day(this, itemIndex, 'dateTo', value),
			to: (value) => normalizePhone(this, itemIndex, findProperty([filters], 'to', 'filters'), value),
		},
	});
	// The Get Active page documents a `to` filter, the List Calls page documents only `search`:
	// the number goes out as both (unless a search is given), so it filters under either.
	if (qs.to !== undefined && qs.search === undefined) qs.search = qs.to;
	return { ...limits, qs };
}

export async function execute(this: IExecuteFunctions, { qs, ...limits }: ListRequest, item: ItemContext): Promise<IDataObject[]> {
	return await getList.call(this, apiPath`/calls`, qs, { ...item, ...limits, read: CALLS, pagingDocumented: true });
}
