/** Reading parameters: the one agent reader (both nodes), collections through an explicit API field map, key/value lists. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCollection, readKeyValues } from '../../nodes/Talkover/actions/fields';
import { agentNotFound, readAgentId } from '../../nodes/shared/agent';
import { ctx } from './context';

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

describe('readCollection', () => {
	const description: INodeProperties[] = [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			default: {},
			options: [
				{ displayName: 'Has Voice', name: 'hasVoice', type: 'boolean', default: true },
				{ displayName: 'Search', name: 'search', type: 'string', default: '' },
				{ displayName: 'Unmapped', name: 'unmapped', type: 'string', default: '' },
			],
		},
	];
	const FIELDS = { hasVoice: 'has_voice', search: 'q' };
	const reading = (values: object) => ({ ...ctx, getNodeParameter: () => values }) as unknown as IExecuteFunctions;

	test('each field under the API name of the map, checked against its definition', () => {
		expect(readCollection(reading({ hasVoice: 'false', search: 'x' }), 0, description, 'filters', FIELDS)).toEqual({ has_voice: false, q: 'x' });
	});

	test('an empty text is kept, or left out with omitEmpty', () => {
		expect(readCollection(reading({ search: '' }), 0, description, 'filters', FIELDS)).toEqual({ q: '' });
		expect(readCollection(reading({ search: '' }), 0, description, 'filters', FIELDS, { omitEmpty: true })).toEqual({});
	});

	test('a special reader for a field that needs more', () => {
		expect(readCollection(reading({ search: 'x' }), 0, description, 'filters', FIELDS, { special: { search: (v) => `<${String(v)}>` } })).toEqual({ q: '<x>' });
	});

	test('a field without an API name is a programming error, never a guessed name', () => {
		expect(() => readCollection(reading({ unmapped: 'x' }), 0, description, 'filters', FIELDS)).toThrow('No API field for the parameter "filters.unmapped"');
	});

	test('a bad value names the field and the item', () => {
		expect(() => readCollection(reading({ hasVoice: 'maybe' }), 4, description, 'filters', FIELDS)).toThrow('Has Voice (item 4): "maybe" is not true or false');
	});
});

describe('readKeyValues', () => {
	const property = { displayName: 'Payload (Key/Value)', name: 'payload' } as INodeProperties;

	test('pairs into an object, keys trimmed', () => {
		expect(readKeyValues.call(ctx as never, 0, property, { values: [{ key: ' a ', value: '1' }, { key: 'b', value: '' }] })).toEqual({ a: '1', b: '' });
		expect(readKeyValues.call(ctx as never, 0, property, undefined)).toEqual({});
	});

	test.each([
		[[{ key: ' ', value: '1' }], 'Payload (Key/Value) (item 0): has a value without a key'],
		[[{ key: 'a', value: '1' }, { key: 'a ', value: '2' }], 'Payload (Key/Value) (item 0): has the key "a" twice'],
	])('%o is refused', (values, message) => {
		expect(() => readKeyValues.call(ctx as never, 0, property, { values })).toThrow(message);
	});
});
