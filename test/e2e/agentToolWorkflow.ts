/**
 * The workflows of the agent tool tests in a real n8n (test/e2e/agent-tool.e2e.ts, and in queue mode
 * test/queue/agent-tool.queue.ts): a Talkover Trigger with the Agent Tool source on the Sales agent,
 * collecting the caller's phone number, and the nodes after it in a chain.
 */
import type { IDataObject } from 'n8n-workflow';

import { SALES_AGENT } from '../helpers/fixtures';
import type { WorkflowFile } from './real-n8n';
import { talkoverTriggerNode } from './real-n8n';

/** The header the trigger's webhook action carries its secret in. */
export const HEADER = 'X-N8n-Talkover-Secret';
/** The Sales agent's actions (create-action.mdx, list-actions.mdx). */
export const ACTIONS = `/api/v1/agents/${SALES_AGENT}/actions`;

/** The credential both tests import (id and name). */
const CREDENTIAL = { id: 'talkoverGood', name: 'Talkover API' };

/** A Talkover Trigger, source Agent Tool, named `toolName`, one required input `phone`; `extra` adds or replaces parameters. */
export const toolTrigger = (webhookId: string, toolName: string, extra: object = {}, credential: { id: string; name: string } = CREDENTIAL) =>
	talkoverTriggerNode(
		webhookId,
		{
			source: 'agentTool',
			agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
			toolName,
			toolDescription: `The ${toolName} tool`,
			inputs: { values: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }] },
			...extra,
		},
		credential,
	);

/** A workflow of these nodes, each named in `chain` connected to the next one there. */
export function chainWorkflow(id: string, nodes: object[], chain: string[]): WorkflowFile {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < chain.length; i++) connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	return { id, name: id, nodes: nodes as WorkflowFile['nodes'], connections: connections as WorkflowFile['connections'] };
}

/** A Wait node of 6 seconds (longer than the slow workflows' 2-second Answer Time Limit). */
export const WAIT_6S = { id: 'wait', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], parameters: { resume: 'timeInterval', amount: 6, unit: 'seconds' } };

/** The Set node "Look Up Caller": `caller` = "Ada Lovelace, <phone>", then the `more` assignments. */
export const lookUpCaller = (...more: IDataObject[]) => ({
	id: 'set',
	name: 'Look Up Caller',
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	position: [200, 0],
	parameters: { mode: 'manual', assignments: { assignments: [{ id: 'a1', name: 'caller', value: '={{ "Ada Lovelace, " + $json.phone }}', type: 'string' }, ...more] }, options: {} },
});
