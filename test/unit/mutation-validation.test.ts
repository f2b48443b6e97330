/**
 * Issue 25: input checks a user relies on that the suite did not pin down (found by mutation testing of
 * nodes/shared/validation.ts). Each test names the behaviour, not the line.
 */
import type { INodeProperties } from 'n8n-workflow';

import { checkParameter, MAX_JSON_DEPTH, normalizePhone } from '../../nodes/shared/validation';
import { ctx } from './context';

const phone = { displayName: 'Phone Number', name: 'phone' };
const check = (property: Partial<INodeProperties>, value: unknown) =>
	checkParameter(ctx as never, 2, { displayName: 'Payload', name: 'payload', default: '', ...property } as INodeProperties, value);

describe('issue 25: a bracketed (0) where the 0 belongs to the number is refused, never dropped', () => {
	test.each([
		['+39 (0)6 1234 5678', '39', 'Italy'],
		['+378 (0)549 123456', '378', 'San Marino'],
		['+379 (0)6 6988 1234', '379', 'Vatican City'],
		['+225 (0)7 12 34 56 78', '225', "Côte d'Ivoire"],
		['+242 (0)6 123 4567', '242', 'Congo'],
		['+241 (0)1 23 45 67', '241', 'Gabon'],
		['+229 (0)1 97 12 34 56', '229', 'Benin'],
	])('a number written %s keeps its 0: the (0) belongs to the number (+%s, %s), so it is refused rather than dialled without it', (input, code) => {
		expect(() => normalizePhone(ctx as never, 0, phone, input)).toThrow(
			`Phone Number (item 0): "${input}" has (0) after the country code +${code}, where a leading 0 belongs to the number: write the number without brackets`,
		);
	});

	test.each([
		['+225 07 12 34 56 78', '+2250712345678'],
		['+39 06 1234 5678', '+390612345678'],
	])('written without brackets, %s is dialled with its 0: %s', (input, e164) => {
		expect(normalizePhone(ctx as never, 0, phone, input)).toBe(e164);
	});

	test('in the UK the bracketed (0) is the trunk prefix and is dropped: +44 (0)20 7946 0958 → +442079460958', () => {
		expect(normalizePhone(ctx as never, 0, phone, '+44 (0)20 7946 0958')).toBe('+442079460958');
	});
});

describe('issue 25: JSON fields (Payload, Context, Flow Configuration)', () => {
	const json = { type: 'json' as const };

	test('a null value in the JSON is sent as null, at the top level and inside lists and objects', () => {
		const text = '{"note": null, "tags": [null, "vip"], "lead": {"email": null}}';
		expect(check(json, text)).toEqual({ note: null, tags: [null, 'vip'], lead: { email: null } });
		expect(check(json, { note: null })).toEqual({ note: null });
	});

	const nested = (levels: number): Record<string, unknown> => {
		let value: Record<string, unknown> = {};
		for (let level = 1; level < levels; level++) value = { a: value };
		return value;
	};

	test(`JSON nested exactly ${MAX_JSON_DEPTH} levels deep is accepted; ${MAX_JSON_DEPTH + 1} levels is refused, naming the field and the item`, () => {
		expect(check(json, JSON.stringify(nested(MAX_JSON_DEPTH)))).toEqual(nested(MAX_JSON_DEPTH));
		expect(() => check(json, JSON.stringify(nested(MAX_JSON_DEPTH + 1)))).toThrow(`Payload (item 2): is nested more than ${MAX_JSON_DEPTH} levels deep`);
	});

	test(`lists count as levels too: an object holding lists ${MAX_JSON_DEPTH} levels deep in all is accepted, one more list is refused`, () => {
		let value: unknown = [];
		for (let level = 2; level < MAX_JSON_DEPTH; level++) value = [value];
		expect(check(json, { list: value })).toEqual({ list: value });
		expect(() => check(json, { list: [value] })).toThrow(`Payload (item 2): is nested more than ${MAX_JSON_DEPTH} levels deep`);
	});
});

describe('issue 25: number fields accept their limits and refuse one step beyond', () => {
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
