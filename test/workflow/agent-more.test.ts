import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();
const DRAFT_AGENT = '550e8400-e29b-41d4-a716-446655440002';

function addAgents(count: number) {
	for (let i = 0; i < count; i++) {
		sandbox().agents.push({ ...sandbox().agents[2], id: `22222222-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Bulk${i}`, label: `Bulk ${i}` });
	}
}

describe('Agent → Get', () => {
	test('GET /agents/{id}, outputs the agent', async () => {
		const { output } = await runTalkover({ parameters: { resource: 'agent', operation: 'get', agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}`, `Bearer ${TOKEN}`]]);
		expect(output![0].json).toMatchObject({ id: SUPPORT_AGENT, name: 'SupportBot', current_status: 'published' });
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'get', agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toMatch(/^Agent not found: Talkover has no agent with ID/);
	});
});

describe('Agent → Get Many', () => {
	const getMany = { resource: 'agent', operation: 'getMany' };

	test('filters go out as query parameters; default limit 50', async () => {
		const { output } = await runTalkover({
			parameters: { ...getMany, filters: { status: 'published', direction: 'outbound', search: 'sales' } },
			credentials: credentials(),
		});
		expect(sandbox().requests.map((r) => [r.path, r.query])).toEqual([
			['/api/v1/agents', { status: 'published', direction: 'outbound', search: 'sales', per_page: '50', page: '1' }],
		]);
		expect(output!.map((o) => o.json.id)).toEqual([SALES_AGENT]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test.each(['meta', 'pagination'] as const)('Return All follows every page (paging object "%s")', async (shape) => {
		sandbox().pagingShape = shape;
		addAgents(250);
		const { output } = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(output).toHaveLength(253);
		expect(new Set(output!.map((o) => o.json.id)).size).toBe(253);
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
	});

	test('Limit stops early: 120 of 253 takes two pages of 100, 30 takes one page of 30', async () => {
		addAgents(250);
		const big = await runTalkover({ parameters: { ...getMany, limit: 120 }, credentials: credentials() });
		expect(big.output).toHaveLength(120);
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

describe('Agent → Publish / Unpublish', () => {
	test('publish: POST …/publish with no body, outputs the new status', async () => {
		const { output } = await runTalkover({ parameters: { resource: 'agent', operation: 'publish', agentId: byId(SALES_AGENT) }, credentials: credentials() });
		const [request] = sandbox().requests;
		expect([request.method, request.path, request.rawBody]).toEqual(['POST', `/api/v1/agents/${SALES_AGENT}/publish`, '']);
		expect(output![0].json).toMatchObject({ id: SALES_AGENT, current_status: 'published' });
	});

	test('publish an agent that is not ready: every missing piece listed', async () => {
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'publish', agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe('Talkover rejected the data: The given data was invalid.');
		expect(error?.description).toBe('voice: The agent needs a voice before it can be published.\nknowledge: The agent needs knowledge before it can be published.');
	});

	test('unpublish: POST …/unpublish, status back to draft', async () => {
		const { output } = await runTalkover({ parameters: { resource: 'agent', operation: 'unpublish', agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['POST', `/api/v1/agents/${SUPPORT_AGENT}/unpublish`]]);
		expect(output![0].json).toMatchObject({ id: SUPPORT_AGENT, current_status: 'draft' });
	});

	test('publish is not sent twice after a 500, even with n8n’s Retry On Fail', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { message: 'boom' } });
		await runTalkover({
			parameters: { resource: 'agent', operation: 'publish', agentId: byId(SALES_AGENT) },
			credentials: credentials(),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(sandbox().requestsTo('POST')).toHaveLength(1);
	});
});

describe('Agent → Delete', () => {
	test('DELETE /agents/{id} → { deleted: true, id }', async () => {
		const { output } = await runTalkover({ parameters: { resource: 'agent', operation: 'delete', agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v1/agents/${DRAFT_AGENT}`]]);
		expect(output).toEqual([{ json: { deleted: true, id: DRAFT_AGENT }, pairedItem: { item: 0 } }]);
		expect(sandbox().agents.some((a) => a.id === DRAFT_AGENT)).toBe(false);
	});

	test('409 while the agent has active calls (the page’s example: a message without a code) is explained', async () => {
		sandbox().agents.find((a) => a.id === SALES_AGENT)!.current_status = 'draft';
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'delete', agentId: byId(SALES_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe('The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish');
		expect(error?.httpCode).toBe('409');
	});

	test('409 AGENT_IS_PUBLISHED is explained', async () => {
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'delete', agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe('The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)');
		expect(error?.description).toContain('Error code: AGENT_IS_PUBLISHED');
	});

	test.each([
		[{ error: 'AGENT_HAS_ACTIVE_CALLS', message: 'Agent cannot be deleted while it has active calls', status_code: 409 }, /still has active calls/],
		[{ success: false, message: 'Published agents must be unpublished before deletion' }, /is published, so it cannot be deleted/],
	])('the 409s in other documented shapes: %o', async (body, message) => {
		sandbox().inject({ method: 'DELETE', status: 409, body });
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'delete', agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(error?.message).toMatch(message);
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'delete', agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toMatch(/^Agent not found/);
	});
});
