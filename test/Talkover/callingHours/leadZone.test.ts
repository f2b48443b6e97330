/**
 * The time zone the hours are applied in (nodes/Talkover/callingHours/leadZone.ts): the mapped field first,
 * then the zone the number's prefix has, then what "When the Time Zone Is Unknown" says (refuse by default).
 */
import { leadZone, readCallingHours } from '../../../nodes/Talkover/callingHours';
import { ctx } from '../../helpers/context';

const option = (hours: Record<string, unknown>) => readCallingHours(ctx as never, 1, { hours })!;

test('the mapped field wins over the number’s zone', () => {
	expect(leadZone(ctx as never, 1, option({ timeZone: 'Europe/Berlin' }), 'America/New_York')).toEqual({ zone: 'Europe/Berlin', from: 'field' });
});

test('an empty field: the zone of the number’s prefix', () => {
	expect(leadZone(ctx as never, 1, option({ timeZone: '' }), 'America/New_York')).toEqual({ zone: 'America/New_York', from: 'number' });
});

test('unknown, by default: the item is refused, naming the field and the item', () => {
	expect(() => leadZone(ctx as never, 1, option({}), undefined)).toThrow(
		"Calling Hours › Lead's Time Zone (item 1): the lead's time zone is unknown (the field is empty, and the number does not tell one time zone: it may be in several that do not show the same time now, or its prefix names none), so the call is refused; map the lead's time zone, or choose another answer in When the Time Zone Is Unknown",
	);
});

test('unknown, “use a time zone I name”: that zone', () => {
	expect(leadZone(ctx as never, 1, option({ whenZoneUnknown: 'useZone', fallbackZone: 'Asia/Kolkata' }), undefined)).toEqual({ zone: 'Asia/Kolkata', from: 'fallback' });
});

test('unknown, “dial anyway”: dial without checking the hours', () => {
	expect(leadZone(ctx as never, 1, option({ whenZoneUnknown: 'dial' }), undefined)).toEqual({ dial: true });
});

test('“dial anyway” applies only to an unknown zone: a known one is still checked', () => {
	expect(leadZone(ctx as never, 1, option({ whenZoneUnknown: 'dial', timeZone: 'Asia/Tokyo' }), undefined)).toEqual({ zone: 'Asia/Tokyo', from: 'field' });
});
