import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, useSandbox } from '../../helpers/fixtures';
import { SALES_CALENDAR, UNKNOWN_CALENDAR } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const create = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'calendarEvent',
	operation: 'create',
	calendarId: byId(SALES_CALENDAR),
	title: 'Demo with Initech',
	startAt: '2026-03-02T16:00:00Z',
	endAt: '2026-03-02T16:30:00Z',
	...extra,
});
const posts = () => sandbox().requestsTo('POST', `/api/v1/calendars/${SALES_CALENDAR}/events`);
const looks = () => sandbox().requestsTo('GET', `/api/v1/calendars/${SALES_CALENDAR}/events`);

describe('Calendar Event → Create', () => {
	test('the slot is checked (all the calendar’s events: Talkover’s from/to filters only return events wholly inside them), then one POST; output the event', async () => {
		const { output, error } = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(looks().map((r) => r.query)).toEqual([{ per_page: '100', page: '1' }]);
		expect(posts().map((r) => r.body)).toEqual([{ title: 'Demo with Initech', start_at: '2026-03-02T16:00:00Z', end_at: '2026-03-02T16:30:00Z' }]);
		expect(output![0].json).toMatchObject({ calendar_id: SALES_CALENDAR, title: 'Demo with Initech', status: 'confirmed' });
	});

	test('every Additional Field under its API name; local times in the workflow’s time zone', async () => {
		const ownerId = '550e8400-e29b-41d4-a716-446655440001';
		await runTalkover({
			parameters: create({
				startAt: '2026-03-03T10:00:00',
				endAt: '2026-03-03T10:45:00',
				additionalFields: {
					description: 'Booked by the agent',
					status: 'tentative',
					type: 'appointment',
					ownerType: 'agent',
					ownerId,
					createdBy: '0a000000-0000-4000-8000-000000000001',
					attendees: { attendee: [{ name: 'Carol', email: 'carol@initech.example' }] },
				},
			}),
			credentials: credentials(),
		});
		expect(posts()[0].body).toEqual({
			title: 'Demo with Initech',
			start_at: '2026-03-03T15:00:00Z',
			end_at: '2026-03-03T15:45:00Z',
			description: 'Booked by the agent',
			status: 'tentative',
			type: 'appointment',
			owner_type: 'agent',
			owner_id: ownerId,
			created_by: '0a000000-0000-4000-8000-000000000001',
			attendees: [{ name: 'Carol', email: 'carol@initech.example' }],
		});
	});

	test('a title of 200 emoji is 200 characters (Talkover counts code points), under the 255 allowed: booked', async () => {
		const { error } = await runTalkover({ parameters: create({ title: '📅'.repeat(200) }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()[0].body.title).toBe('📅'.repeat(200));
		const long = await runTalkover({ parameters: create({ title: '📅'.repeat(256) }), credentials: credentials() });
		expect(long.error?.message).toBe('Title (item 0): is 256 characters long; at most 255 are allowed');
	});

	test('a slot no longer free (another event overlaps): refused with a sentence, nothing booked', async () => {
		const { error } = await runTalkover({ parameters: create({ startAt: '2026-03-02T15:15:00Z', endAt: '2026-03-02T15:45:00Z' }), credentials: credentials() });
		expect(error?.message).toBe('The time slot is no longer free: "Demo with Acme" (2026-03-02T15:00:00Z to 2026-03-02T15:30:00Z) is booked there');
		expect(error?.description).toContain('Nothing was booked or changed');
		expect(posts()).toHaveLength(0);
	});

	test('a calendar of 1,500 events that Talkover pages (100 a page, by start): the event over the slot, on the last page, is seen: refused, nothing booked', async () => {
		const sb = sandbox() as unknown as { eventsPagingShape: string };
		sb.eventsPagingShape = 'meta';
		const first = Date.parse('2025-12-01T09:00:00Z');
		for (let i = 0; i < 1500; i++) {
			const start = first + i * 3600_000;
			sandbox().calendarEvents.push({ ...sandbox().calendarEvents[0], id: `e0e00000-0000-4000-8000-${String(10_000 + i).padStart(12, '0')}`, title: `Busy ${i}`, start_at: new Date(start).toISOString().replace('.000', ''), end_at: new Date(start + 1800_000).toISOString().replace('.000', '') });
		}
		sandbox().calendarEvents.push({ ...sandbox().calendarEvents[0], id: 'e0e00000-0000-4000-8000-0000000000b2', title: 'Late overlap', start_at: '2026-03-02T16:15:00Z', end_at: '2026-03-02T17:00:00Z' });
		const { error } = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(error?.message).toBe('The time slot is no longer free: "Late overlap" (2026-03-02T16:15:00Z to 2026-03-02T17:00:00Z) is booked there');
		expect(posts()).toHaveLength(0);
		expect(looks().map((r) => r.query.page)).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
	});

	test('an event that began days before the slot and runs over it is seen: refused, nothing booked', async () => {
		sandbox().calendarEvents.push({ ...sandbox().calendarEvents[0], id: 'e0e00000-0000-4000-8000-0000000000b1', title: 'Trade fair', start_at: '2026-02-27T08:00:00Z', end_at: '2026-03-06T18:00:00Z' });
		const { error } = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(error?.message).toBe('The time slot is no longer free: "Trade fair" (2026-02-27T08:00:00Z to 2026-03-06T18:00:00Z) is booked there');
		expect(posts()).toHaveLength(0);
	});

	const listed = (event: Record<string, unknown>) => ({
		method: 'GET',
		path: `/api/v1/calendars/${SALES_CALENDAR}/events`,
		status: 200,
		body: { success: true, data: [{ id: 'e0e00000-0000-4000-8000-0000000000b2', calendar_id: SALES_CALENDAR, title: 'Odd', status: 'confirmed', type: 'meeting', ...event }] },
	});

	test.each([
		['start_at null', { start_at: null, end_at: '2026-03-02T16:30:00Z' }, 'its start_at is null'],
		['no end_at', { start_at: '2026-03-02T16:00:00Z' }, 'its end_at is missing'],
		['times under other names', { start: '2026-03-02T16:00:00Z', end: '2026-03-02T16:30:00Z' }, 'its start_at is missing'],
		['Unix seconds', { start_at: 1772467200, end_at: 1772469000 }, 'its start_at is 1772467200, not an ISO 8601 time'],
		['a date that does not exist', { start_at: '2026-02-30T16:00:00Z', end_at: '2026-03-02T16:30:00Z' }, 'its start_at is "2026-02-30T16:00:00Z", not an ISO 8601 time'],
		['no time zone', { start_at: '2026-03-02T16:00:00', end_at: '2026-03-02T16:30:00' }, 'its start_at is "2026-03-02T16:00:00", not an ISO 8601 time'],
	])('an event whose time cannot be read (%s) is an error, never free: nothing booked', async (_, event, problem) => {
		sandbox().inject(listed(event));
		const { error } = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(error?.message).toBe(`Book Only If Free cannot tell whether the slot is free: the calendar's event "Odd" (e0e00000-0000-4000-8000-0000000000b2) has a time the node cannot read (${problem})`);
		expect(error?.description).toContain('Nothing was booked or changed.');
		expect(posts()).toHaveLength(0);
	});

	// An event that ends before (or as) it starts, over the slot, is not taken as free.
	test.each([
		['ends before it starts (18:00 → 17:00)', '2026-03-02T18:00:00Z', '2026-03-02T17:00:00Z'],
		['ends as it starts', '2026-03-02T16:10:00Z', '2026-03-02T16:10:00Z'],
	])('an event that %s is an error, never free: nothing booked', async (_, start_at, end_at) => {
		sandbox().inject(listed({ start_at, end_at }));
		const { error } = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(error?.message).toBe(`Book Only If Free cannot tell whether the slot is free: the calendar's event "Odd" (e0e00000-0000-4000-8000-0000000000b2) ends (${end_at}) before it starts (${start_at})`);
		expect(error?.description).toContain('Nothing was booked or changed.');
		expect(posts()).toHaveLength(0);
	});

	test('a cancelled event whose time cannot be read blocks nothing', async () => {
		sandbox().inject(listed({ start_at: null, end_at: null, status: 'cancelled' }));
		const { error } = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(1);
	});

	test('the check before booking fails (503 on the GET, retries used up): nothing was created, and Retry On Fail books it on its next try', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/calendars/${SALES_CALENDAR}/events`, status: 503, body: { success: false, message: 'Service unavailable' }, times: 6 });
		const failed = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(failed.error?.message).toBe('Talkover had a problem on its side (HTTP 503)');
		expect(failed.error?.description).toContain('Nothing was booked: the check of the calendar before booking (Book Only If Free) failed, the event was not sent.');
		expect(failed.error?.description).not.toContain('may have');
		expect(posts()).toHaveLength(0);
		sandbox().requests.length = 0;
		sandbox().inject({ method: 'GET', path: `/api/v1/calendars/${SALES_CALENDAR}/events`, status: 503, body: { success: false, message: 'Service unavailable' }, times: 6 });
		const retried = await runTalkover({ parameters: create(), credentials: credentials(), settings: retryOnFail(2) });
		expect(retried.error).toBeUndefined();
		expect(posts()).toHaveLength(1);
	});

	test('a cancelled event does not block the slot; Book Only If Free off books without looking', async () => {
		const overCancelled = await runTalkover({ parameters: create({ startAt: '2026-03-02T16:00:00Z', endAt: '2026-03-02T16:30:00Z' }), credentials: credentials() });
		expect(overCancelled.error).toBeUndefined();
		sandbox().requests.length = 0;
		const anyway = await runTalkover({ parameters: create({ startAt: '2026-03-02T15:00:00Z', endAt: '2026-03-02T15:30:00Z', onlyIfFree: false }), credentials: credentials() });
		expect(anyway.error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['POST']);
	});

	test('undocumented: if Talkover itself answers 409 for a taken slot, the same sentence', async () => {
		sandbox().eventOverlap = 'reject';
		const { error } = await runTalkover({ parameters: create({ startAt: '2026-03-02T15:00:00Z', endAt: '2026-03-02T15:30:00Z', onlyIfFree: false }), credentials: credentials() });
		expect(error?.message).toBe('The time slot is no longer free: another event was booked there. Get the availability again and choose another slot');
	});

	test.each([
		[{ endAt: '2026-03-02T15:59:00Z' }, /^End \(item 0\): 2026-03-02T15:59:00Z is not after the start 2026-03-02T16:00:00Z/],
		[{ startAt: 'tomorrow' }, /^Start \(item 0\): "tomorrow" is not a date and time/],
		[{ startAt: '2026-02-30T10:00:00Z', endAt: '2026-02-30T10:30:00Z' }, /^Start \(item 0\): "2026-02-30T10:00:00Z" is not a real date and time/],
		[{ startAt: '2026-03-02T16:00:00Z', endAt: '2026-03-02T24:00:00Z' }, /^End \(item 0\): "2026-03-02T24:00:00Z" is not a real date and time/],
		[{ startAt: '2026-03-08T02:30:00', endAt: '2026-03-08T03:30:00' }, /^Start \(item 0\): 2026-03-08 02:30 does not exist in the time zone America\/New_York \(the clocks skip that hour/],
		[{ title: '={{ "" }}' }, /^Title \(item 0\): is required but empty/],
		[{ additionalFields: { attendees: { attendee: [{ name: 'Carol', email: 'carol-at-initech' }] } } }, /^Attendees \(item 0\): "carol-at-initech" \(attendee 1\) is not an email address/],
		[{ additionalFields: { ownerId: 'agent-7' } }, /^Owner ID \(item 0\): "agent-7" is not a UUID/],
	])('%o is refused before anything is sent', async (extra, message) => {
		const { error } = await runTalkover({ parameters: create(extra as INodeParameters), credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('404 names the calendar; Talkover’s 422 is shown field by field', async () => {
		const unknown = await runTalkover({ parameters: create({ calendarId: byId(UNKNOWN_CALENDAR) }), credentials: credentials() });
		expect(unknown.error?.message).toBe(`Calendar not found: Talkover has no calendar with ID ${UNKNOWN_CALENDAR} for this token's environment`);
		sandbox().inject({ method: 'POST', status: 422, body: { success: false, message: 'The given data was invalid.', errors: { end_at: ['The end at must be a date after start at.'] } } });
		const invalid = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(invalid.error?.description).toContain('end_at: The end at must be a date after start at.');
	});

	test('never sent twice: a 500 on the POST is not retried, not even by n8n’s Retry On Fail', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { success: false, message: 'Internal server error.' } });
		const { error } = await runTalkover({ parameters: create(), credentials: credentials(), settings: retryOnFail(2) });
		expect(error?.message).toBe('The event may have been created: Talkover had a problem on its side (HTTP 500)');
		expect(posts()).toHaveLength(1);
	});

	test('Continue On Fail: the taken slot is an error item, the free one is booked', async () => {
		const { output } = await runTalkover({
			items: [{ start: '2026-03-02T15:00:00Z', end: '2026-03-02T15:30:00Z' }, { start: '2026-03-02T14:00:00Z', end: '2026-03-02T14:30:00Z' }],
			parameters: create({ startAt: '={{ $json.start }}', endAt: '={{ $json.end }}' }),
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'taken' : o.json.start_at, o.pairedItem])).toEqual([
			['taken', { item: 0 }],
			['2026-03-02T14:00:00Z', { item: 1 }],
		]);
	});
});
