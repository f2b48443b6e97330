import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const knowledge = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'agent',
	operation: 'updateKnowledge',
	agentId: byId(SUPPORT_AGENT),
	description: 'Sales agent for product demos and lead qualification',
	interruptSensitivity: 'high',
	askIfHumanPresentOnIdle: true,
	llmTemperature: 0.8,
	initialMessageDelay: 2,
	...extra,
});
const puts = () => sandbox().requestsTo('PUT', `/api/v1/agents/${SUPPORT_AGENT}/knowledge`);

describe('Agent → Update Knowledge', () => {
	test('sends the five required fields, outputs the agent (back in draft)', async () => {
		const { output, error } = await runTalkover({ parameters: knowledge(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(puts().map((r) => r.body)).toEqual([
			{ description: 'Sales agent for product demos and lead qualification', interrupt_sensitivity: 'high', ask_if_human_present_on_idle: true, llm_temperature: 0.8, initial_message_delay: 2 },
		]);
		expect(output![0].json).toMatchObject({ id: SUPPORT_AGENT, interrupt_sensitivity: 'high', current_status: 'draft' });
	});

	test('Additional Fields: initial message, and the prompt openapi.json documents', async () => {
		await runTalkover({ parameters: knowledge({ additionalFields: { initialMessage: 'Hi! Do you have 5 minutes?', prompt: 'You are a helpful sales agent.' } }), credentials: credentials() });
		expect(puts()[0].body).toMatchObject({ initial_message: 'Hi! Do you have 5 minutes?', prompt: 'You are a helpful sales agent.' });
	});

	test.each([
		[{ description: '={{ "Hi" }}' }, /^Description \(item 0\): is 2 characters long; at least 5 are needed/],
		[{ additionalFields: { initialMessage: 'Hey' } }, /^Initial Message \(item 0\): is 3 characters long; at least 5 are needed/],
		[{ additionalFields: { initialMessage: 'x'.repeat(256) } }, /^Initial Message \(item 0\): is 256 characters long; at most 255 are allowed/],
		[{ description: '={{ "🙂🙂🙂" }}' }, /^Description \(item 0\): is 3 characters long; at least 5 are needed/],
		[{ additionalFields: { initialMessage: '🙂'.repeat(256) } }, /^Initial Message \(item 0\): is 256 characters long; at most 255 are allowed/],
		[{ llmTemperature: 2.5 }, /^LLM Temperature \(item 0\): 2.5 is out of range; expected a number from 0 to 2/],
		[{ initialMessageDelay: 61 }, /^Initial Message Delay \(Seconds\) \(item 0\): 61 is out of range; expected a whole number from 0 to 60/],
		[{ interruptSensitivity: '={{ "extreme" }}' }, /^Interrupt Sensitivity \(item 0\): "extreme" is not one of the allowed values: high, low, medium/],
	])('%o is refused before anything is sent', async (extra, message) => {
		const { error } = await runTalkover({ parameters: knowledge(extra as INodeParameters), credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('an initial message of 200 emoji is 200 characters (Talkover counts code points): sent', async () => {
		const { error } = await runTalkover({ parameters: knowledge({ additionalFields: { initialMessage: '🙂'.repeat(200) } }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(puts()[0].body.initial_message).toBe('🙂'.repeat(200));
	});

	test('contradiction: the page’s fields vs openapi.json’s required `prompt`: with a Prompt both variants accept, without it the openapi variant says what is missing', async () => {
		sandbox().knowledgeShape = 'openapi';
		const withPrompt = await runTalkover({ parameters: knowledge({ additionalFields: { prompt: 'You are a helpful agent.' } }), credentials: credentials() });
		expect(withPrompt.error).toBeUndefined();
		const without = await runTalkover({ parameters: knowledge(), credentials: credentials() });
		expect(without.error?.description).toContain('prompt: The prompt field is required.');
	});

	test('422 field by field, 404 and 403 as documented', async () => {
		sandbox().inject({ status: 422, body: { success: false, message: 'The given data was invalid.', errors: { description: ['The description field is required.'] } } });
		const invalid = await runTalkover({ parameters: knowledge(), credentials: credentials() });
		expect(invalid.error?.description).toContain('description: The description field is required.');
		const unknown = await runTalkover({ parameters: knowledge({ agentId: byId(UNKNOWN_AGENT) }), credentials: credentials() });
		expect(unknown.error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		sandbox().inject({ status: 403, body: { success: false, message: 'You are not authorized to perform this action.' } });
		const forbidden = await runTalkover({ parameters: knowledge(), credentials: credentials() });
		expect(forbidden.error?.message).toBe('The Talkover API token is not allowed to do this');
	});

	test('Continue On Fail: a too short description is an error item, the next item is sent', async () => {
		const { output } = await runTalkover({
			items: [{ d: 'Hey' }, { d: 'A longer description' }],
			parameters: knowledge({ description: '={{ $json.d }}' }),
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ?? o.json.description, o.pairedItem])).toEqual([
			['Description (item 0): is 3 characters long; at least 5 are needed', { item: 0 }],
			['A longer description', { item: 1 }],
		]);
	});
});
