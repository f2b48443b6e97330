
import type { INodeProperties } from 'n8n-workflow';

import type { CheckOptions } from '../../nodes/shared/validation';
import { maskedError } from '../../nodes/shared/secrets';
import { checkParameter, findProperty, firstCharacters, invalidInput, MAX_JSON_DEPTH, readTextList, show } from '../../nodes/shared/validation';
import { ctx } from '../helpers/context';

const check = (property: Partial<INodeProperties>, value: unknown, options: CheckOptions = {}) =>
	checkParameter(ctx as never, 3, { displayName: 'Field', name: 'field', default: '', ...property } as INodeProperties, value, options);


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
		expect(() => check({ type: 'number' }, '😀'.repeat(50))).toThrow(`Field (item 3): "${'😀'.repeat(40)}… (50 characters)" is not a number`);
	});

	test('a name the node writes to Talkover is cut to its first characters, never inside an emoji', () => {
		expect(firstCharacters('😀'.repeat(300), 255)).toBe('😀'.repeat(255));
		expect(firstCharacters(`n8n: ${'é'.repeat(260)}`, 255)).toBe(`n8n: ${'é'.repeat(250)}`);
		expect(firstCharacters('Lead call', 255)).toBe('Lead call');
		expect(firstCharacters('', 255)).toBe('');
	});

	test('a text longer than maxLength', () => {
		expect(() => check({ type: 'string' }, 'x'.repeat(256), { maxLength: 255 })).toThrow('Field (item 3): is 256 characters long; at most 255 are allowed');
	});

	test('a free-text option is at most 255 characters unless told otherwise', () => {
		expect(() => check({ type: 'options', options: [] }, 'x'.repeat(256), { freeText: true })).toThrow('is 256 characters long; at most 255 are allowed');
	});
});

describe('show: a value as a message shows it', () => {
	test('a long text is cut with the clip mark inside its quotes, so a secret the cut left half is still masked', () => {
		const secret = `talq_${'k'.repeat(60)}`;
		expect(show(secret)).toBe(`"talq_${'k'.repeat(35)}… (65 characters)"`);
		expect(maskedError(new Error(`Status (item 0): ${show(secret)} is not a delivery status`), { values: [secret] }).message).toBe('Status (item 0): "***… (65 characters)" is not a delivery status');
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

describe('readTextList: an empty entry is refused by position, never dropped', () => {
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

/** A JSON field "Payload" of item 2, checked with the default options. */
const checkPayload = (property: Partial<INodeProperties>, value: unknown) =>
	checkParameter(ctx as never, 2, { displayName: 'Payload', name: 'payload', default: '', ...property } as INodeProperties, value);


describe('JSON fields (Payload, Context, Flow Configuration)', () => {
	const json = { type: 'json' as const };

	test('a null value in the JSON is sent as null, at the top level and inside lists and objects', () => {
		const text = '{"note": null, "tags": [null, "vip"], "lead": {"email": null}}';
		expect(checkPayload(json, text)).toEqual({ note: null, tags: [null, 'vip'], lead: { email: null } });
		expect(checkPayload(json, { note: null })).toEqual({ note: null });
	});

	const nested = (levels: number): Record<string, unknown> => {
		let value: Record<string, unknown> = {};
		for (let level = 1; level < levels; level++) value = { a: value };
		return value;
	};

	test(`JSON nested exactly ${MAX_JSON_DEPTH} levels deep is accepted; ${MAX_JSON_DEPTH + 1} levels is refused, naming the field and the item`, () => {
		expect(checkPayload(json, JSON.stringify(nested(MAX_JSON_DEPTH)))).toEqual(nested(MAX_JSON_DEPTH));
		expect(() => checkPayload(json, JSON.stringify(nested(MAX_JSON_DEPTH + 1)))).toThrow(`Payload (item 2): is nested more than ${MAX_JSON_DEPTH} levels deep`);
	});

	test(`lists count as levels too: an object holding lists ${MAX_JSON_DEPTH} levels deep in all is accepted, one more list is refused`, () => {
		let value: unknown = [];
		for (let level = 2; level < MAX_JSON_DEPTH; level++) value = [value];
		expect(checkPayload(json, { list: value })).toEqual({ list: value });
		expect(() => checkPayload(json, { list: [value] })).toThrow(`Payload (item 2): is nested more than ${MAX_JSON_DEPTH} levels deep`);
	});
});

describe('number fields accept their limits and refuse one step beyond', () => {
	const range = { displayName: 'Max Duration', name: 'maxDuration', type: 'number' as const, typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 } };

	test.each([1, 10, '1', '10'])('%o is accepted (the limits are included)', (value) => {
		expect(checkParameter(ctx as never, 0, range as INodeProperties, value)).toBe(Number(value));
	});

	test.each([0, 11, '0', '11', 0.5, 10.5])('%o is refused as out of range or not whole, before anything is sent', (value) => {
		expect(() => checkParameter(ctx as never, 0, range as INodeProperties, value)).toThrow(/^Max Duration \(item 0\): .* (is out of range; expected|is not) a whole number from 1 to 10$/);
	});

	test('with only a minimum, the minimum is accepted and one below it is refused', () => {
		const atLeast = { displayName: 'Limit', name: 'limit', type: 'number' as const, typeOptions: { minValue: 1 } } as INodeProperties;
		expect(checkParameter(ctx as never, 0, atLeast, 1)).toBe(1);
		expect(checkParameter(ctx as never, 0, atLeast, 1e6)).toBe(1e6);
		expect(() => checkParameter(ctx as never, 0, atLeast, 0.99)).toThrow('Limit (item 0): 0.99 is out of range; expected a number of at least 1');
	});
});

describe('a number field reads only decimal numbers written as people write them', () => {
	const amount = { displayName: 'Amount', name: 'amount', type: 'number' as const } as INodeProperties;
	const read = (value: unknown) => checkParameter(ctx as never, 1, amount, value);

	test.each<[string, number]>([
		['12', 12],
		['-0.5', -0.5],
		['+5', 5],
		['.5', 0.5],
		['.25', 0.25],
		['1e10', 1e10],
		['2.5E-12', 2.5e-12],
		['5.', 5],
		['1e3', 1000],
		['1E3', 1000],
		['1e-2', 0.01],
		['1e+2', 100],
		['  42\n', 42],
	])('the text %o is the number %d', (value, n) => {
		expect(read(value)).toBe(n);
	});

	test.each(['0x10', '0b11', '0o17', '1_000', 'Infinity', '5 5', 'e3', '1.2.3', '12abc', 'abc12', '1e', '.'])(
		'the text %o is refused rather than read as another number (JavaScript would read 0x10 as 16)',
		(value) => {
			expect(() => read(value)).toThrow(`Amount (item 1): "${value}" is not a number; expected a number`);
		},
	);

	test.each<[unknown, string]>([
		[true, 'true'],
		[null, 'null'],
		[undefined, 'undefined'],
		[[1], '[1]'],
		[{ n: 1 }, '{"n":1}'],
	])('%o is refused, shown as %s', (value, shown) => {
		expect(() => read(value)).toThrow(`Amount (item 1): ${shown} is not a number; expected a number`);
	});

	test('with only a maximum, the maximum is accepted and one above it is refused, saying the maximum', () => {
		const atMost = { displayName: 'Amount', name: 'amount', type: 'number' as const, typeOptions: { maxValue: 5 } } as INodeProperties;
		expect(checkParameter(ctx as never, 0, atMost, 5)).toBe(5);
		expect(checkParameter(ctx as never, 0, atMost, -1e6)).toBe(-1e6);
		expect(() => checkParameter(ctx as never, 0, atMost, 5.01)).toThrow(/^Amount \(item 0\): 5\.01 is out of range; expected a number of at most 5$/);
		expect(() => checkParameter(ctx as never, 0, atMost, 'x')).toThrow(/^Amount \(item 0\): "x" is not a number; expected a number of at most 5$/);
	});

	test('a number field without limits says only "expected a number"', () => {
		expect(() => read('x')).toThrow(/^Amount \(item 1\): "x" is not a number; expected a number$/);
	});

	test('a number field with decimals accepts a fraction; a whole-number field says "a whole number"', () => {
		const decimals = { displayName: 'Amount', name: 'amount', type: 'number' as const, typeOptions: { numberPrecision: 2 } } as INodeProperties;
		expect(checkParameter(ctx as never, 0, decimals, 2.5)).toBe(2.5);
		const whole = { displayName: 'Count', name: 'count', type: 'number' as const, typeOptions: { numberPrecision: 0 } } as INodeProperties;
		expect(() => checkParameter(ctx as never, 0, whole, 'x')).toThrow('Count (item 0): "x" is not a number; expected a whole number');
		expect(() => checkParameter(ctx as never, 0, whole, 2.5)).toThrow('Count (item 0): 2.5 is not a whole number');
	});
});

describe('JSON fields refuse what cannot be sent as a JSON object, naming the field', () => {
	const json = { type: 'json' as const };

	test.each<[unknown, string]>([
		['null', 'must be a JSON object ({ ... })'],
		['42', 'must be a JSON object ({ ... })'],
		['"text"', 'must be a JSON object ({ ... })'],
		[null, 'must be a JSON object ({ ... })'],
		[42, 'must be a JSON object ({ ... })'],
		[[{ a: 1 }], 'must be a JSON object ({ ... })'],
		['', 'is required but empty'],
		['{"a": 1', 'is not valid JSON ('],
		['{a: 1}', 'is not valid JSON ('],
	])('%o is refused: %s', (value, message) => {
		expect(() => checkPayload(json, value)).toThrow(`Payload (item 2): ${message}`);
	});

	test('a key "__proto__" (which n8n\'s HTTP client would drop without a word) is refused, at the top or nested in an object or a list', () => {
		const message = 'Payload (item 2): contains the key "__proto__", which cannot be sent (n8n\'s HTTP client drops it)';
		expect(() => checkPayload(json, '{"__proto__": {"x": 1}}')).toThrow(message);
		expect(() => checkPayload(json, '{"lead": {"__proto__": 1}}')).toThrow(message);
		expect(() => checkPayload(json, '{"leads": [{"ok": 1}, {"__proto__": 1}]}')).toThrow(message);
		expect(checkPayload(json, '{"proto": 1, "lead": {"__proto": 2}}')).toEqual({ proto: 1, lead: { __proto: 2 } });
	});

	test('deep JSON (100,000 levels) is refused as too deep, not a crash', () => {
		const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
		expect(() => checkPayload(json, deep)).toThrow(`Payload (item 2): is nested more than ${MAX_JSON_DEPTH} levels deep`);
	});
});

describe('values shown in messages', () => {
	const text = { displayName: 'Note', name: 'note', type: 'string' as const } as INodeProperties;
	const read = (value: unknown) => checkParameter(ctx as never, 0, text, value);

	test('a text of exactly 40 characters is shown whole; a longer one is cut at 40 with its length', () => {
		const amount = { displayName: 'Amount', name: 'amount', type: 'number' as const } as INodeProperties;
		expect(() => checkParameter(ctx as never, 0, amount, 'x'.repeat(40))).toThrow(`Amount (item 0): "${'x'.repeat(40)}" is not a number`);
		expect(() => checkParameter(ctx as never, 0, amount, 'x'.repeat(41))).toThrow(`Amount (item 0): "${'x'.repeat(40)}… (41 characters)" is not a number`);
	});

	test('an object whose JSON is longer than 40 characters is cut at 40 with its length; one of 40 is shown whole', () => {
		const long = { text: 'x'.repeat(40) };
		expect(() => read(long)).toThrow(`Note (item 0): ${JSON.stringify(long).slice(0, 40)}… (51 characters) is not text`);
		const exact = { t: 'x'.repeat(32) };
		expect(JSON.stringify(exact)).toHaveLength(40);
		expect(() => read(exact)).toThrow(`Note (item 0): ${JSON.stringify(exact)} is not text`);
	});

	test('a value JSON cannot write (undefined, an object that holds itself) is still shown, never a crash', () => {
		const loop: Record<string, unknown> = {};
		loop.self = loop;
		expect(() => read(undefined)).toThrow('Note (item 0): undefined is not text');
		expect(() => read(loop)).toThrow('Note (item 0): [object Object] is not text');
	});
});

describe('option fields', () => {
	const options = [{ name: 'English', value: 'en' }, { name: 'German', value: 'de' }];
	const language = { displayName: 'Language', name: 'language', type: 'options' as const, options } as INodeProperties;

	test('a value not in the list is refused, listing the allowed values; so is a number or an option in another case', () => {
		expect(checkParameter(ctx as never, 0, language, 'de')).toBe('de');
		expect(() => checkParameter(ctx as never, 0, language, 'DE')).toThrow('Language (item 0): "DE" is not one of the allowed values: en, de');
		expect(() => checkParameter(ctx as never, 0, language, 1)).toThrow('Language (item 0): 1 is not one of the allowed values: en, de');
	});

	test('a free-text option (the options are suggestions) is required, trimmed, and at most the length given', () => {
		expect(() => checkParameter(ctx as never, 0, language, '  ', { freeText: true })).toThrow('Language (item 0): is required but empty');
		expect(checkParameter(ctx as never, 0, language, 'pt-BR', { freeText: true, maxLength: 5 })).toBe('pt-BR');
		expect(() => checkParameter(ctx as never, 0, language, 'pt-BRX', { freeText: true, maxLength: 5 })).toThrow('Language (item 0): is 6 characters long; at most 5 are allowed');
		expect(checkParameter(ctx as never, 0, language, 'x'.repeat(255), { freeText: true })).toBe('x'.repeat(255));
	});

	test('an option field with no options refuses any value, saying there are none', () => {
		const none = { displayName: 'Voice', name: 'voice', type: 'options' as const } as INodeProperties;
		expect(() => checkParameter(ctx as never, 0, none, 'v1')).toThrow('Voice (item 0): "v1" is not one of the allowed values: ');
	});
});

describe('yes/no fields', () => {
	const flag = { displayName: 'Enabled', name: 'enabled', type: 'boolean' as const } as INodeProperties;

	test.each<[unknown, boolean]>([
		[true, true],
		[false, false],
		['true', true],
		['False', false],
		[' TRUE ', true],
	])('%o is %o', (value, expected) => {
		expect(checkParameter(ctx as never, 0, flag, value)).toBe(expected);
	});

	test.each<[unknown, string]>([
		['1', '"1"'],
		[1, '1'],
		['', '""'],
		[null, 'null'],
	])('%o is refused rather than guessed', (value, shown) => {
		expect(() => checkParameter(ctx as never, 0, flag, value)).toThrow(`Enabled (item 0): ${shown} is not true or false`);
	});
});

describe('text fields', () => {
	test('a required text with something in it is kept as given (spaces included); an optional empty text is sent empty', () => {
		const name = { displayName: 'Name', name: 'name', type: 'string' as const, required: true } as INodeProperties;
		expect(checkParameter(ctx as never, 0, name, ' Ann ')).toBe(' Ann ');
		const note = { displayName: 'Note', name: 'note', type: 'string' as const } as INodeProperties;
		expect(checkParameter(ctx as never, 0, note, '')).toBe('');
		expect(checkParameter(ctx as never, 0, note, 'x'.repeat(10_000))).toBe('x'.repeat(10_000));
	});
});

describe('lists of IDs and of texts', () => {
	const tags = { displayName: 'Tags', name: 'tags', type: 'multiOptions' as const } as INodeProperties;

	test('an ID that is not text or a number is refused, shown', () => {
		expect(() => checkParameter(ctx as never, 0, tags, ['a', { id: 1 }])).toThrow('Tags (item 0): {"id":1} is not an ID');
		expect(() => checkParameter(ctx as never, 0, tags, [null])).toThrow('Tags (item 0): null is not an ID');
	});

	test('an empty ID in a list is refused by its position', () => {
		expect(() => checkParameter(ctx as never, 0, tags, ['a', ' '])).toThrow('Tags (item 0): contains an empty ID (entry 2)');
		expect(() => checkParameter(ctx as never, 0, tags, 'a,b,')).toThrow('Tags (item 0): contains an empty ID (entry 3)');
	});

	test('a list of texts: a missing value is an empty text (refused); a true/false entry is not a text', () => {
		const list = { displayName: 'Numbers', name: 'numbers' };
		expect(() => readTextList(ctx as never, 0, list, undefined)).toThrow('Numbers (item 0): is an empty text');
		expect(() => readTextList(ctx as never, 0, list, null)).toThrow('Numbers (item 0): is an empty text');
		expect(() => readTextList(ctx as never, 0, list, ['a', true])).toThrow('Numbers (item 0): entry 2 is true, not a text');
		expect(() => readTextList(ctx as never, 0, list, ['a', undefined])).toThrow('Numbers (item 0): entry 2 is empty');
		expect(readTextList(ctx as never, 0, list, ' a ,b , c')).toEqual(['a', 'b', 'c']);
		expect(readTextList(ctx as never, 0, list, 15551234567)).toEqual(['15551234567']);
	});
});

describe('findProperty', () => {
	test('a name in a collection that does not exist is a programming error, not a crash', () => {
		const description = [{ displayName: 'X', name: 'x', type: 'string', default: '' }] as INodeProperties[];
		expect(() => findProperty(description, 'x', 'filters')).toThrow('No property "x" in the description');
		expect(() => findProperty(description, 'x', 'x')).toThrow('No property "x" in the description');
	});
});
