import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const getCalls = { resource: 'agent', operation: 'getCalls', agentId: byId(SALES_AGENT) };
const path = `/api/v1/agents/${SALES_AGENT}/calls`;

/** Gives SALES_AGENT `total` calls (the seed has 4). */
function seedCalls(total: number) {
	const calls = sandbox().calls;
	for (let i = calls.filter((c) => c.agent_id === SALES_AGENT).length; i < total; i++) {
		calls.push({ id: `c0ffee00-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`, agent_id: SALES_AGENT, to: `+1555000${String(i).padStart(4, '0')}`, status: 'completed', direction: 'outbound', started_at: '2026-02-01T10:00:00Z', created_at: '2026-02-01T10:00:00Z', duration_seconds: 30 });
	}
}

describe('Agent → Get Calls', () => {
	test.each(['pagination', 'meta'] as const)('contradiction: Return All follows every page (%s paging object: page vs openapi), one item per call, no agent object', async (shape) => {
		sandbox().agentCallsPagingShape = shape;
		seedCalls(205);
		const { output, error } = await runTalkover({ parameters: { ...getCalls, returnAll: true }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(205);
		expect(sandbox().requestsTo('GET', path).map((r) => r.query.page)).toEqual(['1', '2', '3']);
		expect(output![0].json).toHaveProperty('to_formatted');
		expect(output![0].json).not.toHaveProperty('agent');
	});

	test('Limit and every filter under its API name', async () => {
		const { output } = await runTalkover({
			parameters: { ...getCalls, limit: 2, filters: { status: 'completed', direction: 'outbound', dateFrom: '2026-01-01', dateTo: '2026-01-31T00:00:00', search: '+1555' } },
			credentials: credentials(),
		});
		expect(sandbox().requests[0].query).toEqual({ status: 'completed', direction: 'outbound', date_from: '2026-01-01', date_to: '2026-01-31', search: '+1555', per_page: '2', page: '1' });
		expect(output!.map((o) => o.json.status)).toEqual(['completed']);
	});

	test('404 names the agent; 422 is shown field by field; a bad date is refused before sending', async () => {
		const unknown = await runTalkover({ parameters: { ...getCalls, agentId: byId(UNKNOWN_AGENT), limit: 5 }, credentials: credentials() });
		expect(unknown.error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		sandbox().inject({ status: 422, body: { success: false, message: 'The given data was invalid.', errors: { status: ['The selected status is invalid.'] } } });
		const invalid = await runTalkover({ parameters: { ...getCalls, limit: 5 }, credentials: credentials() });
		expect(invalid.error?.description).toContain('status: The selected status is invalid.');
		sandbox().requests.length = 0;
		const bad = await runTalkover({ parameters: { ...getCalls, limit: 5, filters: { dateTo: 'yesterday' } }, credentials: credentials() });
		expect(bad.error?.message).toBe('Date To (item 0): "yesterday" is not a date; use YYYY-MM-DD');
		expect(sandbox().requests).toHaveLength(0);
		// The time of a date-time must exist too: 24:30 is not cut off to the day.
		const badTime = await runTalkover({ parameters: { ...getCalls, limit: 5, filters: { dateFrom: '2026-03-01T24:30:00' } }, credentials: credentials() });
		expect(badTime.error?.message).toBe('Date From (item 0): "2026-03-01T24:30:00" is not a real date and time (that time does not exist); use YYYY-MM-DD');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('Continue On Fail: the unknown agent is an error item, the known one lists its calls', async () => {
		const { output } = await runTalkover({
			items: [{ id: UNKNOWN_AGENT }, { id: SALES_AGENT }],
			parameters: { ...getCalls, agentId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, limit: 1 },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : 'call', o.pairedItem])).toEqual([
			['error', { item: 0 }],
			['call', { item: 1 }],
		]);
	});
});
