import { runTalkover } from '../../helpers/n8n';
import { byId, useSandbox } from '../../helpers/fixtures';
import { SALES_CALENDAR, UNKNOWN_CALENDAR } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const getMany = { resource: 'calendarEvent', operation: 'getMany', calendarId: byId(SALES_CALENDAR) };

function seedEvents(total: number) {
	for (let i = sandbox().calendarEvents.length; i < total; i++) {
		const start = Date.parse('2026-04-01T09:00:00Z') + i * 3600_000;
		sandbox().calendarEvents.push({ id: `e0e00000-0000-4000-8000-${String(i).padStart(12, '0')}`, calendar_id: SALES_CALENDAR, title: `Call ${i}`, start_at: new Date(start).toISOString().replace('.000', ''), end_at: new Date(start + 1800_000).toISOString().replace('.000', ''), status: 'confirmed', type: 'meeting' });
	}
}

describe('Calendar Event → Get Many', () => {
	test('filters under their API names (times as UTC), one item per event', async () => {
		const { output, error } = await runTalkover({ parameters: { ...getMany, returnAll: true, filters: { from: '2026-03-01T00:00:00Z', to: '2026-03-02T12:00:00', status: 'confirmed' } }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].query).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T17:00:00Z', status: 'confirmed', per_page: '100', page: '1' });
		expect(output!.map((o) => o.json.title)).toEqual(['Demo with Acme']);
	});

	test('contradiction: no paging documented: the whole answer is taken, Limit cuts it', async () => {
		seedEvents(40);
		const { output } = await runTalkover({ parameters: { ...getMany, limit: 25 }, credentials: credentials() });
		expect(sandbox().requests).toHaveLength(1);
		expect(output).toHaveLength(25);
	});

	test.each(['meta', 'pagination'] as const)('… a paging object (%s), if Talkover sends one, is followed', async (shape) => {
		sandbox().eventsPagingShape = shape;
		seedEvents(150);
		const { output } = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2']);
		expect(output).toHaveLength(150);
	});

	test.each([
		[{ from: '2026-02-30T00:00:00Z' }, /^From \(item 0\): "2026-02-30T00:00:00Z" is not a real date and time/],
		[{ to: '2026-02-29T00:00:00Z' }, /^To \(item 0\): "2026-02-29T00:00:00Z" is not a real date and time/],
		[{ to: '2026-03-08T02:30:00' }, /^To \(item 0\): 2026-03-08 02:30 does not exist in the time zone America\/New_York/],
	])('a filter time that does not exist (%o) is refused before sending', async (filters, message) => {
		const { error } = await runTalkover({ parameters: { ...getMany, limit: 5, filters }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('a range ending before it starts is refused before sending; 404 names the calendar', async () => {
		const bad = await runTalkover({ parameters: { ...getMany, limit: 5, filters: { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' } }, credentials: credentials() });
		expect(bad.error?.message).toBe('To (item 0): 2026-03-01T00:00:00Z is not after the start 2026-03-02T00:00:00Z');
		expect(sandbox().requests).toHaveLength(0);
		const unknown = await runTalkover({ parameters: { ...getMany, limit: 5, calendarId: byId(UNKNOWN_CALENDAR) }, credentials: credentials() });
		expect(unknown.error?.message).toBe(`Calendar not found: Talkover has no calendar with ID ${UNKNOWN_CALENDAR} for this token's environment`);
	});

	test('Continue On Fail: the unknown calendar is an error item, the known one lists its events', async () => {
		const { output } = await runTalkover({
			items: [{ id: UNKNOWN_CALENDAR }, { id: SALES_CALENDAR }],
			parameters: { ...getMany, limit: 1, calendarId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.title, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			['Demo with Acme', { item: 1 }],
		]);
	});
});
