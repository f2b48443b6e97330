/**
 * The webhooks a wait registers before its first call (nodes/Talkover/wait/webhooks.ts): one per agent (Make
 * and Wait for Outcome) or per campaign (Add Call and Wait for Outcome), delivering the events the wait reads
 * to the resume address with the wait's secret as a header; given a later moment in their name once the calls
 * are placed; deleted when the wait ends. Their name says whose wait they are and until when (the sweep reads it
 * back). Talkover's answers are scripted; the clock is the test's.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { ownerText, registerWaitWebhooks, removeWaitWebhooks, renameWaitWebhooks, untilOf, waitWebhookName } from '../../../nodes/Talkover/wait/webhooks';
import { useTestClock } from '../../helpers/clock';
import { NODE } from '../../helpers/context';

useTestClock();
const ADDRESS = 'https://n8n.example/webhook-waiting/7/node-1';
const SECRET = 'wait-secret-0123456789abcdef';
const NAME = 'n8n wait for outcome · execution 7 · until 2026-01-15T12:30:00.000Z';
const CALL_EVENTS = ['event_phone_call_ended', 'event_phone_call_did_not_connect', 'event_voicemail_detected', 'event_voicemail_message_left'];

type Answer = { statusCode: number; body?: unknown };

/** Talkover answering each request (`METHOD path`) with its scripted answers in turn (the last one again), or as it documents a success. */
function talkover(script: Record<string, Answer[]> = {}) {
	const requests: Array<{ request: string; body?: unknown }> = [];
	let made = 0;
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiToken: 'talq_secret', baseUrl: 'http://talkover.test' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const request = `${options.method} ${String(options.url).replace(/^https?:\/\/[^/]+/, '')}`;
				requests.push({ request, ...(options.body !== undefined ? { body: options.body } : {}) });
				const answers = script[request];
				const answer = answers && (answers.length > 1 ? answers.shift()! : answers[0]);
				if (answer) return { headers: {}, ...answer };
				if (options.method === 'POST') return { statusCode: 201, headers: {}, body: { success: true, data: { id: `wh-${++made}`, name: (options.body as IDataObject).name } } };
				if (options.method === 'PUT') return { statusCode: 200, headers: {}, body: { success: true, data: { id: 'wh', name: (options.body as IDataObject).name } } };
				return { statusCode: 200, headers: {}, body: { success: true, message: 'Webhook deleted successfully' } };
			},
		},
	};
	return { ctx: ctx as never, requests, asked: () => requests.map((r) => r.request) };
}

const webhookBody = (events: string[], extra: IDataObject = {}) => ({
	name: NAME,
	webhook_url: ADDRESS,
	events,
	...extra,
	custom_headers: [{ key: 'X-N8n-Talkover-Secret', value: SECRET }],
	timeout: 30,
	max_retries: 10,
	enabled: true,
});

describe('the name of a wait’s webhook', () => {
	test('its execution and the moment after which n8n ends the wait itself, as Talkover lists it; the sweep reads that moment back', () => {
		const until = Date.UTC(2026, 0, 15, 12, 30);
		expect(waitWebhookName('7', until)).toBe(NAME);
		expect(untilOf('n8n wait for outcome · execution 7 · until 2026-01-15T12:30:00.000Z')).toBe(until);
	});

	test('no moment from a name a wait did not give: more after the moment, no prefix, no date, not a text', () => {
		expect(untilOf(`${NAME} (copy)`)).toBeUndefined();
		expect(untilOf(' · execution 7 · until 2026-01-15T12:30:00.000Z')).toBeUndefined();
		expect(untilOf('n8n wait for outcome · execution 7 · until 2026-13-45T12:30:00.000Z')).toBeUndefined();
		expect(untilOf(42)).toBeUndefined();
	});

	test('the owner as the node names it (one webhook per owner): the agent or the campaign with its ID', () => {
		expect(ownerText({ agentId: 'agent-1' })).toBe('agent agent-1');
		expect(ownerText({ campaignId: 'camp-1' })).toBe('campaign camp-1');
	});
});

describe('registering the wait’s webhooks', () => {
	test('Make and Wait: one on each agent, for the call’s end, its not connecting and the voicemail events, to the resume address with the secret as a header', async () => {
		const run = talkover();
		const made = await registerWaitWebhooks(run.ctx, [{ owner: { agentId: 'agent-1' } }, { owner: { agentId: 'agent-2' } }], ADDRESS, SECRET, NAME);
		expect(made).toEqual([
			{ agentId: 'agent-1', webhookId: 'wh-1' },
			{ agentId: 'agent-2', webhookId: 'wh-2' },
		]);
		expect(run.requests).toEqual([
			{ request: 'POST /api/v1/agents/agent-1/webhooks', body: webhookBody(CALL_EVENTS) },
			{ request: 'POST /api/v1/agents/agent-2/webhooks', body: webhookBody(CALL_EVENTS) },
		]);
	});

	test('Add Call and Wait: one on the campaign, for the campaign call’s two ends and the per-call events picked (include_call_events only then)', async () => {
		const run = talkover();
		const made = await registerWaitWebhooks(
			run.ctx,
			[{ owner: { campaignId: 'camp-1' }, callEvents: ['event_call_transcript', 'event_call_report'] }, { owner: { campaignId: 'camp-2' } }],
			ADDRESS,
			SECRET,
			NAME,
		);
		expect(made).toEqual([
			{ campaignId: 'camp-1', webhookId: 'wh-1' },
			{ campaignId: 'camp-2', webhookId: 'wh-2' },
		]);
		expect(run.requests).toEqual([
			{ request: 'POST /api/v1/campaigns/camp-1/webhooks', body: webhookBody(['campaign_call.completed', 'campaign_call.failed', 'event_call_transcript', 'event_call_report'], { include_call_events: true }) },
			{ request: 'POST /api/v1/campaigns/camp-2/webhooks', body: webhookBody(['campaign_call.completed', 'campaign_call.failed'], { include_call_events: false }) },
		]);
	});

	test('a numeric webhook ID is kept as text', async () => {
		const run = talkover({ 'POST /api/v1/agents/agent-1/webhooks': [{ statusCode: 201, body: { success: true, data: { id: 42 } } }] });
		expect(await registerWaitWebhooks(run.ctx, [{ owner: { agentId: 'agent-1' } }], ADDRESS, SECRET, NAME)).toEqual([{ agentId: 'agent-1', webhookId: '42' }]);
	});

	test.each([
		['no ID', {}],
		['an empty ID', { id: '' }],
		['an ID that is no text or number', { id: true }],
	])('an answer with %s is an error (before any call), and the webhooks already made are deleted', async (_what, data) => {
		const run = talkover({ 'POST /api/v1/campaigns/camp-2/webhooks': [{ statusCode: 201, body: { success: true, data } }] });
		await expect(registerWaitWebhooks(run.ctx, [{ owner: { campaignId: 'camp-1' } }, { owner: { campaignId: 'camp-2' } }], ADDRESS, SECRET, NAME)).rejects.toThrow(/the record's id is/);
		expect(run.asked()).toEqual(['POST /api/v1/campaigns/camp-1/webhooks', 'POST /api/v1/campaigns/camp-2/webhooks', 'DELETE /api/v1/campaigns/camp-1/webhooks/wh-1']);
	});

	test('an agent or campaign Talkover does not know: the error names it; the webhooks already made are deleted', async () => {
		const agents = talkover({ 'POST /api/v1/agents/agent-2/webhooks': [{ statusCode: 404, body: { success: false, message: 'Agent not found' } }] });
		await expect(registerWaitWebhooks(agents.ctx, [{ owner: { agentId: 'agent-1' } }, { owner: { agentId: 'agent-2' } }], ADDRESS, SECRET, NAME)).rejects.toThrow(
			"Agent not found: Talkover has no agent with ID agent-2 for this token's environment",
		);
		expect(agents.asked()).toEqual(['POST /api/v1/agents/agent-1/webhooks', 'POST /api/v1/agents/agent-2/webhooks', 'DELETE /api/v1/agents/agent-1/webhooks/wh-1']);
		const campaigns = talkover({ 'POST /api/v1/campaigns/camp-1/webhooks': [{ statusCode: 404, body: { success: false, message: 'Campaign not found' } }] });
		await expect(registerWaitWebhooks(campaigns.ctx, [{ owner: { campaignId: 'camp-1' } }], ADDRESS, SECRET, NAME)).rejects.toThrow(
			"Campaign not found: Talkover has no campaign with ID camp-1 for this token's environment",
		);
		expect(campaigns.asked()).toEqual(['POST /api/v1/campaigns/camp-1/webhooks']);
	});

	test('Talkover answering that the registering failed: the error says what the node was doing and that no call was placed, never the secret', async () => {
		const run = talkover({ 'POST /api/v1/agents/agent-1/webhooks': [{ statusCode: 200, body: { success: false, message: `Header value ${SECRET} is not allowed` } }] });
		const registering = registerWaitWebhooks(run.ctx, [{ owner: { agentId: 'agent-1' } }], ADDRESS, SECRET, NAME);
		await expect(registering).rejects.toThrow(/^Talkover answered that registering the webhook that tells the node the call is over failed \(HTTP 200\): "Header value \S+ is not allowed"$/);
		const error = (await registering.catch((e: unknown) => e)) as { message: string; description: string };
		expect(error.description).toBe('The request was POST /api/v1/agents/agent-1/webhooks.\nNo call was placed.');
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(SECRET);
	});
});

describe('deleting the wait’s webhooks', () => {
	test('each one, on its agent or campaign; none left', async () => {
		const run = talkover();
		expect(await removeWaitWebhooks(run.ctx, [{ agentId: 'agent-1', webhookId: 'w1' }, { campaignId: 'camp-1', webhookId: 'w2' }])).toEqual([]);
		expect(run.asked()).toEqual(['DELETE /api/v1/agents/agent-1/webhooks/w1', 'DELETE /api/v1/campaigns/camp-1/webhooks/w2']);
	});

	test('one already gone (404) is deleted; one Talkover does not delete is left, after two tries more, and the others are still deleted', async () => {
		const failing = { statusCode: 503, body: { success: false, message: 'Service unavailable' } };
		const run = talkover({ 'DELETE /api/v1/agents/agent-1/webhooks/w1': [{ statusCode: 404, body: { success: false, message: 'Webhook not found' } }], 'DELETE /api/v1/agents/agent-1/webhooks/w2': [failing] });
		const left = await removeWaitWebhooks(run.ctx, [
			{ agentId: 'agent-1', webhookId: 'w1' },
			{ agentId: 'agent-1', webhookId: 'w2' },
			{ agentId: 'agent-1', webhookId: 'w3' },
		]);
		expect(left).toEqual([{ agentId: 'agent-1', webhookId: 'w2' }]);
		expect(run.asked()).toEqual([
			'DELETE /api/v1/agents/agent-1/webhooks/w1',
			'DELETE /api/v1/agents/agent-1/webhooks/w2',
			'DELETE /api/v1/agents/agent-1/webhooks/w2',
			'DELETE /api/v1/agents/agent-1/webhooks/w2',
			'DELETE /api/v1/agents/agent-1/webhooks/w3',
		]);
	});

	test('an answer saying the delete failed leaves the webhook', async () => {
		const run = talkover({ 'DELETE /api/v1/agents/agent-1/webhooks/w1': [{ statusCode: 200, body: { success: false, message: 'Webhook is locked' } }] });
		expect(await removeWaitWebhooks(run.ctx, [{ agentId: 'agent-1', webhookId: 'w1' }])).toEqual([{ agentId: 'agent-1', webhookId: 'w1' }]);
	});
});

describe('naming the wait’s webhooks again', () => {
	test('each one gets the new name; one Talkover does not rename, after two tries more, keeps its own, and the others are still renamed', async () => {
		const later = 'n8n wait for outcome · execution 7 · until 2026-01-15T12:40:00.000Z';
		const run = talkover({ 'PUT /api/v1/agents/agent-1/webhooks/w1': [{ statusCode: 503, body: { success: false, message: 'Service unavailable' } }] });
		await renameWaitWebhooks(run.ctx, [{ agentId: 'agent-1', webhookId: 'w1' }, { campaignId: 'camp-1', webhookId: 'w2' }], later);
		expect(run.requests).toEqual([
			{ request: 'PUT /api/v1/agents/agent-1/webhooks/w1', body: { name: later } },
			{ request: 'PUT /api/v1/agents/agent-1/webhooks/w1', body: { name: later } },
			{ request: 'PUT /api/v1/agents/agent-1/webhooks/w1', body: { name: later } },
			{ request: 'PUT /api/v1/campaigns/camp-1/webhooks/w2', body: { name: later } },
		]);
	});
});
