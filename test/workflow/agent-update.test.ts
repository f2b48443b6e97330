import { runTalkover } from '../helpers/n8n';
import { byId, PHONE_1, PHONE_2, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const calling = { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT) };
const flow = { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT) };

const FLOW = {
	initial_node_id: 'node-greet',
	meta: { name: 'Intake v1', version: '1.0.0' },
	nodes: [
		{ id: 'node-greet', type: 'say', content: 'Hi!', next: 'node-end' },
		{ id: 'node-end', type: 'end' },
	],
	global_functions: [{ name: 'end_conversation', description: 'Ends the call' }],
};

describe('Agent → Update Calling', () => {
	test('sends direction and the chosen phone numbers, outputs the updated agent', async () => {
		const { output, error } = await runTalkover({
			parameters: { ...calling, direction: 'outbound', additionalFields: { phoneNumberIds: [PHONE_1, PHONE_2] } },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(1);
		const [request] = sandbox().requests;
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/calling`);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.body).toEqual({ direction: 'outbound', phone_number_ids: [PHONE_1, PHONE_2] });
		expect(output).toHaveLength(1);
		expect(output![0].json).toMatchObject({ id: SUPPORT_AGENT, direction: 'outbound' });
		expect((output![0].json.phone_numbers as Array<{ id: string }>).map((p) => p.id)).toEqual([PHONE_1, PHONE_2]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('without the Phone Numbers field only the direction is sent (numbers stay as they are)', async () => {
		await runTalkover({ parameters: { ...calling, direction: 'inbound' }, credentials: credentials() });
		expect(sandbox().requests[0].body).toEqual({ direction: 'inbound' });
	});

	test('the Phone Numbers field added but empty sends an empty list (removes all numbers)', async () => {
		await runTalkover({ parameters: { ...calling, direction: 'inbound', additionalFields: { phoneNumberIds: [] } }, credentials: credentials() });
		expect(sandbox().requests[0].body).toEqual({ direction: 'inbound', phone_number_ids: [] });
	});

	test('phone number IDs from an expression: an array or a comma-separated text', async () => {
		await runTalkover({
			items: [{ ids: [PHONE_2] }, { ids: ` ${PHONE_1} ,${PHONE_2}` }],
			parameters: { ...calling, direction: 'outbound', additionalFields: { phoneNumberIds: '={{ $json.ids }}' } },
			credentials: credentials(),
		});
		expect(sandbox().requests.map((r) => r.body.phone_number_ids)).toEqual([[PHONE_2], [PHONE_1, PHONE_2]]);
	});

	test('an unknown agent gives "Agent not found" with the ID', async () => {
		const { error } = await runTalkover({
			parameters: { ...calling, agentId: byId(UNKNOWN_AGENT), direction: 'inbound' },
			credentials: credentials(),
		});
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		expect(error?.description).toContain('Talkover said: "Agent not found"');
		expect(error?.httpCode).toBe('404');
	});

	test('a direction outside inbound/outbound from an expression is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { ...calling, direction: '={{ "both" }}' }, credentials: credentials() });
		expect(error?.message).toMatch(/Direction \(item 0\): "both" is not one of the allowed values: inbound, outbound/);
		expect(sandbox().requests).toHaveLength(0);
	});
});

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

describe('Agent ID (resource locator)', () => {
	test('By URL: the ID is taken from a Talkover agent URL', async () => {
		const { error } = await runTalkover({
			parameters: {
				...flow,
				conversationMode: 'llm_driven',
				agentId: { __rl: true, mode: 'url', value: `https://app.talkover.ai/agents/${SUPPORT_AGENT}/settings` },
			},
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/flow`);
	});

	test('From List: the chosen value is used as is', async () => {
		await runTalkover({
			parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'list', value: SUPPORT_AGENT, cachedResultName: 'Support' } },
			credentials: credentials(),
		});
		expect(sandbox().requests[0].path).toBe(`/api/v1/agents/${SUPPORT_AGENT}/flow`);
	});

	test('an ID that is not a UUID but is path-safe is sent encoded as one segment', async () => {
		const { error } = await runTalkover({
			parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'id', value: '={{ "agent_123456:é" }}' } },
			credentials: credentials(),
		});
		expect(sandbox().requests[0].path).toBe('/api/v1/agents/agent_123456%3A%C3%A9/flow');
		expect(error?.message).toMatch(/^Agent not found/);
	});

	test.each([
		['={{ "" }}', /Agent \(item 0\): no agent is selected/],
		['={{ "../phone-numbers" }}', /Agent \(item 0\): "..\/phone-numbers" is not an agent ID/],
		['={{ "abc/def" }}', /Agent \(item 0\): "abc\/def" is not an agent ID/],
		['={{ "abc def" }}', /Agent \(item 0\): "abc def" is not an agent ID/],
		['={{ "a..b" }}', /Agent \(item 0\): "a..b" is not an agent ID/],
		['={{ "abc?x=1" }}', /Agent \(item 0\): "abc\?x=1" is not an agent ID/],
	])('agent ID %s is refused before any request', async (value, message) => {
		const { error } = await runTalkover({
			parameters: { ...flow, conversationMode: 'llm_driven', agentId: { __rl: true, mode: 'id', value } },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});
});
