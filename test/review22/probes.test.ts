/**
 * Adversarial probes of issue 22 (review22). Each test states what a user expects; a failing test is a break.
 */
import { HookContext } from 'n8n-core';
import type { IDataObject, INode, INodeType, Workflow as WorkflowType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { answerInTime } from '../../nodes/TalkoverTrigger/sources/answerInTime';
import { additionalDataFor, runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../helpers/fixtures';
import { SEEDED_ACTION } from '../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();
const TYPE = 'n8n-nodes-talkover.talkoverTrigger';
const URL_BASE = 'http://127.0.0.1:5678/webhook';

const PARAMETERS = {
	source: 'agentTool',
	agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
	toolName: 'look_up_caller',
	toolDescription: 'Looks the caller up in the CRM by phone number',
	inputs: { values: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }] },
	toolOptions: {},
};

function toolWorkflow(parameters: IDataObject = PARAMETERS, nodeName = 'Talkover Trigger', webhookId = '5b2d3c4e-6f70-4a81-9b2c-3d4e5f6a7b8c', nodeId = 'n1'): { workflow: WorkflowType; node: INode } {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const node = { id: nodeId, name: nodeName, type: TYPE, typeVersion: 1, position: [0, 0], parameters, webhookId, credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as INode;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'wf1', name: 'Caller lookup', nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes as never, staticData: { [`node:${node.name}`]: {} } });
	return { workflow, node };
}

const methods = new trigger.TalkoverTrigger().webhookMethods.default;
const ctx = (workflow: WorkflowType, node: INode) => new HookContext(workflow, node, { ...additionalDataFor(credentials()), webhookBaseUrl: URL_BASE }, 'trigger', 'activate');
async function activate(workflow: WorkflowType, node: INode): Promise<void> {
	if (!(await methods.checkExists.call(ctx(workflow, node)))) await methods.create.call(ctx(workflow, node));
}
async function deactivate(workflow: WorkflowType, node: INode): Promise<void> {
	await methods.delete.call(ctx(workflow, node));
}
const staticData = (workflow: WorkflowType, name = 'Talkover Trigger') => workflow.staticData[`node:${name}`] as IDataObject;
const actions = () => (sandbox() as unknown as { agentActions: IDataObject[] }).agentActions;

describe('agent deleted in Talkover', () => {
	test('Agent changed to another after the old agent was deleted in Talkover: publishing on the new agent works', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		// The user deletes the old agent in Talkover (its actions go with it), picks another agent, publishes.
		sandbox().agents = sandbox().agents.filter((a) => a.id !== SALES_AGENT);
		(sandbox() as unknown as { agentActions: IDataObject[] }).agentActions = actions().filter((a) => a.agent_id !== SALES_AGENT);
		node.parameters = { ...PARAMETERS, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT } };
		await expect(activate(workflow, node)).resolves.toBeUndefined();
		expect(actions().filter((a) => a.agent_id === SUPPORT_AGENT && a.name === 'look_up_caller')).toHaveLength(1);
	});

	test('unpublish after the agent was deleted in Talkover: succeeds and forgets the action (as a 404 of the action does)', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		sandbox().agents = sandbox().agents.filter((a) => a.id !== SALES_AGENT);
		(sandbox() as unknown as { agentActions: IDataObject[] }).agentActions = actions().filter((a) => a.agent_id !== SALES_AGENT);
		await expect(deactivate(workflow, node)).resolves.toBeUndefined();
		expect(staticData(workflow)).toEqual({});
	});
});

describe('Flow Node ID (node_id) shared with an action the agent already has', () => {
	test('publishing a tool on a flow node that already has an action does not silently overwrite that action', async () => {
		const before = JSON.parse(JSON.stringify(actions().find((a) => a.id === SEEDED_ACTION)));
		const { workflow, node } = toolWorkflow({ ...PARAMETERS, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT }, toolOptions: { flowNodeId: String(before.node_id) } });
		let error: unknown;
		try {
			await activate(workflow, node);
		} catch (e) {
			error = e;
		}
		// Either refused before sending (naming the existing action) or the user's action is intact.
		const seed = actions().find((a) => a.id === SEEDED_ACTION);
		if (!error) expect(seed?.name).toBe('Schedule Meeting');
		// And unpublishing never deletes the user's own action.
		if (!error) {
			await deactivate(workflow, node);
			expect(actions().map((a) => a.id)).toContain(SEEDED_ACTION);
		}
	});

	test('two tool nodes (two workflows) on the same agent and flow node: both keep a working action after each publishes again', async () => {
		const a = toolWorkflow({ ...PARAMETERS, toolName: 'tool_a', toolOptions: { flowNodeId: 'node-book' } }, 'Tool A', 'aaaaaaaa-0000-4000-8000-000000000001', 'na');
		const b = toolWorkflow({ ...PARAMETERS, toolName: 'tool_b', toolOptions: { flowNodeId: 'node-book' } }, 'Tool B', 'bbbbbbbb-0000-4000-8000-000000000002', 'nb');
		await activate(a.workflow, a.node);
		await activate(b.workflow, b.node);
		const names = actions().filter((x) => x.agent_id === SALES_AGENT).map((x) => x.name);
		expect(names.sort()).toEqual(['tool_a', 'tool_b']);
	});
});

describe('Agent Action → Get Many never shows a tool’s secret', () => {
	test('Talkover echoing custom_headers in its list (openapi.json Action has a free `config`): the trigger’s secret is not in the items', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const secret = String(staticData(workflow).actionSecret);
		const stored = actions().filter((a) => a.agent_id === SALES_AGENT);
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/actions`, status: 200, body: { success: true, data: stored.map((s) => ({ id: s.id, name: s.name, type: s.type, url: s.url, config: { custom_headers: s.custom_headers } })) } });
		const { output, error } = await runTalkover({ parameters: { resource: 'agentAction', operation: 'getMany', agentId: byId(SALES_AGENT) }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(JSON.stringify(output)).not.toContain(secret);
	});
});

describe('Agent Action → Update whose Node ID is another action’s', () => {
	test('Talkover replaced another existing action: the error does not say "added a new action … both now exist"', async () => {
		const other = { ...JSON.parse(JSON.stringify(actions()[0])), id: 'ac710000-0000-4000-8000-000000000002', node_id: 'node-other', name: 'Other' };
		actions().push(other);
		const { error } = await runTalkover({
			parameters: { resource: 'agentAction', operation: 'update', agentId: byId(SUPPORT_AGENT), actionId: byId(other.id), actionType: 'webhook', name: 'Other', description: 'x', nodeId: 'action-node-456', url: 'https://n8n.example.com/webhook/x' },
			credentials: credentials(),
		});
		// What happened: the seeded action (Schedule Meeting) was overwritten with the update, "Other" is unchanged.
		expect(actions().find((a) => a.id === SEEDED_ACTION)?.name).toBe('Other');
		expect(error?.message).not.toMatch(/added a new action/);
		expect(String(error?.description)).not.toContain('Both actions now exist');
	});
});

describe('the answer in time (answerInTime)', () => {
	function fakeRes() {
		const res = {
			statusCode: 200,
			headersSent: false,
			writableEnded: false,
			answers: [] as Array<{ status: number; body: unknown }>,
			status(code: number) {
				this.statusCode = code;
				return this;
			},
			json(body: unknown) {
				return this.send(body);
			},
			send(body: unknown) {
				this.headersSent = true;
				this.writableEnded = true;
				this.answers.push({ status: this.statusCode, body });
				return this;
			},
			end(body?: unknown) {
				this.headersSent = true;
				this.writableEnded = true;
				this.answers.push({ status: this.statusCode, body: body ?? '(end)' });
				return this;
			},
			on() {
				return this;
			},
		};
		return res;
	}

	test.each([
		['an empty object', {}],
		['an empty list', []],
		['null', null],
		['n8n’s own 200 when the last node returned nothing', { message: 'Workflow executed successfully but the last node did not return any data' }],
	])('the workflow answers %s: the agent gets the fallback text (an empty answer)', async (_what, body) => {
		clock().hold();
		const res = fakeRes();
		answerInTime(res as never, 10_000, { message: 'fallback' });
		res.status(200).json(body);
		expect(res.answers).toEqual([{ status: 200, body: { message: 'fallback' } }]);
		clock().release();
	});

	test('a Time Limit of 0.001 s from an expression (below the field’s minimum of 1): not answered with the fallback at once', async () => {
		clock().hold();
		const response = fakeRes();
		const context = {
			getWorkflowStaticData: () => ({ actionSecret: 'a'.repeat(64) }),
			getHeaderData: () => ({ 'x-n8n-talkover-secret': 'a'.repeat(64) }),
			getBodyData: () => ({ phone: '+1' }),
			getNode: () => ({ name: 'Talkover Trigger' }),
			getCredentials: async () => ({ apiToken: 't', baseUrl: 'https://app.talkover.ai' }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : name === 'toolOptions' ? { timeLimit: 0.001 } : fallback),
			getResponseObject: () => response,
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		};
		await new trigger.TalkoverTrigger().webhook.call(context as never);
		expect(clock().waits[0]).toBeGreaterThanOrEqual(1000);
		clock().release();
	});
});

describe('webhook input', () => {
	test('the secret header given twice (Node joins them: "s, s"): 401', async () => {
		const response = { statusCode: 200, answers: [] as unknown[], status(c: number) { this.statusCode = c; return this; }, json(b: unknown) { this.answers.push([this.statusCode, b]); return this; }, on() { return this; } };
		const context = {
			getWorkflowStaticData: () => ({ actionSecret: 'a'.repeat(64) }),
			getHeaderData: () => ({ 'x-n8n-talkover-secret': `${'a'.repeat(64)}, ${'a'.repeat(64)}` }),
			getNode: () => ({ name: 'T' }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : fallback),
			getResponseObject: () => response,
		};
		expect(await new trigger.TalkoverTrigger().webhook.call(context as never)).toEqual({ noWebhookResponse: true });
		expect(response.answers[0]).toEqual([401, expect.anything()]);
	});
});

describe('Agent Action → Create: hostile input and answers', () => {
	const create = (extra: IDataObject = {}) => ({
		resource: 'agentAction',
		operation: 'create',
		agentId: byId(SALES_AGENT),
		actionType: 'webhook',
		name: 'lookup_customer',
		description: 'Look the caller up in the CRM',
		nodeId: 'crm-lookup',
		url: 'https://n8n.example.com/webhook/crm',
		...extra,
	});
	const posts = () => sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/actions`);

	test.each([
		['a Host header', { additionalFields: { customHeaders: { header: [{ key: 'Host', value: 'evil.example' }] } } }],
		['a header value with CRLF', { additionalFields: { customHeaders: { header: [{ key: 'X-A', value: 'a\r\nX-Injected: 1' }] } } }],
		['a javascript: URL', { url: 'javascript:alert(1)' }],
		['a transfer number with letters', { actionType: 'transfer', transferTo: '+1555CALLNOW' }],
	])('%s: refused before anything is sent', async (_what, extra) => {
		const { error } = await runTalkover({ parameters: create(extra as IDataObject) as never, credentials: credentials() });
		expect(error).toBeDefined();
		expect(posts()).toEqual([]);
	});

	test('Talkover’s answer echoes the custom header value (a password field): not in the output item', async () => {
		sandbox().inject({
			method: 'POST',
			path: `/api/v1/agents/${SALES_AGENT}/actions`,
			status: 200,
			body: { success: true, message: 'Agent action created successfully', data: { id: 'ac710000-0000-4000-8000-00000000abcd', name: 'lookup_customer', type: 'webhook', custom_headers: [{ key: 'X-Api-Key', value: 'sk_live_PASSWORD_VALUE' }] } },
		});
		const { output, error } = await runTalkover({ parameters: create({ additionalFields: { customHeaders: { header: [{ key: 'X-Api-Key', value: 'sk_live_PASSWORD_VALUE' }] } } }) as never, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(JSON.stringify(output)).not.toContain('sk_live_PASSWORD_VALUE');
	});
});

describe('Agent Action → Delete: 429, then 500 (which deleted), then 404', () => {
	test('deleted, with the note; one item', async () => {
		sandbox().inject({ method: 'DELETE', status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.' } }, headers: { 'retry-after': '1' } } as never);
		sandbox().inject({
			method: 'DELETE',
			reply: () => {
				(sandbox() as unknown as { agentActions: IDataObject[] }).agentActions = [];
				return { status: 500, body: { success: false, message: 'Internal server error.' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: { resource: 'agentAction', operation: 'delete', agentId: byId(SUPPORT_AGENT), actionId: byId(SEEDED_ACTION) }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ deleted: true, id: SEEDED_ACTION });
		expect(String(output![0].json.note)).toMatch(/gone/);
	});
});

describe('a published agent is published again, also after a failed re-publish', () => {
	test('tool changed, Talkover refuses the new action (422): the agent is not left in draft for good', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const status = () => sandbox().agents.find((a) => a.id === SALES_AGENT)?.current_status;
		expect(status()).toBe('published');
		node.parameters = { ...PARAMETERS, toolDescription: 'Changed description' };
		sandbox().inject({ method: 'POST', path: `/api/v1/agents/${SALES_AGENT}/actions`, status: 422, body: { success: false, message: 'The given data was invalid.', errors: { name: ['taken'] } } });
		await expect(activate(workflow, node)).rejects.toThrow();
		// The user fixes whatever it was and publishes again: the agent ends published, as it was.
		await activate(workflow, node);
		expect(actions().filter((a) => a.agent_id === SALES_AGENT)).toHaveLength(1);
		expect(status()).toBe('published');
	});
});

describe('“Listen for test event” as n8n 2.x really runs it (refutation probe)', () => {
	// n8n's TestWebhooks.toWorkflow builds the workflow with `staticData: {}`, calls checkExists/create with
	// activation 'manual' and, when the test ends, deleteWebhook with activation 'update' (not 'manual').
	test.each(['agent', 'agentTool'])('source %s: the published webhook/action survives a test listen', async (source) => {
		const params = source === 'agentTool' ? PARAMETERS : { source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] };
		const { workflow, node } = toolWorkflow(params as IDataObject);
		await activate(workflow, node);
		const before = actions().length;
		const hooksBefore = JSON.stringify((sandbox() as unknown as { webhooks?: unknown }).webhooks ?? null);
		const testWorkflow = toolWorkflow(params as IDataObject).workflow; // staticData {}
		const testNode = testWorkflow.getNode('Talkover Trigger')!;
		const manual = () => new HookContext(testWorkflow, testNode, { ...additionalDataFor(credentials()), webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test' }, 'manual', 'manual', { isTest: true } as never);
		if (!(await methods.checkExists.call(manual()))) await methods.create.call(manual());
		await methods.delete.call(new HookContext(testWorkflow, testNode, { ...additionalDataFor(credentials()), webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test' }, 'internal', 'update', { isTest: true } as never));
		expect(actions().length).toBe(before);
		expect(JSON.stringify((sandbox() as unknown as { webhooks?: unknown }).webhooks ?? null)).toBe(hooksBefore);
	});
});

describe('webhook body oddities', () => {
	test('a body with a __proto__ key, and a body that is a list: one item each, key kept, nothing polluted', async () => {
		const SECRET = 'a'.repeat(64);
		const run = async (body: unknown) => {
			const response = { statusCode: 200, status(c: number) { this.statusCode = c; return this; }, json() { return this; }, send() { return this; }, on() { return this; } };
			const context = {
				getWorkflowStaticData: () => ({ actionSecret: SECRET }),
				getHeaderData: () => ({ 'x-n8n-talkover-secret': SECRET }),
				getBodyData: () => body,
				getNode: () => ({ name: 'T' }),
				getCredentials: async () => ({ apiToken: 'talq_x' }),
				getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : fallback),
				getResponseObject: () => response,
				helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
			};
			clock().hold();
			const result = await new trigger.TalkoverTrigger().webhook.call(context as never);
			clock().release();
			return result;
		};
		const polluted = JSON.parse(`{"__proto__": {"polluted": "talq_x"}, "phone": "+1"}`);
		const r1 = await run(polluted);
		const item = (r1.workflowData as unknown as Array<Array<{ json: IDataObject }>>)[0][0].json;
		expect(Object.keys(item).sort()).toEqual(['__proto__', 'phone']);
		expect(({} as IDataObject).polluted).toBeUndefined();
		const r2 = await run([1, 2]);
		expect((r2.workflowData as unknown as Array<Array<{ json: IDataObject }>>)[0]).toHaveLength(1);
	});
});

describe('the tool’s secret never in an error (check and delete)', () => {
	const text = (e: unknown) => {
		const err = e as Record<string, unknown>;
		return [String(err?.message), String(err?.description), JSON.stringify(err?.context ?? {}), String(err?.stack), JSON.stringify((err as { cause?: unknown })?.cause ?? {}), JSON.stringify(err ?? {})].join('\n');
	};
	test('re-publish: Talkover’s list answers 500 echoing the action with its header', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const secret = String(staticData(workflow).actionSecret);
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/actions`, status: 500, body: { success: false, message: `Server error while reading custom_headers X-N8n-Talkover-Secret: ${secret}` }, times: Infinity } as never);
		let error: unknown;
		await activate(workflow, node).catch((e) => (error = e));
		expect(error).toBeDefined();
		expect(text(error)).not.toContain(secret);
	});
	test('unpublish: Talkover’s delete answers 422 echoing the header', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const secret = String(staticData(workflow).actionSecret);
		sandbox().inject({ method: 'DELETE', status: 422, body: { success: false, message: `Cannot delete action with header ${secret}` } });
		let error: unknown;
		await deactivate(workflow, node).catch((e) => (error = e));
		expect(error).toBeDefined();
		expect(text(error)).not.toContain(secret);
	});
});

describe('sibling: the Agent Events source’s secret in an unpublish error', () => {
	test('Talkover’s webhook delete answers 422 echoing the secret', async () => {
		const params = { source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] };
		const { workflow, node } = toolWorkflow(params as IDataObject);
		await activate(workflow, node);
		const secret = String(staticData(workflow).secret);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		sandbox().inject({ method: 'DELETE', status: 422, body: { success: false, message: `Cannot delete webhook with secret ${secret}` } });
		let error: unknown;
		await deactivate(workflow, node).catch((e) => (error = e));
		expect(error).toBeDefined();
		expect(`${String((error as Error).message)} ${String((error as { description?: string }).description)}`).not.toContain(secret);
	});
});

describe('never a second action: static data lost, Talkover’s list without `url` (openapi.json’s Action has none)', () => {
	test('a POST that never updates (actionUpsertKey none): re-publish does not add a second action', async () => {
		sandbox().actionUpsertKey = 'none';
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		// n8n lost the static data (e.g. saved before the activation finished); the list shows no url.
		for (const key of Object.keys(staticData(workflow))) delete staticData(workflow)[key];
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/agents/${SALES_AGENT}/actions`,
			reply: () => ({ status: 200, body: { success: true, data: actions().filter((a) => a.agent_id === SALES_AGENT).map((a) => ({ id: a.id, name: a.name, type: a.type, config: null })) } }),
		} as never);
		let error: unknown;
		await activate(workflow, node).catch((e) => (error = e));
		// Either refused (as the event sources refuse a webhook without webhook_url), or still one action.
		if (!error) expect(actions().filter((a) => a.agent_id === SALES_AGENT)).toHaveLength(1);
	});
});
