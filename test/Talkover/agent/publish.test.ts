import { runTalkover } from '../../helpers/n8n';
import { byId, DRAFT_AGENT, retryOnFail, SALES_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const publish = { resource: 'agent', operation: 'publish' };

describe('Agent → Publish', () => {
	test('POST …/publish with no body, outputs the new status', async () => {
		const { output } = await runTalkover({ parameters: { ...publish, agentId: byId(SALES_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([['POST', `/api/v1/agents/${SALES_AGENT}/publish`, '']]);
		expect(output!.map((o) => [o.json.id, o.json.current_status, o.pairedItem])).toEqual([[SALES_AGENT, 'published', { item: 0 }]]);
	});

	test('an agent that is not ready: every missing piece listed', async () => {
		const { error } = await runTalkover({ parameters: { ...publish, agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe('Talkover rejected the data: The given data was invalid.');
		expect(error?.description).toBe('voice: The agent needs a voice before it can be published.\nknowledge: The agent needs knowledge before it can be published.');
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { ...publish, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});

	test('not repeatable: not sent twice after a 500, even with n8n’s Retry On Fail', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { message: 'boom' } });
		const { error } = await runTalkover({
			parameters: { ...publish, agentId: byId(SALES_AGENT) },
			credentials: credentials(),
			settings: retryOnFail(2),
		});
		expect(error?.message).toBe('The agent may have been published: Talkover had a problem on its side (HTTP 500)');
		expect(sandbox().requestsTo('POST')).toHaveLength(1);
	});
});
