/**
 * A call event as Talkover delivers it to a webhook (or as its delivery log shows it), read for Make and
 * Wait for Outcome's decisions through the one reader of deliveries (delivery.ts): its name and its call's
 * ID. Two IDs that differ, or none, is no call's event.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Delivery } from './delivery';
import { readDelivery } from './delivery';

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

/** The event of a delivery, or of a log entry's body (`named`: the entry's `event`), or why it is none (shared/answers/delivery.ts). */
export function namedEvent(value: unknown, named?: string, subscribed?: readonly unknown[]): (Delivery & { event: string }) | { problem: string } {
	const read = readDelivery(value, { named, subscribed });
	if ('problem' in read) return read;
	return read.event !== undefined ? (read as Delivery & { event: string }) : { problem: 'the event has no name (event)' };
}

/**
 * The event of `body` (a delivery, or a log entry's `request_payload` with the entry's `event` as
 * `named`), or a problem: no name, no call ID, or IDs that disagree.
 */
export function readCallEvent(value: unknown, named?: string, subscribed?: readonly unknown[]): CallEvent | { problem: string } {
	const read = namedEvent(value, named, subscribed);
	if ('problem' in read) return read;
	if (read.callId === undefined) return { problem: `the ${read.event} event names no call (call_id)` };
	return { event: read.event, callId: read.callId, fields: read.body };
}
