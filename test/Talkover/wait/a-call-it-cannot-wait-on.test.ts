/**
 * Make and Wait for Outcome on an item whose call it cannot wait for: the Retry of a crashed execution finds
 * that execution's call among the agent's calls, but Talkover lists it without an ID (openapi.json's Call
 * requires no field), so no event can be matched to it. The call is not dialled again; its item comes out at
 * its place with the outcome unknown and why, the other items' calls are waited on as usual, and with no call
 * to wait for there is no wait. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox.
 */
import type { IDataObject, INodeParameters, IRunExecutionData } from 'n8n-workflow';

import { crashedData } from '../../helpers/reRuns';
import { byId, SALES_AGENT } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const AGENT_CALLS = `/api/v1/agents/${SALES_AGENT}/calls`;
const NO_ID = 'Talkover gave no ID for the call placed, so the node cannot wait for its outcome';

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

const leads = (...numbers: string[]) => numbers.map((to) => ({ to }));
const callTo = (to: string) => String(sandbox().calls.find((c) => c.to === to)!.id);
const output = (execution: SavedExecution) => (WaitingN8n.output(execution) as Array<{ json: IDataObject }>).map(({ json }) => json);
const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));

/** An execution placed the call to `to`, then n8n crashed keeping none of its data; Talkover lists that call without its ID. */
async function crashedAfterCalling(to: string, items: IDataObject[]): Promise<IRunExecutionData> {
	const startedAt = clock().now();
	const crashed = await n8n.run(leads(to), parameters());
	expect(crashed.status).toBe('waiting');
	n8n.crash(crashed, crashedData({ items, startedAt, crashedNode: 'Talkover', nothingKept: true }));
	// The Retry's one read of the agent's calls: that call as Talkover lists it, but without its ID.
	const { id, ...listed } = sandbox().calls.find((c) => c.to === to)!;
	expect(id).toBeDefined();
	sandbox().inject({ method: 'GET', path: AGENT_CALLS, times: 1, reply: () => ({ status: 200, body: { success: true, data: [listed], pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 } } }) });
	clock().advance(60_000);
	return crashedData({ items, startedAt, crashedNode: 'Talkover', nothingKept: true });
}

test('its Retry waits on the other lead’s call only; the call listed without an ID comes out at its place, not dialled again, outcome unknown and why', async () => {
	const items = leads('+15550041001', '+15550041002');
	const retryOf = await crashedAfterCalling('+15550041001', items);
	const retried = await n8n.run(items, parameters(), undefined, undefined, retryOf);
	expect([retried.status, retried.data.resultData.error?.message]).toEqual(['waiting', undefined]);
	expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550041001', '+15550041002']);
	await sandbox().endCallWithEvent(callTo('+15550041002'));
	await n8n.ended(retried);
	expect(output(retried).map((json) => [json.to, json.id, json.alreadyPlaced, json.outcome, json.outcomeError])).toEqual([
		['+15550041001', undefined, true, 'unknown', NO_ID],
		['+15550041002', callTo('+15550041002'), undefined, 'answered', undefined],
	]);
});

test('with no other call, there is no wait: the item comes out at once, outcome unknown and why, and the Retry’s webhook is deleted', async () => {
	const items = leads('+15550041101');
	const retryOf = await crashedAfterCalling('+15550041101', items);
	const retried = await n8n.run(items, parameters(), undefined, undefined, retryOf);
	expect(retried.status).toBe('success');
	expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550041101']);
	expect(output(retried).map((json) => [json.to, json.alreadyPlaced, json.outcome, json.outcomeError])).toEqual([['+15550041101', true, 'unknown', NO_ID]]);
	expect(waitWebhooks().map((w) => String(w.name))).not.toContainEqual(expect.stringContaining(`execution ${retried.id} `));
});
