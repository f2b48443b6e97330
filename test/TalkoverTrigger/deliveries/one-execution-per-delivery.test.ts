import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import * as trigger from '../../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { deliveryKey, isRedelivery, MAX_REMEMBERED, REDELIVERY_WINDOW_MS } from '../../../nodes/TalkoverTrigger/deliveries';
import { useTestClock } from '../../helpers/clock';

const clock = useTestClock();

/** The trigger's webhook function with one workflow static data object over all deliveries (as n8n keeps it). */
function triggerWith(staticData: IDataObject) {
	return (body: IDataObject) => {
		const context = {
			getWorkflowStaticData: () => staticData,
			getHeaderData: () => ({ 'x-n8n-talkover-secret': staticData.secret }),
			getBodyData: () => body,
			getCredentials: async () => ({ apiToken: 'talq_trigger_token', baseUrl: 'https://app.talkover.ai' }),
			getNodeParameter: (_name: string, fallback: unknown) => fallback,
			getResponseObject: () => ({}),
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		} as unknown as IWebhookFunctions;
		return new trigger.TalkoverTrigger().webhook.call(context);
	};
}

const ended = { event: 'event_phone_call_ended', call_id: 'c1', data: { to: '+15551234567', duration: 42 } };

describe('One delivery, one execution', () => {
	test('the same call ended event delivered three times starts one execution; the others are answered 200 and start nothing', async () => {
		const deliver = triggerWith({ webhookId: 'w1', secret: 's3cret-1' });
		const results = [await deliver(ended), await deliver({ ...ended }), await deliver(JSON.parse(JSON.stringify(ended)))];
		expect(results).toEqual([{ workflowData: [[{ json: ended }]] }, { webhookResponse: { received: true, ignored: 'redelivery' } }, { webhookResponse: { received: true, ignored: 'redelivery' } }]);
	});

	test('n8n 2.41: each request gets the static data as published (not what the last request saved): the process remembers too', async () => {
		const published = { webhookId: 'w9', secret: 'published-secret' };
		const fresh = () => triggerWith({ ...published })(ended);
		const results = [await fresh(), await fresh(), await fresh()];
		expect(results.map((r) => ('workflowData' in r ? 'run' : 'ignored'))).toEqual(['run', 'ignored', 'ignored']);
	});

	test('another event, another call ID or another body each start their own execution', async () => {
		const deliver = triggerWith({ webhookId: 'w1', secret: 's3cret' });
		const bodies = [{ ...ended, call_id: 'c-other' }, { ...ended, event: 'event_phone_call_started' }, { ...ended, call_id: 'c2' }, { ...ended, data: { to: '+15551234567', duration: 43 } }];
		for (const body of bodies) expect(await deliver(body)).toHaveProperty('workflowData');
	});

	test("Talkover's Test button (webhook.test) pressed twice runs twice", async () => {
		const deliver = triggerWith({ webhookId: 'w1', secret: 's3cret' });
		const test = { event: 'webhook.test', test: true, webhook_id: 'w1' };
		expect(await deliver(test)).toHaveProperty('workflowData');
		expect(await deliver(test)).toHaveProperty('workflowData');
	});

	test('key order does not make a redelivery new; the digest is short', () => {
		expect(deliveryKey({ b: 1, a: { y: 2, x: [1, { q: 1, p: 2 }] } })).toBe(deliveryKey({ a: { x: [1, { p: 2, q: 1 }], y: 2 }, b: 1 }));
		expect(deliveryKey(ended)).toHaveLength(16);
	});

	test('after the window the same body starts an execution again', () => {
		const data: IDataObject = {};
		expect(isRedelivery(data, ended)).toBe(false);
		clock().time += REDELIVERY_WINDOW_MS - 1;
		expect(isRedelivery(data, ended)).toBe(true);
		clock().time += 1;
		expect(isRedelivery(data, ended)).toBe(false);
	});

	test('bounded: at most MAX_REMEMBERED deliveries are kept, the oldest dropped first; expired ones are dropped', () => {
		const data: IDataObject = {};
		for (let i = 0; i <= MAX_REMEMBERED; i++) {
			isRedelivery(data, { event: 'e', call_id: `c${i}` });
			clock().time += 1;
		}
		expect(Object.keys(data.deliveries as IDataObject)).toHaveLength(MAX_REMEMBERED);
		expect(isRedelivery(data, { event: 'e', call_id: 'c0' })).toBe(false);
		expect(isRedelivery(data, { event: 'e', call_id: `c${MAX_REMEMBERED}` })).toBe(true);
		clock().time += REDELIVERY_WINDOW_MS;
		expect(isRedelivery(data, { event: 'e', call_id: 'new' })).toBe(false);
		expect(Object.keys(data.deliveries as IDataObject)).toHaveLength(1);
	});

	test('the static data gets a new object (n8n sees the change and saves it) and nothing else is touched', () => {
		const data: IDataObject = { webhookId: 'w1', secret: 's3cret-static' };
		isRedelivery(data, ended);
		const first = data.deliveries;
		isRedelivery(data, { ...ended, call_id: 'c2' });
		expect(data.deliveries).not.toBe(first);
		expect(Object.keys(data)).toEqual(['webhookId', 'secret', 'deliveries']);
	});

	test('a busy trigger: up to 1,000 events an hour are remembered (docs/guarantees.md: "the last 1,000 events per trigger (about 33 KB of static data)"), in about 33 bytes each of static data', () => {
		expect(MAX_REMEMBERED).toBe(1000);
		const promise = fs.readFileSync(path.resolve(__dirname, '../../../docs/guarantees.md'), 'utf8').replace(/\s+/g, ' ');
		expect(promise).toContain(`the last ${MAX_REMEMBERED.toLocaleString('en-US')} events per trigger (about 33 KB of static data)`);
		const data: IDataObject = { webhookId: 'w-busy', secret: 'busy-secret' };
		expect(isRedelivery(data, ended)).toBe(false);
		for (let i = 1; i < MAX_REMEMBERED; i++) {
			clock().time += 3_000;
			expect(isRedelivery(data, { ...ended, call_id: `other-${i}` })).toBe(false);
		}
		// 999 other events in the 50 minutes since: the redelivery of the first still starts nothing.
		expect(isRedelivery(data, ended)).toBe(true);
		// What n8n writes with the workflow after each event, at the bound: 33,001 bytes measured.
		expect(Buffer.byteLength(JSON.stringify(data.deliveries))).toBeLessThanOrEqual(33 * MAX_REMEMBERED + 1);
		// One more event: the oldest (the first) is forgotten, as docs/guarantees.md says.
		clock().time += 3_000;
		expect(isRedelivery(data, { ...ended, call_id: 'one-more' })).toBe(false);
		expect(isRedelivery(data, ended)).toBe(false);
	});
});
