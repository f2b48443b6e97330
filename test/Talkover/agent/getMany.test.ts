import { runTalkover } from '../../helpers/n8n';
import { SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const getMany = { resource: 'agent', operation: 'getMany' };

function addAgents(count: number) {
	for (let i = 0; i < count; i++) {
		sandbox().agents.push({ ...sandbox().agents[2], id: `22222222-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Bulk${i}`, label: `Bulk ${i}` });
	}
}

describe('Agent → Get Many', () => {
	test('filters go out as query parameters; default limit 50', async () => {
		const { output } = await runTalkover({
			parameters: { ...getMany, filters: { status: 'published', direction: 'outbound', search: 'sales' } },
			credentials: credentials(),
		});
		expect(sandbox().requests.map((r) => [r.path, r.query])).toEqual([
			['/api/v1/agents', { status: 'published', direction: 'outbound', search: 'sales', per_page: '50', page: '1' }],
		]);
		expect(output!.map((o) => [o.json.id, o.pairedItem])).toEqual([[SALES_AGENT, { item: 0 }]]);
	});

	test('an empty Search filter is left out of the query', async () => {
		await runTalkover({ parameters: { ...getMany, filters: { search: '' } }, credentials: credentials() });
		expect(sandbox().requests.map((r) => r.query)).toEqual([{ per_page: '50', page: '1' }]);
	});

	test.each(['meta', 'pagination'] as const)('Return All follows every page (paging object "%s")', async (shape) => {
		sandbox().pagingShape = shape;
		addAgents(250);
		const { output } = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(output!.map((o) => o.json.id)).toEqual(sandbox().agents.map((a) => a.id));
		expect(output).toHaveLength(253);
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
	});

	test('Limit stops early: 120 of 253 takes two pages of 100, 30 takes one page of 30', async () => {
		addAgents(250);
		const big = await runTalkover({ parameters: { ...getMany, limit: 120 }, credentials: credentials() });
		expect(big.output!.map((o) => o.json.id)).toEqual(sandbox().agents.slice(0, 120).map((a) => a.id));
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([
			['1', '100'],
			['2', '100'],
		]);
		sandbox().requests.length = 0;
		const small = await runTalkover({ parameters: { ...getMany, limit: 30 }, credentials: credentials() });
		expect(small.output).toHaveLength(30);
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([['1', '30']]);
	});

	test('a response without a paging object is one page', async () => {
		sandbox().inject({ path: '/api/v1/agents', status: 200, body: { success: true, data: [{ id: 'a' }, { id: 'b' }] } });
		const { output } = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(output!.map((o) => o.json.id)).toEqual(['a', 'b']);
		expect(sandbox().requests).toHaveLength(1);
	});

	test('each input item lists on its own, paired with it', async () => {
		const { output } = await runTalkover({
			items: [{ s: 'support' }, { s: 'survey' }],
			parameters: { ...getMany, filters: { search: '={{ $json.s }}' } },
			credentials: credentials(),
		});
		expect(output!.map((o) => [o.json.name, o.pairedItem])).toEqual([
			['SupportBot', { item: 0 }],
			['SurveyBot', { item: 1 }],
		]);
	});

	test.each([
		[{ limit: '={{ 0 }}' }, /Limit \(item 0\): 0 is out of range; expected a whole number of at least 1/],
		[{ filters: { status: '={{ "archived" }}' } }, /Status \(item 0\): "archived" is not one of the allowed values: draft, published/],
		[{ filters: { direction: '={{ "both" }}' } }, /Direction \(item 0\): "both" is not one of the allowed values/],
	])('bad %o is refused before any request', async (extra, message) => {
		const { error } = await runTalkover({ parameters: { ...getMany, ...extra }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('a 422 from the list (field map) is shown line by line', async () => {
		sandbox().inject({ path: '/api/v1/agents', status: 422, body: { success: false, message: 'The given data was invalid.', errors: { per_page: ['The per page must be between 1 and 100.'] } } });
		const { error } = await runTalkover({ parameters: getMany, credentials: credentials() });
		expect(error?.description).toBe('per_page: The per page must be between 1 and 100.');
	});

	test('Continue On Fail: a page that fails is an error item for that input item', async () => {
		sandbox().inject({ path: '/api/v1/agents', status: 500, body: { message: 'down' } });
		const { output } = await runTalkover({ items: [{}, {}], parameters: { ...getMany, limit: 1, options: { maxRetries: 0 } }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.id, o.pairedItem])).toEqual([
			['Talkover had a problem on its side (HTTP 500)', { item: 0 }],
			[SUPPORT_AGENT, { item: 1 }],
		]);
	});
});
