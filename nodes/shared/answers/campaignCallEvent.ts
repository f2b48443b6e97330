/**
 * A campaign webhook's delivery (or its log entry's `request_payload`), read for Add Call and Wait for
 * Outcome's decisions: its name and the calls it names. The pages show no campaign event's body: Make
 * Campaign Call says the campaign call's `id` is what "correlate[s] with webhook events", and Get Campaign
 * lists the campaign's calls by that same ID. So an event may name the campaign call (`campaign_call_id`,
 * `campaign_call.id`, under `data` too) and the call Talkover placed for it (`call_id`, `call.id`, as the
 * agent's events do; per-call events such as a transcript name only that one). Two different IDs of one kind,
 * or none at all, is no call's event.
 */
import type { IDataObject } from 'n8n-workflow';

import { namedEvent } from './callEvent';

/** The two campaign call events that end the campaign call (`campaign_call.retry_scheduled` does not: it is tried again). */
export const CAMPAIGN_CALL_COMPLETED = 'campaign_call.completed';
export const CAMPAIGN_CALL_FAILED = 'campaign_call.failed';
export const CAMPAIGN_CALL_ENDS = [CAMPAIGN_CALL_COMPLETED, CAMPAIGN_CALL_FAILED];

/** The per-call events a campaign webhook delivers with `include_call_events` that a wait can pick, by what a builder calls them. */
export const PICKABLE_CALL_EVENTS: Record<string, string> = {
	transcript: 'event_call_transcript',
	report: 'event_call_report',
	recording: 'event_recording',
};

export interface CampaignCallEvent {
	event: string;
	/** The campaign call the event names, if it names one. */
	campaignCallId?: string;
	/** The call Talkover placed that the event names, if it names one. */
	callId?: string;
	/** The event's fields as Talkover sent them. */
	fields: IDataObject;
}

/** The event of `value` (a delivery, or a log entry's body with the entry's `event` as `named`), or a problem. */
export function readCampaignCallEvent(value: unknown, named?: string, subscribed?: readonly unknown[]): CampaignCallEvent | { problem: string } {
	const read = namedEvent(value, named, subscribed);
	if ('problem' in read) return read;
	const { body, event, campaignCallId, callId } = read;
	if (campaignCallId === undefined && callId === undefined) return { problem: `the ${event} event names no call (campaign_call_id or call_id)` };
	return { event, ...(campaignCallId !== undefined ? { campaignCallId } : {}), ...(callId !== undefined ? { callId } : {}), fields: body };
}
