/**
 * What Talkover has said of a wait's calls: the events of the wait's webhooks (their delivery logs, and the
 * delivery in hand), each matched to the item whose call it names. A Make and Wait for Outcome call is named
 * by its call ID; a campaign call by its campaign call ID, or by the call Talkover placed for it once one of
 * its campaign call events has named both (a transcript, a report or a recording names only that call).
 * An event that names no call of the wait is not the wait's.
 */
import type { IDataObject, IWebhookFunctions, NodeApiError } from 'n8n-workflow';

import { bodyKey, CAMPAIGN_CALL_ENDS, callKey, DID_NOT_CONNECT, ENDED, readTalkoverTime, endsTheCall, readCallEvent, readCampaignCallEvent, VOICEMAIL_EVENTS } from '../../shared/answers';
import { clock } from '../../shared/transport';
import { currentRecord, placesNextCalls } from './current';
import { mayChange, readWaitLog } from './logReads';
import { nextCallsHere, nextCallsIn } from './nextCalls';
import { outcomeOf, saysHowItEnded } from './outcome';
import { CLOCK_SKEW_MS } from './signals';
import type { CallItem, WaitRecord } from './record';
import { isCallItem } from './record';

/** An event of a wait's webhook: its name, the calls it names, its fields as Talkover sent them. */
export interface WaitEvent {
	event: string;
	campaignCallId?: string;
	callId?: string;
	fields: IDataObject;
	/** When Talkover delivered it, by Talkover's clock (its log entry's `created_at`; the delivery in hand: after them all, Infinity), when known. */
	at?: number;
}

/**
 * A call's last status as Talkover lists it, or why it could not be read. `attempt`: the status of a call its
 * agent placed for a campaign call (openapi.json's Campaign lists no calls): one attempt's, which never says the
 * campaign call is over (the campaign may dial again).
 */
export type LastStatus = { status?: string; duration?: unknown; attempt?: true } | { error: string };

/** What is known, by item (the key of its call's ID). */
export interface Known {
	/** The event that ended the call. */
	ends: Map<string, WaitEvent>;
	/** The calls a voicemail event answered. */
	voicemail: Set<string>;
	/** The per-call events picked that came, by event name, with the call each names (a campaign tries a number again: one attempt's transcript is not another's). */
	picked: Map<string, Map<string, Array<{ callId?: string; at?: number; fields: IDataObject }>>>;
	/** The calls Talkover placed for campaign calls (their key → the campaign call's key). */
	links: Map<string, string>;
	/** Calls whose end the log cannot show that Talkover lists as ended (finish.ts readListedEnds). */
	listed: Map<string, LastStatus>;
	/** The log holds an end whose body it does not show (Get Campaign Webhook Logs' example has none). */
	endsWithoutBody: boolean;
	/**
	 * Calls ended by an `ended` event whose body does not say how (the log's example body), while a `did_not_connect`
	 * whose body the log does not show (a send that failed, or one still being sent) was made since the call was placed:
	 * it may be this call's (Talkover sends it again later). Their listed status says how they ended (finish.ts readDoubtfulEnds).
	 */
	doubtful: Set<string>;
}

export function nothingKnown(): Known {
	return { ends: new Map(), voicemail: new Set(), picked: new Map(), links: new Map(), listed: new Map(), endsWithoutBody: false, doubtful: new Set() };
}

/** The item's key: its call's ID as Talkover may write it back (either case). */
export const itemKey = (item: CallItem) => callKey(item.callId);

/** A delivery (or a log entry's body, with the entry's `event` as `named`) as the wait's kind reads it. */
export function readWaitEvent(record: WaitRecord, value: unknown, named?: string): WaitEvent | { problem: string } {
	return record.kind === 'campaign' ? readCampaignCallEvent(value, named) : readCallEvent(value, named);
}

/** Whether the event ends its call: the call's end (Make), or the campaign call's (Add Call; a retry scheduled does not). */
export function endsCall(record: WaitRecord, event: string): boolean {
	return record.kind === 'campaign' ? CAMPAIGN_CALL_ENDS.includes(event) : endsTheCall(event);
}

/** The item whose call the event names itself (its call ID, or a campaign call's ID), or undefined. */
export function namedItem(record: WaitRecord, event: WaitEvent): CallItem | undefined {
	const keys = [event.campaignCallId, event.callId].filter((id): id is string => id !== undefined).map(callKey);
	return record.items.find((item): item is CallItem => isCallItem(item) && keys.includes(itemKey(item)));
}

/** Whether any item of the wait picked per-call events (a campaign wait's transcript, report, recording). */
export function picksEvents(record: WaitRecord): boolean {
	return record.items.some((item) => isCallItem(item) && (item.events?.length ?? 0) > 0);
}

/** Adds events to what is known: campaign call events first (they link the calls Talkover placed), then the rest. */
export function learn(record: WaitRecord, known: Known, events: WaitEvent[]): void {
	const campaignCalls = events.filter((e) => e.event.startsWith('campaign_call.'));
	for (const event of [...campaignCalls, ...events.filter((e) => !campaignCalls.includes(e))]) {
		const named = namedItem(record, event);
		const linked = named ?? (event.callId !== undefined ? itemByKey(record, known.links.get(callKey(event.callId))) : undefined);
		if (!linked) continue;
		const key = itemKey(linked);
		if (named && event.callId !== undefined && event.event.startsWith('campaign_call.')) known.links.set(callKey(event.callId), key);
		if (endsCall(record, event.event)) {
			if (!known.ends.has(key)) known.ends.set(key, event);
		} else if (VOICEMAIL_EVENTS.includes(event.event)) known.voicemail.add(key);
		else if (linked.events?.includes(event.event)) {
			const picked = known.picked.get(key) ?? new Map<string, Array<{ callId?: string; at?: number; fields: IDataObject }>>();
			picked.set(event.event, [...(picked.get(event.event) ?? []), { ...(event.callId !== undefined ? { callId: event.callId } : {}), ...(event.at !== undefined ? { at: event.at } : {}), fields: event.fields }]);
			known.picked.set(key, picked);
		}
	}
}

function itemByKey(record: WaitRecord, key: string | undefined): CallItem | undefined {
	return key === undefined ? undefined : record.items.find((item): item is CallItem => isCallItem(item) && itemKey(item) === key);
}

/** The wait as Talkover's logs say it now (readCurrent). */
export interface Current {
	/** The record as of each item's newest call (current.ts). */
	record: WaitRecord;
	known: Known;
	/** What the log says of earlier sends of the delivery in hand, when one is given. */
	inHand?: EarlierSends;
}

/**
 * Earlier sends of a delivery, as the log shows them. `answered`: a `success` entry with its body (an answer of the
 * wait reached Talkover: it said what the wait did). `unanswered`: the `failed` entries with no HTTP status (the
 * connection failed or timed out: no answer reached Talkover, and the webhook may have acted), of its event (any event
 * for a body that names none: a failed entry shows no body), with when they were made. An entry with a status is an
 * answer (the wait's 503 "send it again", n8n's 404) given before anything was done. An entry still `pending` may be
 * this very delivery, and says nothing.
 */
export interface EarlierSends {
	answered: boolean;
	unanswered: Array<{ at?: number }>;
}

/**
 * The earlier sends of an end in hand that count for its call (ringing since `since`, by Talkover's clock):
 * `answered`, an answer of the wait to it is in the log; `first`, no send of it since the call rang went unanswered;
 * `sentAt`, when the first unanswered one was made (when every one says it).
 */
export interface EndSends {
	answered: boolean;
	first: boolean;
	sentAt?: number;
}

export function endSends(earlier: EarlierSends, since: number): EndSends {
	const lost = earlier.unanswered.filter((entry) => entry.at === undefined || entry.at >= since);
	const times = lost.map((entry) => entry.at).filter((at): at is number => at !== undefined);
	return { answered: earlier.answered, first: lost.length === 0, ...(times.length === lost.length && times.length > 0 ? { sentAt: Math.min(...times) } : {}) };
}

/**
 * The events of the wait's webhooks, from their delivery logs (the whole log: the webhooks are the wait's own,
 * made when it started; only what it added since this process last read it is read again, logReads.ts), and the
 * delivery in hand (`inHand`: an event, or a body that names none, `nameless`). An entry whose body cannot be read (a failed
 * attempt shows none) tells nothing. Each event's time is when Talkover first sent it (firstSent): a redelivery of
 * an earlier attempt's event is as old as that event, whenever it arrives. The wait's answers in the log say the
 * next calls it placed (nextCalls.ts): the events are read against the record as of each item's newest call; an
 * end of a call whose next one the wait may place, in an entry not settled yet, is not taken (its answer, which says
 * what was placed, is not there yet).
 */
export async function readCurrent(ctx: IWebhookFunctions, saved: WaitRecord, inHand?: WaitEvent | { nameless: IDataObject }): Promise<Current> {
	const events: WaitEvent[] = [];
	const logged: IDataObject[] = [];
	let endsWithoutBody = false;
	for (const webhook of saved.webhooks) {
		let entries: IDataObject[];
		try {
			entries = await readWaitLog(ctx, saved, webhook, clock.now());
		} catch (error) {
			// The webhook is gone (deleted in Talkover): its log with it; what else is known still counts.
			if (Number((error as { httpCode?: unknown }).httpCode) === 404) continue;
			throw error as NodeApiError;
		}
		logged.push(...entries);
	}
	const record = placesNextCalls(saved) ? currentRecord(saved, [...nextCallsIn(logged), ...(await nextCallsHere(saved.secretHash, clock.now()))]) : saved;
	const sent = firstSent(logged);
	for (const entry of logged) {
		const named = typeof entry.event === 'string' ? entry.event : undefined;
		const event = readWaitEvent(record, entry.request_payload, named);
		if (!('problem' in event)) {
			if (mayChange(entry) && endsCall(record, event.event) && namedItem(record, event)?.callAgain?.resend !== undefined) continue;
			events.push({ ...event, ...sent.entry(entry) });
		}
		// Delivered (an attempt still in flight or failed is sent again, with its body) without its body in the log.
		else if (named !== undefined && endsCall(record, named) && entry.status === 'success' && entry.request_payload === undefined) endsWithoutBody = true;
	}
	// The delivery in hand came after every entry the log holds now (its own body is not there yet), unless it
	// is Talkover sending an earlier event again.
	if (inHand && 'event' in inHand) events.push({ ...inHand, at: sent.inHand(inHand) });
	const known = nothingKnown();
	known.endsWithoutBody = endsWithoutBody;
	learn(record, known, events);
	doubt(record, known, logged, sent);
	return { record, known, ...(inHand ? { inHand: earlierSends(logged, sent, 'event' in inHand ? inHand : { fields: inHand.nameless }) } : {}) };
}

/** Marks the calls whose end does not say how it ended while an unseen `did_not_connect` may be theirs (Known.doubtful). */
function doubt(record: WaitRecord, known: Known, logged: IDataObject[], sent: FirstSent): void {
	const unseen = logged.filter((entry) => entry.event === DID_NOT_CONNECT && !sent.showsBody(entry)).map((entry) => sent.madeAt(entry));
	if (unseen.length === 0) return;
	for (const item of record.items) {
		if (!isCallItem(item)) continue;
		const end = known.ends.get(itemKey(item));
		if (!end || end.event !== ENDED || saysHowItEnded(end.fields)) continue;
		const placed = (item.callAgain?.ringsAt ?? item.placedAt ?? Number.NEGATIVE_INFINITY) - CLOCK_SKEW_MS;
		if (unseen.some((at) => at === undefined || at >= placed)) known.doubtful.add(itemKey(item));
	}
}

/** What the log says of earlier sends of a delivery (`event`: its event, when its body names one): see EarlierSends. */
function earlierSends(logged: IDataObject[], sent: FirstSent, delivery: { event?: string; fields: IDataObject }): EarlierSends {
	const answered = sent.sameBody(delivery.fields).some((entry) => entry.status === 'success');
	const noStatus = (entry: IDataObject) => entry.http_status === undefined || entry.http_status === null || entry.http_status === 0;
	const unanswered = logged
		.filter((entry) => entry.status === 'failed' && noStatus(entry) && (delivery.event === undefined || entry.event === delivery.event))
		.map((entry) => deliveredAt(entry));
	return { answered, unanswered };
}

/** An entry's attempt (1 when it gives none): each retry is logged as a new entry with the attempt counted on. */
function attemptOf(entry: IDataObject): number {
	const attempt = Number(entry.attempt);
	return Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}

/**
 * When Talkover first sent the event of a log entry or of the delivery in hand, by Talkover's clock. A retry
 * (Talkover's own, or Retry Webhook Delivery) sends the logged body again as a new entry with the attempt
 * counted on, so an event's time is that of the earliest entry with the same body; an entry of a later
 * attempt whose first attempt shows no body (a failed one shows none) was first sent at the latest with the
 * newest first attempt of its event logged at or before it. The delivery in hand: the time of a logged body it
 * repeats; while an attempt after the first of its event is in flight (its body not shown yet), it may be that
 * one (the earliest it may be is taken: an earlier attempt's event never counts as later); else after them all.
 */
interface FirstSent {
	entry(entry: IDataObject): { at?: number };
	inHand(event: WaitEvent): number;
	/** The log's entries that show this body. */
	sameBody(fields: IDataObject): IDataObject[];
	/** Whether the log shows the entry's body (a failed attempt, or one still being sent, shows none). */
	showsBody(entry: IDataObject): boolean;
	/** When the entry was made, when it says so with a zone. */
	madeAt(entry: IDataObject): number | undefined;
}

function firstSent(entries: IDataObject[]): FirstSent {
	// Each entry's body (as text: keys in any order) and time, worked out once: a busy agent's log is long.
	const shows = (e: IDataObject) => e.request_payload !== undefined && e.request_payload !== null;
	const keys = new Map(entries.map((e) => [e, shows(e) ? bodyKey(e.request_payload) : undefined]));
	const times = new Map(entries.map((e) => [e, deliveredAt(e).at]));
	const byBody = new Map<string, IDataObject[]>();
	for (const [e, key] of keys) {
		if (key === undefined) continue;
		const list = byBody.get(key);
		if (list) list.push(e);
		else byBody.set(key, [e]);
	}
	const firsts = new Map<unknown, number[]>();
	for (const e of entries) {
		const at = times.get(e);
		if (attemptOf(e) !== 1 || at === undefined) continue;
		const list = firsts.get(e.event);
		if (list) list.push(at);
		else firsts.set(e.event, [at]);
	}
	// The newest first attempt of the entry's event logged at or before `at` (`at` when none is).
	const firstAttemptBy = (entry: IDataObject, at: number): number => {
		let newest: number | undefined;
		for (const t of firsts.get(entry.event) ?? []) if (t <= at && (newest === undefined || t > newest)) newest = t;
		return newest ?? at;
	};
	const timeOf = (entry: IDataObject): number | undefined => {
		const key = keys.get(entry);
		const same = key === undefined ? [entry] : (byBody.get(key) ?? [entry]);
		let earliest: { e: IDataObject; at: number } | undefined;
		for (const e of same) {
			const at = times.get(e);
			if (at !== undefined && (!earliest || at < earliest.at || (at === earliest.at && attemptOf(e) < attemptOf(earliest.e)))) earliest = { e, at };
		}
		if (!earliest) return undefined;
		return attemptOf(earliest.e) > 1 ? firstAttemptBy(earliest.e, earliest.at) : earliest.at;
	};
	const sent = new Map<IDataObject, number | undefined>();
	const timeOnce = (entry: IDataObject) => {
		if (!sent.has(entry)) sent.set(entry, timeOf(entry));
		return sent.get(entry);
	};
	return {
		entry: (entry) => {
			const at = timeOnce(entry);
			return at === undefined ? {} : { at };
		},
		inHand: (event) => {
			const repeated = (byBody.get(bodyKey(event.fields)) ?? []).map(timeOnce).filter((t): t is number => t !== undefined);
			if (repeated.length) return Math.min(...repeated);
			const retries = entries.filter((e) => e.event === event.event && attemptOf(e) > 1 && keys.get(e) === undefined && mayChange(e));
			const during = retries.flatMap((e) => {
				const at = times.get(e);
				return at === undefined ? [] : [firstAttemptBy(e, at)];
			});
			return during.length ? Math.min(...during) : Number.POSITIVE_INFINITY;
		},
		sameBody: (fields) => byBody.get(bodyKey(fields)) ?? [],
		showsBody: shows,
		madeAt: (entry) => (times.has(entry) ? times.get(entry) : deliveredAt(entry).at),
	};
}

/** When a log entry was made, when it says so with a zone (undefined otherwise: nothing is guessed). */
function deliveredAt(entry: IDataObject): { at?: number } {
	try {
		return { at: readTalkoverTime(entry.created_at, 'created_at') };
	} catch {
		return {};
	}
}

/** The item's end's fields as the wait reads them: a doubtful end's listed status, once read, says how it ended (Known.doubtful). */
export function endFields(key: string, end: WaitEvent, known: Known): IDataObject {
	const asListed = known.doubtful.has(key) ? known.listed.get(key) : undefined;
	return asListed && 'status' in asListed ? { ...end.fields, status: asListed.status } : end.fields;
}

/** Whether Talkover has said the item's call is over (its end event, or its listed status for a call placed earlier). */
export function hasEndedCall(item: CallItem, known: Known): boolean {
	return known.ends.has(itemKey(item)) || known.listed.has(itemKey(item));
}

/** The calls of the wait not known to have ended. */
export function stillOpen(record: WaitRecord, known: Known): number {
	return record.items.filter((item) => isCallItem(item) && !hasEndedCall(item, known)).length;
}

/**
 * The item's picked per-call events that came, by event name: those of the call its end names (a campaign may
 * have dialled the number before: that attempt's transcript is not this one's), or that name no call. With an
 * end that names no call, one delivered at or after the end (an earlier attempt's came before it); when the
 * times are not known, none (an attempt cannot be told from another).
 */
export function pickedOf(item: CallItem, known: Known): Map<string, IDataObject> {
	const end = known.ends.get(itemKey(item));
	const attempt = end?.callId;
	const chosen = new Map<string, IDataObject>();
	for (const [event, came] of known.picked.get(itemKey(item)) ?? []) {
		const mine =
			attempt !== undefined
				? (came.find((c) => c.callId !== undefined && callKey(c.callId) === callKey(attempt)) ?? came.find((c) => c.callId === undefined))
				: came.find((c) => c.at !== undefined && end?.at !== undefined && c.at > end.at);
		if (mine) chosen.set(event, mine.fields);
	}
	return chosen;
}

/** The item's picked per-call events that have not come. */
export function missingEvents(item: CallItem, known: Known): string[] {
	const picked = pickedOf(item, known);
	return (item.events ?? []).filter((event) => !picked.has(event));
}

/** An ended call still waiting for a per-call event picked (not one that never connected: none comes for it). */
export function awaitsEvents(item: CallItem, known: Known): boolean {
	const end = known.ends.get(itemKey(item));
	return end !== undefined && outcomeOf(end.event, endFields(itemKey(item), end, known), known.voicemail.has(itemKey(item))) !== 'notReached' && missingEvents(item, known).length > 0;
}

/** The ended calls still waiting for a picked per-call event (awaitsEvents). */
export function awaitingEvents(record: WaitRecord, known: Known): number {
	return record.items.filter((item) => isCallItem(item) && awaitsEvents(item, known)).length;
}
