import type { INodeProperties } from 'n8n-workflow';

/**
 * The Max Calls per Execution option as a node holds it (an entry of Make Call's and Add Call's Options). Only
 * the description: readCallCap.ts reads the value, callCount.ts counts the calls.
 */

/** The cap when the option is not set and the node runs as an AI Agent or MCP tool; 0 when set means no cap. */
export const TOOL_CALL_CAP = 3;

export const maxCallsPerExecutionOption: INodeProperties = {
	displayName: 'Max Calls per Execution',
	name: 'maxCallsPerExecution',
	type: 'number',
	default: TOOL_CALL_CAP,
	typeOptions: { minValue: 0, numberPrecision: 0 },
	description: `The most calls this node may place in one execution, counted over all its items and, as an AI Agent tool, over all the model's calls in that run; a call beyond it fails before anything is sent. 0: no limit. Without this option: no limit in a workflow, ${TOOL_CALL_CAP} when the node is a tool (an MCP client's calls are each their own execution).`,
};
