import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, clock, getList, pagesOf, talkoverAnswer } from '../../../shared/transport';
import { agentNotFound } from '../../../shared/agent';
import { campaignNotFound } from '../../../shared/campaign';
import type { CallEntry } from '../../../shared/answers/callList';
import { callListReader, placedByAgent, readCallEntries } from '../../../shared/answers/callList';
import { callsFrom } from '../../../shared/answers/callDays';
import { campaignCallsReader } from '../../../shared/answers/campaignCalls';
import { readAnswer } from '../../../shared/answers/reader';
import { AGENT_CALLS } from '../../../shared/answers/list';
import { numberKey } from '../../../shared/dialledNumbers/numberKey';
import type { EndedOutcome } from '../../statusOutcome';

/**
 * Talkover's own record of the calls an agent (a campaign) placed, as the dial guard (dialGuard.ts) reads it to
 * decide whether a number was already called: only through the readers of nodes/shared/answers.
 */
export interface DialTarget {
	scope: 'agent' | 'campaign';
	/** The agent's or the campaign's ID. */
	id: string;
	/** The number, E.164 as sent. */
	to: string;
	/** The item's own earlier calls to the number (Call Again Until Reached's attempts): once ended, never a reason to skip it. */
	ownCalls?: string[];
	/**
	 * Never dialled while a call to the number is queued, ringing or going on, the item's own earlier one included,
	 * even without Skip Numbers Called Within (Call Again Until Reached's later calls: a call that timed out may
	 * still be going on): the agent's (campaign's) calls are read first.
	 */
	checkOnCall?: true;
	/**
	 * The item's last call timed out (Call Again Until Reached): dialled only once Talkover lists that call as ended
	 * with a status whose outcome is one of these (statusOutcome.ts); listed otherwise (completed: it was answered),
	 * or not listed, it is not. `placedFrom` (epoch ms): the earliest that call can have been created (when it rang,
	 * less the longest delay): the calls are read back to it, however long Call Again After was.
	 */
	lastCallEndedAs?: { callId: string; outcomes: readonly EndedOutcome[]; placedFrom?: number };
}

/** A scope's calls, and whose they are when a campaign's calls were read as its agent's (`partly`: beside the few it listed). */
export interface Recent {
	calls: CallEntry[];
	agentOfCampaign?: string;
	partly?: boolean;
}

/** The reader of getList's entries (every page of Get Agent Calls). */
const agentCallEntries = { routes: callListReader.routes, read: readCallEntries };

/**
 * The agent's outbound calls since the start of the window's day (every call of the account's day margin), to the
 * run's `numbers` (E.164) at least: every page of the agent's list, or, when its first page says the rest would
 * take more requests than a search per number (a busy agent, a run of few numbers: an MCP client's one call),
 * that page and every page of a search for each number as the pages' example writes it (E.164, `search=+1234567890`:
 * a Talkover matching it exactly finds it; both documents list `search` there); a search
 * that lists as many calls as the whole list (a server that ignores it) is the whole list: no other is sent.
 */
async function agentCalls(ctx: IExecuteFunctions, agentId: string, since: number, numbers: string[], settings: { itemIndex: number; maxRetries: number; signal?: AbortSignal }): Promise<CallEntry[]> {
	const path = apiPath`/agents/${agentId}/calls`;
	const qs = { direction: 'outbound', date_from: callsFrom(since) };
	/** Every page of the list with this query (or until `enough`), read by the agent's calls' reader. */
	const read = async (query: IDataObject, enough?: (paging: IDataObject | undefined) => boolean) =>
		await getList.call(ctx, path, query, { ...settings, returnAll: true, limit: 0, pagingDocumented: true, notFoundMessage: agentNotFound(agentId), read: AGENT_CALLS, enough: enough && ((_entries, paging) => enough(paging)) });
	let searched = false;
	let page = 0;
	let listed: number | undefined;
	const entries = await read(qs, (paging) => {
		const pages = pagesOf(paging);
		searched = ++page === 1 && pages !== undefined && pages - 1 > numbers.length;
		if (searched) listed = Number(paging?.total);
		return searched;
	});
	for (const to of searched ? numbers : []) {
		let total: number | undefined;
		const found = await read({ ...qs, search: to }, (paging) => {
			total ??= Number(paging?.total);
			return false;
		});
		entries.push(...found);
		// A server that ignored the search listed every call: the other numbers are in it already.
		if (total !== undefined && Number.isFinite(total) && total === listed) break;
	}
	const calls = readAnswer(ctx.getNode(), { statusCode: 200, body: entries }, agentCallEntries, { method: 'GET', path, itemIndex: settings.itemIndex });
	const seen = new Set<string>();
	return calls.filter((c) => {
		const id = typeof c.call.id === 'string' || typeof c.call.id === 'number' ? String(c.call.id) : undefined;
		if (id !== undefined && seen.has(id)) return false;
		if (id !== undefined) seen.add(id);
		return placedByAgent(c, agentId);
	});
}

/** Talkover's calls of one agent or campaign, to the run's `numbers` at least (the window is each item's, applied in `before`). */
export async function readRecent(ctx: IExecuteFunctions, target: DialTarget, windowMs: number, numbers: string[], itemIndex: number, maxRetries: number): Promise<Recent> {
	const since = clock.now() - windowMs;
	const settings = { itemIndex, maxRetries, signal: ctx.getExecutionCancelSignal?.() };
	if (target.scope === 'agent') return { calls: await agentCalls(ctx, target.id, since, numbers, settings) };
	const path = apiPath`/campaigns/${target.id}`;
	const { value: campaign } = await talkoverAnswer(ctx, 'GET', path, { ...settings, notFoundMessage: campaignNotFound(target.id), read: campaignCallsReader });
	if (campaign.agentId === undefined) return { calls: 'calls' in campaign ? campaign.calls : [] };
	const ofAgent = await agentCalls(ctx, campaign.agentId, since, numbers, settings);
	if (!('calls' in campaign)) return { calls: ofAgent, agentOfCampaign: campaign.agentId };
	return { calls: [...campaign.calls, ...ofAgent], agentOfCampaign: campaign.agentId, partly: true };
}

/**
 * The agent's outbound calls to one number since the window's day: every page of a search for it (E.164, as the
 * pages' example writes it), which lists a number's few calls in one request however busy the agent is. Undefined
 * when the server did not search (its first page lists a call to another number): the caller reads the whole list.
 */
async function numberCalls(ctx: IExecuteFunctions, agentId: string, since: number, to: string, settings: { itemIndex: number; maxRetries: number; signal?: AbortSignal }): Promise<CallEntry[] | undefined> {
	const path = apiPath`/agents/${agentId}/calls`;
	let ignored = false;
	const entries = await getList.call(ctx, path, { direction: 'outbound', date_from: callsFrom(since), search: to }, {
		...settings,
		returnAll: true,
		limit: 0,
		pagingDocumented: true,
		notFoundMessage: agentNotFound(agentId),
		read: AGENT_CALLS,
		enough: (data) => (ignored ||= searchIgnored(data, to)),
	});
	if (ignored) return undefined;
	const calls = readAnswer(ctx.getNode(), { statusCode: 200, body: entries }, agentCallEntries, { method: 'GET', path, itemIndex: settings.itemIndex });
	return calls.filter((c) => placedByAgent(c, agentId));
}

/**
 * Whether a page of calls searched for `to` lists a call to another number: Talkover ignored the `search` filter
 * (the page is then one of every call, not of the number's).
 */
export function searchIgnored(page: IDataObject[], to: string): boolean {
	const key = numberKey(to);
	return page.some((entry) => typeof entry?.to === 'string' && numberKey(entry.to) !== key);
}

/**
 * Talkover's calls of one agent or campaign to one number (a read of the whole scope is older than a minute: see
 * dialGuard's FRESH_MS): Get Campaign for a campaign (its calls are in that one answer), and a search of the agent's
 * calls for the number. Undefined when Talkover ignored the search (then the whole scope is read again).
 */
export async function readNumberRecent(ctx: IExecuteFunctions, target: DialTarget, windowMs: number, itemIndex: number, maxRetries: number): Promise<Recent | undefined> {
	const since = clock.now() - windowMs;
	const settings = { itemIndex, maxRetries, signal: ctx.getExecutionCancelSignal?.() };
	if (target.scope === 'agent') {
		const calls = await numberCalls(ctx, target.id, since, target.to, settings);
		return calls && { calls };
	}
	const path = apiPath`/campaigns/${target.id}`;
	const { value: campaign } = await talkoverAnswer(ctx, 'GET', path, { ...settings, notFoundMessage: campaignNotFound(target.id), read: campaignCallsReader });
	if (campaign.agentId === undefined) return { calls: 'calls' in campaign ? campaign.calls : [] };
	const ofAgent = await numberCalls(ctx, campaign.agentId, since, target.to, settings);
	if (!ofAgent) return undefined;
	if (!('calls' in campaign)) return { calls: ofAgent, agentOfCampaign: campaign.agentId };
	return { calls: [...campaign.calls, ...ofAgent], agentOfCampaign: campaign.agentId, partly: true };
}
