import type { IRun, IRunExecutionData } from 'n8n-workflow';

import { runChain } from '../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

function retryData(failed: IRun): IRunExecutionData {
	const data = JSON.parse(JSON.stringify(failed.data)) as IRunExecutionData;
	const last = data.resultData.lastNodeExecuted!;
	delete data.resultData.error;
	const runs = data.resultData.runData[last];
	if (runs.length > 0 && runs[runs.length - 1].error !== undefined) runs.pop();
	return data;
}

describe('review24: retried executions probes', () => {
	test('size of the execution context kept for a retry: 300 placed calls (Make Call) vs Add Call', async () => {
		const items = Array.from({ length: 300 }, (_, i) => ({ phone: `+1555400${String(i).padStart(4, '0')}` }));
		const run = await runChain({ items, nodes: [{ name: 'Make Call', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { batchSize: 10 } } }], credentials: credentials() });
		const ctx = JSON.stringify(run.data.executionData?.contextData ?? {});
		const out = JSON.stringify(run.data.resultData.runData['Make Call'][0].data);
		console.log('Make Call 300 items: contextData bytes', ctx.length, 'output bytes', out.length);
		const add = await runChain({ items: items.slice(0, 100), nodes: [{ name: 'Add Call', parameters: { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.phone }}', options: { batchSize: 10 } } }], credentials: credentials() });
		const addCtx = JSON.stringify(add.data.executionData?.contextData ?? {});
		console.log('Add Call 100 items: contextData bytes', addCtx.length, 'output bytes', JSON.stringify(add.data.resultData.runData['Add Call'][0].data).length);
		// A measurement, not a promise: the context kept for a retry is larger than the node's output itself.
		expect(ctx.length).toBeGreaterThan(out.length);
	}, 300_000);

	test('retry: an item the failed execution skipped within the run (same number as an earlier one) is not dialled, and says why', async () => {
		const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
		const leads = ['+15559991000', '+15559991001', '+15559991000', '+15559991002'].map((phone) => ({ phone }));
		const node = { name: 'Make Call', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { skipCalledWithinMinutes: 60, batchSize: 1 } } };
		sandbox().inject({ method: 'POST', path: callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15559991002' });
		const failed = await runChain({ items: leads, nodes: [node], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		const retried = await runChain({ items: leads, nodes: [node], credentials: credentials(), retryOf: retryData(failed) });
		expect(retried.data.resultData.error).toBeUndefined();
		const posts = sandbox().requestsTo('POST', callPath).map((r) => r.body.to);
		expect(posts).toEqual(['+15559991000', '+15559991001', '+15559991002', '+15559991002']);
		const out = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		console.log(JSON.stringify(out.map((o) => [o.to, o.alreadyPlaced, o.skipReason]), null, 1));
	}, 120_000);
});
