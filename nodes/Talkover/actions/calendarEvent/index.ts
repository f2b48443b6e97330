import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as create from './create.operation';
import * as deleteEvent from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, deleteEvent, get, getMany, update };

/** The Calendar Event operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = { create, delete: deleteEvent, get, getMany, update };

export const description: INodeProperties[] = [
	operationField('calendarEvent', 'create', [
		{
			name: 'Create',
			value: 'create',
			description: 'Book an event in a calendar (checked against the other events first)',
			action: 'Create a calendar event',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete an event (its attendees are notified if it was confirmed)',
			action: 'Delete a calendar event',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get an event with its attendees',
			action: 'Get a calendar event',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List the events of a calendar, optionally in a time range or by status',
			action: 'Get many calendar events',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change an event, e.g. move it or cancel it',
			action: 'Update a calendar event',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
