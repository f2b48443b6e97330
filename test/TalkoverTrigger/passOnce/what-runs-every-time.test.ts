/**
 * What the trigger's execute() (passOnce.ts) does not hold against n8n's deduplication store: events that name
 * no call (a campaign's own events), and the agent tool's requests (each call of the tool is asked for). Run
 * through n8n-core's engine as an-event-runs-its-workflow-once.test.ts runs it (test/helpers/triggerInProcess.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { catchUpSettled } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { SALES_AGENT, useSandbox } from '../../helpers/fixtures';
import { processedEntries } from '../../helpers/processedData';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const HOUR = 60 * 60_000;
const receiver = useDeliveryReceiver();

afterEach(async () => {
	await catchUpSettled();
});

test('a campaign paused twice, hours apart, with the same body: each pause runs the workflow (an event that names no call is not recorded)', async () => {
	const wf = new TriggerInProcess(receiver, credentials);
	Object.assign(wf.node.parameters, { source: 'campaign', campaignId: { __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN }, campaignEvents: ['campaign.paused'], options: { catchUpHours: 0 } });
	await wf.activate();
	const paused = { event: 'campaign.paused', campaign_id: ACTIVE_CAMPAIGN, campaign_name: 'Spring renewals' };
	await sandbox().deliver(wf.webhookId, paused);
	clock().time += 2 * HOUR;
	await sandbox().deliver(wf.webhookId, paused);
	expect(wf.failures).toEqual([]);
	expect(wf.items).toEqual([paused, paused]);
	expect(processedEntries(wf.workflowId, wf.node.id)).toEqual([]);
});

test('the agent asks its tool the same thing twice during one call: each request runs the workflow', async () => {
	const wf = new TriggerInProcess(receiver, credentials);
	Object.assign(wf.node.parameters, {
		source: 'agentTool',
		agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
		toolName: 'check_order',
		toolDescription: 'Tells the caller where their order is',
		inputs: { values: [{ name: 'call_id', type: 'string', required: true, description: 'The call’s ID' }, { name: 'order', type: 'string', required: true, description: 'The order number' }] },
	});
	// The tool's request as Talkover sends it (the inputs the agent collected), in the execution n8n starts for it.
	const request: IDataObject = { call_id: 'c-7', order: 'A-1001' };
	await wf.run([{ ...request }], 'webhook');
	clock().time += 30_000;
	await wf.run([{ ...request }], 'webhook');
	expect(wf.failures).toEqual([]);
	expect(wf.items).toEqual([request, request]);
	expect(processedEntries(wf.workflowId, wf.node.id)).toEqual([]);
});
