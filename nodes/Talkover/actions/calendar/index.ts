import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as getAvailability from './getAvailability.operation';
import * as getMany from './getMany.operation';

export { getAvailability, getMany };

/** The Calendar operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = { getAvailability, getMany };

export const description: INodeProperties[] = [
	operationField('calendar', 'getAvailability', [
		{
			name: 'Get Availability',
			value: 'getAvailability',
			description: 'Find the free slots of a calendar in a time range, for a meeting length',
			action: 'Get the free slots of a calendar',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List the calendars of the environment',
			action: 'Get many calendars',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
