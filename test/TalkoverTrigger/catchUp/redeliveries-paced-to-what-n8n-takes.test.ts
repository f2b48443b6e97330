/**
 * A catch-up's retries paced to what n8n takes (catchUp/pacing.ts): a retry queues a delivery that Talkover sends
 * later on its own, so at most 10 redeliveries are asked for and not yet arrived; the next retry is asked when one
 * arrives in this process's webhook(), or when the oldest has waited 10 s (another process took it, or n8n refused
 * it). On the test clock, held: time moves only when the test says; the deliveries reach the trigger through the
 * local receiver, held there until the test lets n8n take them.
 */
import type { IDataObject } from 'n8n-workflow';

import { catchUpSettled } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { ARRIVAL_TIMEOUT_MS, REDELIVERY_WINDOW } from '../../../nodes/TalkoverTrigger/catchUp/pacing';
import { useSandbox } from '../../helpers/fixtures';
import { isoSeconds as iso } from '../../helpers/catchUp';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const receiver = useDeliveryReceiver();
const HOUR = 60 * 60_000;
/** The first retry of a start waits for n8n to save the plan (catchUp.ts). */
const FIRST_RETRY_MS = 5_000;

const ended = (callId: string): IDataObject => ({ event: 'event_phone_call_ended', call_id: callId, data: { duration: 42 } });

/** Resolves once `done()` holds, letting real I/O (the sandbox, the receiver) go on; the test clock does not move. */
async function until(done: () => boolean): Promise<void> {
	while (!done()) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** A few turns of the event loop with real I/O: time for anything under way to show. */
async function aMoment(): Promise<void> {
	for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

const retriesAsked = () => sandbox().requests.filter((r) => r.method === 'POST' && r.path.endsWith('/retry')).length;

/**
 * A published trigger that received one live event, then n8n down an hour in which `count` events failed for good;
 * from now on its deliveries wait at the receiver (n8n not taking them yet) until `take` lets the oldest through.
 */
async function downAnHourWith(count: number) {
	const wf = new TriggerInProcess(receiver, credentials);
	await wf.activate();
	await sandbox().deliver(wf.webhookId, ended('live'));
	clock().time += HOUR;
	for (let i = 0; i < count; i++) sandbox().logDelivery(wf.webhookId, ended(`missed-${i}`), { status: 'failed', attempt: 4, created_at: iso(clock().time - 50 * 60_000 + i * 1000) });
	const handle = receiver.handle;
	const waiting: Array<() => void> = [];
	receiver.handle = async (headers, body) => {
		await new Promise<void>((resolve) => waiting.push(resolve));
		return await handle(headers, body);
	};
	const take = async (n = 1) => {
		const before = wf.executions.length;
		for (const open of waiting.splice(0, n)) open();
		await until(() => wf.executions.length === before + n);
	};
	return { wf, waiting, take };
}

afterEach(async () => {
	clock().release();
	await catchUpSettled();
});

describe('a large catch-up asks Talkover for its redeliveries at the pace n8n takes them', () => {
	test('seconds: at most 10 redeliveries asked for and not yet arrived; the next is asked as soon as one arrives, the rest 10 s after theirs', async () => {
		clock().hold();
		const { wf, waiting, take } = await downAnHourWith(25);
		const started = clock().time;
		await wf.activate();
		await clock().runFor(FIRST_RETRY_MS);
		await until(() => waiting.length === REDELIVERY_WINDOW);
		await aMoment();
		expect(retriesAsked()).toBe(REDELIVERY_WINDOW);
		// Nothing arrives for almost 10 s: nothing more is asked.
		await clock().runFor(ARRIVAL_TIMEOUT_MS - 1);
		await aMoment();
		expect(retriesAsked()).toBe(REDELIVERY_WINDOW);
		// n8n takes one: the next retry goes at once, the clock not moving.
		const at = clock().time;
		await take();
		await until(() => retriesAsked() === REDELIVERY_WINDOW + 1);
		expect(clock().time).toBe(at);
		await until(() => waiting.length === REDELIVERY_WINDOW);
		await aMoment();
		expect(retriesAsked()).toBe(REDELIVERY_WINDOW + 1);
		// 10 s after the first ones were asked, the nine still not arrived make room (another process may have them).
		await clock().runFor(1);
		expect(clock().time).toBe(started + FIRST_RETRY_MS + ARRIVAL_TIMEOUT_MS);
		await until(() => retriesAsked() === 2 * REDELIVERY_WINDOW);
		await aMoment();
		expect(retriesAsked()).toBe(2 * REDELIVERY_WINDOW);
		// Everything arrives: the last five are asked, and every event runs once, marked caught_up.
		clock().release();
		while (wf.executions.length < 26) {
			await until(() => waiting.length > 0);
			await take(waiting.length);
		}
		await catchUpSettled();
		await sandbox().retriesSettled();
		expect(retriesAsked()).toBe(25);
		expect(wf.items.slice(1).map((i) => [i.call_id, i.caught_up])).toEqual(Array.from({ length: 25 }, (_, i) => [`missed-${i}`, true]));
	});

	test('1,200 events whose redeliveries this process never sees arrive (queue mode, several mains): 10 every 10 s, all asked 19 min 50 s after the first; their deliveries expected until an hour after the last', async () => {
		clock().hold();
		const { wf } = await downAnHourWith(1200);
		// Another process takes every redelivery.
		let elsewhere = 0;
		receiver.handle = async () => (elsewhere++, { status: 200, body: { message: 'Workflow was started' } });
		const started = clock().time;
		await wf.activate();
		// Its deliveries are expected for an hour after the longest the retries can take, not an hour after the start.
		expect((wf.staticData.catchUp as IDataObject & { plan: { until: number } }).plan.until - started).toBe(119 * ARRIVAL_TIMEOUT_MS + HOUR);
		await clock().runFor(FIRST_RETRY_MS);
		for (let step = 1; step <= 120; step++) {
			await until(() => elsewhere >= step * REDELIVERY_WINDOW);
			await aMoment();
			// Never more than 10 asked for per 10 s: none of them arrived here.
			expect([clock().time - started, retriesAsked()]).toEqual([FIRST_RETRY_MS + (step - 1) * ARRIVAL_TIMEOUT_MS, step * REDELIVERY_WINDOW]);
			if (step < 120) await clock().runFor(ARRIVAL_TIMEOUT_MS);
		}
		clock().release();
		await catchUpSettled();
		await sandbox().retriesSettled();
		expect(retriesAsked()).toBe(1200);
		expect(wf.executions.length).toBe(1);
	}, 300_000);
});
