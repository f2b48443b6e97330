import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as create from './create.operation';
import * as deleteAction from './delete.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, deleteAction, getMany, update };

/** The Agent Action operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = { create, delete: deleteAction, getMany, update };

export const description: INodeProperties[] = [
	operationField('agentAction', 'getMany', [
		{
			name: 'Create',
			value: 'create',
			description: 'Give an agent an action: call a webhook, transfer, hold, or an integration',
			action: 'Create an agent action',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Remove an action from an agent',
			action: 'Delete an agent action',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List an agent’s actions',
			action: 'Get many agent actions',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Replace an agent’s action with new settings (by its Node ID)',
			action: 'Update an agent action',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
