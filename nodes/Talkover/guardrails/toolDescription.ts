import type { INodeProperties } from 'n8n-workflow';

import { MCP_WINDOW_MINUTES, TOOL_CALL_CAP } from './callCapDescription';

/**
 * What a model (an AI Agent's, or an MCP client through the MCP Server Trigger's `tools/list`) is told about
 * the Talkover Tool. n8n gives it `NodeHelpers.getToolDescriptionForNode`: with Tool Description on "Set
 * Automatically" only "<action> in Talkover" ("Make a call in Talkover": nothing about cost), else the
 * Description parameter as it stands. n8n adds that pair of parameters to a tool only when the node has no
 * `toolDescription` of its own; the node declares them itself (shown on the tool alone, `@tool`), so that Make
 * Call and Add Call start on "Set Manually" with a text saying that they place real, paid calls and which
 * guardrails the node has. Every other operation keeps n8n's own defaults ("Set Automatically"; the node's
 * description when set manually).
 *
 * The text is fixed: n8n 2.8 and 1.x hand the model the Description as written (an expression would reach the
 * model as `={{ … }}`; only 2.41 resolves one), so it names the guardrails the node has, not the values one
 * node sets; a refused call's error says which one refused it and why.
 */

const DIALLING = { resource: ['call', 'campaign'], operation: ['make', 'addCall'] };

/** The guardrails, in the words a model reads. */
export const GUARDRAILS_SENTENCE =
	`Guardrails of this tool: at most ${TOOL_CALL_CAP} calls in one agent run, and for MCP clients at most ${TOOL_CALL_CAP} within any ${MCP_WINDOW_MINUTES} minutes, unless its Max Calls per Execution option says otherwise; for MCP clients a number called within the last ${MCP_WINDOW_MINUTES} minutes is not called again (the answer is that call, marked skipped), unless its Skip Numbers Called Within option says otherwise; when set, only numbers of its Allowed Destinations (premium-rate and other paid-service numbers refused) and only within the lead's Calling Hours. ` +
	'A call a guardrail refuses fails with the reason: do not try it again.';

export const MAKE_CALL_TOOL_DESCRIPTION = `Make a call in Talkover: a voice agent phones the number now. Each call is a real phone call to a real person and costs Talkover credits (unless Test Call is on). ${GUARDRAILS_SENTENCE}`;

export const ADD_CALL_TOOL_DESCRIPTION = `Add a call to a campaign in Talkover: the campaign's voice agent phones the number. Each call is a real phone call to a real person and costs Talkover credits. ${GUARDRAILS_SENTENCE}`;

const DESCRIPTION_TYPES = [
	{ name: 'Set Automatically', value: 'auto', description: 'Automatically set based on resource and operation' },
	{ name: 'Set Manually', value: 'manual', description: 'Manually set the description' },
];

const EXPLAIN = 'Explain to the LLM what this tool does, a good, specific description would allow LLMs to produce expected results much more often';

/**
 * The Tool Description parameters, first in the node's properties (where n8n puts its own). `nodeDescription`:
 * the node's description, n8n's default text for "Set Manually" of the other operations.
 */
export function toolDescriptionProperties(nodeDescription: string): INodeProperties[] {
	const manual = (show: Record<string, string[]>) => ({ show: { '@tool': [true], descriptionType: ['manual'], ...show } });
	return [
		{
			displayName: 'Tool Description',
			name: 'descriptionType',
			type: 'options',
			noDataExpression: true,
			options: DESCRIPTION_TYPES,
			default: 'manual',
			description: 'Set Manually (the default here) tells the model that this tool places real, paid calls and which guardrails it has; Set Automatically says only what the action is ("Make a call in Talkover")',
			displayOptions: { show: { '@tool': [true], ...DIALLING } },
		},
		{
			displayName: 'Tool Description',
			name: 'descriptionType',
			type: 'options',
			noDataExpression: true,
			options: DESCRIPTION_TYPES,
			default: 'auto',
			displayOptions: { show: { '@tool': [true] }, hide: { operation: DIALLING.operation } },
		},
		{
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: MAKE_CALL_TOOL_DESCRIPTION,
			typeOptions: { rows: 4 },
			description: EXPLAIN,
			displayOptions: manual({ resource: ['call'], operation: ['make'] }),
		},
		{
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: ADD_CALL_TOOL_DESCRIPTION,
			typeOptions: { rows: 4 },
			description: EXPLAIN,
			displayOptions: manual({ resource: ['campaign'], operation: ['addCall'] }),
		},
		{
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: nodeDescription,
			typeOptions: { rows: 2 },
			description: EXPLAIN,
			displayOptions: { ...manual({}), hide: { operation: DIALLING.operation } },
		},
	];
}
