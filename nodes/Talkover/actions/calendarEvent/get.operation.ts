import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiPath, talkoverRequest, unwrap } from '../../../shared/transport';
import { calendarLocator, eventLocator, eventNotFound, getCalendarId, getEventId } from '../calendar/fields';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['calendarEvent'], operation: ['get'] } }, [calendarLocator(), eventLocator()]);

/** A read. */
export const repeatable = true;

interface Prepared {
	calendarId: string;
	eventId: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return { calendarId: getCalendarId.call(this, itemIndex), eventId: getEventId.call(this, itemIndex) };
}

/** The event with its attendees and meeting URL. */
export async function execute(this: IExecuteFunctions, { calendarId, eventId }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverRequest.call(this, 'GET', apiPath`/calendars/${calendarId}/events/${eventId}`, { ...item, notFoundMessage: eventNotFound(calendarId, eventId), expect: 'object' });
	return [unwrap(response.body) as IDataObject];
}
