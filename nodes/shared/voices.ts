import type { IDataObject } from 'n8n-workflow';

import type { Context, RequestSettings } from './transport';
import { apiPath, kindOf, talkoverRequest, unexpectedAnswerError, unwrap } from './transport';

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
 * The voices of a language (and tier), flattened from their display-name groups. The page answers
 * `{success, data: [groups]}` with a group's voices under `voices`, openapi.json a bare array of
 * `VoiceTemplateGroup`s with them under `templates`: every combination is read (CONTRADICTIONS.md #13, #24).
 */
export async function listVoices(ctx: Context, filter: { language?: string; tier?: string }, settings: RequestSettings = {}): Promise<VoiceTemplate[]> {
	const qs: IDataObject = {};
	if (filter.language) qs.language = filter.language;
	if (filter.tier) qs.quality_tier = filter.tier;
	const path = apiPath`/voice-templates`;
	const response = await talkoverRequest.call(ctx, 'GET', path, { ...settings, qs });
	const groups = unwrap(response.body);
	// Either shape holds a list of groups; anything else is no voice list (never read as "no voices").
	const odd = Array.isArray(groups) ? groups.find((g) => g === null || typeof g !== 'object' || Array.isArray(g)) : groups;
	if (!Array.isArray(groups) || odd !== undefined) {
		const what = Array.isArray(groups) ? `a voice group is ${kindOf(odd)}` : `the voice list is ${kindOf(groups)}`;
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's answer does not have the expected data (${what})`, { status: response.statusCode, method: 'GET', path, itemIndex: settings.itemIndex });
	}
	return (groups as IDataObject[]).flatMap((group) => {
		const listed = Array.isArray(group.voices) ? group.voices : group.templates;
		const voices = Array.isArray(listed) ? (listed as IDataObject[]) : [group];
		return voices
			.filter((v) => typeof v.id === 'string' || typeof v.id === 'number')
			.map((v) => ({ ...v, id: String(v.id), name: String(v.name ?? group.display_name ?? v.id) }) as VoiceTemplate);
	});
}

/** "Ava (female, pro, $0.16/min)". */
export function voiceLabel(voice: VoiceTemplate): string {
	const parts = [voice.gender, voice.quality_tier, voice.cost !== undefined ? `$${voice.cost}/min` : undefined].filter(Boolean);
	return parts.length ? `${voice.name} (${parts.join(', ')})` : voice.name;
}
