import type { INode } from 'n8n-workflow';

/**
 * Whether the node runs as a tool a model calls (an AI Agent's or an MCP Server Trigger's): n8n gives it the
 * tool variant's type, whose name ends in `Tool` (`n8n-nodes-talkover.talkoverTool`), on every n8n line and
 * path (n8n's own `@tool` display rule and its node types test the same). `isToolExecution()` is true only
 * where n8n runs the tool through a sub-node context (n8n 2.x), false where the AI Agent v3 runs it as a node
 * of the execution, and missing in n8n 1.x: it can add to the type, never replace it.
 */
export interface ToolSignals {
	getNode(): INode;
	isToolExecution?: () => boolean;
}

export function runsAsTool(ctx: ToolSignals): boolean {
	if (/Tool$/.test(ctx.getNode().type ?? '')) return true;
	return typeof ctx.isToolExecution === 'function' && ctx.isToolExecution() === true;
}

/** What tells an MCP client's tool call apart from a call within an AI Agent's run. */
export interface McpSignals extends ToolSignals {
	getExecutionId?: () => string | undefined;
	getInputSourceData?: () => unknown;
}

/**
 * Whether the node runs as a tool with no AI Agent run around it: an MCP Server Trigger's `tools/call`, the
 * one caller of a tool n8n runs that way. n8n runs such a call without an execution ID (the trigger's webhook,
 * n8n 1.x and 2.x) or, in queue mode (2.x), in an execution of its own on a worker; in both the tool's input
 * has no source node (n8n builds it with `source: null`, and `getInputSourceData()` throws "Source data is
 * missing"). Within an AI Agent's run the tool has both: the execution's ID and the agent (v3) or the agent's
 * own input (v1/v2) as its source.
 */
export function runsAsMcpTool(ctx: McpSignals): boolean {
	if (!runsAsTool(ctx)) return false;
	const executionId = ctx.getExecutionId?.();
	if (executionId === undefined || executionId === null || String(executionId) === '') return true;
	if (typeof ctx.getInputSourceData !== 'function') return false;
	try {
		return ctx.getInputSourceData() === undefined;
	} catch {
		return true;
	}
}
