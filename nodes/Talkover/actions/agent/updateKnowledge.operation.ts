import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_RECORD } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { characters, checkParameter, findProperty, invalidInput } from '../../../shared/validation';
import type { ApiFields } from '../fields';
import { readCollection } from '../fields';
import type { AgentRequest, ItemContext } from '../operation';
import { askIfHumanPresentOnIdleField, initialMessageDelayField, interruptSensitivityField, llmTemperatureField } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Talkover puts the agent back into draft after this change: publish it again (Agent → Publish) before it takes calls.',
		name: 'draftNotice',
		type: 'notice',
		default: '',
	},
	agentLocator(),
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: 'What the agent knows and does (at least 5 characters)',
	},
	interruptSensitivityField,
	askIfHumanPresentOnIdleField,
	llmTemperatureField,
	initialMessageDelayField,
	collection('additionalFields', [
		{
			displayName: 'Initial Message',
			name: 'initialMessage',
			type: 'string',
			default: '',
			description: 'What the agent says first, from 5 to 255 characters',
		},
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			default: '',
			typeOptions: { rows: 6 },
			description: 'The agent’s instructions. Talkover’s OpenAPI file documents Update Agent Knowledge as this one field; its page does not list it.',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['updateKnowledge'] } }, properties);

/** A PUT that sets values: sending it again sets the same values. */
export const repeatable = true;

/** Parameter → API field. */
const FIELDS: ApiFields = {
	description: 'description',
	interruptSensitivity: 'interrupt_sensitivity',
	askIfHumanPresentOnIdle: 'ask_if_human_present_on_idle',
	llmTemperature: 'llm_temperature',
	initialMessageDelay: 'initial_message_delay',
	initialMessage: 'initial_message',
	prompt: 'prompt',
};

/** Text with a length the page gives (description at least 5; initial message 5 to 255). */
function text(ctx: IExecuteFunctions, itemIndex: number, property: INodeProperties, value: unknown, max?: number): string {
	const checked = checkParameter(ctx, itemIndex, { ...property, required: true }, value, { maxLength: max }) as string;
	const length = characters(checked.trim());
	if (length < 5) throw invalidInput(ctx, itemIndex, property, `is ${length} characters long; at least 5 are needed`);
	return checked;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): AgentRequest {
	const body: IDataObject = { description: text(this, itemIndex, findProperty(properties, 'description'), this.getNodeParameter('description', itemIndex)) };
	for (const name of ['interruptSensitivity', 'askIfHumanPresentOnIdle', 'llmTemperature', 'initialMessageDelay']) {
		body[FIELDS[name]] = checkParameter(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex));
	}
	Object.assign(
		body,
		readCollection(this, itemIndex, properties, 'additionalFields', FIELDS, {
			special: { initialMessage: (v) => text(this, itemIndex, findProperty(properties, 'initialMessage', 'additionalFields'), v, 255) },
		}),
	);
	return { agentId: getAgentId.call(this, itemIndex), body };
}

/** The agent with its new settings, as Talkover sends it. */
export async function execute(this: IExecuteFunctions, { agentId, body }: AgentRequest, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'PUT', apiPath`/agents/${agentId}/knowledge`, { ...item, body, notFoundMessage: agentNotFound(agentId), read: AGENT_RECORD });
	return [response.value];
}
