import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as get from './get.operation';
import * as getVersions from './getVersions.operation';
import * as validate from './validate.operation';

export { get, getVersions, validate };

/** The operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = {
	get,
	getVersions,
	validate,
};

export const description: INodeProperties[] = [
	operationField('flow', 'get', [
		{
			name: 'Get',
			value: 'get',
			description: 'Get the conversation mode and flow configuration of an agent',
			action: 'Get the flow of an agent',
		},
		{
			name: 'Get Versions',
			value: 'getVersions',
			description: 'Get the saved versions of an agent\'s flow',
			action: 'Get the flow versions of an agent',
		},
		{
			name: 'Validate',
			value: 'validate',
			description: 'Check a flow configuration without saving it',
			action: 'Validate a flow',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
