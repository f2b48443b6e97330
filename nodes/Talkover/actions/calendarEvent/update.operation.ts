import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CALENDAR_EVENT_RECORD } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty, invalidInput } from '../../../shared/validation';
import type { EventRef } from '../calendar/fields';
import {
	calendarLocator,
	checkOrder,
	checkSlotFree,
	endAtField,
	EVENT_FIELDS,
	eventTimes,
	failedBeforeWrite,
	eventLocator,
	eventNotFound,
	eventReaders,
	onlyIfFreeField,
	optionalEventFields,
	readEventRef,
	startAtField,
} from '../calendar/fields';
import { readCollection } from '../fields';
import type { ItemContext } from '../operation';

const updateOptions: INodeProperties[] = [endAtField, startAtField, { displayName: 'Title', name: 'title', type: 'string', default: '' }, ...optionalEventFields];

const properties: INodeProperties[] = [
	calendarLocator(),
	eventLocator(),
	{
		...onlyIfFreeField,
		description: `${String(onlyIfFreeField.description)} Only when the update makes the event take time it did not take: Start or End changes, or Status changes a cancelled event to another status.`,
	},
	collection('updateFields', updateOptions.sort((a, b) => a.displayName.localeCompare(b.displayName))),
];

export const description = updateDisplayOptions({ show: { resource: ['calendarEvent'], operation: ['update'] } }, properties);

/** A PUT that sets the given values: sending it again sets the same values. */
export const repeatable = true;

interface Prepared extends EventRef {
	onlyIfFree: boolean;
	body: IDataObject;
}

/** Update Fields → EVENT_FIELDS; only the fields added are sent. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const body = readCollection(this, itemIndex, properties, 'updateFields', EVENT_FIELDS, { special: eventReaders(this, itemIndex, properties, 'updateFields') });
	if (Object.keys(body).length === 0) throw invalidInput(this, itemIndex, { displayName: 'Update Fields', name: 'updateFields' }, 'add at least one field to change');
	checkOrder(this, itemIndex, findProperty(properties, 'endAt', 'updateFields'), body.start_at, body.end_at);
	const onlyIfFree = checkParameter(this, itemIndex, findProperty(properties, 'onlyIfFree'), this.getNodeParameter('onlyIfFree', itemIndex)) as boolean;
	return { ...readEventRef.call(this, itemIndex), onlyIfFree, body };
}

/**
 * A new time is checked first (Book Only If Free), whenever the update makes the event take time it did
 * not take: Start or End changes, or a cancelled event gets another status (confirmed again). The event is
 * read for its status and the time not given, and other events must not overlap. Output: Talkover's answer
 * (its page: the ID, the changed fields, updated_at).
 */
export async function execute(this: IExecuteFunctions, { calendarId, eventId, onlyIfFree, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const notFoundMessage = eventNotFound(calendarId, eventId);
	const timesChange = body.start_at !== undefined || body.end_at !== undefined;
	const mayTakeTime = body.status !== undefined && body.status !== 'cancelled';
	if (onlyIfFree && (timesChange || mayTakeTime)) {
		try {
			const current = (await talkoverAnswer(this, 'GET', apiPath`/calendars/${calendarId}/events/${eventId}`, { ...item, notFoundMessage, read: CALENDAR_EVENT_RECORD })).value;
			const wasCancelled = current.status === 'cancelled';
			const willBeCancelled = (body.status ?? current.status) === 'cancelled';
			if (!willBeCancelled && (timesChange || wasCancelled)) {
				// The time not given is the event's own: it must be readable too.
				const known = body.start_at !== undefined && body.end_at !== undefined ? undefined : eventTimes(this, current, item.itemIndex);
				const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
				const start = String(body.start_at ?? iso(known!.start));
				const end = String(body.end_at ?? iso(known!.end));
				checkOrder(this, item.itemIndex, findProperty(properties, 'endAt', 'updateFields'), start, end);
				await checkSlotFree(this, { calendarId, start, end, exceptId: eventId }, item);
			}
		} catch (error) {
			throw failedBeforeWrite(error, 'Nothing was changed: the reading of the calendar before the update (Book Only If Free) failed, the update was not sent.');
		}
	}
	const response = await talkoverAnswer(this, 'PUT', apiPath`/calendars/${calendarId}/events/${eventId}`, { ...item, body, notFoundMessage, read: CALENDAR_EVENT_RECORD });
	return [response.value];
}
