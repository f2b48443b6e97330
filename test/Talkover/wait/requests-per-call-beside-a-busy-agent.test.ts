/**
 * Make and Wait for Outcome pays at most 2 Talkover requests per call it waits on, however many other calls
 * its agent ends meanwhile: each end of one of its calls reads only what the wait's delivery log (newest first,
 * as its page shows it) added since this process last read it, not the whole log again.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT, until } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

jest.setTimeout(120_000);

const parameters = (): INodeParameters => ({ resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, waitLimit: 240 });
const numbers = (first: number, n: number) => Array.from({ length: n }, (_, i) => `+1555${first + i}`);
const waitWebhook = () => sandbox().webhooks.find((w) => String(w.name).startsWith('n8n wait for outcome'))!;
const callTo = (to: string) => String(sandbox().calls.find((c) => c.to === to)!.id);
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject }>;

/** Waits on `leads` calls; before each of their ends, `othersPerEnd` other calls of the agent end a second apart (logged on the wait's webhook). Requests per call, from the placing on. */
async function requestsPerCall(leads: number, othersPerEnd: number, first: number): Promise<{ perCall: number; outcomes: unknown[] }> {
	const to = numbers(first, leads);
	const execution = await n8n.run(
		to.map((n) => ({ to: n })),
		parameters(),
	);
	expect(execution.status).toBe('waiting');
	const placed = sandbox().requests.length;
	const webhook = waitWebhook();
	let other = 0;
	for (const n of to) {
		for (let i = 0; i < othersPerEnd; i++) {
			clock().advance(1000);
			const id = `0ther000-0000-4000-8000-${String(other++).padStart(12, '0')}`;
			sandbox().logDelivery(webhook.id as string, { event: 'event_phone_call_ended', call_id: id, status: 'completed', duration: 10, ended_reason: 'customer_hangup' }, { status: 'success' });
		}
		clock().advance(1000);
		await sandbox().endCallWithEvent(callTo(n), { duration: 30 });
	}
	await until(() => execution.status === 'success');
	await n8n.ended(execution);
	return { perCall: (sandbox().requests.length - placed) / leads, outcomes: output(execution).map(({ json }) => json.outcome) };
}

test('100 calls waited on while their agent ends 2,000 other calls, the ends interleaved in the log: at most 2 requests per call, every call with its outcome', async () => {
	const { perCall, outcomes } = await requestsPerCall(100, 20, 50070000);
	expect(outcomes).toEqual(Array.from({ length: 100 }, () => 'answered'));
	expect(perCall).toBeLessThanOrEqual(2);
});

test('600 calls waited on alone: at most 2 requests per call, every call with its outcome', async () => {
	const { perCall, outcomes } = await requestsPerCall(600, 0, 50080000);
	expect(outcomes).toEqual(Array.from({ length: 600 }, () => 'answered'));
	expect(perCall).toBeLessThanOrEqual(2);
});

test('an end whose log entry was still being delivered at the last read, with more than a page of other ends logged since, is read again once delivered: the execution resumes with every outcome', async () => {
	const [a, b, c] = numbers(50085000, 3);
	const execution = await n8n.run(
		[a, b, c].map((to) => ({ to })),
		parameters(),
	);
	const webhook = waitWebhook();
	// A's end in flight: queued, its body not shown yet.
	clock().advance(1000);
	const inFlight = sandbox().logDelivery(webhook.id as string, { event: 'event_phone_call_ended', call_id: callTo(a), status: 'completed', duration: 30, ended_reason: 'customer_hangup' }, { status: 'pending' });
	for (let i = 0; i < 150; i++) {
		clock().advance(1000);
		sandbox().logDelivery(webhook.id as string, { event: 'event_phone_call_ended', call_id: `0ther000-0000-4000-8000-${String(i).padStart(12, '0')}`, status: 'completed', duration: 10 }, { status: 'success' });
	}
	clock().advance(1000);
	const first = await sandbox().endCallWithEvent(callTo(b));
	expect(JSON.parse(first[0].body!)).toEqual({ received: true, waiting: 2 });
	Object.assign(inFlight, { status: 'success', http_status: 200, response_body: '{"received":true}', response_headers: {}, delivered_at: inFlight.created_at });
	clock().advance(1000);
	await sandbox().endCallWithEvent(callTo(c));
	// Resumed by C's end itself, not by a later look at the log.
	await n8n.settled();
	expect(execution.status).toBe('success');
	expect(output(execution).map(({ json }) => json.outcome)).toEqual(['answered', 'answered', 'answered']);
});
