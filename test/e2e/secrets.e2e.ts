/**
 * The secrets in a real n8n (n8n start): a published agent tool and an Agent event source are called by
 * the sandbox (as Talkover would: the secret in the custom header), with bodies that echo the secret, the
 * API token and another action's header value. Nothing n8n saves holds them: no saved execution (GET
 * /rest/executions/<id>, its run data and the workflow's static data saved with it), and no line of n8n's
 * log (at debug level).
 */
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { callTool } from '../sandbox/agentTool';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { HEADER, chainWorkflow, lookUpCaller, toolTrigger } from './agentToolWorkflow';
import { bringUp } from './bringUp';
import type { N8nServer } from './real-n8n';
import { talkoverTriggerWorkflow } from './real-n8n';

const TOOL = 'secretsTool';
const EVENTS = 'secretsEvents';
const OTHER_KEY = 'sk_live_other_action_key_123';

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;
/** Everything n8n wrote to stdout and stderr. */
let log = '';

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'debug' },
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [
			chainWorkflow(TOOL, [toolTrigger('d0000000-0000-4000-8000-000000000001', 'secret_echo'), lookUpCaller()], ['Talkover Trigger', 'Look Up Caller']),
			talkoverTriggerWorkflow(EVENTS, 'd0000000-0000-4000-8000-000000000002', 'talkoverGood'),
		],
		// n8n's own output (stdout and stderr) kept: no line of it may hold a secret.
		onOutput: (stdout, stderr) => {
			stdout.on('data', (d) => (log += String(d)));
			stderr.on('data', (d) => (log += String(d)));
		},
	}));
}, 600_000);

afterAll(async () => await stop?.());

test('the tool’s secret, the event webhook’s secret, the token and an echoed header value: in no saved execution and no log line', async () => {
	await server.activate(TOOL);
	await server.activate(EVENTS);
	const action = sandbox.agentActions.find((a) => a.agent_id === SALES_AGENT && a.name === 'secret_echo')!;
	const toolSecret = String(action.custom_headers.find((h: { key: string }) => h.key === HEADER).value);
	const webhook = sandbox.webhooks.find((w) => w.agent_id === SALES_AGENT)!;
	const webhookSecret = String(webhook.custom_headers.find((h: { key: string }) => h.key === HEADER).value);
	const secrets = [toolSecret, webhookSecret, TOKEN, OTHER_KEY];
	expect(toolSecret).toMatch(/^[0-9a-f]{64}$/);
	expect(webhookSecret).toMatch(/^[0-9a-f]{64}$/);

	// Each body echoes its own workflow's secret (the one Talkover sends it), the token and another action's header value.
	const echo = (what: string, secret: string) => ({ note: `${what} ${secret} token ${TOKEN}`, actions: [{ custom_headers: [{ key: 'X-Api-Key', value: OTHER_KEY }] }] });
	const answer = await callTool(sandbox, { actionId: action.id, inputs: { phone: '+15550001111', ...echo('tool', toolSecret) } });
	expect(answer.status).toBe(200);
	expect(answer.body).toMatchObject({ caller: 'Ada Lovelace, +15550001111' });
	const delivered = await sandbox.deliver(webhook.id, { event: 'event_phone_call_ended', call_id: 'c-secrets-1', ...echo('webhook', webhookSecret) });
	expect(delivered.status).toBe(200);

	const [toolRun] = await server.waitForExecutions(TOOL, 1);
	const [eventRun] = await server.waitForExecutions(EVENTS, 1);
	for (const [run, what] of [[toolRun, 'tool'], [eventRun, 'webhook']] as const) {
		expect(run.status).toBe('success');
		const saved = JSON.stringify(await server.rest('GET', `/rest/executions/${run.id}`));
		// n8n 2.8.4 and 1.123.81 save the workflow with its static data in each execution (the secret's hash
		// only there); 2.41.1 saves none. The item is masked on every line.
		if (saved.includes('"node:Talkover Trigger"')) expect(saved).toContain('sha256:');
		expect(saved).toContain(`${what} *** token ***`);
		for (const secret of secrets) expect(saved).not.toContain(secret);
	}
	const workflows = JSON.stringify([await server.rest('GET', `/rest/workflows/${TOOL}`), await server.rest('GET', `/rest/workflows/${EVENTS}`)]);
	for (const secret of [toolSecret, webhookSecret, TOKEN]) expect(workflows).not.toContain(secret);
	expect(log).not.toBe('');
	for (const secret of secrets) expect(log).not.toContain(secret);
}, 300_000);
