/**
 * The Talkover Trigger's Agent Tool source in n8n's queue mode (test/queue/cluster.ts:
 * Redis, PostgreSQL, main, two workers, a webhook process; main is told not to serve production webhooks).
 * Main publishes: the agent's action points at the public webhook URL (WEBHOOK_URL: the webhook process).
 * The sandbox plays the agent and calls that URL with the action's secret: the webhook process takes the
 * call, a worker runs the workflow, and the answer (the last node's, or a Respond to Webhook node's) goes
 * back through the webhook process. A wrong or missing secret gets 401 and starts nothing; a workflow
 * slower than the Answer Time Limit is answered with the fallback text, and the workflow still finishes.
 */
import { waitUntil } from '../helpers/catchUp';
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { callTool } from '../sandbox/agentTool';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { ACTIONS, HEADER, WAIT_6S, chainWorkflow, lookUpCaller, toolTrigger } from '../e2e/agentToolWorkflow';
import { bringUpCluster } from '../e2e/bringUp';
import type { QueueCluster } from './cluster';
import { CREDENTIAL } from './cluster';

const HOOK = {
	lastNode: 'b0000000-0000-4000-8000-000000000001',
	respondNode: 'b0000000-0000-4000-8000-000000000002',
	slow: 'b0000000-0000-4000-8000-000000000003',
};

let sandbox: TalkoverSandbox;
let cluster: QueueCluster;
let stop: (() => Promise<void>) | undefined;

/** The answer names the caller and the process that ran the node ($env.TALKOVER_PROCESS). */
const callerAndProcess = lookUpCaller({ id: 'a2', name: 'process', value: '={{ $env.TALKOVER_PROCESS }}', type: 'string' });

const WORKFLOWS = {
	// The longest Answer Time Limit (120 s): its tests are about which process answers whom. With the default 10 s,
	// ten calls at once on two workers of a loaded 2-core machine had one answered with the fallback text (a CI run at
	// load 14); the limit itself is the slow workflow's test.
	lastNode: chainWorkflow(
		'queueToolLast',
		[toolTrigger(HOOK.lastNode, 'look_up_caller', { toolOptions: { timeLimit: 120 } }, CREDENTIAL), callerAndProcess],
		['Talkover Trigger', 'Look Up Caller'],
	),
	respondNode: chainWorkflow(
		'queueToolRespond',
		[
			toolTrigger(HOOK.respondNode, 'book_slot', { responseMode: 'responseNode' }, CREDENTIAL),
			{
				id: 'respond',
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1,
				position: [200, 0],
				parameters: { respondWith: 'json', responseBody: '={ "booked": "10:00", "phone": "{{ $json.phone }}", "process": "{{ $env.TALKOVER_PROCESS }}" }', options: {} },
			},
		],
		['Talkover Trigger', 'Respond to Webhook'],
	),
	slow: chainWorkflow(
		'queueToolSlow',
		[
			toolTrigger(HOOK.slow, 'slow_lookup', { toolOptions: { timeLimit: 2, fallbackAnswer: 'The CRM is slow; let me call you back.' } }, CREDENTIAL),
			WAIT_6S,
			{ ...callerAndProcess, position: [400, 0] },
		],
		['Talkover Trigger', 'Wait', 'Look Up Caller'],
	),
};

/** The sales agent's actions (the sandbox also seeds one on the Support agent, left alone). */
const salesActions = () => sandbox.agentActions.filter((a) => a.agent_id === SALES_AGENT);
const action = (name: string) => salesActions().find((a) => a.name === name);
/** The production URL on the webhook process (WEBHOOK_URL), not on main. */
const publicUrl = (webhookId: string) => `http://127.0.0.1:${cluster.webhookPort}/webhook/${webhookId}/webhook`;

beforeAll(async () => {
	({ sandbox, cluster, stop } = await bringUpCluster({
		tokens: [TOKEN],
		cluster: { workers: 2, concurrency: 5 },
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: Object.values(WORKFLOWS),
	}));
}, 900_000);

afterAll(async () => await stop?.(), 120_000);

test('publishing on main creates one webhook action per workflow, pointing at the webhook process, the secret in a custom header', async () => {
	sandbox.reset();
	for (const w of Object.values(WORKFLOWS)) {
		const publication = await cluster.main.activate(w.id);
		if (publication) expect(publication).toMatchObject({ status: 'published' });
	}
	expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual(
		Object.values(WORKFLOWS).flatMap(() => [
			['GET', ACTIONS],
			['GET', `/api/v1/agents/${SALES_AGENT}`],
			['POST', ACTIONS],
			['POST', `/api/v1/agents/${SALES_AGENT}/publish`],
		]),
	);
	expect(sandbox.requestsTo('POST', ACTIONS).map((r) => r.body)).toEqual([
		{
			node_id: `n8n-${cluster.n8n.workflowIdOf(WORKFLOWS.lastNode.id)}-trigger`,
			name: 'look_up_caller',
			description: 'The look_up_caller tool',
			type: 'webhook',
			inputs: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }],
			url: publicUrl(HOOK.lastNode),
			authorization_scheme: 'custom',
			custom_headers: [{ key: HEADER, value: expect.stringMatching(/^[0-9a-f]{64}$/) }],
			execution_mode: 'during_call',
			current_status: 'active',
		},
		expect.objectContaining({ name: 'book_slot', url: publicUrl(HOOK.respondNode) }),
		expect.objectContaining({ name: 'slow_lookup', url: publicUrl(HOOK.slow) }),
	]);
	expect(salesActions().map((a) => [a.name, a.url])).toEqual([
		['look_up_caller', publicUrl(HOOK.lastNode)],
		['book_slot', publicUrl(HOOK.respondNode)],
		['slow_lookup', publicUrl(HOOK.slow)],
	]);
	const secrets = salesActions().map((a) => a.custom_headers[0].value);
	expect(new Set(secrets).size).toBe(3);
	expect(sandbox.agents.find((a) => a.id === SALES_AGENT)!.current_status).toBe('published');
});

test('a call with the secret: the webhook process takes it, a worker runs the workflow, the last node’s answer comes back', async () => {
	const before = (await cluster.main.executionList(WORKFLOWS.lastNode.id)).count;
	const answer = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone: '+15551234567' } });
	expect(answer.url).toBe(publicUrl(HOOK.lastNode));
	expect(answer.status).toBe(200);
	expect(answer.body).toEqual({ caller: 'Ada Lovelace, +15551234567', process: expect.any(String) });
	expect(cluster.workerNames).toContain(answer.body.process);
	const [execution] = await cluster.main.waitForExecutions(WORKFLOWS.lastNode.id, before + 1);
	expect(execution.status).toBe('success');
	const run = await cluster.main.runData(execution.id);
	expect(run.resultData.runData['Talkover Trigger'][0].data!.main[0]!.map((o) => o.json)).toEqual([{ phone: '+15551234567' }]);
	expect((await cluster.main.executionList(WORKFLOWS.lastNode.id)).count).toBe(before + 1);
});

test('many calls at once are each answered with their own caller, by the workers', async () => {
	const phones = Array.from({ length: 10 }, (_, i) => `+1555000${String(i).padStart(4, '0')}`);
	const answers = await Promise.all(phones.map((phone) => callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone } })));
	expect(answers.map((a) => [a.status, a.body.caller])).toEqual(phones.map((p) => [200, `Ada Lovelace, ${p}`]));
	for (const a of answers) expect(cluster.workerNames).toContain(a.body.process);
});

test('answered by a Respond to Webhook node in a worker, through the webhook process', async () => {
	const answer = await callTool(sandbox, { actionId: action('book_slot')!.id, inputs: { phone: '+15550001111' } });
	expect(answer.status).toBe(200);
	expect(answer.body).toEqual({ booked: '10:00', phone: '+15550001111', process: expect.any(String) });
	expect(cluster.workerNames).toContain(answer.body.process);
});

test.each([
	['without the secret', {}],
	['with a wrong secret', { [HEADER]: 'f'.repeat(64) }],
	['with another tool’s secret', 'slow_lookup'],
])('a call %s gets 401 from the webhook process and starts no execution', async (_what, headers) => {
	const id = WORKFLOWS.lastNode.id;
	const before = (await cluster.main.executionList(id)).count;
	const sent = typeof headers === 'string' ? { [HEADER]: action(headers)!.custom_headers[0].value } : headers;
	const refused = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone: '+1' }, headers: sent });
	expect(refused.status).toBe(401);
	expect(refused.url).toBe(publicUrl(HOOK.lastNode));
	expect(JSON.stringify(refused.body ?? refused.text)).not.toContain('Ada Lovelace');
	// A later good call is the marker: once it has run, the refused one had its chance to start something.
	// A marker of its own per case: its execution is told apart by its input.
	const phone = `+marker ${_what}`;
	const marker = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone } });
	expect(marker.body.caller).toBe(`Ada Lovelace, ${phone}`);
	const [last] = await cluster.main.waitForExecutions(id, before + 1);
	const run = await cluster.main.runData(last.id);
	expect(run.resultData.runData['Talkover Trigger'][0].data!.main[0]![0].json).toEqual({ phone });
	// Every execution of the workflow, in any status: only the marker's is new.
	expect((await cluster.main.executionList(id)).count).toBe(before + 1);
});

test('a workflow slower than the Answer Time Limit (Wait 6 s, limit 2 s): the fallback text, 200, from the webhook process; the workflow still finishes in a worker', async () => {
	const before = (await cluster.main.executionList(WORKFLOWS.slow.id)).count;
	const answer = await callTool(sandbox, { actionId: action('slow_lookup')!.id, inputs: { phone: '+1' } });
	expect([answer.status, answer.body]).toEqual([200, { message: 'The CRM is slow; let me call you back.' }]);
	process.stdout.write(`queue mode, slow workflow (Wait 6 s, limit 2 s): fallback after ${Math.round(answer.ms)} ms\n`);
	const [execution] = await cluster.main.waitForExecutions(WORKFLOWS.slow.id, before + 1);
	expect(execution.status).toBe('success');
	const run = await cluster.main.runData(execution.id);
	const out = run.resultData.runData['Look Up Caller'][0].data!.main[0]!.map((o) => o.json);
	expect(out).toEqual([{ caller: 'Ada Lovelace, +1', process: expect.any(String) }]);
	expect(cluster.workerNames).toContain(out[0].process);
	// The webhook process keeps answering after dropping the slow workflow's late answer.
	const again = await callTool(sandbox, { actionId: action('look_up_caller')!.id, inputs: { phone: '+2' } });
	expect([again.status, again.body.caller]).toEqual([200, 'Ada Lovelace, +2']);
	expect(cluster.output('webhook')).not.toMatch(/Cannot set headers after they are sent/);
});

test('unpublishing on main deletes the actions in Talkover (once the 10 s grace has passed)', async () => {
	const ids = salesActions().map((a) => a.id);
	const others = sandbox.agentActions.filter((a) => a.agent_id !== SALES_AGENT);
	expect(others).toHaveLength(1);
	sandbox.requests.length = 0;
	for (const w of Object.values(WORKFLOWS)) await cluster.main.deactivate(w.id);
	// Each deletion publishes the agent again after it: the last publish may come a moment after the last action is gone.
	await waitUntil(() => salesActions().length === 0 && sandbox.agents.find((a) => a.id === SALES_AGENT)!.current_status === 'published', 60_000);
	expect(sandbox.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(ids.map((id) => `${ACTIONS}/${id}`));
	expect(salesActions()).toHaveLength(0);
	expect(sandbox.agentActions).toEqual(others);
	expect(sandbox.agents.find((a) => a.id === SALES_AGENT)!.current_status).toBe('published');
});
