/** The one agent reader of both nodes (nodes/shared/agent.ts): readAgentId. */
import { agentNotFound, readAgentId } from '../../nodes/shared/agent';
import { ctx } from '../helpers/context';

const ID = '550e8400-e29b-41d4-a716-446655440001';

describe('readAgentId', () => {
	test.each([
		['an ID', ID, ID],
		['an ID with spaces around', `  ${ID} `, ID],
		['a list choice', { __rl: true, mode: 'list', value: ID, cachedResultName: 'Sales' }, ID],
		['an ID mode value', { __rl: true, mode: 'id', value: ID }, ID],
		['a Talkover URL', { __rl: true, mode: 'url', value: `https://app.talkover.ai/agents/${ID}/settings` }, ID],
		['a URL with a locale and a query', { mode: 'url', value: `https://app.talkover.ai/en/agent/${ID}?tab=1` }, ID],
		['an ID in capitals (sent as Talkover writes it)', ID.toUpperCase(), ID],
	])('%s', (_what, value, id) => {
		expect(readAgentId(ctx, 0, value)).toBe(id);
	});

	test.each([
		['', 'Agent (item 1): no agent is selected; choose one from the list or enter its ID'],
		[{ mode: 'list', value: '' }, 'Agent (item 1): no agent is selected; choose one from the list or enter its ID'],
		[undefined, 'Agent (item 1): no agent is selected; choose one from the list or enter its ID'],
		['../phone-numbers', 'Agent (item 1): "../phone-numbers" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['a..b', 'Agent (item 1): "a..b" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['abc def', 'Agent (item 1): "abc def" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['abc?x=1', 'Agent (item 1): "abc?x=1" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['a%2Fb', 'Agent (item 1): "a%2Fb" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['.', 'Agent (item 1): "." is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['agent_123:é', 'Agent (item 1): "agent_123:é" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		['a\\b', 'Agent (item 1): "a\\b" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
		[{ mode: 'url', value: 'https://evil.test/agents/not-a-uuid/../x' }, 'Agent (item 1): "https://evil.test/agents/not-a-uuid/../x" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)'],
	])('%o is refused', (value, message) => {
		expect(() => readAgentId(ctx, 1, value)).toThrow(message);
	});

	test('outside an execution (the trigger) the error names no item', () => {
		expect(() => readAgentId(ctx, undefined, 'a/b')).toThrow('Agent: "a/b" is not an agent ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)');
	});

	test('a collection’s own label', () => {
		expect(() => readAgentId(ctx, 0, '', 'Filter Agent')).toThrow('Filter Agent (item 0): no agent is selected');
	});

	test('the one "agent not found" text', () => {
		expect(agentNotFound(ID)).toBe(`Agent not found: Talkover has no agent with ID ${ID} for this token's environment`);
	});
});
