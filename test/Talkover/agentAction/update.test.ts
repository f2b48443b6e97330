import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { SEEDED_ACTION, UNKNOWN_ACTION } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const update = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'agentAction',
	operation: 'update',
	agentId: byId(SUPPORT_AGENT),
	actionId: byId(SEEDED_ACTION),
	actionType: 'webhook',
	name: 'Schedule Meeting',
	description: 'Book a meeting',
	nodeId: 'action-node-456',
	url: 'https://n8n.example.com/webhook/book',
	...extra,
});
const path = `/api/v1/agents/${SUPPORT_AGENT}/actions`;

describe('Agent Action → Update', () => {
	test('the action is looked up, then one Create/Update POST with its Node ID; Talkover answers the same action: output it', async () => {
		const { output, error } = await runTalkover({ parameters: update(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', path],
			['POST', path],
		]);
		expect(sandbox().requestsTo('POST', path)[0].body).toEqual({ node_id: 'action-node-456', name: 'Schedule Meeting', description: 'Book a meeting', type: 'webhook', url: 'https://n8n.example.com/webhook/book' });
		expect(output!.map((o) => [o.json.id, o.json.description, o.json.url])).toEqual([[SEEDED_ACTION, 'Book a meeting', 'https://n8n.example.com/webhook/book']]);
		expect(sandbox().agentActions).toHaveLength(1);
	});

	test('an action the agent does not have: not found, and nothing is POSTed (which would add one)', async () => {
		const { error } = await runTalkover({ parameters: update({ actionId: byId(UNKNOWN_ACTION) }), credentials: credentials() });
		expect(error?.message).toBe(`Action not found: agent ${SUPPORT_AGENT} has no action with ID ${UNKNOWN_ACTION} (or Talkover has no such agent for this token's environment)`);
		expect(sandbox().requestsTo('POST', path)).toEqual([]);
	});

	test('Talkover adds a new action instead (another Node ID, or a Talkover that never updates): an error saying both exist, never a silent success', async () => {
		const { error } = await runTalkover({ parameters: update({ nodeId: 'other-node' }), credentials: credentials(), settings: retryOnFail(3) });
		const added = sandbox().agentActions.find((a) => a.node_id === 'other-node')!;
		expect(error?.message).toBe(`Talkover added a new action (ID ${added.id}) instead of updating action ${SEEDED_ACTION}`);
		expect(error?.description).toContain('Both actions now exist on the agent.');
		expect(sandbox().requestsTo('POST', path)).toHaveLength(1);
		sandbox().reset();
		sandbox().actionUpsertKey = 'none';
		const again = await runTalkover({ parameters: update(), credentials: credentials() });
		expect(again.error?.message).toMatch(/^Talkover added a new action \(ID [0-9a-f-]+\) instead of updating action ac710000/);
	});

	test('the Node ID is another existing action’s (Talkover replaced that one): the error names the action it changed, says this one is unchanged, advises nothing destructive', async () => {
		const other = { ...JSON.parse(JSON.stringify(sandbox().agentActions[0])), id: 'ac710000-0000-4000-8000-000000000002', node_id: 'node-other', name: 'Other' };
		sandbox().agentActions.push(other);
		const { error } = await runTalkover({ parameters: update({ actionId: byId(other.id), name: 'Other', nodeId: 'action-node-456' }), credentials: credentials(), settings: retryOnFail(3) });
		expect(sandbox().agentActions.find((a) => a.id === SEEDED_ACTION)?.name).toBe('Other');
		expect(error?.message).toBe(`Talkover updated action ${SEEDED_ACTION} (it has Node ID "action-node-456") instead of ${other.id}; ${other.id} is unchanged`);
		expect(error?.description).not.toContain('Both actions now exist');
		expect(error?.description).not.toMatch(/Delete/);
		expect(error?.description).toContain(`To change action ${other.id}, update it again with its own Node ID`);
		expect(sandbox().requestsTo('POST', path)).toHaveLength(1);
	});

	test('the look-up failing (500) is not "may have been updated": nothing was sent to change it, so Retry On Fail tries again', async () => {
		sandbox().inject({ method: 'GET', status: 500, body: { success: false, message: 'Internal server error.' } });
		const { output, error } = await runTalkover({ parameters: { ...update(), options: { maxRetries: 0 } }, credentials: credentials(), settings: retryOnFail(2) });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST']);
		expect(output![0].json.id).toBe(SEEDED_ACTION);
		sandbox().reset();
		sandbox().inject({ method: 'GET', status: 500, body: { success: false, message: 'Internal server error.' } });
		const once = await runTalkover({ parameters: { ...update(), options: { maxRetries: 0 } }, credentials: credentials() });
		expect(once.error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(once.error?.description).toMatch(/^Nothing was changed: the look-up of the action before the update failed, the update was not sent\./);
	});

	test('the fields are checked before anything is sent', async () => {
		const { error } = await runTalkover({ parameters: update({ url: 'ftp://x.example' }), credentials: credentials() });
		expect(error?.message).toBe('URL (item 0): "ftp://x.example" is not a full http:// or https:// URL');
		expect(sandbox().requests).toEqual([]);
	});
});
