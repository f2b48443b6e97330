/**
 * The sandbox's agent actions (test/sandbox/actions.js): documented shapes in both documents, the
 * request check of the page's bodies, and the Create/Update upsert by node_id (CONTRADICTIONS.md #44).
 */
import { DRAFT_AGENT, SALES_AGENT, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../helpers/fixtures';
import { SEEDED_ACTION } from '../helpers/seed';
import { callApi } from '../helpers/http';

const { sandbox } = useSandbox();

const WEBHOOK = {
	node_id: 'action-node-456',
	name: 'Schedule Meeting',
	description: 'Schedule a meeting with the customer',
	type: 'webhook',
	inputs: [{ name: 'date', type: 'string', required: true, description: 'Meeting date' }],
	integration: { id: 'calendar' },
	url: 'https://api.example.com/schedule',
	authorization_url: 'https://api.example.com/auth',
	current_status: 'active',
};
const HOLD = { node_id: 'action-node-101', name: 'Put Call on Hold', description: 'Hold', type: 'hold', hold_duration: 30 };

const call = async (method: string, path: string, body?: unknown) => await callApi(sandbox().url, TOKEN, method, path, body);

const ACTION_KEYS = ['action_trigger', 'authorization_url', 'config', 'created_at', 'current_status', 'description', 'id', 'input_schema', 'label', 'name', 'type', 'updated_at', 'url'];

describe('sandbox: agent actions', () => {
	test('create (the page\'s shape), list, delete; the agent goes to draft; nothing undocumented is shown', async () => {
		const created = await call('POST', `/agents/${SALES_AGENT}/actions`, WEBHOOK);
		expect(created.status).toBe(200);
		expect(created.body.success).toBe(true);
		expect(created.body.message).toBe('Agent action created successfully');
		expect(Object.keys(created.body.data).sort()).toEqual(ACTION_KEYS);
		expect(created.body.data).toMatchObject({ name: 'Schedule Meeting', label: 'Schedule Meeting', type: 'webhook', url: WEBHOOK.url, input_schema: WEBHOOK.inputs, current_status: 'active' });
		expect(sandbox().agents.find((a) => a.id === SALES_AGENT)!.current_status).toBe('draft');
		const listed = await call('GET', `/agents/${SALES_AGENT}/actions`);
		expect(listed).toEqual({ status: 200, body: { success: true, data: [created.body.data] } });
		expect((await call('GET', `/agents/${SUPPORT_AGENT}/actions`)).body.data.map((a: { id: string }) => a.id)).toEqual([SEEDED_ACTION]);
		expect((await call('GET', `/agents/${DRAFT_AGENT}/actions`)).body).toEqual({ success: true, data: [] });
		const deleted = await call('DELETE', `/agents/${SALES_AGENT}/actions/${created.body.data.id}`);
		expect(deleted).toEqual({ status: 200, body: { success: true, message: 'Agent action deleted successfully' } });
		expect((await call('DELETE', `/agents/${SALES_AGENT}/actions/${created.body.data.id}`))).toEqual({ status: 404, body: { success: false, message: 'Action not found' } });
		expect(sandbox().agentActions.map((a) => a.id)).toEqual([SEEDED_ACTION]);
	});

	test('a POST with a node_id the agent has replaces that action (same id, "updated"); with actionUpsertKey none it adds a second', async () => {
		const first = await call('POST', `/agents/${SALES_AGENT}/actions`, WEBHOOK);
		const second = await call('POST', `/agents/${SALES_AGENT}/actions`, { ...WEBHOOK, name: 'Book', url: 'https://api.example.com/book' });
		expect(second.body.message).toBe('Agent action updated successfully');
		expect(second.body.data.id).toBe(first.body.data.id);
		expect(sandbox().agentActions).toHaveLength(2);
		expect(sandbox().agentActions[1]).toMatchObject({ name: 'Book', url: 'https://api.example.com/book', node_id: WEBHOOK.node_id });
		sandbox().actionUpsertKey = 'none';
		const third = await call('POST', `/agents/${SALES_AGENT}/actions`, WEBHOOK);
		expect(third.body.data.id).not.toBe(first.body.data.id);
		expect(sandbox().agentActions).toHaveLength(3);
	});

	test('422 for what the page refuses; 404 for an unknown agent', async () => {
		const bad = await call('POST', `/agents/${SALES_AGENT}/actions`, { ...WEBHOOK, url: 'not a url', execution_mode: 'post_call' });
		expect(bad.status).toBe(422);
		expect(bad.body.errors).toEqual({ url: ['The url must be a valid URL.'], execution_mode: ['The selected execution mode is invalid.'] });
		sandbox().violations.length = 0;
		expect((await call('GET', `/agents/${UNKNOWN_AGENT}/actions`))).toEqual({ status: 404, body: { success: false, message: 'Agent not found' } });
	});

	test('the page\'s hold and external types pass the request check (row 44 allows openapi.json\'s missing trigger and its enum)', async () => {
		expect((await call('POST', `/agents/${SALES_AGENT}/actions`, HOLD)).status).toBe(200);
		expect((await call('POST', `/agents/${SALES_AGENT}/actions`, { node_id: 'n-ext', name: 'CRM', description: 'Sync', type: 'external', execution_mode: 'post_call', integration: { id: 'crm' } })).status).toBe(200);
		expect(sandbox().violations).toEqual([]);
	});

	test('answerShape openapi: 201 bare Action, {data, meta}, 204', async () => {
		sandbox().answerShape = 'openapi';
		const created = await call('POST', `/agents/${SALES_AGENT}/actions`, HOLD);
		expect(created.status).toBe(201);
		expect(created.body.id).toEqual(expect.any(String));
		expect(created.body.success).toBeUndefined();
		const listed = await call('GET', `/agents/${SALES_AGENT}/actions?per_page=20&page=1`);
		expect(listed.body).toEqual({ data: [created.body], meta: { current_page: 1, per_page: 1, total: 1, last_page: 1 } });
		expect(await call('DELETE', `/agents/${SALES_AGENT}/actions/${created.body.id}`)).toEqual({ status: 204, body: undefined });
	});

	test('actionsPagingShape meta pages the list as openapi.json documents', async () => {
		sandbox().actionsPagingShape = 'meta';
		for (let i = 0; i < 3; i++) await call('POST', `/agents/${SALES_AGENT}/actions`, { ...HOLD, node_id: `n${i}` });
		const page2 = await call('GET', `/agents/${SALES_AGENT}/actions?per_page=2&page=2`);
		expect(page2.body.data).toHaveLength(1);
		expect(page2.body.meta).toEqual({ current_page: 2, per_page: 2, total: 3, last_page: 2 });
	});

	test('the integration catalogue as its page shows it', async () => {
		const listed = await call('GET', '/action-integrations');
		expect(listed.status).toBe(200);
		expect(listed.body.data.map((i: { identifier: string }) => i.identifier)).toEqual(['calendar', 'email-calendar', 'crm']);
	});
});
