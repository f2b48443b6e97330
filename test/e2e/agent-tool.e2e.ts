/**
 * The Talkover Trigger's Agent Tool source in a real n8n (n8n start). Publishing creates the
 * agent's webhook action (this node's production URL, the secret in a custom header); the sandbox plays
 * the agent (test/sandbox/agentTool.js: it POSTs the inputs with the action's headers, as Talkover
 * would) and gets the workflow's answer: from the last node, or from a Respond to Webhook node; a wrong
 * secret gets 401 and starts nothing; a slow or failing workflow is answered with the fallback text
 * (200), and n8n keeps running; a restart and a re-publish leave one action; unpublishing deletes it.
 */

import { pause, waitUntil } from '../helpers/catchUp';
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { callTool } from '../sandbox/agentTool';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { ACTIONS, HEADER, WAIT_6S, chainWorkflow, lookUpCaller, toolTrigger } from './agentToolWorkflow';
import { bringUp } from './bringUp';
import type { N8nServer, RealN8n } from './real-n8n';

let sandbox: TalkoverSandbox;
let n8n: RealN8n;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

const setCaller = lookUpCaller();

const WORKFLOWS = {
	lastNode: chainWorkflow('toolLastNode', [toolTrigger('a0000000-0000-4000-8000-000000000001', 'look_up_caller'), setCaller], ['Talkover Trigger', 'Look Up Caller']),
	respondNode: chainWorkflow(
		'toolRespondNode',
		[
			toolTrigger('a0000000-0000-4000-8000-000000000002', 'book_slot', { responseMode: 'responseNode' }),
			{ id: 'respond', name: 'Respond to Webhook', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1, position: [200, 0], parameters: { respondWith: 'json', responseBody: '={ "booked": "10:00", "phone": "{{ $json.phone }}" }', options: {} } },
		],
		['Talkover Trigger', 'Respond to Webhook'],
	),
	// n8n's Respond to Webhook 1.1 and later (1.5 is what the node panel adds) refuse any start node but
	// n8n's own Webhook, Form, Chat and Wait nodes ("No Webhook node found in the workflow").
	respondNodeNew: chainWorkflow(
		'toolRespondNew',
		[
			toolTrigger('a0000000-0000-4000-8000-000000000005', 'book_slot_new', { responseMode: 'responseNode' }),
			{ id: 'respond', name: 'Respond to Webhook', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.5, position: [200, 0], parameters: { respondWith: 'json', responseBody: '={ "booked": "10:00" }', options: {} } },
		],
		['Talkover Trigger', 'Respond to Webhook'],
	),
	slow: chainWorkflow(
		'toolSlow',
		[
			toolTrigger('a0000000-0000-4000-8000-000000000003', 'slow_lookup', { toolOptions: { timeLimit: 2, fallbackAnswer: 'The CRM is slow; let me call you back.' } }),
			WAIT_6S,
			{ ...setCaller, position: [400, 0] },
		],
		['Talkover Trigger', 'Wait', 'Look Up Caller'],
	),
	failing: chainWorkflow(
		'toolFailing',
		[toolTrigger('a0000000-0000-4000-8000-000000000004', 'failing_lookup'), { id: 'stop', name: 'Stop and Error', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [200, 0], parameters: { errorMessage: 'CRM is down' } }],
		['Talkover Trigger', 'Stop and Error'],
	),
};

/** Its own workflow (imported with the others, published only by the last describe): publishing it fails at Publish Agent. */
const PUBLISH_FAILS = chainWorkflow('toolPublishFails', [toolTrigger('a0000000-0000-4000-8000-000000000006', 'publish_fails'), { ...setCaller }], ['Talkover Trigger', 'Look Up Caller']);

const action = (name: string) => sandbox.agentActions.find((a) => a.agent_id === SALES_AGENT && a.name === name);
/** The Sales agent's actions: the sandbox also seeds one action on the Support agent, which stays untouched. */
const salesActions = () => sandbox.agentActions.filter((a) => a.agent_id === SALES_AGENT);
const urlOf = (webhookId: string) => `http://127.0.0.1:${server.port}/webhook/${webhookId}/webhook`;

beforeAll(async () => {
	({ sandbox, n8n, server, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [...Object.values(WORKFLOWS), PUBLISH_FAILS],
		stopHook: true,
	}));
}, 600_000);

afterAll(async () => await stop?.());

test('publishing creates one webhook action per workflow: this node’s production URL, the secret in a custom header only', async () => {
	for (const w of Object.values(WORKFLOWS)) await server.activate(w.id);
	// Talkover sets the agent to draft on every change of its actions: the published agent is published again.
	expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual(
		Object.values(WORKFLOWS).flatMap(() => [
			['GET', ACTIONS],
			['GET', `/api/v1/agents/${SALES_AGENT}`],
			['POST', ACTIONS],
			['POST', `/api/v1/agents/${SALES_AGENT}/publish`],
		]),
	);
	expect(sandbox.agents.find((a) => a.id === SALES_AGENT)!.current_status).toBe('published');
	const body = sandbox.requestsTo('POST', ACTIONS)[0].body;
	expect(body).toEqual({
		node_id: `n8n-${n8n.workflowIdOf(WORKFLOWS.lastNode.id)}-trigger`,
		name: 'look_up_caller',
		description: 'The look_up_caller tool',
		type: 'webhook',
		inputs: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }],
		url: urlOf('a0000000-0000-4000-8000-000000000001'),
		authorization_scheme: 'custom',
		custom_headers: [{ key: HEADER, value: expect.stringMatching(/^[0-9a-f]{64}$/) }],
		execution_mode: 'during_call',
		current_status: 'active',
	});
	expect(salesActions()).toHaveLength(5);
});

test('answered by the last node: the first item’s JSON is the answer', async () => {
	const answer = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone: '+15551234567' } });
	expect([answer.status, answer.body]).toEqual([200, { caller: 'Ada Lovelace, +15551234567' }]);
	const [execution] = await server.waitForExecutions('toolLastNode', 1);
	const run = await server.runData(execution.id);
	expect(run.resultData.runData['Talkover Trigger'][0].data!.main[0]!.map((o) => o.json)).toEqual([{ phone: '+15551234567' }]);
});

test('the same tool request twice in sequence: two executions (the first was answered: a new question); twice at once (both callers waiting): two executions, each gets its answer', async () => {
	const before = (await server.executions('toolLastNode')).length;
	const tool = (phone: string) => callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone } });
	const inSequence = [await tool('+15559990001'), await tool('+15559990001')];
	const atOnce = await Promise.all([tool('+15559990002'), tool('+15559990002')]);
	expect(inSequence.map((a) => [a.status, a.body])).toEqual([
		[200, { caller: 'Ada Lovelace, +15559990001' }],
		[200, { caller: 'Ada Lovelace, +15559990001' }],
	]);
	expect(atOnce.map((a) => [a.status, a.body])).toEqual([
		[200, { caller: 'Ada Lovelace, +15559990002' }],
		[200, { caller: 'Ada Lovelace, +15559990002' }],
	]);
	process.stdout.write(`tool request at once with the same: answered in ${Math.round(atOnce[1].ms)} ms (first: ${Math.round(atOnce[0].ms)} ms)\n`);
	// Every answer came from the last node: an execution had finished before its answer.
	const executions = await server.waitForExecutions('toolLastNode', before + 4);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect((await server.executions('toolLastNode')).length).toBe(before + 4);
	const phones = await Promise.all(executions.slice(0, 4).map(async (e) => (await server.runData(e.id)).resultData.runData['Talkover Trigger'][0].data!.main[0]![0].json.phone));
	expect(phones.sort()).toEqual(['+15559990001', '+15559990001', '+15559990002', '+15559990002']);
});

test('answered by a Respond to Webhook node', async () => {
	const answer = await callTool(sandbox, { actionId: action('book_slot')!.id, inputs: { phone: '+15550001111' } });
	expect([answer.status, answer.body]).toEqual([200, { booked: '10:00', phone: '+15550001111' }]);
});

test('a Respond to Webhook node of version 1.1 or later fails in n8n (not n8n’s own Webhook node as start): the fallback text goes out', async () => {
	const answer = await callTool(sandbox, { actionId: action('book_slot_new')!.id, inputs: { phone: '+15550001111' } });
	expect([answer.status, answer.body]).toEqual([200, { message: 'Sorry, I cannot get that information right now. Can I help you with something else?' }]);
	const [execution] = await server.waitForExecutions('toolRespondNew', 1);
	expect(execution.status).toBe('error');
	const run = await server.runData(execution.id);
	expect(run.resultData.error?.message).toContain('No Webhook node found in the workflow');
});

test.each([
	['without the secret', {}],
	['with a wrong secret', { [HEADER]: 'f'.repeat(64) }],
])('a call %s gets 401 and starts no execution', async (_what, headers) => {
	const before = (await server.executions('toolLastNode')).length;
	const answer = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone: '+1' }, headers });
	expect(answer.status).toBe(401);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect((await server.executions('toolLastNode')).length).toBe(before);
});

test('a workflow slower than the Answer Time Limit: the fallback text, 200; the workflow still finishes and n8n keeps answering', async () => {
	const answer = await callTool(sandbox, { actionId: action('slow_lookup')!.id, inputs: { phone: '+1' } });
	expect([answer.status, answer.body]).toEqual([200, { message: 'The CRM is slow; let me call you back.' }]);
	process.stdout.write(`slow workflow (Wait 6 s, limit 2 s): fallback after ${Math.round(answer.ms)} ms\n`);
	const [execution] = await server.waitForExecutions('toolSlow', 1);
	expect(execution.status).toBe('success');
	const again = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone: '+2' } });
	expect(again.body).toEqual({ caller: 'Ada Lovelace, +2' });
});

test('a failing workflow: the fallback text (200), not n8n’s "Error in workflow"', async () => {
	const answer = await callTool(sandbox, { actionId: action('failing_lookup')!.id, inputs: { phone: '+1' } });
	expect([answer.status, answer.body]).toEqual([200, { message: 'Sorry, I cannot get that information right now. Can I help you with something else?' }]);
});

test('an n8n restart keeps the one action and its secret: calls still answered, nothing created', async () => {
	await server.stop();
	sandbox.requests.length = 0;
	await server.start();
	await server.settled('toolLastNode');
	const answer = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone: '+3' } });
	expect(answer.body).toEqual({ caller: 'Ada Lovelace, +3' });
	expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
	expect(salesActions()).toHaveLength(5);
});

test('re-publishing (unpublish, publish at once) keeps the one action, the agent never set to draft; unpublishing deletes it once the 10 s grace has passed', async () => {
	const old = action('look_up_caller')!.id;
	sandbox.requests.length = 0;
	await server.deactivate('toolLastNode');
	await server.activate('toolLastNode');
	// Past the unpublish's grace: nothing was deleted, created or published.
	await pause(15_000);
	expect(sandbox.requests.filter((r) => r.method !== 'GET').map((r) => [r.method, r.path])).toEqual([]);
	expect(salesActions().filter((a) => a.name === 'look_up_caller').map((a) => a.id)).toEqual([old]);
	sandbox.requests.length = 0;
	for (const w of Object.values(WORKFLOWS)) await server.deactivate(w.id);
	// Each deletion runs once its grace has passed, then publishes the agent Talkover set to draft: the last
	// publish may come a moment after the last action is gone.
	await waitUntil(() => salesActions().length === 0 && sandbox.agents.find((a) => a.id === SALES_AGENT)!.current_status === 'published', 60_000);
	expect(sandbox.requests.filter((r) => r.method === 'DELETE')).toHaveLength(5);
	expect(salesActions()).toHaveLength(0);
	expect(sandbox.agentActions).toHaveLength(1); // the seeded Support agent's action is left alone
	expect(sandbox.agents.find((a) => a.id === SALES_AGENT)!.current_status).toBe('published');
});

describe('a published agent stays published when publishing the tool fails at Publish Agent', () => {
	test('Talkover answers 500 to both publishes of a failed publish (the tool’s, then n8n’s clean-up): n8n refuses to publish, the agent is in draft; the next publish puts it back to published, with one action', async () => {
		const agent = () => sandbox.agents.find((a) => a.id === SALES_AGENT)!;
		expect(agent().current_status).toBe('published');
		sandbox.requests.length = 0;
		sandbox.inject({ method: 'POST', path: `/api/v1/agents/${SALES_AGENT}/publish`, status: 500, body: { success: false, message: 'Internal server error.' }, times: 2 } as never);
		const refused = await server.activate(PUBLISH_FAILS.id).then(
			() => undefined,
			(error: unknown) => error as Error,
		);
		if (refused) {
			// n8n 2.8.4 and 1.123.81: the publish fails, n8n's clean-up cannot publish the agent either.
			expect(refused.message).toMatch(/is now in draft/);
			expect(sandbox.requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/publish`)).toHaveLength(2);
			expect(agent().current_status).toBe('draft');
			await server.activate(PUBLISH_FAILS.id);
		} else {
			// n8n 2.41.1 publishes in the background and its own clean-up (remove() once more after a failed
			// add()) is a third hook: the record made by the first finishes the publish there already.
			expect(sandbox.requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/publish`).length).toBeGreaterThanOrEqual(3);
		}
		expect(agent().current_status).toBe('published');
		expect(salesActions().map((a) => a.name)).toEqual(['publish_fails']);
		await server.deactivate(PUBLISH_FAILS.id);
		await waitUntil(() => salesActions().length === 0 && agent().current_status === 'published', 60_000);
		expect(salesActions()).toHaveLength(0);
		expect(agent().current_status).toBe('published');
	});
});

test('n8n stopped (SIGTERM, as a deploy) within the 10 s after an unpublish: its stop deletes the action and publishes the agent again before it exits (the package’s n8n.stop hook in EXTERNAL_HOOK_FILES)', async () => {
	const agent = () => sandbox.agents.find((a) => a.id === SALES_AGENT)!;
	await server.activate('toolLastNode');
	const id = action('look_up_caller')!.id;
	expect(agent().current_status).toBe('published');
	sandbox.requests.length = 0;
	const before = Date.now();
	await server.deactivate('toolLastNode');
	// The stop is sent within the grace (10 s), and the requests arrive before it would have ended: the stop sent them.
	expect(Date.now() - before).toBeLessThan(10_000);
	await server.stop();
	const changes = sandbox.requests.filter((r) => r.method !== 'GET');
	expect(changes.map((r) => [r.method, r.path])).toEqual([
		['DELETE', `${ACTIONS}/${id}`],
		['POST', `/api/v1/agents/${SALES_AGENT}/publish`],
	]);
	for (const request of changes) expect(request.at - before).toBeLessThan(10_000);
	expect(salesActions()).toHaveLength(0);
	expect(agent().current_status).toBe('published');
}, 120_000);
