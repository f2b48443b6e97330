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

import { asObject } from '../transport';
import { callKey, idText, namedEvent } from './callEvent';

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

/** The one ID the values give (undefined when none), or a problem when two differ. */
function oneId(values: unknown[]): { id?: string } | { twice: string[] } {
	const ids = values.map(idText).filter((id): id is string => id !== undefined);
	const distinct = [...new Map(ids.map((id) => [callKey(id), id])).values()];
	return distinct.length > 1 ? { twice: distinct } : { id: distinct[0] };
}

/** The event of `value` (a delivery, or a log entry's body with the entry's `event` as `named`), or a problem. */
export function readCampaignCallEvent(value: unknown, named?: string): CampaignCallEvent | { problem: string } {
	const read = namedEvent(value, named);
	if ('problem' in read) return read;
	const { body, event } = read;
	const data = asObject(body.data);
	const campaignCall = oneId([body.campaign_call_id, asObject(body.campaign_call)?.id, data?.campaign_call_id, asObject(data?.campaign_call)?.id]);
	const call = oneId([body.call_id, asObject(body.call)?.id, data?.call_id, asObject(data?.call)?.id]);
	if ('twice' in campaignCall) return { problem: `the ${event} event names two campaign calls (${campaignCall.twice.join(', ')})` };
	if ('twice' in call) return { problem: `the ${event} event names two calls (${call.twice.join(', ')})` };
	if (campaignCall.id === undefined && call.id === undefined) return { problem: `the ${event} event names no call (campaign_call_id or call_id)` };
	return { event, ...(campaignCall.id !== undefined ? { campaignCallId: campaignCall.id } : {}), ...(call.id !== undefined ? { callId: call.id } : {}), fields: body };
}
