import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as addCall from './addCall.operation';
import * as addCallAndWait from './addCallAndWait.operation';
import * as create from './create.operation';
import * as deleteCampaign from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as updateStatus from './updateStatus.operation';

export { addCall, addCallAndWait, create, deleteCampaign, get, getMany, update, updateStatus };

/** The Campaign operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = {
	addCall,
	addCallAndWait,
	create,
	delete: deleteCampaign,
	get,
	getMany,
	update,
	updateStatus,
};

export const description: INodeProperties[] = [
	operationField('campaign', 'addCall', [
		{
			name: 'Add Call',
			value: 'addCall',
			description: 'Queue a phone number in an active campaign: Talkover dials it on the campaign’s schedule and uses credits',
			action: 'Add a call to a campaign',
		},
		{
			name: 'Add Call and Wait for Outcome',
			value: 'addCallAndWait',
			description: 'Queue a number in a campaign, wait until the campaign call is over, and output its outcome (answered, voicemail, not reached, timed out) and result',
			action: 'Add a call to a campaign and wait for its outcome',
		},
		{
			name: 'Create',
			value: 'create',
			description: 'Create a campaign (in draft status) with its schedule, retries and do-not-call rules',
			action: 'Create a campaign',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a campaign for good (it must not be active)',
			action: 'Delete a campaign',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a campaign with its calls and statistics',
			action: 'Get a campaign',
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: 'List campaigns, optionally filtered by status, type, agent, date or name',
			action: 'Get many campaigns',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change a campaign’s settings',
			action: 'Update a campaign',
		},
		{
			name: 'Update Status',
			value: 'updateStatus',
			description: 'Start, pause, complete or cancel a campaign',
			action: 'Update the status of a campaign',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
