import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const unpublish = { resource: 'agent', operation: 'unpublish' };

describe('Agent → Unpublish', () => {
	test('POST …/unpublish with no body, status back to draft', async () => {
		const { output } = await runTalkover({ parameters: { ...unpublish, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([['POST', `/api/v1/agents/${SUPPORT_AGENT}/unpublish`, '']]);
		expect(output!.map((o) => [o.json.id, o.json.current_status, o.pairedItem])).toEqual([[SUPPORT_AGENT, 'draft', { item: 0 }]]);
		expect(sandbox().agents.find((a) => a.id === SUPPORT_AGENT)!.current_status).toBe('draft');
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { ...unpublish, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});

	test('not repeatable: not sent twice after a dropped connection, even with n8n’s Retry On Fail', async () => {
		sandbox().inject({ method: 'POST', destroy: true });
		const { error } = await runTalkover({
			parameters: { ...unpublish, agentId: byId(SUPPORT_AGENT) },
			credentials: credentials(),
			settings: retryOnFail(2),
		});
		expect(error?.message).toBe('The agent may have been unpublished: Could not reach Talkover: the connection was closed before Talkover answered');
		expect(sandbox().requestsTo('POST')).toHaveLength(1);
	});
});
