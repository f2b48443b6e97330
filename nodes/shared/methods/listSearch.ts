import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { readAgentId } from '../agent';
import { listActions } from '../agentActionRequests';
import type { ListPage } from '../answers';
import { AGENTS, CALENDAR_EVENTS, CALENDARS, CAMPAIGNS, EVENT_WEBHOOKS } from '../answers';
import { pickerWebhookOwner } from '../deliveryWebhook';
import { readLocatorId } from '../locator';
import type { ReaderOf } from '../transport';
import { apiPath, baseUrlOf, CREDENTIAL_TYPE, nextPage, pageFingerprint, shownValue, talkoverAnswer, unexpectedAnswerError } from '../transport';
import { withIds } from './pickerRows';

const PAGE_SIZE = 50;

/** One Talkover page of a searchable list per n8n page; `toItem` gets the credential's base URL for links. */
async function searchPaged(
	ctx: ILoadOptionsFunctions,
	path: string,
	read: ReaderOf<ListPage>,
	filter: string | undefined,
	paginationToken: string | undefined,
	toItem: (row: IDataObject, baseUrl: string) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	// The token is "page:fingerprint of the page before", so a page that repeats the one before is seen.
	const [pageText, previous] = (paginationToken ?? '').split(':');
	const page = paginationToken ? Number(pageText) : 1;
	const qs: IDataObject = { per_page: PAGE_SIZE, page };
	if (filter) qs.search = filter;
	const response = await talkoverAnswer(ctx, 'GET', path, { qs, read });
	const rows = withIds(ctx, response.value.entries, { status: response.statusCode, path });
	const baseUrl = baseUrlOf(await ctx.getCredentials(CREDENTIAL_TYPE));
	// A short page is shown as the end of the list (Talkover's own list examples have one entry on "page 1 of
	// 3"): a picker shows what came, it does not promise all; a repeated page or an impossible count stays an error.
	const next = nextPage(response.value.paging, page, PAGE_SIZE, rows, previous ? new Map([[previous, page - 1]]) : undefined, { shortPageEnds: true });
	if (typeof next === 'string') {
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's list does not add up: ${next}`, { status: response.statusCode, method: 'GET', path });
	}
	return { results: rows.map((row) => toItem(row, baseUrl)), paginationToken: next === undefined ? undefined : `${next}:${pageFingerprint(rows)}` };
}

/**
 * "A (x, y)": the first of the names that is a text or a number (the ID last: every row has one, see
 * withIds) and the parts that tell two similar ones apart; anything else is left out, long texts clipped.
 */
function labelled(names: unknown[], parts: unknown[]): string {
	const name = String(names.map((n) => shownValue(n, 200)).find((n) => n !== undefined));
	const extra = parts.map((p) => shownValue(p, 200)).filter((p) => p !== undefined).join(', ');
	return extra ? `${name} (${extra})` : name;
}

/** Agents for the Agent picker, searched by name or label; the state is `current_status` (pages) or `status` (openapi.json). */
export async function searchAgents(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchPaged(this, apiPath`/agents`, AGENTS, filter, paginationToken, (agent, baseUrl) => ({
		name: labelled([agent.label, agent.name, agent.id], [agent.direction, agent.current_status ?? agent.status]),
		value: String(agent.id),
		url: `${baseUrl}/agents/${encodeURIComponent(String(agent.id))}`,
	}));
}

/** Campaigns for the Campaign picker, searched by name or description (List Campaigns' `search`). */
export async function searchCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchPaged(this, apiPath`/campaigns`, CAMPAIGNS, filter, paginationToken, (campaign, baseUrl) => ({
		name: labelled([campaign.name, campaign.id], [campaign.status, campaign.campaign_type]),
		value: String(campaign.id),
		url: `${baseUrl}/campaigns/${encodeURIComponent(String(campaign.id))}`,
	}));
}

/** Rows whose label contains the filter text (for lists Talkover cannot search itself). */
function matching(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const text = (filter ?? '').trim().toLowerCase();
	return { results: text ? items.filter((i) => i.name.toLowerCase().includes(text)) : items };
}

/** Calendars for the Calendar picker (List Calendars has no search and no pages: the first 100, filtered here). */
export async function searchCalendars(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const path = apiPath`/calendars`;
	const response = await talkoverAnswer(this, 'GET', path, { qs: { per_page: 100 }, read: CALENDARS });
	const calendars = withIds(this, response.value.entries, { status: response.statusCode, path });
	return matching(calendars.map((c) => ({ name: labelled([c.name, c.id], [c.timezone]), value: String(c.id) })), filter);
}

/** Events of the chosen calendar for the Event picker, by start time, filtered by title here. */
export async function searchEvents(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const calendarId = readLocatorId(this, undefined, this.getNodeParameter('calendarId', ''), {
		name: 'calendarId',
		noun: 'calendar',
		label: 'Calendar',
	});
	const path = apiPath`/calendars/${calendarId}/events`;
	const response = await talkoverAnswer(this, 'GET', path, { read: CALENDAR_EVENTS });
	const events = withIds(this, response.value.entries, { status: response.statusCode, path }).slice().sort((a, b) => String(a.start_at).localeCompare(String(b.start_at)));
	return matching(events.map((e) => ({ name: labelled([e.title, e.id], [e.start_at, e.status]), value: String(e.id) })), filter);
}

/**
 * The chosen agent's actions for the Action picker, filtered by name here: the first 100 (its page lists
 * them all; openapi.json's paging example shows one entry on "page 1 of 5", so a picker never reads a
 * short page as an error: CONTRADICTIONS.md #38, #44).
 */
export async function searchAgentActions(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const agentId = readAgentId(this, undefined, this.getNodeParameter('agentId', ''));
	// listActions refuses an action without an ID.
	const actions = await listActions(this, agentId, { returnAll: false, limit: 100, shortPageEnds: true });
	return matching(actions.map((a) => ({ name: labelled([a.name, a.id], [a.type, a.current_status]), value: String(a.id) })), filter);
}

/**
 * The chosen agent's or campaign's webhooks for the Webhook picker (Webhook Delivery), filtered by name or
 * address here: List Agent Webhooks and List Campaign Webhooks give them all in `data.webhooks`, unpaged.
 */
export async function searchEventWebhooks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const owner = pickerWebhookOwner(this);
	const response = await talkoverAnswer(this, 'GET', owner.webhooks, { read: EVENT_WEBHOOKS, notFoundMessage: owner.notFound });
	const listed = response.value.webhooks;
	if (!Array.isArray(listed) || listed.some((w) => w === null || typeof w !== 'object' || Array.isArray(w))) {
		throw unexpectedAnswerError(this.getNode(), "Talkover's list of webhooks does not have the expected data (data.webhooks is not a list of webhooks)", { status: response.statusCode, method: 'GET', path: owner.webhooks });
	}
	const webhooks = withIds(this, listed as IDataObject[], { status: response.statusCode, path: owner.webhooks });
	return matching(webhooks.map((w) => ({ name: labelled([w.name, w.webhook_url, w.id], [typeof w.name === 'string' && w.name.trim() !== '' ? w.webhook_url : undefined, w.status]), value: String(w.id) })), filter);
}
