/**
 * The one reader of what Talkover delivers (nodes/shared/answers/delivery.ts), used by the Talkover Trigger, its
 * catch-up and Make / Add Call and Wait for Outcome: each documented body, as it arrives live and as its
 * delivery log shows it, is one row.
 */
import type { IDataObject } from 'n8n-workflow';

import { bodyKey, CAMPAIGN_CALL_ENDS, concernsACall, readCallEvent, readCampaignCallEvent, readDelivery, readLoggedDelivery, WAIT_EVENTS } from '../../../nodes/shared/answers';

const CALL = '0b5e7c3a-1111-4000-8000-000000000001';
const CAMPAIGN_CALL = '0b5e7c3a-2222-4000-8000-000000000002';
/** List Webhook Delivery Logs' `request_payload`: the one event body the pages show. */
const LOGGED = { call_id: 'call-uuid', duration: 45 };
/** Test Webhook's payload. */
const TEST_PAYLOAD = {
	event: 'webhook.test',
	agent_id: '9fbef0b7-8d4e-4a08-9207-66c22155721d',
	agent_name: 'My Agent',
	webhook_id: '9fcafbf2-7593-44d6-8cd7-1b221beba62a',
	webhook_name: 'My Webhook',
	timestamp: '2025-09-03T23:19:51.000Z',
	test: true,
};

type Row = [string, unknown, { named?: string; subscribed?: string[] }, IDataObject];

describe('each documented body through the one reader', () => {
	test.each<Row>([
		['the log’s request_payload, named by its entry (List Webhook Delivery Logs)', LOGGED, { named: 'event_phone_call_ended' }, { event: 'event_phone_call_ended', eventFrom: 'log', callId: 'call-uuid' }],
		['the same body delivered live to a webhook on one event: that event', LOGGED, { subscribed: ['event_phone_call_ended'] }, { event: 'event_phone_call_ended', eventFrom: 'subscription', callId: 'call-uuid' }],
		['the same body delivered live to the wait’s webhook (four events): no event, the call', LOGGED, { subscribed: WAIT_EVENTS }, { callId: 'call-uuid' }],
		['the same body delivered live to a campaign wait’s webhook (its two ends): no event', LOGGED, { subscribed: CAMPAIGN_CALL_ENDS }, { callId: 'call-uuid' }],
		['the same body, nothing known of the webhook: no event', LOGGED, {}, { callId: 'call-uuid' }],
		['Test Webhook’s payload: webhook.test, no call', TEST_PAYLOAD, { subscribed: ['event_phone_call_ended'] }, { event: 'webhook.test', eventFrom: 'body' }],
		['a body naming its event (event) and the call (call_id)', { event: 'event_phone_call_ended', call_id: CALL }, {}, { event: 'event_phone_call_ended', eventFrom: 'body', callId: CALL }],
		['event_type, the other name', { event_type: 'event_phone_call_started', call_id: CALL }, {}, { event: 'event_phone_call_started', eventFrom: 'body', callId: CALL }],
		['the body’s own name over its log entry’s', { event: 'event_voicemail_detected', call_id: CALL }, { named: 'event_phone_call_ended' }, { event: 'event_voicemail_detected', eventFrom: 'body', callId: CALL }],
		['call.id (Create Webhook’s payload templates: {{call.id}})', { event: 'event_phone_call_ended', call: { id: CALL } }, {}, { event: 'event_phone_call_ended', eventFrom: 'body', callId: CALL }],
		['data.call_id', { event: 'event_phone_call_ended', data: { call_id: CALL } }, {}, { event: 'event_phone_call_ended', eventFrom: 'body', callId: CALL }],
		['data.call.id', { event: 'event_phone_call_ended', data: { call: { id: CALL } } }, {}, { event: 'event_phone_call_ended', eventFrom: 'body', callId: CALL }],
		['the same call twice, in either case', { event: 'event_phone_call_ended', call_id: CALL, call: { id: CALL.toUpperCase() } }, {}, { event: 'event_phone_call_ended', eventFrom: 'body', callId: CALL }],
		['a number as the ID', { event: 'event_phone_call_ended', call_id: 42 }, {}, { event: 'event_phone_call_ended', eventFrom: 'body', callId: '42' }],
		['a campaign call (campaign_call.id) and the call placed for it', { event: 'campaign_call.completed', campaign_call: { id: CAMPAIGN_CALL }, call_id: CALL }, {}, { event: 'campaign_call.completed', eventFrom: 'body', callId: CALL, campaignCallId: CAMPAIGN_CALL }],
		['campaign_call_id, under data too', { event: 'event_call_transcript', campaign_call_id: CAMPAIGN_CALL, data: { campaign_call_id: CAMPAIGN_CALL } }, {}, { event: 'event_call_transcript', eventFrom: 'body', campaignCallId: CAMPAIGN_CALL }],
		['a campaign event naming no call', { event: 'campaign.paused', campaign_id: 'c' }, {}, { event: 'campaign.paused', eventFrom: 'body' }],
	])('%s', (_what, body, options, expected) => {
		const read = readDelivery(body, options);
		expect(read).toEqual({ body, ...expected });
	});

	test.each<[string, unknown, string]>([
		['null', null, 'the event is not a JSON object'],
		['a list', [LOGGED], 'the event is not a JSON object'],
		['a text', 'event_phone_call_ended', 'the event is not a JSON object'],
		['two calls', { event: 'event_phone_call_ended', call_id: CALL, data: { call_id: 'another' } }, `the event_phone_call_ended event names two calls (${CALL}, another)`],
		['two campaign calls', { event: 'campaign_call.completed', campaign_call_id: CAMPAIGN_CALL, campaign_call: { id: 'another' } }, `the campaign_call.completed event names two campaign calls (${CAMPAIGN_CALL}, another)`],
		['two calls, no name', { call_id: CALL, call: { id: 'another' } }, `the delivered event names two calls (${CALL}, another)`],
	])('refused: %s', (_what, body, problem) => {
		expect(readDelivery(body)).toEqual({ problem });
	});

	test('a log entry: its request_payload with its event; a failed attempt shows no body', () => {
		expect(readLoggedDelivery({ id: 'log-uuid-1', event: 'event_phone_call_ended', status: 'success', request_payload: LOGGED })).toEqual({ body: LOGGED, event: 'event_phone_call_ended', eventFrom: 'log', callId: 'call-uuid' });
		expect(readLoggedDelivery({ id: 'log-uuid-2', event: 'event_phone_call_started', status: 'failed' })).toEqual({ problem: 'the event is not a JSON object' });
	});

	test('the wait’s readers are the one reader’s: the log’s body with its entry’s event is a call’s end; without a name it is no named event', () => {
		expect(readCallEvent(LOGGED, 'event_phone_call_ended')).toEqual({ event: 'event_phone_call_ended', callId: 'call-uuid', fields: LOGGED });
		expect(readCallEvent(LOGGED)).toEqual({ problem: 'the event has no name (event)' });
		expect(readCampaignCallEvent({ campaign_call_id: CAMPAIGN_CALL }, 'campaign_call.failed')).toEqual({ event: 'campaign_call.failed', campaignCallId: CAMPAIGN_CALL, fields: { campaign_call_id: CAMPAIGN_CALL } });
	});

	test('a delivery concerns one call when it names a call or a campaign call; the same body in any key order is the same body', () => {
		const of = (body: unknown) => concernsACall(readDelivery(body) as never);
		expect([of(LOGGED), of({ event: 'campaign_call.queued', campaign_call_id: CAMPAIGN_CALL }), of({ event: 'campaign.paused' })]).toEqual([true, true, false]);
		expect(bodyKey({ duration: 45, call_id: 'call-uuid' })).toBe(bodyKey(LOGGED));
		expect(bodyKey({ call_id: 'call-uuid', duration: 46 })).not.toBe(bodyKey(LOGGED));
	});
});
