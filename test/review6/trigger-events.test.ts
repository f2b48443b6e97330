/**
 * Review 6: a sibling picker the change did not cover: the Talkover Trigger's Events (getWebhookEvents,
 * eventWebhooks.ts eventOptions) gives the editor each description of `available_events` as Talkover
 * sent it: an object, a number or null becomes the option's description, which the editor expects as a text.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INode, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { additionalDataFor } from '../helpers/n8n';
import { SALES_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

async function loadEvents(agentId: string): Promise<INodePropertyOptions[]> {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const parameters: IDataObject = { agentId: { __rl: true, mode: 'id', value: agentId }, events: [] };
	const node = { id: 't', name: 'Talkover Trigger', type: 'n8n-nodes-talkover.talkoverTrigger', typeVersion: 1, position: [0, 0], parameters, credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as INode;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'w', name: 'w', nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(credentials()), 'parameters.events');
	return await (nodeType.methods!.loadOptions!.getWebhookEvents as (this: LoadOptionsContext) => Promise<INodePropertyOptions[]>).call(context);
}

describe('review 6: Talkover Trigger → Events under odd available_events', () => {
	test('descriptions that are an object, a number and null: each option\'s description is a text or absent', async () => {
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/agents/${SALES_AGENT}/webhooks`,
			status: 200,
			body: { success: true, data: { webhooks: [], available_events: { event_phone_call_ended: { en: 'Phone call has ended' }, event_custom_thing: 7, event_other: null } } },
		});
		const options = await loadEvents(SALES_AGENT);
		expect(options.map((o) => o.value).sort()).toEqual(['event_custom_thing', 'event_other', 'event_phone_call_ended']);
		for (const option of options) expect({ value: option.value, description: option.description === undefined || typeof option.description === 'string' }).toEqual({ value: option.value, description: true });
	});
});
