/** Reading parameters (nodes/Talkover/actions/fields.ts): collections through an explicit API field map, key/value lists. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCollection, readKeyValues } from '../../nodes/Talkover/actions/fields';
import { ctx } from '../helpers/context';

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
