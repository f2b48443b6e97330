import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CALENDAR_EVENTS } from '../../../shared/answers';
import { apiInstantMs, readInstant } from '../../../shared/dates';
import type { LocatorSpec } from '../../../shared/locator';
import { locatorField, readLocatorId, UUID } from '../../../shared/locator';
import type { RequestSettings } from '../../../shared/transport';
import { apiPath, getList, shownValue } from '../../../shared/transport';
import { checkParameter, findProperty, invalidInput, show } from '../../../shared/validation';
import type { ApiFields } from '../fields';

/**
 * What the Calendar and Calendar Event operations share: the calendar and event pickers and readers,
 * the event fields (Create Calendar Event; Update: "same fields, all optional"), and the check that a
 * time slot is still free.
 */

const CALENDAR: LocatorSpec = { name: 'calendarId', displayName: 'Calendar', noun: 'calendar', description: 'The Talkover calendar', searchListMethod: 'searchCalendars' };
const EVENT: LocatorSpec = { name: 'eventId', displayName: 'Event', noun: 'event', description: 'The event (the list shows the chosen calendar’s events)', searchListMethod: 'searchEvents' };

export function calendarLocator(): INodeProperties {
	return locatorField(CALENDAR);
}

export function eventLocator(): INodeProperties {
	return locatorField(EVENT);
}

export function getCalendarId(this: IExecuteFunctions, itemIndex: number): string {
	return readLocatorId(this, itemIndex, this.getNodeParameter('calendarId', itemIndex, ''), { ...CALENDAR, label: 'Calendar' });
}

function getEventId(this: IExecuteFunctions, itemIndex: number): string {
	return readLocatorId(this, itemIndex, this.getNodeParameter('eventId', itemIndex, ''), { ...EVENT, label: 'Event' });
}

/** The calendar and the event an item names (Get, Update and Delete of an event), the calendar's errors first. */
export interface EventRef {
	calendarId: string;
	eventId: string;
}

export function readEventRef(this: IExecuteFunctions, itemIndex: number): EventRef {
	return { calendarId: getCalendarId.call(this, itemIndex), eventId: getEventId.call(this, itemIndex) };
}

export function calendarNotFound(calendarId: string): string {
	return `Calendar not found: Talkover has no calendar with ID ${calendarId} for this token's environment`;
}

export function eventNotFound(calendarId: string, eventId: string): string {
	return `Event not found: calendar ${calendarId} has no event with ID ${eventId} (or the calendar does not exist)`;
}

export const EVENT_STATUS_OPTIONS = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Confirmed', value: 'confirmed' },
	{ name: 'Tentative', value: 'tentative' },
];

const TIME_HINT = 'ISO 8601 (e.g. 2026-03-02T15:00:00Z); without a time zone, the workflow’s time zone is used';

export const startAtField: INodeProperties = { displayName: 'Start', name: 'startAt', type: 'dateTime', default: '', description: `When the event starts. ${TIME_HINT}.` };
export const endAtField: INodeProperties = { displayName: 'End', name: 'endAt', type: 'dateTime', default: '', description: `When the event ends, after Start. ${TIME_HINT}.` };

/** Book Only If Free: Create, and Update when the time changes. */
export const onlyIfFreeField: INodeProperties = {
	displayName: 'Book Only If Free',
	name: 'onlyIfFree',
	type: 'boolean',
	default: true,
	description:
		'Whether to look at the calendar’s events first and refuse (nothing is booked) if another event that is not cancelled overlaps the time: the slot may have been taken since the availability was read. All the calendar’s events are read (Talkover’s time filters would miss an event that began earlier and runs over the slot); an event whose time cannot be read, or whose end is not after its start, stops the item.',
};

/** Create Calendar Event's optional fields (Create's Additional Fields; among Update's Update Fields). */
export const optionalEventFields: INodeProperties[] = [
	{
		displayName: 'Attendees',
		name: 'attendees',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Attendee',
		options: [
			{
				displayName: 'Attendee',
				name: 'attendee',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
				],
			},
		],
	},
	{ displayName: 'Created By', name: 'createdBy', type: 'string', default: '', description: 'UUID of the user who creates the event' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '', typeOptions: { rows: 3 } },
	{ displayName: 'Owner ID', name: 'ownerId', type: 'string', default: '', description: 'UUID of the owner (a user or an agent, see Owner Type)' },
	{
		displayName: 'Owner Type',
		name: 'ownerType',
		type: 'options',
		default: 'user',
		options: [
			{ name: 'Agent', value: 'agent' },
			{ name: 'User', value: 'user' },
		],
	},
	{ displayName: 'Status', name: 'status', type: 'options', default: 'confirmed', options: EVENT_STATUS_OPTIONS },
	{ displayName: 'Type', name: 'type', type: 'string', default: '', placeholder: 'meeting', description: 'A free tag, e.g. meeting, appointment or block' },
];

/** Parameter → API field of an event. */
export const EVENT_FIELDS: ApiFields = {
	title: 'title',
	startAt: 'start_at',
	endAt: 'end_at',
	description: 'description',
	status: 'status',
	type: 'type',
	createdBy: 'created_by',
	ownerId: 'owner_id',
	ownerType: 'owner_type',
	attendees: 'attendees',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const IS_UUID = new RegExp(`^${UUID}$`);

/** The readers of the event fields that need more than their definition; `collection` is where they sit. */
export function eventReaders(ctx: IExecuteFunctions, itemIndex: number, properties: INodeProperties[], collection?: string): Record<string, (value: unknown) => unknown> {
	const p = (name: string) => findProperty(properties, name, collection);
	const instant = (name: string) => (value: unknown) => readInstant(ctx, itemIndex, p(name), value, ctx.getTimezone());
	const uuid = (name: string) => (value: unknown) => {
		const text = String(value ?? '').trim();
		if (!IS_UUID.test(text)) throw invalidInput(ctx, itemIndex, p(name), `"${text}" is not a UUID`);
		return text;
	};
	return {
		startAt: instant('startAt'),
		endAt: instant('endAt'),
		createdBy: uuid('createdBy'),
		ownerId: uuid('ownerId'),
		title: (value) => checkParameter(ctx, itemIndex, { ...p('title'), required: true }, value, { maxLength: 255 }),
		type: (value) => checkParameter(ctx, itemIndex, p('type'), value, { maxLength: 255 }),
		attendees: (value) => {
			const list = (Array.isArray(value) ? value : ((value as IDataObject | undefined)?.attendee ?? [])) as IDataObject[];
			return list.map((a, i) => {
				const name = String(a?.name ?? '').trim();
				const email = String(a?.email ?? '').trim();
				if (name === '') throw invalidInput(ctx, itemIndex, p('attendees'), `attendee ${i + 1} has no name`);
				if (!EMAIL.test(email)) throw invalidInput(ctx, itemIndex, p('attendees'), `"${email}" (attendee ${i + 1}) is not an email address`);
				return { name, email };
			});
		},
	};
}

/** Create Calendar Event: the end "must be after start_at". */
export function checkOrder(ctx: IExecuteFunctions, itemIndex: number, property: INodeProperties, start: unknown, end: unknown): void {
	if (typeof start === 'string' && typeof end === 'string' && Date.parse(end) <= Date.parse(start)) {
		throw invalidInput(ctx, itemIndex, property, `${end} is not after the start ${start}`);
	}
}

/** What a value of an event's time field is, for a message: null, missing, a number, a text. */
function describeTime(field: string, value: unknown): string {
	if (value === undefined) return `its ${field} is missing`;
	if (value === null) return `its ${field} is null`;
	return `its ${field} is ${show(value)}, not an ISO 8601 time`;
}

const NOTHING_BOOKED = 'Nothing was booked or changed.';

/**
 * The `start_at` and `end_at` of an event Talkover gave, in milliseconds. The calendar pages show them
 * as ISO 8601 with a zone (`2024-01-20T15:00:00Z`); anything else (null, missing, other names, Unix
 * seconds, a date that does not exist) is an error: a time that cannot be read is never taken as free.
 */
export function eventTimes(ctx: IExecuteFunctions, event: IDataObject, itemIndex: number): { start: number; end: number } {
	const start = apiInstantMs(event.start_at);
	const end = apiInstantMs(event.end_at);
	if (start === undefined || end === undefined) {
		const problem = start === undefined ? describeTime('start_at', event.start_at) : describeTime('end_at', event.end_at);
		const name = eventName(event);
		throw new NodeOperationError(ctx.getNode(), `Book Only If Free cannot tell whether the slot is free: the calendar's event ${name} has a time the node cannot read (${problem})`, {
			itemIndex,
			description: `${NOTHING_BOOKED} Talkover's calendar pages give event times in ISO 8601 (e.g. 2024-01-20T15:00:00Z). Check that event in Talkover, or turn off Book Only If Free to book without the check.`,
		});
	}
	if (end <= start) {
		// Talkover's own rule (Create Calendar Event: end_at "must be after start_at"): an event that ends
		// before it starts has no sensible slot, so it is never taken as free.
		const name = eventName(event);
		throw new NodeOperationError(ctx.getNode(), `Book Only If Free cannot tell whether the slot is free: the calendar's event ${name} ends (${String(event.end_at)}) before it starts (${String(event.start_at)})`, {
			itemIndex,
			description: `${NOTHING_BOOKED} Talkover's calendar pages say an event's end_at must be after its start_at. Check that event in Talkover, or turn off Book Only If Free to book without the check.`,
		});
	}
	return { start, end };
}

/** How a message names an event of Talkover's list: `"Title" (ID)`, the title or the ID alone, or that it has neither. */
function eventName(event: IDataObject): string {
	const [title, id] = [shownValue(event.title), shownValue(event.id)];
	if (title === undefined) return id ?? 'without a title or ID';
	return id === undefined ? `"${title}"` : `"${title}" (${id})`;
}

/** UUIDs are the same whatever the case of their hex digits (RFC 9562), as Talkover's IDs are UUIDs. */
function sameId(a: unknown, b: string | undefined): boolean {
	return b !== undefined && String(a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * A failure of a read made before a write (the slot check, the event's current time): nothing was
 * written, whatever the read's error would otherwise suggest. The error no longer says Talkover may
 * have acted, so the item stays retryable (Retry On Fail), and it says what was not done.
 */
export function failedBeforeWrite(error: unknown, notDone: string): unknown {
	// The node's own refusals (a taken slot, an unreadable time, End before Start) already say so.
	if (!(error instanceof NodeApiError)) return error;
	delete error.context.mayHaveBeenProcessed;
	error.description = [notDone, ...String(error.description ?? '').split('\n')].filter((line) => line !== '').join('\n');
	return error;
}

/** The event in the way, by its title or else its ID (the times, read by eventTimes, follow). */
function conflictName(event: IDataObject): string {
	const name = shownValue(event.title) ?? shownValue(event.id);
	return name === undefined ? 'an event without a title or ID' : `"${name}"`;
}

/**
 * Refuses a booking over another event that is not cancelled. The pages document no "slot taken"
 * answer, so the node looks first: at all the calendar's events, because List Calendar Events' filters
 * only return events wholly inside them (`from` bounds `start_at`, `to` bounds `end_at`), and an event
 * that began before the slot and runs over it must be seen. An event whose time cannot be read is an
 * error, never free. If Talkover itself answers 409, the same sentence comes from the shared errors.
 */
export async function checkSlotFree(
	ctx: IExecuteFunctions,
	{ calendarId, start, end, exceptId }: { calendarId: string; start: string; end: string; exceptId?: string },
	item: RequestSettings & { itemIndex: number },
): Promise<void> {
	const from = Date.parse(start);
	const to = Date.parse(end);
	const events = await getList.call(ctx, apiPath`/calendars/${calendarId}/events`, {}, { ...item, returnAll: true, limit: 0, notFoundMessage: calendarNotFound(calendarId), read: CALENDAR_EVENTS });
	const conflict = events.find((e) => {
		if (sameId(e.id, exceptId) || e.status === 'cancelled') return false;
		const times = eventTimes(ctx, e, item.itemIndex);
		return times.start < to && times.end > from;
	});
	if (conflict) {
		throw new NodeOperationError(ctx.getNode(), `The time slot is no longer free: ${conflictName(conflict)} (${String(conflict.start_at)} to ${String(conflict.end_at)}) is booked there`, {
			itemIndex: item.itemIndex,
			description: `${NOTHING_BOOKED} Get the availability again and choose another slot, or turn off Book Only If Free to book over it on purpose.`,
		});
	}
}
