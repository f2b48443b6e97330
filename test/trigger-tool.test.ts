/**
 * The Talkover Trigger's Agent Tool source (issue 22), in-process: publish (webhookMethods through
 * n8n-core's HookContext against the sandbox's action endpoints), re-publish and restart without a
 * second action, unpublish deleting it, and the webhook function with a response object shaped like
 * Express's: the secret, the item, and the answer in time (fallback on a slow or failed workflow, on
 * the TestClock). The same lifecycle runs in a real n8n in test/e2e/agent-tool.e2e.ts.
 */
import { HookContext } from 'n8n-core';
import type { IDataObject, INode, INodeType, IWebhookFunctions, IWebhookResponseData, Workflow as WorkflowType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { DEFAULT_FALLBACK } from '../nodes/TalkoverTrigger/sources/agentTool';
import { additionalDataFor } from './helpers/n8n';
import { DRAFT_AGENT, SALES_AGENT, SUPPORT_AGENT, useSandbox } from './helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();
const TYPE = 'n8n-nodes-talkover.talkoverTrigger';
const URL_BASE = 'http://127.0.0.1:5678/webhook';
const WEBHOOK_ID = '5b2d3c4e-6f70-4a81-9b2c-3d4e5f6a7b8c';
const TOOL_URL = `${URL_BASE}/${WEBHOOK_ID}/webhook`;
const ACTIONS = `/api/v1/agents/${SALES_AGENT}/actions`;
const AGENT = `/api/v1/agents/${SALES_AGENT}`;
const PUBLISH = `/api/v1/agents/${SALES_AGENT}/publish`;

const PARAMETERS = {
	source: 'agentTool',
	agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
	toolName: 'look_up_caller',
	toolDescription: 'Looks the caller up in the CRM by phone number',
	inputs: { values: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }, { name: 'vip', type: 'boolean', required: false, description: '' }] },
	toolOptions: { speakOnSend: 'One moment.', speakOnReceive: 'Found you.' },
};

/** A workflow with the trigger (kept between activations: its static data is what n8n persists). */
function toolWorkflow(parameters: IDataObject = PARAMETERS): { workflow: WorkflowType; node: INode } {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const node = { id: 'n1', name: 'Talkover Trigger', type: TYPE, typeVersion: 1, position: [0, 0], parameters, webhookId: WEBHOOK_ID, credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as INode;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'wf1', name: 'Caller lookup', nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes as never, staticData: { [`node:${node.name}`]: {} } });
	return { workflow, node };
}

const methods = new trigger.TalkoverTrigger().webhookMethods.default;

/** What n8n does on activation: checkExists, then create when it answers false. */
async function activate(workflow: WorkflowType, node: INode): Promise<void> {
	const context = () => new HookContext(workflow, node, { ...additionalDataFor(credentials()), webhookBaseUrl: URL_BASE }, 'trigger', 'activate');
	if (!(await methods.checkExists.call(context()))) await methods.create.call(context());
}

async function deactivate(workflow: WorkflowType, node: INode): Promise<void> {
	await methods.delete.call(new HookContext(workflow, node, { ...additionalDataFor(credentials()), webhookBaseUrl: URL_BASE }, 'trigger', 'activate'));
}

function staticData(workflow: WorkflowType): IDataObject {
	return workflow.staticData['node:Talkover Trigger'] as IDataObject;
}

function storedActions(): IDataObject[] {
	return (sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.filter((a) => a.agent_id === SALES_AGENT);
}

describe('publish: the action is created on the agent', () => {
	test('exact request: a webhook action during the call, this node’s production URL, the secret only in a custom header', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['GET', AGENT],
			['POST', ACTIONS],
			['POST', PUBLISH],
		]);
		const data = staticData(workflow);
		const secret = String(data.actionSecret);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(sandbox().requestsTo('POST', ACTIONS)[0].body).toEqual({
			node_id: 'n8n-wf1-n1',
			name: 'look_up_caller',
			description: 'Looks the caller up in the CRM by phone number',
			type: 'webhook',
			inputs: [
				{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' },
				{ name: 'vip', type: 'boolean', required: false },
			],
			url: TOOL_URL,
			authorization_scheme: 'custom',
			custom_headers: [{ key: 'X-N8n-Talkover-Secret', value: secret }],
			speak_on_send: 'One moment.',
			speak_on_receive: 'Found you.',
			execution_mode: 'during_call',
			current_status: 'active',
		});
		expect(TOOL_URL).not.toContain(secret);
		expect(storedActions()).toHaveLength(1);
		expect(data.actionId).toBe(storedActions()[0].id);
		expect(data.actionAgentId).toBe(SALES_AGENT);
	});

	test('Flow Node ID chosen: sent as node_id', async () => {
		const { workflow, node } = toolWorkflow({ ...PARAMETERS, toolOptions: { flowNodeId: 'node-book' } });
		await activate(workflow, node);
		expect(sandbox().requestsTo('POST', ACTIONS)[0].body.node_id).toBe('node-book');
	});

	test.each([
		['no Tool Name', { toolName: '  ' }, 'Tool Name: is required but empty'],
		['no Tool Description', { toolDescription: '' }, 'Tool Description: is required but empty'],
		['two inputs with one name', { inputs: { values: [{ name: 'phone', type: 'string' }, { name: 'phone', type: 'string' }] } }, 'Inputs: input 2: the name "phone" is used by an input before it'],
	])('%s: refused before any request, naming the field', async (_what, change, message) => {
		const { workflow, node } = toolWorkflow({ ...PARAMETERS, ...change });
		await expect(activate(workflow, node)).rejects.toThrow(message);
		expect(sandbox().requests).toEqual([]);
	});
});

describe('Talkover sets the agent to draft on any change of its actions: a published agent is published again', () => {
	const status = async (agentId: string) => sandbox().agents.find((a) => a.id === agentId)?.current_status;

	test('published before: published after publish and after unpublish', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		expect(await status(SALES_AGENT)).toBe('published');
		await deactivate(workflow, node);
		expect(await status(SALES_AGENT)).toBe('published');
	});

	test('Publish Agent Again off: the agent is left in draft, as Talkover leaves it (no Get Agent, no publish)', async () => {
		const { workflow, node } = toolWorkflow({ ...PARAMETERS, toolOptions: { republishAgent: false } });
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['POST', ACTIONS],
		]);
		expect(await status(SALES_AGENT)).toBe('draft');
	});

	test('a draft agent stays a draft (never published by the node)', async () => {
		const { workflow, node } = toolWorkflow({ ...PARAMETERS, agentId: { __rl: true, mode: 'id', value: DRAFT_AGENT } });
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/agents/${DRAFT_AGENT}/actions`],
			['GET', `/api/v1/agents/${DRAFT_AGENT}`],
			['POST', `/api/v1/agents/${DRAFT_AGENT}/actions`],
		]);
		expect(await status(DRAFT_AGENT)).toBe('draft');
	});
});

describe('re-publish, restart, unpublish: never a second action', () => {
	test('re-publish unchanged (or an n8n restart: the same static data): the action is kept, only listed', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const first = { ...staticData(workflow) };
		sandbox().requests.length = 0;
		await activate(workflow, node);
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['GET', ACTIONS],
		]);
		expect(staticData(workflow)).toEqual(first);
		expect(storedActions()).toHaveLength(1);
	});

	test('re-publish after the description changed: the old action is replaced (deleted, created anew)', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const old = String(staticData(workflow).actionId);
		sandbox().requests.length = 0;
		node.parameters = { ...PARAMETERS, toolDescription: 'Finds the caller' };
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['GET', AGENT],
			['DELETE', `${ACTIONS}/${old}`],
			['POST', ACTIONS],
			['POST', PUBLISH],
		]);
		expect(storedActions().map((a) => a.description)).toEqual(['Finds the caller']);
	});

	test('static data lost (secret unknown): the action for this URL is found by its URL and replaced', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const old = String(staticData(workflow).actionId);
		const oldSecret = staticData(workflow).actionSecret;
		workflow.staticData['node:Talkover Trigger'] = {};
		sandbox().requests.length = 0;
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['GET', AGENT],
			['DELETE', `${ACTIONS}/${old}`],
			['POST', ACTIONS],
			['POST', PUBLISH],
		]);
		expect(storedActions()).toHaveLength(1);
		expect(staticData(workflow).actionSecret).not.toBe(oldSecret);
	});

	test('another agent chosen: the action on the old agent is deleted, one made on the new one', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const old = String(staticData(workflow).actionId);
		node.parameters = { ...PARAMETERS, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT } };
		sandbox().requests.length = 0;
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', AGENT],
			['DELETE', `${ACTIONS}/${old}`],
			['POST', PUBLISH],
			['GET', `/api/v1/agents/${SUPPORT_AGENT}/actions`],
			['GET', `/api/v1/agents/${SUPPORT_AGENT}`],
			['POST', `/api/v1/agents/${SUPPORT_AGENT}/actions`],
			['POST', `/api/v1/agents/${SUPPORT_AGENT}/publish`],
		]);
		expect(storedActions()).toHaveLength(0);
	});

	test('“Listen for test event” (n8n registers the test URL): nothing is created, changed or deleted; the published action is kept', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const published = { ...staticData(workflow) };
		sandbox().requests.length = 0;
		const test = () => new HookContext(workflow, node, { ...additionalDataFor(credentials()), webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test' }, 'manual', 'manual', { isTest: true } as never);
		expect(await methods.checkExists.call(test())).toBe(true);
		await methods.delete.call(test());
		expect(sandbox().requests).toEqual([]);
		expect(staticData(workflow)).toEqual(published);
		expect(storedActions()).toHaveLength(1);
	});

	test('unpublish deletes the action and forgets the secret; already gone (404) is fine', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const id = String(staticData(workflow).actionId);
		sandbox().requests.length = 0;
		await deactivate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', AGENT],
			['DELETE', `${ACTIONS}/${id}`],
			['POST', PUBLISH],
		]);
		expect(storedActions()).toHaveLength(0);
		expect(staticData(workflow)).toEqual({});
		// Deleted in Talkover meanwhile: the next unpublish still succeeds.
		await activate(workflow, node);
		(sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.length = 0;
		await expect(deactivate(workflow, node)).resolves.toBeUndefined();
		expect(staticData(workflow)).toEqual({});
	});
});

/** A response object like Express's: after the first answer, setting headers throws (as Node's does). */
function expressLike() {
	const response = {
		statusCode: 200,
		headersSent: false,
		answers: [] as Array<{ status: number; body: unknown }>,
		status(code: number) {
			if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
			this.statusCode = code;
			return this;
		},
		json(body: unknown) {
			return this.send(body);
		},
		send(body: unknown) {
			if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
			this.headersSent = true;
			this.answers.push({ status: this.statusCode, body });
			return this;
		},
		setHeader(...header: unknown[]) {
			if (header.length === 0) throw new Error('setHeader needs a name');
			if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
			return this;
		},
		end() {
			return this;
		},
		on() {
			return this;
		},
	};
	return response;
}

describe('a call of the tool (webhook)', () => {
	const SECRET = 'a'.repeat(64);

	function call(headers: IDataObject, body: unknown, toolOptions: IDataObject = {}) {
		const response = expressLike();
		const warnings: string[] = [];
		const context = {
			getWorkflowStaticData: () => ({ actionId: 'x', actionAgentId: SALES_AGENT, actionSecret: SECRET }),
			getHeaderData: () => headers,
			getBodyData: () => body,
			getNode: () => ({ name: 'Talkover Trigger' }),
			getCredentials: async () => ({ apiToken: 'talq_trigger_token', baseUrl: 'https://app.talkover.ai' }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : name === 'toolOptions' ? toolOptions : fallback),
			getResponseObject: () => response,
			logger: { warn: (message: string) => warnings.push(message) },
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		} as unknown as IWebhookFunctions;
		const result: Promise<IWebhookResponseData> = new trigger.TalkoverTrigger().webhook.call(context);
		return { result, response, warnings };
	}

	test('with the secret: one item, the body as Talkover sent it, without the secret or a token echoed', async () => {
		clock().hold();
		const { result } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+15551234567', note: `secret ${SECRET}, token talq_trigger_token` });
		expect(await result).toEqual({ workflowData: [[{ json: { phone: '+15551234567', note: 'secret ***, token ***' } }]] });
	});

	test('without or with a wrong secret: 401, nothing starts, no timer left', async () => {
		clock().hold();
		for (const headers of [{}, { 'x-n8n-talkover-secret': 'b'.repeat(64) }, { 'x-n8n-talkover-secret': SECRET.slice(1) }]) {
			const { result, response } = call(headers, { phone: '+15551234567' });
			expect(await result).toEqual({ noWebhookResponse: true });
			expect(response.answers).toEqual([{ status: 401, body: { message: 'Unauthorized: this webhook only accepts calls of this tool from Talkover' } }]);
		}
		expect(clock().pending).toBe(0);
	});

	test('the workflow answers in time: its answer goes out untouched, no fallback later', async () => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		expect(clock().waits).toEqual([10_000]);
		response.status(200).json({ name: 'Ada Lovelace' });
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(response.answers).toEqual([{ status: 200, body: { name: 'Ada Lovelace' } }]);
		expect(clock().pending).toBe(0);
		expect(warnings).toEqual([]);
	});

	test('slower than the Answer Time Limit: the fallback at the limit; the late result is dropped without an error', async () => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' }, { timeLimit: 3, fallbackAnswer: 'Give me a second, the CRM is slow.' });
		await result;
		expect(clock().waits).toEqual([3_000]);
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(clock().time - Date.UTC(2026, 0, 15, 12)).toBe(3_000);
		expect(response.answers).toEqual([{ status: 200, body: { message: 'Give me a second, the CRM is slow.' } }]);
		// n8n answers later with the workflow's result: nothing is written, nothing throws.
		expect(() => response.status(200).json({ name: 'late' })).not.toThrow();
		expect(() => response.setHeader('content-type', 'application/json')).not.toThrow();
		expect(response.answers).toHaveLength(1);
		expect(warnings).toEqual(['Talkover agent tool "Talkover Trigger": answered with the Fallback Answer (no answer within 3 s)']);
	});

	test('Respond to Webhook mode, the workflow fails before that node (n8n answers 200 without a body): the fallback instead', async () => {
		clock().hold();
		const { result, response } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		response.status(200).json(undefined);
		expect(response.answers).toEqual([{ status: 200, body: { message: DEFAULT_FALLBACK } }]);
		clock().release();
	});

	test('the workflow fails (n8n answers 500 "Error in workflow"): the fallback instead, 200', async () => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		response.status(500).json({ message: 'Error in workflow' });
		expect(response.answers).toEqual([{ status: 200, body: { message: DEFAULT_FALLBACK } }]);
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(response.answers).toHaveLength(1);
		expect(warnings).toEqual(['Talkover agent tool "Talkover Trigger": answered with the Fallback Answer (the workflow failed)']);
	});
});
