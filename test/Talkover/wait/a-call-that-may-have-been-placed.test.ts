/**
 * Make and Wait for Outcome, n8n's Retry of an execution that failed on a call that may have been placed (its
 * request timed out): when Talkover lists no such call, the lead is not dialled again and comes out with
 * `outcome: "unknown"` (`alreadyPlaced: "maybe"`, how to check), at its place, once the calls waited on end.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { holdRequest } from '../../helpers/heldRequest';
import { byId, SALES_AGENT } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

const leads = (...numbers: string[]) => numbers.map((to) => ({ to }));
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject }>;

test('a lead whose request timed out and which Talkover never placed: its Retry does not dial it and gives it outcome unknown; the other lead’s call is waited on', async () => {
	const [placed, unsure, later] = ['+15550046001', '+15550046002', '+15550046003'];
	const held = holdRequest(sandbox(), clock(), CALL, unsure);
	const first = n8n.run(leads(placed, unsure, later), parameters());
	await held.reached();
	held.timeOut();
	const failed = await first;
	expect(failed.status).toBe('error');
	expect(failed.data.resultData.error?.message).toMatch(/^The call may have been placed: /);
	// Talkover never handles the held request: no call to the number.
	clock().advance(60_000);
	const data = JSON.parse(JSON.stringify(failed.data)) as SavedExecution['data'];
	delete data.resultData.error;
	if (data.resultData.runData.Talkover?.at(-1)?.error !== undefined) data.resultData.runData.Talkover.pop();
	const retried = await n8n.run(leads(placed, unsure, later), parameters(), undefined, undefined, data);
	expect(retried.status).toBe('waiting');
	expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual([placed, unsure, later]);
	for (const to of [placed, later]) await sandbox().endCallWithEvent(String(sandbox().calls.find((c) => c.to === to)!.id));
	await n8n.ended(retried);
	expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.skipped, json.outcome, json.timedOut])).toEqual([
		[placed, true, true, 'answered', false],
		[unsure, 'maybe', true, 'unknown', undefined],
		[later, undefined, undefined, 'answered', false],
	]);
	expect(output(retried)[1].json.skipReason).toMatch(/the call may have been placed/);
});
