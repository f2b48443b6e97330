/**
 * Talkover Trigger → The Agent's Tool → Options → Flow Node Name or ID: the list the editor shows, through n8n-core's
 * LoadOptionsContext, from the agent's flow as Get Agent Flow gives it (the sandbox): n8n's own ID first, then each
 * action node of the flow, its text as the option's description (clipped: Talkover's text, any length).
 */
import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INode, INodePropertyOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { additionalData, loadSource, NodeTypes } from '../../helpers/n8n';

const { sandbox, credentials } = useSandbox();
const TRIGGER_TYPE = 'n8n-nodes-talkover.talkoverTrigger';

async function offered(): Promise<INodePropertyOptions[]> {
	const node: INode = {
		id: 'trigger',
		name: 'Talkover Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { source: 'agentTool', agentId: { __rl: true, mode: 'id', value: SUPPORT_AGENT }, toolName: 'look_up', toolOptions: {} },
		credentials: { talkoverApi: { id: 'cred-1', name: 'Talkover account' } },
	};
	const trigger = loadSource().trigger;
	const workflow = new Workflow({ id: 'wf-1', name: 'test', nodes: [node], connections: {}, active: false, nodeTypes: new NodeTypes({ [TRIGGER_TYPE]: trigger }) });
	const context = new LoadOptionsContext(workflow, node, additionalData(credentials()), 'parameters.toolOptions.flowNodeId');
	return await trigger.methods!.loadOptions!.getFlowActionNodes.call(context);
}

const AUTOMATIC = { name: 'Automatic (for Agents Without a Flow)', value: '', description: 'The same for this node on every activation: n8n-(workflow ID)-(node ID)' };
const flow = (nodes: IDataObject[]) => Object.assign(sandbox().agents.find((a) => a.id === SUPPORT_AGENT)!, { conversation_mode: 'flow_driven', flow_config: { nodes } });

test('the flow’s action nodes are offered after n8n’s own ID, each with its text; other nodes are not', async () => {
	flow([
		{ id: 'start', type: 'conversation', content: 'Greet the caller' },
		{ id: 'lookup', type: 'action', content: 'Look the caller up' },
		{ id: 'book', type: 'action' },
	]);
	expect(await offered()).toEqual([
		AUTOMATIC,
		{ name: 'Flow Node: lookup', value: 'lookup', description: 'Look the caller up' },
		{ name: 'Flow Node: book', value: 'book', description: 'An action node of the agent’s flow' },
	]);
});

test('an action node whose text or ID is 100,000 characters long is offered clipped, its value whole', async () => {
	const id = `n${'i'.repeat(99_999)}`;
	flow([{ id, type: 'action', content: 'c'.repeat(100_000) }]);
	const [, option] = await offered();
	expect(option).toEqual({ name: `Flow Node: n${'i'.repeat(79)}… (100000 characters)`, value: id, description: `${'c'.repeat(200)}… (100000 characters)` });
});

test('an agent without a flow, or a flow Talkover cannot give: only n8n’s own ID', async () => {
	expect(await offered()).toEqual([AUTOMATIC]);
	sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SUPPORT_AGENT}/flow`, status: 500, body: { success: false, message: 'Server Error' }, times: Infinity });
	expect(await offered()).toEqual([AUTOMATIC]);
});
