/**
 * n8n's Retry of a failed Make and Wait for Outcome execution waits on the call that execution placed too, and
 * reads its listed status shortly after the wait begins (it may have ended while nobody waited), unless that
 * call's own Wait Limit comes first: the limit's alarm reads it then, and it is read once, not also shortly
 * before. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CHECK_AFTER_MS, CHECK_SPREAD_MS } from '../../../nodes/Talkover/wait/signals';
import { byId, SALES_AGENT, until } from '../../helpers/fixtures';
import { retryData, useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

const leads = (...numbers: string[]) => numbers.map((to) => ({ to }));
const callTo = (to: string) => String(sandbox().calls.find((c) => c.to === to)!.id);
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject }>;

/** The failed execution's data as n8n's Retry hands it over (its failed run dropped). */
/** When the failed execution had the call to `to` accepted, as it kept it for a Retry. */
function placedAt(data: SavedExecution['data'], to: string): number {
	const kept = Object.values(data.executionData!.contextData).flatMap((context) => Object.values(((context as IDataObject).talkoverPlaced ?? {}) as Record<string, IDataObject>));
	const record = kept.find((r) => (r.call as IDataObject | undefined)?.to === to);
	return record!.at as number;
}

test.each([
	{ when: 'exactly as long as the look shortly after would wait at most (10 s)', left: CHECK_AFTER_MS + CHECK_SPREAD_MS },
	{ when: 'a few seconds after the Retry begins to wait (3 s)', left: 3_000 },
])('the call the failed execution placed, its Wait Limit $when: its status is read once, at that limit, not also shortly before', async ({ left }) => {
	const [earlier, failing] = ['+15550046001', '+15550046002'];
	sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === failing });
	const failed = await n8n.run(leads(earlier, failing), parameters({ waitLimit: 1 }));
	expect(failed.status).toBe('error');
	sandbox().calls.find((c) => c.to === earlier)!.status = 'ringing';
	const data = retryData(failed);
	clock().time = placedAt(data, earlier) + 60_000 - left;
	const retried = await n8n.run(leads(earlier, failing), parameters({ waitLimit: 1 }), undefined, undefined, data);
	expect(retried.status).toBe('waiting');
	expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual([earlier, failing, failing]);
	const signals = () => n8n.requests.filter((r) => r.path.includes(`/${retried.id}/`)).map((r) => (r.body as IDataObject | null)?.event);
	const searched = () => sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query?.search);
	// One alarm: the earlier call's limit (Talkover delivers it); no look shortly after the wait began.
	expect(clock().alarms.filter((a) => !a.cancelled && !a.fired).map((a) => a.at - clock().now())).toEqual([left]);
	clock().advance(left);
	await until(() => signals().length === 1);
	clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
	await n8n.settled();
	expect([signals(), searched(), retried.status]).toEqual([['webhook.test'], [earlier], 'waiting']);
	await sandbox().endCallWithEvent(callTo(failing));
	await n8n.ended(retried);
	expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.timedOut, json.status])).toEqual([
		[earlier, true, 'timedOut', true, 'ringing'],
		[failing, undefined, 'answered', false, 'completed'],
	]);
});
