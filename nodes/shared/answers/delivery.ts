/**
 * The one reader of what Talkover delivers to a webhook, and of a delivery as its log shows it (the Talkover
 * Trigger, its catch-up, and Make / Add Call and Wait for Outcome all read deliveries through it). The bodies
 * the pages document:
 * - a log entry's `request_payload` (List Webhook Delivery Logs: `{"call_id": "call-uuid", "duration": 45}`),
 *   which names no event: the entry does (`event`), given here as `named`;
 * - Test Webhook's payload, `{"event": "webhook.test", …, "test": true}`: a delivery names its event in `event`
 *   (`event_type` too, the other name the trigger meets); a test delivery says `test: true` (isTestDelivery);
 * - Create Webhook's payload templates, which name the call `{{call.id}}`: the call's ID is read as `call_id`,
 *   `call.id`, and the same under `data`; a campaign call's (Make Campaign Call: its `id` "correlate[s] with
 *   webhook events") as `campaign_call_id`, `campaign_call.id`, and under `data`.
 * A live delivery in the log's body (no `event`) carries nothing else that names its event: no page documents
 * a header that does, and the custom headers are the same on every delivery of a webhook. Its event is then
 * the webhook's one subscribed event (`subscribed`), when it subscribes to exactly one; otherwise it is not
 * known (`event` undefined), and the caller decides (the trigger: `unknown`; the wait: Talkover's own account
 * of the call, its log and its listed status).
 */
import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../transport';

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

/** The keys of some calls (callKey), to tell them apart from others. */
export function callKeys(ids: Iterable<string>): Set<string> {
	return new Set([...ids].map(callKey));
}

/** The event's name the body gives itself (`event`, else `event_type`), or undefined. */
export function eventName(body: IDataObject): string | undefined {
	return [body.event, body.event_type].find((e): e is string => typeof e === 'string' && e !== '');
}

/** The event Talkover's Test button on an agent webhook sends (Test Webhook). */
export const TEST_EVENT = 'webhook.test';

/**
 * Whether a delivery is one of Talkover's test deliveries, as the pages say: Test Webhook's payload names the
 * event `webhook.test`, and "test payloads include the `test: true` field"; Test Campaign Webhook "fires one
 * synthetic event matching the webhook's subscribed events" (a real event's name, with `test: true`).
 */
export function isTestDelivery(body: IDataObject): boolean {
	return eventName(body) === TEST_EVENT || body.test === true;
}

/** Where a delivery's event name came from. */
export type EventSource = 'body' | 'log' | 'subscription';

export interface Delivery {
	/** The body as Talkover sent it. */
	body: IDataObject;
	/** The event's name; undefined when neither the body, nor its log entry, nor the webhook's one subscribed event names it. */
	event?: string;
	eventFrom?: EventSource;
	/** The call Talkover placed that the body names, if it names one. */
	callId?: string;
	/** The campaign call the body names, if it names one. */
	campaignCallId?: string;
}

/** The one ID the values give (undefined when none), or the IDs when two differ. */
function oneId(values: unknown[]): { id?: string } | { twice: string[] } {
	const ids = values.map(idText).filter((id): id is string => id !== undefined);
	// Each ID as first written (the same ID in either case is one).
	const first = new Map<string, string>();
	for (const id of ids) if (!first.has(callKey(id))) first.set(callKey(id), id);
	const distinct = [...first.values()];
	return distinct.length > 1 ? { twice: distinct } : { id: distinct[0] };
}

/**
 * A delivery's body (or a log entry's `request_payload`, with the entry's `event` as `named`), read as the
 * pages document it; `subscribed`: the events the webhook that delivered it subscribes to. A problem: no
 * JSON object, or two different IDs of one kind (no call's event).
 */
export function readDelivery(value: unknown, { named, subscribed }: { named?: string; subscribed?: readonly unknown[] } = {}): Delivery | { problem: string } {
	const body = asObject(value);
	if (!body) return { problem: 'the event is not a JSON object' };
	const own = eventName(body);
	const logged = typeof named === 'string' && named !== '' ? named : undefined;
	const only = subscribed?.filter((e): e is string => typeof e === 'string' && e !== '');
	const [event, eventFrom]: [string | undefined, EventSource | undefined] =
		own !== undefined ? [own, 'body'] : logged !== undefined ? [logged, 'log'] : only?.length === 1 ? [only[0], 'subscription'] : [undefined, undefined];
	const data = asObject(body.data);
	const call = oneId([body.call_id, asObject(body.call)?.id, data?.call_id, asObject(data?.call)?.id]);
	const campaignCall = oneId([body.campaign_call_id, asObject(body.campaign_call)?.id, data?.campaign_call_id, asObject(data?.campaign_call)?.id]);
	const what = event ?? 'delivered';
	if ('twice' in campaignCall) return { problem: `the ${what} event names two campaign calls (${campaignCall.twice.join(', ')})` };
	if ('twice' in call) return { problem: `the ${what} event names two calls (${call.twice.join(', ')})` };
	return {
		body,
		...(event !== undefined ? { event, eventFrom } : {}),
		...(call.id !== undefined ? { callId: call.id } : {}),
		...(campaignCall.id !== undefined ? { campaignCallId: campaignCall.id } : {}),
	};
}

/** A delivery log entry's delivery: its `request_payload` with the entry's `event` (a failed attempt's shows no body: a problem). */
export function readLoggedDelivery(entry: IDataObject): Delivery | { problem: string } {
	return readDelivery(entry.request_payload, { named: typeof entry.event === 'string' ? entry.event : undefined });
}

/** Whether a delivery log entry is a test delivery's: its event `webhook.test`, or its `request_payload` (when shown) a test delivery. */
export function isLoggedTest(entry: IDataObject): boolean {
	const payload = asObject(entry.request_payload);
	return entry.event === TEST_EVENT || (payload !== undefined && isTestDelivery(payload));
}

/** A body as text with every object's keys sorted: the same body (keys in any order) gives the same text. */
export function bodyKey(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(bodyKey).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const object = value as IDataObject;
		return `{${Object.keys(object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${bodyKey(object[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Whether the delivery concerns one call (it names a call or a campaign call): the same body again is the same event, however long after. */
export function concernsACall(delivery: Delivery): boolean {
	return delivery.callId !== undefined || delivery.campaignCallId !== undefined;
}
