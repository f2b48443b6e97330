/**
 * The Talkover Trigger's Agent source (call events of one voice agent) without a running n8n server: the
 * event picker (through n8n-core's LoadOptionsContext, against the sandbox), the secret comparison, the
 * webhook function with a context shaped like n8n's IWebhookFunctions (the in-process harness cannot host
 * a webhook; the full lifecycle runs in a real n8n in test/e2e/trigger.e2e.ts), and activation.
 */
import { HookContext, LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INode, INodePropertyOptions, INodeType, IWebhookFunctions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { additionalDataFor } from '../helpers/n8n';
import { SALES_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();
const TYPE = 'n8n-nodes-talkover.talkoverTrigger';

function triggerNode(parameters: IDataObject): INode {
	return { id: 't', name: 'Talkover Trigger', type: TYPE, typeVersion: 1, position: [0, 0], parameters, credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as INode;
}

async function loadEvents(agentId: string): Promise<Array<{ name: string; value: string }>> {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const node = triggerNode({ agentId: { __rl: true, mode: 'id', value: agentId }, events: [] });
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'w', name: 'w', nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(credentials()), 'parameters.events');
	return await (nodeType.methods!.loadOptions!.getWebhookEvents as any).call(context);
}

describe('Events: the agent’s available events, or the documented list', () => {
	test('loaded from GET …/webhooks (available_events)', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/webhooks`, status: 200, body: { success: true, data: { webhooks: [], available_events: { event_phone_call_ended: 'Phone call has ended', event_custom_thing: 'Something new' } } } });
		const options = await loadEvents(SALES_AGENT);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/agents/${SALES_AGENT}/webhooks`]]);
		expect(options.map((o) => [o.name, o.value])).toEqual([
			['Custom thing', 'event_custom_thing'],
			['Phone call ended', 'event_phone_call_ended'],
		]);
	});

	test('an event label echoing the API Token is shown without it', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/webhooks`, status: 200, body: { success: true, data: { webhooks: [], available_events: { event_phone_call_ended: 'Ended', [`event_${credentials().apiToken}`]: 'x' } } } });
		const options = await loadEvents(SALES_AGENT);
		expect(JSON.stringify(options)).not.toContain(credentials().apiToken);
		expect(options.map((o) => o.value)).toContain('event_***');
	});

	test.each([
		['the agent is unknown (404)', '00000000-0000-4000-8000-00000000dead'],
		['no agent chosen yet', ''],
	])('when loading fails (%s): the 22 documented events', async (_why, agentId) => {
		const options = await loadEvents(agentId);
		expect(options).toHaveLength(22);
		expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(['event_phone_call_ended', 'event_voicemail_detected', 'event_action_failed']));
	});
});

describe('secretMatches (constant-time)', () => {
	test.each([
		['abc', 'abc', true],
		['abd', 'abc', false],
		['ab', 'abc', false],
		[undefined, 'abc', false],
		['', '', false],
		[['abc'], 'abc', false],
	])('%o vs %o → %s', (received, secret, expected) => {
		expect(trigger.secretMatches(received, secret)).toBe(expected);
	});
});

describe('webhook(): a delivery', () => {
	function deliver(headers: IDataObject, body: unknown, options: IDataObject = {}) {
		const response = { statusCode: 200, sent: undefined as unknown, status(code: number) { this.statusCode = code; return this; }, json(b: unknown) { this.sent = b; return this; } };
		const context = {
			getWorkflowStaticData: () => ({ webhookId: 'w1', agentId: SALES_AGENT, secret: 's3cret' }),
			getHeaderData: () => headers,
			getBodyData: () => body,
			getCredentials: async () => ({ apiToken: 'talq_trigger_token', accountToken: 'talq_account_token', baseUrl: 'https://app.talkover.ai' }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'options.ignoreTestEvents' ? options.ignoreTestEvents ?? fallback : fallback),
			getResponseObject: () => response,
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		} as unknown as IWebhookFunctions;
		return { result: new trigger.TalkoverTrigger().webhook.call(context), response };
	}

	test('with the secret: one item, the body plus the event name', async () => {
		const { result } = deliver({ 'x-n8n-talkover-secret': 's3cret' }, { event: 'event_phone_call_ended', call_id: 'c1' });
		expect(await result).toEqual({ workflowData: [[{ json: { event: 'event_phone_call_ended', call_id: 'c1' } }]] });
	});

	test('an event named `event_type` instead of `event` is read too; none at all gives "unknown"', async () => {
		expect(await deliver({ 'x-n8n-talkover-secret': 's3cret' }, { event_type: 'event_action_failed' }).result).toEqual({ workflowData: [[{ json: { event_type: 'event_action_failed', event: 'event_action_failed' } }]] });
		expect(await deliver({ 'x-n8n-talkover-secret': 's3cret' }, { call_id: 'c1' }).result).toEqual({ workflowData: [[{ json: { call_id: 'c1', event: 'unknown' } }]] });
	});

	test('a token echoed in a delivery does not reach the output', async () => {
		const body = { event: 'event_phone_call_ended', debug: 'authenticated as talq_trigger_token', nested: [{ talq_account_token: 'talq_account_token' }] };
		expect(await deliver({ 'x-n8n-talkover-secret': 's3cret' }, body).result).toEqual({
			workflowData: [[{ json: { event: 'event_phone_call_ended', debug: 'authenticated as ***', nested: [{ '***': '***' }] } }]],
		});
	});

	test('a delivery with an own "__proto__" key and a token keeps the key as data; the item\'s prototype is untouched', async () => {
		const body = JSON.parse('{"event":"event_phone_call_ended","__proto__":{"isAdmin":true},"debug":"talq_trigger_token"}');
		const out = await deliver({ 'x-n8n-talkover-secret': 's3cret' }, body).result;
		const json = out.workflowData![0][0].json;
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
		expect((json as { isAdmin?: unknown }).isAdmin).toBeUndefined();
		expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ isAdmin: true });
		expect(JSON.stringify(json)).toBe('{"event":"event_phone_call_ended","__proto__":{"isAdmin":true},"debug":"***"}');
	});

	test('without or with a wrong secret: 401, no workflow data', async () => {
		for (const headers of [{}, { 'x-n8n-talkover-secret': 'wrong' }]) {
			const { result, response } = deliver(headers, { event: 'event_phone_call_ended' });
			expect(await result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(401);
		}
	});

	test('Ignore Test Deliveries: webhook.test is answered but starts nothing; other events still do', async () => {
		const test = await deliver({ 'x-n8n-talkover-secret': 's3cret' }, { event: 'webhook.test', test: true }, { ignoreTestEvents: true }).result;
		expect(test.workflowData).toBeUndefined();
		expect(test.webhookResponse).toEqual({ received: true, ignored: 'webhook.test' });
		const real = await deliver({ 'x-n8n-talkover-secret': 's3cret' }, { event: 'event_phone_call_ended' }, { ignoreTestEvents: true }).result;
		expect(real.workflowData).toHaveLength(1);
	});

	test('Ignore Test Deliveries: a delivery marked test: true (“test payloads include the test: true field”) is answered but starts nothing, whatever event it names', async () => {
		const test = await deliver({ 'x-n8n-talkover-secret': 's3cret' }, { event: 'event_phone_call_ended', call_id: 'c-test', test: true }, { ignoreTestEvents: true }).result;
		expect(test).toEqual({ webhookResponse: { received: true, ignored: 'test' } });
		const marked = await deliver({ 'x-n8n-talkover-secret': 's3cret' }, { event: 'event_phone_call_ended', call_id: 'c1', test: 'no' }, { ignoreTestEvents: true }).result;
		expect(marked.workflowData).toHaveLength(1);
	});

	describe('a delivery that is not a JSON object is answered 400 and starts nothing', () => {
		const secret = { 'x-n8n-talkover-secret': 's3cret' };
		test.each([
			['null', null, 'the body is null'],
			['a text', 'event=event_phone_call_ended', 'the body is text'],
			['a 1 MB text', 'x'.repeat(1_000_000), 'the body is text'],
			['a number', 42, 'the body is a number'],
			['a list', [{ event: 'event_phone_call_ended' }], 'the body is a list'],
			['a Buffer', Buffer.from('{"event":"event_phone_call_ended"}'), 'the body is not a JSON object'],
			['an `event` that is an object', { event: { name: 'event_phone_call_ended' } }, '"event" is an object'],
			['an `event` that is a number', { event: 7 }, '"event" is a number'],
			['an `event_type` that is a list (no `event`)', { event_type: ['event_phone_call_ended'] }, '"event_type" is a list'],
		])('%s', async (_what, body, why) => {
			const { result, response } = deliver(secret, body);
			expect(await result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(400);
			expect(response.sent).toEqual({ message: `Bad request: a Talkover delivery is a JSON object with the event name as text (${why})` });
		});

		test('the secret is checked first: without it, 401 whatever the body', async () => {
			const { result, response } = deliver({}, null);
			expect(await result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(401);
		});

		test('a JSON object keeps its keys as sent (no key per character), `event` as text', async () => {
			const { result } = deliver(secret, { event: 'event_phone_call_ended', transcript: 'x'.repeat(1000) });
			const items = (await result).workflowData![0];
			expect(Object.keys(items[0].json)).toEqual(['event', 'transcript']);
		});
	});
});

describe('activation reads the agent with the same check as the Talkover node', () => {
	function hookContext(agentId: unknown) {
		const sent: unknown[] = [];
		const context = {
			getNode: () => triggerNode({}),
			getNodeParameter: (name: string, fallback?: unknown) => (name === 'agentId' ? agentId : name === 'events' ? ['event_phone_call_ended'] : fallback),
			getWorkflowStaticData: () => ({}),
			getNodeWebhookUrl: () => 'http://127.0.0.1/webhook/x',
			getWorkflow: () => ({ name: 'w' }),
			getMode: () => 'trigger',
			getActivationMode: () => 'activate',
			getCredentials: async () => credentials(),
			helpers: { httpRequestWithAuthentication: async (_type: string, request: unknown) => sent.push(request) },
		};
		return { context: context as never, sent };
	}

	test.each([
		[{ __rl: true, mode: 'id', value: '../phone-numbers' }, 'Agent: "../phone-numbers" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		[{ __rl: true, mode: 'list', value: '' }, 'Agent: no agent is selected; choose one from the list or enter its ID'],
	])('%o: refused before any request', async (agentId, message) => {
		const { context, sent } = hookContext(agentId);
		const { webhookMethods } = new trigger.TalkoverTrigger();
		await expect(webhookMethods.default.create.call(context)).rejects.toThrow(message);
		await expect(webhookMethods.default.checkExists.call(context)).rejects.toThrow(message);
		expect(sent).toEqual([]);
	});

	test('an agent URL gives the ID', async () => {
		const { context, sent } = hookContext({ __rl: true, mode: 'url', value: `https://app.talkover.ai/agents/${SALES_AGENT}` });
		await new trigger.TalkoverTrigger().webhookMethods.default.checkExists.call(context).catch(() => undefined);
		expect((sent as Array<{ url: string }>).map((r) => r.url)).toEqual([`${sandbox().url}/api/v1/agents/${SALES_AGENT}/webhooks`]);
	});
});

describe('the webhook name is cut at 255 characters (code points), never inside an emoji', () => {
	test('a workflow named with 300 emoji: the name sent is well-formed, 255 characters, Talkover counting code points', async () => {
		const nodeType = new trigger.TalkoverTrigger();
		const parameters = { source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options: {} };
		const node = { ...triggerNode(parameters), webhookId: '5b2d3c4e-6f70-4a81-9b2c-3d4e5f6a7b8c' } as INode;
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
		const workflow = new Workflow({ id: 'w', name: `a${'😀'.repeat(300)}`, nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes as never, staticData: { [`node:${node.name}`]: {} } });
		const additional = { ...additionalDataFor(credentials()), webhookBaseUrl: 'http://127.0.0.1:5678/webhook' };
		await nodeType.webhookMethods.default.create.call(new HookContext(workflow, node, additional, 'trigger', 'activate'));
		const name = String(sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/webhooks`)[0].body.name);
		expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)).toBe(false);
		expect(Array.from(name)).toHaveLength(255);
		expect(name.startsWith(`n8n: a${'😀'.repeat(249)}`)).toBe(true);
	});
});

async function loadEventOptions(agentId: string): Promise<INodePropertyOptions[]> {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const parameters: IDataObject = { agentId: { __rl: true, mode: 'id', value: agentId }, events: [] };
	const node = { id: 't', name: 'Talkover Trigger', type: 'n8n-nodes-talkover.talkoverTrigger', typeVersion: 1, position: [0, 0], parameters, credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as INode;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'w', name: 'w', nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(credentials()), 'parameters.events');
	return await (nodeType.methods!.loadOptions!.getWebhookEvents as (this: LoadOptionsContext) => Promise<INodePropertyOptions[]>).call(context);
}

describe('Talkover Trigger → Events under odd available_events', () => {
	test('descriptions that are an object, a number and null: each option\'s description is a text or absent', async () => {
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/agents/${SALES_AGENT}/webhooks`,
			status: 200,
			body: { success: true, data: { webhooks: [], available_events: { event_phone_call_ended: { en: 'Phone call has ended' }, event_custom_thing: 7, event_other: null } } },
		});
		const options = await loadEventOptions(SALES_AGENT);
		expect(options.map((o) => o.value).sort()).toEqual(['event_custom_thing', 'event_other', 'event_phone_call_ended']);
		for (const option of options) expect({ value: option.value, description: option.description === undefined || typeof option.description === 'string' }).toEqual({ value: option.value, description: true });
	});
});
