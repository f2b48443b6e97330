import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiPath, talkoverRequest, unwrap } from '../../transport';
import { agentLocator, agentNotFound, getAgentId } from '../common';

export const description: INodeProperties[] = [agentLocator({ resource: ['flow'], operation: ['getVersions'] })];

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

/** One item per saved version of the agent's flow, newest first as Talkover lists them. */
export async function execute(this: IExecuteFunctions, agentId: string, itemIndex: number): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'GET', apiPath`/agents/${agentId}/flow/versions`, {
		itemIndex,
		notFoundMessage: agentNotFound(agentId),
	});
	const data = unwrap(response.body) as IDataObject | IDataObject[] | undefined;
	const versions = Array.isArray(data) ? data : ((data?.versions ?? []) as IDataObject[]);
	return versions;
}
