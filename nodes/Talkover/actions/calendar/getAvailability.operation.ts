import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AVAILABILITY } from '../../../shared/answers';
import { readInstant } from '../../../shared/dates';
import { apiPath, talkoverAnswer } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { ItemContext } from '../operation';
import { calendarLocator, calendarNotFound, checkOrder, getCalendarId } from './fields';

const TIME_HINT = 'ISO 8601 (e.g. 2026-03-02T00:00:00Z); without a time zone, the workflow’s time zone is used';

const properties: INodeProperties[] = [
	calendarLocator(),
	{ displayName: 'From', name: 'from', type: 'dateTime', required: true, default: '', description: `Start of the range to look in. ${TIME_HINT}.` },
	{ displayName: 'To', name: 'to', type: 'dateTime', required: true, default: '', description: `End of the range, after From. ${TIME_HINT}.` },
	{
		displayName: 'Duration (Minutes)',
		name: 'durationMinutes',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description: 'Length of the slots to find',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'slots',
		options: [
			{ name: 'One Item per Free Slot', value: 'slots', description: 'No free slot: no item' },
			{ name: 'One Item With All Free Slots', value: 'single', description: '{ calendar_id, from, to, duration_minutes, slots: [...] }, also when there is none' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['calendar'], operation: ['getAvailability'] } }, properties);

/** A read. */
export const repeatable = true;

interface Prepared {
	calendarId: string;
	qs: IDataObject;
	output: string;
}

/** From → `from`, To → `to` (ISO 8601 UTC), Duration (Minutes) → `duration_minutes`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const instant = (name: string) => readInstant(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex), this.getTimezone());
	const from = instant('from');
	const to = instant('to');
	checkOrder(this, itemIndex, findProperty(properties, 'to'), from, to);
	const read = (name: string) => checkParameter(this, itemIndex, findProperty(properties, name), this.getNodeParameter(name, itemIndex));
	return { calendarId: getCalendarId.call(this, itemIndex), qs: { from, to, duration_minutes: read('durationMinutes') }, output: read('output') as string };
}

/** The free slots `{start_at, end_at}` Talkover computes from the calendar's rules, exceptions and events. */
export async function execute(this: IExecuteFunctions, { calendarId, qs, output }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'GET', apiPath`/calendars/${calendarId}/availability`, { ...item, qs, notFoundMessage: calendarNotFound(calendarId), read: AVAILABILITY });
	const slots = response.value.entries;
	if (output === 'single') return [{ calendar_id: calendarId, ...qs, slots }];
	return slots.map((slot) => ({ calendar_id: calendarId, ...slot }));
}
