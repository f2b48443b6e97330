/**
 * A publish (or a start of n8n) whose Talkover is slow: each of the trigger's hooks gives Talkover 15 seconds in
 * all, and its reading of the delivery logs 45 more (nodes/TalkoverTrigger/hookTime.ts), so the hooks of one
 * publication end before n8n 2.41 gives the publication up (84 s by default: docs/n8n-start.md) and nothing is
 * registered after n8n stopped waiting. The
 * trigger's own hooks in n8n-core's HookContext (test/helpers/triggerInProcess.ts), against the sandbox, on the
 * test clock.
 */
import type { IDataObject } from 'n8n-workflow';

import { catchUpSettled, stopCatchUp } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { SALES_AGENT, until, useSandbox } from '../../helpers/fixtures';
import { isoSeconds as iso } from '../../helpers/catchUp';
import { setClock } from '../../../nodes/shared/transport/clock';
import { settle } from '../../helpers/clock';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const receiver = useDeliveryReceiver();
const HOUR = 60 * 60_000;
const WEBHOOKS = `/api/v1/agents/${SALES_AGENT}/webhooks`;
const logPath = (w: string) => `${WEBHOOKS}/${w}/logs`;
const ended = (callId: string): IDataObject => ({ event: 'event_phone_call_ended', call_id: callId, data: { to: '+15551234567', duration: 42 } });


// The deadlines run on the test clock too (useTestClock leaves them on the system's timer): a request's time ends
// when the test moves the clock past it.
let restoreClock: () => void = () => {};
beforeEach(() => {
	const test = clock();
	restoreClock = setClock({ now: test.now, sleep: test.sleep, random: test.random, alarm: test.alarm, timer: test.timer });
});
afterEach(() => restoreClock());

/** Holds the next `method path` request until the returned function is called (then the sandbox answers it). */
function held(method: string, path: string): () => void {
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	sandbox().inject({ method, path, until: () => gate, times: 1 });
	return open;
}

/** A promise's outcome as it stands now (after the pending callbacks ran). */
async function outcomeOf(promise: Promise<unknown>): Promise<'pending' | 'fulfilled' | 'rejected'> {
	let outcome: 'pending' | 'fulfilled' | 'rejected' = 'pending';
	promise.then(
		() => (outcome = 'fulfilled'),
		() => (outcome = 'rejected'),
	);
	await settle();
	return outcome;
}

describe('a publish ends within 15 seconds of a Talkover that does not answer', () => {
	test('no answer to the list of webhooks: the publish fails at 15 s saying so, and nothing is registered, not even once Talkover answers', async () => {
		const release = held('GET', WEBHOOKS);
		const wf = new TriggerInProcess(receiver, credentials);
		const publishing = wf.activate();
		const failed = publishing.then(
			() => undefined,
			(error: Error) => error,
		);
		await until(() => sandbox().requestsTo('GET', WEBHOOKS).length === 1);
		clock().advance(14_999);
		expect(await outcomeOf(publishing)).toBe('pending');
		clock().advance(1);
		const error = await failed;
		expect(error?.message).toMatch(/^Talkover did not answer within 15 seconds/);
		release();
		await settle();
		expect(sandbox().requestsTo('POST', WEBHOOKS)).toEqual([]);
		expect(wf.staticData.webhookId).toBeUndefined();
	});

	test('the list answered after 10 s, the registration not at all: the registration has its own 15 s (one hook each), then the publish fails', async () => {
		const releaseList = held('GET', WEBHOOKS);
		const releaseCreate = held('POST', WEBHOOKS);
		const wf = new TriggerInProcess(receiver, credentials);
		const failed = wf.activate().then(
			() => undefined,
			(error: Error) => error,
		);
		await until(() => sandbox().requestsTo('GET', WEBHOOKS).length === 1);
		clock().advance(10_000);
		releaseList();
		await until(() => sandbox().requestsTo('POST', WEBHOOKS).length === 1);
		clock().advance(14_000);
		expect(await outcomeOf(failed.then((e) => (e ? Promise.reject(e) : undefined)))).toBe('pending');
		clock().advance(1_000);
		expect((await failed)?.message).toMatch(/^Talkover did not answer within 15 seconds/);
		releaseCreate();
		await settle();
		// The registration was sent: the error says Talkover may have made it (the transport's "It was sent").
		expect((await failed)?.message).toContain('It was sent');
	});
});

describe('a start whose delivery log Talkover is slow to give', () => {
	test('the log not given within the start hook’s 60 s: the webhook is kept, nothing is caught up and a warning says why; the next start catches the events up', async () => {
		const wf = new TriggerInProcess(receiver, credentials);
		await wf.activate();
		clock().time += HOUR;
		const failedIds = ['c1', 'c2'].map((id, i) => sandbox().logDelivery(wf.webhookId, ended(id), { status: 'failed', attempt: 4, created_at: iso(clock().time - (2 - i) * 60_000) }).id);
		const release = held('GET', logPath(wf.webhookId));
		const starting = wf.activate();
		await until(() => sandbox().requestsTo('GET', logPath(wf.webhookId)).length === 1);
		clock().advance(60_000);
		await starting;
		release();
		await catchUpSettled();
		await settle();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry'))).toEqual([]);
		expect(sandbox().requestsTo('POST', WEBHOOKS)).toHaveLength(1);
		const warning = wf.logged.find(([level, m]) => level === 'warn' && m.includes('could not read the webhook'));
		expect(warning?.[1]).toContain('did not answer within 1 minute');
		await wf.activate();
		await catchUpSettled();
		await sandbox().retriesSettled();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry')).map((r) => r.path)).toEqual(failedIds.map((id) => `${logPath(wf.webhookId)}/${id}/retry`));
		expect(wf.items.map((i) => i.call_id)).toEqual(['c1', 'c2']);
	});

	test('pages of the log share the hook’s 60 s: a first page given at 40 s and a second not at all end the start at 60 s, not 100', async () => {
		const wf = new TriggerInProcess(receiver, credentials);
		await wf.activate();
		clock().time += HOUR;
		// 101 failed events: two pages of 100.
		for (let i = 0; i < 101; i++) sandbox().logDelivery(wf.webhookId, ended(`c${i}`), { status: 'failed', attempt: 4, created_at: iso(clock().time - (101 - i) * 1_000) });
		const releaseFirst = held('GET', logPath(wf.webhookId));
		const starting = wf.activate();
		await until(() => sandbox().requestsTo('GET', logPath(wf.webhookId)).length === 1);
		clock().advance(40_000);
		const releaseSecond = held('GET', logPath(wf.webhookId));
		releaseFirst();
		await until(() => sandbox().requestsTo('GET', logPath(wf.webhookId)).length === 2);
		clock().advance(19_999);
		expect(await outcomeOf(starting)).toBe('pending');
		clock().advance(1);
		await starting;
		releaseSecond();
		await catchUpSettled();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry'))).toEqual([]);
	});

	test('two webhooks’ logs of 7 pages each, Talkover taking 1.5 s a page (21 s in all): caught up at that start', async () => {
		const wf = new TriggerInProcess(receiver, credentials);
		wf.node.parameters.events = ['event_phone_call_started', 'event_phone_call_ended'];
		await wf.activate();
		clock().time += HOUR;
		const hooks = sandbox().webhooks.map((w) => ({ id: String(w.id), event: String(w.events[0]) }));
		for (const { id, event } of hooks) {
			for (let i = 0; i < 700; i++) sandbox().logDelivery(id, { call_id: `${event}-${i}`, duration: 1 }, { event, status: 'failed', attempt: 4, created_at: iso(clock().time - (700 - i) * 1_000) });
			sandbox().inject({ method: 'GET', path: logPath(id), times: Infinity, until: async () => clock().advance(1_500) } as never);
		}
		await wf.activate();
		expect(sandbox().requestsTo('GET').filter((r) => r.path.endsWith('/logs'))).toHaveLength(14);
		expect(wf.logged.filter(([level]) => level === 'warn')).toEqual([]);
		expect(wf.logged.some(([, m]) => m.includes('catching up on 1400 events'))).toBe(true);
		// The 1,400 retries are not this test's: stopped.
		stopCatchUp(String(wf.staticData.webhookId));
		await catchUpSettled();
	});
});
