/**
 * The Talkover node as a tool of n8n's MCP Server Trigger, run by n8n-core's own contexts in-process, one
 * `tools/call` at a time the two ways n8n runs one (docs/behaviour.md, Max Calls per Execution):
 *
 * - `webhook` (a main or webhook process, every line): the trigger's webhook builds its tools from its own
 *   WebhookContext — no execution ID, a new empty run data per HTTP request — and invokes the one asked for
 *   (n8n-core's getInputConnectionData → createNodeAsTool → `tool.invoke(arguments)`).
 * - `queue` (a queue-mode worker, n8n 2.x job-processor's `invokeTool`): the call is an execution of its own
 *   (an ID), the tool runs in a SupplyDataContext on a new run data with `source: null`.
 *
 * A test node stands in for the MCP Server Trigger (n8n's langchain nodes are not a dependency here): it has
 * the trigger's `ai_tool` input, which is all n8n-core reads of it.
 */
import type { DynamicStructuredTool } from '@langchain/core/tools';
import { SupplyDataContext, WebhookContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INode, INodeParameters, INodeType, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { TOOL_NAME, TOOL_TYPE, toolVariant } from './agentRun';
import { additionalDataFor, NodeTypes } from './n8n';

const TRIGGER_TYPE = 'test.mcpTrigger';
const TRIGGER_NAME = 'MCP Server Trigger';

class McpTriggerStandIn implements INodeType {
	description = {
		displayName: 'MCP Server Trigger',
		name: 'mcpTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stands in for the MCP Server Trigger',
		defaults: { name: TRIGGER_NAME },
		inputs: [{ type: 'ai_tool', displayName: 'Tools' }],
		outputs: [],
		properties: [],
	} as unknown as INodeType['description'];
}

export interface McpCallOptions {
	/** The Talkover Tool's parameters (its arguments through `$fromAI`). */
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	/** How n8n runs the call: `webhook` (default) or `queue`. */
	way?: 'webhook' | 'queue';
	workflowId?: string;
	/** The tool node's ID (its name stays TOOL_NAME). */
	nodeId?: string;
}

let executions = 0;

/** One `tools/call` with `args`: the tool's answer, or the error it ended with. */
export async function mcpToolCall(args: IDataObject, options: McpCallOptions): Promise<{ result?: unknown; error?: string }> {
	const tool: INode = {
		id: options.nodeId ?? 'tool',
		name: TOOL_NAME,
		type: TOOL_TYPE,
		typeVersion: 1,
		position: [0, 200],
		parameters: options.parameters,
		credentials: { talkoverApi: { id: 'cred-1', name: 'Talkover account' } },
	};
	const trigger: INode = { id: 'mcp', name: TRIGGER_NAME, type: TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const connections = { [TOOL_NAME]: { ai_tool: [[{ node: TRIGGER_NAME, type: 'ai_tool' as const, index: 0 }]] } };
	const workflow = new Workflow({ id: options.workflowId ?? 'wf-mcp', name: 'mcp', nodes: [trigger, tool], connections, active: true, nodeTypes: new NodeTypes({ [TOOL_TYPE]: toolVariant(), [TRIGGER_TYPE]: new McpTriggerStandIn() }), settings: {} });
	const base = additionalDataFor(options.credentials);
	try {
		if (options.way === 'queue') {
			const additionalData = { ...base, executionId: `mcp-execution-${++executions}` } as IWorkflowExecuteAdditionalData;
			const inputData = [[{ json: args }]];
			const context = new SupplyDataContext(workflow, tool, additionalData, 'webhook', createRunExecutionData({}), 0, inputData[0], { main: inputData }, NodeConnectionTypes.AiTool, { node: tool, data: { main: inputData }, source: null }, []);
			context.addInputData(NodeConnectionTypes.AiTool, [[{ json: args }]]);
			const result = await workflow.nodeTypes.getByNameAndVersion(TOOL_TYPE, 1).execute!.call(context as unknown as IExecuteFunctions);
			return { result: (result as Array<Array<{ json: IDataObject }>>)[0].map((item) => item.json) };
		}
		// The webhook runs with no execution yet: n8n sets the ID only for the execution it creates afterwards;
		// its run data is new for each request, the trigger alone on its stack (n8n 2.8's webhook-helpers).
		const additionalData = { ...base, executionId: undefined } as unknown as IWorkflowExecuteAdditionalData;
		const webhookData = { node: TRIGGER_NAME, workflowId: workflow.id, webhookDescription: { name: 'default' } } as unknown as IWebhookData;
		const runData = createRunExecutionData({ executionData: { nodeExecutionStack: [{ node: trigger, data: { main: [] }, source: null }] } });
		const context = new WebhookContext(workflow, trigger, additionalData, 'webhook', webhookData, [], runData);
		const tools = (await context.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as DynamicStructuredTool[];
		return { result: JSON.parse(String(await tools[0].invoke(args))) };
	} catch (error) {
		return { error: (error as Error).message };
	}
}
