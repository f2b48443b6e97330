import type { INodeParameters } from 'n8n-workflow';

import { callMethod, runTalkover } from '../../helpers/n8n';
import { byId, useSandbox } from '../../helpers/fixtures';
import { SALES_CALENDAR, SUPPORT_CALENDAR, UNKNOWN_CALENDAR } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const availability = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'calendar',
	operation: 'getAvailability',
	calendarId: byId(SALES_CALENDAR),
	from: '2026-03-02T13:00:00Z',
	to: '2026-03-02T17:00:00Z',
	durationMinutes: 30,
	...extra,
});

describe('Calendar → Get Availability', () => {
	test('one item per free slot; the booked 15:00–15:30 is not offered (New York 09:00–17:00)', async () => {
		const { output, error } = await runTalkover({ parameters: availability(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.path, r.query])).toEqual([[`/api/v1/calendars/${SALES_CALENDAR}/availability`, { from: '2026-03-02T13:00:00Z', to: '2026-03-02T17:00:00Z', duration_minutes: '30' }]]);
		expect(output!.map((o) => o.json.start_at)).toEqual(['2026-03-02T14:00:00Z', '2026-03-02T14:30:00Z', '2026-03-02T15:30:00Z', '2026-03-02T16:00:00Z', '2026-03-02T16:30:00Z']);
		expect(output![0].json).toEqual({ calendar_id: SALES_CALENDAR, start_at: '2026-03-02T14:00:00Z', end_at: '2026-03-02T14:30:00Z' });
	});

	test('times without a zone are the workflow’s time zone (America/New_York here), sent as UTC', async () => {
		await runTalkover({ parameters: availability({ from: '2026-03-02T09:00:00', to: '2026-03-02T12:00:00', durationMinutes: 60 }), credentials: credentials() });
		expect(sandbox().requests[0].query).toEqual({ from: '2026-03-02T14:00:00Z', to: '2026-03-02T17:00:00Z', duration_minutes: '60' });
	});

	test('One Item With All Free Slots: one item, also when there is no slot (a holiday)', async () => {
		const { output } = await runTalkover({ parameters: availability({ from: '2026-12-25T00:00:00Z', to: '2026-12-26T00:00:00Z', output: 'single' }), credentials: credentials() });
		expect(output!.map((o) => o.json)).toEqual([{ calendar_id: SALES_CALENDAR, from: '2026-12-25T00:00:00Z', to: '2026-12-26T00:00:00Z', duration_minutes: 30, slots: [] }]);
	});

	test('One Item per Free Slot with no slot: no item', async () => {
		const { output, error } = await runTalkover({ parameters: availability({ calendarId: byId(SUPPORT_CALENDAR), from: '2026-03-06T00:00:00Z', to: '2026-03-07T00:00:00Z' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output ?? []).toEqual([]);
	});

	test.each([
		[{ to: '2026-03-02T12:00:00Z' }, /^To \(item 0\): 2026-03-02T12:00:00Z is not after the start 2026-03-02T13:00:00Z/],
		[{ from: 'Monday morning' }, /^From \(item 0\): "Monday morning" is not a date and time/],
		[{ from: '2026-02-30T10:00:00Z', to: '2026-03-03T10:00:00Z' }, /^From \(item 0\): "2026-02-30T10:00:00Z" is not a real date and time/],
		[{ from: '2026-03-08T02:30:00', to: '2026-03-08T12:00:00' }, /^From \(item 0\): 2026-03-08 02:30 does not exist in the time zone America\/New_York/],
		[{ durationMinutes: 0 }, /^Duration \(Minutes\) \(item 0\): 0 is out of range/],
	])('%o is refused before sending', async (extra, message) => {
		const { error } = await runTalkover({ parameters: availability(extra as INodeParameters), credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('404 names the calendar; a 422 is shown field by field', async () => {
		const unknown = await runTalkover({ parameters: availability({ calendarId: byId(UNKNOWN_CALENDAR) }), credentials: credentials() });
		expect(unknown.error?.message).toBe(`Calendar not found: Talkover has no calendar with ID ${UNKNOWN_CALENDAR} for this token's environment`);
		sandbox().inject({ status: 422, body: { success: false, message: 'The given data was invalid.', errors: { to: ['The to must be a date after from.'] } } });
		const invalid = await runTalkover({ parameters: availability(), credentials: credentials() });
		expect(invalid.error?.description).toContain('to: The to must be a date after from.');
	});

	test('Continue On Fail: the unknown calendar is an error item, the other one gives its slots', async () => {
		const { output } = await runTalkover({
			items: [{ id: UNKNOWN_CALENDAR }, { id: SALES_CALENDAR }],
			parameters: availability({ calendarId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, output: 'single' }),
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : (o.json.slots as unknown[]).length, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			[5, { item: 1 }],
		]);
	});

	test('the Calendar picker lists the calendars, filtered by name', async () => {
		const result = (await callMethod('listSearch', 'searchCalendars', credentials(), ['support'])) as { results: Array<{ name: string; value: string }> };
		expect(result.results).toEqual([{ name: 'Support Callbacks (Europe/London)', value: SUPPORT_CALENDAR }]);
	});
});
