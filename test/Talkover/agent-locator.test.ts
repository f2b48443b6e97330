/**
 * The Agent parameter (resource locator) as every operation and the trigger read it: list, ID and URL
 * modes, and IDs that may not reach the API. Run through Agent → Update Flow.
 */
import { runTalkover } from '../helpers/n8n';
import { byId, SUPPORT_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const flow = { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT) };

describe('Agent ID (resource locator)', () => {
	test('By URL: the ID is taken from a Talkover agent URL', async () => {
		const { error } = await runTalkover({
			parameters: {
				...flow,
				conversationMode: 'llm_driven',
				agentId: { __rl: true, mode: 'url', value: `https://app.talkover.ai/agents/${SUPPORT_AGENT}/settings` },
			},
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/flow`);
	});

	test('By URL: a link that is not an agent link (from an expression) names the field and the item; the node reads links itself, never through n8n\'s timed pattern check', async () => {
		const { error } = await runTalkover({
			parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'url', value: '={{ "https://app.talkover.ai/campaigns/" + "x".repeat(3) }}' } },
			credentials: credentials(),
		});
		expect(sandbox().requests).toHaveLength(0);
		expect(error?.message).toBe('Agent (item 0): "https://app.talkover.ai/campaigns/xxx" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)');
	});

	test.each(['f', '-old', '550e8400-e29b-41d4-a716-446655440001'])('By URL: a link whose agent ID is followed by "%s" is no agent link: refused before anything is sent', async (glued) => {
		const link = `https://app.talkover.ai/agents/${SUPPORT_AGENT}${glued}/settings`;
		const { error } = await runTalkover({ parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'url', value: `={{ ${JSON.stringify(link)} }}` } }, credentials: credentials() });
		expect(sandbox().requests).toHaveLength(0);
		expect(error?.message).toMatch(/^Agent \(item 0\): ".*" is not an agent ID/);
	});

	test('By URL: spaces around a link are not part of it', async () => {
		const { error } = await runTalkover({ parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'url', value: `={{ " https://app.talkover.ai/agents/${SUPPORT_AGENT}?tab=flow\\n" }}` } }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/flow`);
	});

	test.each([
		['id', 'not-a-uuid', 'Agent (item 0): "not-a-uuid" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['id', 'abc/def', 'Agent (item 0): "abc/def" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['url', 'https://app.talkover.ai/agents/', 'Agent (item 0): "https://app.talkover.ai/agents/" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		// A long value is shortened in the message ("…campaigns/550e84… (70 characters)").
		['url', `https://app.talkover.ai/campaigns/${SUPPORT_AGENT}`, 'Agent (item 0): "https://app.talkover.ai/campaigns/550e84… (70 characters)" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
	])('By %s: a typed value %s that is not an agent is refused by the node, naming the field and the item, before anything is sent', async (mode, value, message) => {
		const { error } = await runTalkover({ parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode, value } }, credentials: credentials() });
		expect(sandbox().requests).toHaveLength(0);
		expect(error?.message).toBe(message);
	});

	test('From List: the chosen value is used as is', async () => {
		await runTalkover({
			parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'list', value: SUPPORT_AGENT, cachedResultName: 'Support' } },
			credentials: credentials(),
		});
		expect(sandbox().requests[0].path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/flow`);
	});

	test('an ID that is not a UUID is refused before anything is sent (Talkover\'s agent IDs are UUIDs)', async () => {
		const { error } = await runTalkover({
			parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'id', value: '={{ "agent_123456:é" }}' } },
			credentials: credentials(),
		});
		expect(sandbox().requests).toHaveLength(0);
		expect(error?.message).toBe('Agent (item 0): "agent_123456:é" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)');
	});

	test.each([
		['={{ "" }}', /Agent \(item 0\): no agent is selected/],
		['={{ "../phone-numbers" }}', /Agent \(item 0\): "..\/phone-numbers" is not an agent ID/],
		['={{ "abc/def" }}', /Agent \(item 0\): "abc\/def" is not an agent ID/],
		['={{ "abc def" }}', /Agent \(item 0\): "abc def" is not an agent ID/],
		['={{ "a..b" }}', /Agent \(item 0\): "a..b" is not an agent ID/],
		['={{ "abc?x=1" }}', /Agent \(item 0\): "abc\?x=1" is not an agent ID/],
	])('agent ID %s is refused before any request', async (value, message) => {
		const { error } = await runTalkover({
			parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'id', value } },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});
});
