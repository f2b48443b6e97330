/**
 * The Agent Tool's hooks (nodes/TalkoverTrigger/sources/agentToolPublishing.ts), in-process: publish
 * (webhookMethods through n8n-core's HookContext against the sandbox's action endpoints), re-publish and
 * restart without a second action, unpublish deleting it, the agent published again after Talkover set it
 * to draft, and the checks made before anything is sent. The same lifecycle runs in a real n8n in
 * test/e2e/agent-tool.e2e.ts; a call of the tool is in ../agentToolAnswer/.
 */
import { createHash } from 'node:crypto';

import { HookContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { ACTIONS, AGENT, hookContext, hooks, LOOK_UP_CALLER, PUBLISH, staticData, TOOL_URL, toolWorkflow, useToolHooks } from '../../helpers/agentToolWorkflow';
import { additionalDataFor } from '../../helpers/n8n';
import { DRAFT_AGENT, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN, SEEDED_ACTION } from '../../helpers/seed';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../../nodes/TalkoverTrigger/sources/unpublishLater';

const { sandbox, credentials, clock } = useSandbox();
const { activate, deactivate, published, storedActions } = useToolHooks({ sandbox, credentials, clock });
/**
 * An unpublish as n8n runs it, then its grace passing (unpublishLater.ts: the webhooks or the tool's action are
 * deleted then, in the background): what the hooks and the deletion wrote to n8n's log.
 */
async function unpublishedLogging(workflow: Parameters<typeof deactivate>[0], node: Parameters<typeof deactivate>[1]): Promise<string[]> {
	const logged: string[] = [];
	const context = hookContext(workflow, node, credentials());
	const log = (message: unknown) => void logged.push(String(message));
	Object.defineProperty(context, 'logger', { value: { warn: log, info: log, error: log, debug: log } });
	expect(await hooks.delete.call(context)).toBe(true);
	clock().advance(UNPUBLISH_GRACE_MS);
	await deletionsEnded();
	return logged;
}

/** The requests of a re-publish that replaces the action `old`: read, delete it, create anew, publish. */
const replaced = (old: string) => [
	['GET', ACTIONS],
	['GET', AGENT],
	['DELETE', `${ACTIONS}/${old}`],
	['POST', ACTIONS],
	['POST', PUBLISH],
];

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
		const secret = String((sandbox().requestsTo('POST', ACTIONS)[0].body.custom_headers as IDataObject[])[0].value);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(data.actionSecret).toBe(`sha256:${createHash('sha256').update(secret).digest('hex')}`);
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
		const { workflow, node } = toolWorkflow({ ...LOOK_UP_CALLER, toolOptions: { flowNodeId: 'node-book' } });
		await activate(workflow, node);
		expect(sandbox().requestsTo('POST', ACTIONS)[0].body.node_id).toBe('node-book');
	});

	test.each([
		['no Tool Name', { toolName: '  ' }, 'Tool Name: is required but empty'],
		['no Tool Description', { toolDescription: '' }, 'Tool Description: is required but empty'],
		['two inputs with one name', { inputs: { values: [{ name: 'phone', type: 'string' }, { name: 'phone', type: 'string' }] } }, 'Inputs: input 2: the name "phone" is used by an input before it'],
	])('%s: refused before any request, naming the field', async (_what, change, message) => {
		const { workflow, node } = toolWorkflow({ ...LOOK_UP_CALLER, ...change });
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
		const { workflow, node } = toolWorkflow({ ...LOOK_UP_CALLER, toolOptions: { republishAgent: false } });
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['POST', ACTIONS],
		]);
		expect(await status(SALES_AGENT)).toBe('draft');
	});

	test('a draft agent stays a draft (never published by the node)', async () => {
		const { workflow, node } = toolWorkflow({ ...LOOK_UP_CALLER, agentId: { __rl: true, mode: 'id', value: DRAFT_AGENT } });
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
		const { workflow, node } = await published();
		const first = { ...staticData(workflow) };
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
		const { workflow, node, actionId: old } = await published();
		node.parameters = { ...LOOK_UP_CALLER, toolDescription: 'Finds the caller' };
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual(replaced(old));
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
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual(replaced(old));
		expect(storedActions()).toHaveLength(1);
		expect(staticData(workflow).actionSecret).not.toBe(oldSecret);
	});

	test('another agent chosen: the action on the old agent is deleted, one made on the new one', async () => {
		const { workflow, node, actionId: old } = await published();
		node.parameters = { ...LOOK_UP_CALLER, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT } };
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
		// As n8n 2.x runs it (TestWebhooks): registered with mode and activation `manual`, torn down with mode
		// `internal` and activation `update` (as a published workflow's update is), only `isTest` set. The
		// static data here is the published one (the worst case: n8n 2.x gives the test workflow `{}`).
		const testUrls = { ...additionalDataFor(credentials()), webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test' };
		expect(await hooks.checkExists.call(new HookContext(workflow, node, testUrls, 'manual', 'manual', { isTest: true } as never))).toBe(true);
		await hooks.delete.call(new HookContext(workflow, node, testUrls, 'internal', 'update', { isTest: true } as never));
		expect(sandbox().requests).toEqual([]);
		expect(staticData(workflow)).toEqual(published);
		expect(storedActions()).toHaveLength(1);
		// The published workflow's own removal on an update (the same mode and activation, not a test): deleted
		// when its grace has passed.
		await hooks.delete.call(hookContext(workflow, node, credentials(), 'internal', 'update', { isTest: false } as never));
		clock().advance(UNPUBLISH_GRACE_MS);
		await deletionsEnded();
		expect(storedActions()).toHaveLength(0);
	});

	test('unpublish deletes the action and forgets the secret; already gone (404) is fine', async () => {
		const { workflow, node, actionId: id } = await published();
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

describe('the agent deleted in Talkover does not leave the tool stuck', () => {
	const deleteAgent = (id: string) => {
		sandbox().agents = sandbox().agents.filter((a) => a.id !== id);
		(sandbox() as unknown as { agentActions: IDataObject[] }).agentActions = (sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.filter((a) => a.agent_id !== id);
	};

	test('Agent changed to another after the old agent was deleted: its action went with it, the record is forgotten and the tool is published on the new agent', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		deleteAgent(SALES_AGENT);
		node.parameters = { ...LOOK_UP_CALLER, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT } };
		sandbox().requests.length = 0;
		await expect(activate(workflow, node)).resolves.toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', AGENT],
			['GET', `/api/v1/agents/${SUPPORT_AGENT}/actions`],
			['GET', `/api/v1/agents/${SUPPORT_AGENT}`],
			['POST', `/api/v1/agents/${SUPPORT_AGENT}/actions`],
			['POST', `/api/v1/agents/${SUPPORT_AGENT}/publish`],
		]);
		expect((sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.filter((a) => a.agent_id === SUPPORT_AGENT).map((a) => a.name)).toEqual(['Schedule Meeting', 'look_up_caller']);
		expect(staticData(workflow).actionAgentId).toBe(SUPPORT_AGENT);
	});

	test('unpublish after the agent was deleted: succeeds and forgets the action (as a 404 of the action does)', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		deleteAgent(SALES_AGENT);
		sandbox().requests.length = 0;
		await expect(deactivate(workflow, node)).resolves.toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', AGENT]]);
		expect(staticData(workflow)).toEqual({});
	});
});

describe('the event sources’ webhook whose agent or campaign was deleted in Talkover: unpublished as the tool is', () => {
	test.each([
		['Agent Events', { source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] }],
		['Campaign Events', { source: 'campaign', campaignId: { __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN }, campaignEvents: ['campaign.completed'] }],
	])('%s: unpublish succeeds, and its deletion takes Talkover’s 404 as gone with it (nothing in n8n’s log)', async (_what, parameters) => {
		const { workflow, node } = toolWorkflow(parameters as IDataObject);
		await activate(workflow, node);
		expect(staticData(workflow).webhookId).toBeDefined();
		const sb = sandbox() as unknown as { agents: IDataObject[]; campaigns: IDataObject[] };
		if (parameters.source === 'agent') sb.agents = sb.agents.filter((a) => a.id !== SALES_AGENT);
		else sb.campaigns = sb.campaigns.filter((c) => c.id !== ACTIVE_CAMPAIGN);
		expect(await unpublishedLogging(workflow, node)).toEqual([]);
		expect(sandbox().requestsTo('DELETE')).toHaveLength(1);
	});
});

describe('a 404 that is not Talkover’s own “not found” (a wrong Base URL, a proxy) is never taken as “gone”', () => {
	const NOT_TALKOVERS = [
		['a framework’s {"message":"Not Found"}', { message: 'Not Found' }],
		['a web page', '<html><body><h1>404 Not Found</h1></body></html>'],
	] as const;
	const status = () => sandbox().agents.find((a) => a.id === SALES_AGENT)?.current_status;
	const clearFaults = () => ((sandbox() as unknown as { faults: unknown[] }).faults.length = 0);

	test.each(NOT_TALKOVERS)('re-publish, the publish after the change answers %s: the publish fails, and the next publish publishes the agent again', async (_what, body) => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		node.parameters = { ...LOOK_UP_CALLER, toolDescription: 'Changed description' };
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 404, body, times: Infinity } as never);
		await expect(activate(workflow, node)).rejects.toThrow(/is now in draft.*Talkover does not know this address/);
		expect(status()).toBe('draft');
		expect(staticData(workflow).publishAgain).toBe(SALES_AGENT);
		clearFaults();
		await activate(workflow, node);
		expect(status()).toBe('published');
		expect(staticData(workflow).publishAgain).toBeUndefined();
	});

	test.each(NOT_TALKOVERS)('unpublish, Get Agent answers %s: nothing is changed, the action stays on record and a later unpublish deletes it', async (_what, body) => {
		const { workflow, node, actionId } = await published();
		sandbox().inject({ method: 'GET', path: AGENT, status: 404, body } as never);
		await expect(deactivate(workflow, node)).resolves.toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', AGENT]]);
		expect(status()).toBe('published');
		expect(staticData(workflow).actionId).toBe(actionId);
		await deactivate(workflow, node);
		expect(storedActions()).toHaveLength(0);
		expect(status()).toBe('published');
		expect(staticData(workflow)).toEqual({});
	});

	test.each(NOT_TALKOVERS)('unpublish, Delete Action answers %s: the action stays on record and a later unpublish deletes it', async (_what, body) => {
		const { workflow, node, actionId } = await published();
		sandbox().inject({ method: 'DELETE', path: `${ACTIONS}/${actionId}`, status: 404, body } as never);
		await expect(deactivate(workflow, node)).resolves.toBeUndefined();
		expect(storedActions()).toHaveLength(1);
		expect(staticData(workflow).actionId).toBe(actionId);
		await deactivate(workflow, node);
		expect(storedActions()).toHaveLength(0);
		expect(staticData(workflow)).toEqual({});
	});

	test.each([
		['Agent Events', { source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] }],
		['Campaign Events', { source: 'campaign', campaignId: { __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN }, campaignEvents: ['campaign.completed'] }],
	])('%s: unpublish, Delete Webhook answers {"message":"Not Found"}: n8n’s log names the Base URL, the webhook kept on record (the next publish replaces it)', async (_what, parameters) => {
		const { workflow, node } = toolWorkflow(parameters as IDataObject);
		await activate(workflow, node);
		const webhookId = staticData(workflow).webhookId;
		expect(webhookId).toBeDefined();
		sandbox().inject({ method: 'DELETE', status: 404, body: { message: 'Not Found' } } as never);
		expect(await unpublishedLogging(workflow, node)).toEqual([expect.stringMatching(new RegExp(`the webhook ${String(webhookId)} of the unpublished workflow could not be deleted in Talkover \\(the next publish replaces it\\): Talkover does not know this address .*check the Base URL`))]);
		expect(staticData(workflow).webhookId).toBe(webhookId);
	});
});

describe('a Flow Node that already has another action: refused, the other action kept', () => {
	const seeded = () => (sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.find((a) => a.id === SEEDED_ACTION)!;
	const onSupport = (flowNodeId: string, extra: IDataObject = {}) => ({ ...LOOK_UP_CALLER, agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT }, toolOptions: { flowNodeId }, ...extra });

	test('Talkover’s list shows the action’s node_id: refused before any POST, naming the action and the field', async () => {
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/agents/${SUPPORT_AGENT}/actions`,
			status: 200,
			body: { success: true, data: [{ id: SEEDED_ACTION, name: 'Schedule Meeting', type: 'webhook', url: 'https://api.example.com/schedule', node_id: 'action-node-456' }] },
		});
		const { workflow, node } = toolWorkflow(onSupport('action-node-456'));
		await expect(activate(workflow, node)).rejects.toThrow(
			`Options → Flow Node Name or ID: the agent already has an action on node "action-node-456" (action "Schedule Meeting", ID ${SEEDED_ACTION}) that is not this node's`,
		);
		expect(sandbox().requests.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(staticData(workflow)).toEqual({});
	});

	test('an action Talkover lists under a name 100,000 characters long is named clipped', async () => {
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/agents/${SUPPORT_AGENT}/actions`,
			status: 200,
			body: { success: true, data: [{ id: SEEDED_ACTION, name: 'S'.repeat(100_000), type: 'webhook', url: 'https://api.example.com/schedule', node_id: 'action-node-456' }] },
		});
		const { workflow, node } = toolWorkflow(onSupport('action-node-456'));
		let error: Error | undefined;
		await activate(workflow, node).catch((e: Error) => (error = e));
		const clipped = `${'S'.repeat(80)}… (100000 characters)`;
		expect(error?.message.startsWith(`Options → Flow Node Name or ID: the agent already has an action on node "action-node-456" (action "${clipped}", ID ${SEEDED_ACTION}) that is not this node's. `)).toBe(true);
		expect(error?.message).toContain(`would replace "${clipped}" with this tool`);
		expect(error!.message.length).toBeLessThan(1000);
		expect(sandbox().requests.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	test('Talkover’s list without node_id (as documented): Talkover’s answer naming the existing action is refused, nothing kept as the node’s, unpublish never deletes it', async () => {
		const { workflow, node } = toolWorkflow(onSupport(String(seeded().node_id)));
		let error: Error | undefined;
		await activate(workflow, node).catch((e: Error) => (error = e));
		expect(error?.message).toContain(`Options → Flow Node Name or ID: Talkover replaced the agent's action "Schedule Meeting" (ID ${SEEDED_ACTION}) on node "action-node-456" with this tool instead of adding one. `);
		expect(staticData(workflow).actionId).toBeUndefined();
		await deactivate(workflow, node);
		expect(sandbox().requestsTo('DELETE', `/api/v1/agents/${SUPPORT_AGENT}/actions/${SEEDED_ACTION}`)).toEqual([]);
		expect(seeded()).toBeDefined();
	});

	test('two tool nodes on the same agent and flow node: the second refuses', async () => {
		const a = toolWorkflow({ ...LOOK_UP_CALLER, toolName: 'tool_a', toolOptions: { flowNodeId: 'node-book' } });
		await activate(a.workflow, a.node);
		const b = toolWorkflow({ ...LOOK_UP_CALLER, toolName: 'tool_b', toolOptions: { flowNodeId: 'node-book' } });
		b.node.webhookId = 'bbbbbbbb-0000-4000-8000-000000000002';
		await expect(activate(b.workflow, b.node)).rejects.toThrow(/^Options → Flow Node Name or ID: Talkover replaced the agent's action "tool_a"/);
		expect(staticData(b.workflow).actionId).toBeUndefined();
		expect(staticData(a.workflow).actionId).toBeDefined();
	});
});

describe('the secret never in an error of publish or unpublish', () => {
	const everything = (e: unknown) => {
		const err = e as Record<string, unknown>;
		return [String(err?.message), String(err?.description), JSON.stringify(err?.context ?? {}), String(err?.stack), JSON.stringify(err?.cause ?? {}), JSON.stringify(err ?? {})].join('\n');
	};

	test('re-publish: Talkover’s list answers 500 echoing the secret', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const secret = String((storedActions()[0].custom_headers as IDataObject[])[0].value);
		sandbox().inject({ method: 'GET', path: ACTIONS, status: 500, body: { success: false, message: `Server error while reading custom_headers X-N8n-Talkover-Secret: ${secret}` }, times: Infinity } as never);
		let error: unknown;
		await activate(workflow, node).catch((e) => (error = e));
		expect(String((error as Error).message)).toMatch(/HTTP 500/);
		expect(everything(error)).not.toContain(secret);
	});

	test('unpublish: Talkover’s delete answers 422 echoing the secret: the warning n8n logs (unpublish does not fail, so the action stays on record) has *** instead', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const secret = String((storedActions()[0].custom_headers as IDataObject[])[0].value);
		sandbox().inject({ method: 'DELETE', status: 422, body: { success: false, message: `Cannot delete action with header ${secret}` } });
		const logged = await unpublishedLogging(workflow, node);
		const warning = logged.find((line) => line.includes('could not be deleted'));
		expect(warning).toContain('Cannot delete action with header ***');
		expect(logged.join('\n')).not.toContain(secret);
		expect(JSON.stringify(workflow.staticData)).not.toContain(secret);
	});

	test('Agent Events source, re-publish: the webhooks list answers 500 echoing the webhook secret: not in the error', async () => {
		const { workflow, node } = toolWorkflow({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] });
		await activate(workflow, node);
		const secret = String(sandbox().requests.find((r) => r.method === 'POST')!.body.webhook_secret);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		sandbox().inject({ method: 'GET', status: 500, times: Infinity, body: { success: false, message: `Webhook with secret ${secret}` } } as never);
		let error: unknown;
		await activate(workflow, node).catch((e) => (error = e));
		expect(error).toBeDefined();
		expect(everything(error)).not.toContain(secret);
	});

	test('Agent Events source, unpublish: the webhook delete answers 422 echoing the webhook secret: the warning n8n logs has *** instead', async () => {
		const { workflow, node } = toolWorkflow({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] });
		await activate(workflow, node);
		const secret = String(sandbox().requests.find((r) => r.method === 'POST')!.body.webhook_secret);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		sandbox().inject({ method: 'DELETE', status: 422, body: { success: false, message: `Webhook with secret ${secret}` } } as never);
		const logged = await unpublishedLogging(workflow, node);
		expect(logged).toEqual([expect.stringContaining('Webhook with secret ***')]);
		expect(logged.join('\n')).not.toContain(secret);
	});
});

describe('a published agent stays published, also after a failed re-publish', () => {
	const status = () => sandbox().agents.find((a) => a.id === SALES_AGENT)?.current_status;

	test('tool changed, Talkover refuses the new action (422) after the old one was deleted: the next publish publishes the agent again', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		node.parameters = { ...LOOK_UP_CALLER, toolDescription: 'Changed description' };
		sandbox().inject({ method: 'POST', path: ACTIONS, status: 422, body: { success: false, message: 'The given data was invalid.', errors: { name: ['taken'] } } });
		await expect(activate(workflow, node)).rejects.toThrow();
		expect(status()).toBe('draft');
		expect(staticData(workflow).publishAgain).toBe(SALES_AGENT);
		await activate(workflow, node);
		expect(storedActions()).toHaveLength(1);
		expect(status()).toBe('published');
		expect(staticData(workflow).publishAgain).toBeUndefined();
	});

	test('publishing again fails: the error says the agent is in draft and what to do; the next publish (nothing else changed) publishes it', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		node.parameters = { ...LOOK_UP_CALLER, toolDescription: 'Changed description' };
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: { success: false, message: 'Internal server error.' }, times: Infinity } as never);
		let error: { message?: string; description?: string } | undefined;
		await activate(workflow, node).catch((e) => (error = e));
		expect(error?.message).toMatch(new RegExp(`^The agent ${SALES_AGENT} is now in draft: Talkover set it to draft when its actions changed, and publishing it again failed`));
		expect(error?.message).toContain('Publish the agent in Talkover, or publish or unpublish this workflow again');
		expect(status()).toBe('draft');
		(sandbox() as unknown as { faults: unknown[] }).faults.length = 0; // the publish fault cleared, the actions kept
		sandbox().requests.length = 0;
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['POST', PUBLISH],
		]);
		expect(status()).toBe('published');
	});

	test('publishing again failed, then the agent was deleted in Talkover: unpublish succeeds (nothing left to publish)', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		node.parameters = { ...LOOK_UP_CALLER, toolDescription: 'Changed description' };
		sandbox().inject({ method: 'POST', path: PUBLISH, status: 500, body: { success: false, message: 'Internal server error.' }, times: Infinity } as never);
		await expect(activate(workflow, node)).rejects.toThrow(/is now in draft/);
		(sandbox() as unknown as { faults: unknown[] }).faults.length = 0;
		sandbox().agents = sandbox().agents.filter((a) => a.id !== SALES_AGENT);
		await expect(deactivate(workflow, node)).resolves.toBeUndefined();
		expect(staticData(workflow)).toEqual({});
	});
});

describe('checked at publish, before anything is sent', () => {
	test.each([[0.001], [121], ['abc']])('Answer Time Limit %p from an expression: refused, the field named', async (timeLimit) => {
		const { workflow, node } = toolWorkflow({ ...LOOK_UP_CALLER, toolOptions: { timeLimit } });
		await expect(activate(workflow, node)).rejects.toThrow(/^Options → Answer Time Limit \(Seconds\): .* (is not between 1 and 120 seconds|is not a number of seconds)\. Nothing was sent to Talkover \(agent [-0-9a-f]+\)\.$/);
		expect(sandbox().requests).toEqual([]);
	});

	test('Talkover’s list shows no action’s `url` and the static data is lost: Talkover replaces the old action on n8n’s own node ID, taken as this node’s (one action, published)', async () => {
		const { workflow, node } = toolWorkflow();
		await activate(workflow, node);
		const old = String(staticData(workflow).actionId);
		for (const key of Object.keys(staticData(workflow))) delete staticData(workflow)[key];
		sandbox().inject({ method: 'GET', path: ACTIONS, times: Infinity, reply: () => ({ status: 200, body: { success: true, data: storedActions().map((a) => ({ id: a.id, name: a.name, type: a.type, config: null })) } }) } as never);
		sandbox().requests.length = 0;
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', ACTIONS],
			['GET', AGENT],
			['POST', ACTIONS],
			['POST', PUBLISH],
		]);
		expect(storedActions().map((a) => a.id)).toEqual([old]);
		expect(staticData(workflow).actionId).toBe(old);
	});
});
