import { runTalkover } from '../../helpers/n8n';
import { byId, FLOW, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const get = { resource: 'flow', operation: 'get' };

describe('Flow → Get', () => {
	test('GET …/flow, outputs mode and configuration', async () => {
		Object.assign(sandbox().agents.find((a) => a.id === SUPPORT_AGENT)!, { conversation_mode: 'flow_driven', flow_config: FLOW });
		const { output } = await runTalkover({ parameters: { ...get, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}/flow`, '']]);
		expect(output).toEqual([{ json: { conversation_mode: 'flow_driven', flow_config: FLOW }, pairedItem: { item: 0 } }]);
	});

	test('an agent without a flow: LLM driven, no configuration', async () => {
		const { output } = await runTalkover({ parameters: { ...get, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(output!.map((o) => o.json)).toEqual([{ conversation_mode: 'llm_driven', flow_config: null }]);
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { ...get, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});
});
