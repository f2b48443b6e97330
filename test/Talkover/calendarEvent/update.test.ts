import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, useSandbox } from '../../helpers/fixtures';
import { CANCELLED_EVENT, DEMO_EVENT, SALES_CALENDAR, UNKNOWN_EVENT } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const update = (eventId: string, updateFields: INodeParameters, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'calendarEvent',
	operation: 'update',
	calendarId: byId(SALES_CALENDAR),
	eventId: byId(eventId),
	updateFields,
	...extra,
});
const puts = (id: string) => sandbox().requestsTo('PUT', `/api/v1/calendars/${SALES_CALENDAR}/events/${id}`);

describe('Calendar Event → Update', () => {
	test('a change without a new time: one PUT with only that field; output Talkover’s answer', async () => {
		const { output, error } = await runTalkover({ parameters: update(DEMO_EVENT, { status: 'cancelled' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['PUT']);
		expect(puts(DEMO_EVENT)[0].body).toEqual({ status: 'cancelled' });
		expect(output![0].json).toEqual({ id: DEMO_EVENT, status: 'cancelled', updated_at: expect.any(String) });
	});

	test('moving it: the event is read (for the end not given), the new slot checked without the event itself, then the PUT', async () => {
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, { startAt: '2026-03-02T15:10:00Z' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/events/${DEMO_EVENT}`],
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/events`],
			['PUT', `/api/v1/calendars/${SALES_CALENDAR}/events/${DEMO_EVENT}`],
		]);
		expect(puts(DEMO_EVENT)[0].body).toEqual({ start_at: '2026-03-02T15:10:00Z' });
	});

	test('moving it: the event itself, listed with its ID in upper case, is not a conflict (UUIDs compared without case)', async () => {
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/calendars/${SALES_CALENDAR}/events`,
			status: 200,
			body: { success: true, data: [{ id: DEMO_EVENT.toUpperCase(), calendar_id: SALES_CALENDAR, title: 'Demo with Acme', start_at: '2026-03-02T15:00:00Z', end_at: '2026-03-02T15:30:00Z', status: 'confirmed', type: 'meeting' }] },
		});
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, { startAt: '2026-03-02T15:10:00Z', endAt: '2026-03-02T15:40:00Z' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(puts(DEMO_EVENT)).toHaveLength(1);
	});

	test('the event read for its current time has no readable start_at: an error, nothing changed', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/calendars/${SALES_CALENDAR}/events/${DEMO_EVENT}`, status: 200, body: { success: true, data: { id: DEMO_EVENT, title: 'Demo with Acme', start_at: null, end_at: '2026-03-02T15:30:00Z', status: 'confirmed' } } });
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, { endAt: '2026-03-02T15:45:00Z' }), credentials: credentials() });
		expect(error?.message).toBe(`Book Only If Free cannot tell whether the slot is free: the calendar's event "Demo with Acme" (${DEMO_EVENT}) has a time the node cannot read (its start_at is null)`);
		expect(puts(DEMO_EVENT)).toHaveLength(0);
	});

	test('the reads before the PUT fail (503): the error says nothing was changed', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/calendars/${SALES_CALENDAR}/events/${DEMO_EVENT}`, status: 503, body: { success: false, message: 'Service unavailable' }, times: 6 });
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, { startAt: '2026-03-02T15:10:00Z' }), credentials: credentials() });
		expect(error?.message).toBe('Talkover had a problem on its side (HTTP 503)');
		expect(error?.description).toContain('Nothing was changed: the reading of the calendar before the update (Book Only If Free) failed, the update was not sent.');
		expect(puts(DEMO_EVENT)).toHaveLength(0);
	});

	test('moving it onto another event: refused, nothing changed', async () => {
		sandbox().calendarEvents.push({ ...sandbox().calendarEvents[0], id: 'e0e00000-0000-4000-8000-0000000000aa', title: 'Other', start_at: '2026-03-02T17:00:00Z', end_at: '2026-03-02T17:30:00Z' });
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, { startAt: '2026-03-02T17:15:00Z', endAt: '2026-03-02T17:45:00Z' }), credentials: credentials() });
		expect(error?.message).toBe('The time slot is no longer free: "Other" (2026-03-02T17:00:00Z to 2026-03-02T17:30:00Z) is booked there');
		expect(puts(DEMO_EVENT)).toHaveLength(0);
	});

	test('a new end before the current start is refused after reading the event', async () => {
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, { endAt: '2026-03-02T14:00:00Z' }), credentials: credentials() });
		expect(error?.message).toBe('End (item 0): 2026-03-02T14:00:00Z is not after the start 2026-03-02T15:00:00Z');
		expect(puts(DEMO_EVENT)).toHaveLength(0);
	});

	// Confirming a cancelled event again makes it take its time: the slot is checked.
	test('a cancelled event confirmed again (times unchanged) over a slot another event now holds: refused, nothing changed', async () => {
		sandbox().calendarEvents.push({ ...sandbox().calendarEvents[0], id: 'e0e00000-0000-4000-8000-0000000000aa', title: 'Booked after the cancellation', start_at: '2026-03-02T16:00:00Z', end_at: '2026-03-02T16:30:00Z', status: 'confirmed' });
		const { error } = await runTalkover({ parameters: update(CANCELLED_EVENT, { status: 'confirmed' }), credentials: credentials() });
		expect(error?.message).toBe('The time slot is no longer free: "Booked after the cancellation" (2026-03-02T16:00:00Z to 2026-03-02T16:30:00Z) is booked there');
		expect(puts(CANCELLED_EVENT)).toHaveLength(0);
	});

	test('a cancelled event confirmed again over a free slot: the event read, the slot checked, then the PUT', async () => {
		const { error } = await runTalkover({ parameters: update(CANCELLED_EVENT, { status: 'confirmed' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /api/v1/calendars/${SALES_CALENDAR}/events/${CANCELLED_EVENT}`,
			`GET /api/v1/calendars/${SALES_CALENDAR}/events`,
			`PUT /api/v1/calendars/${SALES_CALENDAR}/events/${CANCELLED_EVENT}`,
		]);
		expect(puts(CANCELLED_EVENT)[0].body).toEqual({ status: 'confirmed' });
	});

	test('a status change of an event that already takes its time (times unchanged): no slot check', async () => {
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, { status: 'confirmed' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
	});

	test('Book Only If Free off: the PUT alone; attendees replaced', async () => {
		await runTalkover({ parameters: update(CANCELLED_EVENT, { startAt: '2026-03-02T15:00:00Z', attendees: { attendee: [{ name: 'Dan', email: 'dan@hooli.example' }] } }, { onlyIfFree: false }), credentials: credentials() });
		expect(sandbox().requests.map((r) => r.method)).toEqual(['PUT']);
		expect(puts(CANCELLED_EVENT)[0].body).toEqual({ start_at: '2026-03-02T15:00:00Z', attendees: [{ name: 'Dan', email: 'dan@hooli.example' }] });
	});

	test.each([
		[{ startAt: '2026-02-30T15:00:00Z' }, /^Start \(item 0\): "2026-02-30T15:00:00Z" is not a real date and time/],
		[{ endAt: '2026-04-31T15:30:00Z' }, /^End \(item 0\): "2026-04-31T15:30:00Z" is not a real date and time/],
		[{ startAt: '2026-03-08T02:15:00' }, /^Start \(item 0\): 2026-03-08 02:15 does not exist in the time zone America\/New_York/],
	])('a time that does not exist (%o) is refused before anything is sent', async (fields, message) => {
		const { error } = await runTalkover({ parameters: update(DEMO_EVENT, fields), credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('nothing to change is refused before sending; 404 names the event', async () => {
		const empty = await runTalkover({ parameters: update(DEMO_EVENT, {}), credentials: credentials() });
		expect(empty.error?.message).toBe('Update Fields (item 0): add at least one field to change');
		expect(sandbox().requests).toHaveLength(0);
		const unknown = await runTalkover({ parameters: update(UNKNOWN_EVENT, { title: 'New' }), credentials: credentials() });
		expect(unknown.error?.message).toBe(`Event not found: calendar ${SALES_CALENDAR} has no event with ID ${UNKNOWN_EVENT} (or the calendar does not exist)`);
	});

	test('Continue On Fail: the unknown event is an error item, the known one is updated', async () => {
		const { output } = await runTalkover({
			items: [{ id: UNKNOWN_EVENT }, { id: DEMO_EVENT }],
			parameters: { ...update(DEMO_EVENT, { title: 'Demo (moved)' }), eventId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.title, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			['Demo (moved)', { item: 1 }],
		]);
	});
});
