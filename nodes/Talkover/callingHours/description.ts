import type { INodeProperties } from 'n8n-workflow';

import { DAY_NAMES, WEEKDAYS } from './rule';

/**
 * The Calling Hours option as a node holds it (an entry of an operation's Options): the allowed days and
 * the window of the day in the lead's local time, the lead's time zone, and what to do when that zone is
 * unknown. Only the description: read.ts reads and checks the value.
 *
 * Value: `{ hours: { days, from, to, timeZone, whenZoneUnknown, fallbackZone } }`, and `outsideHours` beside them
 * where Make Call shows it (engine/options.ts adds the field to the group).
 */

export const daysProperty: INodeProperties = {
	displayName: 'Allowed Days',
	name: 'days',
	type: 'multiOptions',
	options: WEEKDAYS.map((day) => ({ name: DAY_NAMES[day], value: day })),
	default: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
	description: "The days of the week calls are allowed, in the lead's local time",
};

export const fromProperty: INodeProperties = {
	displayName: 'From',
	name: 'from',
	type: 'string',
	default: '09:00',
	placeholder: '09:00',
	description: "The first minute calls are allowed, in the lead's local time (HH:MM, 24 hours)",
};

export const toProperty: INodeProperties = {
	displayName: 'To',
	name: 'to',
	type: 'string',
	default: '17:00',
	placeholder: '17:00',
	description: "The end of the allowed hours, in the lead's local time (HH:MM, 24 hours); that minute itself is not allowed: 17:00 allows calls until 16:59. 24:00 is the end of the day.",
};

export const timeZoneProperty: INodeProperties = {
	displayName: "Lead's Time Zone",
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: "{{ $('CRM Webhook').item.json.body.timezone }}",
	description: "The lead's time zone, an IANA name such as America/New_York, usually mapped from your CRM. Leave empty when it is not known.",
};

export const whenZoneUnknownProperty: INodeProperties = {
	displayName: 'When the Time Zone Is Unknown',
	name: 'whenZoneUnknown',
	type: 'options',
	options: [
		{ name: 'Refuse the Call', value: 'refuse', description: 'The item fails: nothing is sent to Talkover' },
		{ name: 'Use a Time Zone I Name', value: 'useZone', description: 'Apply the calling hours in the time zone given below' },
		{ name: 'Dial Anyway', value: 'dial', description: 'Place the call without checking the calling hours' },
	],
	default: 'refuse',
	description: "What to do when the lead's time zone is neither given nor known from the number",
};

export const fallbackZoneProperty: INodeProperties = {
	displayName: 'Time Zone to Use',
	name: 'fallbackZone',
	type: 'string',
	default: '',
	placeholder: 'America/New_York',
	description: "The IANA time zone whose hours apply when the lead's own is unknown",
	displayOptions: { show: { whenZoneUnknown: ['useZone'] } },
};

/**
 * What Make Call does outside the hours (not part of the group above: only an operation that can delay its
 * request shows it, beside the group's fields). Skip: the item is not dialled and outputs the next allowed
 * moment. Schedule: when that moment is at most an hour away (Make Call's `delay_seconds` allows 0–3600),
 * the call is sent at once with the delay that makes it start then; further away, the item is skipped.
 */
export const outsideHoursProperty: INodeProperties = {
	displayName: 'Outside the Hours',
	name: 'outsideHours',
	type: 'options',
	options: [
		{ name: 'Skip the Item', value: 'skip', description: 'Nothing is sent: the item comes out with skipped: true and the next allowed moment' },
		{
			name: 'Schedule With a Delay When Within an Hour',
			value: 'delay',
			description: 'When the hours open within an hour, the call is placed now with Talkover’s delay, to start when they open; later than that, the item is skipped',
		},
	],
	default: 'skip',
	description: 'What happens to a call asked for outside the calling hours',
};

/** The entry of an operation's Options (a collection). */
export const callingHoursOption: INodeProperties = {
	displayName: 'Calling Hours',
	name: 'callingHours',
	type: 'fixedCollection',
	placeholder: 'Add Calling Hours',
	default: {},
	description: "Call only on these days and hours in the lead's local time; outside them the item is not dialled and comes out with the next allowed moment",
	options: [
		{
			displayName: 'Calling Hours',
			name: 'hours',
			values: [daysProperty, fromProperty, toProperty, timeZoneProperty, whenZoneUnknownProperty, fallbackZoneProperty],
		},
	],
};

/** A field of the option as every message names it: "Calling Hours › To". */
export function callingHoursField(property: Pick<INodeProperties, 'displayName' | 'name'>): Pick<INodeProperties, 'displayName' | 'name'> {
	return { displayName: `${callingHoursOption.displayName} › ${property.displayName}`, name: property.name };
}
