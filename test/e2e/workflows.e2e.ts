/**
 * The packed package inside a real n8n, headless. Every example workflow and one workflow per
 * operation run in one `n8n start`, as the editor's "Execute workflow" runs them (faults.e2e.ts and
 * ai-agent.e2e.ts use the CLI's `n8n execute`), against the sandbox (which runs in this jest process); the
 * run data and the requests the sandbox saw are checked, and the requests are compared with what the same
 * node parameters send in the in-process harness (test/helpers/n8n.ts), so both test layers agree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, SALES_AGENT, SUPPORT_AGENT, TOKEN } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN, AVA_PRO, COMPLETED_CAMPAIGN, DEMO_EVENT, DRAFT_CAMPAIGN, SALES_CALENDAR, SEEDED_ACTION, SEEDED_AGENT_DELIVERY, SEEDED_AGENT_WEBHOOK, SEEDED_CAMPAIGN_WEBHOOK } from '../helpers/seed';
import type { RecordedRequest, TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer, WorkflowFile } from './real-n8n';
import { outputOf } from './real-n8n';

const DRAFT_AGENT = '550e8400-e29b-41d4-a716-446655440002';
const GOOD = { id: 'talkoverGood', name: 'Talkover API' };
const BAD = { id: 'talkoverBad', name: 'Talkover API (wrong token)' };
const TYPE = 'n8n-nodes-talkover.talkover';

/** One happy-path parameter set per operation (the same table as the in-process Continue On Fail tests). */
const OPERATIONS: Array<[string, INodeParameters]> = [
	['agent create', { resource: 'agent', operation: 'create', label: 'E2E', name: 'E2E agent' }],
	['agent delete', { resource: 'agent', operation: 'delete', agentId: byId(DRAFT_AGENT) }],
	['agent get', { resource: 'agent', operation: 'get', agentId: byId(SUPPORT_AGENT) }],
	['agent getMany', { resource: 'agent', operation: 'getMany', returnAll: true }],
	['agent publish', { resource: 'agent', operation: 'publish', agentId: byId(SALES_AGENT) }],
	['agent unpublish', { resource: 'agent', operation: 'unpublish', agentId: byId(SUPPORT_AGENT) }],
	['agent updateCalling', { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT), direction: 'inbound' }],
	['agent updateFlow', { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT), conversationMode: 'llm_driven' }],
	// Agent actions (the tools a voice agent calls during a call).
	['agentAction create', { resource: 'agentAction', operation: 'create', agentId: byId(SALES_AGENT), actionType: 'webhook', name: 'Look up caller', description: 'Finds the caller in the CRM', nodeId: 'action-node-e2e', url: 'https://n8n.example.com/webhook/x', transferTo: '+15551234567', holdDuration: 30 }],
	['agentAction delete', { resource: 'agentAction', operation: 'delete', agentId: byId(SUPPORT_AGENT), actionId: byId(SEEDED_ACTION) }],
	['agentAction getMany', { resource: 'agentAction', operation: 'getMany', agentId: byId(SUPPORT_AGENT), returnAll: true }],
	['agentAction update', { resource: 'agentAction', operation: 'update', agentId: byId(SUPPORT_AGENT), actionId: byId(SEEDED_ACTION), actionType: 'webhook', name: 'Look up caller', description: 'Finds the caller in the CRM', nodeId: 'action-node-456', url: 'https://n8n.example.com/webhook/y', transferTo: '+15551234567', holdDuration: 30 }],
	['call end', { resource: 'call', operation: 'end', agentId: byId(SALES_AGENT), callId: 'c0ffee00-0000-4000-8000-000000000001' }],
	['call getActive', { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: '+1 (555) 123-4567' }],
	['call getMany', { resource: 'call', operation: 'getMany', limit: 2 }],
	['call make', { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550009999', isTesting: true }],
	// Calendars and events.
	['calendar getAvailability', { resource: 'calendar', operation: 'getAvailability', calendarId: byId(SALES_CALENDAR), from: '2026-03-02T13:00:00Z', to: '2026-03-02T17:00:00Z', durationMinutes: 30 }],
	['calendar getMany', { resource: 'calendar', operation: 'getMany', returnAll: true }],
	['calendarEvent create', { resource: 'calendarEvent', operation: 'create', calendarId: byId(SALES_CALENDAR), title: 'E2E demo', startAt: '2026-03-02T14:00:00Z', endAt: '2026-03-02T14:30:00Z', additionalFields: { attendees: { attendee: [{ name: 'Carol', email: 'carol@initech.example' }] } } }],
	['calendarEvent delete', { resource: 'calendarEvent', operation: 'delete', calendarId: byId(SALES_CALENDAR), eventId: byId(DEMO_EVENT) }],
	['calendarEvent get', { resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR), eventId: byId(DEMO_EVENT) }],
	['calendarEvent getMany', { resource: 'calendarEvent', operation: 'getMany', calendarId: byId(SALES_CALENDAR), returnAll: true, filters: { status: 'confirmed' } }],
	['calendarEvent update', { resource: 'calendarEvent', operation: 'update', calendarId: byId(SALES_CALENDAR), eventId: byId(DEMO_EVENT), updateFields: { startAt: '2026-03-02T16:00:00Z', endAt: '2026-03-02T16:30:00Z' } }],
	// Agent voice, knowledge, advanced settings and calls; campaigns and credits.
	['agent getCalls', { resource: 'agent', operation: 'getCalls', agentId: byId(SALES_AGENT), returnAll: true, filters: { direction: 'outbound' } }],
	['agent getPricing', { resource: 'agent', operation: 'getPricing', agentId: byId(SUPPORT_AGENT), detail: 'full' }],
	['agent updateAdvancedSettings', { resource: 'agent', operation: 'updateAdvancedSettings', agentId: byId(SUPPORT_AGENT), enableInitialMessageCache: true }],
	['agent updateKnowledge', { resource: 'agent', operation: 'updateKnowledge', agentId: byId(SUPPORT_AGENT), description: 'Handles support calls', interruptSensitivity: 'high', askIfHumanPresentOnIdle: true, llmTemperature: 0.5, initialMessageDelay: 1, additionalFields: { initialMessage: 'Hello, how can I help?' } }],
	['agent updateVoice', { resource: 'agent', operation: 'updateVoice', agentId: byId(SUPPORT_AGENT), voiceQualityTier: 'pro', voiceId: AVA_PRO, conversationSpeed: 1.3, whoSpeaksFirst: 'agent', similarity: 0.8, stability: 0.7 }],
	['campaign addCall', { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '+15550009999', isTesting: true }],
	['campaign create', { resource: 'campaign', operation: 'create', name: 'E2E', campaignType: 'sales', agentId: byId(SALES_AGENT), startDate: '2026-04-01', daysOfWeek: [1, 2, 3], callTimeRanges: { ranges: [{ start: '09:00', end: '17:00' }] }, timezone: 'Europe/London' }],
	['campaign delete', { resource: 'campaign', operation: 'delete', campaignId: byId(DRAFT_CAMPAIGN) }],
	['campaign get', { resource: 'campaign', operation: 'get', campaignId: byId(ACTIVE_CAMPAIGN) }],
	['campaign getMany', { resource: 'campaign', operation: 'getMany', returnAll: true, filters: { status: 'active' } }],
	['campaign update', { resource: 'campaign', operation: 'update', campaignId: byId(DRAFT_CAMPAIGN), updateFields: { maxRetries: 2, clearEndDate: true } }],
	['campaign updateStatus', { resource: 'campaign', operation: 'updateStatus', campaignId: byId(DRAFT_CAMPAIGN), status: 'active' }],
	['credit getBalance', { resource: 'credit', operation: 'getBalance' }],
	['flow get', { resource: 'flow', operation: 'get', agentId: byId(SUPPORT_AGENT) }],
	['flow getVersions', { resource: 'flow', operation: 'getVersions', agentId: byId(SUPPORT_AGENT) }],
	['flow validate', { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT) }],
	['phoneNumber getMany', { resource: 'phoneNumber', operation: 'getMany', returnAll: true }],
	// The seeded webhooks' delivery logs (test/sandbox/webhookLogs.js).
	['webhookDelivery getMany', { resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'campaign', campaignId: byId(COMPLETED_CAMPAIGN), webhookId: byId(SEEDED_CAMPAIGN_WEBHOOK), returnAll: true, filters: { status: ['failed'] } }],
	['webhookDelivery retry', { resource: 'webhookDelivery', operation: 'retry', webhookOf: 'agent', agentId: byId(DRAFT_AGENT), webhookId: byId(SEEDED_AGENT_WEBHOOK), deliveryId: SEEDED_AGENT_DELIVERY }],
];

const trigger = { id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

function talkoverNode(name: string, parameters: INodeParameters, credential: { id: string; name: string }, extra: IDataObject = {}): IDataObject {
	return { id: name, name, type: TYPE, typeVersion: 1, position: [300, 0], parameters, credentials: { talkoverApi: credential }, ...extra };
}

/** Start → "Talkover" (good token) and Start → "Talkover (wrong token)" (an error item: Continue On Fail). */
function operationWorkflow(i: number, parameters: INodeParameters): WorkflowFile {
	return {
		id: `talkoverOp${i}`,
		name: `Operation ${i}`,
		nodes: [trigger, talkoverNode('Talkover', parameters, GOOD), talkoverNode('Talkover (wrong token)', parameters, BAD, { onError: 'continueRegularOutput', position: [300, 200] })],
		connections: { Start: { main: [[{ node: 'Talkover', type: 'main', index: 0 }, { node: 'Talkover (wrong token)', type: 'main', index: 0 }]] } },
	};
}

/**
 * An example as shipped, with its webhook trigger replaced by Start → a Set node of the same name that
 * emits the example's pinned webhook item (n8n's CLI starts workflows only from a manual trigger).
 */
function exampleWorkflow(file: string, i: number): WorkflowFile {
	const example = JSON.parse(fs.readFileSync(file, 'utf8'));
	const webhook = example.nodes.find((n: IDataObject) => n.type === 'n8n-nodes-base.webhook');
	const pinned = example.pinData[webhook.name][0].json;
	const standIn = {
		id: webhook.id,
		name: webhook.name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: webhook.position,
		parameters: { mode: 'raw', jsonOutput: JSON.stringify(pinned), options: {} },
	};
	const nodes = example.nodes.map((n: IDataObject) => (n === webhook ? standIn : n));
	const talkover = nodes.filter((n: IDataObject) => n.type === TYPE);
	for (const n of talkover) n.credentials = { talkoverApi: GOOD };
	// n8n runs on the real clock here: the examples' Calling Hours are opened to every minute of every day (the
	// lead's zone is still read), so no outcome depends on when the suite runs. The hours themselves are
	// tested on a set clock (test/Talkover/callingHours/, test/examples/).
	for (const n of talkover) {
		const hours = ((n.parameters as IDataObject).options as IDataObject | undefined)?.callingHours as { hours?: IDataObject } | undefined;
		if (hours?.hours) Object.assign(hours.hours, { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], from: '00:00', to: '24:00' });
	}
	return {
		...example,
		id: `talkoverEx${i}`,
		pinData: {},
		nodes: [trigger, ...nodes],
		connections: { ...example.connections, Start: { main: [[{ node: webhook.name, type: 'main', index: 0 }]] } },
	};
}

const examplesDir = path.resolve(__dirname, '../../examples');
/** The examples started by a CRM webhook (the trigger example runs in trigger.e2e.ts). */
const exampleFiles = fs
	.readdirSync(examplesDir)
	.filter((f) => f.endsWith('.json') && fs.readFileSync(path.join(examplesDir, f), 'utf8').includes('"n8n-nodes-base.webhook"'))
	.sort();

let server: N8nServer;
let stop: (() => Promise<void>) | undefined;
let sandbox: TalkoverSandbox;

/** Method, raw path, raw query, body and token of each request (what must match exactly). */
const shape = (r: RecordedRequest) => [r.method, r.path, r.rawQuery, r.body ?? null, r.headers.authorization];

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		credentials: (url) => [
			{ ...GOOD, type: 'talkoverApi', data: { baseUrl: url.sandbox, apiToken: TOKEN } },
			{ ...BAD, type: 'talkoverApi', data: { baseUrl: url.sandbox, apiToken: 'talq_wrong_token' } },
		],
		workflows: [...OPERATIONS.map(([, parameters], i) => operationWorkflow(i, parameters)), ...exampleFiles.map((f, i) => exampleWorkflow(path.join(examplesDir, f), i))],
	}));
}, 600_000);

afterAll(async () => await stop?.());

describe.each(OPERATIONS.map(([name, parameters], i) => [name, parameters, i] as const))('%s in n8n', (name, parameters, i) => {
	test('runs with the good token, and is an error item with the wrong one; the requests are exactly those of the in-process run', async () => {
		sandbox.reset();
		const { output: expected } = await runTalkover({ parameters, credentials: { apiToken: TOKEN, baseUrl: sandbox.url } });
		const expectedRequests = sandbox.requests.map(shape);
		expect(expected!.length).toBeGreaterThan(0);

		sandbox.reset();
		const { run, status } = await server.runManually(`talkoverOp${i}`);
		expect(run.data.resultData.error).toBeUndefined();
		expect(status).toBe(0);
		const good = outputOf(run, 'Talkover');
		const bad = outputOf(run, 'Talkover (wrong token)');
		expect(good.map((o) => Object.keys(o.json).sort())).toEqual(expected!.map((o) => Object.keys(o.json).sort()));
		// A delivery log entry has Talkover's own `error` (what the target answered) beside its `id`; an error item has no `id`.
		expect(good.every((o) => o.json.error === undefined || 'id' in o.json)).toBe(true);
		expect(bad).toHaveLength(1);
		expect(bad[0].json.error).toBe('Talkover did not accept the API token: it is wrong or has expired');

		const byToken = (token: string) => sandbox.requests.filter((r) => r.headers.authorization === `Bearer ${token}`).map(shape);
		expect(byToken(TOKEN)).toEqual(expectedRequests);
		expect(byToken('talq_wrong_token')).toEqual([expectedRequests[0].slice(0, 4).concat('Bearer talq_wrong_token')]);
		if (name === 'call getActive') expect(sandbox.requests[0].path).toBe(`/api/v1/agents/${SALES_AGENT}/active-call/%2B15551234567`);
	});
});

/** The five operations whose openapi.json answers are bare records, in n8n, the sandbox answering in openapi.json's shapes. */
const OPENAPI_FIVE = ['call make', 'agent create', 'agent get', 'agent updateKnowledge', 'agent updateVoice'];

describe.each(OPENAPI_FIVE.map((name) => [name, OPERATIONS.findIndex(([n]) => n === name)] as const))('%s in n8n, Talkover answering as openapi.json says', (name, i) => {
	test('the record itself (bare Agent / Call, voices under templates), as in-process; the wrong token is still an error item', async () => {
		const parameters = OPERATIONS[i][1];
		sandbox.reset();
		sandbox.answerShape = 'openapi';
		const { output: expected, error } = await runTalkover({ parameters, credentials: { apiToken: TOKEN, baseUrl: sandbox.url } });
		expect(error?.message).toBeUndefined();
		const expectedRequests = sandbox.requests.map(shape);

		sandbox.reset();
		sandbox.answerShape = 'openapi';
		const { run, status } = await server.runManually(`talkoverOp${i}`);
		expect(run.data.resultData.error).toBeUndefined();
		expect(status).toBe(0);
		const good = outputOf(run, 'Talkover');
		expect(good).toHaveLength(1);
		expect(good[0].json.error).toBeUndefined();
		expect(good[0].json).not.toHaveProperty('success');
		expect(typeof good[0].json.id).toBe('string');
		expect(Object.keys(good[0].json).sort()).toEqual(Object.keys(expected![0].json).sort());
		if (name === 'call make') expect(good[0].json).toMatchObject({ to: '+15550009999', status: 'initiated' });
		const bad = outputOf(run, 'Talkover (wrong token)');
		expect(bad[0].json.error).toBe('Talkover did not accept the API token: it is wrong or has expired');
		expect(sandbox.requests.filter((r) => r.headers.authorization === `Bearer ${TOKEN}`).map(shape)).toEqual(expectedRequests);
	});
});

describe('the example workflows in n8n', () => {
	test('CRM demo request → calendar: the first free slot of the day is checked again and booked once, and written back', async () => {
		const i = exampleFiles.indexOf('crm-demo-request-book-calendar-slot.json');
		sandbox.reset();
		const { run, status } = await server.runManually(`talkoverEx${i}`);
		expect(status).toBe(0);
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/availability`],
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/events`],
			['POST', `/api/v1/calendars/${SALES_CALENDAR}/events`],
		]);
		expect(sandbox.requests[2].body).toMatchObject({ title: 'Demo with Initech', start_at: '2026-03-02T14:00:00Z', end_at: '2026-03-02T14:30:00Z', attendees: [{ name: 'Erin Example', email: 'erin@initech.example' }] });
		expect(outputOf(run, 'Write back to CRM').map((o) => o.json)).toEqual([{ crm_record_id: 'crm-3001', talkover_event_id: sandbox.calendarEvents.at(-1)!.id, demo_at: '2026-03-02T14:00:00Z', lead_status: 'demo_booked' }]);
		expect(outputOf(run, 'No free slot: mark lead')).toEqual([]);
	});

	test('CRM lead → credits → campaign: the balance is enough, so the lead is queued once in the campaign as a test call and written back', async () => {
		const i = exampleFiles.indexOf('crm-lead-credits-add-to-campaign.json');
		sandbox.reset();
		const { run, status } = await server.runManually(`talkoverEx${i}`);
		expect(status).toBe(0);
		// Skip Numbers Called Within (24 hours) reads the campaign once before queueing.
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/api/v1/credits/balance'],
			['GET', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`],
			['POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`],
		]);
		expect(sandbox.requests[2].body).toEqual({ to: '+15550107788', is_testing: true, allow_duplicates: false, payload: { first_name: 'Carol', company: 'Initech' }, context: { crm_record_id: 'crm-2001' } });
		expect(outputOf(run, 'Write back to CRM').map((o) => o.json)).toEqual([{ crm_record_id: 'crm-2001', talkover_campaign_call_id: sandbox.campaignCalls.at(-1)!.id, lead_status: 'queued_in_campaign' }]);
		expect(outputOf(run, 'Not enough credits: mark lead')).toEqual([]);
	});

	test('CRM lead → is the lead already on a call?: the seeded active call is found and the lead marked', async () => {
		const i = exampleFiles.indexOf('crm-lead-check-active-call.json');
		sandbox.reset();
		const { run, status } = await server.runManually(`talkoverEx${i}`);
		expect(status).toBe(0);
		expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/agents/${SALES_AGENT}/active-call/${encodeURIComponent(ACTIVE_PHONE)}`]]);
		expect(outputOf(run, 'Mark lead: on a call').map((o) => o.json)).toEqual([{ lead_status: 'on_call', call_id: 'c0ffee00-0000-4000-8000-000000000001' }]);
		expect(outputOf(run, 'Mark lead: ready to call')).toEqual([]);
	});

	test('CRM lead → call it unless already on a call: no active call, so one test call is placed and written back', async () => {
		const i = exampleFiles.indexOf('crm-lead-call-if-not-on-a-call.json');
		sandbox.reset();
		const { run, status } = await server.runManually(`talkoverEx${i}`);
		expect(status).toBe(0);
		// Skip Numbers Called Within (24 hours) reads the agent's recent outbound calls once before dialling.
		const [check, recent, call] = sandbox.requests;
		expect(sandbox.requests).toHaveLength(3);
		expect([check.method, check.path]).toEqual(['GET', `/api/v1/agents/${SALES_AGENT}/active-call/%2B15557654321`]);
		expect([recent.method, recent.path]).toEqual(['GET', `/api/v1/agents/${SALES_AGENT}/calls`]);
		expect(recent.query).toMatchObject({ direction: 'outbound' });
		expect([call.method, call.path, call.headers.authorization]).toEqual(['POST', `/api/v1/agents/${SALES_AGENT}/call`, `Bearer ${TOKEN}`]);
		expect(call.body).toEqual({ to: '+15557654321', is_testing: true, payload: { first_name: 'Bob', company: 'Globex' }, context: { crm_record_id: 'crm-1002' } });
		const written = outputOf(run, 'Write back to CRM');
		expect(written).toHaveLength(1);
		expect(written[0].json).toMatchObject({ crm_record_id: 'crm-1002', lead_status: 'call_placed' });
	});
});
