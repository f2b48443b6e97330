/**
 * The end of a wait: each input item's output, in input order and paired with it — the call as placed with
 * what Talkover said of its end (the event's fields, `outcome`, `timedOut`, Context as sent, a campaign call's
 * picked per-call events), or, for a call with no end before the Wait Limit, its last status as Talkover
 * lists it; an item that placed no call comes out as it did (an option's skip: `outcome: "notCalled"`; an
 * error item unchanged).
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { ListedCallStatus } from '../../shared/answers';
import { AGENT_CALLS, CALLS, callKey, campaignCallStatusesReader, PICKABLE_CALL_EVENTS, readListedCallStatus, readTalkoverTime } from '../../shared/answers';
import { createdFrom } from '../../shared/answers/callDays';
import { campaignNotFound } from '../../shared/campaign';
import { hasEnded } from '../callStatus';
import { apiPath, clock, getList, pagesOf, talkoverAnswer } from '../../shared/transport';
import type { Current, Known, LastStatus, WaitEvent } from './known';
import { endFields, hasEndedCall, itemKey, missingEvents, pickedOf, readCurrent } from './known';
import { FINISH_BUDGET_MS } from './signals';
import { outcomeOf } from './outcome';
import { outcomeOfStatus } from '../statusOutcome';
import type { CallItem, WaitRecord } from './record';
import { isCallItem } from './record';
import { attemptOutput } from '../callAgain';

/** An item that placed no call: an option's skip says so; a call placed before it may have been, unknown; an error item is left as it is. */
export function settledOutcome(json: IDataObject): IDataObject {
	if (json.alreadyPlaced === 'maybe') return { ...json, outcome: 'unknown' };
	return json.skipped === true ? { ...json, outcome: 'notCalled' } : json;
}

/**
 * With more calls than this still open on an agent, the node first reads one page of the agent's calls since
 * the first was placed: when the rest of those pages take fewer requests than a search per call, they are read.
 */
const ONE_BY_ONE = 10;

type Found = ReturnType<typeof readListedCallStatus> | undefined;

/**
 * The first moment the item's call can be listed at: when Talkover says it created it (the call's `created_at`
 * as placed, by Talkover's own clock, which its `date_from` filters by), else when the node had it accepted
 * (`placedAt`), else undefined (a call an older version placed).
 */
function listedFrom(item: CallItem): number | undefined {
	try {
		return readTalkoverTime(item.call.created_at, 'created_at');
	} catch {
		return item.placedAt;
	}
}

/** The list's days from the one that holds `first` (epoch ms) on, whatever Talkover's time zone. */
function daysFrom(first: number): { date_from: string } {
	return { date_from: createdFrom(first) };
}


/**
 * Statuses of an agent's calls, as Talkover lists them, each found by its ID, never cut short by a count of
 * pages: many calls (more than ONE_BY_ONE) from the agent's calls since the day the first was placed (Get
 * Agent Calls, `date_from`, every page: oldest first, the wait's own calls come last) when that list takes
 * fewer requests than a search per call (its first page says how many pages it has); every call not found
 * there searched by its number since the day it was placed (List Calls, `agent_id`, `search`, `date_from`,
 * every page). A call an older version placed, with no moment kept, is searched over all its days. The reads
 * stop after FINISH_BUDGET_MS from `started`.
 */
async function agentStatuses(ctx: IWebhookFunctions, agentId: string, items: CallItem[], statuses: Map<string, LastStatus>, started: number): Promise<void> {
	const byKey = new Map(items.map((item) => [itemKey(item), item]));
	const found = (item: CallItem, listed: Found) => statuses.set(itemKey(item), listed ? { status: listed.status, duration: listed.duration } : { error: `Talkover does not list the call ${item.callId}` });
	/** An entry of a list: one of the calls looked for, kept by its ID. */
	const look = (entry: IDataObject): false => {
		const listed = readListedCallStatus(entry);
		const item = listed.id !== undefined ? byKey.get(callKey(listed.id)) : undefined;
		if (item && !statuses.has(itemKey(item))) found(item, listed);
		return false;
	};
	const missing = () => items.filter((item) => !statuses.has(itemKey(item))).length;
	const overBudget = () => clock.now() - started > FINISH_BUDGET_MS;
	const placed = items.map(listedFrom).filter((at): at is number => at !== undefined);
	if (items.length > ONE_BY_ONE && placed.length === items.length) {
		let page = 0;
		try {
			await getList.call(ctx, apiPath`/agents/${agentId}/calls`, daysFrom(Math.min(...placed)), {
				returnAll: true,
				limit: 0,
				pagingDocumented: true,
				read: AGENT_CALLS,
				keep: look,
				enough: (_entries, paging) => {
					page++;
					if (missing() === 0 || overBudget()) return true;
					// After its first page: the rest of the list only when it is cheaper than a search per call left.
					const pages = pagesOf(paging);
					return page === 1 && pages !== undefined && pages - 1 > missing();
				},
			});
		} catch {
			// The calls not found are searched one by one.
		}
	}
	for (const item of items) {
		if (statuses.has(itemKey(item))) continue;
		if (overBudget()) {
			statuses.set(itemKey(item), { error: 'not read: the wait had to end before n8n ends it itself' });
			continue;
		}
		try {
			const from = listedFrom(item);
			const days = from !== undefined ? daysFrom(from) : {};
			await getList.call(ctx, apiPath`/calls`, { agent_id: agentId, search: item.to, ...days }, { returnAll: true, limit: 0, pagingDocumented: true, read: CALLS, keep: look });
			if (!statuses.has(itemKey(item))) found(item, undefined);
		} catch (error) {
			statuses.set(itemKey(item), { error: (error as Error).message });
		}
	}
}

/**
 * Statuses of a campaign's calls: one read of the campaign (Get Campaign lists them by the campaign call's
 * ID); a call it does not list (an answer without `calls`, openapi.json's Campaign, or with only some, as the page's
 * example) is read among the calls of the agent it names, for the same ID.
 */
async function campaignStatuses(ctx: IWebhookFunctions, campaignId: string, items: CallItem[], statuses: Map<string, LastStatus>, started: number): Promise<void> {
	let listed: { calls: ListedCallStatus[]; agentId?: string } | { agentId: string };
	try {
		listed = (await talkoverAnswer(ctx, 'GET', apiPath`/campaigns/${campaignId}`, { notFoundMessage: campaignNotFound(campaignId), read: campaignCallStatusesReader })).value;
	} catch (error) {
		for (const item of items) statuses.set(itemKey(item), { error: (error as Error).message });
		return;
	}
	const calls = 'calls' in listed ? listed.calls : [];
	const unlisted: CallItem[] = [];
	for (const item of items) {
		const call = calls.find((entry) => entry.id !== undefined && callKey(entry.id) === itemKey(item));
		if (call) statuses.set(itemKey(item), { status: call.status, duration: call.duration });
		else if (listed.agentId === undefined) statuses.set(itemKey(item), { error: `Talkover does not list the call ${item.callId} in campaign ${campaignId}` });
		else unlisted.push(item);
	}
	if (!unlisted.length || listed.agentId === undefined) return;
	// Not in the campaign's list (none listed, or only some): the agent's calls. One attempt's status at most (the
	// campaign may dial the number again): shown, never read as the campaign call's end.
	await agentStatuses(ctx, listed.agentId, unlisted, statuses, started);
	for (const item of unlisted) {
		const status = statuses.get(itemKey(item));
		if (status && !('error' in status)) statuses.set(itemKey(item), { ...status, attempt: true });
	}
}

/**
 * The last status of each call given (a wait's calls without an end), as Talkover lists them (above): a call
 * not read says why.
 */
export async function lastStatuses(ctx: IWebhookFunctions, record: WaitRecord, open: CallItem[]): Promise<Map<string, LastStatus>> {
	const statuses = new Map<string, LastStatus>();
	const started = clock.now();
	const byOwner = new Map<string, CallItem[]>();
	for (const item of open) {
		const owner = item.campaignId !== undefined ? `campaign ${item.campaignId}` : `agent ${item.agentId}`;
		byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
	}
	for (const items of byOwner.values()) {
		const [{ agentId, campaignId }] = items;
		if (campaignId !== undefined) await campaignStatuses(ctx, campaignId, items, statuses, started);
		else await agentStatuses(ctx, agentId, items, statuses, started);
	}
	return statuses;
}

/**
 * Calls whose end the log cannot show: those the execution this one retries placed (their end may have come
 * before this wait's webhook existed), and every open call when the log holds an end without its body (Get
 * Campaign Webhook Logs' example shows none). Those Talkover lists as ended are known to be over, with that status.
 */
export async function readListedEnds(ctx: IWebhookFunctions, record: WaitRecord, known: Known): Promise<void> {
	const earlier = record.items.filter((item): item is CallItem => isCallItem(item) && (item.placedEarlier === true || known.endsWithoutBody) && !hasEndedCall(item, known));
	await readEndedAsListed(ctx, record, earlier, known);
}

/**
 * Calls whose end does not say how it ended while a `did_not_connect` the log does not show may be theirs
 * (Known.doubtful): Talkover's listed status says it, when it lists the call as ended (a busy call read as answered
 * would never be called again); else the end stands.
 */
export async function readDoubtfulEnds(ctx: IWebhookFunctions, record: WaitRecord, known: Known): Promise<void> {
	const doubtful = record.items.filter((item): item is CallItem => isCallItem(item) && known.doubtful.has(itemKey(item)) && !known.listed.has(itemKey(item)));
	await readEndedAsListed(ctx, record, doubtful, known);
}

/**
 * The calls given that Talkover lists as ended, into `known.listed` with that status (one request per agent or
 * campaign, none for no call). A campaign call's attempt status never says the campaign call is over.
 */
export async function readEndedAsListed(ctx: IWebhookFunctions, record: WaitRecord, items: CallItem[], known: Known): Promise<void> {
	if (items.length === 0) return;
	for (const [key, status] of await lastStatuses(ctx, record, items)) if ('status' in status && status.attempt !== true && hasEnded(status.status)) known.listed.set(key, status);
}

/**
 * The wait as Talkover says it now: its logs (known.ts readCurrent), and, for an end that does not say how it
 * ended while an unseen `did_not_connect` may be its call's, the call's listed status (readDoubtfulEnds).
 */
export async function readState(ctx: IWebhookFunctions, saved: WaitRecord, inHand?: WaitEvent | { nameless: IDataObject }): Promise<Current> {
	const current = await readCurrent(ctx, saved, inHand);
	await readDoubtfulEnds(ctx, current.record, current.known);
	return current;
}

/** The picked per-call events that came, by what a builder calls them (`transcript`, `report`, `recording`), and those that did not. */
function pickedOutput(item: CallItem, known: Known): IDataObject {
	if (!item.events?.length) return {};
	const picked = pickedOf(item, known);
	const names = Object.fromEntries(Object.entries(PICKABLE_CALL_EVENTS).map(([name, event]) => [event, name]));
	const callEvents: IDataObject = {};
	for (const event of item.events) if (picked.has(event)) callEvents[names[event] ?? event] = picked.get(event)!;
	const missing = missingEvents(item, known).map((event) => names[event] ?? event);
	return { callEvents, ...(missing.length ? { missingCallEvents: missing } : {}) };
}

/**
 * A call item's output with Call Again Until Reached (callAgain/output.ts): its attempts and, when another call is
 * due, `nextAttemptAt`, counted from Talkover's time of its end, else from `now` (its limit, or when it was read).
 */
export function withAttempts(item: CallItem, json: IDataObject, endedAt: number | undefined, now: number): IDataObject {
	return item.callAgain ? attemptOutput(item.callAgain, json, { callId: item.callId, endedAt, now }) : json;
}

/** Every input item's output (see above), with the last statuses of the calls that had no end. */
export function outputItems(record: WaitRecord, known: Known, statuses: Map<string, LastStatus>): INodeExecutionData[] {
	const now = clock.now();
	return record.items.map((item) => {
		if (!isCallItem(item)) return { json: item.output, pairedItem: { item: item.item } };
		const key = itemKey(item);
		const context = item.context ? { context: item.context } : {};
		const events = pickedOutput(item, known);
		const end = known.ends.get(key);
		if (end) {
			const fields = endFields(key, end, known);
			const json = { ...item.call, ...fields, id: item.call.id ?? item.callId, event: end.event, outcome: outcomeOf(end.event, fields, known.voicemail.has(key)), timedOut: false, ...events, ...context };
			return { json: withAttempts(item, json, end.at, now), pairedItem: { item: item.item } };
		}
		const listed = known.listed.get(key) ?? statuses.get(key);
		const last = listed && !('error' in listed) ? { status: listed.status, ...(listed.duration !== undefined ? { duration: listed.duration } : {}) } : { statusError: listed?.error ?? 'not read' };
		// Its end never reached the wait (an end delivered while the node was still placing the run's calls gets
		// n8n's 409, and Talkover may give up; a call placed by the execution this one retries), yet Talkover
		// lists it as ended: its outcome from that status (not from one attempt's status: the campaign may dial again).
		if ('status' in last && !(listed && 'attempt' in listed) && hasEnded(last.status)) {
			return { json: withAttempts(item, { ...item.call, ...last, outcome: outcomeOfStatus(String(last.status)), timedOut: false, endedAsListed: true, ...events, ...context }, undefined, now), pairedItem: { item: item.item } };
		}
		return { json: withAttempts(item, { ...item.call, ...last, outcome: 'timedOut', timedOut: true, ...events, ...context }, undefined, now), pairedItem: { item: item.item } };
	});
}
