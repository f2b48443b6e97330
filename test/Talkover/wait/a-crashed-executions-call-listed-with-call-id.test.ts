/**
 * Make and Wait for Outcome's Retry of a crashed execution whose call Talkover lists with its ID as `call_id`
 * (the first-call guide's name for it) in place of `id`: missing, or an empty or blank text. The Retry finds
 * that call among the agent's calls and does not dial it again; the wait is on it by `call_id`, and its end
 * naming that ID resumes the execution. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the
 * sandbox, its list of the agent's calls scripted.
 */
import type { IDataObject, INodeParameters, IRunExecutionData } from 'n8n-workflow';

import { crashedData } from '../../helpers/reRuns';
import { byId, SALES_AGENT } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const AGENT_CALLS = `/api/v1/agents/${SALES_AGENT}/calls`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));

/** An execution placed the call to `to`, then n8n crashed keeping none of its data; Talkover lists that call with `id` as given and its ID as `call_id`. */
async function crashedAfterCalling(to: string, id: { id?: unknown }): Promise<{ callId: string; retryOf: IRunExecutionData }> {
	const items = [{ to }];
	const startedAt = clock().now();
	const crashed = await n8n.run(items, parameters());
	expect(crashed.status).toBe('waiting');
	n8n.crash(crashed, crashedData({ items, startedAt, crashedNode: 'Talkover', nothingKept: true }));
	const { id: callId, ...listed } = sandbox().calls.find((c) => c.to === to)!;
	expect(callId).toBeDefined();
	sandbox().inject({ method: 'GET', path: AGENT_CALLS, times: 1, reply: () => ({ status: 200, body: { success: true, data: [{ ...listed, ...id, call_id: callId }], pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 } } }) });
	clock().advance(60_000);
	return { callId: String(callId), retryOf: crashedData({ items, startedAt, crashedNode: 'Talkover', nothingKept: true }) };
}

test.each([
	{ how: 'no id', id: {} },
	{ how: 'an empty id', id: { id: '' } },
	{ how: 'a blank id', id: { id: '   ' } },
])('listed with its ID as call_id and $how: the Retry waits on it, not dialled again, and its end resumes the execution', async ({ id }) => {
	const to = '+15550047001';
	const { callId, retryOf } = await crashedAfterCalling(to, id);
	const retried = await n8n.run([{ to }], parameters(), undefined, undefined, retryOf);
	expect([retried.status, retried.data.resultData.error?.message]).toEqual(['waiting', undefined]);
	expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual([to]);
	const ofRetry = waitWebhooks().find((w) => String(w.name).includes(`execution ${retried.id} `))!;
	const answer = await sandbox().deliver(String(ofRetry.id), { event: 'event_phone_call_ended', call_id: callId, duration: 12 });
	expect(answer.status).toBe(200);
	await n8n.ended(retried);
	const [{ json }] = WaitingN8n.output(retried) as Array<{ json: IDataObject }>;
	expect([json.call_id, json.to, json.alreadyPlaced, json.outcome, json.timedOut, json.duration]).toEqual([callId, to, true, 'answered', false, 12]);
});
