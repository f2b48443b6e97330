import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { SEEDED_ACTION, UNKNOWN_ACTION } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const GONE_NOTE = 'Talkover answered "not found" when the delete was sent again after an unclear answer: the action is gone (deleted by the first attempt, or gone before it)';
const remove = (actionId: string) => ({ resource: 'agentAction', operation: 'delete', agentId: byId(SUPPORT_AGENT), actionId: byId(actionId) });

describe('Agent Action → Delete', () => {
	test('one DELETE; the item says what was deleted', async () => {
		const { output, error } = await runTalkover({ parameters: remove(SEEDED_ACTION), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v1/agents/${SUPPORT_AGENT}/actions/${SEEDED_ACTION}`]]);
		expect(output![0].json).toEqual({ deleted: true, id: SEEDED_ACTION, agent_id: SUPPORT_AGENT });
		expect(sandbox().agentActions).toEqual([]);
	});

	test('contradiction (#44): openapi.json\'s 204 without a body is deleted too', async () => {
		sandbox().answerShape = 'openapi';
		const { output, error } = await runTalkover({ parameters: remove(SEEDED_ACTION), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toEqual({ deleted: true, id: SEEDED_ACTION, agent_id: SUPPORT_AGENT });
	});

	test('a DELETE answered 500 that went through, tried again by Retry On Fail into a 404: deleted (it is gone), not "not found"', async () => {
		sandbox().inject({
			method: 'DELETE',
			reply: () => {
				sandbox().agentActions = [];
				return { status: 500, body: { success: false, message: 'Internal server error.' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: { ...remove(SEEDED_ACTION), options: { maxRetries: 0 } }, credentials: credentials(), settings: retryOnFail(2) });
		expect(error).toBeUndefined();
		expect(sandbox().requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
		expect(output![0].json).toEqual({ deleted: true, id: SEEDED_ACTION, agent_id: SUPPORT_AGENT, note: GONE_NOTE });
	});

	test('429, then a 500 that went through, then 404 on the node’s own retries: deleted, with the note; one item', async () => {
		sandbox().inject({ method: 'DELETE', status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.' } }, headers: { 'retry-after': '1' } } as never);
		sandbox().inject({
			method: 'DELETE',
			reply: () => {
				sandbox().agentActions = [];
				return { status: 500, body: { success: false, message: 'Internal server error.' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: remove(SEEDED_ACTION), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
		expect(output!.map((o) => o.json)).toEqual([{ deleted: true, id: SEEDED_ACTION, agent_id: SUPPORT_AGENT, note: GONE_NOTE }]);
	});

	test('404 names the action', async () => {
		const { error } = await runTalkover({ parameters: remove(UNKNOWN_ACTION), credentials: credentials() });
		expect(error?.message).toBe(`Action not found: agent ${SUPPORT_AGENT} has no action with ID ${UNKNOWN_ACTION} (or Talkover has no such agent for this token's environment)`);
	});

	test('an empty Action is refused before anything is sent', async () => {
		const { error } = await runTalkover({ parameters: remove('={{ " " }}'), credentials: credentials() });
		expect(error?.message).toMatch(/^Action \(item 0\)/);
		expect(sandbox().requests).toEqual([]);
	});
});
