/**
 * One delivery to an event source's webhook (Agent or Campaign): the secret header checked, the body checked
 * (deliveryProblem), the event named (the body's, else the webhook's one event from its header), then one item, or
 * nothing for an ignored event or a redelivery.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { concernsACall, isTestDelivery, readDelivery, TEST_EVENT } from '../../shared/answers';
import { clock, kindOf } from '../../shared/transport';
import { deliveryCatchUpHours } from '../catchUp/field';
import { catchUpDelivery } from '../catchUp/label';
import { noteDelivery } from '../catchUp/record';
import { isRedelivery, REDELIVERY_WINDOW_MS } from '../deliveries';
import { DELIVERY_HEADER, EVENT_HEADER, refuseUnauthorized, secretMatches } from './common';
import type { EventKind } from './eventSource';
import { chosenEvents } from './eventSource';
import { isLegacy, recordedWebhooks } from './recordedWebhooks';

/**
 * Why a delivery's body is not one Talkover documents (undefined: it is): a JSON object (a plain object,
 * as n8n parses it), whose `event` (or, without it, `event_type`) is text when it is there.
 */
export function deliveryProblem(body: unknown): string | undefined {
	const plain = body !== null && typeof body === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(body));
	if (!plain) {
		return body === null || typeof body !== 'object' || Array.isArray(body) ? `the body is ${kindOf(body)}` : 'the body is not a JSON object';
	}
	const { event, event_type: eventType } = body as IDataObject;
	if (event !== undefined && event !== null && typeof event !== 'string') return `"event" is ${kindOf(event)}`;
	if ((event === undefined || event === null) && eventType !== undefined && eventType !== null && typeof eventType !== 'string') return `"event_type" is ${kindOf(eventType)}`;
	return undefined;
}

/** One delivery: the secret checked, the body checked, then one item (or nothing for an ignored event). */
export async function receive(ctx: IWebhookFunctions, kind: EventKind): Promise<IWebhookResponseData> {
	const data = ctx.getWorkflowStaticData('node');
	const headers = ctx.getHeaderData() as IDataObject;
	if (!secretMatches(headers[DELIVERY_HEADER.toLowerCase()], data.secret)) return refuseUnauthorized(ctx, 'deliveries');
	const body: unknown = ctx.getBodyData();
	const problem = deliveryProblem(body);
	if (problem) {
		// Talkover delivers one event as a JSON object: anything else is refused (400, which Talkover's
		// webhook logs show), never spread into an item (a text of a million characters, a million keys).
		const res = ctx.getResponseObject();
		res.status(400).json({ message: `Bad request: a Talkover delivery is a JSON object with the event name as text (${problem})` });
		return { noWebhookResponse: true };
	}
	// The one reader of deliveries: the event the body names, else (the log's body, `{"call_id", "duration"}`)
	// the one event of the webhook that delivered it (its event header, one of the node's webhooks' events;
	// 0.1.0's one webhook: the one chosen event), else unknown.
	const chosen = chosenEvents(ctx, kind);
	const recorded = recordedWebhooks(data);
	const header = headers[EVENT_HEADER.toLowerCase()];
	const ofWebhook = typeof header === 'string' && recorded.some((w) => w.event === header) ? header : undefined;
	const read = readDelivery(body, { subscribed: ofWebhook !== undefined ? [ofWebhook] : Array.isArray(chosen) ? chosen : undefined });
	const delivery = body as IDataObject;
	const event = ('event' in read ? read.event : undefined) ?? 'unknown';
	// A test delivery (Talkover's Test button: `webhook.test`, or a made-up event of the webhook's with `test: true`):
	// with Ignore Test Deliveries on it starts nothing; otherwise it runs at each press, never taken for an event
	// delivered before, an event the catch-up sends again, or one to remember (deliveries.ts, passOnce.ts).
	const test = isTestDelivery(delivery);
	const ignoreTest = ctx.getNodeParameter('options.ignoreTestEvents', false) as boolean;
	if (test && ignoreTest) return { webhookResponse: { received: true, ignored: event === TEST_EVENT ? TEST_EVENT : 'test' } };
	// Catching up starts from the last delivery received; a delivery it had sent again says so (caught_up).
	const hours = deliveryCatchUpHours(ctx);
	const catchingUp = hours > 0;
	if (catchingUp) noteDelivery(data);
	const { caughtUp, catchingUp: ofItsPlan } = catchingUp && !test && 'event' in read && read.event !== undefined ? catchUpDelivery(data, read.event) : { caughtUp: false, catchingUp: false };
	// With catching up on, deliveries are remembered as far back as it looks. A delivery of one call's event (it
	// names the call or the campaign call) is compared with all of them: the same body of the same call is the
	// same event, however it is named and however long after (an event received before n8n went down whose
	// later attempts failed starts nothing when the catch-up has it sent again). So is one of an event the
	// catch-up sends again, whichever delivery took the mark; any other within the hour (deliveries.ts).
	const keepMs = catchingUp ? Math.max(REDELIVERY_WINDOW_MS, hours * 60 * 60_000) : REDELIVERY_WINDOW_MS;
	const ofACall = !('problem' in read) && concernsACall(read);
	// With include_call_events Talkover may send per-call events that were not chosen (the page does not
	// say): a campaign delivery that names its event starts the workflow only for a chosen event. One that
	// names none (the log's body) may be a chosen one: it starts the workflow (an event is never dropped for a guess).
	const named = 'event' in read && read.event !== undefined;
	if (kind === 'campaign' && named && Array.isArray(chosen) && !test && !chosen.includes(event)) return { webhookResponse: { received: true, ignored: event } };
	// One delivery, one execution: Talkover's redelivery of the same event starts nothing (deliveries.ts).
	if (isRedelivery(data, delivery, clock.now(), { keepMs, windowMs: ofItsPlan || ofACall ? keepMs : REDELIVERY_WINDOW_MS, event: named ? event : undefined, bare: isLegacy(recorded) })) return { webhookResponse: { received: true, ignored: 'redelivery' } };
	// Neither token, nor the secret, nor a header value Talkover echoes reaches the item: the trigger's webhook()
	// masks every source's items (withItemsMasked).
	return { workflowData: [ctx.helpers.returnJsonArray({ ...delivery, event, ...(caughtUp ? { caught_up: true } : {}) })] };
}
