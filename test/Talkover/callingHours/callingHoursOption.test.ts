/**
 * The Calling Hours option read before any request (nodes/Talkover/callingHours/read.ts and
 * description.ts): every mistake fails its item with a message naming the field, the value and the item.
 */
import { NodeOperationError } from 'n8n-workflow';

import { callingHoursOption, readCallingHours } from '../../../nodes/Talkover/callingHours';
import { ctx } from '../../helpers/context';

const read = (hours: Record<string, unknown>, itemIndex = 3) => readCallingHours(ctx as never, itemIndex, { hours });
const refused = (hours: Record<string, unknown>) => {
	try {
		read(hours);
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return (error as NodeOperationError).message;
	}
	throw new Error('accepted');
};

describe('the option’s shape as the node holds it', () => {
	test('one group of fields: days (Monday–Friday by default), from 09:00, to 17:00, the lead’s zone, and refusing when it is unknown', () => {
		expect(callingHoursOption).toMatchObject({ name: 'callingHours', type: 'fixedCollection', default: {} });
		const [group] = (callingHoursOption as { options: Array<{ name: string; values: Array<{ name: string; default: unknown }> }> }).options;
		expect(group.name).toBe('hours');
		expect(Object.fromEntries(group.values.map((p) => [p.name, p.default]))).toEqual({
			days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
			from: '09:00',
			to: '17:00',
			timeZone: '',
			whenZoneUnknown: 'refuse',
			fallbackZone: '',
		});
	});

	test('the defaults read as Monday–Friday 09:00–17:00, refusing an unknown zone', () => {
		expect(read({ timeZone: 'Europe/Berlin' })).toEqual({
			rule: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: 540, to: 1020 },
			timeZone: 'Europe/Berlin',
			whenZoneUnknown: 'refuse',
			fallbackZone: undefined,
			outsideHours: 'skip',
		});
	});

	test('not set (no value, or the empty collection) → no calling hours; the group added with nothing changed → the defaults', () => {
		expect(readCallingHours(ctx as never, 0, undefined)).toBeUndefined();
		expect(readCallingHours(ctx as never, 0, {})).toBeUndefined();
		expect(readCallingHours(ctx as never, 0, { hours: {} })?.rule).toEqual({ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: 540, to: 1020 });
	});

	test('9:05 and 24:00 are read; a day named twice counts once', () => {
		expect(read({ days: ['saturday', 'saturday'], from: '9:05', to: '24:00' })?.rule).toEqual({ days: ['saturday'], from: 545, to: 1440 });
	});

	test('a time with spaces around it (an expression’s result), and the last minute of an hour, 16:59', () => {
		expect(read({ from: ' 09:30 ', to: ' 16:59 ' })?.rule).toMatchObject({ from: 570, to: 1019 });
	});

	test('one day given alone (an expression giving “saturday”, not a list) is that day', () => {
		expect(read({ days: 'saturday' })?.rule.days).toEqual(['saturday']);
	});

	test('days as a person writes them (“ Monday ”, “SUNDAY”) are read', () => {
		expect(read({ days: [' Monday ', 'SUNDAY'] })?.rule.days).toEqual(['monday', 'sunday']);
	});

	test('the group’s fields given without the outer `hours` (the inner object) are read the same', () => {
		expect(readCallingHours(ctx as never, 0, { days: ['monday'], timeZone: 'Asia/Tokyo' })).toMatchObject({ rule: { days: ['monday'], from: 540, to: 1020 }, timeZone: 'Asia/Tokyo' });
	});

	test('a value that is not a collection, or a group that is not one, is no calling hours', () => {
		for (const value of [null, 'yes', 7, { hours: null }, { hours: 'x' }]) expect(readCallingHours(ctx as never, 0, value)).toBeUndefined();
	});

	test('an empty lead’s time zone from an expression (null) is not a mistake: the zone is unknown', () => {
		expect(read({ timeZone: null })).toMatchObject({ timeZone: undefined, whenZoneUnknown: 'refuse' });
	});

	test('where the call can be delayed (Make Call), Outside the Hours is read: Skip by default, or Schedule', () => {
		expect(readCallingHours(ctx as never, 0, { hours: {} }, true)?.outsideHours).toBe('skip');
		expect(readCallingHours(ctx as never, 0, { hours: { outsideHours: 'delay' } }, true)?.outsideHours).toBe('delay');
		expect(readCallingHours(ctx as never, 0, { hours: { outsideHours: 'delay' } })?.outsideHours).toBe('skip');
	});
});

describe('mistakes name the field, the value and the item', () => {
	test('no day chosen', () => {
		expect(refused({ days: [] })).toBe('Calling Hours › Allowed Days (item 3): no day is chosen, so no call could ever be placed; choose at least one day');
	});

	test('no day chosen by an expression that gives an empty text', () => {
		expect(refused({ days: '' })).toBe('Calling Hours › Allowed Days (item 3): no day is chosen, so no call could ever be placed; choose at least one day');
	});

	test('a day that is not one', () => {
		expect(refused({ days: ['monday', 'funday'] })).toBe('Calling Hours › Allowed Days (item 3): "funday" is not a day of the week; use monday, tuesday, wednesday, thursday, friday, saturday, sunday');
	});

	test.each([
		['17:00', '09:00'],
		['09:00', '09:00'],
		['22:00', '06:00'],
	])('From %s, To %s: the end at or before the start', (from, to) => {
		expect(refused({ from, to })).toBe(
			`Calling Hours › To (item 3): "${to}" is not after From ("${from}"); the end of the hours must be later the same day (windows across midnight are not supported: use 24:00)`,
		);
	});

	test('From 18:00 with To left at its default: the message shows the default, 17:00; given values are shown trimmed', () => {
		expect(refused({ from: '18:00' })).toBe(
			'Calling Hours › To (item 3): "17:00" is not after From ("18:00"); the end of the hours must be later the same day (windows across midnight are not supported: use 24:00)',
		);
		expect(refused({ from: ' 18:00 ', to: ' 08:00 ' })).toBe(
			'Calling Hours › To (item 3): "08:00" is not after From ("18:00"); the end of the hours must be later the same day (windows across midnight are not supported: use 24:00)',
		);
	});

	test.each(['25:00', '9', '09:60', 'nine', '', '24:00', '109:00', '09:000', '9:5', '09:5', 'x09:00', '09:00x', '09.00', ':00'])('From "%s" is not a time of day', (from) => {
		expect(refused({ from })).toBe(`Calling Hours › From (item 3): "${from}" is not a time of day; use HH:MM, 24 hours, e.g. 09:00`);
	});

	test.each(['24:01', '17', '5pm'])('To "%s" is not a time of day', (to) => {
		expect(refused({ to })).toBe(`Calling Hours › To (item 3): "${to}" is not a time of day; use HH:MM, 24 hours, e.g. 17:00, or 24:00 for the end of the day`);
	});

	test.each(['Mars/Olympus_Mons', 'EST+5', 'New York', 'BST', 'IST', 'AST', 'NST', 'EST'])('the lead’s time zone "%s" is not an IANA name', (timeZone) => {
		expect(refused({ timeZone })).toBe(`Calling Hours › Lead's Time Zone (item 3): "${timeZone}" is not a time zone; use an IANA name like America/New_York or Europe/Berlin`);
	});

	test('an empty lead’s time zone is not a mistake: the zone is unknown', () => {
		expect(read({ timeZone: '  ' })?.timeZone).toBeUndefined();
	});

	test('“use a time zone I name” without a zone, or with a wrong one', () => {
		expect(refused({ whenZoneUnknown: 'useZone' })).toBe('Calling Hours › Time Zone to Use (item 3): is empty; name the time zone to use, e.g. America/New_York');
		expect(refused({ whenZoneUnknown: 'useZone', fallbackZone: 'BST' })).toBe(
			'Calling Hours › Time Zone to Use (item 3): "BST" is not a time zone; use an IANA name like America/New_York or Europe/Berlin',
		);
		expect(refused({ whenZoneUnknown: 'useZone', fallbackZone: 'Europe/Atlantis' })).toBe(
			'Calling Hours › Time Zone to Use (item 3): "Europe/Atlantis" is not a time zone; use an IANA name like America/New_York or Europe/Berlin',
		);
	});

	test('an answer to “When the Time Zone Is Unknown” that is not one of the choices', () => {
		expect(refused({ whenZoneUnknown: 'guess' })).toBe('Calling Hours › When the Time Zone Is Unknown (item 3): "guess" is not one of the allowed values: refuse, useZone, dial');
	});

	test('the error says nothing was sent and which parameter to check', () => {
		try {
			read({ days: [] }, 0);
		} catch (error) {
			expect((error as NodeOperationError).description).toBe('Check the "Calling Hours › Allowed Days" field (parameter "days") for item 0. Nothing was sent to Talkover for this item.');
			return;
		}
		throw new Error('accepted');
	});
});
