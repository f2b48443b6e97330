/**
 * Webhook Delivery → Get Many: the delivery log of an agent's or a campaign's webhook, read page by page
 * as Talkover's two log pages document it, filtered by status by the node (Talkover's log has no filter).
 */
import { runTalkover } from '../../helpers/n8n';
import { byId, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { addWebhook, AGENT_WEBHOOK, CAMPAIGN_WEBHOOK } from '../../helpers/deliveryWebhooks';

const { sandbox, credentials } = useSandbox();

const DEAD = 'http://127.0.0.1:9/webhook/leads';
const onAgent = (extra = {}) => ({ resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'agent', agentId: byId(SUPPORT_AGENT), webhookId: byId(AGENT_WEBHOOK), ...extra });
const onCampaign = (extra = {}) => ({ resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'campaign', campaignId: byId(ACTIVE_CAMPAIGN), webhookId: byId(CAMPAIGN_WEBHOOK), ...extra });
const logPath = `/api/v1/agents/${SUPPORT_AGENT}/webhooks/${AGENT_WEBHOOK}/logs`;

/** Logs one delivery per status on the webhook, oldest first, a minute apart from 10:00. */
function log(webhookId: string, statuses: string[]): void {
	statuses.forEach((status, i) => {
		const createdAt = new Date(Date.parse('2026-01-15T10:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z');
		sandbox().logDelivery(webhookId, { event: 'event_phone_call_ended', call_id: `call-${i}` }, { status: status as 'failed', created_at: createdAt });
	});
}

beforeEach(() => {
	addWebhook(sandbox(), { agent_id: SUPPORT_AGENT }, AGENT_WEBHOOK, DEAD);
	addWebhook(sandbox(), { campaign_id: ACTIVE_CAMPAIGN }, CAMPAIGN_WEBHOOK, DEAD);
});

describe('Webhook Delivery → Get Many', () => {
	test("one item per logged delivery, in Talkover's order (newest first), each paired with its input item", async () => {
		log(AGENT_WEBHOOK, ['success', 'failed', 'retrying']);
		const { output, error } = await runTalkover({ parameters: onAgent(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path, r.query])).toEqual([['GET', logPath, { per_page: '50', page: '1' }]]);
		expect(output!.map((o) => [o.json.status, o.json.created_at, o.pairedItem])).toEqual([
			['retrying', '2026-01-15T10:02:00Z', { item: 0 }],
			['failed', '2026-01-15T10:01:00Z', { item: 0 }],
			['success', '2026-01-15T10:00:00Z', { item: 0 }],
		]);
	});

	test('Status: only the chosen statuses come out; Limit counts those, read from pages of 100', async () => {
		log(AGENT_WEBHOOK, [...Array(120).fill('success'), 'failed', 'retrying', 'failed']);
		const { output, error } = await runTalkover({ parameters: onAgent({ limit: 2, filters: { status: ['failed', 'retrying'] } }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => [o.json.status, o.json.created_at])).toEqual([
			['failed', '2026-01-15T12:02:00Z'],
			['retrying', '2026-01-15T12:01:00Z'],
		]);
		expect(sandbox().requests.map((r) => r.query)).toEqual([{ per_page: '100', page: '1' }]);
	});

	test("a campaign webhook's log, paged as its page shows it (a total, no last_page): Return All reads every page", async () => {
		sandbox().campaignLogPaging = 'noLastPage';
		log(CAMPAIGN_WEBHOOK, Array(150).fill('failed'));
		const { output, error } = await runTalkover({ parameters: onCampaign({ returnAll: true }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.path, r.query.page])).toEqual([
			[`/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${CAMPAIGN_WEBHOOK}/logs`, '1'],
			[`/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${CAMPAIGN_WEBHOOK}/logs`, '2'],
		]);
		expect(output).toHaveLength(150);
	});

	test("the page's own example answer: both entries as given, the response's header values masked", async () => {
		const example = {
			success: true,
			data: [
				{ id: 'log-uuid-1', webhook_id: 'webhook-uuid', event: 'event_phone_call_ended', attempt: 1, status: 'success', http_status: 200, request_payload: { call_id: 'call-uuid', duration: 45 }, response_body: '{"received":true}', response_headers: { 'content-type': 'application/json' }, duration_ms: 142, delivered_at: '2024-01-15T11:00:01Z', created_at: '2024-01-15T11:00:00Z' },
				{ id: 'log-uuid-2', webhook_id: 'webhook-uuid', event: 'event_phone_call_started', attempt: 3, status: 'failed', http_status: 500, error: 'Internal Server Error', duration_ms: 8021, created_at: '2024-01-15T10:55:00Z' },
			],
			pagination: { current_page: 1, per_page: 50, total: 2, last_page: 1 },
		};
		sandbox().inject({ method: 'GET', path: logPath, status: 200, body: example });
		const { output, error } = await runTalkover({ parameters: onAgent(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => o.json)).toEqual([{ ...example.data[0], response_headers: { 'content-type': '***' } }, example.data[1]]);
	});

	test.each([
		['a status no page documents', { id: 'l1', status: 'delivered' }, 'entry 1 of the delivery log has a status Talkover does not document ("delivered"; documented: failed, pending, retrying, success)'],
		['no status', { id: 'l1' }, 'entry 1 of the delivery log has a status Talkover does not document (no text; documented: failed, pending, retrying, success)'],
		['no ID', { status: 'failed' }, 'entry 1 of the delivery log has no ID (id)'],
	])('an entry with %s is an error, never a guess', async (_what, entry, problem) => {
		sandbox().inject({ method: 'GET', path: logPath, status: 200, body: { success: true, data: [entry], pagination: { current_page: 1, per_page: 50, total: 1, last_page: 1 } } });
		const { output, error } = await runTalkover({ parameters: onAgent(), credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe(`Talkover's answer could not be read: ${problem}`);
	});

	test('a status that is not a delivery status (from an expression) names the field and the item; nothing is sent', async () => {
		const { error } = await runTalkover({ parameters: onAgent({ filters: { status: '={{ ["failed", "lost"] }}' } }), credentials: credentials() });
		expect(error?.message).toMatch(/^Status \(item 0\): "lost" is not a delivery status \(use failed, pending, retrying, success\)/);
		expect(sandbox().requests).toEqual([]);
	});

	test('a webhook ID that would change the path (from an expression) is refused before anything is sent', async () => {
		const { error } = await runTalkover({ parameters: onAgent({ webhookId: byId('={{ "../../calls" }}') }), credentials: credentials() });
		expect(error?.message).toMatch(/^Webhook \(item 0\): "..\/..\/calls" is not a webhook ID/);
		expect(sandbox().requests).toEqual([]);
	});

	test("another agent's webhook, or one that is gone: Talkover's 404 in words", async () => {
		const { error } = await runTalkover({ parameters: onAgent({ webhookId: byId(CAMPAIGN_WEBHOOK) }), credentials: credentials() });
		expect(error?.message).toBe(`Webhook not found: Talkover has no webhook with ID ${CAMPAIGN_WEBHOOK} on agent ${SUPPORT_AGENT} for this token's environment (or no such agent)`);
	});
});
