import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { findProperty, invalidInput, normalizePhone, readFilters } from '../../helpers/validation';
import { getList } from '../../transport';
import type { ListOptions } from '../common';
import { agentIdFromLocator, agentLocator, DIRECTION_OPTIONS, readReturnAllAndLimit, returnAllAndLimit } from '../common';

const show = { resource: ['call'], operation: ['getMany'] };

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
				options: [
					{ name: 'Answered', value: 'answered' },
					{ name: 'Busy', value: 'busy' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Initiated', value: 'initiated' },
					{ name: 'No Answer', value: 'no-answer' },
					{ name: 'Ringing', value: 'ringing' },
				],
			},
		],
	},
];

interface Prepared extends ListOptions {
	qs: IDataObject;
}

function day(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown): string {
	const property = findProperty(description, name, 'filters');
	const text = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
	const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text);
	if (!match || Number.isNaN(Date.parse(match[1]))) {
		throw invalidInput(ctx, itemIndex, property, `"${text}" is not a date; use YYYY-MM-DD`);
	}
	return match[1];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const qs = readFilters(this, itemIndex, description, {
		agentId: (value) => agentIdFromLocator.call(this, itemIndex, value, 'Agent'),
		dateFrom: (value) => day(this, itemIndex, 'dateFrom', value),
		dateTo: (value) => day(this, itemIndex, 'dateTo', value),
		to: (value) => normalizePhone(this, itemIndex, findProperty(description, 'to', 'filters'), value),
	});
	// The Get Active page documents a `to` filter, the List Calls page documents only `search`:
	// the number goes out as both (unless a search is given), so it filters under either.
	if (qs.to !== undefined && qs.search === undefined) qs.search = qs.to;
	return { ...readReturnAllAndLimit.call(this, itemIndex, description), qs };
}

export async function execute(this: IExecuteFunctions, { qs, returnAll, limit }: Prepared, itemIndex: number): Promise<IDataObject[]> {
	return await getList.call(this, '/api/v1/calls', qs, { returnAll, limit, itemIndex });
}
