import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath, talkoverRequest } from '../../transport';
import { agentLocator, agentNotFound, getAgentId } from '../common';

const show = { resource: ['agent'], operation: ['delete'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Deleting an agent removes its configuration, trainings, actions, webhooks and call history for good. A published agent must be unpublished first.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	agentLocator(show),
];

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

export async function execute(this: IExecuteFunctions, agentId: string, itemIndex: number): Promise<IDataObject[]> {
	await talkoverRequest.call(this, 'DELETE', apiPath`/agents/${agentId}`, {
		itemIndex,
		notFoundMessage: agentNotFound(agentId),
	});
	return [{ deleted: true, id: agentId }];
}
