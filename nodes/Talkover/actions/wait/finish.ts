/**
 * The end of a wait: each input item's output, in input order and paired with it — the call as placed with
 * what Talkover said of its end (the event's fields, `outcome`, `timedOut`, Context as sent), or, for a call
 * with no end before the Wait Limit, its last status as Talkover lists it; an item that placed no call comes
 * out as it did (an option's skip: `outcome: "notCalled"`; an error item unchanged).
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions, NodeApiError } from 'n8n-workflow';

import type { CallEvent } from '../../../shared/answers';
import { CALLS, callKey, DELIVERY_LOG_ENTRIES, endsTheCall, readListedCallStatus, readLoggedEvent, VOICEMAIL_EVENTS } from '../../../shared/answers';
import { hasEnded } from '../../../shared/callStatus';
import { apiPath, clock, getList } from '../../../shared/transport';
import { FINISH_BUDGET_MS } from './signals';
import { outcomeOf, outcomeOfStatus } from './outcome';
import type { WaitItem, WaitRecord } from './record';
import { isCallItem } from './record';
import { agentWebhookLog } from './webhooks';

/** An item that placed no call: an option's skip says so; an error item is left as it is. */
export function settledOutcome(json: IDataObject): IDataObject {
	return json.skipped === true ? { ...json, outcome: 'notCalled' } : json;
}

/** What Talkover has said of the wait's calls: each call's end, and the calls a voicemail answered. */
export interface Ends {
	ends: Map<string, CallEvent>;
	voicemail: Set<string>;
}

/**
 * The events of the wait's webhooks, from their delivery logs (every page: the webhooks are the wait's own,
 * made when it started). An entry whose body cannot be read (a failed attempt shows none) is not an end.
 */
export async function readEnds(ctx: IWebhookFunctions, record: WaitRecord): Promise<Ends> {
	const ends = new Map<string, CallEvent>();
	const voicemail = new Set<string>();
	for (const { agentId, webhookId } of record.webhooks) {
		let entries: IDataObject[];
		try {
			entries = await getList.call(ctx, agentWebhookLog(agentId, webhookId), {}, { returnAll: true, limit: 0, pagingDocumented: true, shortPageEnds: true, read: DELIVERY_LOG_ENTRIES });
		} catch (error) {
			// The webhook is gone (deleted in Talkover): its log with it; what else is known still counts.
			if (Number((error as { httpCode?: unknown }).httpCode) === 404) continue;
			throw error as NodeApiError;
		}
		for (const entry of entries) {
			const event = readLoggedEvent(entry);
			if ('problem' in event) continue;
			add({ ends, voicemail }, event);
		}
	}
	return { ends, voicemail };
}

/** Adds one event to what is known. */
export function add(known: Ends, event: CallEvent): void {
	const key = callKey(event.callId);
	if (endsTheCall(event.event)) {
		if (!known.ends.has(key)) known.ends.set(key, event);
	} else if (VOICEMAIL_EVENTS.includes(event.event)) known.voicemail.add(key);
}

/** The calls of the wait Talkover has not said have ended. */
export function stillOpen(record: WaitRecord, known: Ends): number {
	return record.items.filter((item) => isCallItem(item) && !known.ends.has(callKey(item.callId))).length;
}

/** A call's last status as Talkover lists it, or why it could not be read. */
export type LastStatus = { status?: string; duration?: unknown } | { error: string };

/** With more calls than this still open on an agent, their statuses come from one list of the agent's calls. */
const ONE_BY_ONE = 10;

/** The most calls of an agent read in that list (20 pages). */
const LISTED_AT_MOST = 2000;

/**
 * The last status of each call without an end, as List Calls gives it: a few calls each searched by its number
 * (their agent), many from one list of their agent's calls since the day before the wait began (a page holds
 * 100; at most 20 pages). Reads stop after FINISH_BUDGET_MS (the end of a wait must come before n8n's own): a
 * call not read by then says so.
 */
export async function lastStatuses(ctx: IWebhookFunctions, record: WaitRecord, known: Ends): Promise<Map<string, LastStatus>> {
	const statuses = new Map<string, LastStatus>();
	const started = clock.now();
	const open = record.items.filter((item): item is Extract<WaitItem, { callId: string }> => isCallItem(item) && !known.ends.has(callKey(item.callId)));
	const byAgent = new Map<string, typeof open>();
	for (const item of open) byAgent.set(item.agentId, [...(byAgent.get(item.agentId) ?? []), item]);
	const find = (calls: IDataObject[], callId: string) => calls.map(readListedCallStatus).find((entry) => entry.id !== undefined && callKey(entry.id) === callKey(callId));
	const found = (item: { callId: string }, listed: ReturnType<typeof find>) =>
		statuses.set(callKey(item.callId), listed ? { status: listed.status, duration: listed.duration } : { error: `Talkover does not list the call ${item.callId}` });
	for (const [agentId, items] of byAgent) {
		if (items.length > ONE_BY_ONE) {
			try {
				const since = new Date(record.since - 24 * 60 * 60_000).toISOString().slice(0, 10);
				const calls = await getList.call(ctx, apiPath`/calls`, { agent_id: agentId, date_from: since }, { returnAll: false, limit: LISTED_AT_MOST, pagingDocumented: true, read: CALLS });
				for (const item of items) found(item, find(calls, item.callId));
			} catch (error) {
				for (const item of items) statuses.set(callKey(item.callId), { error: (error as Error).message });
			}
			continue;
		}
		for (const item of items) {
			if (clock.now() - started > FINISH_BUDGET_MS) {
				statuses.set(callKey(item.callId), { error: 'not read: the wait had to end before n8n ends it itself' });
				continue;
			}
			try {
				found(item, find(await getList.call(ctx, apiPath`/calls`, { agent_id: item.agentId, search: item.to }, { returnAll: true, limit: 0, pagingDocumented: true, read: CALLS }), item.callId));
			} catch (error) {
				statuses.set(callKey(item.callId), { error: (error as Error).message });
			}
		}
	}
	return statuses;
}

/** Every input item's output (see above). */
export function outputItems(record: WaitRecord, known: Ends, statuses: Map<string, LastStatus>): INodeExecutionData[] {
	return record.items.map((item) => {
		if (!isCallItem(item)) return { json: item.output, pairedItem: { item: item.item } };
		const key = callKey(item.callId);
		const context = item.context ? { context: item.context } : {};
		const end = known.ends.get(key);
		if (end) {
			const json = { ...item.call, ...end.fields, id: item.call.id ?? item.callId, event: end.event, outcome: outcomeOf(end.event, end.fields, known.voicemail.has(key)), timedOut: false, ...context };
			return { json, pairedItem: { item: item.item } };
		}
		const listed = statuses.get(key);
		const last = listed && !('error' in listed) ? { status: listed.status, ...(listed.duration !== undefined ? { duration: listed.duration } : {}) } : { statusError: listed?.error ?? 'not read' };
		// Its end never reached the wait (an end delivered while the node was still placing the run's calls gets
		// n8n's 409, and Talkover may give up), yet Talkover lists it as ended: its outcome from that status.
		if ('status' in last && hasEnded(last.status)) {
			return { json: { ...item.call, ...last, outcome: outcomeOfStatus(String(last.status)), timedOut: false, endedAsListed: true, ...context }, pairedItem: { item: item.item } };
		}
		return { json: { ...item.call, ...last, outcome: 'timedOut', timedOut: true, ...context }, pairedItem: { item: item.item } };
	});
}
