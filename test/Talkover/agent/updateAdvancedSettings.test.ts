import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const advanced = (agentId: string, enable: boolean) => ({ resource: 'agent', operation: 'updateAdvancedSettings', agentId: byId(agentId), enableInitialMessageCache: enable });

describe('Agent → Update Advanced Settings', () => {
	test('an eligible agent: one PATCH, output the settings', async () => {
		const { output, error } = await runTalkover({ parameters: advanced(SUPPORT_AGENT, true), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path, r.body])).toEqual([['PATCH', `/api/v1/agents/${SUPPORT_AGENT}/advanced-settings`, { enable_initial_message_cache: true }]]);
		expect(output![0].json).toMatchObject({ id: SUPPORT_AGENT, advanced_settings: { enable_initial_message_cache: true } });
	});

	test('422 OPTIMIZED_COSTS_NOT_ELIGIBLE (code and details beside the message) says how many calls are missing', async () => {
		const { error } = await runTalkover({ parameters: advanced(SALES_AGENT, true), credentials: credentials() });
		expect(error?.message).toBe('The agent does not have enough calls for optimized costs yet (312 of the 700 calls needed in 7 days): Enable Initial Message Cache stays off');
		expect(error?.description).toContain('Error code: OPTIMIZED_COSTS_NOT_ELIGIBLE');
	});

	test('turning it off always works', async () => {
		const { output, error } = await runTalkover({ parameters: advanced(SALES_AGENT, false), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ advanced_settings: { enable_initial_message_cache: false } });
	});

	test('404 for an unknown agent; a bad value from an expression is refused before sending', async () => {
		const unknown = await runTalkover({ parameters: advanced(UNKNOWN_AGENT, false), credentials: credentials() });
		expect(unknown.error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		sandbox().requests.length = 0;
		const bad = await runTalkover({ parameters: { ...advanced(SUPPORT_AGENT, true), enableInitialMessageCache: '={{ "maybe" }}' }, credentials: credentials() });
		expect(bad.error?.message).toBe('Enable Initial Message Cache (item 0): "maybe" is not true or false');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('Continue On Fail: the ineligible agent is an error item, the eligible one is updated', async () => {
		const { output } = await runTalkover({
			items: [{ id: SALES_AGENT }, { id: SUPPORT_AGENT }],
			parameters: { ...advanced(SUPPORT_AGENT, true), agentId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.id, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			[SUPPORT_AGENT, { item: 1 }],
		]);
	});
});
