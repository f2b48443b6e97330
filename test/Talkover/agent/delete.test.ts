import { runTalkover } from '../../helpers/n8n';
import { byId, DRAFT_AGENT, retryOnFail, SALES_AGENT, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const GONE_NOTE = (noun: string) =>
	`Talkover answered "not found" when the delete was sent again after an unclear answer: the ${noun} is gone (deleted by the first attempt, or gone before it)`;

const remove = { resource: 'agent', operation: 'delete' };

describe('Agent → Delete', () => {
	test('DELETE /agents/{id} → { deleted: true, id }', async () => {
		const { output } = await runTalkover({ parameters: { ...remove, agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v1/agents/${DRAFT_AGENT}`]]);
		expect(output).toEqual([{ json: { deleted: true, id: DRAFT_AGENT }, pairedItem: { item: 0 } }]);
		expect(sandbox().agents.some((a) => a.id === DRAFT_AGENT)).toBe(false);
	});

	test('contradiction: the page answers {success: true}, openapi.json 204 No Content: both are "deleted"', async () => {
		sandbox().inject({ method: 'DELETE', status: 204, body: '' });
		const { output, error } = await runTalkover({ parameters: { ...remove, agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toEqual([{ json: { deleted: true, id: DRAFT_AGENT }, pairedItem: { item: 0 } }]);
	});

	test('409 while the agent has active calls (the page’s example: a message without a code) is explained', async () => {
		sandbox().agents.find((a) => a.id === SALES_AGENT)!.current_status = 'draft';
		const { error } = await runTalkover({ parameters: { ...remove, agentId: byId(SALES_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe('The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish');
		expect(error?.httpCode).toBe('409');
	});

	test('409 AGENT_IS_PUBLISHED is explained', async () => {
		const { error } = await runTalkover({ parameters: { ...remove, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe('The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)');
		expect(error?.description).toContain('Error code: AGENT_IS_PUBLISHED');
	});

	test.each([
		[{ error: 'AGENT_HAS_ACTIVE_CALLS', message: 'Agent cannot be deleted while it has active calls', status_code: 409 }, 'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish'],
		[{ success: false, message: 'Published agents must be unpublished before deletion' }, 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)'],
	])('the 409s in other documented shapes: %o', async (body, message) => {
		sandbox().inject({ method: 'DELETE', status: 409, body });
		const { error } = await runTalkover({ parameters: { ...remove, agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(message);
	});

	test('a DELETE answered 502 that went through, retried into a 404: deleted (it is gone), not "not found"', async () => {
		sandbox().inject({
			method: 'DELETE',
			reply: () => {
				sandbox().agents = sandbox().agents.filter((a) => a.id !== DRAFT_AGENT);
				return { status: 502, body: { message: 'Bad gateway' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: { ...remove, agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
		expect(output).toEqual([{ json: { deleted: true, id: DRAFT_AGENT, note: GONE_NOTE('agent') }, pairedItem: { item: 0 } }]);
	});

	test.each([
		['a framework’s {"message":"Not Found"}', { message: 'Not Found' }],
		['a web page', '<html><body><h1>404 Not Found</h1></body></html>'],
	])('a DELETE answered 502, retried into a 404 that is not Talkover’s own (%s): an error naming the Base URL, never "deleted"', async (_what, body) => {
		sandbox().inject({ method: 'DELETE', status: 502, body: { message: 'Bad gateway' } });
		sandbox().inject({ method: 'DELETE', status: 404, body });
		const { output, error } = await runTalkover({ parameters: { ...remove, agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toContain('Talkover does not know this address (HTTP 404 Not Found): check the Base URL');
	});

	test('a DELETE answered 502 that went through, tried again by n8n\'s Retry On Fail into a 404: deleted (it is gone), not "not found"', async () => {
		sandbox().inject({
			method: 'DELETE',
			times: 1,
			reply: () => {
				sandbox().agents = sandbox().agents.filter((a) => a.id !== DRAFT_AGENT);
				return { status: 502, body: { message: 'Bad gateway' } };
			},
		});
		const { output, error } = await runTalkover({
			parameters: { ...remove, agentId: byId(DRAFT_AGENT), options: { maxRetries: 0 } },
			credentials: credentials(),
			settings: retryOnFail(2),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
		expect(output).toEqual([{ json: { deleted: true, id: DRAFT_AGENT, note: GONE_NOTE('agent') }, pairedItem: { item: 0 } }]);
	});

	test('a 404 after a 429 (nothing was done the first time) is still "not found"', async () => {
		sandbox().inject({ method: 'DELETE', status: 429, headers: { 'Retry-After': '1' }, body: { success: false, message: 'Too many requests' } });
		const { error } = await runTalkover({ parameters: { ...remove, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { ...remove, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});
});
