import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, useSandbox } from '../../helpers/fixtures';
import { DEMO_EVENT, SALES_CALENDAR, UNKNOWN_EVENT } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const GONE_NOTE = (noun: string) =>
	`Talkover answered "not found" when the delete was sent again after an unclear answer: the ${noun} is gone (deleted by the first attempt, or gone before it)`;

const remove = (eventId: string) => ({ resource: 'calendarEvent', operation: 'delete', calendarId: byId(SALES_CALENDAR), eventId: byId(eventId) });

describe('Calendar Event → Delete', () => {
	test('one DELETE; the item says what was deleted', async () => {
		const { output, error } = await runTalkover({ parameters: remove(DEMO_EVENT), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v1/calendars/${SALES_CALENDAR}/events/${DEMO_EVENT}`]]);
		expect(output![0].json).toEqual({ deleted: true, id: DEMO_EVENT, calendar_id: SALES_CALENDAR });
		expect(sandbox().calendarEvents.some((e) => e.id === DEMO_EVENT)).toBe(false);
	});

	test('a DELETE answered 500 that went through, tried again by n8n\'s Retry On Fail into a 404: deleted (it is gone), not "not found"', async () => {
		sandbox().inject({
			method: 'DELETE',
			times: 1,
			reply: () => {
				sandbox().calendarEvents = sandbox().calendarEvents.filter((e) => e.id !== DEMO_EVENT);
				return { status: 500, body: { success: false, message: 'Internal server error.' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: { ...remove(DEMO_EVENT), options: { maxRetries: 0 } }, credentials: credentials(), settings: retryOnFail(2) });
		expect(error).toBeUndefined();
		expect(sandbox().requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
		expect(output![0].json).toEqual({ deleted: true, id: DEMO_EVENT, calendar_id: SALES_CALENDAR, note: GONE_NOTE('event') });
	});

	test('a DELETE answered 500 that went through, retried into a 404: deleted (it is gone), not "not found"', async () => {
		sandbox().inject({
			method: 'DELETE',
			reply: () => {
				sandbox().calendarEvents = sandbox().calendarEvents.filter((e) => e.id !== DEMO_EVENT);
				return { status: 500, body: { success: false, message: 'Internal server error.' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: remove(DEMO_EVENT), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toEqual({ deleted: true, id: DEMO_EVENT, calendar_id: SALES_CALENDAR, note: GONE_NOTE('event') });
	});

	test('404 names the event', async () => {
		const { error } = await runTalkover({ parameters: remove(UNKNOWN_EVENT), credentials: credentials() });
		expect(error?.message).toBe(`Event not found: calendar ${SALES_CALENDAR} has no event with ID ${UNKNOWN_EVENT} (or the calendar does not exist)`);
	});

	test('Continue On Fail: the unknown event is an error item, the known one is deleted', async () => {
		const { output } = await runTalkover({
			items: [{ id: UNKNOWN_EVENT }, { id: DEMO_EVENT }],
			parameters: { ...remove(DEMO_EVENT), eventId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.id, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			[DEMO_EVENT, { item: 1 }],
		]);
	});
});
