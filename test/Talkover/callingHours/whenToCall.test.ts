/**
 * Calling Hours as Make Call and Add Call apply them (nodes/Talkover/guardrails/callGuardrails.ts and
 * nodes/Talkover/callingHours/: plan.ts, decision.ts, output.ts, whenToCall.ts): the lead's zone settled before anything is sent, then, with the time
 * the item is sent (given here, never the system clock), the call goes, goes with a delay (Make Call), or
 * the item is skipped with the next allowed moment.
 */
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as allowed from '../../../nodes/Talkover/callingHours/allowed';
import { timeZoneOf } from '../../../nodes/shared/dialledNumbers/timeZone';
import type { CallGuardrails } from '../../../nodes/Talkover/guardrails/callGuardrails';
import { checkCallGuardrails } from '../../../nodes/Talkover/guardrails/callGuardrails';
import { daysText } from '../../../nodes/Talkover/callingHours/output';
import { whenToCall } from '../../../nodes/Talkover/callingHours/whenToCall';
import type { Weekday } from '../../../nodes/Talkover/callingHours';
import { decideCallingHours } from '../../../nodes/Talkover/callingHours/decision';
import { queuedCallHours } from '../../../nodes/Talkover/callingHours/queuedCallHours';
import type { HoursPlan } from '../../../nodes/Talkover/callingHours/plan';
import { numberZone } from '../../../nodes/Talkover/callingHours/plan';
import { setClock } from '../../../nodes/shared/transport/clock';
import { ctx } from '../../helpers/context';

const NEW_YORK = '+12125550123';
const at = (iso: string) => Date.parse(iso);
const MAKE = { canDelay: true };
const ADD = { canDelay: false };

/** The item's guardrails with Calling Hours `hours` (the group's fields), as Make Call (or Add Call) reads them. */
const guard = (hours: IDataObject, number = NEW_YORK, kind = MAKE, itemIndex = 1) => checkCallGuardrails(ctx, itemIndex, number, { callingHours: { hours } }, kind);
/** Whether the item's call goes at `now`, asked as Make Call and Add Call ask it: the node and the item (`itemIndex`) given at the ask. */
const ask = (guardrails: CallGuardrails, number: string, now: number, givenDelaySeconds = 0, itemIndex = 1) => whenToCall(ctx, itemIndex, guardrails.hours, number, now, givenDelaySeconds);
const refused = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return (error as NodeOperationError).message;
	}
	throw new Error('accepted');
};

describe('outside the hours the item is skipped with the next allowed moment', () => {
	test('a lead created at 02:00 its time (New York, from the number’s area code): skipped, next 09:00 the same day, in the lead’s offset and in UTC', () => {
		expect(ask(guard({}), NEW_YORK, at('2026-01-15T07:00:00Z'))).toEqual({
			send: false,
			output: {
				to: NEW_YORK,
				skipped: true,
				skipReason:
					"Not dialled: it is Thursday 02:00 for the lead (America/New_York, from the number), outside the Calling Hours (Monday to Friday, 09:00–17:00). The next allowed moment is Thursday 09:00 in the lead's time (2026-01-15T09:00:00-05:00).",
				nextAllowedAt: '2026-01-15T09:00:00-05:00',
				nextAllowedAtUtc: '2026-01-15T14:00:00.000Z',
				timeZone: 'America/New_York',
				timeZoneSource: 'number',
			},
		});
	});

	test.each([
		['2026-01-15T13:59:59.999Z', '2026-01-15T09:00:00-05:00', 'Thursday 08:59'],
		['2026-01-15T22:00:00Z', '2026-01-16T09:00:00-05:00', 'Thursday 17:00'],
		['2026-01-16T22:00:00Z', '2026-01-19T09:00:00-05:00', 'Friday 17:00'],
		['2026-01-17T15:00:00Z', '2026-01-19T09:00:00-05:00', 'Saturday 10:00'],
	])('at %s: skipped until %s (%s is outside)', (now, next, wall) => {
		const when = ask(guard({}), NEW_YORK, at(now));
		expect(when).toMatchObject({ send: false, output: { nextAllowedAt: next } });
		expect((when as { output: IDataObject }).output.skipReason).toContain(`it is ${wall} for the lead`);
	});

	test.each([
		['2026-01-15T14:00:00Z', 'the first minute'],
		['2026-01-15T21:59:59Z', 'the last minute'],
		['2026-01-16T18:00:00Z', 'a Friday afternoon'],
	])('at %s (%s): the call goes as prepared', (now) => {
		expect(ask(guard({}), NEW_YORK, at(now))).toEqual({ send: true });
	});

	test('the next moment in the lead’s offset across the night summer time starts (New York, 8 March 2026)', () => {
		const when = ask(guard({ days: ['saturday', 'sunday'] }), NEW_YORK, at('2026-03-08T04:00:00Z'));
		expect(when).toMatchObject({ send: false, output: { nextAllowedAt: '2026-03-08T09:00:00-04:00', nextAllowedAtUtc: '2026-03-08T13:00:00.000Z' } });
		expect((when as { output: IDataObject }).output.skipReason).toContain('it is Saturday 23:00 for the lead');
	});

	test('a weekly window the skipped hour hides (Sundays 02:00–03:00 in New York; 8 March 2026 has no 02:xx), asked Friday 6 March: skipped until Sunday 15 March 02:00', () => {
		const when = ask(guard({ days: ['sunday'], from: '02:00', to: '03:00', timeZone: 'America/New_York' }), NEW_YORK, at('2026-03-06T12:00:00Z'));
		expect(when).toMatchObject({ send: false, output: { skipped: true, nextAllowedAt: '2026-03-15T02:00:00-04:00', nextAllowedAtUtc: '2026-03-15T06:00:00.000Z' } });
		expect((when as { output: IDataObject }).output.skipReason).toContain("The next allowed moment is Sunday 02:00 in the lead's time (2026-03-15T02:00:00-04:00)");
	});

	test('a half-hour zone (India, from the number): 02:00 there is skipped until 09:00+05:30', () => {
		const india = '+919812345678';
		expect(timeZoneOf(india)).toEqual({ known: true, zone: 'Asia/Kolkata' });
		expect(ask(guard({}, india), india, at('2026-01-14T20:30:00Z'))).toMatchObject({
			send: false,
			output: { nextAllowedAt: '2026-01-15T09:00:00+05:30', nextAllowedAtUtc: '2026-01-15T03:30:00.000Z', timeZone: 'Asia/Kolkata' },
		});
	});
});

describe('Make Call with Outside the Hours → Schedule: a call due within an hour goes now with the delay', () => {
	const schedule = (extra: IDataObject = {}) => guard({ outsideHours: 'delay', ...extra });

	test('at 08:30 the lead’s time: delay_seconds 1800, and the output says when it starts', () => {
		expect(ask(schedule(), NEW_YORK, at('2026-01-15T13:30:00Z'))).toEqual({
			send: true,
			delaySeconds: 1800,
			fields: {
				scheduled: true,
				scheduledFor: '2026-01-15T09:00:00-05:00',
				scheduledForUtc: '2026-01-15T14:00:00.000Z',
				delaySeconds: 1800,
				timeZone: 'America/New_York',
				timeZoneSource: 'number',
				scheduleReason:
					"Placed with a delay of 1800 seconds: it is Thursday 08:30 for the lead (America/New_York, from the number), outside the Calling Hours (Monday to Friday, 09:00–17:00); the call starts Thursday 09:00 in the lead's time (2026-01-15T09:00:00-05:00).",
			},
		});
	});

	test.each([
		['2026-01-15T13:00:00Z', 3600],
		['2026-01-15T13:59:30Z', 30],
		['2026-01-15T13:59:59.001Z', 1],
	])('at %s: delay_seconds %s (rounded up, never early; at most 3600)', (now, seconds) => {
		expect(ask(schedule(), NEW_YORK, at(now))).toMatchObject({ send: true, delaySeconds: seconds });
	});

	test.each([
		['2026-01-15T12:59:59Z', 'more than an hour before 09:00'],
		['2026-01-15T07:00:00Z', '02:00'],
		['2026-01-15T22:00:00Z', '17:00: the next moment is tomorrow'],
	])('at %s (%s): skipped, as without Schedule', (now) => {
		expect(ask(schedule(), NEW_YORK, at(now))).toMatchObject({ send: false, output: { skipped: true } });
	});

	test('Add Call cannot delay a call: the same value skips', () => {
		expect(ask(guard({ outsideHours: 'delay' }, NEW_YORK, ADD), NEW_YORK, at('2026-01-15T13:30:00Z'))).toMatchObject({ send: false, output: { skipped: true, nextAllowedAt: '2026-01-15T09:00:00-05:00' } });
	});
});

describe('a window that opens in the skipped hour opens when the clock jumps (New York, 8 March 2026: 01:59 → 03:00)', () => {
	test('Sundays 02:30–04:00 with Schedule, at 01:30 the lead’s time: the call starts at 03:00, 30 minutes later (1800 s, not the 90 the wall clock suggests)', () => {
		const when = ask(guard({ days: ['sunday'], from: '02:30', to: '04:00', outsideHours: 'delay' }), NEW_YORK, at('2026-03-08T01:30:00-05:00'));
		expect(when).toMatchObject({ send: true, delaySeconds: 1800, fields: { scheduledFor: '2026-03-08T03:00:00-04:00', scheduledForUtc: '2026-03-08T07:00:00.000Z' } });
	});
});

describe('hours with no next moment fail the item naming the field and the item, never a made-up time', () => {
	afterEach(() => jest.restoreAllMocks());

	test('hours the lead’s clock never shows within the search (a year): Calling Hours › From, the hours and the zone', () => {
		jest.spyOn(allowed, 'nextAllowedInstant').mockReturnValue(undefined);
		expect(refused(() => ask(guard({ days: ['sunday'], from: '02:00', to: '03:00' }, NEW_YORK, MAKE, 4), NEW_YORK, at('2026-03-06T12:00:00Z'), 0, 4))).toBe(
			"Calling Hours › From (item 4): Sunday, 02:00–03:00 never comes on the lead's clock (America/New_York) in the next year: the zone skips those minutes, so no call can be placed or scheduled; choose hours the lead's clock shows",
		);
	});

	test('a rule with no day (refused when read; here as if it got through): Calling Hours › Allowed Days', () => {
		const guardrails = guard({}, NEW_YORK, MAKE, 2);
		const noDay = { ...guardrails, hours: { ...guardrails.hours!, rule: { ...guardrails.hours!.rule, days: [] } } };
		expect(refused(() => ask(noDay, NEW_YORK, at('2026-03-06T12:00:00Z'), 0, 2))).toBe('Calling Hours › Allowed Days (item 2): no day is chosen, so no call could ever be placed; choose at least one day');
	});
});

describe('the Delay the user gave counts: the hours are checked at the moment the call would start', () => {
	test('08:50 with a Delay of 600 s starts at 09:00: it goes as prepared', () => {
		expect(ask(guard({}), NEW_YORK, at('2026-01-15T13:50:00Z'), 600)).toEqual({ send: true });
	});

	test('16:55 with a Delay of 600 s would start at 17:05: skipped, and the reason says why', () => {
		const when = ask(guard({}), NEW_YORK, at('2026-01-15T21:55:00Z'), 600);
		expect(when).toMatchObject({ send: false, output: { nextAllowedAt: '2026-01-16T09:00:00-05:00' } });
		expect((when as { output: IDataObject }).output.skipReason).toContain('with the Delay of 600 seconds the call would start Thursday 17:05 for the lead');
	});

	test('08:30 with a Delay of 60 s and Schedule: the whole delay to 09:00 (1800 s) is sent', () => {
		expect(ask(guard({ outsideHours: 'delay' }), NEW_YORK, at('2026-01-15T13:30:00Z'), 60)).toMatchObject({ send: true, delaySeconds: 1800 });
	});
});

describe('the lead’s time zone: the field, else the number’s, else as the user chose', () => {
	test('the field wins over the number: 11:00 in Berlin (05:00 in New York) goes', () => {
		expect(guard({ timeZone: 'Europe/Berlin' }).hours).toMatchObject({ zone: 'Europe/Berlin', zoneFrom: 'field' });
		expect(ask(guard({ timeZone: 'Europe/Berlin' }), NEW_YORK, at('2026-01-15T10:00:00Z'))).toEqual({ send: true });
		expect(ask(guard({}), NEW_YORK, at('2026-01-15T10:00:00Z'))).toMatchObject({ send: false });
	});

	test('a number whose zone is unknown (a US number with no area code of one zone): refused by default, before anything is sent', () => {
		expect(refused(() => guard({}, '+15552223333'))).toBe(
			"Calling Hours › Lead's Time Zone (item 1): the lead's time zone is unknown (the field is empty, and the number does not tell one time zone: it may be in several that do not show the same time now, or its prefix names none), so the call is refused; map the lead's time zone, or choose another answer in When the Time Zone Is Unknown",
		);
	});

	test('a zone from Lead’s Time Zone is named so in the reason, and the output lists no other zone', () => {
		const when = ask(guard({ timeZone: 'Asia/Tokyo' }), NEW_YORK, at('2026-01-20T15:00:00Z'));
		expect(when).toStrictEqual({
			send: false,
			output: {
				to: NEW_YORK,
				skipped: true,
				skipReason:
					"Not dialled: it is Wednesday 00:00 for the lead (Asia/Tokyo, from Lead's Time Zone), outside the Calling Hours (Monday to Friday, 09:00–17:00). The next allowed moment is Wednesday 09:00 in the lead's time (2026-01-21T09:00:00+09:00).",
				nextAllowedAt: '2026-01-21T09:00:00+09:00',
				nextAllowedAtUtc: '2026-01-21T00:00:00.000Z',
				timeZone: 'Asia/Tokyo',
				timeZoneSource: 'field',
			},
		});
	});

	test('a call scheduled in a zone from Lead’s Time Zone: its fields list no other zone', () => {
		expect(ask(guard({ timeZone: 'Asia/Tokyo', outsideHours: 'delay' }), NEW_YORK, at('2026-01-19T23:30:00Z'))).toStrictEqual({
			send: true,
			delaySeconds: 1800,
			fields: {
				scheduled: true,
				scheduledFor: '2026-01-20T09:00:00+09:00',
				scheduledForUtc: '2026-01-20T00:00:00.000Z',
				delaySeconds: 1800,
				timeZone: 'Asia/Tokyo',
				timeZoneSource: 'field',
				scheduleReason:
					"Placed with a delay of 1800 seconds: it is Tuesday 08:30 for the lead (Asia/Tokyo, from Lead's Time Zone), outside the Calling Hours (Monday to Friday, 09:00–17:00); the call starts Tuesday 09:00 in the lead's time (2026-01-20T09:00:00+09:00).",
			},
		});
	});

	test('a number of one zone (New York) is planned in that zone alone: no other zone to check', () => {
		expect(guard({}).hours).toEqual({ rule: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: 540, to: 1020 }, zone: 'America/New_York', zoneFrom: 'number', outsideHours: 'skip' });
	});

	test('a zone Node does not know (the phone data newer than Node’s) fails the item with Node’s message, naming the item', () => {
		const plan: HoursPlan = { rule: { days: ['monday'], from: 540, to: 1020 }, zone: 'America/Nowhere', zoneFrom: 'number', outsideHours: 'skip' };
		try {
			whenToCall(ctx, 2, plan, NEW_YORK, at('2026-01-20T02:00:00Z'));
		} catch (error) {
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toBe('Invalid time zone specified: America/Nowhere');
			expect((error as NodeOperationError).context.itemIndex).toBe(2);
			return;
		}
		throw new Error('accepted');
	});

	test('…or the zone the user names, said in the output', () => {
		const when = ask(guard({ whenZoneUnknown: 'useZone', fallbackZone: 'America/Chicago' }, '+15552223333'), '+15552223333', at('2026-01-15T07:00:00Z'));
		expect(when).toMatchObject({ send: false, output: { timeZone: 'America/Chicago', timeZoneSource: 'fallback', nextAllowedAt: '2026-01-15T09:00:00-06:00' } });
		expect((when as { output: IDataObject }).output.skipReason).toContain('(America/Chicago, from When the Time Zone Is Unknown)');
	});

	test('…or dialled without checking the hours', () => {
		const guardrails = guard({ whenZoneUnknown: 'dial' }, '+15552223333');
		expect(guardrails).toEqual({});
		expect(ask(guardrails, '+15552223333', at('2026-01-15T07:00:00Z'))).toEqual({ send: true });
	});
});

describe('the option read before anything is sent', () => {
	test('not set: every moment is allowed', () => {
		expect(checkCallGuardrails(ctx, 0, NEW_YORK, {}, MAKE)).toEqual({});
		expect(checkCallGuardrails(ctx, 0, NEW_YORK, { callingHours: {} }, MAKE)).toEqual({});
		expect(ask({}, NEW_YORK, at('2026-01-15T07:00:00Z'))).toEqual({ send: true });
	});

	test('Outside the Hours that is neither Skip nor Schedule names the field, the value and the item', () => {
		expect(refused(() => guard({ outsideHours: 'later' }))).toBe('Calling Hours › Outside the Hours (item 1): "later" is not one of the allowed values: skip, delay');
	});

	test('a mistake in the hours names its field (read by the Calling Hours rules)', () => {
		expect(refused(() => guard({ from: '9am' }))).toMatch(/^Calling Hours › From \(item 1\): "9am" is not a time of day/);
	});

	test('Allowed Destinations is checked with it: a refused number fails even inside the hours', () => {
		expect(refused(() => checkCallGuardrails(ctx, 2, NEW_YORK, { callingHours: { hours: {} }, allowedDestinations: { destinations: { countries: ['DE'] } } }, MAKE))).toMatch(
			/^Allowed Destinations \(item 2\): \+12125550123 is a number of United States \(\+1\)/,
		);
	});
});

test.each([
	[['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], 'Monday to Friday'],
	[['sunday', 'saturday'], 'Saturday, Sunday'],
	[['monday', 'wednesday', 'thursday', 'friday', 'sunday'], 'Monday, Wednesday to Friday, Sunday'],
	[['tuesday', 'monday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], 'every day'],
] as const)('the days in a reason: %j → %s', (days, text) => {
	expect(daysText(days)).toBe(text);
});

/** libphonenumber-js's example number of every country whose prefix has one time zone. */
const zoned = getCountries()
	.map((iso) => [iso, getExampleNumber(iso, examples)!.number] as [string, string])
	.filter(([, number]) => timeZoneOf(number).known);

test('most countries’ example mobile numbers have a zone of their own (more than 190: a Caribbean mobile has all North America’s)', () => {
	expect(zoned.length).toBeGreaterThan(190);
});

test.each(zoned)('%s (%s): the zone of the number applies, and the next moment is 09:00 on a weekday there, with its offset', (_iso, number) => {
	const guardrails = guard({}, number);
	const zone = (timeZoneOf(number) as { zone: string }).zone;
	expect(guardrails.hours).toMatchObject({ zone, zoneFrom: 'number' });
	// Saturday 17 January 2026 at noon UTC is a weekend everywhere: skipped until a Monday's (or Sunday's, east of UTC+12… none) 09:00.
	const when = ask(guardrails, number, at('2026-01-17T12:00:00Z'));
	expect(when).toMatchObject({ send: false, output: { timeZone: zone, nextAllowedAt: expect.stringMatching(/^2026-01-19T09:00:00[+-]\d\d:\d\d$/) } });
	const output = (when as { output: IDataObject }).output;
	expect(Date.parse(output.nextAllowedAt as string)).toBe(Date.parse(output.nextAllowedAtUtc as string));
});

describe('a number that may be in several zones showing the same time is called in that time, checked in every one of them', () => {
	const UK_MOBILE = '+447912345678';
	const EVERY_DAY = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], from: '09:00', to: '20:00' };
	let restore: () => void = () => undefined;
	const planAt = (iso: string, hours: IDataObject, number: string, kind = MAKE) => {
		restore = setClock({ now: () => at(iso) });
		try {
			return guard(hours, number, kind);
		} finally {
			restore();
		}
	};

	test('a UK mobile (London, Guernsey, Isle of Man: the zones the map gives UK mobile ranges) at noon UK time: its zone is London from the number, and the call goes', () => {
		const guardrails = planAt('2026-01-20T12:00:00Z', EVERY_DAY, UK_MOBILE);
		expect(guardrails.hours).toMatchObject({ zone: 'Europe/London', zoneFrom: 'number', sameClockAs: ['Europe/Guernsey', 'Europe/Isle_of_Man'] });
		expect(ask(guardrails, UK_MOBILE, at('2026-01-20T12:00:00Z'))).toEqual({ send: true });
	});

	test('the same UK mobile at 02:00 UK time: skipped, the output naming the zone used and the others it may be in', () => {
		const guardrails = planAt('2026-01-20T02:00:00Z', EVERY_DAY, UK_MOBILE);
		expect(ask(guardrails, UK_MOBILE, at('2026-01-20T02:00:00Z'))).toEqual({
			send: false,
			output: {
				to: UK_MOBILE,
				skipped: true,
				skipReason:
					"Not dialled: it is Tuesday 02:00 for the lead (Europe/London, from the number; it may also be in Europe/Guernsey or Europe/Isle_of_Man, checked too), outside the Calling Hours (every day, 09:00–20:00). The next allowed moment is Tuesday 09:00 in the lead's time (2026-01-20T09:00:00+00:00).",
				nextAllowedAt: '2026-01-20T09:00:00+00:00',
				nextAllowedAtUtc: '2026-01-20T09:00:00.000Z',
				timeZone: 'Europe/London',
				timeZoneSource: 'number',
				timeZoneSameClockAs: ['Europe/Guernsey', 'Europe/Isle_of_Man'],
			},
		});
	});

	test('a Kazakh mobile likewise (Kazakhstan’s zones Aqtobe and Almaty, one clock since March 2024), not every zone of +7', () => {
		expect(planAt('2026-01-20T12:00:00Z', EVERY_DAY, '+77011234567').hours).toMatchObject({ zone: 'Asia/Aqtobe', zoneFrom: 'number', sameClockAs: ['Asia/Almaty'] });
	});

	test('Italian and Finnish mobiles likewise (Rome and Vatican; Helsinki and Mariehamn)', () => {
		expect(planAt('2026-01-20T12:00:00Z', EVERY_DAY, '+393123456789').hours).toMatchObject({ zone: 'Europe/Rome', sameClockAs: ['Europe/Vatican'] });
		expect(planAt('2026-01-20T12:00:00Z', EVERY_DAY, '+358401234567').hours).toMatchObject({ zone: 'Europe/Helsinki', sameClockAs: ['Europe/Mariehamn'] });
	});

	test('a Jamaican mobile at 03:00 in Kingston: its zone is America/Jamaica from the number (not unknown among the 42 zones of +1), and the call is not placed', () => {
		const number = '+18762101234';
		const guardrails = planAt('2026-01-20T08:00:00Z', EVERY_DAY, number);
		expect(guardrails.hours).toMatchObject({ zone: 'America/Jamaica', zoneFrom: 'number' });
		expect(ask(guardrails, number, at('2026-01-20T08:00:00Z'))).toMatchObject({ send: false, output: { timeZone: 'America/Jamaica', timeZoneSource: 'number', nextAllowedAt: '2026-01-20T09:00:00-05:00' } });
		expect(ask(guardrails, number, at('2026-01-20T14:00:00Z'))).toEqual({ send: true });
	});

	test.each([
		['+21321123456', 'Algiers', 'Africa/Algiers', '2026-07-15T07:30:00Z', '2026-07-15T09:00:00+01:00', '2026-07-15T08:00:00Z'],
		['+218212345678', 'Tripoli', 'Africa/Tripoli', '2026-07-15T06:30:00Z', '2026-07-15T09:00:00+02:00', '2026-07-15T07:00:00Z'],
		['+50521234567', 'Managua', 'America/Managua', '2026-07-15T14:30:00Z', '2026-07-15T09:00:00-06:00', '2026-07-15T15:00:00Z'],
	])('%s at 08:30 in %s in July (the source’s stand-in zone, with summer time, says 09:30): not called with hours from 09:00, called at 09:00 its time', (number, _city, zone, early, next, nine) => {
		const guardrails = planAt(early, EVERY_DAY, number);
		expect(guardrails.hours).toMatchObject({ zone, zoneFrom: 'number' });
		expect(ask(guardrails, number, at(early))).toMatchObject({ send: false, output: { timeZone: zone, timeZoneSource: 'number', nextAllowedAt: next } });
		expect(ask(guardrails, number, at(nine))).toEqual({ send: true });
	});

	test('a Moroccan number at 09:30 in Casablanca in January (the source’s Atlantic/Canary says 08:30): called; Casablanca and El Aaiun are one clock', () => {
		const number = '+212520123456';
		const guardrails = planAt('2026-01-20T08:30:00Z', EVERY_DAY, number);
		expect(guardrails.hours).toMatchObject({ zone: 'Africa/Casablanca', zoneFrom: 'number', sameClockAs: ['Africa/El_Aaiun'] });
		expect(ask(guardrails, number, at('2026-01-20T08:30:00Z'))).toEqual({ send: true });
	});

	test('a Palestinian number at 09:30 in Gaza and Hebron on 28 March 2026 (summer time started there, not yet in the source’s Europe/Bucharest: 08:30): called', () => {
		const number = '+97022234567';
		const guardrails = planAt('2026-03-28T06:30:00Z', EVERY_DAY, number);
		expect(guardrails.hours).toMatchObject({ zone: 'Asia/Gaza', zoneFrom: 'number', sameClockAs: ['Asia/Hebron'] });
		expect(ask(guardrails, number, at('2026-03-28T06:30:00Z'))).toEqual({ send: true });
	});

	test('a Mexican number of +52 201 (the source: Mexico City or New York) has Mexico’s zones, which show different times: refused as unknown, never read in New York time', () => {
		expect(refused(() => planAt('2026-07-15T15:00:00Z', EVERY_DAY, '+522011234567'))).toContain("the lead's time zone is unknown");
	});

	test('a mobile whose zones show different times (a Vladivostok or Perth mobile: Russia’s or Australia’s zones) is unknown, and refused by default before anything is sent', () => {
		for (const number of ['+79141234567', '+61412345678']) {
			expect(refused(() => planAt('2026-01-20T12:00:00Z', EVERY_DAY, number))).toContain("the lead's time zone is unknown");
		}
	});

	test('a zone given in Lead’s Time Zone is used alone, the number’s zones aside', () => {
		const guardrails = planAt('2026-01-20T12:00:00Z', { ...EVERY_DAY, timeZone: 'Europe/London' }, UK_MOBILE);
		expect(guardrails.hours).toEqual(expect.objectContaining({ zone: 'Europe/London', zoneFrom: 'field' }));
		expect(guardrails.hours).not.toHaveProperty('sameClockAs');
	});
});

describe('zones counted as one that part ways when the call is decided (London and Abidjan: one clock in winter, an hour apart in summer)', () => {
	const rule = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as Weekday[], from: 9 * 60, to: 17 * 60 };
	const plan = (outsideHours: 'skip' | 'delay'): HoursPlan => ({ rule, zone: 'Europe/London', zoneFrom: 'number', outsideHours, sameClockAs: ['Africa/Abidjan'] });

	test('counted as one when they show the same time at the moment planned, not when they do not', () => {
		const candidates = { known: false as const, zone: 'unknown' as const, candidates: ['Europe/London', 'Africa/Abidjan'] };
		expect(numberZone(candidates, at('2026-01-20T12:00:00Z'))).toEqual({ zone: 'Europe/London', sameClockAs: ['Africa/Abidjan'] });
		expect(numberZone(candidates, at('2026-07-20T12:00:00Z'))).toBeUndefined();
	});

	test('the day after summer time starts, 09:30 in London is 08:30 in Abidjan: not called; skipped until 09:00 in Abidjan (10:00 in London)', () => {
		const decision = decideCallingHours(plan('skip'), at('2026-03-30T08:30:00Z'));
		expect(decision).toMatchObject({ action: 'skip', next: { time: '2026-03-30T10:00:00+01:00', utc: '2026-03-30T09:00:00.000Z' } });
		// London alone would have been called.
		expect(decideCallingHours({ ...plan('skip'), sameClockAs: undefined }, at('2026-03-30T08:30:00Z'))).toEqual({ action: 'call' });
	});

	test('with Schedule, the call is delayed to the first moment both allow (30 minutes), never to London’s 09:00', () => {
		expect(decideCallingHours(plan('delay'), at('2026-03-30T08:30:00Z'))).toMatchObject({ action: 'delay', delaySeconds: 1800, next: { utc: '2026-03-30T09:00:00.000Z' } });
	});

	test('at 16:30 London time (15:30 in Abidjan) both allow it: the call goes; at 17:00 London (16:00 Abidjan) London’s hours are over: skipped until the next morning in both', () => {
		expect(decideCallingHours(plan('skip'), at('2026-03-30T15:30:00Z'))).toEqual({ action: 'call' });
		expect(decideCallingHours(plan('skip'), at('2026-03-30T16:00:00Z'))).toMatchObject({ action: 'skip', next: { utc: '2026-03-31T09:00:00.000Z', time: '2026-03-31T10:00:00+01:00' } });
	});
});

describe('zones counted as one that part for months (Denver and Phoenix, +1 928 674: one clock in winter, an hour apart from March to November)', () => {
	const rule = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as Weekday[], from: 9 * 60, to: 9 * 60 + 30 };
	const plan: HoursPlan = { rule, zone: 'America/Denver', zoneFrom: 'number', outsideHours: 'skip', sameClockAs: ['America/Phoenix'] };

	test('skipped on Saturday evening before summer time: the next moment is the first both allow (1 November, when they show one clock again), never Denver’s own Sunday 09:00', () => {
		const decision = decideCallingHours(plan, at('2026-03-08T03:30:00Z'));
		expect(decision).toMatchObject({ action: 'skip', next: { time: '2026-11-01T09:00:00-07:00', utc: '2026-11-01T16:00:00.000Z' } });
		expect(decideCallingHours(plan, at('2026-11-01T16:00:00Z'))).toEqual({ action: 'call' });
	});

	test('Add Call: a scheduled_at inside the hours in Denver but not in Phoenix is flagged, naming both clocks', () => {
		const guardrails = guard({ days: ['sunday'], from: '09:00', to: '10:00' }, '+19286742345', ADD);
		const hours = { ...guardrails.hours!, zone: 'America/Denver', sameClockAs: ['America/Phoenix'] };
		// Sunday 8 March 2026, 15:30Z: 09:30 in Denver (summer time), 08:30 in Phoenix.
		const fields = queuedCallHours(hours, at('2026-03-08T15:30:00Z'));
		expect(fields).toMatchObject({ outsideCallingHours: true, timeZone: 'America/Denver', timeZoneSameClockAs: ['America/Phoenix'] });
		expect(fields?.callingHoursWarning).toContain('Sunday 08:30 in America/Phoenix, where the number may also be');
		// 16:30Z: 10:30 in Denver (outside), 09:30 in Phoenix; 16:00Z is 10:00 / 09:00: flagged too (Denver's hours are over).
		expect(queuedCallHours(hours, at('2026-03-08T16:00:00Z'))).toMatchObject({ outsideCallingHours: true });
		// In winter both show 09:30: not flagged.
		expect(queuedCallHours(hours, at('2026-03-01T16:30:00Z'))).toBeUndefined();
	});

	test('Add Call: a UK mobile queued for 03:00: the warning names each other zone the number may be in, with its clock', () => {
		const hours: HoursPlan = { rule, zone: 'Europe/London', zoneFrom: 'number', outsideHours: 'skip', sameClockAs: ['Europe/Guernsey', 'Europe/Isle_of_Man'] };
		expect(queuedCallHours(hours, at('2026-01-20T03:00:00Z'))?.callingHoursWarning).toContain(
			"(2026-01-20T03:00:00+00:00, Europe/London, from the number; Tuesday 03:00 in Europe/Guernsey, where the number may also be; Tuesday 03:00 in Europe/Isle_of_Man, where the number may also be), outside the Calling Hours (every day, 09:00–09:30)",
		);
	});

	test('Add Call: no Calling Hours, or no time Talkover says it will dial: no flag', () => {
		expect(queuedCallHours(undefined, at('2026-03-08T15:30:00Z'))).toBeUndefined();
		expect(queuedCallHours({ ...plan }, undefined)).toBeUndefined();
	});
});

describe('zones that never allow the same moment within the search (a year) fail the item naming Calling Hours and the item, never one zone’s moment', () => {
	test('skipped or scheduled alike: an error, not a next moment', () => {
		const guardrails = guard({ from: '09:00', to: '09:30' }, NEW_YORK, MAKE, 3);
		const apart = { ...guardrails, hours: { ...guardrails.hours!, sameClockAs: ['Asia/Tokyo'] } };
		expect(refused(() => ask(apart, NEW_YORK, at('2026-03-06T20:00:00Z'), 0, 3))).toBe(
			'Calling Hours (item 3): the number may be in several time zones (America/New_York and Asia/Tokyo) and their clocks show Monday to Friday, 09:00–09:30 at no common moment in the next year (they keep different times until a daylight-saving change), so no call can be placed or scheduled; set the lead\'s time zone in Lead\'s Time Zone, or choose wider hours',
		);
	});
});
