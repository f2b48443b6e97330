import type { IDataObject, IRun, IRunExecutionData } from 'n8n-workflow';

import { runChain } from '../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;

function retryData(failed: IRun): IRunExecutionData {
	const data = JSON.parse(JSON.stringify(failed.data)) as IRunExecutionData;
	const last = data.resultData.lastNodeExecuted!;
	delete data.resultData.error;
	const runs = data.resultData.runData[last];
	if (runs.length > 0 && runs[runs.length - 1].error !== undefined) runs.pop();
	return data;
}

/**
 * A "call again if no answer" loop: Make Call → Wait → Get Call → IF no answer → back to Make Call, with the
 * same lead at item index 1. Iteration 1 placed the call (no answer); iteration 2's call is refused (402, no
 * credits: nothing placed) and the execution fails. The user tops up and clicks Retry. The node's context
 * then holds what iteration 1 wrote, under the same execution ID: built here by hand (the helper runs no loop).
 */
test('a retried execution places the call its failed run could not place, even when an earlier loop iteration of that run called the same lead', async () => {
	const leads = [{ phone: '+15559992000' }, { phone: '+15559992001' }];
	const node = { name: 'Make Call', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { batchSize: 1 } } };
	sandbox().inject({ method: 'POST', path: callPath, status: 402, body: { success: false, message: 'Insufficient credits', error: { code: 'INSUFFICIENT_CREDITS' } }, times: 1, when: (r) => r.body.to === leads[1].phone });
	const failed = await runChain({ items: leads, nodes: [node], credentials: credentials() });
	expect(failed.data.resultData.error).toBeDefined();
	const data = retryData(failed);
	const placed = (data.executionData!.contextData['node:Make Call'] as IDataObject).talkoverPlaced as Record<string, IDataObject>;
	const executionId = Object.values(placed)[0].executionId;
	// What iteration 1 of the loop wrote for item 1 (the same execution, the same lead, its unanswered call).
	placed[`1|agent|${SALES_AGENT}|15559992001`] = { executionId, call: { id: 'iteration-1-call', to: leads[1].phone, status: 'no-answer' } };
	sandbox().requests.length = 0;
	const retried = await runChain({ items: leads, nodes: [node], credentials: credentials(), retryOf: data });
	const out = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
	console.log(JSON.stringify(out[1]));
	expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual([leads[1].phone]);
});
