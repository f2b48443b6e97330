import { runTalkover } from '../../helpers/n8n';
import { useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const getMany = { resource: 'calendar', operation: 'getMany' };

function seedCalendars(total: number) {
	for (let i = sandbox().calendars.length; i < total; i++) sandbox().calendars.push({ id: `ca1e0000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Team ${i}`, timezone: 'UTC', owner_id: null, created_at: '2026-01-01T10:00:00Z' });
}

describe('Calendar → Get Many', () => {
	test('one item per calendar; Limit is the page size', async () => {
		const { output, error } = await runTalkover({ parameters: { ...getMany, limit: 2 }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.path, r.query])).toEqual([['/api/v1/calendars', { per_page: '2', page: '1' }]]);
		expect(output!.map((o) => o.json.name)).toEqual(['Sales Demo Calendar', 'Support Callbacks']);
	});

	test('contradiction: the page documents per_page but no page and no paging object: Return All asks for 100 and takes that one answer', async () => {
		seedCalendars(130);
		const { output } = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(sandbox().requests).toHaveLength(1);
		expect(output).toHaveLength(100);
	});

	test.each(['meta', 'pagination'] as const)('… and if Talkover does send a paging object (%s), every page is followed', async (shape) => {
		sandbox().calendarsPagingShape = shape;
		seedCalendars(130);
		const { output } = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2']);
		expect(output).toHaveLength(130);
	});

	test('Continue On Fail: a 401 is an error item, the next item lists the calendars', async () => {
		sandbox().inject({ status: 401, body: { success: false, message: 'Unauthenticated.' } });
		const { output } = await runTalkover({ items: [{}, {}], parameters: { ...getMany, limit: 1 }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.name, o.pairedItem])).toEqual([
			['Talkover did not accept the API token: it is wrong or has expired', { item: 0 }],
			['Sales Demo Calendar', { item: 1 }],
		]);
	});
});
