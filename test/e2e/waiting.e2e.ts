/**
 * Waiting for Talkover's rate limit and cancelling during that wait, in a real n8n (n8n start).
 * n8n-workflow 2.34+ (the `next` line) no longer exports `sleepWithAbort`: there the transport's own
 * fallback wait runs, and this file is what tests it in n8n; on the 2.8 line n8n's `sleepWithAbort` runs.
 *
 * A CRM-style webhook starts Make Call for the number it receives. The sandbox answers the first call
 * with 429 and a retry hint: the node waits that long and sends the call again (one call placed), or the
 * execution is stopped during the wait and nothing more is sent. (n8n itself also hands the execution's
 * cancel signal to every request the node sends, on both lines: a wait that ignored the cancel would still
 * send nothing, so "nothing more is sent" is the user's guarantee, not proof that the wait ended early.)
 */
import * as path from 'node:path';

import { untilDefined } from '../helpers/polling';
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer } from './real-n8n';
import { crmWebhookNode, HOST, LINE } from './real-n8n';

const WORKFLOW = 'talkoverWait1';
const CALL_PATH = `/api/v1/agents/${SALES_AGENT}/call`;

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

const calls = () => sandbox.requestsTo('POST', CALL_PATH);

/** Starts the workflow the way a CRM does (its webhook answers at once; the execution goes on). */
async function startWorkflow(to: string): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${server.port}/webhook/talkover-wait`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ to }),
	});
	expect(response.status).toBe(200);
}

/** The first 429 of Make Call carries `Retry-After: seconds` (and the same in the body, as Talkover sends it). */
function limitNextCall(seconds: number): void {
	sandbox.inject({
		method: 'POST',
		path: CALL_PATH,
		status: 429,
		headers: { 'Retry-After': String(seconds) },
		body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded. Please wait before making more requests.', details: { retry_after: seconds } } },
		times: 1,
	});
}

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [
			{
				id: WORKFLOW,
				name: 'CRM lead → call',
				nodes: [
					crmWebhookNode('6d0f5c1e-4a3b-4c2d-9e8f-7a6b5c4d3e2f', 'talkover-wait'),
					{
						id: 'call',
						name: 'Make Call',
						type: 'n8n-nodes-talkover.talkover',
						typeVersion: 1,
						position: [300, 0],
						parameters: { resource: 'call', operation: 'make', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, to: '={{ $json.body.to }}', isTesting: true },
						credentials: { talkoverApi: { id: 'talkoverGood', name: 'Talkover API' } },
					},
				],
				connections: { 'CRM webhook': { main: [[{ node: 'Make Call', type: 'main', index: 0 }]] } },
			},
		],
		activate: [WORKFLOW],
	}));
}, 600_000);

afterAll(async () => await stop?.());

beforeEach(() => sandbox.reset());

test('this line’s n8n-workflow has sleepWithAbort on 2.8 and not on next (so the fallback wait is what runs there)', () => {
	const workflow = require(path.join(HOST, 'node_modules/n8n-workflow'));
	expect(typeof workflow.sleepWithAbort).toBe(LINE === 'next' ? 'undefined' : 'function');
});

test('a 429 with a retry hint: the node waits as long as asked, sends the call again and places it once', async () => {
	limitNextCall(2);
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow('+15550001111');
	const [execution] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect(execution.status).toBe('success');
	const [limited, placed] = calls();
	expect(calls()).toHaveLength(2);
	expect(placed.at - limited.at).toBeGreaterThanOrEqual(2000 - 50);
	expect(placed.body).toEqual({ to: '+15550001111', is_testing: true });
	expect(sandbox.calls.filter((c) => c.to === '+15550001111')).toHaveLength(1);
	const data = await server.runData(execution.id);
	const output = data.resultData.runData['Make Call'][0].data!.main[0]!;
	expect(output).toHaveLength(1);
	expect(output[0].json).toMatchObject({ to: '+15550001111' });
	expect(output[0].json.error).toBeUndefined();
});

test('stopping the execution during the wait ends it, and nothing more is sent after the wait would have ended', async () => {
	const hintSeconds = 4;
	limitNextCall(hintSeconds);
	const before = (await server.executions(WORKFLOW)).length;
	await startWorkflow('+15550002222');
	const limited = await untilDefined('the first (rate-limited) call', () => calls()[0]);
	const running = await untilDefined('the running execution', async () => (await server.executions(WORKFLOW)).find((e) => e.status === 'running'));
	await server.rest('POST', `/rest/executions/${running.id}/stop`);
	const [stopped] = await server.waitForExecutions(WORKFLOW, before + 1);
	expect(stopped.id).toBe(running.id);
	expect(stopped.status).toBe('canceled');
	// A wait that ignored the cancel would send the call again once the hint is over: give it that long and more.
	await untilDefined('the retry hint to be over by 3 s', () => (Date.now() > limited.at + hintSeconds * 1000 + 3000 ? true : undefined), 30_000);
	expect(calls()).toHaveLength(1);
	expect(sandbox.calls.filter((c) => c.to === '+15550002222')).toHaveLength(0);
});
