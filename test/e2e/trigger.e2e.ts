/**
 * The Talkover Trigger in a real n8n (n8n start): activation registers one webhook per chosen event on the
 * agent (with a secret custom header and its event's), deliveries with the secret start executions (one whose
 * body names no event, as the log shows it, named by its webhook), deliveries without it get 401 and start
 * nothing, a restart registers nothing again, deactivation deletes them.
 * Runs on both n8n lines: n8n 2.3x+ applies publish/unpublish in the background (N8nServer.activate and
 * deactivate wait for its publication status, as the editor does), n8n 2.8 during the REST call.
 * The same for Source → Campaign, with the example campaign-call-ended-update-crm.json as shipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { pause, waitUntil } from '../helpers/catchUp';
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer } from './real-n8n';
import { talkoverTriggerWorkflow } from './real-n8n';

const WORKFLOW = 'talkoverTrig1';
const WEBHOOK_ID = '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const HEADER = 'X-N8n-Talkover-Secret';
const EVENT_HEADER = 'X-N8n-Talkover-Event';
const EVENTS = ['event_phone_call_ended', 'event_voicemail_detected'];
/** The 10 s an unpublish waits before it deletes (a publish within them takes the webhooks back). */
const UNPUBLISH_GRACE_MS = 10_000;

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

const executions = (workflowId = WORKFLOW) => server.executions(workflowId);
const waitForExecutions = (count: number, workflowId = WORKFLOW) => server.waitForExecutions(workflowId, count);

async function triggerOutput(executionId: string, node = 'Talkover Trigger'): Promise<any[]> {
	const data = await server.runData(executionId);
	return data.resultData.runData[node][0].data!.main[0]!.map((o) => o.json);
}

/** The campaign example as shipped, with the test credential. */
const CAMPAIGN_WORKFLOW = 'talkoverTrig2';
const campaignExample = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples/campaign-call-ended-update-crm.json'), 'utf8'));
const CAMPAIGN_WEBHOOK_ID = campaignExample.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-talkover.talkoverTrigger').webhookId;

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'warn' },
		stopHook: true,
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [
			talkoverTriggerWorkflow(WORKFLOW, WEBHOOK_ID, 'talkoverGood', SALES_AGENT, EVENTS),
			{
				...campaignExample,
				id: CAMPAIGN_WORKFLOW,
				pinData: {},
				nodes: campaignExample.nodes.map((n: any) => (n.credentials ? { ...n, credentials: { talkoverApi: { id: 'talkoverGood', name: 'Talkover API' } } } : n)),
			},
		],
	}));
}, 600_000);

afterAll(async () => await stop?.());

const webhookUrl = () => `http://127.0.0.1:${server.port}/webhook/${WEBHOOK_ID}/webhook`;

/**
 * Nothing the test sent before started an execution of `workflowId`: a delivery from Talkover (`marker`) is
 * sent after it (n8n had answered the earlier request), and once the marker's execution has finished the
 * workflow has one execution more than `before`, in any status. Returns that execution (the marker's).
 */
async function onlyTheMarkerRan(before: number, marker: () => Promise<unknown>, workflowId = WORKFLOW): Promise<{ id: string }> {
	await marker();
	await waitForExecutions(before + 1, workflowId);
	const all = await executions(workflowId);
	expect(all).toHaveLength(before + 1);
	return all[0];
}

/** The body of Create Webhook for one event of a trigger on several events. */
function registration({ workflow, event, label, url, secret }: { workflow: string; event: string; label: string; url: string; secret: string }) {
	return {
		name: `n8n: ${workflow} (Talkover Trigger: ${label})`,
		webhook_url: url,
		webhook_secret: secret,
		events: [event],
		custom_headers: [
			{ key: HEADER, value: secret },
			{ key: EVENT_HEADER, value: event },
		],
		timeout: 30,
		max_retries: 3,
		enabled: true,
	};
}

let markers = 0;
/** A call ended event of its own (a body no delivery had: never taken for a redelivery). */
const markerEvent = (tag: string) => ({ event: 'event_phone_call_ended', call_id: `marker-${tag}-${++markers}` });

test('activation registers a webhook per chosen event for the node’s URL, each with the secret custom header and its event’s', async () => {
	const publication = await server.activate(WORKFLOW);
	if (publication) expect(publication).toMatchObject({ status: 'published', triggers: [{ nodeId: 'trigger', status: 'activated' }] });
	const calls = sandbox.requests.map((r) => [r.method, r.path]);
	expect(calls).toEqual([
		['GET', `/api/v1/agents/${SALES_AGENT}/webhooks`],
		['POST', `/api/v1/agents/${SALES_AGENT}/webhooks`],
		['POST', `/api/v1/agents/${SALES_AGENT}/webhooks`],
	]);
	const secret = sandbox.requests[1].body.webhook_secret;
	expect(secret).toMatch(/^[0-9a-f]{64}$/);
	expect(sandbox.requests.slice(1).map((r) => r.body)).toEqual(
		[
			['event_phone_call_ended', 'Phone call ended'],
			['event_voicemail_detected', 'Voicemail detected'],
		].map(([event, label]) => registration({ workflow: 'Call ended → CRM', event, label, url: webhookUrl(), secret })),
	);
	expect(sandbox.requests[1].headers.authorization).toBe(`Bearer ${TOKEN}`);
	expect(sandbox.webhooks).toHaveLength(2);
});

test('a delivery from Talkover (with the secret header) starts the workflow with the event body and its name', async () => {
	const event = { event: 'event_phone_call_ended', call_id: 'c0ffee00-0000-4000-8000-000000000001', duration: 45, context: { crm_record_id: 'crm-1002' } };
	const delivered = await sandbox.deliver(sandbox.webhooks[0].id, event);
	expect(delivered.status).toBe(200);
	const [execution] = await waitForExecutions(1);
	expect(execution.status).toBe('success');
	expect(await triggerOutput(execution.id)).toEqual([event]);
});

test('a delivery in the body the log shows (no event name) starts the workflow with the event of the webhook that delivered it', async () => {
	const before = (await executions()).length;
	const body = { call_id: 'c0ffee00-0000-4000-8000-0000000000aa', duration: 12 };
	const voicemail = sandbox.webhooks.find((w) => w.events.includes('event_voicemail_detected'));
	expect((await sandbox.deliver(String(voicemail?.id), body, { event: 'event_voicemail_detected' })).status).toBe(200);
	const all = await waitForExecutions(before + 1);
	expect(await triggerOutput(all[0].id)).toEqual([{ ...body, event: 'event_voicemail_detected' }]);
});

test.each([
	['without the secret header', { [HEADER]: undefined }],
	['with a wrong secret of the same length', { [HEADER]: 'f'.repeat(64) }],
	['with a wrong secret of another length', { [HEADER]: 'nope' }],
])('a delivery %s gets 401 and starts no execution (a delivery from Talkover after it runs alone)', async (_what, headers) => {
	const before = (await executions()).length;
	const delivered = await sandbox.deliver(sandbox.webhooks[0].id, { event: 'event_phone_call_ended', call_id: 'x' }, { headers });
	expect(delivered.status).toBe(401);
	const marker = markerEvent('401');
	const ran = await onlyTheMarkerRan(before, () => sandbox.deliver(sandbox.webhooks[0].id, marker));
	expect(await triggerOutput(ran.id)).toEqual([marker]);
});

test.each([
	['JSON null', 'application/json', 'null'],
	['a JSON text', 'application/json', '"event_phone_call_ended"'],
	['a JSON list', 'application/json', '[{"event":"event_phone_call_ended"}]'],
	['plain text', 'text/plain', 'event=event_phone_call_ended'],
])('a delivery with the secret whose body is %s gets 400 and starts no execution', async (_what, contentType, body) => {
	const before = (await executions()).length;
	const secret = sandbox.webhooks[0].custom_headers.find((h: { key: string }) => h.key === HEADER).value;
	const delivered = await fetch(webhookUrl(), { method: 'POST', headers: { 'Content-Type': contentType, [HEADER]: secret }, body });
	expect(delivered.status).toBe(400);
	const marker = markerEvent('400');
	const ran = await onlyTheMarkerRan(before, () => sandbox.deliver(sandbox.webhooks[0].id, marker));
	expect(await triggerOutput(ran.id)).toEqual([marker]);
});

test('Talkover’s Test button (webhook.test) passes through by default, so the user sees it work', async () => {
	const before = (await executions()).length;
	const webhook = sandbox.webhooks[0];
	const response = await fetch(`${sandbox.url}/api/v1/agents/${SALES_AGENT}/webhooks/${webhook.id}/test`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
	expect(((await response.json()) as any).data.status_code).toBe(200);
	const all = await waitForExecutions(before + 1);
	const output = await triggerOutput(all[0].id);
	expect(output[0]).toMatchObject({ event: 'webhook.test', test: true, webhook_id: webhook.id });
});

test('a restart of n8n keeps the webhooks (nothing registered twice) and its secret: deliveries still start the workflow', async () => {
	await server.stop();
	sandbox.requests.length = 0;
	await server.start();
	await server.settled(WORKFLOW);
	const before = (await executions()).length;
	const delivered = await sandbox.deliver(sandbox.webhooks[0].id, { event: 'event_phone_call_ended', call_id: 'after-restart' });
	expect(delivered.status).toBe(200);
	const all = await waitForExecutions(before + 1);
	expect(await triggerOutput(all[0].id)).toEqual([{ event: 'event_phone_call_ended', call_id: 'after-restart' }]);
	// n8n re-activates the trigger at start-up and asks Talkover whether the webhook is still there (checkExists),
	// then reads its delivery log (Catch Up Missed Events, on by default: nothing failed, nothing sent); n8n 2.3x+
	// too, for the trigger's trigger() (a node with one is started again at every start).
	// n8n 1.123 serves the webhook before its activation has read the logs (seen on a busy machine): the activation's
	// requests are awaited (at most 60 s), then compared whole.
	const ids = sandbox.webhooks.map((w) => w.id);
	const expected = [['GET', `/api/v1/agents/${SALES_AGENT}/webhooks`], ...ids.map((id) => ['GET', `/api/v1/agents/${SALES_AGENT}/webhooks/${id}/logs`])];
	await waitUntil(() => sandbox.requests.length >= expected.length, 60_000);
	expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual(expected);
	expect(sandbox.webhooks).toHaveLength(2);
});

test('unpublished and published again at once: the webhooks kept (nothing deleted or registered), and the event Talkover failed to deliver in between runs the workflow once', async () => {
	const ids = sandbox.webhooks.map((w) => w.id);
	const ended = sandbox.webhooks.find((w) => w.events.includes('event_phone_call_ended'))!;
	const before = (await executions()).length;
	sandbox.requests.length = 0;
	await server.deactivate(WORKFLOW);
	// While unpublished n8n answers the URL 404: Talkover logs the delivery failed (its retries end).
	const missed = { event: 'event_phone_call_ended', call_id: 'between-publishes' };
	sandbox.logDelivery(String(ended.id), missed, { status: 'failed', attempt: 4 });
	const publication = await server.activate(WORKFLOW);
	if (publication) expect(publication.status).toBe('published');
	const [execution] = await waitForExecutions(before + 1);
	expect(await triggerOutput(execution.id)).toEqual([{ ...missed, caught_up: true }]);
	// Past the unpublish's grace (10 s): nothing was deleted, nothing registered; the same webhooks deliver.
	await pause(15_000);
	expect(sandbox.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/retry')).map((r) => [r.method, r.path])).toEqual([]);
	expect(sandbox.webhooks.map((w) => w.id)).toEqual(ids);
	expect((await executions()).length).toBe(before + 1);
	const marker = markerEvent('republished');
	const ran = await onlyTheMarkerRan(before + 1, () => sandbox.deliver(String(ended.id), marker));
	expect(await triggerOutput(ran.id)).toEqual([marker]);
}, 180_000);

test('unpublishing deletes the webhooks in Talkover (once the 10 s in which a publish would take them back have passed)', async () => {
	const ids = sandbox.webhooks.map((w) => w.id);
	sandbox.requests.length = 0;
	const publication = await server.deactivate(WORKFLOW);
	if (publication) expect(publication.status).toBe('not_published');
	await waitUntil(() => sandbox.webhooks.length === 0, 60_000);
	expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual(ids.map((id) => ['DELETE', `/api/v1/agents/${SALES_AGENT}/webhooks/${id}`]));
	expect(sandbox.webhooks).toHaveLength(0);
}, 120_000);

describe('Source → Campaign (the example campaign call ended → CRM)', () => {
	const campaignHooks = () => sandbox.webhooks.filter((w) => w.campaign_id === ACTIVE_CAMPAIGN);
	const campaignUrl = () => `http://127.0.0.1:${server.port}/webhook/${CAMPAIGN_WEBHOOK_ID}/webhook`;

	test('activation registers a webhook per chosen event on the campaign, each with the secret header and its event’s', async () => {
		sandbox.requests.length = 0;
		await server.activate(CAMPAIGN_WORKFLOW);
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
			['POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
			['POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
			['POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
		]);
		const secret = sandbox.requests[1].body.webhook_secret;
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(sandbox.requests.slice(1).map((r) => r.body)).toEqual(
			[
				['campaign_call.completed', 'Campaign call completed'],
				['campaign_call.failed', 'Campaign call failed'],
				['campaign_call.retry_scheduled', 'Campaign call retry scheduled'],
			].map(([event, label]) => ({ ...registration({ workflow: campaignExample.name, event, label, url: campaignUrl(), secret }), include_call_events: false })),
		);
		expect(campaignHooks()).toHaveLength(3);
	});

	test('campaign_call.completed from Talkover starts the workflow; the CRM record ID comes back from the call’s context', async () => {
		const call = { id: 'cc000000-0000-4000-8000-000000000002', to: '+15550107788', status: 'completed', context: { crm_record_id: 'crm-2001' } };
		const [delivered] = await sandbox.emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call: call });
		expect(delivered.status).toBe(200);
		const [execution] = await waitForExecutions(1, CAMPAIGN_WORKFLOW);
		expect(execution.status).toBe('success');
		expect(await triggerOutput(execution.id, 'Update CRM record')).toEqual([{ crm_record_id: 'crm-2001', talkover_campaign_call_id: call.id, lead_status: 'call_completed' }]);
	});

	test('a delivery without the secret gets 401; an event not chosen is not delivered: neither starts an execution', async () => {
		const before = (await executions(CAMPAIGN_WORKFLOW)).length;
		const refused = await sandbox.deliver(campaignHooks()[0].id, { event: 'campaign_call.completed' }, { headers: { [HEADER]: undefined } });
		expect(refused.status).toBe(401);
		expect(await sandbox.emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign.paused')).toEqual([]);
		const call = { id: 'cc000000-0000-4000-8000-000000000003', to: '+15550107789', status: 'completed', context: { crm_record_id: 'crm-marker' } };
		const ran = await onlyTheMarkerRan(before, () => sandbox.emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call: call }), CAMPAIGN_WORKFLOW);
		expect(await triggerOutput(ran.id, 'Update CRM record')).toEqual([{ crm_record_id: 'crm-marker', talkover_campaign_call_id: call.id, lead_status: 'call_completed' }]);
	});

	test('unpublishing deletes the webhooks on the campaign (once the grace has passed)', async () => {
		const ids = campaignHooks().map((w) => w.id);
		sandbox.requests.length = 0;
		await server.deactivate(CAMPAIGN_WORKFLOW);
		await waitUntil(() => campaignHooks().length === 0, 60_000);
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual(ids.map((id) => ['DELETE', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}`]));
		expect(campaignHooks()).toHaveLength(0);
	});
});

test('n8n stopped (SIGTERM, as a deploy) within the 10 s after an unpublish: its stop deletes the webhooks before it exits (the package’s n8n.stop hook in EXTERNAL_HOOK_FILES)', async () => {
	const publication = await server.activate(WORKFLOW);
	if (publication) expect(publication.status).toBe('published');
	const agentHooks = () => sandbox.webhooks.filter((w) => w.agent_id === SALES_AGENT).map((w) => String(w.id));
	const ids = agentHooks();
	expect(ids).toHaveLength(EVENTS.length);
	sandbox.requests.length = 0;
	const before = Date.now();
	await server.deactivate(WORKFLOW);
	// The stop is sent within the grace, and the deletions arrive before it would have ended: the stop sent them.
	expect(Date.now() - before).toBeLessThan(UNPUBLISH_GRACE_MS);
	await server.stop();
	const deletes = sandbox.requests.filter((r) => r.method === 'DELETE');
	expect(deletes.map((r) => r.path).sort()).toEqual(ids.map((id) => `/api/v1/agents/${SALES_AGENT}/webhooks/${id}`).sort());
	for (const request of deletes) expect(request.at - before).toBeLessThan(UNPUBLISH_GRACE_MS);
	expect(agentHooks()).toEqual([]);
}, 120_000);
