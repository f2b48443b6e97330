import { runTalkover } from '../../helpers/n8n';
import { byId, FLOW, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const getVersions = { resource: 'flow', operation: 'getVersions' };

describe('Flow → Get Versions', () => {
	test('one item per version, newest first; each flow update adds one', async () => {
		const v2 = { ...FLOW, meta: { name: 'Intake v2', version: '2.0.0' } };
		await runTalkover({ parameters: { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT), conversationMode: 'flow_driven', flowConfig: JSON.stringify(v2) }, credentials: credentials() });
		sandbox().requests.length = 0;
		const { output } = await runTalkover({ parameters: { ...getVersions, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}/flow/versions`]]);
		expect(output!.map((o) => [o.json.version, o.json.is_current, o.pairedItem])).toEqual([
			['2.0.0', true, { item: 0 }],
			['1.0.0', false, { item: 0 }],
		]);
	});

	test('the versions as the page documents them: an object with `versions`', async () => {
		sandbox().inject({ path: `/api/v1/agents/${SUPPORT_AGENT}/flow/versions`, status: 200, body: { success: true, data: { versions: [{ version: '3.0.0' }] } } });
		const { output } = await runTalkover({ parameters: { ...getVersions, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(output!.map((o) => o.json)).toEqual([{ version: '3.0.0' }]);
	});

	test('`data` as the list itself (no document shows it) is an error, not versions', async () => {
		sandbox().inject({ path: `/api/v1/agents/${SUPPORT_AGENT}/flow/versions`, status: 200, body: { success: true, data: [{ version: '3.0.0' }] } });
		const { output, error } = await runTalkover({ parameters: { ...getVersions, agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe("Talkover's answer does not have the expected data (data is a list)");
	});

	test('unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { ...getVersions, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});
});
