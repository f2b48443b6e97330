import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { readAgentId } from '../../shared/agent';
import { listActionIntegrations } from '../../shared/agentActionRequests';
import { AGENT_RECORD, PHONE_NUMBERS } from '../../shared/answers';
import { timeZoneNames } from '../../shared/dates';
import { listVoices, voiceLabel } from '../voices';
import { apiPath, shownValue, talkoverAnswer } from '../../shared/transport';
import { withIds } from '../../shared/methods/pickerRows';

/**
 * Phone numbers of the environment for the Phone Numbers multi-select: "number (type, status)" as the
 * page lists them, "number (country)" for openapi.json's PhoneNumber (which has neither), "number" else.
 */
export async function getPhoneNumbers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const path = apiPath`/phone-numbers`;
	const response = await talkoverAnswer(this, 'GET', path, { read: PHONE_NUMBERS });
	const numbers = withIds(this, response.value.entries, { status: response.statusCode, path });
	return numbers.map((phone) => {
		const pageParts = [phone.type, phone.current_status].map((p) => shownValue(p, 200)).filter((p) => p !== undefined);
		const parts = pageParts.length ? pageParts : [shownValue(phone.country, 200)].filter((p) => p !== undefined);
		const number = String([phone.number, phone.id].map((n) => shownValue(n, 200)).find((n) => n !== undefined));
		return { name: parts.length ? `${number} (${parts.join(', ')})` : number, value: String(phone.id) };
	});
}

/** Time zone names for the Timezone pickers (the ones this Node.js knows), alphabetical. */
export async function getTimezones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return timeZoneNames().map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }));
}

/**
 * Voices for Agent → Update Voice: those of the chosen language, or else of the agent's language,
 * in the chosen quality tier. Without an agent yet, every voice of the tier.
 */
export async function getVoices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const additional = (this.getNodeParameter('additionalFields', {}) ?? {}) as IDataObject;
	let language = typeof additional.language === 'string' ? additional.language : undefined;
	if (!language) {
		const chosen = this.getNodeParameter('agentId', '') as { value?: unknown } | string;
		const given = typeof chosen === 'object' && chosen !== null ? chosen.value : chosen;
		if (typeof given === 'string' && given.trim() !== '') {
			const response = await talkoverAnswer(this, 'GET', apiPath`/agents/${readAgentId(this, undefined, chosen)}`, { read: AGENT_RECORD });
			const agent = response.value;
			if (typeof agent.language === 'string') language = agent.language;
		}
	}
	const tier = this.getNodeParameter('voiceQualityTier', '');
	const voices = await listVoices(this, { language, tier: typeof tier === 'string' ? tier : undefined });
	return voices.map((voice) => ({ name: voiceLabel(voice), value: voice.id, ...(typeof voice.language === 'string' && voice.language !== '' ? { description: voice.language } : {}) }));
}

/** Talkover's integration catalogue for Agent Action → Integration: "Display Name (category)", by its identifier. */
export async function getActionIntegrations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const integrations = await listActionIntegrations(this);
	return integrations.map((i) => ({
		name: typeof i.category === 'string' && i.category !== '' ? `${i.display_name} (${i.category})` : i.display_name,
		value: String(i.identifier),
		...(typeof i.description === 'string' && i.description !== '' ? { description: i.description } : {}),
	}));
}
