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
