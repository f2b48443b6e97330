import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { apiPath, talkoverRequest, unwrap } from '../../../shared/transport';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['flow'], operation: ['getVersions'] } }, [agentLocator()]);

/** A read. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

/** One item per saved version of the agent's flow, newest first as Talkover lists them. */
export async function execute(this: IExecuteFunctions, agentId: string, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'GET', apiPath`/agents/${agentId}/flow/versions`, { ...item, notFoundMessage: agentNotFound(agentId) });
	const data = unwrap(response.body) as IDataObject | IDataObject[] | undefined;
	return Array.isArray(data) ? data : ((data?.versions ?? []) as IDataObject[]);
}
