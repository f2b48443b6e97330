import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CALENDAR_EVENT_RECORD } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import type { EventRef } from '../calendar/fields';
import { calendarLocator, eventLocator, eventNotFound, readEventRef } from '../calendar/fields';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['calendarEvent'], operation: ['get'] } }, [calendarLocator(), eventLocator()]);

/** A read. */
export const repeatable = true;

export const prepare = readEventRef;

/** The event with its attendees and meeting URL. */
export async function execute(this: IExecuteFunctions, { calendarId, eventId }: EventRef, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'GET', apiPath`/calendars/${calendarId}/events/${eventId}`, { ...item, notFoundMessage: eventNotFound(calendarId, eventId), read: CALENDAR_EVENT_RECORD });
	return [response.value];
}
