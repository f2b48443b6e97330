import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_RECORD } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, shownValue, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { VoiceTemplate } from '../../voices';
import { isHighFidelity, listVoices } from '../../voices';
import type { ApiFields } from '../fields';
import { readCollection } from '../fields';
import type { ItemContext } from '../operation';
import { languageField, whoSpeaksFirstField } from './fields';

const HIGH_FIDELITY_OPTIONS = ['pro', 'ultra'];

const voiceSetting = (displayName: string, name: string, value: number, what: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	required: true,
	default: value,
	typeOptions: { minValue: 0.5, maxValue: 1, numberPrecision: 2 },
	description: `${what}, from 0.5 to 1. Only high-fidelity voices (Pro, Ultra) take it.`,
	displayOptions: { show: { voiceQualityTier: HIGH_FIDELITY_OPTIONS } },
});

const properties: INodeProperties[] = [
	{
		displayName: 'Talkover puts the agent back into draft after a voice change: publish it again (Agent → Publish) before it takes calls.',
		name: 'draftNotice',
		type: 'notice',
		default: '',
	},
	agentLocator(),
	{
		displayName: 'Voice Quality Tier',
		name: 'voiceQualityTier',
		type: 'options',
		default: 'basic',
		description: 'The voices listed below, by quality and price per minute. Pro and Ultra voices are high-fidelity: they take Similarity and Stability.',
		options: [
			{ name: 'Basic', value: 'basic' },
			{ name: 'Beta', value: 'beta' },
			{ name: 'Pro (High-Fidelity)', value: 'pro' },
			{ name: 'Ultra (High-Fidelity)', value: 'ultra' },
		],
	},
	{
		displayName: 'Voice Name or ID',
		name: 'voiceId',
		type: 'options',
		required: true,
		default: '',
		typeOptions: { loadOptionsMethod: 'getVoices', loadOptionsDependsOn: ['agentId.value', 'voiceQualityTier', 'additionalFields.language'] },
		description:
			'The voices of the agent’s language (or of Additional Fields → Language) in the chosen tier. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Conversation Speed',
		name: 'conversationSpeed',
		type: 'number',
		required: true,
		default: 1.2,
		typeOptions: { minValue: 0.1, maxValue: 3, numberPrecision: 2 },
		description:
			'Speech speed multiplier. Talkover’s pages disagree: the voice page says more than 1 and less than 2, Create Agent 0.1 to 3.0. Values from 0.1 to 3.0 are sent; if Talkover applies the narrower rule, its message says so.',
	},
	whoSpeaksFirstField,
	voiceSetting('Similarity', 'similarity', 0.75, 'How strongly the voice’s own character is reinforced'),
	voiceSetting('Stability', 'stability', 0.8, 'Higher: more consistent; lower: more expressive'),
	collection('additionalFields', [
		{
			displayName: 'Ambient Background',
			name: 'ambientBackground',
			type: 'string',
			default: '',
			placeholder: 'office',
			description: 'Background sound during the conversation, e.g. office, cafe or quiet',
		},
		{
			displayName: 'Ambient Volume',
			name: 'ambientVolume',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
			description: 'Volume of the background sound, from 0 (muted) to 2 (loud)',
		},
		{
			...languageField,
			required: false,
			description: 'Only to change the language the agent speaks; the voice must speak it. Without it the agent’s current language is used.',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['updateVoice'] } }, properties);

/** A PUT that sets the voice: sending it again sets the same voice. */
export const repeatable = true;

/** Additional Fields → API fields (the rest: Voice → `voice_id`, Conversation Speed → `conversation_speed`, Who Speaks First → `who_speaks_first`, Similarity → `similarity`, Stability → `stability`). */
const ADDITIONAL: ApiFields = { ambientBackground: 'ambient_background', ambientVolume: 'ambient_volume', language: 'language' };

interface Prepared {
	agentId: string;
	/** Whether Voice Quality Tier is a high-fidelity one (so Similarity and Stability were shown and read). */
	highFidelityChosen: boolean;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const read = (name: string) => checkParameter(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex));
	const tier = read('voiceQualityTier') as string;
	const highFidelityChosen = HIGH_FIDELITY_OPTIONS.includes(tier);
	const body: IDataObject = {
		voice_id: checkParameter(this, itemIndex, { ...findProperty(properties, 'voiceId'), type: 'string' }, this.getNodeParameter('voiceId', itemIndex)),
		conversation_speed: read('conversationSpeed'),
		who_speaks_first: read('whoSpeaksFirst'),
		...readCollection(this, itemIndex, properties, 'additionalFields', ADDITIONAL, { special: { ambientBackground: (v) => checkParameter(this, itemIndex, findProperty(properties, 'ambientBackground', 'additionalFields'), v, { maxLength: 255 }) } }),
	};
	if (highFidelityChosen) {
		body.similarity = read('similarity');
		body.stability = read('stability');
	}
	return { agentId: getAgentId.call(this, itemIndex), highFidelityChosen, body };
}

/** Voice lists and agent languages already read in this run (one GET each, however many items). */
const seen = new WeakMap<object, Map<string, Promise<unknown>>>();

function once<T>(ctx: IExecuteFunctions, key: string, load: () => Promise<T>): Promise<T> {
	let cache = seen.get(ctx);
	if (!cache) seen.set(ctx, (cache = new Map()));
	if (!cache.has(key)) {
		// A failed read is not kept: the next item tries again.
		const loading = load().catch((error: unknown) => {
			cache.delete(key);
			throw error;
		});
		cache.set(key, loading);
	}
	return cache.get(key) as Promise<T>;
}

/**
 * Checks the voice against Talkover's voice list before the PUT: it must speak the language (the one
 * given, or the agent's), and Similarity/Stability go out exactly when its tier is high-fidelity. The
 * language is always sent: the field says optional, the page's 422 example says required.
 */
export async function execute(this: IExecuteFunctions, { agentId, highFidelityChosen, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const { itemIndex } = item;
	let language = body.language as string | undefined;
	if (!language) {
		const agent = await once(this, `agent:${agentId}`, async () => {
			const response = await talkoverAnswer(this, 'GET', apiPath`/agents/${agentId}`, { ...item, notFoundMessage: agentNotFound(agentId), read: AGENT_RECORD });
			return response.value;
		});
		language = typeof agent.language === 'string' ? agent.language : undefined;
	}
	const voices = await once(this, `voices:${language ?? ''}`, async () => await listVoices(this, { language }, item));
	const voice = voices.find((v: VoiceTemplate) => v.id === body.voice_id);
	const problem = (text: string) =>
		new NodeOperationError(this.getNode(), `Voice (item ${itemIndex}): ${text}`, {
			itemIndex,
			description: 'Nothing was changed in Talkover. Choose the voice from the list: it shows the voices of the agent’s language in the chosen tier.',
		});
	if (!voice) throw problem(`Talkover has no voice ${String(body.voice_id)} for the language ${language ?? 'of the agent'}`);
	const highFidelity = isHighFidelity(voice.quality_tier);
	if (highFidelity !== highFidelityChosen) {
		// A voice without a tier is basic; a tier that is not a text is named by what it is not.
		const tier = voice.quality_tier === undefined ? 'basic' : shownValue(voice.quality_tier);
		throw problem(
			highFidelity
				? `${voice.name} is a ${tier} voice, which needs Similarity and Stability: set Voice Quality Tier to Pro or Ultra and fill them in`
				: `${voice.name} is ${tier === undefined ? 'not a Pro or Ultra' : `a ${tier}`} voice, which takes no Similarity or Stability: set Voice Quality Tier to its tier`,
		);
	}
	const response = await talkoverAnswer(this, 'PUT', apiPath`/agents/${agentId}/voice`, {
		...item,
		body: { ...body, ...(language ? { language } : {}) },
		notFoundMessage: agentNotFound(agentId),
		read: AGENT_RECORD,
	});
	return [response.value];
}
