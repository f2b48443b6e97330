/**
 * Webhook Delivery → Retry: Talkover sends a logged delivery again, to the webhook's address as it is now;
 * never sent twice by the node, and Talkover's refusal said in words.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';

import { runTalkover } from '../../helpers/n8n';
import { byId, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { addWebhook, AGENT_WEBHOOK, CAMPAIGN_WEBHOOK } from '../../helpers/deliveryWebhooks';

const { sandbox, credentials } = useSandbox();

const retry = (deliveryId: string, extra = {}) => ({ resource: 'webhookDelivery', operation: 'retry', webhookOf: 'agent', agentId: byId(SUPPORT_AGENT), webhookId: byId(AGENT_WEBHOOK), deliveryId, ...extra });
const retryPath = (logId: string) => `/api/v1/agents/${SUPPORT_AGENT}/webhooks/${AGENT_WEBHOOK}/logs/${logId}/retry`;

/** A target that answers 200 and keeps what it received. */
const received: unknown[] = [];
const target = createServer((req, res) => {
	let body = '';
	req.on('data', (chunk: Buffer) => (body += chunk.toString()));
	req.on('end', () => {
		received.push(JSON.parse(body));
		res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
	});
});
beforeAll(async () => await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve)));
afterAll(async () => await new Promise((resolve) => target.close(resolve)));
const targetUrl = () => `http://127.0.0.1:${(target.address() as AddressInfo).port}/webhook/leads`;

beforeEach(() => {
	received.length = 0;
	addWebhook(sandbox(), { agent_id: SUPPORT_AGENT }, AGENT_WEBHOOK, targetUrl());
	addWebhook(sandbox(), { campaign_id: ACTIVE_CAMPAIGN }, CAMPAIGN_WEBHOOK, targetUrl());
});

describe('Webhook Delivery → Retry', () => {
	test('a failed delivery is queued again once: the item is the new attempt; Talkover delivers the same event to the webhook', async () => {
		const failed = sandbox().logDelivery(AGENT_WEBHOOK, { event: 'event_phone_call_ended', call_id: 'call-7' }, { status: 'failed', attempt: 3 });
		const { output, error } = await runTalkover({ parameters: retry(failed.id), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['POST', retryPath(failed.id)]]);
		const newAttempt = sandbox().webhookLogs.find((e) => e.attempt === 4)!;
		expect(output!.map((o) => [o.json, o.pairedItem])).toEqual([[{ log_id: newAttempt.id, original_log_id: failed.id, queued_at: expect.any(String) }, { item: 0 }]]);
		await sandbox().retriesSettled();
		expect(received).toEqual([{ event: 'event_phone_call_ended', call_id: 'call-7' }]);
	});

	test("a campaign webhook's delivery: its page's answer (no queued_at)", async () => {
		const failed = sandbox().logDelivery(CAMPAIGN_WEBHOOK, { event: 'campaign.completed' }, { status: 'failed' });
		const { output, error } = await runTalkover({ parameters: retry(failed.id, { webhookOf: 'campaign', campaignId: byId(ACTIVE_CAMPAIGN), webhookId: byId(CAMPAIGN_WEBHOOK) }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.path)).toEqual([`/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${CAMPAIGN_WEBHOOK}/logs/${failed.id}/retry`]);
		expect(Object.keys(output![0].json).sort()).toEqual(['log_id', 'original_log_id']);
		await sandbox().retriesSettled();
	});

	test('a delivery that already succeeded: Talkover refuses (422), said in words; nothing is delivered', async () => {
		const delivered = sandbox().logDelivery(AGENT_WEBHOOK, { event: 'event_phone_call_ended' }, { status: 'success' });
		const { error } = await runTalkover({ parameters: retry(delivered.id), credentials: credentials() });
		expect(error?.message).toBe('Talkover cannot send this delivery again: it was already delivered, is older than 30 days, or the webhook is disabled');
		await sandbox().retriesSettled();
		expect(received).toEqual([]);
	});

	test("an ID as Talkover's own example names it (log-uuid-1) is sent as it is; one that would change the path is refused before sending", async () => {
		sandbox().inject({ method: 'POST', path: retryPath('log-uuid-1'), status: 200, body: { success: true, message: 'Webhook retry queued successfully', data: { log_id: 'new-log-uuid', original_log_id: 'log-uuid-1', queued_at: '2024-01-15T11:30:00Z' } } });
		const { output } = await runTalkover({ parameters: retry('log-uuid-1'), credentials: credentials() });
		expect(output!.map((o) => o.json)).toEqual([{ log_id: 'new-log-uuid', original_log_id: 'log-uuid-1', queued_at: '2024-01-15T11:30:00Z' }]);
		sandbox().requests.length = 0;
		const { error } = await runTalkover({ parameters: retry('../../../calls'), credentials: credentials() });
		expect(error?.message).toMatch(/^Delivery ID \(item 0\): "..\/..\/..\/calls" is not a delivery ID/);
		expect(sandbox().requests).toEqual([]);
	});

	test('an answer without the new log ID is an error: the retry cannot be told from a refusal', async () => {
		sandbox().inject({ method: 'POST', path: retryPath('log-1'), status: 200, body: { success: true, message: 'Webhook retry queued successfully', data: {} } });
		const { error } = await runTalkover({ parameters: retry('log-1'), credentials: credentials() });
		expect(error?.message).toMatch(/could not be read: the retry has no new log ID \(log_id\)/);
	});

	test('a server error after sending: not sent again, and the error says the delivery may have been queued and how to check', async () => {
		sandbox().inject({ method: 'POST', path: retryPath('log-1'), status: 500, body: { success: false, message: 'Server Error' }, times: 5 });
		const { error } = await runTalkover({ parameters: retry('log-1'), credentials: credentials() });
		expect(sandbox().requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(error?.message).toMatch(/^The delivery may have been queued again: /);
		expect(error?.description).toContain("check whether the webhook's delivery log shows a new attempt of it: Webhook Delivery → Get Many");
	});

	test('a delivery of no such log: 404 in words', async () => {
		const { error } = await runTalkover({ parameters: retry('3c0ffee0-0000-4000-8000-000000000000'), credentials: credentials() });
		expect(error?.message).toBe(
			`Delivery not found: the log of webhook ${AGENT_WEBHOOK} on agent ${SUPPORT_AGENT} has no delivery with ID 3c0ffee0-0000-4000-8000-000000000000 (or the agent or the webhook does not exist for this token's environment)`,
		);
	});
});
