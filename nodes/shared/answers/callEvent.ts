/**
 * A call event as Talkover delivers it to a webhook (or as its delivery log shows it), read for Make and
 * Wait for Outcome's decisions: its name (`event`, or `event_type`, the two
 * names the trigger meets) and its call's ID. The only page that shows an event's body (List Webhook
 * Delivery Logs' `request_payload`) gives `call_id` at its top; Create Webhook's payload templates name the
 * call `{{call.id}}`: both are read, and under `data`. Two IDs that differ, or none, is no call's event.
 */
import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../transport';

/** The events the wait registers for: the two that end a call, and the two that say a voicemail answered. */
export const ENDED = 'event_phone_call_ended';
export const DID_NOT_CONNECT = 'event_phone_call_did_not_connect';
export const VOICEMAIL_EVENTS = ['event_voicemail_detected', 'event_voicemail_message_left'];
export const WAIT_EVENTS = [ENDED, DID_NOT_CONNECT, ...VOICEMAIL_EVENTS];

/** A call's end, as opposed to a voicemail event of a call still going on. */
export function endsTheCall(event: string): boolean {
	return event === ENDED || event === DID_NOT_CONNECT;
}

export interface CallEvent {
	event: string;
	callId: string;
	/** The event's fields as Talkover sent them. */
	fields: IDataObject;
}

/** An ID as an event may write it: a text or a number (undefined otherwise). */
export function idText(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Talkover's IDs as it may write them back: a UUID in either case. */
export function callKey(id: string): string {
	return id.toLowerCase();
}

/** The event's name, or undefined. */
export function eventName(body: IDataObject): string | undefined {
	return [body.event, body.event_type].find((e): e is string => typeof e === 'string' && e !== '');
}

/** A delivery's body and its event's name (`named`: a log entry's `event`), or why it is no event. */
export function namedEvent(value: unknown, named?: string): { body: IDataObject; event: string } | { problem: string } {
	const body = asObject(value);
	if (!body) return { problem: 'the event is not a JSON object' };
	const event = eventName(body) ?? named;
	return event ? { body, event } : { problem: 'the event has no name (event)' };
}

/**
 * The event of `body` (a delivery, or a log entry's `request_payload` with the entry's `event` as
 * `named`), or a problem: no name, no call ID, or IDs that disagree.
 */
export function readCallEvent(value: unknown, named?: string): CallEvent | { problem: string } {
	const read = namedEvent(value, named);
	if ('problem' in read) return read;
	const { body, event } = read;
	const data = asObject(body.data);
	const ids = [body.call_id, asObject(body.call)?.id, data?.call_id, asObject(data?.call)?.id].map(idText).filter((id): id is string => id !== undefined);
	if (ids.length === 0) return { problem: `the ${event} event names no call (call_id)` };
	if (new Set(ids.map(callKey)).size > 1) return { problem: `the ${event} event names two calls (${[...new Set(ids)].join(', ')})` };
	return { event, callId: ids[0], fields: body };
}

/** The event a delivery log entry shows (its `event`, its `request_payload`), or a problem (a failed attempt shows no body). */
export function readLoggedEvent(entry: IDataObject): CallEvent | { problem: string } {
	return readCallEvent(entry.request_payload, typeof entry.event === 'string' ? entry.event : undefined);
}
