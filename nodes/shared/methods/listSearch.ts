import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apiPath, baseUrlOf, CREDENTIAL_TYPE, nextPage, talkoverRequest, unwrap } from '../transport';

const PAGE_SIZE = 50;

/** Agents for the Agent picker, searched by name or label, one Talkover page per n8n page. */
export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const qs: IDataObject = { per_page: PAGE_SIZE, page };
	if (filter) qs.search = filter;
	const response = await talkoverRequest.call(this, 'GET', apiPath`/agents`, { qs, expect: 'list' });
	const agents = (unwrap(response.body) ?? []) as IDataObject[];
	const baseUrl = baseUrlOf(await this.getCredentials(CREDENTIAL_TYPE));
	const next = nextPage(response.body);
	return {
		results: agents.map((agent) => ({
			name: `${String(agent.label || agent.name || agent.id)} (${[agent.direction, agent.current_status].filter(Boolean).join(', ')})`,
			value: String(agent.id),
			url: `${baseUrl}/agents/${String(agent.id)}`,
		})),
		paginationToken: next === undefined ? undefined : String(next),
	};
}
