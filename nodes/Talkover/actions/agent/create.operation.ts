import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AGENT_RECORD } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { ApiFields } from '../fields';
import { DIRECTION_OPTIONS, phoneNumberIdsField, readCollection } from '../fields';
import type { IfUnsure, ItemContext } from '../operation';
import {
	askIfHumanPresentOnIdleField,
	conversationSpeedField,
	initialMessageDelayField,
	interruptSensitivityField,
	languageField,
	llmTemperatureField,
	whoSpeaksFirstField,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Customer Support Agent',
		description: 'Agent label shown in Talkover (max 255 characters)',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'SupportBot',
		description: 'Agent name (max 255 characters)',
	},
	languageField,
	interruptSensitivityField,
	{
		displayName: 'Endpointing Sensitivity',
		name: 'endpointingSensitivity',
		type: 'options',
		required: true,
		default: 'auto',
		description:
			'How quickly the agent decides the caller has finished speaking. Talkover accepts any value up to 255 characters: set another one with an expression.',
		options: [
			{ name: 'Auto', value: 'auto' },
			{ name: 'Medium', value: 'medium' },
		],
	},
	{
		displayName: 'IVR Navigation Mode',
		name: 'ivrNavigationMode',
		type: 'options',
		required: true,
		default: 'off',
		description:
			'How outbound calls handle phone menus (IVR). Talkover accepts any value up to 255 characters: set another one with an expression.',
		options: [
			{ name: 'Off', value: 'off' },
			{ name: 'Standard', value: 'standard' },
		],
	},
	conversationSpeedField,
	initialMessageDelayField,
	askIfHumanPresentOnIdleField,
	{
		displayName: 'Idle Time (Seconds)',
		name: 'idleTimeSeconds',
		type: 'number',
		required: true,
		default: 5,
		description: 'Seconds of caller silence before the idle behaviour starts, from 1 to 60',
		typeOptions: { minValue: 1, maxValue: 60, numberPrecision: 0 },
	},
	llmTemperatureField,
	{
		displayName: 'Enable Recording',
		name: 'enableRecording',
		type: 'boolean',
		required: true,
		default: true,
		description: 'Whether calls handled by this agent are recorded',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		required: true,
		default: 'inbound',
		description: 'Whether the agent answers calls or places them',
		options: DIRECTION_OPTIONS,
	},
	whoSpeaksFirstField,
	collection('additionalFields', [
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			typeOptions: { rows: 2 },
			description: 'What the agent is for',
		},
		{
			displayName: 'Initial Idle Time (Seconds)',
			name: 'initialIdleTimeSeconds',
			type: 'number',
			default: 5,
			description: 'Idle threshold before the agent has said its initial message, from 1 to 60',
			typeOptions: { minValue: 1, maxValue: 60, numberPrecision: 0 },
		},
		{
			displayName: 'Initial Max Idle Check Count',
			name: 'initialMaxIdleCheckCount',
			type: 'number',
			default: 1,
			description: 'Idle prompts before the initial message is said, from 0 to 10',
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
		},
		{
			displayName: 'Initial Message',
			name: 'initialMessage',
			type: 'string',
			default: '',
			typeOptions: { rows: 2 },
			placeholder: 'Hello, how can I help you today?',
			description: 'What the agent says first',
		},
		{
			displayName: 'Max Call Duration (Seconds)',
			name: 'maxCallDurationSeconds',
			type: 'number',
			default: 600,
			description: 'Hard limit on the length of a call, from 1 to 3600 seconds',
			typeOptions: { minValue: 1, maxValue: 3600, numberPrecision: 0 },
		},
		{
			displayName: 'Max Idle Check Count',
			name: 'maxIdleCheckCount',
			type: 'number',
			default: 3,
			description: 'Idle re-prompts before the call ends, from 1 to 10',
			typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
		},
		phoneNumberIdsField('Phone numbers to assign to the agent.'),
		{
			displayName: 'Say Goodbye on Max Duration',
			name: 'sayGoodbyeOnMaxDuration',
			type: 'boolean',
			default: true,
			description: 'Whether the agent says a closing message when a call reaches the maximum duration',
		},
		{
			displayName: 'User Inactivity Timeout (Seconds)',
			name: 'userInactivityTimeoutSeconds',
			type: 'number',
			default: 30,
			description: 'Seconds of total inactivity before the agent gives up, from 5 to 120',
			typeOptions: { minValue: 5, maxValue: 120, numberPrecision: 0 },
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['create'] } }, properties);

/** Creates an agent: sent twice, it would create two. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The agent may have been created', check: 'the agent exists: Agent → Get Many (search for its name)', notDone: 'Nothing reached Talkover: the agent was not created.' };

/** The 14 required parameters → API fields. */
const REQUIRED: ApiFields = {
	label: 'label',
	name: 'name',
	language: 'language',
	interruptSensitivity: 'interrupt_sensitivity',
	endpointingSensitivity: 'endpointing_sensitivity',
	ivrNavigationMode: 'ivr_navigation_mode',
	conversationSpeed: 'conversation_speed',
	initialMessageDelay: 'initial_message_delay',
	askIfHumanPresentOnIdle: 'ask_if_human_present_on_idle',
	idleTimeSeconds: 'idle_time_seconds',
	llmTemperature: 'llm_temperature',
	enableRecording: 'enable_recording',
	direction: 'direction',
	whoSpeaksFirst: 'who_speaks_first',
};

/** Additional Fields → API fields. */
const ADDITIONAL: ApiFields = {
	description: 'description',
	initialIdleTimeSeconds: 'initial_idle_time_seconds',
	initialMaxIdleCheckCount: 'initial_max_idle_check_count',
	initialMessage: 'initial_message',
	maxCallDurationSeconds: 'max_call_duration_seconds',
	maxIdleCheckCount: 'max_idle_check_count',
	phoneNumberIds: 'phone_number_ids',
	sayGoodbyeOnMaxDuration: 'say_goodbye_on_max_duration',
	userInactivityTimeoutSeconds: 'user_inactivity_timeout_seconds',
};

/** Options whose API field is free text (any value up to 255 characters); texts of at most 255 characters. */
const FREE_TEXT = ['endpointingSensitivity', 'ivrNavigationMode'];
const MAX_255 = ['label', 'name'];

export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const body: IDataObject = {};
	for (const [name, field] of Object.entries(REQUIRED)) {
		body[field] = checkParameter(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex), {
			freeText: FREE_TEXT.includes(name),
			maxLength: MAX_255.includes(name) ? 255 : undefined,
		});
	}
	return { ...body, ...readCollection(this, itemIndex, properties, 'additionalFields', ADDITIONAL) };
}

export async function execute(this: IExecuteFunctions, body: IDataObject, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'POST', apiPath`/agents`, { ...item, body, read: AGENT_RECORD });
	return [response.value];
}
