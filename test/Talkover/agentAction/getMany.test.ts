import { callMethod, runTalkover } from '../../helpers/n8n';
import { byId, DRAFT_AGENT, SALES_AGENT, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';
import { SEEDED_ACTION } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const getMany = (agentId: string, extra = {}) => ({ resource: 'agentAction', operation: 'getMany', agentId: byId(agentId), ...extra });
const addActions = (agentId: string, n: number) => {
	for (let i = 0; i < n; i++) sandbox().agentActions.push({ ...sandbox().agentActions[0], id: `ac710000-0000-4000-8000-1000000000${String(i).padStart(2, '0')}`, agent_id: agentId, node_id: `n${i}`, name: `A${i}` });
};

describe('Agent Action → Get Many', () => {
	test('one item per action, as Talkover lists it', async () => {
		const { output, error } = await runTalkover({ parameters: getMany(SUPPORT_AGENT), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path, r.query])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}/actions`, { per_page: '50', page: '1' }]]);
		expect(output!.map((o) => [o.json.id, o.json.name, o.json.type, o.pairedItem])).toEqual([[SEEDED_ACTION, 'Schedule Meeting', 'webhook', { item: 0 }]]);
	});

	test('an agent without actions: no items', async () => {
		const { output, error } = await runTalkover({ parameters: getMany(DRAFT_AGENT), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output ?? []).toEqual([]);
	});

	test('Limit: the page\'s whole list is cut to the limit', async () => {
		addActions(SALES_AGENT, 5);
		const { output } = await runTalkover({ parameters: getMany(SALES_AGENT, { limit: 2 }), credentials: credentials() });
		expect(output!.map((o) => o.json.name)).toEqual(['A0', 'A1']);
	});

	test('contradiction (#44): Return All follows openapi.json\'s pages', async () => {
		addActions(SALES_AGENT, 150);
		sandbox().actionsPagingShape = 'meta';
		sandbox().answerShape = 'openapi';
		const { output, error } = await runTalkover({ parameters: getMany(SALES_AGENT, { returnAll: true }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2']);
		expect(output).toHaveLength(150);
	});

	test('an action without its id is an error, never a guess', async () => {
		sandbox().inject({ method: 'GET', status: 200, body: { success: true, data: [{ name: 'x', type: 'webhook' }] } });
		const { error } = await runTalkover({ parameters: getMany(SUPPORT_AGENT), credentials: credentials() });
		expect(error?.message).toBe("Talkover's list of actions does not have the expected data (action 1: its id is missing)");
	});

	test('custom header values are secrets: `***` in every item, as Talkover echoes them (the action’s custom_headers, a `config` copy); header names kept', async () => {
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/agents/${SUPPORT_AGENT}/actions`,
			status: 200,
			body: { success: true, data: [{ id: SEEDED_ACTION, name: 'Schedule Meeting', type: 'webhook', custom_headers: [{ key: 'X-Api-Key', value: 'sk_live_SECRET' }], config: { custom_headers: [{ key: 'X-N8n-Talkover-Secret', value: 'a'.repeat(64) }] } }] },
		});
		const { output, error } = await runTalkover({ parameters: getMany(SUPPORT_AGENT), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json.custom_headers).toEqual([{ key: 'X-Api-Key', value: '***' }]);
		expect(output![0].json.config).toEqual({ custom_headers: [{ key: 'X-N8n-Talkover-Secret', value: '***' }] });
		expect(JSON.stringify(output)).not.toMatch(/sk_live_SECRET|a{64}/);
	});

	test('404: the agent is named', async () => {
		const { error } = await runTalkover({ parameters: getMany(UNKNOWN_AGENT), credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});

	test('the Action picker lists the chosen agent\'s actions', async () => {
		const result = await callMethod('listSearch', 'searchAgentActions', credentials(), [], { resource: 'agentAction', operation: 'delete', agentId: byId(SUPPORT_AGENT) });
		expect(result).toEqual({ results: [{ name: 'Schedule Meeting (webhook, active)', value: SEEDED_ACTION }] });
	});
});
