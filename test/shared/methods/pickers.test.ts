/** The pickers of both nodes (nodes/shared/methods: list searches and option lists) against the sandbox. */
import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { callMethod } from '../../helpers/n8n';
import { TOKEN, useSandbox } from '../../helpers/fixtures';
import { ACCOUNT_TOKEN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

describe('pickers', () => {
	test('Agent list: searchable, labelled with label, direction and status, with the agent URL', async () => {
		const result = (await callMethod('listSearch', 'searchAgents', credentials(), ['sales'])) as INodeListSearchResult;
		expect(sandbox().requests[0].path).toBe('/api/v1/agents');
		expect(sandbox().requests[0].query).toEqual({ search: 'sales', per_page: '50', page: '1' });
		expect(result.results).toEqual([
			{
				name: 'Sales Agent (outbound, published)',
				value: '550e8400-e29b-41d4-a716-446655440001',
				url: `${sandbox().url}/agents/550e8400-e29b-41d4-a716-446655440001`,
			},
		]);
		expect(result.paginationToken).toBeUndefined();
	});

	test.each(['meta', 'pagination'] as const)('Agent list pages with string tokens (paging object "%s")', async (shape) => {
		sandbox().pagingShape = shape;
		for (let i = 0; i < 60; i++) {
			sandbox().agents.push({ ...sandbox().agents[0], id: `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`, label: `Bulk ${i}` });
		}
		const first = (await callMethod('listSearch', 'searchAgents', credentials(), [undefined, undefined])) as INodeListSearchResult;
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toMatch(/^2:/);
		const second = (await callMethod('listSearch', 'searchAgents', credentials(), [undefined, first.paginationToken])) as INodeListSearchResult;
		expect(second.results).toHaveLength(13);
		expect(second.paginationToken).toBeUndefined();
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2']);
		sandbox().pagingShape = 'meta';
	});

	describe('a picker list that repeats itself stops with an error, not endless pages', () => {
		const fullPage = Array.from({ length: 50 }, (_, i) => ({ id: `camp-${i}`, name: `C${i}` }));
		test('the same full page whatever is asked (current_page echoed, last_page 1e9): the second page is an error', async () => {
			sandbox().inject({ method: 'GET', path: '/api/v1/campaigns', times: Infinity, reply: (r) => ({ status: 200, body: { success: true, data: fullPage, pagination: { current_page: Number(r.query.page), per_page: 50, last_page: 1e9 } } }) });
			const first = (await callMethod('listSearch', 'searchCampaigns', credentials(), [undefined, undefined])) as INodeListSearchResult;
			expect(first.results).toHaveLength(50);
			await expect(callMethod('listSearch', 'searchCampaigns', credentials(), [undefined, first.paginationToken])).rejects.toThrow(
				"Talkover's list does not add up: page 2 has the same entries as page 1 (Talkover sent the same page again)",
			);
		});

		test('page 1 whatever page is asked: the second page is an error', async () => {
			sandbox().inject({ method: 'GET', path: '/api/v1/agents', times: Infinity, reply: () => ({ status: 200, body: { success: true, data: fullPage, meta: { current_page: 1, per_page: 50, last_page: 1e9 } } }) });
			const first = (await callMethod('listSearch', 'searchAgents', credentials(), [undefined, undefined])) as INodeListSearchResult;
			await expect(callMethod('listSearch', 'searchAgents', credentials(), [undefined, first.paginationToken])).rejects.toThrow(
				"Talkover's list does not add up: page 2 was asked for and page 1 came back",
			);
		});

		test('more pages than the total needs: an error at once', async () => {
			sandbox().inject({ method: 'GET', path: '/api/v1/agents', reply: () => ({ status: 200, body: { success: true, data: fullPage, meta: { current_page: 1, per_page: 50, total: 60, last_page: 1e9 } } }) });
			await expect(callMethod('listSearch', 'searchAgents', credentials(), [undefined, undefined])).rejects.toThrow(
				"Talkover's list does not add up: it counts 60 entries, which fit in 2 pages of 50, yet it says there are 1000000000 pages",
			);
		});
	});

	test('Phone numbers: "number (type, status)" with the ID as value', async () => {
		const options = (await callMethod('loadOptions', 'getPhoneNumbers', credentials())) as INodePropertyOptions[];
		expect(sandbox().requests[0].path).toBe('/api/v1/phone-numbers');
		expect(options).toEqual([
			{ name: '+15550001111 (voice, active)', value: '7d1f3c2a-1111-4a5b-9c6d-000000000001' },
			{ name: '+15550002222 (voice, active)', value: '7d1f3c2a-2222-4a5b-9c6d-000000000002' },
			{ name: '+5511912345678 (whatsapp, pending)', value: '7d1f3c2a-3333-4a5b-9c6d-000000000003' },
		]);
	});

	describe('a token Talkover echoes never reaches a picker (labels, values, URLs, errors)', () => {
		const withAccount = () => ({ ...credentials(), accountToken: ACCOUNT_TOKEN });
		test('Agent picker: an agent named and identified after both tokens', async () => {
			sandbox().inject({
				method: 'GET',
				path: '/api/v1/agents',
				status: 200,
				body: { success: true, data: [{ id: `id-${TOKEN}`, name: `debug ${TOKEN} ${ACCOUNT_TOKEN}`, direction: 'outbound', current_status: 'published' }], meta: { current_page: 1, per_page: 50, last_page: 1, total: 1 } },
			});
			const result = (await callMethod('listSearch', 'searchAgents', withAccount(), [undefined, undefined])) as INodeListSearchResult;
			expect(result.results).toEqual([{ name: 'debug *** *** (outbound, published)', value: 'id-***', url: `${sandbox().url}/agents/id-***` }]);
		});

		test('Phone Numbers (loadOptions): a number echoing the Account Token', async () => {
			sandbox().inject({ method: 'GET', path: '/api/v1/phone-numbers', status: 200, body: { success: true, data: [{ id: 'p1', number: `+1555 ${ACCOUNT_TOKEN}`, type: TOKEN }] } });
			const options = (await callMethod('loadOptions', 'getPhoneNumbers', withAccount())) as INodePropertyOptions[];
			expect(options).toEqual([{ name: '+1555 *** (***)', value: 'p1' }]);
		});

		test('a picker’s error echoing the Account Token', async () => {
			sandbox().inject({ method: 'GET', path: '/api/v1/calendars', status: 400, body: { message: `no calendars for ${ACCOUNT_TOKEN}` } });
			const error = await callMethod('listSearch', 'searchCalendars', withAccount(), ['']).catch((e: unknown) => e);
			expect(JSON.stringify(error) + String((error as Error).message) + String((error as { description?: string }).description)).not.toContain(ACCOUNT_TOKEN);
			expect((error as { description?: string }).description).toContain('Talkover said: "no calendars for ***"');
		});
	});

	test('a picker with a wrong token shows the same clear 401 message', async () => {
		await expect(callMethod('loadOptions', 'getPhoneNumbers', { ...credentials(), apiToken: 'talq_wrong' })).rejects.toThrow(
			'Talkover did not accept the API token: it is wrong or has expired',
		);
	});
});
