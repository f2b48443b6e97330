import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { findProperty, invalidInput, normalizePhone } from '../../helpers/validation';
import type { ListRequest } from '../common';
import { agentIdFromLocator, agentLocator, DIRECTION_OPTIONS, listOperation, returnAllAndLimit } from '../common';

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

function day(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown): string {
	const property = findProperty(description, name, 'filters');
	const text = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
	const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text);
	if (!match || Number.isNaN(Date.parse(match[1]))) {
		throw invalidInput(ctx, itemIndex, property, `"${text}" is not a date; use YYYY-MM-DD`);
	}
	return match[1];
}

const list = listOperation('/api/v1/calls', description, (ctx, itemIndex) => ({
	agentId: (value) => agentIdFromLocator.call(ctx, itemIndex, value, 'Agent'),
	dateFrom: (value) => day(ctx, itemIndex, 'dateFrom', value),
	dateTo: (value) => day(ctx, itemIndex, 'dateTo', value),
	to: (value) => normalizePhone(ctx, itemIndex, findProperty(description, 'to', 'filters'), value),
}));

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	const request = list.prepare.call(this, itemIndex);
	// The Get Active page documents a `to` filter, the List Calls page documents only `search`:
	// the number goes out as both (unless a search is given), so it filters under either.
	if (request.qs.to !== undefined && request.qs.search === undefined) request.qs.search = request.qs.to;
	return request;
}

export const { execute } = list;
