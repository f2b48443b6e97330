/**
 * Talkover Trigger with Source → Campaign, in process against the sandbox: the campaign event picker,
 * the webhook lifecycle through n8n-core's HookContext (activation, no second registration, static data
 * lost, deactivation), and real deliveries from the sandbox to a local receiver, handed to webhook().
 * The same lifecycle runs in a real n8n in test/e2e/trigger.e2e.ts.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';

import { HookContext, LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INode, INodeType, IWebhookFunctions } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../nodes/TalkoverTrigger/sources/unpublishLater';
import { additionalDataFor } from '../helpers/n8n';
import { SALES_AGENT, TOKEN, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN, DRAFT_CAMPAIGN, UNKNOWN_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();
const TYPE = 'n8n-nodes-talkover.talkoverTrigger';
const WEBHOOK_ID = '5b2d3c4e-6f70-4a81-9b2c-3d4e5f6a7b8c';

/** A local stand-in for n8n's webhook URL: records what Talkover delivers. */
let receiver: http.Server;
let receiverUrl = '';
const received: Array<{ headers: IDataObject; body: IDataObject }> = [];

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers as IDataObject, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/webhook`;
});
afterAll(async () => {
	receiver.closeAllConnections();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
	received.length = 0;
});

function setUp(parameters: IDataObject, staticData: IDataObject = {}) {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const node = { id: 't', name: 'Talkover Trigger', type: TYPE, typeVersion: 1, position: [0, 0], webhookId: WEBHOOK_ID, parameters, credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as INode;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'w', name: 'Campaign call ended → CRM', nodes: [node], connections: {}, active: true, nodeTypes, staticData: { [`node:${node.name}`]: staticData } });
	const additional = { ...additionalDataFor(credentials()), webhookBaseUrl: receiverUrl };
	/** What the hooks wrote to n8n's log (the deletion after an unpublish writes its failures there). */
	const logged: string[] = [];
	const hooks = () => {
		const context = new HookContext(workflow, node, additional, 'trigger', 'activate');
		Object.defineProperty(context, 'logger', { value: { info: () => undefined, warn: (text: string) => void logged.push(text), error: () => undefined, debug: () => undefined } });
		return context;
	};
	const methods = nodeType.webhookMethods!.default as Record<string, (this: unknown) => Promise<boolean>>;
	const loadOptions = (method: string) =>
		(nodeType.methods!.loadOptions![method] as any).call(new LoadOptionsContext(workflow, node, additionalDataFor(credentials()), 'parameters.campaignEvents'));
	return {
		checkExists: () => methods.checkExists.call(hooks()),
		create: () => methods.create.call(hooks()),
		remove: () => methods.delete.call(hooks()),
		/** The unpublish and, once its grace has passed (unpublishLater.ts), the deletion it left. */
		async unpublish() {
			expect(await methods.delete.call(hooks())).toBe(true);
			clock().advance(UNPUBLISH_GRACE_MS);
			await deletionsEnded();
		},
		logged,
		loadOptions,
		staticData: () => workflow.staticData[`node:${node.name}`] as IDataObject,
		url: `${receiverUrl}/${WEBHOOK_ID}/webhook`,
		/** What n8n would do with a delivery: call webhook() with its headers and body. */
		async handle(delivery: { headers: IDataObject; body: IDataObject }) {
			const response = { statusCode: 200, status(code: number) { this.statusCode = code; return this; }, json() { return this; } };
			const context = {
				getWorkflowStaticData: () => workflow.staticData[`node:${node.name}`],
				getHeaderData: () => delivery.headers,
				getBodyData: () => delivery.body,
				getNodeParameter: (name: string, fallback: unknown) => (name === 'options.ignoreTestEvents' ? ((parameters.options as IDataObject | undefined)?.ignoreTestEvents ?? fallback) : (parameters[name] ?? fallback)),
				getResponseObject: () => response,
				helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
			} as unknown as IWebhookFunctions;
			return { result: await nodeType.webhook!.call(context), status: response.statusCode };
		},
	};
}

const campaignTrigger = (events: string[], campaignId = ACTIVE_CAMPAIGN): IDataObject => ({
	source: 'campaign',
	campaignId: { __rl: true, mode: 'id', value: campaignId },
	campaignEvents: events,
	options: {},
});

describe('Campaign Events: the campaign’s available events, or the documented list', () => {
	test('contradiction: campaign webhooks list available_events as an array (agent webhooks: an object); both read, with the documented descriptions', async () => {
		const options = await setUp(campaignTrigger([])).loadOptions('getCampaignWebhookEvents');
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`]]);
		expect(options).toHaveLength(13);
		expect(options.find((o: IDataObject) => o.value === 'campaign_call.completed')).toEqual({ name: 'Campaign call completed', value: 'campaign_call.completed', description: 'A campaign call ended' });
		expect(options.find((o: IDataObject) => o.value === 'event_call_report')).toEqual({ name: 'Call report', value: 'event_call_report', description: 'Per-call event: the call report is ready' });
	});

	test('an event Talkover names like a property every object has (`constructor`, `toString`) is listed with no description, never with a function', async () => {
		// The documented descriptions are looked up by own key only, never with `known[name]`.
		const path = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`;
		sandbox().inject({ method: 'GET', path, status: 200, body: { success: true, data: { webhooks: [], available_events: ['constructor', 'toString', 'campaign_call.completed'] } } });
		const options = await setUp(campaignTrigger([])).loadOptions('getCampaignWebhookEvents');
		expect(options).toEqual([
			{ name: 'Campaign call completed', value: 'campaign_call.completed', description: 'A campaign call ended' },
			{ name: 'Constructor', value: 'constructor', description: '' },
			{ name: 'ToString', value: 'toString', description: '' },
		]);
	});

	test('a Source given by an expression as `constructor` or `toString` is the Agent source (as when none is set): its Agent field is asked for, never a TypeError', async () => {
		for (const source of ['constructor', 'toString', '__proto__']) {
			// n8n drops the Agent field, shown only for the Agent source, from a node whose Source is another value.
			const t = setUp({ source, agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} });
			sandbox().reset();
			await expect(t.checkExists()).rejects.toThrow('Agent: no agent is selected; choose one from the list or enter its ID');
			expect(sandbox().requests).toEqual([]);
		}
	});

	test.each([
		['the campaign is unknown (404)', UNKNOWN_CAMPAIGN],
		['no campaign chosen yet', ''],
	])('when loading fails (%s): the 13 documented events', async (_why, campaignId) => {
		const options = await setUp(campaignTrigger([], campaignId)).loadOptions('getCampaignWebhookEvents');
		expect(options.map((o: IDataObject) => o.value).sort()).toEqual(Object.keys(trigger.FALLBACK_CAMPAIGN_EVENTS).sort());
	});
});

describe('lifecycle on a campaign', () => {
	test('activation registers one webhook per chosen event on the campaign, each with the secret header, its event header and include_call_events for a per-call event only', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed', 'campaign.completed']));
		expect(await t.checkExists()).toBe(false);
		expect(await t.create()).toBe(true);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
			['POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
			['POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
		]);
		const [first, second] = [sandbox().requests[1].body, sandbox().requests[2].body];
		const registered = (event: string, label: string) => ({
			name: `n8n: Campaign call ended → CRM (Talkover Trigger: ${label})`,
			webhook_url: t.url,
			webhook_secret: first.webhook_secret,
			events: [event],
			custom_headers: [
				{ key: 'X-N8n-Talkover-Secret', value: first.webhook_secret },
				{ key: 'X-N8n-Talkover-Event', value: event },
			],
			timeout: 30,
			max_retries: 3,
			enabled: true,
			include_call_events: false,
		});
		expect(first).toEqual({ ...registered('campaign_call.completed', 'Campaign call completed'), webhook_secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect(second).toEqual(registered('campaign.completed', 'Campaign completed'));
		// catchUp: catching up (on by default) remembers deliveries from the webhooks' registration on.
		const [one, two] = sandbox().webhooks.map((w) => w.id);
		expect(t.staticData()).toEqual({
			webhookId: one,
			webhooks: [
				{ id: one, event: 'campaign_call.completed' },
				{ id: two, event: 'campaign.completed' },
			],
			campaignId: ACTIVE_CAMPAIGN,
			secret: `sha256:${createHash('sha256').update(String(first.webhook_secret)).digest('hex')}`,
			catchUp: { watchingSince: Date.parse('2026-01-15T12:00:00Z'), sent: {} },
		});
		expect(sandbox().webhooks.map((w) => w.campaign_id)).toEqual([ACTIVE_CAMPAIGN, ACTIVE_CAMPAIGN]);
	});

	test('a per-call event chosen sends include_call_events true on its own webhook', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed', 'event_call_report']));
		await t.create();
		expect(sandbox().requests.map((r) => [r.body.events, r.body.include_call_events])).toEqual([
			[['campaign_call.completed'], false],
			[['event_call_report'], true],
		]);
	});

	test('activation again (n8n restart) finds the webhook: nothing is registered twice, its delivery log is read (catching up, on by default)', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		const id = String(t.staticData().webhookId);
		sandbox().requests.length = 0;
		expect(await t.checkExists()).toBe(true);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
			['GET', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}/logs`],
		]);
		expect(sandbox().webhooks).toHaveLength(1);
	});

	test('static data lost: the webhook for this URL (its secret unknown) is deleted and replaced, still one', async () => {
		const first = setUp(campaignTrigger(['campaign_call.completed']));
		await first.create();
		const orphan = sandbox().webhooks[0].id;
		const fresh = setUp(campaignTrigger(['campaign_call.completed']));
		expect(await fresh.checkExists()).toBe(false);
		await fresh.create();
		expect(sandbox().requestsTo('DELETE').map((r) => r.path)).toEqual([`/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${orphan}`]);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([fresh.staticData().webhookId]);
	});

	test('another campaign’s webhooks and the agent’s are left alone', async () => {
		await setUp({ agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} }).create();
		await setUp(campaignTrigger(['campaign.started'], DRAFT_CAMPAIGN)).create();
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		expect(await t.checkExists()).toBe(false);
		await t.create();
		expect(sandbox().requestsTo('DELETE')).toHaveLength(0);
		expect(sandbox().webhooks).toHaveLength(3);
	});

	test('unpublishing deletes the webhook on the campaign it was made on', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		const id = sandbox().webhooks[0].id;
		sandbox().requests.length = 0;
		await t.unpublish();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}`]]);
		expect(sandbox().webhooks).toHaveLength(0);
		expect(t.logged).toEqual([]);
	});

	test('an unknown campaign: activation fails with "Campaign not found" and registers nothing', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed'], UNKNOWN_CAMPAIGN));
		await expect(t.checkExists()).rejects.toThrow(`Campaign not found: Talkover has no campaign with ID ${UNKNOWN_CAMPAIGN}`);
		expect(sandbox().webhooks).toHaveLength(0);
	});

	test('no event chosen: activation refuses before sending', async () => {
		await expect(setUp(campaignTrigger([])).create()).rejects.toThrow('Campaign Events: choose at least one event');
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('the webhook list is read as documented, or activation fails', () => {
	const agentTrigger = (): IDataObject => ({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} });
	const sources = [
		['campaign', () => campaignTrigger(['campaign_call.completed']), `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
		['agent', agentTrigger, `/api/v1/agents/${SALES_AGENT}/webhooks`],
	] as const;
	const unreadable: Array<[string, unknown]> = [
		['data is the list itself', { success: true, data: [] }],
		['no data', { success: true }],
		['data without webhooks', { success: true, data: { available_events: [] } }],
		['webhooks is not a list', { success: true, data: { webhooks: { id: 'w1' } } }],
		['a webhook that is not an object', { success: true, data: { webhooks: ['w1'] } }],
		['a bare list', [{ id: 'w1' }]],
	];

	describe.each(sources)('%s source', (_kind, parameters, path) => {
		test.each(unreadable)('%s: every activation fails with a clear error and no webhook is added', async (_what, body) => {
			sandbox().inject({ method: 'GET', path, status: 200, body, times: Infinity });
			const t = setUp(parameters());
			for (let i = 0; i < 3; i++) {
				await expect(t.checkExists()).rejects.toThrow(/^Talkover's (list of webhooks could not be read|answer does not have the expected data)/);
			}
			expect(sandbox().requestsTo('POST')).toHaveLength(0);
			expect(sandbox().requestsTo('DELETE')).toHaveLength(0);
		});

		test('numeric webhook IDs: the recorded webhook is found (IDs compared as IDs), nothing deleted or re-created', async () => {
			const t = setUp(parameters(), { webhookId: '42', [path.includes('campaign') ? 'campaignId' : 'agentId']: path.includes('campaign') ? ACTIVE_CAMPAIGN : SALES_AGENT, secret: 's3cret' });
			sandbox().inject({ method: 'GET', path, status: 200, body: { success: true, data: { webhooks: [{ id: 42, webhook_url: t.url, events: [] }] } }, times: Infinity });
			for (let i = 0; i < 2; i++) expect(await t.checkExists()).toBe(true);
			expect(sandbox().requestsTo('DELETE')).toHaveLength(0);
		});

		test('the documented list without available_events (openapi.json requires neither key… but webhooks) is read', async () => {
			sandbox().inject({ method: 'GET', path, status: 200, body: { success: true, data: { webhooks: [] } } });
			expect(await setUp(parameters()).checkExists()).toBe(false);
		});
	});

	test.each([
		['data is a list', { success: true, data: [{ id: 'w9' }] }],
		['a bare webhook (undocumented)', { id: 'w9', webhook_url: 'x' }],
		['success: true without data', { success: true }],
	])('a create answer that is not documented (%s) is an error', async (_what, body) => {
		sandbox().inject({ method: 'POST', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`, status: 201, body });
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await expect(t.create()).rejects.toThrow();
		expect(t.staticData()).toEqual({});
	});

	test('a numeric ID in the create answer is recorded as text and deleted at deactivation', async () => {
		sandbox().inject({ method: 'POST', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`, status: 201, body: { success: true, data: { id: 7, campaign_id: ACTIVE_CAMPAIGN } } });
		sandbox().inject({ method: 'DELETE', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/7`, status: 200, body: { success: true, message: 'Campaign webhook deleted' } });
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		expect(t.staticData().webhookId).toBe('7');
		await t.unpublish();
		expect(sandbox().requestsTo('DELETE').map((r) => r.path)).toEqual([`/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/7`]);
	});

	test('unpublishing: a delete answer that is not documented is a failure in n8n’s log (the webhook kept on record); a 404 (already gone) is not', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		const id = sandbox().webhooks[0].id;
		sandbox().inject({ method: 'DELETE', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}`, status: 200, body: {} });
		await t.unpublish();
		expect(t.logged).toEqual([expect.stringContaining(`the webhook ${id} of the unpublished workflow could not be deleted in Talkover (the next publish replaces it): Talkover's answer does not say whether the request succeeded (HTTP 200)`)]);
		expect(t.staticData().webhookId).toBe(id);
		sandbox().inject({ method: 'DELETE', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${id}`, status: 404, body: { success: false, message: 'Webhook not found.' } });
		await t.unpublish();
		expect(t.logged).toHaveLength(1);
	});
});

describe('a 2xx with success: false on the webhooks is Talkover’s failure, with its words in the message', () => {
	const agentTrigger = (): IDataObject => ({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} });
	const sources = [
		['campaign', () => campaignTrigger(['campaign_call.completed']), `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
		['agent', agentTrigger, `/api/v1/agents/${SALES_AGENT}/webhooks`],
	] as const;

	describe.each(sources)('%s source', (_kind, parameters, path) => {
		test.each([200, 201])('create answered %i {success:false, message, data:{id}}: activation fails, no webhook ID kept', async (status) => {
			sandbox().inject({ method: 'POST', path, status, body: { success: false, message: 'The webhook url must be reachable.', data: { id: 'w-not-created' } } });
			const t = setUp(parameters());
			await expect(t.create()).rejects.toThrow('Talkover answered that registering the webhook failed (HTTP ' + status + '): "The webhook url must be reachable."');
			expect(t.staticData()).toEqual({});
		});

		test('the list answered 200 {success:false, message, data:{webhooks:[…]}}: an error, nothing registered or deleted', async () => {
			sandbox().inject({ method: 'GET', path, status: 200, body: { success: false, message: 'Partial outage', data: { webhooks: [] } }, times: Infinity });
			const t = setUp(parameters());
			await expect(t.checkExists()).rejects.toThrow('Talkover answered that reading the webhooks failed (HTTP 200): "Partial outage"');
			expect(sandbox().requestsTo('POST')).toHaveLength(0);
			expect(sandbox().requestsTo('DELETE')).toHaveLength(0);
		});

		test('delete answered 200 {success:false, message}: n8n’s log says so in Talkover’s words, and the webhook stays on record', async () => {
			const t = setUp(parameters());
			await t.create();
			const before = { ...t.staticData() };
			sandbox().inject({ method: 'DELETE', path: `${path}/${String(before.webhookId)}`, status: 200, body: { success: false, message: 'Webhook could not be deleted' } });
			await t.unpublish();
			expect(t.logged).toEqual([expect.stringContaining('Talkover answered that deleting the webhook failed (HTTP 200): "Webhook could not be deleted"')]);
			expect(t.staticData()).toEqual({ ...before, unpublishedAt: expect.any(Number) });
		});

		test('static data lost, and the old webhook’s delete answered 200 {success:false}: activation fails, nothing new registered', async () => {
			const t = setUp(parameters());
			await t.create();
			const id = String(t.staticData().webhookId);
			for (const key of Object.keys(t.staticData())) delete t.staticData()[key];
			sandbox().inject({ method: 'DELETE', path: `${path}/${id}`, status: 200, body: { success: false, message: 'Webhook is locked' } });
			await expect(t.checkExists()).rejects.toThrow('Talkover answered that deleting the old webhook for this node failed (HTTP 200): "Webhook is locked"');
			expect(sandbox().requestsTo('POST')).toHaveLength(1);
		});
	});
});

describe('the webhook secret Talkover echoes when registering fails is shown in no part', () => {
	const agentTrigger = (): IDataObject => ({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} });
	const cases = [
		['campaign', 422, () => campaignTrigger(['campaign_call.completed']), `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
		['agent', 422, agentTrigger, `/api/v1/agents/${SALES_AGENT}/webhooks`],
		['campaign', 200, () => campaignTrigger(['campaign_call.completed']), `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
		['agent', 200, agentTrigger, `/api/v1/agents/${SALES_AGENT}/webhooks`],
	] as const;

	test.each(cases)('%s source, HTTP %i: echoed whole, or across the point where the message is clipped', async (_kind, status, parameters, path) => {
		sandbox().inject({
			method: 'POST',
			path,
			reply: (request) => {
				const secret = String((request.body as IDataObject).webhook_secret);
				return { status, body: { success: false, message: `${'The webhook could not be verified with the given secret '.padEnd(170, '.')}${secret}`, errors: [`secret ${secret} rejected`] } };
			},
		});
		const t = setUp(parameters());
		const error = (await t.create().catch((e: unknown) => e)) as Error & { description?: string };
		const secret = String(sandbox().requests.at(-1)!.body.webhook_secret);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		const shown = JSON.stringify({ message: error.message, description: error.description, stack: error.stack, all: { ...error, node: undefined } });
		const parts = Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8)).filter((part) => shown.includes(part));
		expect(error.message).toContain('The webhook could not be verified');
		expect(parts).toEqual([]);
		expect(t.staticData()).toEqual({});
	});
});

describe('deliveries from Talkover', () => {
	test('campaign_call.completed (sent when Talkover delivers it) starts the workflow with the body and the event name', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		const call = { id: 'cc-1', to: '+15550107788', status: 'completed', context: { crm_record_id: 'crm-2001' } };
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call: call });
		expect(received).toHaveLength(1);
		const { result, status } = await t.handle(received[0]);
		expect(status).toBe(200);
		expect(result.workflowData![0]).toEqual([{ json: { event: 'campaign_call.completed', campaign_id: ACTIVE_CAMPAIGN, campaign_name: 'Q1 Outreach', campaign_call: call, timestamp: expect.any(String) } }]);
	});

	test('events not chosen are not delivered by Talkover (subscribed variant)', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign.paused');
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_recording');
		expect(received).toHaveLength(0);
	});

	test('contradiction: include_call_events "also delivers per-call events", chosen or not (all variant): an unchosen one is answered and starts nothing', async () => {
		sandbox().includeCallEventsMode = 'all';
		const t = setUp(campaignTrigger(['campaign_call.completed', 'event_call_report']));
		await t.create();
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_recording', { call_id: 'c1' });
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_report', { call_id: 'c1' });
		expect(received.map((d) => d.body.event)).toEqual(['event_recording', 'event_call_report']);
		const recording = await t.handle(received[0]);
		expect(recording.result).toEqual({ webhookResponse: { received: true, ignored: 'event_recording' } });
		const report = await t.handle(received[1]);
		expect(report.result.workflowData![0][0].json).toMatchObject({ event: 'event_call_report', call_id: 'c1' });
	});

	test('the sandbox’s own events: a campaign status change reaches a webhook that chose it', async () => {
		const t = setUp(campaignTrigger(['campaign.paused']));
		await t.create();
		await fetch(`${sandbox().url}/api/v1/campaigns/${ACTIVE_CAMPAIGN}/status`, { method: 'PATCH', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'paused' }) });
		await Promise.all(sandbox().autoCampaignDeliveries);
		expect(received.map((d) => d.body.event)).toEqual(['campaign.paused']);
		expect((await t.handle(received[0])).result.workflowData).toHaveLength(1);
	});

	test('a delivery without the secret (not from Talkover) gets 401 and starts nothing', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		await sandbox().deliver(sandbox().webhooks[0].id, { event: 'campaign_call.completed' }, { headers: { 'X-N8n-Talkover-Secret': undefined } });
		const { result, status } = await t.handle(received[0]);
		expect(status).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	test('Talkover’s Test button as Test Webhook sends it (webhook.test) on a campaign webhook passes through', async () => {
		sandbox().campaignTestPayload = 'webhook.test';
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		const response = await fetch(`${sandbox().url}/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${sandbox().webhooks[0].id}/test`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(await response.json()).toEqual({ success: true, message: 'Test payload dispatched' });
		const { result } = await t.handle(received[0]);
		expect(result.workflowData![0][0].json).toMatchObject({ event: 'webhook.test', campaign_id: ACTIVE_CAMPAIGN, test: true });
	});
});

describe('the campaign webhook’s Test button (one made-up event of the webhook’s, test: true)', () => {
	/** A published trigger on `events`, Ignore Test Deliveries as given; Talkover's Test button pressed on its first webhook: what webhook() made of it. */
	async function testPressed(events: string[], ignoreTestEvents?: boolean) {
		const t = setUp({ ...campaignTrigger(events), options: ignoreTestEvents === undefined ? {} : { ignoreTestEvents } });
		await t.create();
		const response = await fetch(`${sandbox().url}/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks/${sandbox().webhooks[0].id}/test`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(await response.json()).toEqual({ success: true, message: 'Test payload dispatched' });
		expect(received.map((d) => [d.body.event, d.body.test])).toEqual([[events[0], true]]);
		return { t, ...(await t.handle(received[0])) };
	}

	test('with Ignore Test Deliveries on: answered, and no execution starts', async () => {
		const { result, status } = await testPressed(['campaign_call.completed'], true);
		expect(status).toBe(200);
		expect(result).toEqual({ webhookResponse: { received: true, ignored: 'test' } });
	});

	test('with Ignore Test Deliveries off (the default): it starts the workflow each time it is pressed, never taken for a delivery seen before', async () => {
		const { t, result } = await testPressed(['campaign.completed']);
		expect(result.workflowData![0][0].json).toMatchObject({ event: 'campaign.completed', campaign_id: ACTIVE_CAMPAIGN, test: true });
		const again = await t.handle(received[0]);
		expect(again.result.workflowData![0][0].json).toMatchObject({ event: 'campaign.completed', test: true });
		expect(t.staticData().deliveries ?? {}).toEqual({});
	});

	test('a live event of the same name is not a test: it still starts the workflow with Ignore Test Deliveries on', async () => {
		const t = setUp({ ...campaignTrigger(['campaign.completed']), options: { ignoreTestEvents: true } });
		await t.create();
		await sandbox().deliver(sandbox().webhooks[0].id, { event: 'campaign.completed', campaign_id: ACTIVE_CAMPAIGN, test: false });
		expect((await t.handle(received[0])).result.workflowData![0][0].json).toMatchObject({ event: 'campaign.completed' });
	});
});

describe('parameters (public API)', () => {
	const { description } = new trigger.TalkoverTrigger();
	const visible = (parameters: IDataObject) =>
		description.properties.filter((p) => NodeHelpers.displayParameter(parameters as never, p, { typeVersion: 1 } as INode, description)).map((p) => p.name);

	test('Source → Agent (the default, so version-1 workflows keep working) and Source → Campaign', () => {
		// A workflow saved before Source existed: n8n fills in the default, agent.
		const v1 = { agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] };
		const filled = NodeHelpers.getNodeParameters(description.properties, v1 as never, true, false, null, description)!;
		expect(filled.source).toBe('agent');
		expect(visible(filled as IDataObject)).toEqual(['source', 'agentId', 'events', 'options']);
		expect(visible({ source: 'agent' })).toEqual(['source', 'agentId', 'events', 'options']);
		expect(visible({ source: 'campaign' })).toEqual(['source', 'campaignId', 'campaignEvents', 'options']);
		expect(description.properties.find((p) => p.name === 'source')!.default).toBe('agent');
	});
});

describe('the node’s own webhook is found by its recorded ID, then by its URL as Talkover writes it', () => {
	const agentTrigger = (): IDataObject => ({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} });
	const sources = [
		['campaign', () => campaignTrigger(['campaign_call.completed']), `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/webhooks`],
		['agent', agentTrigger, `/api/v1/agents/${SALES_AGENT}/webhooks`],
	] as const;
	/** What n8n does on activation: create() only when checkExists() says false. */
	const activate = async (t: ReturnType<typeof setUp>) => {
		if (!(await t.checkExists())) await t.create();
	};
	const upperHost = (url: string) => url.replace(/^http:\/\/[^/]+/, (origin) => origin.toUpperCase());

	describe.each(sources)('%s source', (_kind, parameters, path) => {
		test.each([
			['with a trailing slash', (url: string) => `${url}/`],
			['with scheme and host in upper case', upperHost],
		])('Talkover lists the webhook_url %s: three activations, one webhook, nothing deleted or re-created', async (_how, rewrite) => {
			const t = setUp(parameters());
			await activate(t);
			expect(sandbox().webhooks).toHaveLength(1);
			for (const w of sandbox().webhooks) w.webhook_url = rewrite(String(w.webhook_url));
			await activate(t);
			await activate(t);
			expect(sandbox().webhooks).toHaveLength(1);
			expect(sandbox().requestsTo('DELETE')).toHaveLength(0);
			expect(sandbox().requestsTo('POST')).toHaveLength(1);
		});

		test('static data lost, the webhook listed with a trailing slash: it is found by its URL and replaced, still one webhook', async () => {
			const t = setUp(parameters());
			await activate(t);
			for (const w of sandbox().webhooks) w.webhook_url = `${String(w.webhook_url)}/`;
			for (const key of Object.keys(t.staticData())) delete t.staticData()[key];
			await activate(t);
			expect(sandbox().webhooks).toHaveLength(1);
			expect(sandbox().requestsTo('DELETE')).toHaveLength(1);
		});

		test('the recorded webhook now points at another URL: it is replaced (deleted, created for this URL)', async () => {
			const t = setUp(parameters());
			await activate(t);
			const first = sandbox().webhooks[0].id;
			sandbox().webhooks[0].webhook_url = 'https://elsewhere.example/hook';
			await activate(t);
			expect(sandbox().webhooks.map((w) => w.webhook_url)).toEqual([t.url]);
			expect(sandbox().requestsTo('DELETE').map((r) => r.path)).toEqual([`${path}/${first}`]);
		});

		test('webhooks listed without webhook_url (as `url`): the recorded webhook is kept by its ID; without it, activation fails and adds nothing', async () => {
			const t = setUp(parameters());
			await activate(t);
			const listed = () => ({ status: 200, body: { success: true, data: { webhooks: sandbox().webhooks.map(({ webhook_url: url, ...w }) => ({ ...w, url })), available_events: {} } } });
			sandbox().inject({ method: 'GET', path, times: Infinity, reply: listed });
			await activate(t);
			await activate(t);
			expect(sandbox().webhooks).toHaveLength(1);
			expect(sandbox().requestsTo('POST')).toHaveLength(1);
			for (const key of Object.keys(t.staticData())) delete t.staticData()[key];
			for (let i = 0; i < 3; i++) await expect(activate(t)).rejects.toThrow(/^Talkover's list of webhooks could not be read \(a webhook \(ID [^)]+\) has no webhook_url\)/);
			expect(sandbox().webhooks).toHaveLength(1);
			expect(sandbox().requestsTo('POST')).toHaveLength(1);
			expect(sandbox().requestsTo('DELETE')).toHaveLength(0);
		});

		test.each([
			['{success: true, data: {id, error}}', { success: true, data: { id: 'wh-1', error: { code: 'FAILED', message: 'The webhook could not be saved' } } }, /an error instead of a record/],
			['{success: true, data: {}}', { success: true, data: {} }, /the record's id is missing/],
		])('registering the webhook answered %s: activation fails and keeps no webhook ID', async (_what, body, message) => {
			sandbox().inject({ method: 'POST', path, status: 200, body });
			const t = setUp(parameters());
			await expect(activate(t)).rejects.toThrow(message);
			expect(t.staticData().webhookId).toBeUndefined();
		});

		test('a listed webhook with neither an ID nor a webhook_url makes the list unreadable: activation fails, nothing added', async () => {
			sandbox().inject({ method: 'GET', path, status: 200, times: Infinity, body: { success: true, data: { webhooks: [{ name: 'n8n: x', events: [] }], available_events: {} } } });
			const t = setUp(parameters());
			for (let i = 0; i < 3; i++) await expect(activate(t)).rejects.toThrow("Talkover's list of webhooks could not be read (a webhook has no webhook_url)");
			expect(sandbox().requestsTo('POST')).toHaveLength(0);
		});

		test('a listed webhook without a webhook_url whose ID is 100,000 characters long is named clipped: activation fails, nothing added', async () => {
			sandbox().inject({ method: 'GET', path, status: 200, times: Infinity, body: { success: true, data: { webhooks: [{ id: 'w'.repeat(100_000), name: 'n8n: x', events: [] }], available_events: {} } } });
			const t = setUp(parameters());
			await expect(activate(t)).rejects.toThrow(`Talkover's list of webhooks could not be read (a webhook (ID ${'w'.repeat(80)}… (100000 characters)) has no webhook_url)`);
			expect(sandbox().requestsTo('POST')).toHaveLength(0);
		});

		test('Talkover gives the new webhook’s ID in upper case and lists it in lower case: the live webhook is kept, its log read at the ID as listed', async () => {
			const t = setUp(parameters());
			const id = '7a1b2c3d-0000-4000-8000-00000000abcd';
			sandbox().inject({
				method: 'POST',
				path,
				reply: (r) => {
					const owner = path.includes('campaigns') ? { campaign_id: ACTIVE_CAMPAIGN } : { agent_id: SALES_AGENT };
					sandbox().webhooks.push({ id, ...owner, ...r.body, enabled: true, created_at: '2026-01-15T12:00:00Z', updated_at: '2026-01-15T12:00:00Z' });
					return { status: 201, body: { success: true, data: { id: id.toUpperCase(), ...owner, ...r.body } } };
				},
			});
			await activate(t);
			sandbox().requests.length = 0;
			await activate(t);
			await activate(t);
			const logs = `${path}/${id}/logs`;
			expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', path], ['GET', logs], ['GET', path], ['GET', logs]]);
		});
	});
});

describe('the event webhook’s secret: kept only as a hash, and never in an item', () => {
	const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
	const header = (secret: string) => ({ 'x-n8n-talkover-secret': secret });

	test.each([
		['Campaign', () => campaignTrigger(['campaign_call.completed']), 'campaign_call.completed'],
		['Agent', () => ({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] }), 'event_phone_call_ended'],
	])('%s source: the static data holds only the SHA-256 of the secret sent; a delivery echoing the secret (and an action header value) gives an item without them', async (_source, parameters, event) => {
		const t = setUp(parameters());
		await t.create();
		const secret = String(sandbox().requests.at(-1)!.body.webhook_secret);
		expect(JSON.stringify(t.staticData())).not.toContain(secret);
		expect(t.staticData().secret).toBe(sha256(secret));
		const body = { event, note: `signed with ${secret}`, webhook_secret: secret, action: { custom_headers: [{ key: 'X-N8n-Talkover-Secret', value: secret }, { key: 'X-Api-Key', value: 'sk_live_k' }] }, token: TOKEN };
		const { result, status } = await t.handle({ headers: header(secret), body });
		expect(status).toBe(200);
		const item = (result.workflowData as unknown as Array<Array<{ json: IDataObject }>>)[0][0].json;
		expect(JSON.stringify(item)).not.toContain(secret);
		expect(JSON.stringify(item)).not.toContain('sk_live_k');
		expect(item.note).toBe('signed with ***');
		const refused = await t.handle({ headers: header(String(t.staticData().secret)), body: { event } });
		expect(refused.status).toBe(401);
	});

	test('a record an earlier version kept in clear: deliveries still accepted; the next activation (n8n restart) keeps the webhook and leaves only the hash', async () => {
		const t = setUp(campaignTrigger(['campaign_call.completed']));
		await t.create();
		const secret = String(sandbox().requests.at(-1)!.body.webhook_secret);
		t.staticData().secret = secret;
		expect((await t.handle({ headers: header(secret), body: { event: 'campaign_call.completed', id: 1 } })).status).toBe(200);
		sandbox().requests.length = 0;
		expect(await t.checkExists()).toBe(true);
		expect(sandbox().requests.map((r) => r.method)).toEqual(['GET', 'GET']);
		expect(t.staticData().secret).toBe(sha256(secret));
		expect((await t.handle({ headers: header(secret), body: { event: 'campaign_call.completed', id: 2 } })).status).toBe(200);
	});
});
