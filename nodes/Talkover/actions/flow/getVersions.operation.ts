import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { FLOW_VERSIONS } from '../../../shared/answers';
import { apiPath, kindOf, talkoverAnswer, unexpectedAnswerError } from '../../../shared/transport';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['flow'], operation: ['getVersions'] } }, [agentLocator()]);

/** A read. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return getAgentId.call(this, itemIndex);
}

/** One item per saved version of the agent's flow, newest first as Talkover lists them. */
export async function execute(this: IExecuteFunctions, agentId: string, item: ItemContext): Promise<IDataObject[]> {
	const path = apiPath`/agents/${agentId}/flow/versions`;
	const response = await talkoverAnswer(this, 'GET', path, { ...item, notFoundMessage: agentNotFound(agentId), read: FLOW_VERSIONS });
	// `data.versions`, as the page documents it (and nothing else: `data` as the list itself is no document's).
	const data = response.value;
	const versions = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject).versions : undefined;
	const problem = !Array.isArray(versions)
		? data === null || typeof data !== 'object' || Array.isArray(data)
			? `data is ${kindOf(data)}`
			: `data.versions is ${kindOf(versions)}`
		: versions.some((v) => v === null || typeof v !== 'object' || Array.isArray(v))
			? 'a version that is not an object'
			: undefined;
	if (problem) {
		throw unexpectedAnswerError(this.getNode(), `Talkover's answer does not have the expected data (${problem})`, {
			status: response.statusCode,
			method: 'GET',
			path,
			itemIndex: item.itemIndex,
		});
	}
	return versions as IDataObject[];
}
