import type { INodeParameters } from 'n8n-workflow';

import { isRoute } from '../../contract/documented';
import { callMethod, runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';
import { AVA_BASIC, AVA_PRO, AVA_ULTRA, BIANCA_BASIC, BIANCA_PRO, LUCIA_BETA } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const voice = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'agent',
	operation: 'updateVoice',
	agentId: byId(SUPPORT_AGENT),
	voiceQualityTier: 'basic',
	voiceId: AVA_BASIC,
	conversationSpeed: 1.2,
	whoSpeaksFirst: 'agent',
	...extra,
});
const puts = () => sandbox().requestsTo('PUT', `/api/v1/agents/${SUPPORT_AGENT}/voice`);

describe('Agent → Update Voice', () => {
	test('a basic voice: the agent’s language is read, the voice checked against its voices, then one PUT without similarity/stability', async () => {
		const { output, error } = await runTalkover({ parameters: voice(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path, r.rawQuery])).toEqual([
			['GET', `/api/v1/agents/${SUPPORT_AGENT}`, ''],
			['GET', '/api/v1/voice-templates', 'language=en-US'],
			['PUT', `/api/v1/agents/${SUPPORT_AGENT}/voice`, ''],
		]);
		expect(puts()[0].body).toEqual({ voice_id: AVA_BASIC, conversation_speed: 1.2, who_speaks_first: 'agent', language: 'en-US' });
		expect(output![0].json).toMatchObject({ id: SUPPORT_AGENT, current_status: 'draft', voice: { name: 'Ava', template: { id: AVA_BASIC } } });
	});

	test.each([
		['pro', AVA_PRO],
		['ultra', AVA_ULTRA],
	])('a high-fidelity (%s) voice sends similarity and stability', async (tier, id) => {
		const { error } = await runTalkover({ parameters: voice({ voiceQualityTier: tier, voiceId: id, similarity: 0.9, stability: 0.6 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(puts()[0].body).toEqual({ voice_id: id, conversation_speed: 1.2, who_speaks_first: 'agent', similarity: 0.9, stability: 0.6, language: 'en-US' });
	});

	test('a beta voice is not high-fidelity: no similarity/stability', async () => {
		const { error } = await runTalkover({ parameters: voice({ voiceQualityTier: 'beta', voiceId: LUCIA_BETA, additionalFields: { language: 'es-ES' } }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(puts()[0].body).toEqual({ voice_id: LUCIA_BETA, conversation_speed: 1.2, who_speaks_first: 'agent', language: 'es-ES' });
	});

	test('Additional Fields: a new language (voices of that language; no agent GET), ambient background and volume', async () => {
		await runTalkover({
			parameters: voice({ voiceId: BIANCA_BASIC, additionalFields: { language: 'pt-BR', ambientBackground: 'office', ambientVolume: 0.5 } }),
			credentials: credentials(),
		});
		expect(sandbox().requests.map((r) => [r.method, r.rawQuery])).toEqual([
			['GET', 'language=pt-BR'],
			['PUT', ''],
		]);
		expect(puts()[0].body).toEqual({ voice_id: BIANCA_BASIC, conversation_speed: 1.2, who_speaks_first: 'agent', ambient_background: 'office', ambient_volume: 0.5, language: 'pt-BR' });
	});

	test('many items: the agent and its voices are read once', async () => {
		await runTalkover({ items: [{}, {}, {}], parameters: voice(), credentials: credentials() });
		expect(sandbox().requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PUT', 'PUT', 'PUT']);
	});

	test.each([
		['a voice of another language', voice({ voiceId: BIANCA_PRO, voiceQualityTier: 'pro' }), /^Voice \(item 0\): Talkover has no voice 70000000-0000-4000-8000-000000002001 for the language en-US/],
		['a Pro voice with Voice Quality Tier Basic', voice({ voiceId: AVA_PRO }), /^Voice \(item 0\): Ava is a pro voice, which needs Similarity and Stability: set Voice Quality Tier to Pro or Ultra/],
		['a Basic voice with Voice Quality Tier Pro', voice({ voiceQualityTier: 'pro', similarity: 0.8, stability: 0.8 }), /^Voice \(item 0\): Ava is a basic voice, which takes no Similarity or Stability/],
	])('%s is refused before the PUT', async (_what, parameters, message) => {
		const { error } = await runTalkover({ parameters, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(puts()).toHaveLength(0);
	});

	test.each([
		['conversationSpeed', { conversationSpeed: 3.5 }, /^Conversation Speed \(item 0\): 3.5 is out of range; expected a number from 0.1 to 3/],
		['similarity', { voiceQualityTier: 'pro', voiceId: AVA_PRO, similarity: 0.4, stability: 0.8 }, /^Similarity \(item 0\): 0.4 is out of range; expected a number from 0.5 to 1/],
		['ambientVolume', { additionalFields: { ambientVolume: 3 } }, /^Ambient Volume \(item 0\): 3 is out of range; expected a number from 0 to 2/],
		['whoSpeaksFirst', { whoSpeaksFirst: '={{ "caller" }}' }, /^Who Speaks First \(item 0\): "caller" is not one of the allowed values: agent, user/],
	])('bad %s is refused before anything is sent', async (_field, extra, message) => {
		const { error } = await runTalkover({ parameters: voice(extra as INodeParameters), credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	describe('contradictions between the pages, each variant', () => {
		test('conversation_speed "greater than 1, less than 2" (voice page): 1.0 is refused by Talkover with its rule', async () => {
			const { error } = await runTalkover({ parameters: voice({ conversationSpeed: 1 }), credentials: credentials() });
			expect(error?.message).toBe('Talkover rejected the data: The given data was invalid.');
			expect(error?.description).toContain('conversation_speed: The conversation speed must be greater than 1 and less than 2.');
		});

		test('conversation_speed 0.1–3.0 (Create Agent, and the voice page’s own example 1.0): 1.0 and 2.5 go through', async () => {
			sandbox().voiceSpeedRule = 'create-agent';
			for (const speed of [1, 2.5]) {
				const { error } = await runTalkover({ parameters: voice({ conversationSpeed: speed }), credentials: credentials() });
				expect(error).toBeUndefined();
			}
			expect(puts().map((r) => r.body.conversation_speed)).toEqual([1, 2.5]);
		});

		test('language optional (field) or required (422 example): it is always sent, so both accept', async () => {
			for (const required of [false, true]) {
				sandbox().voiceLanguageRequired = required;
				const { error } = await runTalkover({ parameters: voice(), credentials: credentials() });
				expect(error).toBeUndefined();
			}
			expect(puts().map((r) => r.body.language)).toEqual(['en-US', 'en-US']);
		});

		test('similarity "0.5 to 1.0" (field) or "less than 1" (422): 1.0 is sent; the stricter variant answers with its rule', async () => {
			const pro = voice({ voiceQualityTier: 'pro', voiceId: AVA_PRO, similarity: 1, stability: 1 });
			expect((await runTalkover({ parameters: pro, credentials: credentials() })).error).toBeUndefined();
			sandbox().voiceSettingMaxExclusive = true;
			const { error } = await runTalkover({ parameters: pro, credentials: credentials() });
			expect(error?.description).toContain('similarity: The similarity must be at least 0.5 and less than 1.');
		});

		test('quality tiers basic/pro/ultra/beta (page), premium (openapi), high_fidelity (pricing): a premium voice takes similarity', async () => {
			sandbox().voiceTemplates.push({ id: '70000000-0000-4000-8000-00000000aaaa', name: 'Max', gender: 'male', language: 'en-US', quality_tier: 'premium', cost: '0.30' });
			const { error } = await runTalkover({ parameters: voice({ voiceQualityTier: 'ultra', voiceId: '70000000-0000-4000-8000-00000000aaaa', similarity: 0.7, stability: 0.7 }), credentials: credentials() });
			expect(error).toBeUndefined();
			expect(puts()[0].body).toMatchObject({ similarity: 0.7, stability: 0.7 });
		});

		test('List Voice Templates as {success, data} (page) or a bare array (openapi): both read', async () => {
			sandbox().voiceTemplatesShape = 'array';
			const { error } = await runTalkover({ parameters: voice(), credentials: credentials() });
			expect(error).toBeUndefined();
		});
	});

	describe('a voice list Talkover says failed, or no document shows, is never "no voice" nor used to send a voice', () => {
		const UNEXPECTED = /^Talkover's answer does not have the expected data/;
		const withLanguage = voice({ additionalFields: { language: 'en-US' } });
		const ava = { id: AVA_BASIC, name: 'Ava', gender: 'female', language: 'en-US', quality_tier: 'basic' };
		const serve = (body: unknown) => sandbox().inject({ status: 200, body, times: Infinity, when: isRoute('GET /voice-templates') });

		test.each<[string, unknown]>([
			['200 {success:false, message, data: []}', { success: false, message: 'Voice service temporarily unavailable', data: [] }],
			['200 {success:false, message, data: [groups]} (the chosen voice among them)', { success: false, message: 'Voice service temporarily unavailable', data: [{ display_name: 'Ava', voices: [ava] }] }],
		])('%s: Talkover’s failure with its message; nothing is sent', async (_what, body) => {
			serve(body);
			const { output, error } = await runTalkover({ parameters: withLanguage, credentials: credentials() });
			expect(output).toBeUndefined();
			expect(error?.message).not.toMatch(/has no voice/);
			expect(`${error?.message}\n${error?.description}`).toContain('Voice service temporarily unavailable');
			expect(puts()).toHaveLength(0);
		});

		test.each<[string, unknown, string]>([
			['`templates` not a list', [{ display_name: 'Ava', templates: { ...ava } }], "a voice group's templates is an object"],
			['`voices` not a list', { success: true, data: [{ display_name: 'Ava', voices: 'Ava' }] }, "a voice group's voices is text"],
			['a group with neither `voices` nor `templates` (a flat voice)', { success: true, data: [ava] }, 'a voice group has neither voices nor templates'],
			['`voices` and `templates` disagreeing', [{ display_name: 'Ava', voices: [{ ...ava, id: '70000000-0000-4000-8000-0000000000ff' }], templates: [ava] }], 'a voice group lists different voices under voices and templates'],
			['a voice without an ID', { success: true, data: [{ display_name: 'Ava', voices: [{ ...ava, id: '' }] }] }, "a voice's id is empty"],
			['a voice that is not an object', { success: true, data: [{ display_name: 'Ava', voices: [ava, 'Bianca'] }] }, 'a voice in a group is text'],
			['a group that is not an object', { success: true, data: [{ display_name: 'Ava', voices: [ava] }, 'Bianca'] }, 'a list entry is text'],
		])('%s: an unexpected answer; nothing is sent', async (_what, body, problem) => {
			serve(body);
			const { output, error } = await runTalkover({ parameters: withLanguage, credentials: credentials() });
			expect(output).toBeUndefined();
			expect(error?.message).toMatch(UNEXPECTED);
			expect(error?.message).toContain(`(${problem})`);
			expect(puts()).toHaveLength(0);
		});

		test('both keys listing the same voices (no document shows it, but they agree) is read', async () => {
			serve([{ display_name: 'Ava', voices: [ava], templates: [ava] }]);
			const { error } = await runTalkover({ parameters: withLanguage, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(puts()).toHaveLength(1);
		});

		test('Voice picker: 200 {success:false, message} is Talkover’s failure, not an empty list', async () => {
			serve({ success: false, message: 'Voice service temporarily unavailable', data: [] });
			const picker = callMethod('loadOptions', 'getVoices', credentials(), [], { resource: 'agent', operation: 'updateVoice', agentId: byId(SUPPORT_AGENT), voiceQualityTier: 'basic', additionalFields: { language: 'en-US' } });
			await expect(picker).rejects.toThrow();
			await picker.catch((error: { message: string; description?: string }) => expect(`${error.message}\n${error.description}`).toContain('Voice service temporarily unavailable'));
		});

		test('Voice picker: a group no document shows is an error, not a voice', async () => {
			serve({ success: true, data: [ava] });
			await expect(
				callMethod('loadOptions', 'getVoices', credentials(), [], { resource: 'agent', operation: 'updateVoice', agentId: byId(SUPPORT_AGENT), voiceQualityTier: 'basic', additionalFields: { language: 'en-US' } }),
			).rejects.toThrow(UNEXPECTED);
		});
	});

	test('Talkover’s own refusals: unknown agent (404), a voice gone since it was listed (404 voice template), 403', async () => {
		const unknown = await runTalkover({ parameters: voice({ agentId: byId(UNKNOWN_AGENT) }), credentials: credentials() });
		expect(unknown.error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		sandbox().inject({ method: 'PUT', status: 404, body: { success: false, message: 'Voice template not found' } });
		const gone = await runTalkover({ parameters: voice(), credentials: credentials() });
		expect(gone.error?.message).toBe('Voice not found: Talkover has no voice template with this ID; choose the voice from the list again');
		sandbox().inject({ method: 'PUT', status: 403, body: { success: false, message: 'You are not authorized to perform this action.' } });
		const forbidden = await runTalkover({ parameters: voice(), credentials: credentials() });
		expect(forbidden.error?.message).toBe('The Talkover API token is not allowed to do this');
	});

	test('Continue On Fail: the item with a voice of another language is an error item, the next one is updated', async () => {
		const { output } = await runTalkover({
			items: [{ voice: BIANCA_BASIC }, { voice: AVA_BASIC }],
			parameters: voice({ voiceId: '={{ $json.voice }}' }),
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.id, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			[SUPPORT_AGENT, { item: 1 }],
		]);
		expect(puts()).toHaveLength(1);
	});

	test('the Voice picker lists the agent’s language in the chosen tier', async () => {
		const options = (await callMethod('loadOptions', 'getVoices', credentials(), [], { resource: 'agent', operation: 'updateVoice', agentId: byId(SALES_AGENT), voiceQualityTier: 'pro' })) as Array<{ name: string; value: string }>;
		expect(sandbox().requests.map((r) => [r.path, r.rawQuery])).toEqual([
			[`/api/v1/agents/${SALES_AGENT}`, ''],
			['/api/v1/voice-templates', 'language=en-US&quality_tier=pro'],
		]);
		expect(options.map((o) => [o.name, o.value])).toEqual([
			['Ava (female, pro, $0.16/min)', AVA_PRO],
			['Noah (male, pro, $0.16/min)', '70000000-0000-4000-8000-000000001001'],
		]);
	});
});
