import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CALENDAR_EVENTS } from '../../../shared/answers';
import { readInstant } from '../../../shared/dates';
import { collection } from '../../../shared/fields';
import { apiPath, getList } from '../../../shared/transport';
import { findProperty } from '../../../shared/validation';
import { calendarLocator, calendarNotFound, checkOrder, EVENT_STATUS_OPTIONS, getCalendarId } from '../calendar/fields';
import type { ApiFields, ListRequest } from '../fields';
import { readCollection, readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';

const TIME_HINT = 'ISO 8601; without a time zone, the workflow’s time zone is used';

const filters = collection('filters', [
	{ displayName: 'From', name: 'from', type: 'dateTime', default: '', description: `Only events starting at or after this time. ${TIME_HINT}.` },
	{ displayName: 'Status', name: 'status', type: 'options', default: 'confirmed', options: EVENT_STATUS_OPTIONS },
	{ displayName: 'To', name: 'to', type: 'dateTime', default: '', description: `Only events ending at or before this time. ${TIME_HINT}.` },
]);

const properties: INodeProperties[] = [calendarLocator(), ...returnAllAndLimit, filters];

export const description = updateDisplayOptions({ show: { resource: ['calendarEvent'], operation: ['getMany'] } }, properties);

/** A read. */
export const repeatable = true;

/** Filters → query parameters of `GET /calendars/{id}/events`. */
const FILTERS: ApiFields = { from: 'from', to: 'to', status: 'status' };

interface Prepared extends ListRequest {
	calendarId: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const instant = (name: string) => (value: unknown) => readInstant(this, itemIndex, findProperty([filters], name, 'filters'), value, this.getTimezone());
	const qs = readCollection(this, itemIndex, [filters], 'filters', FILTERS, { omitEmpty: true, special: { from: instant('from'), to: instant('to') } });
	checkOrder(this, itemIndex, findProperty([filters], 'to', 'filters'), qs.from, qs.to);
	return { calendarId: getCalendarId.call(this, itemIndex), ...readListLimits.call(this, itemIndex), qs };
}

/** One item per event. The page documents no paging; a paging object, if Talkover sends one, is followed. */
export async function execute(this: IExecuteFunctions, { calendarId, qs, ...limits }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	return await getList.call(this, apiPath`/calendars/${calendarId}/events`, qs, { ...item, ...limits, read: CALENDAR_EVENTS, notFoundMessage: calendarNotFound(calendarId) });
}
