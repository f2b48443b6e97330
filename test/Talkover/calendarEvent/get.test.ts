import { callMethod, runTalkover } from '../../helpers/n8n';
import { byId, useSandbox } from '../../helpers/fixtures';
import { CANCELLED_EVENT, DEMO_EVENT, SALES_CALENDAR, UNKNOWN_EVENT } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const get = (eventId: string) => ({ resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR), eventId: byId(eventId) });

describe('Calendar Event → Get', () => {
	test('one GET, the event with its attendees and meeting URL', async () => {
		const { output, error } = await runTalkover({ parameters: get(DEMO_EVENT), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/calendars/${SALES_CALENDAR}/events/${DEMO_EVENT}`]]);
		expect(output![0].json).toMatchObject({ id: DEMO_EVENT, title: 'Demo with Acme', attendees: [{ name: 'Jane Doe', email: 'jane@acme.com' }], meeting_url: 'https://meet.example.com/abc-123' });
	});

	test.each([
		['calendarId', '.', 'Calendar (item 0): "." is not a calendar ID (it may not be "." or contain /, .., spaces, ?, # or %)'],
		['calendarId', 'x/../../agents', 'Calendar (item 0): "x/../../agents" is not a calendar ID (it may not be "." or contain /, .., spaces, ?, # or %)'],
		['eventId', '..', 'Event (item 0): ".." is not an event ID (it may not be "." or contain /, .., spaces, ?, # or %)'],
		['eventId', 'a b?c', 'Event (item 0): "a b?c" is not an event ID (it may not be "." or contain /, .., spaces, ?, # or %)'],
	])('%s %j, from an expression, which would reach another endpoint, is refused before sending', async (name, value, message) => {
		const { error } = await runTalkover({ parameters: { ...get(DEMO_EVENT), [name]: { __rl: true, mode: 'id', value: `={{ ${JSON.stringify(value)} }}` } }, credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test.each([
		['calendarId', 'x/../../agents', 'Calendar (item 0): "x/../../agents" is not a calendar ID (it may not be "." or contain /, .., spaces, ?, # or %)'],
		['eventId', 'a b?c', 'Event (item 0): "a b?c" is not an event ID (it may not be "." or contain /, .., spaces, ?, # or %)'],
	])('%s %j, typed By ID, which would reach another endpoint, is refused by the node before sending', async (name, value, message) => {
		const { error } = await runTalkover({ parameters: { ...get(DEMO_EVENT), [name]: { __rl: true, mode: 'id', value } }, credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('an event ID holding half of an emoji (an expression that cut it in two), which no URL can carry, is refused before sending', async () => {
		const { error } = await runTalkover({ parameters: { ...get(DEMO_EVENT), eventId: { __rl: true, mode: 'id', value: '={{ "evt-😀".slice(0, 5) }}' } }, credentials: credentials() });
		expect(error?.message).toBe('Event (item 0): "evt-\ud83d" is not an event ID (it holds half of a character, as an expression that cut an emoji in two leaves)');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('404 names the event and the calendar', async () => {
		const { error } = await runTalkover({ parameters: get(UNKNOWN_EVENT), credentials: credentials() });
		expect(error?.message).toBe(`Event not found: calendar ${SALES_CALENDAR} has no event with ID ${UNKNOWN_EVENT} (or the calendar does not exist)`);
	});

	test('Continue On Fail: the unknown event is an error item, the known one is output', async () => {
		const { output } = await runTalkover({
			items: [{ id: UNKNOWN_EVENT }, { id: DEMO_EVENT }],
			parameters: { ...get(DEMO_EVENT), eventId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.id, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			[DEMO_EVENT, { item: 1 }],
		]);
	});

	test('the Event picker lists the chosen calendar’s events by start, filtered by title', async () => {
		const all = (await callMethod('listSearch', 'searchEvents', credentials(), [], { resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR) })) as { results: Array<{ name: string; value: string }> };
		expect(all.results.map((r) => r.value)).toEqual([DEMO_EVENT, CANCELLED_EVENT]);
		expect(all.results[0].name).toBe('Demo with Acme (2026-03-02T15:00:00Z, confirmed)');
		const some = (await callMethod('listSearch', 'searchEvents', credentials(), ['acme'], { resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR) })) as { results: unknown[] };
		expect(some.results).toHaveLength(1);
	});
});
