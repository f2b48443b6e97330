import { runTalkover } from '../../helpers/n8n';
import { byId, FLOW, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const flow = { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT) };

describe('Agent → Update Flow', () => {
	test('LLM driven sends only the mode (no flow_config)', async () => {
		const { output, error } = await runTalkover({ parameters: { ...flow, conversationMode: 'llm_driven' }, credentials: credentials() });
		expect(error).toBeUndefined();
		const [request] = sandbox().requests;
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/flow`);
		expect(request.body).toEqual({ conversation_mode: 'llm_driven' });
		expect(output![0].json).toEqual({ conversation_mode: 'llm_driven', flow_config: null });
	});

	test('flow driven with the flow as JSON text', async () => {
		const { output, error } = await runTalkover({
			parameters: { ...flow, conversationMode: 'flow_driven', flowConfig: JSON.stringify(FLOW, null, 2) },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].body).toEqual({ conversation_mode: 'flow_driven', flow_config: FLOW });
		expect(output![0].json).toEqual({ conversation_mode: 'flow_driven', flow_config: FLOW });
	});

	test('flow driven with the flow as an object from an expression', async () => {
		const { error } = await runTalkover({
			items: [{ flow: FLOW }],
			parameters: { ...flow, conversationMode: 'flow_driven', flowConfig: '={{ $json.flow }}' },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].body).toEqual({ conversation_mode: 'flow_driven', flow_config: FLOW });
	});

	test('the default flow configuration shown in the editor is a valid flow', async () => {
		const { error } = await runTalkover({ parameters: { ...flow, conversationMode: 'flow_driven' }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].body.flow_config.initial_node_id).toBe('node-greet');
	});

	test.each([
		['{ "initial_node_id": "a", ', /Flow Configuration \(JSON\) \(item 0\): is not valid JSON/],
		['[1, 2]', /Flow Configuration \(JSON\) \(item 0\): must be a JSON object/],
		['={{ "null" }}', /Flow Configuration \(JSON\) \(item 0\): must be a JSON object/],
		['={{ "  " }}', /Flow Configuration \(JSON\) \(item 0\): is required but empty/],
	])('flow %s is refused before any request', async (flowConfig, message) => {
		const { error } = await runTalkover({ parameters: { ...flow, conversationMode: 'flow_driven', flowConfig }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(error?.description).toContain('parameter "flowConfig"');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('a 422 with a list of strings shows every line in the description', async () => {
		const broken = { ...FLOW, initial_node_id: 'node-start', nodes: [{ id: 'node-greet', type: 'say', next: 'node-bookx' }] };
		const { error } = await runTalkover({
			parameters: { ...flow, conversationMode: 'flow_driven', flowConfig: JSON.stringify(broken) },
			credentials: credentials(),
		});
		expect(sandbox().requests).toHaveLength(1);
		expect(error?.message).toBe('Talkover rejected the data: Flow validation failed');
		expect(error?.description).toBe(
			["initial_node_id 'node-start' not found in nodes", "Node 'node-greet' references unknown next node 'node-bookx'"].join('\n'),
		);
	});

	test('an unknown mode from an expression is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { ...flow, conversationMode: '={{ "scripted" }}' }, credentials: credentials() });
		expect(error?.message).toMatch(/Conversation Mode \(item 0\): "scripted" is not one of the allowed values: llm_driven, flow_driven/);
		expect(sandbox().requests).toHaveLength(0);
	});
});
