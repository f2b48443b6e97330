import type { INodeProperties } from 'n8n-workflow';

import type { CheckOptions } from '../../nodes/shared/validation';
import { checkParameter, findProperty, invalidInput, normalizePhone, readTextList } from '../../nodes/shared/validation';
import { ctx } from './context';

const phone = { displayName: 'Phone Number', name: 'phone' };
const check = (property: Partial<INodeProperties>, value: unknown, options: CheckOptions = {}) =>
	checkParameter(ctx as never, 3, { displayName: 'Field', name: 'field', default: '', ...property } as INodeProperties, value, options);

describe('normalizePhone', () => {
	test.each([
		['+15551234567', '+15551234567'],
		['+1 (555) 123-4567', '+15551234567'],
		['  +1.555.123.4567 ', '+15551234567'],
		['+55 11 91234-5678', '+5511912345678'],
		['+44 20 7946 0958', '+442079460958'],
		['+1234567', '+1234567'],
		['+123456789012345', '+123456789012345'],
	])('%s → %s', (input, e164) => {
		expect(normalizePhone(ctx as never, 0, phone, input)).toBe(e164);
	});

	test.each([
		['5551234567', 'Phone Number (item 0): "5551234567" has no leading + and country code; use the international format with + and the country code, e.g. +15551234567'],
		[15551234567, 'Phone Number (item 0): "15551234567" has no leading + and country code; use the international format with + and the country code, e.g. +15551234567'],
		['+1 555 CALL NOW', 'Phone Number (item 0): "+1 555 CALL NOW" contains characters a phone number cannot have; use the international format with + and the country code, e.g. +15551234567'],
		['++15551234567', 'Phone Number (item 0): "++15551234567" contains characters a phone number cannot have; use the international format with + and the country code, e.g. +15551234567'],
		['+0123456789', 'Phone Number (item 0): "+0123456789" is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567'],
		['+123456', 'Phone Number (item 0): "+123456" is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567'],
		['+1234567890123456', 'Phone Number (item 0): "+1234567890123456" is not a valid E.164 number (7 to 15 digits after +, not starting with 0); use the international format with + and the country code, e.g. +15551234567'],
		['  ', 'Phone Number (item 0): is required but empty; use the international format with + and the country code, e.g. +15551234567'],
		[undefined, 'Phone Number (item 0): is required but empty; use the international format with + and the country code, e.g. +15551234567'],
	])('%o is refused: %s', (input, message) => {
		expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(message);
	});
});

describe('checkParameter: a value against its own definition', () => {
	const range = { type: 'number' as const, typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 } };

	test.each<[Partial<INodeProperties>, unknown, unknown, CheckOptions]>([
		[range, 5, 5, {}],
		[range, ' 7 ', 7, {}],
		[{ type: 'number' as const, typeOptions: { minValue: 0.1, maxValue: 3, numberPrecision: 2 } }, '1.5', 1.5, {}],
		[{ type: 'boolean' as const }, 'TRUE', true, {}],
		[{ type: 'boolean' as const }, ' false', false, {}],
		[{ type: 'options' as const, options: [{ name: 'A', value: 'a' }] }, 'a', 'a', {}],
		[{ type: 'options' as const, options: [{ name: 'A', value: 'a' }] }, ' anything ', 'anything', { freeText: true }],
		[{ type: 'json' as const }, '{ "a": 1 }', { a: 1 }, {}],
		[{ type: 'json' as const }, { a: 1 }, { a: 1 }, {}],
		[{ type: 'multiOptions' as const }, ' x , y', ['x', 'y'], {}],
		[{ type: 'multiOptions' as const }, ['x', 7], ['x', '7'], {}],
		[{ type: 'multiOptions' as const }, [], [], {}],
		[{ type: 'string' as const }, 42, '42', {}],
	])('%o accepts %o as %o', (property, value, expected, options) => {
		expect(check(property, value, options)).toEqual(expected);
	});

	test.each<[Partial<INodeProperties>, unknown, string]>([
		[range, 0, 'Field (item 3): 0 is out of range; expected a whole number from 1 to 10'],
		[range, 2.5, 'Field (item 3): 2.5 is not a whole number from 1 to 10'],
		[range, 'x', 'Field (item 3): "x" is not a number; expected a whole number from 1 to 10'],
		[range, '', 'Field (item 3): "" is not a number; expected a whole number from 1 to 10'],
		[{ type: 'number' as const, typeOptions: { minValue: 0 } }, -1, 'Field (item 3): -1 is out of range; expected a number of at least 0'],
		[{ type: 'number' as const }, Infinity, 'Field (item 3): Infinity is not a number; expected a number'],
		[{ type: 'number' as const }, NaN, 'Field (item 3): NaN is not a number; expected a number'],
		[{ type: 'boolean' as const }, 'yes', 'Field (item 3): "yes" is not true or false'],
		[{ type: 'options' as const, options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] }, 'c', 'Field (item 3): "c" is not one of the allowed values: a, b'],
		[{ type: 'json' as const }, '[1]', 'Field (item 3): must be a JSON object ({ ... })'],
		[{ type: 'json' as const }, ' ', 'Field (item 3): is required but empty'],
		[{ type: 'multiOptions' as const }, 'a,,b', 'Field (item 3): contains an empty ID'],
		[{ type: 'multiOptions' as const }, '', 'Field (item 3): is an empty text; leave the field out to keep what is there, or give an empty list ({{ [] }}) or choose none in the list to remove them all'],
		[{ type: 'multiOptions' as const }, ' \t ', 'Field (item 3): is an empty text; leave the field out'],
		[{ type: 'multiOptions' as const }, 5, 'Field (item 3): 5 is not a list of IDs'],
		[{ type: 'string' as const, required: true }, ' ', 'Field (item 3): is required but empty'],
		[{ type: 'string' as const }, { a: 1 }, 'Field (item 3): {"a":1} is not text'],
	])('%o refuses %o: %s', (property, value, message) => {
		expect(() => check(property, value)).toThrow(message);
	});

	test('length in characters as Talkover (Laravel, mb_strlen) counts them: Unicode code points, not UTF-16 units', () => {
		expect(check({ type: 'string' }, '😀'.repeat(255), { maxLength: 255 })).toBe('😀'.repeat(255));
		expect(check({ type: 'string' }, 'é'.repeat(255), { maxLength: 255 })).toBe('é'.repeat(255));
		expect(() => check({ type: 'string' }, '😀'.repeat(256), { maxLength: 255 })).toThrow('Field (item 3): is 256 characters long; at most 255 are allowed');
		expect(check({ type: 'options', options: [] }, '😀'.repeat(200), { freeText: true })).toBe('😀'.repeat(200));
	});

	test('a long value is shown cut at a character, never inside an emoji, with its length in characters', () => {
		expect(() => check({ type: 'number' }, '😀'.repeat(50))).toThrow(`Field (item 3): "${'😀'.repeat(40)}…" (50 characters) is not a number`);
	});

	test('a text longer than maxLength', () => {
		expect(() => check({ type: 'string' }, 'x'.repeat(256), { maxLength: 255 })).toThrow('Field (item 3): is 256 characters long; at most 255 are allowed');
	});

	test('a free-text option is at most 255 characters unless told otherwise', () => {
		expect(() => check({ type: 'options', options: [] }, 'x'.repeat(256), { freeText: true })).toThrow('is 256 characters long; at most 255 are allowed');
	});
});

describe('invalidInput', () => {
	test('names the field, the parameter and the item', () => {
		const error = invalidInput(ctx, 2, { displayName: 'To', name: 'to' }, 'is wrong');
		expect([error.message, error.description, error.context.itemIndex]).toEqual(['To (item 2): is wrong', 'Check the "To" field (parameter "to") for item 2. Nothing was sent to Talkover for this item.', 2]);
	});

	test('outside an execution (trigger activation, pickers) there is no item', () => {
		const error = invalidInput(ctx, undefined, { displayName: 'Agent', name: 'agentId' }, 'is wrong');
		expect([error.message, error.description]).toEqual(['Agent: is wrong', 'Check the "Agent" field (parameter "agentId"). Nothing was sent to Talkover.']);
	});
});

describe('findProperty', () => {
	const description = [{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [{ displayName: 'X', name: 'x', type: 'string', default: '' }] }] as INodeProperties[];

	test('at the top level or inside a collection', () => {
		expect(findProperty(description, 'options').displayName).toBe('Options');
		expect(findProperty(description, 'x', 'options').displayName).toBe('X');
	});

	test('an unknown name is a programming error', () => {
		expect(() => findProperty(description, 'y', 'options')).toThrow('No property "y" in the description');
	});
});

describe('readTextList (review of issue 21, R1: an empty entry is refused by position, never dropped)', () => {
	const list = { displayName: 'List', name: 'list' };
	const read = (value: unknown) => readTextList(ctx as never, 2, list, value);
	test.each<[unknown, string[]]>([
		[[], []],
		[['a', ' b ', 3], ['a', 'b', '3']],
		['a, b\nc\n', ['a', 'b', 'c']],
	])('%o → %o', (value, expected) => {
		expect(read(value)).toEqual(expected);
	});
	test.each<[unknown, string]>([
		[[''], 'List (item 2): entry 1 is empty; remove it, or leave the field out to keep what is there'],
		[['a', ' '], 'List (item 2): entry 2 is empty'],
		[[null], 'List (item 2): entry 1 is empty'],
		['a,,b', 'List (item 2): entry 2 is empty'],
		[[{ a: 1 }], 'List (item 2): entry 1 is {"a":1}, not a text'],
		[' , ', 'List (item 2): is an empty text'],
	])('%o is refused: %s', (value, message) => {
		expect(() => read(value)).toThrow(message);
	});
});
