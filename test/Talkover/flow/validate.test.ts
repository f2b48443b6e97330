import { runTalkover } from '../../helpers/n8n';
import { byId, FLOW, retryOnFail, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const validate = { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT) };
const BAD_FLOW = { initial_node_id: 'x', nodes: [{ id: 'a', type: 'say', next: 'zz' }, { id: 'a', type: 'dance' }] };
const BAD_FLOW_LINES = ["Duplicate node id 'a'", "Node 'a' has unknown type 'dance'", "initial_node_id 'x' not found in nodes", "Node 'a' references unknown next node 'zz'"];

describe('Flow → Validate', () => {
	test('a good flow: POST …/flow/validate { flow_config } → valid: true, nothing saved', async () => {
		const { output } = await runTalkover({ parameters: { ...validate, flowConfig: JSON.stringify(FLOW) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', `/api/v1/agents/${SUPPORT_AGENT}/flow/validate`, { flow_config: FLOW }]]);
		expect(output).toEqual([{ json: { valid: true, errors: [], message: 'Flow is valid' }, pairedItem: { item: 0 } }]);
		expect(sandbox().agents.find((a) => a.id === SUPPORT_AGENT)!.flow_config).toBeNull();
	});

	test.each([422, 200])('a bad flow (answered with %s): valid: false with every error line, not a failure', async (status) => {
		sandbox().invalidFlowStatus = status;
		const { output, error } = await runTalkover({ parameters: { ...validate, flowConfig: '={{ ' + JSON.stringify(BAD_FLOW) + ' }}' }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => o.json)).toEqual([{ valid: false, errors: BAD_FLOW_LINES }]);
	});

	test('a 200 that lists errors without `success: false` is not valid either', async () => {
		sandbox().inject({ method: 'POST', status: 200, body: { success: true, message: 'Checked', errors: ['first problem'] } });
		const { output } = await runTalkover({ parameters: { ...validate, flowConfig: JSON.stringify(FLOW) }, credentials: credentials() });
		expect(output!.map((o) => o.json)).toEqual([{ valid: false, errors: ['first problem'], message: 'Checked' }]);
	});

	test('invalid JSON is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { ...validate, flowConfig: '{nodes: []' }, credentials: credentials() });
		expect(error?.message).toMatch(/^Flow Configuration \(JSON\) \(item 0\): is not valid JSON/);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('unknown agent: an error, not "invalid"', async () => {
		const { error } = await runTalkover({ parameters: { ...validate, agentId: byId(UNKNOWN_AGENT), flowConfig: JSON.stringify(FLOW) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});

	test('repeatable (a dry run saves nothing): n8n’s Retry On Fail sends it again after a 500', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { message: 'boom' } });
		const { output, error } = await runTalkover({
			parameters: { ...validate, flowConfig: JSON.stringify(FLOW) },
			credentials: credentials(),
			settings: retryOnFail(2),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requestsTo('POST')).toHaveLength(2);
		expect(output!.map((o) => o.json.valid)).toEqual([true]);
	});
});
