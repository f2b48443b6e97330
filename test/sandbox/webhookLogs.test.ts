/**
 * The sandbox's webhook delivery logs (test/sandbox/webhookLogs.js): every delivery logged, the lists newest
 * first in both campaign paging shapes, retries to the webhook's current URL, and answers in the pages' shapes.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { answersOf } from '../contract/documented';
import { DRAFT_AGENT, SALES_AGENT, SUPPORT_AGENT, TOKEN, freePort, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN, COMPLETED_CAMPAIGN, DRAFT_CAMPAIGN, SEEDED_AGENT_DELIVERY, SEEDED_AGENT_WEBHOOK, SEEDED_CAMPAIGN_DELIVERY, SEEDED_CAMPAIGN_WEBHOOK, UNKNOWN_CAMPAIGN } from '../helpers/seed';
import { callApi } from '../helpers/http';

const { sandbox } = useSandbox();

/** A webhook receiver: answers `status` (JSON), records what it got. */
interface Receiver {
	url: string;
	status: number;
	got: Array<{ path: string; headers: http.IncomingHttpHeaders; body: unknown }>;
	close: () => Promise<void>;
}

async function receiver(status = 200): Promise<Receiver> {
	const got: Receiver['got'] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') });
			const ok = r.status >= 200 && r.status < 300;
			res.writeHead(r.status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(ok ? { received: true } : { error: 'nope' }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const r: Receiver = {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		status,
		got,
		close: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
	return r;
}

const receivers: Receiver[] = [];
afterEach(async () => {
	await sandbox().retriesSettled();
	await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function listening(status = 200): Promise<Receiver> {
	const r = await receiver(status);
	receivers.push(r);
	return r;
}

const call = async (method: string, path: string, body?: unknown) => await callApi(sandbox().url, TOKEN, method, path, body);

async function agentWebhook(url: string, agent = SALES_AGENT): Promise<string> {
	const created = await call('POST', `/agents/${agent}/webhooks`, { name: 'n8n', webhook_url: url, events: ['event_phone_call_ended', 'event_phone_call_started'] });
	expect(created.status).toBe(201);
	return created.body.data.id;
}

async function campaignWebhook(url: string, campaign = ACTIVE_CAMPAIGN): Promise<string> {
	const created = await call('POST', `/campaigns/${campaign}/webhooks`, { name: 'n8n', webhook_url: url, events: ['campaign.started'] });
	expect(created.status).toBe(201);
	return created.body.data.id;
}

const keys = (o: object) => Object.keys(o).sort();
/** A page's example body (documented-answers.json, extracted from the page). */
function example(route: string, status = 200): any {
	const found = answersOf(route).find((a) => a.status === status);
	if (!found) throw new Error(`no documented ${status} for ${route}`);
	return found.body;
}

const ENDED = { event: 'event_phone_call_ended', call_id: 'call-1', duration: 45 };

describe('sandbox: webhook delivery logs', () => {
	// These tests start from an empty log: the seeded entries (seed(), checked at the end) are set aside.
	beforeEach(() => {
		sandbox().webhookLogs.length = 0;
	});

	test('a delivery to a port nothing listens on is logged failed (http_status null, the connection error), and deliver() still throws', async () => {
		const id = await agentWebhook(`http://127.0.0.1:${await freePort()}/hook`);
		await expect(sandbox().deliver(id, ENDED)).rejects.toThrow();
		expect(sandbox().webhookLogs).toHaveLength(1);
		const entry = sandbox().webhookLogs[0];
		expect(entry).toMatchObject({ webhook_id: id, event: 'event_phone_call_ended', attempt: 1, status: 'failed', http_status: null, request_payload: ENDED, created_at: '2026-01-15T12:00:00Z' });
		expect(entry.error).toMatch(/ECONNREFUSED|fetch failed/);
		expect(entry.delivered_at).toBeUndefined();
		const listed = await call('GET', `/agents/${SALES_AGENT}/webhooks/${id}/logs`);
		expect(listed.status).toBe(200);
		expect(listed.body.data).toHaveLength(1);
		// As the page's failed example: no payload, body or headers shown.
		expect(keys(listed.body.data[0])).toEqual(keys(example('GET /agents/{}/webhooks/{}/logs').data[1]));
	});

	test('answers: 2xx logged success with the response, 500 failed with its status text; event_type is read too', async () => {
		const hook = await listening(200);
		const id = await agentWebhook(hook.url);
		await sandbox().deliver(id, ENDED);
		hook.status = 500;
		expect((await sandbox().deliver(id, { event_type: 'event_phone_call_started' })).status).toBe(500);
		const [ok, failed] = sandbox().webhookLogs;
		expect(ok).toMatchObject({ status: 'success', http_status: 200, response_body: '{"received":true}', response_headers: { 'content-type': 'application/json' }, delivered_at: '2026-01-15T12:00:00Z' });
		expect(ok.duration_ms).toEqual(expect.any(Number));
		expect(failed).toMatchObject({ status: 'failed', http_status: 500, error: 'Internal Server Error', event: 'event_phone_call_started' });
		expect(failed.delivered_at).toBeUndefined();
	});

	test('a request that is not Talkover\'s (its headers changed: a forged or unsigned delivery) is not in the log', async () => {
		const hook = await listening(401);
		const id = await agentWebhook(hook.url);
		expect((await sandbox().deliver(id, ENDED, { headers: { 'X-N8n-Talkover-Secret': undefined } })).status).toBe(401);
		expect(hook.got).toHaveLength(1);
		expect(sandbox().webhookLogs).toEqual([]);
		expect((await call('GET', `/agents/${SALES_AGENT}/webhooks/${id}/logs`)).body.data).toEqual([]);
	});

	test('the list shows entries in the keys of the page\'s example, newest first, and only that webhook\'s', async () => {
		const hook = await listening(200);
		const id = await agentWebhook(hook.url);
		const other = await agentWebhook(hook.url);
		await sandbox().deliver(id, ENDED);
		sandbox().logDelivery(id, { event: 'event_phone_call_started' }, { status: 'failed', attempt: 3, http_status: 500 });
		sandbox().logDelivery(other, ENDED);
		const listed = await call('GET', `/agents/${SALES_AGENT}/webhooks/${id}/logs`);
		const documented = example('GET /agents/{}/webhooks/{}/logs');
		expect(keys(listed.body)).toEqual(keys(documented));
		expect(keys(listed.body.pagination)).toEqual(keys(documented.pagination));
		expect(listed.body.pagination).toEqual({ current_page: 1, per_page: 25, total: 2, last_page: 1 });
		const [failed, ok] = listed.body.data;
		expect(failed).toMatchObject({ status: 'failed', attempt: 3, http_status: 500, error: 'Internal Server Error' });
		expect(ok).toMatchObject({ status: 'success', request_payload: ENDED });
		expect(keys(ok)).toEqual(keys(documented.data[0]));
		expect(keys(failed)).toEqual(keys(documented.data[1]));
		expect(sandbox().violations).toEqual([]);
	});

	test('paging: created_at descending, then the later recorded first; per_page 1–100 (else 422), default 25', async () => {
		const id = await agentWebhook('https://example.com/hook');
		const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T10:00:00Z`;
		const made = [
			sandbox().logDelivery(id, { event: 'a' }, { created_at: at(10) }),
			sandbox().logDelivery(id, { event: 'b' }, { created_at: at(12) }),
			sandbox().logDelivery(id, { event: 'c' }, { created_at: at(11) }),
			sandbox().logDelivery(id, { event: 'd' }, { created_at: at(12) }),
			sandbox().logDelivery(id, { event: 'e' }, { created_at: at(9), status: 'success' }),
		];
		expect(made.map((e) => e.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'success']);
		const base = `/agents/${SALES_AGENT}/webhooks/${id}/logs`;
		const first = await call('GET', `${base}?per_page=2`);
		expect(first.body.data.map((e: { event: string }) => e.event)).toEqual(['d', 'b']);
		expect(first.body.pagination).toEqual({ current_page: 1, per_page: 2, total: 5, last_page: 3 });
		const second = await call('GET', `${base}?per_page=2&page=2`);
		expect(second.body.data.map((e: { event: string }) => e.event)).toEqual(['c', 'a']);
		const third = await call('GET', `${base}?per_page=2&page=3`);
		expect(third.body.data.map((e: { event: string }) => e.event)).toEqual(['e']);
		expect((await call('GET', base)).body.pagination.per_page).toBe(25);
		expect((await call('GET', `${base}?page=9`)).body).toEqual({ success: true, data: [], pagination: { current_page: 9, per_page: 25, total: 5, last_page: 1 } });
		for (const bad of ['0', '101']) {
			const refused = await call('GET', `${base}?per_page=${bad}`);
			expect(refused.status).toBe(422);
			expect(refused.body).toEqual({ success: false, message: 'The given data was invalid.', errors: { per_page: ['The per page must be between 1 and 100.'] } });
		}
	});

	test('campaign logs: last_page by default; campaignLogPaging noLastPage gives the campaign page\'s example keys', async () => {
		const hook = await listening(200);
		const id = await campaignWebhook(hook.url);
		const delivered = await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign.started');
		expect(delivered).toHaveLength(1);
		const documented = example('GET /campaigns/{}/webhooks/{}/logs');
		const listed = await call('GET', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}/logs`);
		expect(listed.status).toBe(200);
		expect(listed.body.pagination).toEqual({ current_page: 1, per_page: 25, total: 1, last_page: 1 });
		expect(listed.body.data[0]).toMatchObject({ event: 'campaign.started', attempt: 1, status: 'success', http_status: 200, webhook_id: id });
		// "Same shape as List Webhook Delivery Logs": every key of the campaign example, and the agent example's.
		expect(keys(listed.body.data[0])).toEqual(expect.arrayContaining(keys(documented.data[0])));
		expect(keys(listed.body.data[0])).toEqual(keys(example('GET /agents/{}/webhooks/{}/logs').data[0]));
		sandbox().campaignLogPaging = 'noLastPage';
		const asPage = await call('GET', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}/logs`);
		expect(keys(asPage.body)).toEqual(keys(documented));
		expect(keys(asPage.body.pagination)).toEqual(keys(documented.pagination));
		expect(asPage.body.pagination).toEqual({ current_page: 1, per_page: 25, total: 1 });
		expect(sandbox().violations).toEqual([]);
	});

	test('agent retry of a failed entry: the page\'s answer, then a new entry (attempt + 1) delivered to the webhook\'s current URL', async () => {
		const old = await listening(500);
		const current = await listening(200);
		const id = await agentWebhook(old.url);
		await sandbox().deliver(id, ENDED);
		const failed = sandbox().webhookLogs[0];
		expect(failed.status).toBe('failed');
		const webhook = sandbox().webhooks.find((w) => w.id === id)!;
		webhook.webhook_url = `${current.url}/moved`;
		webhook.custom_headers = [{ key: 'X-Now', value: 'current' }];
		const answered = await call('POST', `/agents/${SALES_AGENT}/webhooks/${id}/logs/${failed.id}/retry`);
		expect(answered.status).toBe(200);
		const documented = example('POST /agents/{}/webhooks/{}/logs/{}/retry');
		expect(keys(answered.body)).toEqual(keys(documented));
		expect(keys(answered.body.data)).toEqual(keys(documented.data));
		expect(answered.body).toEqual({ success: true, message: 'Webhook retry queued successfully', data: { log_id: expect.any(String), original_log_id: failed.id, queued_at: '2026-01-15T12:00:00Z' } });
		await sandbox().retriesSettled();
		expect(old.got).toHaveLength(1);
		expect(current.got).toHaveLength(1);
		expect(current.got[0]).toMatchObject({ path: '/moved', body: ENDED, headers: { 'x-now': 'current' } });
		const retried = sandbox().webhookLogs.find((e) => e.id === answered.body.data.log_id)!;
		expect(retried).toMatchObject({ webhook_id: id, attempt: 2, status: 'success', http_status: 200, request_payload: ENDED });
		expect(failed).toMatchObject({ status: 'failed', attempt: 1 });
		const listed = await call('GET', `/agents/${SALES_AGENT}/webhooks/${id}/logs`);
		expect(listed.body.data.map((e: { id: string }) => e.id)).toEqual([retried.id, failed.id]);
		// A retry of the retry counts on.
		current.status = 503;
		const again = sandbox().logDelivery(id, ENDED, { status: 'failed', attempt: 4 });
		const second = await call('POST', `/agents/${SALES_AGENT}/webhooks/${id}/logs/${again.id}/retry`);
		await sandbox().retriesSettled();
		expect(sandbox().webhookLogs.find((e) => e.id === second.body.data.log_id)).toMatchObject({ attempt: 5, status: 'failed', http_status: 503, error: 'Service Unavailable' });
	});

	test('campaign retry: the campaign page\'s answer (no queued_at), delivered again', async () => {
		const hook = await listening(200);
		const id = await campaignWebhook(`http://127.0.0.1:${await freePort()}/down`);
		const failed = sandbox().logDelivery(id, { event: 'campaign.started', campaign_id: ACTIVE_CAMPAIGN });
		// Update Campaign Webhook documents no webhook_url: the webhook is moved in place.
		sandbox().webhooks.find((w) => w.id === id)!.webhook_url = hook.url;
		const answered = await call('POST', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}/logs/${failed.id}/retry`);
		const documented = example('POST /campaigns/{}/webhooks/{}/logs/{}/retry');
		expect(answered.status).toBe(200);
		expect(keys(answered.body)).toEqual(keys(documented));
		expect(keys(answered.body.data)).toEqual(keys(documented.data));
		expect(answered.body.message).toBe('Webhook retry queued');
		await sandbox().retriesSettled();
		expect(hook.got.map((g) => g.body)).toEqual([{ event: 'campaign.started', campaign_id: ACTIVE_CAMPAIGN }]);
		expect(sandbox().webhookLogs.find((e) => e.id === answered.body.data.log_id)).toMatchObject({ attempt: 2, status: 'success' });
		expect(sandbox().violations).toEqual([]);
	});

	test('a retry to a port nothing listens on is logged failed and does not reject retriesSettled()', async () => {
		const id = await agentWebhook(`http://127.0.0.1:${await freePort()}/down`);
		const failed = sandbox().logDelivery(id, ENDED);
		const answered = await call('POST', `/agents/${SALES_AGENT}/webhooks/${id}/logs/${failed.id}/retry`);
		// Queued: pending until delivered.
		expect(sandbox().webhookLogs.find((e) => e.id === answered.body.data.log_id)!.status).toBe('pending');
		await sandbox().retriesSettled();
		expect(sandbox().webhookLogs.find((e) => e.id === answered.body.data.log_id)).toMatchObject({ attempt: 2, status: 'failed', http_status: null });
	});

	test('not retriable (422 as the page): a success, a disabled webhook, an entry older than 30 days', async () => {
		const hook = await listening(200);
		const id = await agentWebhook(hook.url);
		await sandbox().deliver(id, ENDED);
		const documented = example('POST /agents/{}/webhooks/{}/logs/{}/retry', 422);
		const base = `/agents/${SALES_AGENT}/webhooks/${id}/logs`;
		const ok = await call('POST', `${base}/${sandbox().webhookLogs[0].id}/retry`);
		expect(ok).toEqual({ status: 422, body: documented });
		const old = sandbox().logDelivery(id, ENDED, { created_at: '2025-12-01T00:00:00Z' });
		expect(await call('POST', `${base}/${old.id}/retry`)).toEqual({ status: 422, body: documented });
		const failed = sandbox().logDelivery(id, ENDED);
		sandbox().webhooks.find((w) => w.id === id)!.enabled = false;
		expect(await call('POST', `${base}/${failed.id}/retry`)).toEqual({ status: 422, body: documented });
		const campaignHook = await campaignWebhook(hook.url);
		const campaignFailed = sandbox().logDelivery(campaignHook, { event: 'campaign.started' });
		expect((await call('PATCH', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${campaignHook}/toggle`)).body.data.enabled).toBe(false);
		expect(await call('POST', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${campaignHook}/logs/${campaignFailed.id}/retry`)).toEqual({ status: 422, body: documented });
		await sandbox().retriesSettled();
		expect(hook.got).toHaveLength(1);
	});

	test('404: unknown log, a log of another webhook, a webhook of another agent or campaign, unknown parents, a deleted webhook', async () => {
		const id = await agentWebhook('https://example.com/a');
		const other = await agentWebhook('https://example.com/b');
		const campaignHook = await campaignWebhook('https://example.com/c');
		const entry = sandbox().logDelivery(id, ENDED);
		const notFound = { status: 404, body: { success: false, message: 'Webhook not found.' } };
		expect(await call('POST', `/agents/${SALES_AGENT}/webhooks/${id}/logs/00000000-0000-4000-8000-000000000000/retry`)).toEqual({ status: 404, body: { success: false, message: 'Log not found.' } });
		expect(await call('POST', `/agents/${SALES_AGENT}/webhooks/${other}/logs/${entry.id}/retry`)).toEqual({ status: 404, body: { success: false, message: 'Log not found.' } });
		expect(await call('GET', `/agents/${SUPPORT_AGENT}/webhooks/${id}/logs`)).toEqual(notFound);
		expect(await call('GET', `/agents/${SALES_AGENT}/webhooks/${campaignHook}/logs`)).toEqual(notFound);
		expect(await call('GET', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}/logs`)).toEqual(notFound);
		expect(await call('GET', `/campaigns/${DRAFT_CAMPAIGN}/webhooks/${campaignHook}/logs`)).toEqual(notFound);
		expect(await call('GET', `/campaigns/${UNKNOWN_CAMPAIGN}/webhooks/${campaignHook}/logs`)).toEqual({ status: 404, body: { success: false, message: 'Campaign not found' } });
		expect((await call('DELETE', `/agents/${SALES_AGENT}/webhooks/${id}`)).status).toBe(200);
		expect(await call('GET', `/agents/${SALES_AGENT}/webhooks/${id}/logs`)).toEqual(notFound);
		expect(await call('POST', `/agents/${SALES_AGENT}/webhooks/${id}/logs/${entry.id}/retry`)).toEqual(notFound);
		expect((await call('DELETE', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${campaignHook}`)).status).toBe(200);
		expect(await call('GET', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${campaignHook}/logs`)).toEqual(notFound);
		expect(sandbox().violations).toEqual([]);
	});

	test('401 without a token; the other webhook routes still answer as before', async () => {
		const id = await agentWebhook('https://example.com/a');
		const response = await fetch(`${sandbox().url}/api/v1/agents/${SALES_AGENT}/webhooks/${id}/logs`);
		expect(response.status).toBe(401);
		expect((await call('GET', `/agents/${SALES_AGENT}/webhooks/${id}`)).body.data.id).toBe(id);
		const campaignHook = await campaignWebhook('https://example.com/c');
		expect((await call('GET', `/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${campaignHook}`)).body.data.id).toBe(campaignHook);
		expect((await call('GET', `/campaigns/${ACTIVE_CAMPAIGN}`)).status).toBe(200);
	});

	test('reset() forgets the logs and restores campaignLogPaging', async () => {
		const id = await agentWebhook('https://example.com/a');
		sandbox().logDelivery(id, ENDED, { status: 'pending' });
		sandbox().campaignLogPaging = 'noLastPage';
		sandbox().reset();
		expect(sandbox().webhookLogs.map((e) => e.id)).toEqual([SEEDED_AGENT_DELIVERY, SEEDED_CAMPAIGN_DELIVERY]);
		expect(sandbox().campaignLogPaging).toBe('documented');
	});

	test("the seed: a webhook on the Draft agent and one on the Completed campaign, listed with the owner's webhooks, each with one failed delivery that can be retried", async () => {
		sandbox().reset();
		const agentHooks = await call('GET', `/agents/${DRAFT_AGENT}/webhooks`);
		expect(agentHooks.body.data.webhooks.map((w: { id: string }) => w.id)).toEqual([SEEDED_AGENT_WEBHOOK]);
		const campaignHooks = await call('GET', `/campaigns/${COMPLETED_CAMPAIGN}/webhooks`);
		expect(campaignHooks.body.data.webhooks.map((w: { id: string }) => w.id)).toEqual([SEEDED_CAMPAIGN_WEBHOOK]);
		const log = await call('GET', `/agents/${DRAFT_AGENT}/webhooks/${SEEDED_AGENT_WEBHOOK}/logs`);
		expect(log.body.data.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([[SEEDED_AGENT_DELIVERY, 'failed']]);
		expect((await call('POST', `/campaigns/${COMPLETED_CAMPAIGN}/webhooks/${SEEDED_CAMPAIGN_WEBHOOK}/logs/${SEEDED_CAMPAIGN_DELIVERY}/retry`)).status).toBe(200);
		await sandbox().retriesSettled();
		expect(sandbox().webhookLogs.filter((e) => e.webhook_id === SEEDED_CAMPAIGN_WEBHOOK).map((e) => [e.attempt, e.status])).toEqual([
			[3, 'failed'],
			[4, 'failed'],
		]);
	});
});
