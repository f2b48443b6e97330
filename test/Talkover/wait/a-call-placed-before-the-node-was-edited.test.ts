/**
 * Make / Add Call and Wait for Outcome retried with the saved workflow after the node's Agent or campaign was
 * edited: the calls the failed execution placed are output as placed (`alreadyPlaced: true`) and waited on where
 * they were placed (their end reaches that agent's or campaign's webhooks), the others placed and waited on where
 * the edited node dials. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT, SUPPORT_AGENT } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { retryData, useMakeAndWait } from '../../helpers/makeAndWait';
import { crashedData } from '../../helpers/reRuns';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, n8n } = useMakeAndWait();

/** A second active campaign (of the sales agent), the one the node is changed to. */
const OTHER_CAMPAIGN = '3f2a9c10-0000-4000-8000-0000000000e1';

const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject; pairedItem: unknown }>;

/** The failed execution's data as n8n's Retry starts from it (its failed run dropped). */
const items = [{ to: '+15550084001' }, { to: '+15550084002' }];

const OPERATIONS = [
	{
		name: 'Make and Wait for Outcome, its Agent changed',
		before: { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT) },
		after: { resource: 'call', operation: 'makeAndWait', agentId: byId(SUPPORT_AGENT) },
		callPath: `/api/v1/agents/${SALES_AGENT}/call`,
		editedPath: `/api/v1/agents/${SUPPORT_AGENT}/call`,
		end: async (to: string) => {
			for (const call of sandbox().calls.filter((c) => c.to === to)) await sandbox().endCallWithEvent(String(call.id), { duration: 30 });
		},
	},
	{
		name: 'Add Call and Wait for Outcome, its campaign changed',
		before: { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), callEvents: [] },
		after: { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(OTHER_CAMPAIGN), callEvents: [] },
		callPath: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`,
		editedPath: `/api/v1/campaigns/${OTHER_CAMPAIGN}/call`,
		end: async (to: string) => {
			for (const call of sandbox().campaignCalls.filter((c) => c.to === to)) {
				call.status = 'completed';
				await sandbox().emitCampaignEvent(String(call.campaign_id), 'campaign_call.completed', { campaign_call: { id: call.id, to: call.to, status: 'completed', context: call.context } });
			}
		},
	},
];

/** Both calls end (the new one first): the Retry resumes, the earlier call output as placed, each answered at its place. */
async function bothEndedAnswered(op: (typeof OPERATIONS)[number], retried: SavedExecution): Promise<void> {
	await op.end(items[1].to);
	await op.end(items[0].to);
	await n8n.ended(retried);
	expect(output(retried).map(({ json, pairedItem }) => [json.to, json.alreadyPlaced, json.outcome, pairedItem])).toEqual([
		[items[0].to, true, 'answered', { item: 0 }],
		[items[1].to, undefined, 'answered', { item: 1 }],
	]);
}

describe.each(OPERATIONS)('$name, then Retry with the saved workflow', (op) => {
	beforeEach(() => {
		const active = sandbox().campaigns.find((c) => c.id === ACTIVE_CAMPAIGN)!;
		if (!sandbox().campaigns.some((c) => c.id === OTHER_CAMPAIGN)) sandbox().campaigns.push({ ...active, id: OTHER_CAMPAIGN, name: 'Second list' });
	});

	test('the call the failed execution placed is waited on where it was placed: its end and the new call’s end the wait, no webhook left', async () => {
		const parameters = (target: INodeParameters): INodeParameters => ({ ...target, to: '={{ $json.to }}', isTesting: true, waitLimit: 30 });
		sandbox().inject({ method: 'POST', path: op.callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === items[1].to });
		const failed = await n8n.run(items, parameters(op.before));
		expect(failed.status).toBe('error');
		const retried = await n8n.run(items, parameters(op.after), undefined, undefined, retryData(failed), { loadWorkflow: true });
		expect([retried.status, retried.data.resultData.error?.message]).toEqual(['waiting', undefined]);
		expect(sandbox().requestsTo('POST', op.callPath).map((r) => r.body.to)).toEqual([items[0].to, items[1].to]);
		expect(sandbox().requestsTo('POST', op.editedPath).map((r) => r.body.to)).toEqual([items[1].to]);
		await bothEndedAnswered(op, retried);
		expect(waitWebhooks()).toEqual([]);
	});

	test('n8n killed while the node placed its calls, then Retry with the saved workflow: the call the crashed execution placed (found among the account’s calls) is waited on where it was placed', async () => {
		const parameters = (target: INodeParameters): INodeParameters => ({ ...target, to: '={{ $json.to }}', isTesting: true, waitLimit: 30 });
		const startedAt = Date.parse('2026-01-15T10:00:00Z');
		// The crashed execution placed the first lead's call; n8n kept nothing of the node (its context is lost).
		const crashed = await n8n.run(items.slice(0, 1), parameters(op.before));
		n8n.cancel(crashed);
		const retried = await n8n.run(items, parameters(op.after), undefined, undefined, crashedData({ items, startedAt, crashedNode: 'Talkover' }), { loadWorkflow: true });
		expect([retried.status, retried.data.resultData.error?.message]).toEqual(['waiting', undefined]);
		expect(sandbox().requestsTo('POST', op.callPath).map((r) => r.body.to)).toEqual([items[0].to]);
		expect(sandbox().requestsTo('POST', op.editedPath).map((r) => r.body.to)).toEqual([items[1].to]);
		await bothEndedAnswered(op, retried);
	});
});
