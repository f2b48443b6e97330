import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as getBalance from './getBalance.operation';

export { getBalance };

/** The Credit operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = { getBalance };

export const description: INodeProperties[] = [
	operationField('credit', 'getBalance', [
		{
			name: 'Get Balance',
			value: 'getBalance',
			description: 'Get the account’s credit balance, e.g. before a large run of calls',
			action: 'Get the credit balance',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
