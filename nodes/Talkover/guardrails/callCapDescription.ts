import type { INodeProperties } from 'n8n-workflow';

/**
 * The Max Calls per Execution option as a node holds it (an entry of Make Call's and Add Call's Options). Only
 * the description: readCallCap.ts reads the value, callCount.ts counts the calls.
 */

/** The cap when the option is not set and the node runs as an AI Agent or MCP tool; 0 when set means no cap. */
export const TOOL_CALL_CAP = 3;

/** The window over which an MCP client's calls count together (n8n runs each MCP call as its own execution). */
export const MCP_WINDOW_MINUTES = 60;

export const maxCallsPerExecutionOption: INodeProperties = {
	displayName: 'Max Calls per Execution',
	name: 'maxCallsPerExecution',
	type: 'number',
	default: TOOL_CALL_CAP,
	typeOptions: { minValue: 0, numberPrecision: 0 },
	description: `The most calls this node may place in one execution, counted over all its items and, as an AI Agent tool, over all the model's calls in that run; as an MCP Server Trigger's tool (n8n runs each MCP call as its own execution), over its calls for MCP clients in the last ${MCP_WINDOW_MINUTES} minutes (per workflow, node and API token, in each n8n process). A call beyond it fails before anything is sent. One value for every item. 0: no limit. Without this option: no limit in a workflow, ${TOOL_CALL_CAP} when the node is a tool.`,
};
