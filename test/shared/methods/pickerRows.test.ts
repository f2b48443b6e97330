/**
 * The pickers (withIds, labelled, loadOptions) under odd bodies a hostile or broken Talkover could send:
 * an integer ID beyond 2^53 or 1e400 (Infinity once read) is refused, never offered as another ID; the
 * Agent/Campaign links carry the ID encoded; the Voices picker's labels show only texts and numbers (no
 * objects, null or empty costs).
 */
import type { INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { byId, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { callMethod } from '../../helpers/n8n';
import { SALES_CALENDAR } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

type Kind = 'listSearch' | 'loadOptions';
const PICKERS: Array<[string, Kind, string, INodeParameters | undefined]> = [
	['searchAgents', 'listSearch', '/api/v1/agents', undefined],
	['searchCampaigns', 'listSearch', '/api/v1/campaigns', undefined],
	['searchCalendars', 'listSearch', '/api/v1/calendars', undefined],
	['searchEvents', 'listSearch', `/api/v1/calendars/${SALES_CALENDAR}/events`, { resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR) }],
	['searchAgentActions', 'listSearch', `/api/v1/agents/${SUPPORT_AGENT}/actions`, { resource: 'agentAction', operation: 'delete', agentId: byId(SUPPORT_AGENT) }],
	['getPhoneNumbers', 'loadOptions', '/api/v1/phone-numbers', undefined],
];

/** The entries a picker offers for a raw JSON body (a text: numbers like 1e400 survive only in raw JSON). */
async function entries(kind: Kind, method: string, path: string, parameters: INodeParameters | undefined, body: string | object) {
	sandbox().inject({ status: 200, body, times: Infinity, when: (r: { method: string; path: string }) => r.method === 'GET' && r.path === path });
	const result = (await callMethod(kind, method, credentials(), [], parameters)) as INodeListSearchResult | INodePropertyOptions[];
	return Array.isArray(result) ? result : result.results;
}

describe.each(PICKERS)('%s under odd IDs', (method, kind, path, parameters) => {
	test('an integer ID beyond 2^53 (12345678901234567890 in the JSON) is refused, never offered as another ID (12345678901234567000)', async () => {
		const offered = entries(kind, method, path, parameters, '{"success":true,"data":[{"id":12345678901234567890,"name":"Big"}]}');
		await expect(offered).rejects.toThrow(/expected data/);
	});

	test('an ID of 1e400 (Infinity once read) is refused with words that say why, not "its id is a number"', async () => {
		const offered = entries(kind, method, path, parameters, '{"success":true,"data":[{"id":1e400,"name":"Huge"}]}');
		await expect(offered).rejects.toThrow(/expected data/);
		await expect(entries(kind, method, path, parameters, '{"success":true,"data":[{"id":1e400,"name":"Huge"}]}')).rejects.not.toThrow(/its id is a number\)|has no id\)/);
	});

	test('an ID holding half of a character ("\\ud800" in the JSON) is refused with words that say why, never "URI malformed"', async () => {
		const offered = entries(kind, method, path, parameters, '{"success":true,"data":[{"id":"a\\ud800","name":"Cut"}]}');
		await expect(offered).rejects.toThrow(/half of a character/);
	});
});

describe('the link of an Agent or Campaign entry', () => {
	test.each([
		['searchAgents', '/api/v1/agents', 'agents'],
		['searchCampaigns', '/api/v1/campaigns', 'campaigns'],
	])('%s: an ID with ?, #, / and a line break is encoded in the URL (the link opens that record, not another page)', async (method, path, segment) => {
		const id = 'a\nb?c#d/../e';
		const [entry] = await entries('listSearch', method, path, undefined, { success: true, data: [{ id, name: 'Odd' }] });
		expect(entry.value).toBe(id);
		expect((entry as { url?: string }).url).toBe(`${credentials().baseUrl}/${segment}/${encodeURIComponent(id)}`);
	});
});

describe('the Voices picker shows only texts and numbers in its labels', () => {
	const voices = async (voice: Record<string, unknown>, displayName: unknown = 'Group') => {
		sandbox().inject({ status: 200, body: { success: true, data: [{ display_name: displayName, voices: [{ id: 'v1', ...voice }] }] }, times: Infinity, when: (r: { method: string; path: string }) => r.method === 'GET' && r.path === '/api/v1/voice-templates' });
		return (await callMethod('loadOptions', 'getVoices', credentials(), [], { resource: 'agent', operation: 'updateVoice', agentId: byId(SUPPORT_AGENT), voiceQualityTier: 'basic', additionalFields: { language: 'en' } })) as INodePropertyOptions[];
	};

	test.each([
		['a name, gender and tier that are objects or lists, a cost that is null', { name: { x: 1 }, gender: { x: 1 }, quality_tier: ['pro'], cost: null }, 'Group'],
		['a cost that is an object; a group name that is an object', { cost: { a: 1 }, gender: 'female' }, { y: 1 }],
		['a cost that is an empty text', { name: 'Ava', cost: '' }, 'Group'],
	])('%s: no "[object", "null" or "$/min" in the label', async (_kind, voice, displayName) => {
		const [option] = await voices(voice, displayName);
		expect(option.value).toBe('v1');
		expect(option.name).not.toMatch(/\[object|null|undefined|\$\/min/);
	});

	test('a language that is an object is not given to the editor as the description', async () => {
		const [option] = await voices({ name: 'Ava', language: { x: 1 } });
		expect(option.description === undefined || typeof option.description === 'string').toBe(true);
	});
});
