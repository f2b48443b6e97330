import { runTalkover } from '../../helpers/n8n';
import { SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

describe('Call → Get Many', () => {
	const getMany = { resource: 'call', operation: 'getMany' };

	test('every filter goes out in the query string; the number is normalised and its + encoded as %2B', async () => {
		const { output } = await runTalkover({
			parameters: {
				...getMany,
				returnAll: true,
				filters: {
					status: 'completed',
					direction: 'outbound',
					agentId: { __rl: true, mode: 'url', value: `https://app.talkover.ai/agents/${SALES_AGENT}` },
					dateFrom: '2026-01-11T00:00:00',
					dateTo: '2026-01-13',
					to: '+1 (555) 123-4567',
				},
			},
			credentials: credentials(),
		});
		const [request] = sandbox().requests;
		expect(request.path).toBe('/api/v1/calls');
		expect(request.query).toEqual({
			status: 'completed',
			direction: 'outbound',
			agent_id: SALES_AGENT,
			date_from: '2026-01-11',
			date_to: '2026-01-13',
			to: '+15551234567',
			search: '+15551234567',
			per_page: '100',
			page: '1',
		});
		expect(request.rawQuery).toContain('to=%2B15551234567');
		expect(request.rawQuery).toContain('search=%2B15551234567');
		expect(request.rawQuery).not.toMatch(/=\+|=%20/);
		expect(output!.map((o) => o.json.id)).toEqual(['c0ffee00-0000-4000-8000-000000000101']);
	});

	test('the number filter works whether Talkover honours `to` (Get Active page) or only `search` (List Calls page)', async () => {
		const parameters = { ...getMany, returnAll: true, filters: { to: '+15551234567' } };
		const searchOnly = await runTalkover({ parameters, credentials: credentials() });
		sandbox().callsToFilter = true;
		const withTo = await runTalkover({ parameters, credentials: credentials() });
		const ids = (r: typeof withTo) => r.output!.map((o) => o.json.id).sort();
		expect(ids(searchOnly)).toEqual(['c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000101', 'c0ffee00-0000-4000-8000-000000000103']);
		expect(ids(withTo)).toEqual(ids(searchOnly));
	});

	test('a search text with + is encoded, never turned into a space', async () => {
		await runTalkover({ parameters: { ...getMany, filters: { search: '+44 20' } }, credentials: credentials() });
		expect(sandbox().requests[0].rawQuery).toContain('search=%2B44%2020');
		expect(sandbox().requests[0].query.search).toBe('+44 20');
	});

	test.each(['pagination', 'meta'] as const)('Return All follows every page (paging object "%s"); Limit stops early', async (shape) => {
		sandbox().callsPagingShape = shape;
		for (let i = 0; i < 205; i++) {
			sandbox().calls.push({ id: `33333333-0000-4000-8000-${String(i).padStart(12, '0')}`, agent_id: SUPPORT_AGENT, to: '+15559990000', status: 'completed', direction: 'inbound', started_at: '2026-02-01T10:00:00Z', created_at: '2026-02-01T10:00:00Z', duration_seconds: 10 });
		}
		const all = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(all.output).toHaveLength(210);
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
		sandbox().requests.length = 0;
		const some = await runTalkover({ parameters: { ...getMany, limit: 7 }, credentials: credentials() });
		expect(some.output).toHaveLength(7);
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([['1', '7']]);
	});

	test.each([
		[{ dateFrom: '={{ "last tuesday" }}' }, /Date From \(item 0\): "last tuesday" is not a date; use YYYY-MM-DD/],
		[{ dateFrom: '2026-03-01T25:99:00' }, /Date From \(item 0\): "2026-03-01T25:99:00" is not a real date and time \(that time does not exist\)/],
		[{ dateTo: '2026-03-01 not a time' }, /Date To \(item 0\): "2026-03-01 not a time" is not a date; use YYYY-MM-DD/],
		[{ dateTo: '2026-02-30' }, /Date To \(item 0\): "2026-02-30" is not a date; use YYYY-MM-DD/],
		[{ to: '={{ "555" }}' }, /Phone Number \(item 0\): "555" has no leading \+/],
		[{ agentId: { __rl: true, mode: 'id', value: '={{ "a/b" }}' } }, /Agent \(item 0\): "a\/b" is not an agent ID/],
		[{ status: '={{ "ended" }}' }, /Status \(item 0\): "ended" is not one of the allowed values/],
	])('bad filter %o is refused before any request', async (filters, message) => {
		const { error } = await runTalkover({ parameters: { ...getMany, filters }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});
});
