import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CALENDAR_EVENT_RECORD } from '../../../shared/answers';
import { collection } from '../../../shared/fields';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import {
	calendarLocator,
	calendarNotFound,
	checkOrder,
	checkSlotFree,
	failedBeforeWrite,
	endAtField,
	EVENT_FIELDS,
	eventReaders,
	getCalendarId,
	onlyIfFreeField,
	optionalEventFields,
	startAtField,
} from '../calendar/fields';
import { readCollection } from '../fields';
import type { IfUnsure, ItemContext } from '../operation';

const properties: INodeProperties[] = [
	calendarLocator(),
	{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '', placeholder: 'Demo with Acme' },
	{ ...startAtField, required: true },
	{ ...endAtField, required: true },
	onlyIfFreeField,
	collection('additionalFields', optionalEventFields),
];

export const description = updateDisplayOptions({ show: { resource: ['calendarEvent'], operation: ['create'] } }, properties);

/** Books an event: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = { mayHaveHappened: 'The event may have been created', check: 'the event exists: Calendar Event → Get Many (this calendar, around its start time)', notDone: 'Nothing reached Talkover: the event was not created.' };

interface Prepared {
	calendarId: string;
	onlyIfFree: boolean;
	body: IDataObject;
}

/** Title, Start, End and the Additional Fields → EVENT_FIELDS (times as ISO 8601 UTC). */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const read = eventReaders(this, itemIndex, properties);
	const body: IDataObject = {};
	for (const name of ['title', 'startAt', 'endAt']) body[EVENT_FIELDS[name]] = read[name](this.getNodeParameter(name, itemIndex)) as string;
	checkOrder(this, itemIndex, findProperty(properties, 'endAt'), body.start_at, body.end_at);
	Object.assign(body, readCollection(this, itemIndex, properties, 'additionalFields', EVENT_FIELDS, { special: eventReaders(this, itemIndex, properties, 'additionalFields') }));
	const onlyIfFree = checkParameter(this, itemIndex, findProperty(properties, 'onlyIfFree'), this.getNodeParameter('onlyIfFree', itemIndex)) as boolean;
	return { calendarId: getCalendarId.call(this, itemIndex), onlyIfFree, body };
}

/** With Book Only If Free (and an event that is not cancelled), the slot is checked first. */
export async function execute(this: IExecuteFunctions, { calendarId, onlyIfFree, body }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	if (onlyIfFree && body.status !== 'cancelled') {
		try {
			await checkSlotFree(this, { calendarId, start: String(body.start_at), end: String(body.end_at) }, item);
		} catch (error) {
			throw failedBeforeWrite(error, 'Nothing was booked: the check of the calendar before booking (Book Only If Free) failed, the event was not sent.');
		}
	}
	const response = await talkoverAnswer(this, 'POST', apiPath`/calendars/${calendarId}/events`, { ...item, body, notFoundMessage: calendarNotFound(calendarId), read: CALENDAR_EVENT_RECORD });
	return [response.value];
}
