/**
 * The Talkover node as an AI Agent tool in a real n8n. n8n makes the `talkoverTool` variant from
 * `usableAsTool` (no setting needed in n8n 2.x); the workflow is Start → AI Agent with n8n's OpenAI Chat
 * Model (its credential's Base URL points at a scripted OpenAI-compatible model, test/e2e/scripted-model.ts)
 * and two Talkover tools: Get Active and Make Call, whose phone numbers the model fills in ($fromAI).
 *
 * The scripted model does what a model would: checks whether the lead is on a call, calls them only if
 * not, then answers. The sandbox must see exactly the requests those choices imply. A third workflow gives
 * the model Make Call as a new tool would be (no Tool Description chosen) and a list of 10 leads: the model is
 * told the calls are real and paid, and Max Calls per Execution (3 for a tool) lets 3 reach Talkover; the 4th
 * is refused (n8n 2.8 and 1.x stop the run with it, n8n 2.41 hands it to the model).
 */
import * as path from 'node:path';

import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ACTIVE_PHONE, SALES_AGENT, TOKEN } from '../helpers/fixtures';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer, WorkflowFile } from './real-n8n';
import { LINE, outputOf } from './real-n8n';
import type { ChatRequest, ScriptedModel, Step } from './scripted-model';
import { toolResults } from './scripted-model';

const NEW_LEAD = '+15557654321';
const GET_ACTIVE = 'Is the lead on a call';
const MAKE_CALL = 'Call the lead';
/** The leads of the third workflow, all dialled by the model one after the other. */
const TEN_LEADS = Array.from({ length: 10 }, (_, i) => `+1212555${String(300 + i).padStart(4, '0')}`);
const TEN_LEADS_PROMPT = `Call each of these leads with the sales agent: ${TEN_LEADS.join(', ')}.`;

let sandbox: TalkoverSandbox;
let model: ScriptedModel;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

/** The model's side: the number is in the user's message; check it, call it only if it is not on a call. */
function script(request: ChatRequest): Step {
	const prompt = String(request.messages.find((m) => m.role === 'user')?.content ?? '');
	if (prompt.startsWith('Call each of these leads')) {
		const done = toolResults(request).length;
		return done < TEN_LEADS.length ? { toolCalls: [{ name: toolName(MAKE_CALL), arguments: { to: TEN_LEADS[done] } }] } : { text: 'I called them all.' };
	}
	const phone = /\+\d{8,15}/.exec(prompt)?.[0] ?? '';
	const results = toolResults(request);
	if (results.length === 0) return { toolCalls: [{ name: toolName(GET_ACTIVE), arguments: { phone } }] };
	if (results.length === 1) {
		const result = JSON.stringify(results[0]);
		if (result.includes('"active":false')) return { toolCalls: [{ name: toolName(MAKE_CALL), arguments: { to: phone } }] };
		if (result.includes('"status":')) return { text: `${phone} is already on a call: I did not call.` };
		throw new Error(`Get Active gave the model nothing it can read: ${result}`);
	}
	return { text: `I called ${phone}.` };
}

/** How n8n names a tool after its node (n8n-workflow's nodeNameToToolName). */
const toolName = (nodeName: string) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

/** A Talkover Tool; `descriptionType` 'default': as a new tool is (none saved: the node's own default). */
function talkoverTool(name: string, y: number, parameters: IDataObject, descriptionType: 'auto' | 'default' = 'auto'): IDataObject {
	return {
		id: name,
		name,
		type: 'n8n-nodes-talkover.talkoverTool',
		typeVersion: 1,
		position: [400, y],
		parameters: { ...(descriptionType === 'auto' ? { descriptionType } : {}), resource: 'call', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, ...parameters },
		credentials: { talkoverApi: { id: 'talkoverGood', name: 'Talkover API' } },
	};
}

function agentWorkflow(id: string, phone: string, tenLeads = false): WorkflowFile {
	const tool = { type: 'ai_tool', index: 0, node: 'AI Agent' };
	const makeCall = talkoverTool(MAKE_CALL, 300, { operation: 'make', to: "={{ $fromAI('to', 'The number to call, international format', 'string') }}", isTesting: true }, tenLeads ? 'default' : 'auto');
	return {
		id,
		name: tenLeads ? 'AI Agent calls 10 leads' : `AI Agent calls ${phone}`,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [200, 0],
				parameters: { promptType: 'define', text: tenLeads ? TEN_LEADS_PROMPT : `A new lead: ${phone}. Call them with the sales agent, unless they are on a call already.`, options: {} },
			},
			{
				id: 'model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [200, 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
				credentials: { openAiApi: { id: 'scriptedModel', name: 'Scripted model' } },
			},
			...(tenLeads ? [] : [talkoverTool(GET_ACTIVE, 200, { operation: 'getActive', phone: "={{ $fromAI('phone', 'The lead\\'s phone number, international format', 'string') }}" })]),
			makeCall,
		],
		connections: {
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			...(tenLeads ? {} : { [GET_ACTIVE]: { ai_tool: [[tool]] } }),
			[MAKE_CALL]: { ai_tool: [[tool]] },
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		},
	};
}

/** "<action> in Talkover": what n8n tells the model about a tool whose description is set automatically. */
function autoToolDescription(resource: string, operation: string): string {
	const { Talkover } = require(path.resolve(__dirname, '../../dist/nodes/Talkover/Talkover.node.js'));
	const properties = new Talkover().description.properties as INodeProperties[];
	const operations = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
	const option = (operations?.options as INodePropertyOptions[]).find((o) => o.value === operation);
	return `${option!.action} in Talkover`;
}

// One n8n for the file's runs, each as the editor's Execute workflow button runs it (an `n8n execute` per run
// is a whole n8n started each time).
beforeAll(async () => {
	const up = await bringUp({
		tokens: [TOKEN],
		model: script,
		credentials: (url) => [
			{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } },
			{ id: 'scriptedModel', name: 'Scripted model', type: 'openAiApi', data: { apiKey: 'sk-local-test', url: url.model } },
		],
		workflows: [agentWorkflow('talkoverAgent1', NEW_LEAD), agentWorkflow('talkoverAgent2', ACTIVE_PHONE), agentWorkflow('talkoverAgent3', '', true)],
	});
	({ sandbox, server, stop } = up);
	model = up.model!;
}, 600_000);

afterAll(async () => await stop?.());

beforeEach(() => {
	sandbox.reset();
	model.requests.length = 0;
});

test('a lead not on a call: the agent checks with Get Active, then places one (test) call with Make Call, with the numbers it chose', async () => {
	const { run, status } = await server.runManually('talkoverAgent1');
	expect(run.data.resultData.error).toBeUndefined();
	expect(status).toBe(0);
	expect(sandbox.requests.map((r) => [r.method, r.path, r.body ?? null, r.headers.authorization])).toEqual([
		['GET', `/api/v1/agents/${SALES_AGENT}/active-call/${encodeURIComponent(NEW_LEAD)}`, null, `Bearer ${TOKEN}`],
		['POST', `/api/v1/agents/${SALES_AGENT}/call`, { to: NEW_LEAD, is_testing: true }, `Bearer ${TOKEN}`],
	]);
	const placed = sandbox.calls.filter((c) => c.to === NEW_LEAD && c.agent_id === SALES_AGENT);
	expect(placed).toHaveLength(1);
	// The model got each tool's output back: first "not on a call", then the placed call.
	const [, afterCheck, afterCall] = model.requests;
	expect(toolResults(afterCheck)).toHaveLength(1);
	expect(JSON.stringify(toolResults(afterCheck)[0])).toContain(`"active":false`);
	expect(JSON.stringify(toolResults(afterCall)[1])).toContain(String(placed[0].id));
	expect(outputOf(run, 'AI Agent').map((o) => o.json.output)).toEqual([`I called ${NEW_LEAD}.`]);
});

test('a lead already on a call: the agent checks, and Make Call is never sent', async () => {
	const { run, status } = await server.runManually('talkoverAgent2');
	expect(status).toBe(0);
	expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/agents/${SALES_AGENT}/active-call/${encodeURIComponent(ACTIVE_PHONE)}`]]);
	expect(JSON.stringify(toolResults(model.requests[1])[0])).toContain('c0ffee00-0000-4000-8000-000000000001');
	expect(outputOf(run, 'AI Agent').map((o) => o.json.output)).toEqual([`${ACTIVE_PHONE} is already on a call: I did not call.`]);
});

test('the model is offered both tools, described as n8n sets them automatically, with the $fromAI arguments as their parameters', async () => {
	await server.runManually('talkoverAgent2');
	const tools = Object.fromEntries((model.requests[0].tools ?? []).map((t) => [t.function.name, t.function]));
	expect(Object.keys(tools).sort()).toEqual([toolName(MAKE_CALL), toolName(GET_ACTIVE)].sort());
	expect(tools[toolName(GET_ACTIVE)].description).toBe(autoToolDescription('call', 'getActive'));
	expect(tools[toolName(MAKE_CALL)].description).toBe(autoToolDescription('call', 'make'));
	expect(tools[toolName(GET_ACTIVE)].parameters).toMatchObject({
		type: 'object',
		properties: { phone: { type: 'string', description: "The lead's phone number, international format" } },
		required: ['phone'],
	});
	expect(tools[toolName(MAKE_CALL)].parameters).toMatchObject({
		type: 'object',
		properties: { to: { type: 'string', description: 'The number to call, international format' } },
		required: ['to'],
	});
});

test('a new Make Call tool: the model is told the call is real and paid and the guardrails; asking for 10 calls, 3 reach Talkover and the 4th is refused with the reason', async () => {
	const { run, status } = await server.runManually('talkoverAgent3');
	const { MAKE_CALL_TOOL_DESCRIPTION } = require(path.resolve(__dirname, '../../dist/nodes/Talkover/guardrails/toolDescription.js'));
	expect(model.requests[0].tools?.map((t) => [t.function.name, t.function.description])).toEqual([[toolName(MAKE_CALL), MAKE_CALL_TOOL_DESCRIPTION]]);
	expect(sandbox.requests.map((r) => [r.method, r.path, r.body ?? null])).toEqual(TEN_LEADS.slice(0, 3).map((to) => ['POST', `/api/v1/agents/${SALES_AGENT}/call`, { to, is_testing: true }]));
	expect(status).not.toBe(0);
	const refusal = 'Max Calls per Execution (item 0): this node has placed 3 calls in this execution, the most its option allows (3); this call was not placed';
	if (LINE === 'next') {
		// n8n 2.41 hands a tool's error to the model as the tool's result (an AI tool continues on error unless
		// set to stop): each later request carries the refusal; this model, refused 7 times, runs into the agent's iterations.
		const later = model.requests.slice(4).map((r) => JSON.stringify(toolResults(r).at(-1)));
		expect(later.length).toBeGreaterThan(0);
		expect(later).toEqual(later.map(() => expect.stringContaining(refusal)));
	} else {
		// n8n 2.8 and 1.x: the tool's error stops the run.
		expect(JSON.stringify(run.data.resultData.error)).toContain(refusal);
		expect(model.requests).toHaveLength(4);
	}
});
