import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CALENDAR_EVENT_DELETED } from '../../../shared/answers';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import type { EventRef } from '../calendar/fields';
import { calendarLocator, eventLocator, eventNotFound, readEventRef } from '../calendar/fields';
import { goneAfterRetryNote } from '../fields';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['calendarEvent'], operation: ['delete'] } }, [
	{
		displayName: 'Talkover notifies the attendees if the event was confirmed. To keep the event but free its time, update its Status to Cancelled instead.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	calendarLocator(),
	eventLocator(),
]);

/** A DELETE: once the event is gone, sending it again deletes nothing more. */
export const repeatable = true;

export const prepare = readEventRef;

/** Talkover answers with a message only: the item says what was deleted. */
export async function execute(this: IExecuteFunctions, { calendarId, eventId }: EventRef, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'DELETE', apiPath`/calendars/${calendarId}/events/${eventId}`, { ...item, notFoundMessage: eventNotFound(calendarId, eventId), read: CALENDAR_EVENT_DELETED, goneAfterRetry: true });
	return [{ deleted: true, id: eventId, calendar_id: calendarId, ...(response.goneAfterRetry ? { note: goneAfterRetryNote('event') } : {}) }];
}
