import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as getMany from './getMany.operation';

export { getMany };

/** The operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = {
	getMany,
};

export const description: INodeProperties[] = [
	operationField('phoneNumber', 'getMany', [
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List the phone numbers of your Talkover environment',
			action: 'Get many phone numbers',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
