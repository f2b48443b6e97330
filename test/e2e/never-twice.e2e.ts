/**
 * Never twice beyond one run, in a real n8n (`n8n start`, the packed package).
 * - The same CRM webhook posted twice dials once (Make Call with Options → Skip Numbers Called Within), also
 *   when the second comes while Talkover still holds the first's call.
 * - n8n's Retry (POST /rest/executions/<id>/retry) of an execution that failed after two of five calls
 *   places only the other three: the node's execution context is saved with the failed execution and is
 *   there again in its retry.
 * - The sandbox redelivering one `call ended` event three times starts one execution of the Talkover Trigger.
 * - An Agent Tool request whose client gave up (aborted) and was sent again while the workflow runs starts
 *   one execution, and the retry gets its answer; two callers sending the same inputs at once (both
 *   waiting) get an execution and an answer each.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { untilDefined } from '../helpers/polling';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { chainWorkflow, lookUpCaller, toolTrigger } from './agentToolWorkflow';
import { bringUp } from './bringUp';
import type { N8nServer, WorkflowFile } from './real-n8n';
import { crmWebhookNode, talkoverTriggerWorkflow } from './real-n8n';

const TYPE = 'n8n-nodes-talkover.talkover';
const CREDENTIAL = { id: 'talkoverNever', name: 'Talkover API' };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;

const CRM = 'neverCrm';
const RETRY = 'neverRetry';
const TRIGGER = 'neverTrigger';
const CRM_PATH = 'never-crm-lead';
const AT_ONCE = 'neverAtOnce';
const AT_ONCE_PATH = 'never-crm-lead-at-once';
const RETRY_PATH = 'never-retry-leads';
const TRIGGER_WEBHOOK_ID = '6a1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5c';
const TOOL = 'neverTool';
const TOOL_NAME = 'book_slow_slot';
/** A Wait node of 3 seconds: the tool's workflow is slow, well within its 10-second Answer Time Limit. */
const WAIT_3S = { id: 'wait', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], parameters: { resume: 'timeInterval', amount: 3, unit: 'seconds' } };

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

function webhook(path: string): IDataObject {
	return crmWebhookNode(`${path}-id`, path);
}

function makeCall(to: string, options: INodeParameters): IDataObject {
	return {
		id: 'call',
		name: 'Make Call',
		type: TYPE,
		typeVersion: 1,
		position: [400, 0],
		parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to, isTesting: true, additionalFields: { context: { values: [{ key: 'queued_at', value: '={{ $now.toISO() }}' }] } }, options },
		credentials: { talkoverApi: CREDENTIAL },
	};
}

const WORKFLOWS: WorkflowFile[] = [
	{
		id: CRM,
		name: 'CRM lead → call (skip numbers called within 24 hours)',
		nodes: [webhook(CRM_PATH), makeCall('={{ $json.body.phone }}', { skipCalledWithinMinutes: 1440, maxRetries: 0 })],
		connections: { 'CRM webhook': { main: [[{ node: 'Make Call', type: 'main', index: 0 }]] } },
	},
	{
		id: AT_ONCE,
		name: 'CRM lead → call (skip numbers called within 24 hours, one item at a time)',
		// Fixed: the executions do not share the account's Auto slots, which a held request keeps (they would take turns anyway).
		nodes: [webhook(AT_ONCE_PATH), makeCall('={{ $json.body.phone }}', { skipCalledWithinMinutes: 1440, maxRetries: 0, concurrency: 'fixed', batchSize: 1 })],
		connections: { 'CRM webhook': { main: [[{ node: 'Make Call', type: 'main', index: 0 }]] } },
	},
	{
		id: RETRY,
		name: 'CRM leads → calls (retried)',
		nodes: [
			webhook(RETRY_PATH),
			{ id: 'split', name: 'Leads', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.leads', options: {} } },
			makeCall('={{ $json.phone }}', { maxRetries: 0 }),
		],
		connections: { 'CRM webhook': { main: [[{ node: 'Leads', type: 'main', index: 0 }]] }, Leads: { main: [[{ node: 'Make Call', type: 'main', index: 0 }]] } },
	},
	talkoverTriggerWorkflow(TRIGGER, TRIGGER_WEBHOOK_ID, CREDENTIAL.id),
	chainWorkflow(
		TOOL,
		[
			toolTrigger('6a1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5d', TOOL_NAME, {}, CREDENTIAL),
			WAIT_3S,
			{ ...lookUpCaller({ id: 'a2', name: 'execution', value: '={{ $execution.id }}', type: 'string' }), position: [400, 0] },
		],
		['Talkover Trigger', 'Wait', 'Look Up Caller'],
	),
];

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		// Rate-limit headers on every answer, as Talkover sends them: the node then sends an account's requests side by
		// side (without them it sends one at a time until it knows the window, and two executions could not overlap).
		sandbox: { rateLimit: { limit: 1000, windowMs: 60_000 } },
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: WORKFLOWS,
		activate: [CRM, AT_ONCE, RETRY, TRIGGER, TOOL],
	}));
}, 600_000);

afterAll(async () => await stop?.());

const posts = () => sandbox.requestsTo('POST', callPath).map((r) => r.body.to);

async function postTo(path: string, body: unknown): Promise<number> {
	const response = await fetch(`http://127.0.0.1:${server.port}/webhook/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	await response.text();
	return response.status;
}

async function callOutput(executionId: string): Promise<IDataObject[]> {
	const data = await server.runData(executionId);
	const runs = data.resultData.runData['Make Call'];
	return runs[runs.length - 1].data!.main[0]!.map((o) => o.json);
}

test('the same CRM webhook posted twice dials once: the second execution outputs the first call, skipped', async () => {
	sandbox.requests.length = 0;
	const lead = { crm_id: 'crm-7', phone: '+1 (555) 700-0007' };
	expect(await postTo(CRM_PATH, lead)).toBe(200);
	await server.waitForExecutions(CRM, 1);
	expect(await postTo(CRM_PATH, lead)).toBe(200);
	const [second, first] = await server.waitForExecutions(CRM, 2);
	expect([first.status, second.status]).toEqual(['success', 'success']);
	expect(posts()).toEqual(['+15557000007']);
	// Each execution read the agent's calls once.
	expect(sandbox.requestsTo('GET', `/api/v1/agents/${SALES_AGENT}/calls`)).toHaveLength(2);
	const [placed] = await callOutput(first.id);
	const [skipped] = await callOutput(second.id);
	expect(placed.skipped).toBeUndefined();
	expect(skipped).toMatchObject({ id: placed.id, to: '+15557000007', skipped: true });
	expect(String(skipped.skipReason)).toMatch(/^Not dialled: this agent already has a call to \+15557000007/);
});

test('the same CRM webhook posted again while Talkover still holds the first execution’s call dials once: the second waits for that call and outputs it, skipped', async () => {
	sandbox.requests.length = 0;
	const lead = { crm_id: 'crm-8', phone: '+1 (555) 700-0008' };
	const reads = () => sandbox.requestsTo('GET', `/api/v1/agents/${SALES_AGENT}/calls`).length;
	let open: () => void = () => {};
	const gate = new Promise<void>((resolve) => (open = resolve));
	sandbox.inject({ method: 'POST', path: callPath, when: (r) => r.body?.to === '+15557000008', until: async () => await gate, times: 1 });
	expect(await postTo(AT_ONCE_PATH, lead)).toBe(200);
	await untilDefined('the first call held', () => (posts().includes('+15557000008') ? true : undefined));
	// n8n answers once the second execution has started: a run that does not wait reads the calls (before the held
	// call exists) and dials within moments; one that waits sends nothing. The gate opens on either, or after 5 s.
	expect(await postTo(AT_ONCE_PATH, lead)).toBe(200);
	await untilDefined('the second execution reading or dialling', () => (reads() >= 2 || posts().length >= 2 ? true : undefined), 5_000).catch(() => undefined);
	open();
	const [second, first] = await server.waitForExecutions(AT_ONCE, 2);
	expect([first.status, second.status]).toEqual(['success', 'success']);
	expect(posts()).toEqual(['+15557000008']);
	const [one] = await callOutput(first.id);
	const [other] = await callOutput(second.id);
	const [placed, skipped] = one.skipped ? [other, one] : [one, other];
	expect(placed.skipped).toBeUndefined();
	expect(skipped).toMatchObject({ id: placed.id, to: '+15557000008', skipped: true });
	expect(String(skipped.skipReason)).toMatch(/^Not dialled: this agent already has a call to \+15557000008/);
});

test("n8n's Retry of an execution that failed after two of five calls places only the other three", async () => {
	sandbox.requests.length = 0;
	const leads = [1, 2, 3, 4, 5].map((i) => ({ phone: `+1555710000${i}` }));
	sandbox.inject({ method: 'POST', path: callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body?.to === leads[2].phone });
	expect(await postTo(RETRY_PATH, { leads })).toBe(200);
	const [failed] = await server.waitForExecutions(RETRY, 1);
	expect(failed.status).toBe('error');
	expect(posts()).toEqual(leads.slice(0, 3).map((l) => l.phone));
	const placed = sandbox.calls.filter((c) => leads.slice(0, 2).some((l) => l.phone === c.to)).map((c) => c.id);

	// What the editor's Retry (with the original workflow) sends; it answers when the retry has finished.
	const retry = await server.rest('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
	const [retried] = await server.waitForExecutions(RETRY, 2);
	expect(String(retry.data.id)).toBe(String(retried.id));
	expect(retry.data.status).toBe('success');
	expect(retried.status).toBe('success');
	expect(posts()).toEqual([...leads.slice(0, 3), ...leads.slice(2)].map((l) => l.phone));
	const output = await callOutput(retried.id);
	expect(output.map((o) => [o.to, o.alreadyPlaced ?? false])).toEqual(leads.map((l, i) => [l.phone, i < 2]));
	expect(output.slice(0, 2).map((o) => o.id)).toEqual(placed);
	expect(String(output[0].skipReason)).toMatch(new RegExp(`^Not dialled again: execution ${failed.id}, which this execution retries, already placed this call`));
});

test('Talkover redelivering one call ended event three times starts one execution (each delivery answered 200)', async () => {
	const webhook = sandbox.webhooks.find((w) => w.agent_id === SALES_AGENT || String(w.webhook_url).includes(TRIGGER_WEBHOOK_ID));
	expect(webhook).toBeDefined();
	const event = { event: 'event_phone_call_ended', call_id: 'c0ffee00-0000-4000-8000-000000000777', duration: 45, context: { crm_record_id: 'crm-7' } };
	const statuses: number[] = [];
	for (let i = 0; i < 3; i++) {
		statuses.push((await sandbox.deliver(webhook!.id, event)).status);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	expect(statuses).toEqual([200, 200, 200]);
	const other = { ...event, call_id: 'c0ffee00-0000-4000-8000-000000000778' };
	expect((await sandbox.deliver(webhook!.id, other)).status).toBe(200);
	const executions = await server.waitForExecutions(TRIGGER, 2);
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect((await server.executions(TRIGGER)).length).toBe(2);
	expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
});

describe('an Agent Tool request: a retry after the client gave up runs once; two callers run twice', () => {
	/** The tool's action as the sandbox (Talkover) holds it: its URL and its secret header. */
	function toolAction(): { url: string; headers: Record<string, string> } {
		const action = sandbox.agentActions.find((a) => a.agent_id === SALES_AGENT && a.name === TOOL_NAME);
		expect(action).toBeDefined();
		return { url: String(action!.url), headers: Object.fromEntries((action!.custom_headers as Array<{ key: string; value: string }>).map((h) => [h.key, h.value])) };
	}

	async function ask(inputs: IDataObject, signal?: AbortSignal): Promise<{ status: number; body: IDataObject }> {
		const { url, headers } = toolAction();
		const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(inputs), signal });
		return { status: response.status, body: (await response.json()) as IDataObject };
	}

	test('the client gives up on the slow request (aborts after 300 ms; the workflow takes 3 s) and sends the same body again at once: one execution; the retry gets its answer', async () => {
		const before = (await server.executionList(TOOL)).count;
		const abort = new AbortController();
		const first = ask({ phone: '+15557000101' }, abort.signal).catch((error: unknown) => error);
		// n8n lists an execution only once it finished: the request has reached n8n well before 300 ms.
		await new Promise((resolve) => setTimeout(resolve, 300));
		abort.abort();
		expect(await first).toMatchObject({ name: 'AbortError' });
		const retry = await ask({ phone: '+15557000101' });
		const [execution] = await server.waitForExecutions(TOOL, before + 1);
		expect(retry).toEqual({ status: 200, body: { caller: 'Ada Lovelace, +15557000101', execution: String(execution.id) } });
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await server.executionList(TOOL)).count).toBe(before + 1);
	});

	test('two callers send the same inputs at once (both waiting): two executions, each caller gets its own execution’s answer', async () => {
		const before = (await server.executionList(TOOL)).count;
		const answers = await Promise.all([ask({ phone: '+15557000102' }), ask({ phone: '+15557000102' })]);
		const executions = await server.waitForExecutions(TOOL, before + 2);
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		expect(answers.map((a) => a.body.caller)).toEqual(['Ada Lovelace, +15557000102', 'Ada Lovelace, +15557000102']);
		expect(answers.map((a) => String(a.body.execution)).sort()).toEqual(executions.slice(0, 2).map((e) => String(e.id)).sort());
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await server.executionList(TOOL)).count).toBe(before + 2);
	});
});
