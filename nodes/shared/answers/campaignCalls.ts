import type { IDataObject } from 'n8n-workflow';

import type { CallEntry, ListedCallStatus } from './callList';
import { readCallEntries, readListedCallStatus } from './callList';
import type { AnswerReader } from './reader';
import { AnswerProblem, objectIn } from './reader';

/**
 * Where a campaign's calls are, from Get Campaign's answer:
 * - get-campaign.mdx: `{success, data: {…, calls: [{id, to, status, retries, created_at}]}}`: the calls;
 * - openapi.json: the bare Campaign, which has no `calls` but names its agent (`agent_id`): no document has
 *   a list of a campaign's calls, so the calls to read are the campaign's agent's (Get Agent Calls). Those
 *   are every call that agent placed (the campaign's and others) and no lead still waiting in the queue.
 * A campaign without `calls` that names no agent gives no way to know: an AnswerProblem.
 * `calls` may list only some of them: the page's own example lists 2 while its `stats.total_calls` says 100. When
 * the listed calls are fewer than `stats.total_calls`, the campaign's agent's calls are read as well (`agentId`
 * beside the listed `calls`); with no agent named that is no way to know either.
 */
export type CampaignCalls = { calls: CallEntry[]; agentId?: string } | { agentId: string };

/** Get Campaign's campaign (in the page's envelope or bare, as openapi.json gives it), or an AnswerProblem saying what the node could not do. */
function campaignOf(body: unknown, cannot: string): IDataObject {
	const outer = objectIn(body);
	if (outer?.success === false) throw new AnswerProblem('Talkover said the campaign could not be given (success: false)');
	const campaign = outer && 'data' in outer ? objectIn(outer.data) : outer;
	if (!campaign) throw new AnswerProblem(`the campaign is missing from the answer, so the node cannot ${cannot}`);
	return campaign;
}

/** The campaign's agent (`agent_id`, or `agent.id`), or undefined. */
function agentOf(campaign: IDataObject): string | undefined {
	const agentId = campaign.agent_id ?? objectIn(campaign.agent)?.id;
	return typeof agentId === 'string' && agentId.trim() !== '' ? agentId.trim() : undefined;
}

export const campaignCallsReader: AnswerReader<CampaignCalls> = {
	routes: ['GET /campaigns/{}'],
	read(body) {
		const campaign = campaignOf(body, 'tell which numbers it called');
		const agentId = agentOf(campaign);
		if (campaign.calls !== undefined) {
			const calls = readCallEntries(campaign.calls);
			const total = objectIn(campaign.stats)?.total_calls;
			if (typeof total !== 'number' || total <= calls.length) return { calls };
			if (agentId) return { calls, agentId };
			throw new AnswerProblem(`the campaign lists ${calls.length} of its ${total} calls (stats.total_calls) and names no agent (agent_id) whose calls could be read, so the node cannot tell which numbers it called`);
		}
		if (agentId) return { agentId };
		throw new AnswerProblem("the campaign's calls are missing and it names no agent (agent_id) whose calls could be read, so the node cannot tell which numbers it called");
	},
};

/**
 * A campaign's calls as a wait reads them: each call's ID and status (readListedCallStatus: another call
 * without a number or a creation time must not hide the wait's own), with the campaign's agent when it names one
 * (a call the list leaves out, as the page's example lists 2 of 100, is then read among the agent's calls); or,
 * when the answer lists none (openapi.json's bare Campaign), the campaign's agent, whose calls then say it.
 * Neither: an AnswerProblem.
 */
export const campaignCallStatusesReader: AnswerReader<{ calls: ListedCallStatus[]; agentId?: string } | { agentId: string }> = {
	routes: ['GET /campaigns/{}'],
	read(body) {
		const campaign = campaignOf(body, 'read the status of its calls');
		if (campaign.calls !== undefined) {
			if (!Array.isArray(campaign.calls)) throw new AnswerProblem('the campaign’s calls are not a list');
			const agentId = agentOf(campaign);
			return { calls: campaign.calls.map(readListedCallStatus), ...(agentId ? { agentId } : {}) };
		}
		const agentId = agentOf(campaign);
		if (agentId) return { agentId };
		throw new AnswerProblem("the campaign's calls are missing and it names no agent (agent_id) whose calls could be read, so the node cannot read their status");
	},
};
