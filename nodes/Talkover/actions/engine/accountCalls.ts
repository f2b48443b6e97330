import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, getList, talkoverAnswer } from '../../../shared/transport';
import type { CallEntry } from '../../../shared/answers/callList';
import { callListReader, isOutbound, readCallEntries } from '../../../shared/answers/callList';
import { campaignCallsReader } from '../../../shared/answers/campaignCalls';
import { readAnswer } from '../../../shared/answers/reader';
import { CALLS, CAMPAIGNS } from '../../../shared/answers/list';
import { numberKey } from '../../../shared/dialledNumbers/numberKey';
import { callsFrom } from '../../../shared/answers/callDays';
import { searchIgnored } from './recentCalls';

/**
 * Talkover's calls to one number from the whole account, as a retried execution reads them when n8n saved nothing of
 * the node's earlier runs (a crash): the agents and campaigns the crashed execution dialled with are not known then
 * (the node's Agent, campaign or operation may have been edited before the Retry), so every agent's calls to the
 * number (List Calls, `search`, both documents have it) and every campaign's calls (List Campaigns, then each
 * campaign's Get: a lead queued there is not a call yet) are read. Only through the readers of nodes/shared/answers.
 */

/**
 * The agents and campaigns the Talkover nodes upstream of this one dial (their Agent or campaign as set, not an
 * expression), as `scope:id`: a call of theirs to a lead is their call (an intro before a follow-up), never the
 * crashed execution's of this node, so the account's calls leave them out. Empty when n8n gives no parameters.
 */
export function upstreamScopes(ctx: IExecuteFunctions): Set<string> {
	const self = ctx.getNode();
	const scopes = new Set<string>();
	let parents: Array<{ name: string; type: string; parameters?: IDataObject }> = [];
	try {
		parents = typeof ctx.getParentNodes === 'function' ? ctx.getParentNodes(self.name, { includeNodeParameters: true }) : [];
	} catch {
		return scopes;
	}
	const idOf = (value: unknown): string | undefined => {
		const id = value !== null && typeof value === 'object' ? (value as IDataObject).value : value;
		return typeof id === 'string' && id.trim() !== '' && !id.startsWith('=') ? id.trim() : undefined;
	};
	for (const parent of parents) {
		if (parent.name === self.name || parent.type !== self.type || !parent.parameters) continue;
		const agent = idOf(parent.parameters.agentId);
		const campaign = idOf(parent.parameters.campaignId);
		if (agent) scopes.add(`agent:${agent.toLowerCase()}`);
		if (campaign) scopes.add(`campaign:${campaign.toLowerCase()}`);
	}
	return scopes;
}

/** One call of the account, where it was placed as a skip reason says it, and the agent or campaign that placed it when the answer names one. */
export interface AccountCall {
	entry: CallEntry;
	where: string;
	placedBy?: { scope: 'agent' | 'campaign'; id: string };
}

interface Settings {
	itemIndex: number;
	maxRetries: number;
	signal?: AbortSignal;
}

const callEntries = { routes: callListReader.routes, read: readCallEntries };

/** The account's outbound calls since `since` in List Calls with `query` (every page, or until `enough`), read by the calls' reader. */
async function listCalls(ctx: IExecuteFunctions, since: number, query: IDataObject, settings: Settings, enough?: (data: IDataObject[]) => boolean): Promise<CallEntry[]> {
	const path = apiPath`/calls`;
	const entries = await getList.call(ctx, path, { direction: 'outbound', date_from: callsFrom(since), ...query }, { ...settings, returnAll: true, limit: 0, pagingDocumented: true, read: CALLS, ...(enough ? { enough: (data: IDataObject[]) => enough(data) } : {}) });
	return readAnswer(ctx.getNode(), { statusCode: 200, body: entries }, callEntries, { method: 'GET', path, itemIndex: settings.itemIndex });
}

/** The calls of `calls` to `to` (outbound), each with the agent that placed it when the entry names one. */
function toNumber(calls: CallEntry[], to: string): AccountCall[] {
	const key = numberKey(to);
	return calls
		.filter((c) => numberKey(c.to) === key && isOutbound(c))
		.map((entry) => (entry.agentId === undefined ? { entry, where: 'the account' } : { entry, where: `the agent ${entry.agentId}`, placedBy: { scope: 'agent' as const, id: entry.agentId } }));
}

/** Every campaign's calls (its queued leads included): List Campaigns, every page, then each campaign's Get. */
async function campaignsCalls(ctx: IExecuteFunctions, settings: Settings): Promise<AccountCall[]> {
	const campaigns = await getList.call(ctx, apiPath`/campaigns`, {}, { ...settings, returnAll: true, limit: 0, pagingDocumented: true, read: CAMPAIGNS });
	const found: AccountCall[] = [];
	for (const campaign of campaigns) {
		const id = typeof campaign.id === 'string' || typeof campaign.id === 'number' ? String(campaign.id) : undefined;
		if (id === undefined) continue;
		const { value } = await talkoverAnswer(ctx, 'GET', apiPath`/campaigns/${id}`, { ...settings, handleStatuses: [404], read: campaignCallsReader });
		// A campaign deleted between the list and its read has no calls left to dial; one that lists none has them among its agent's (List Calls).
		if (value === undefined || !('calls' in value)) continue;
		for (const entry of value.calls) found.push({ entry, where: `the campaign ${id}`, placedBy: { scope: 'campaign', id } });
	}
	return found;
}

/**
 * The account's calls, per number, read once per run of the node: every agent's calls to the number, and every
 * campaign's calls (read once for all numbers).
 */
export class AccountCalls {
	private readonly byNumber = new Map<string, Promise<AccountCall[]>>();
	private campaigns: Promise<AccountCall[]> | undefined;
	/** Talkover listed other numbers' calls for a search (it ignored `search`): the account's calls read whole, once for every number. */
	private whole: Promise<CallEntry[]> | undefined;

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** The account's calls to `to` since `since` (epoch ms; campaigns' calls of every time, compared by the caller). */
	of(to: string, since: number, settings: Settings): Promise<AccountCall[]> {
		const key = numberKey(to);
		let read = this.byNumber.get(key);
		if (!read) {
			read = (async () => {
				const calls = await this.agentsCalls(to, since, settings);
				this.campaigns ??= campaignsCalls(this.ctx, settings);
				return [...calls, ...(await this.campaigns).filter((c) => numberKey(c.entry.to) === key)];
			})();
			read.catch(() => undefined);
			this.byNumber.set(key, read);
		}
		return read;
	}

	/**
	 * Every agent's outbound calls to `to` since `since`: every page of List Calls searched for the number (E.164, as
	 * the pages' example writes it); once a search listed another number's call (a Talkover that ignores `search`),
	 * the account's calls read once, whole, for this and every later number.
	 */
	private async agentsCalls(to: string, since: number, settings: Settings): Promise<AccountCall[]> {
		if (!this.whole) {
			let ignored = false;
			const found = await listCalls(this.ctx, since, { search: to }, settings, (data) => (ignored ||= searchIgnored(data, to)));
			if (!ignored) return toNumber(found, to);
			this.whole = listCalls(this.ctx, since, {}, settings);
			this.whole.catch(() => undefined);
		}
		return toNumber(await this.whole, to);
	}
}
