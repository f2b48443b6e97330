/**
 * Options → Max Calls per Day as an item sets it (dailyCap/read.ts): the number of calls, typed or from an
 * expression, and the zone whose midnight starts a day; what is not one is an error naming the field and the item.
 */
import type { IDataObject } from 'n8n-workflow';

import { readDailyCap } from '../../../nodes/Talkover/dailyCap/read';
import { NODE } from '../../helpers/context';

const ctx = { getNode: () => NODE, getTimezone: () => 'America/Chicago' };
const withLimit = (limit: IDataObject): IDataObject => ({ maxCallsPerDay: { limit } });

describe('no limit', () => {
	test('Options without Max Calls per Day, or with the option added and its limit not: no limit', () => {
		expect(readDailyCap(ctx, 0, {})).toBeUndefined();
		expect(readDailyCap(ctx, 0, { maxCallsPerDay: {} })).toBeUndefined();
	});
});

describe('the number of calls', () => {
	test.each([
		[20, 20],
		[1, 1],
		['20', 20],
		[' 3 ', 3],
		['7', 7],
	])('%j is %j calls', (calls, expected) => {
		expect(readDailyCap(ctx, 0, withLimit({ calls, timeZone: 'UTC' }))).toEqual({ calls: expected, zone: 'UTC' });
	});

	test('the Calls field left out (or null from an expression) is its default, 20 calls', () => {
		expect(readDailyCap(ctx, 0, withLimit({ timeZone: 'UTC' }))).toEqual({ calls: 20, zone: 'UTC' });
		expect(readDailyCap(ctx, 0, withLimit({ calls: null, timeZone: 'UTC' }))).toEqual({ calls: 20, zone: 'UTC' });
	});

	test.each([['3 calls'], ['1e3'], ['0x10'], ['x3'], ['3.5'], [''], ['  '], [true], [0], [-2], [2.5], [[5]]])('%j is an error naming the field, the value and the item; nothing is sent', (calls) => {
		expect(() => readDailyCap(ctx, 4, withLimit({ calls, timeZone: 'UTC' }))).toThrow(
			expect.objectContaining({
				message: expect.stringMatching(/^Max Calls per Day › Calls \(item 4\): .* is not a number of calls; use a whole number from 1 up/),
				description: expect.stringContaining('Nothing was sent to Talkover for this item'),
			}),
		);
	});
});

describe('the zone whose midnight starts a day', () => {
	test.each([[undefined], [null], [''], ['   ']])('%j is the workflow’s zone', (timeZone) => {
		expect(readDailyCap(ctx, 0, withLimit({ calls: 5, timeZone }))).toEqual({ calls: 5, zone: 'America/Chicago' });
	});

	test('empty, where n8n gives no workflow zone: UTC', () => {
		expect(readDailyCap({ getNode: () => NODE }, 0, withLimit({ calls: 5, timeZone: '' }))).toEqual({ calls: 5, zone: 'UTC' });
	});

	test('a zone given is that zone, as the list spells it', () => {
		expect(readDailyCap(ctx, 0, withLimit({ calls: 5, timeZone: 'europe/paris' }))).toEqual({ calls: 5, zone: 'Europe/Paris' });
	});

	test('a zone that is not one is an error naming the field and the item', () => {
		expect(() => readDailyCap(ctx, 2, withLimit({ calls: 5, timeZone: 'Mars/Olympus' }))).toThrow('Max Calls per Day › Day Starts at Midnight In (item 2): "Mars/Olympus" is not a time zone');
	});
});
