/**
 * The Talkover node as a tool of n8n's MCP Server Trigger in a real n8n (n8n start, the workflow published):
 * an MCP client (plain HTTP, MCP's streamable transport: initialize, then tools/list and tools/call with the
 * session's `mcp-session-id`) is told that Make Call places real, paid calls and which guardrails it has — the
 * text a new Make Call tool starts with — and its calls are capped: n8n runs every MCP tool call on its own,
 * without an execution the calls share, so Max Calls per Execution counts an MCP client's calls over the last
 * 60 minutes (3 by default): of 5 `tools/call`, 3 place a call and the 4th and 5th answer the cap's message.
 * Each first reads the agent's calls: an MCP tool's Skip Numbers Called Within is 60 minutes by default.
 */
import type { IDataObject } from 'n8n-workflow';
import * as path from 'node:path';

import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { MCP_TRIGGER, mcp as mcpMessage, openSession as openMcpSession } from './mcp-client';
import { callsFrom } from '../../nodes/shared/answers/callDays';
import { bringUp } from './bringUp';
import type { N8nServer, WorkflowFile } from './real-n8n';

const WORKFLOW = 'talkoverMcp1';
const MCP_PATH = 'talkover-mcp-e2e';
const MAKE_CALL = 'Call the lead';
const GET_ACTIVE = 'Is the lead on a call';

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

function mcpWorkflow(): WorkflowFile {
	const tool = (name: string, y: number, parameters: IDataObject): IDataObject => ({
		id: name,
		name,
		type: 'n8n-nodes-talkover.talkoverTool',
		typeVersion: 1,
		position: [0, y],
		parameters: { resource: 'call', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, ...parameters },
		credentials: { talkoverApi: { id: 'talkoverGood', name: 'Talkover API' } },
	});
	const toTrigger = { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] };
	return {
		id: WORKFLOW,
		name: 'Talkover over MCP',
		nodes: [
			{ id: 'mcp', name: 'MCP Server Trigger', ...MCP_TRIGGER, position: [0, 0], webhookId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', parameters: { path: MCP_PATH } },
			// A new Make Call tool: no Tool Description chosen (the node's own default text).
			tool(MAKE_CALL, 200, { operation: 'make', to: "={{ $fromAI('to', 'The number to call, international format', 'string') }}", isTesting: true }),
			// Get Active on n8n's Set Automatically.
			tool(GET_ACTIVE, 300, { descriptionType: 'auto', operation: 'getActive', phone: "={{ $fromAI('phone', 'The lead phone number', 'string') }}" }),
		],
		connections: { [MAKE_CALL]: toTrigger, [GET_ACTIVE]: toTrigger },
	};
}

const mcp = async (message: IDataObject, session?: string) => await mcpMessage(server.port, MCP_PATH, message, session);
const openSession = async () => await openMcpSession(server.port, MCP_PATH);

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [mcpWorkflow()],
		activate: [WORKFLOW],
	}));
}, 600_000);

afterAll(async () => await stop?.());

beforeEach(() => sandbox.reset());

test('tools/list: Make Call says it places real, paid calls and names its guardrails; Get Active is described as n8n sets it automatically', async () => {
	const session = await openSession();
	const { body } = await mcp({ id: 2, method: 'tools/list', params: {} }, session);
	const { MAKE_CALL_TOOL_DESCRIPTION } = require(path.resolve(__dirname, '../../dist/nodes/Talkover/guardrails/toolDescription.js'));
	const tools = Object.fromEntries((body.result.tools as Array<{ name: string; description: string }>).map((t) => [t.name, t.description]));
	expect(tools).toEqual({ Call_the_lead: MAKE_CALL_TOOL_DESCRIPTION, Is_the_lead_on_a_call: 'Get the active call with a phone number in Talkover' });
	expect(sandbox.requests).toEqual([]);
});

test('tools/call: 5 calls place 3 (the default cap over 60 minutes), each after reading the agent’s calls; the 4th and 5th answer the cap’s message and place nothing', async () => {
	const session = await openSession();
	const numbers = ['+12125550401', '+12125550402', '+12125550403', '+12125550404', '+12125550405'];
	const answers: any[] = [];
	for (const [i, to] of numbers.entries()) {
		const { body } = await mcp({ id: 10 + i, method: 'tools/call', params: { name: 'Call_the_lead', arguments: { to } } }, session);
		answers.push(body);
	}
	// Each tools/call first reads the agent's calls (Skip Numbers Called Within, 60 minutes as an MCP tool's
	// default: from the day that may hold a call ringing or ending in the window, whatever Talkover's zone, every
	// page); only the first 3 then dial.
	const read = (at: number) => ['GET', `/api/v1/agents/${SALES_AGENT}/calls`, { direction: 'outbound', date_from: callsFrom(at - 60 * 60_000), per_page: '100', page: '1' }];
	const reads = sandbox.requests.filter((r) => r.method === 'GET');
	expect(reads).toHaveLength(5);
	expect(sandbox.requests.map((r) => [r.method, r.path, r.method === 'GET' ? r.query : r.body])).toEqual([
		...numbers.slice(0, 3).flatMap((to, i) => [read(reads[i].at), ['POST', `/api/v1/agents/${SALES_AGENT}/call`, { to, is_testing: true }]]),
		read(reads[3].at),
		read(reads[4].at),
	]);
	expect(answers.slice(0, 3).map((body) => body.result.isError ?? false)).toEqual([false, false, false]);
	const refused = 'Max Calls per Execution (item 0): this node has placed 3 calls for MCP clients in the last 60 minutes, the most its option allows (3); this call was not placed';
	// The refusal reaches the client as the tool's answer (an error result, or the error text as content, by line).
	for (const body of answers.slice(3)) expect(JSON.stringify(body)).toContain(refused);
});
