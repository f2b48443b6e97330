import { runTalkover } from '../../helpers/n8n';
import { byId, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const get = { resource: 'agent', operation: 'get' };

describe('Agent → Get', () => {
	test('GET /agents/{id}, outputs the agent', async () => {
		const { output } = await runTalkover({ parameters: { ...get, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path, r.headers.authorization, r.rawBody])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}`, `Bearer ${TOKEN}`, '']]);
		expect(output!.map((o) => [o.json.id, o.json.name, o.json.current_status, o.pairedItem])).toEqual([[SUPPORT_AGENT, 'SupportBot', 'published', { item: 0 }]]);
		expect(output![0].json).not.toHaveProperty('success');
	});

	test('its actions’ custom header values are secrets: `***` in the item (the rest of the agent as answered)', async () => {
		const agent = { ...sandbox().agents.find((a) => a.id === SUPPORT_AGENT)!, actions: [{ id: 'ac1', name: 'Book', type: 'webhook', custom_headers: [{ key: 'Authorization', value: 'Bearer sk_live_SECRET' }] }] };
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SUPPORT_AGENT}`, status: 200, body: { success: true, data: agent } });
		const { output, error } = await runTalkover({ parameters: { ...get, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json.actions).toEqual([{ id: 'ac1', name: 'Book', type: 'webhook', custom_headers: [{ key: 'Authorization', value: '***' }] }]);
		expect(output![0].json.name).toBe('SupportBot');
		expect(JSON.stringify(output)).not.toContain('sk_live_SECRET');
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { ...get, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		expect(error?.httpCode).toBe('404');
	});
});
