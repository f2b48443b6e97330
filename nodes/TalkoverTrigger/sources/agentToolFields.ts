/**
 * The Agent Tool source's fields: their description in the node (the tool's name, description and inputs,
 * Respond, the options), the Flow Node picker's list, and reading the values a hook or a call needs.
 */
import type { IDataObject, IHookFunctions, ILoadOptionsFunctions, INodePropertyOptions, IWebhookFunctions } from 'n8n-workflow';

import { agentLocator, agentNotFound, readAgentId } from '../../shared/agent';
import { INPUT_TYPE_OPTIONS } from '../../shared/agentActions';
import { AGENT_FLOW } from '../../shared/answers/object';
import { collection } from '../../shared/fields';
import { apiPath, clip, shownValue, talkoverAnswer } from '../../shared/transport';
import type { TriggerSource } from './common';
import { isObject } from './common';

/** Seconds Talkover waits for an answer: undocumented; the default answers well before the usual 15–30 s tool timeouts of voice platforms. */
export const DEFAULT_TIME_LIMIT = 10;
export const MIN_TIME_LIMIT = 1;
export const MAX_TIME_LIMIT = 120;
export const DEFAULT_FALLBACK = 'Sorry, I cannot get that information right now. Can I help you with something else?';

const show = { show: { source: ['agentTool'] } };

type Ctx = IHookFunctions | IWebhookFunctions;

/** The source's Options (`toolOptions`) as set: an object, empty when unset. */
export function options(ctx: Ctx): IDataObject {
	const value = ctx.getNodeParameter('toolOptions', {}) as IDataObject;
	return isObject(value) ? value : {};
}

/** The agent chosen in the Agent field. */
export function agentOf(ctx: IHookFunctions | ILoadOptionsFunctions): string {
	return readAgentId(ctx, undefined, ctx.getNodeParameter('agentId', ''));
}

/** The flow's action nodes (Get Agent Flow: `flow_config.nodes[]` of type `action`) as Flow Node ID options. */
async function flowActionNodes(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const own: INodePropertyOptions = { name: 'Automatic (for Agents Without a Flow)', value: '', description: 'The same for this node on every activation: n8n-(workflow ID)-(node ID)' };
	try {
		const agentId = agentOf(ctx);
		const { value } = await talkoverAnswer(ctx, 'GET', apiPath`/agents/${agentId}/flow`, { notFoundMessage: agentNotFound(agentId), read: AGENT_FLOW });
		const flow = value.flow_config;
		const nodes = isObject(flow) && Array.isArray(flow.nodes) ? (flow.nodes as unknown[]) : [];
		const actions = nodes.filter((n): n is IDataObject => isObject(n) && n.type === 'action' && typeof n.id === 'string' && n.id !== '');
		// Talkover's texts, any length: clipped as shown (the value, the ID the action is saved on, whole).
		return [own, ...actions.map((n) => ({ name: `Flow Node: ${clip(String(n.id), 80)}`, value: String(n.id), description: shownValue(n.content, 200) ?? 'An action node of the agent’s flow' }))];
	} catch {
		return [own];
	}
}

/** The source's option and fields, and the Flow Node picker's list. */
export const agentToolFields: Pick<TriggerSource, 'option' | 'properties' | 'loadOptions'> = {
	option: { name: 'Agent Tool: Answer During the Call', value: 'agentTool', description: 'The agent calls this workflow as a tool during the call (an action of the agent), and says its answer' },
	properties: [
		{
			...agentLocator(),
			description: 'The Talkover voice agent that gets this workflow as a tool (one of its actions)',
			displayOptions: show,
		},
		{
			displayName: 'Tool Name',
			name: 'toolName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. look_up_caller',
			description: 'The name of the action the agent sees (at most 255 characters)',
			displayOptions: show,
		},
		{
			displayName: 'Tool Description',
			name: 'toolDescription',
			type: 'string',
			required: true,
			default: '',
			typeOptions: { rows: 3 },
			placeholder: 'e.g. Looks the caller up in the CRM by phone number and tells who they are',
			description: 'What the tool does and when to use it: the agent is told this to decide when to call it',
			displayOptions: show,
		},
		{
			displayName: 'Inputs',
			name: 'inputs',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Input',
			default: {},
			description: 'What the agent collects from the caller and sends to the workflow (each becomes a field of the item)',
			displayOptions: show,
			options: [
				{
					displayName: 'Input',
					name: 'values',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. phone', description: 'The field’s name in the item', required: true },
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							default: 'string',
							options: INPUT_TYPE_OPTIONS,
							description: 'The kind of value the agent sends',
						},
						{ displayName: 'Required', name: 'required', type: 'boolean', default: false, description: 'Whether the agent must have this value before it calls the tool' },
						{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What the value is, for the agent (e.g. "The caller’s phone number in E.164")' },
					],
				},
			],
		},
		{
			displayName: 'Respond',
			name: 'responseMode',
			type: 'options',
			default: 'lastNode',
			options: [
				{ name: 'When Last Node Finishes', value: 'lastNode', description: 'The first item of the last node is the answer (as JSON)' },
				{
					name: 'Using ‘Respond to Webhook’ Node',
					value: 'responseNode',
					description: 'A Respond to Webhook node of version 1 sends the answer (n8n’s later versions accept only n8n’s own Webhook node as the start: copy the node from the examples)',
				},
			],
			description: 'What the agent gets back. Whatever it is, the Fallback Answer goes out instead when the workflow fails or is slower than the Answer Time Limit.',
			displayOptions: show,
		},
		{
			...collection('options', [
				{
					displayName: 'Answer Time Limit (Seconds)',
					name: 'timeLimit',
					type: 'number',
					typeOptions: { minValue: MIN_TIME_LIMIT, maxValue: MAX_TIME_LIMIT },
					default: DEFAULT_TIME_LIMIT,
					description: 'How long the caller may wait: when the workflow has not answered by then, the Fallback Answer goes out. Talkover does not document its own limit.',
				},
				{
					displayName: 'Fallback Answer',
					name: 'fallbackAnswer',
					type: 'string',
					default: DEFAULT_FALLBACK,
					description: 'What the agent gets (as {"message": …}) when the workflow fails or is too slow, so it can say something instead of staying silent',
				},
				{
					displayName: 'Flow Node Name or ID',
					name: 'flowNodeId',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getFlowActionNodes', loadOptionsDependsOn: ['agentId.value'] },
					default: '',
					description:
						'The node_id Talkover requires ("Action node ID for workflow integration"): an action node of the agent’s flow, or n8n’s own ID for agents without a flow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Publish Agent Again',
					name: 'republishAgent',
					type: 'boolean',
					default: true,
					description:
						'Whether to publish the agent again after its action is created, replaced or deleted, when it was published before: Talkover sets an agent to draft on any change of its actions',
				},
				{
					displayName: 'Speak on Receive',
					name: 'speakOnReceive',
					type: 'string',
					default: '',
					placeholder: 'e.g. Thanks, I found you.',
					description: 'What the agent says after the workflow answered (Talkover: the answer can be referenced in it)',
				},
				{
					displayName: 'Speak on Send',
					name: 'speakOnSend',
					type: 'string',
					default: '',
					placeholder: 'e.g. One moment, let me look that up.',
					description: 'What the agent says while the workflow runs',
				},
			]),
			name: 'toolOptions',
			displayOptions: show,
		},
	],
	loadOptions: {
		async getFlowActionNodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			return await flowActionNodes(this);
		},
	},
};
