import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as end from './end.operation';
import * as getActive from './getActive.operation';
import * as getMany from './getMany.operation';
import * as make from './make.operation';
import * as makeAndWait from './makeAndWait.operation';

export { end, getActive, getMany, make, makeAndWait };

/** The operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = {
	end,
	getActive,
	getMany,
	make,
	makeAndWait,
};

export const description: INodeProperties[] = [
	operationField('call', 'getActive', [
		{
			name: 'End',
			value: 'end',
			description: 'Hang up a call in progress',
			action: 'End a call',
		},
		{
			name: 'Get Active',
			value: 'getActive',
			description: 'Find the call in progress between an agent and a phone number',
			action: 'Get the active call with a phone number',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List calls, optionally filtered by status, direction, agent, dates or number',
			action: 'Get many calls',
		},
		{
			name: 'Make',
			value: 'make',
			description: 'Place a phone call with an agent. Dials a real number and uses credits unless Test Call is on.',
			action: 'Make a call',
		},
		{
			name: 'Make and Wait for Outcome',
			value: 'makeAndWait',
			description: 'Place a call, wait until it is over, and output its outcome (answered, voicemail, not reached, timed out) and result',
			action: 'Make a call and wait for its outcome',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
