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
import { apiPath, getList } from '../../../shared/transport';
import { outcomeOf, outcomeOfStatus } from './outcome';
import type { WaitRecord } from './record';
import { isCallItem } from './record';

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
			entries = await getList.call(ctx, apiPath`/agents/${agentId}/webhooks/${webhookId}/logs`, {}, { returnAll: true, limit: 0, pagingDocumented: true, shortPageEnds: true, read: DELIVERY_LOG_ENTRIES });
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

/** The last status of each call without an end, as List Calls gives it (its agent, searched by its number). */
export async function lastStatuses(ctx: IWebhookFunctions, record: WaitRecord, known: Ends): Promise<Map<string, LastStatus>> {
	const statuses = new Map<string, LastStatus>();
	for (const item of record.items) {
		if (!isCallItem(item) || known.ends.has(callKey(item.callId))) continue;
		try {
			const calls = await getList.call(ctx, apiPath`/calls`, { agent_id: item.agentId, search: item.to }, { returnAll: true, limit: 0, pagingDocumented: true, read: CALLS });
			const listed = calls.map(readListedCallStatus).find((entry) => entry.id !== undefined && callKey(entry.id) === callKey(item.callId));
			statuses.set(callKey(item.callId), listed ? { status: listed.status, duration: listed.duration } : { error: `Talkover does not list the call ${item.callId}` });
		} catch (error) {
			statuses.set(callKey(item.callId), { error: (error as Error).message });
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
