import type { INodeProperties } from 'n8n-workflow';

/** Agent settings shown by Create and by the Update operations (each with its documented range or choices). */

export const languageField: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'options',
	required: true,
	default: 'en-US',
	description: 'Language the agent speaks',
	options: [
		{ name: 'Chinese (Taiwan)', value: 'zh-TW' },
		{ name: 'Dutch (Netherlands)', value: 'nl-NL' },
		{ name: 'English (Canada)', value: 'en-CA' },
		{ name: 'English (United States)', value: 'en-US' },
		{ name: 'French (France)', value: 'fr-FR' },
		{ name: 'German (Germany)', value: 'de-DE' },
		{ name: 'Italian (Italy)', value: 'it-IT' },
		{ name: 'Japanese (Japan)', value: 'ja-JP' },
		{ name: 'Korean (South Korea)', value: 'ko-KR' },
		{ name: 'Portuguese (Brazil)', value: 'pt-BR' },
		{ name: 'Portuguese (Portugal)', value: 'pt-PT' },
		{ name: 'Spanish (Spain)', value: 'es-ES' },
	],
};

export const interruptSensitivityField: INodeProperties = {
	displayName: 'Interrupt Sensitivity',
	name: 'interruptSensitivity',
	type: 'options',
	required: true,
	default: 'medium',
	description: 'How easily the caller can interrupt the agent',
	options: [
		{ name: 'High', value: 'high' },
		{ name: 'Low', value: 'low' },
		{ name: 'Medium', value: 'medium' },
	],
};

export const conversationSpeedField: INodeProperties = {
	displayName: 'Conversation Speed',
	name: 'conversationSpeed',
	type: 'number',
	required: true,
	default: 1,
	description: 'Speech speed multiplier, from 0.1 to 3.0',
	typeOptions: { minValue: 0.1, maxValue: 3, numberPrecision: 2 },
};

export const initialMessageDelayField: INodeProperties = {
	displayName: 'Initial Message Delay (Seconds)',
	name: 'initialMessageDelay',
	type: 'number',
	required: true,
	default: 0,
	description: 'Seconds to wait before the agent says its initial message, from 0 to 60',
	typeOptions: { minValue: 0, maxValue: 60, numberPrecision: 0 },
};

export const askIfHumanPresentOnIdleField: INodeProperties = {
	displayName: 'Ask If Human Present on Idle',
	name: 'askIfHumanPresentOnIdle',
	type: 'boolean',
	required: true,
	default: false,
	description: 'Whether the agent asks "Are you still there?" after the idle time instead of ending the call',
};

export const llmTemperatureField: INodeProperties = {
	displayName: 'LLM Temperature',
	name: 'llmTemperature',
	type: 'number',
	required: true,
	default: 0.7,
	description: 'Sampling temperature from 0 to 2; lower values make answers more predictable',
	typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
};

export const whoSpeaksFirstField: INodeProperties = {
	displayName: 'Who Speaks First',
	name: 'whoSpeaksFirst',
	type: 'options',
	required: true,
	default: 'agent',
	description: 'Whether the agent or the caller speaks first',
	options: [
		{ name: 'Agent', value: 'agent' },
		{ name: 'User', value: 'user' },
	],
};
