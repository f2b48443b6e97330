import type { IDataObject } from 'n8n-workflow';

import { VOICE_GROUPS } from '../shared/answers';
import type { Context, RequestSettings } from '../shared/transport';
import { apiPath, idKind, isId, kindOf, shownValue, talkoverAnswer, unexpectedAnswerError } from '../shared/transport';

/**
 * Voice templates (List Voice Templates), for the Voice picker and for Agent → Update Voice's check of
 * the chosen voice: its language and its quality tier.
 */

export interface VoiceTemplate {
	id: string;
	name: string;
	gender?: string;
	language?: string;
	quality_tier?: string;
	cost?: string;
}

/**
 * Tiers whose voices take `similarity` and `stability` ("required only for high-fidelity voice
 * templates"). The pages never say which tiers are high-fidelity: List Voice Templates names `basic`,
 * `pro`, `ultra`, `beta`, openapi.json `basic`, `pro`, `premium`, the pricing pages `high_fidelity`.
 * Read here: every tier above basic except beta.
 */
export const HIGH_FIDELITY_TIERS = ['pro', 'ultra', 'premium', 'high_fidelity'];

export function isHighFidelity(tier: unknown): boolean {
	return typeof tier === 'string' && HIGH_FIDELITY_TIERS.includes(tier.toLowerCase());
}


/**
 * A group's voices, or why the group is not one the documents show: the page lists them under `voices`,
 * openapi.json's `VoiceTemplateGroup` under `templates`; each a list of voices with an `id`. A group with
 * neither, a key that is not a list, a voice that is not an object or has no ID, or both keys listing
 * different voices (no document shows both) is no voice list.
 */
function groupVoices(group: IDataObject): IDataObject[] | string {
	const lists = (['voices', 'templates'] as const).filter((key) => group[key] !== undefined);
	if (lists.length === 0) return 'a voice group has neither voices nor templates';
	for (const key of lists) {
		const listed = group[key];
		if (!Array.isArray(listed)) return `a voice group's ${key} is ${kindOf(listed)}`;
		const odd = listed.find((v) => v === null || typeof v !== 'object' || Array.isArray(v));
		if (odd !== undefined) return `a voice in a group is ${kindOf(odd)}`;
		const noId = (listed as IDataObject[]).find((v) => !isId(v.id));
		if (noId) return `a voice's id is ${idKind(noId.id)}`;
	}
	const [first, second] = lists.map((key) => (group[key] as IDataObject[]).map((v) => String(v.id)).join('\n'));
	if (second !== undefined && first !== second) return 'a voice group lists different voices under voices and templates';
	return group[lists[0]] as IDataObject[];
}

/**
 * The voices of a language (and tier), flattened from their display-name groups. The page answers
 * `{success, data: [groups]}` with a group's voices under `voices`, openapi.json a bare array of
 * `VoiceTemplateGroup`s with them under `templates`: every combination is read (CONTRADICTIONS.md #13, #24).
 * Anything else is an error, never "no voice": a `success: false` is Talkover's failure (the transport
 * throws it with Talkover's message, `expect`), a group or voice no document shows an unexpected answer.
 */
export async function listVoices(ctx: Context, filter: { language?: string; tier?: string }, settings: RequestSettings = {}): Promise<VoiceTemplate[]> {
	const qs: IDataObject = {};
	if (filter.language) qs.language = filter.language;
	if (filter.tier) qs.quality_tier = filter.tier;
	const path = apiPath`/voice-templates`;
	// The reader has checked: a list of objects, bare or in `data`.
	const response = await talkoverAnswer(ctx, 'GET', path, { ...settings, qs, read: VOICE_GROUPS });
	const groups = response.value;
	return groups.flatMap((group) => {
		const voices = groupVoices(group);
		if (typeof voices === 'string') {
			throw unexpectedAnswerError(ctx.getNode(), `Talkover's answer does not have the expected data (${voices})`, { status: response.statusCode, method: 'GET', path, itemIndex: settings.itemIndex });
		}
		// Named by the first text or number of its name, its group's name and its ID (an ID it has).
		return voices.map((v) => ({ ...v, id: String(v.id), name: [v.name, group.display_name, v.id].map((n) => shownValue(n, 200)).find((n) => n !== undefined) }) as VoiceTemplate);
	});
}

/** "Ava (female, pro, $0.16/min)". */
export function voiceLabel(voice: VoiceTemplate): string {
	const cost = shownValue(voice.cost);
	const parts = [shownValue(voice.gender), shownValue(voice.quality_tier), cost === undefined ? undefined : `$${cost}/min`].filter((part) => part !== undefined);
	return parts.length ? `${voice.name} (${parts.join(', ')})` : voice.name;
}
