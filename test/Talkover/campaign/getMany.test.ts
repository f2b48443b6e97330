import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const getMany = { resource: 'campaign', operation: 'getMany' };
const lists = () => sandbox().requestsTo('GET', '/api/v1/campaigns');

/** Adds campaigns so that there are `total` (the seed has 4). */
function seedMore(total: number) {
	const template = sandbox().campaigns[0];
	for (let i = sandbox().campaigns.length; i < total; i++) sandbox().campaigns.push({ ...template, id: `3f2a9c10-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Extra ${i}` });
}

describe('Campaign → Get Many', () => {
	test.each(['pagination', 'meta'] as const)('contradiction: Return All follows every page (%s paging object: page vs openapi)', async (shape) => {
		sandbox().campaignsPagingShape = shape;
		seedMore(230);
		const { output, error } = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(230);
		expect(lists().map((r) => r.query)).toEqual([
			{ per_page: '100', page: '1' },
			{ per_page: '100', page: '2' },
			{ per_page: '100', page: '3' },
		]);
		expect(output!.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit reads no more pages than needed', async () => {
		seedMore(150);
		const { output } = await runTalkover({ parameters: { ...getMany, limit: 120 }, credentials: credentials() });
		expect(output).toHaveLength(120);
		expect(lists().map((r) => r.query.page)).toEqual(['1', '2']);
	});

	test('every filter under its API name; dates as YYYY-MM-DD', async () => {
		const { output, error } = await runTalkover({
			parameters: {
				...getMany,
				limit: 5,
				filters: { status: 'active', campaignType: 'sales', agentId: byId(SALES_AGENT), dateFrom: '2026-01-01T00:00:00', dateTo: '2026-01-31', search: 'outreach' },
			},
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(lists()[0].query).toEqual({ status: 'active', campaign_type: 'sales', agent_id: SALES_AGENT, date_from: '2026-01-01', date_to: '2026-01-31', search: 'outreach', per_page: '5', page: '1' });
		expect(output!.map((o) => o.json.name)).toEqual(['Q1 Outreach']);
	});

	test('a bad date filter is refused before sending', async () => {
		const { error } = await runTalkover({ parameters: { ...getMany, limit: 5, filters: { dateFrom: 'next week' } }, credentials: credentials() });
		expect(error?.message).toBe('Date From (item 0): "next week" is not a date; use YYYY-MM-DD');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('Talkover’s 422 for a filter value is shown field by field', async () => {
		const { error } = await runTalkover({ parameters: { ...getMany, limit: 5, filters: { status: '={{ "running" }}' } }, credentials: credentials() });
		expect(error?.message).toMatch(/^Status \(item 0\): "running" is not one of the allowed values/);
		sandbox().inject({ status: 422, body: { success: false, message: 'The given data was invalid.', errors: { date_from: ['The date from must be a valid date.'] } } });
		const second = await runTalkover({ parameters: { ...getMany, limit: 5 }, credentials: credentials() });
		expect(second.error?.message).toBe('Talkover rejected the data: The given data was invalid.');
		expect(second.error?.description).toContain('date_from: The date from must be a valid date.');
	});

	test('Continue On Fail: a failing page makes an error item for that input item only', async () => {
		sandbox().inject({ method: 'GET', status: 401, body: { success: false, message: 'Unauthorized' } });
		const { output } = await runTalkover({ items: [{}, {}], parameters: { ...getMany, limit: 1 }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.name, o.pairedItem])).toEqual([
			['Talkover did not accept the API token: it is wrong or has expired', { item: 0 }],
			['Q1 Outreach', { item: 1 }],
		]);
	});
});
