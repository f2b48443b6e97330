/**
 * Each call's event runs its workflow once, on every n8n line, however n8n is restarted: the trigger's
 * execute() records the event in n8n's deduplication store (passOnce.ts), which n8n keeps in its database.
 * Run through n8n-core's engine (test/helpers/triggerInProcess.ts: the trigger's hooks in a HookContext, each
 * delivery's execution by WorkflowExecute in mode `webhook`) against the sandbox, once per way n8n keeps what the
 * trigger's webhook() writes: n8n 1.123 and 2.8 keep it, n8n 2.3x+ does not when the request starts an
 * execution (docs/n8n-start.md §2). The same in a real n8n: test/e2e/catch-up.e2e.ts, test/queue/catch-up.queue.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { catchUpSettled } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { MAX_RECORDED } from '../../../nodes/TalkoverTrigger/passOnce';
import { ticks, useSandbox } from '../../helpers/fixtures';
import { isoSeconds as iso } from '../../helpers/catchUp';
import { fillProcessedData, failProcessedData, processedEntries } from '../../helpers/processedData';
import type { WebhookWrites } from '../../helpers/triggerInProcess';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const HOUR = 60 * 60_000;
const receiver = useDeliveryReceiver();


const ended = (callId: string): IDataObject => ({ event: 'event_phone_call_ended', call_id: callId, data: { to: '+15551234567', duration: 42 } });

/**
 * The same workflow in a new n8n process: the package's modules loaded again (nothing of the old process's memory),
 * the static data as the old process left it in the database, the same deduplication store (the database).
 */
function restarted(previous: TriggerInProcess): { trigger: TriggerInProcess; settled: () => Promise<void> } {
	return previous.restarted(clock());
}

/** The lines, by what n8n keeps of what webhook() writes in the static data: each row runs every test below. */
const LINES: Array<[string, WebhookWrites]> = [
	['n8n 1.123 and 2.8 (webhook() writes kept)', 'kept'],
	['n8n 2.3x+ (webhook() writes lost when the request starts an execution)', 'lostWhenRunning'],
];

describe.each(LINES)('%s', (_line, webhookWrites) => {
	async function published(options: IDataObject = { catchUpHours: 24 }): Promise<TriggerInProcess> {
		const wf = new TriggerInProcess(receiver, credentials, options);
		wf.webhookWrites = webhookWrites;
		await wf.activate();
		return wf;
	}

	/** Every execution of the workflow over its processes: the items that reached the next node, and how many executions gave none. */
	const runsOf = (...processes: TriggerInProcess[]) => ({ ran: processes.flatMap((p) => p.items.map((i) => i.call_id)), absorbed: processes.reduce((n, p) => n + p.absorbed, 0) });

	test('an event delivered, then delivered again by Talkover after n8n restarted: its workflow ran once', async () => {
		const wf = await published();
		await sandbox().deliver(wf.webhookId, ended('c-1'));
		const next = restarted(wf).trigger;
		await next.activate();
		clock().time += 10 * 60_000;
		const again = await sandbox().deliver(wf.webhookId, ended('c-1'));
		expect(again.status).toBe(200);
		const { ran, absorbed } = runsOf(wf, next);
		expect(ran).toEqual(['c-1']);
		// n8n 1.123 and 2.8: answered as a redelivery, nothing starts; 2.3x+: an execution starts and its trigger gives nothing.
		expect(absorbed).toBe(webhookWrites === 'kept' ? 0 : 1);
	});

	test('an hour down, then two restarts: each missed event ran once, and the second start asks Talkover for none of them again', async () => {
		const wf = await published();
		await sandbox().deliver(wf.webhookId, ended('live'));
		clock().time += HOUR;
		const missed = ['m-1', 'm-2', 'm-3'].map((id, i) => sandbox().logDelivery(wf.webhookId, ended(id), { status: 'failed', attempt: 4, created_at: iso(clock().time - (3 - i) * 60_000) }).id);
		const first = restarted(wf);
		await first.trigger.activate();
		await first.settled();
		await sandbox().retriesSettled();
		clock().time += 10 * 60_000;
		const second = restarted(first.trigger);
		await second.trigger.activate();
		await second.settled();
		await sandbox().retriesSettled();
		const { ran } = runsOf(wf, first.trigger, second.trigger);
		expect(ran).toEqual(['live', 'm-1', 'm-2', 'm-3']);
		expect(first.trigger.items.map((i) => i.caught_up)).toEqual([true, true, true]);
		// The log entries Talkover was asked to send again: once each, on every line (on 2.3x+ the executions the
		// deliveries started kept what the first start learned: catchUp/record.ts keepLearned).
		const retries = sandbox().requests.filter((r) => r.path.endsWith('/retry')).map((r) => r.path.split('/').at(-2));
		expect(retries).toEqual(missed);
	});

	test('an event received, then logged failed on Talkover’s later attempt while n8n was down: caught up at the start, its workflow ran once', async () => {
		const wf = await published();
		await sandbox().deliver(wf.webhookId, ended('slow'));
		clock().time += 2 * 60_000;
		sandbox().logDelivery(wf.webhookId, ended('slow'), { status: 'failed', attempt: 4 });
		clock().time += 3 * HOUR;
		const next = restarted(wf);
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(runsOf(wf, next.trigger).ran).toEqual(['slow']);
	});

	test('Talkover’s Test button: every press runs the workflow', async () => {
		const wf = await published();
		const test = { event: 'webhook.test', call_id: 'test-call', timestamp: '2024-01-15T10:30:00Z' };
		await sandbox().deliver(wf.webhookId, test);
		clock().time += 2 * HOUR;
		await sandbox().deliver(wf.webhookId, test);
		expect(wf.items.map((i) => i.event)).toEqual(['webhook.test', 'webhook.test']);
		expect(processedEntries(wf.workflowId, wf.node.id)).toEqual([]);
	});

	test('Talkover’s Test button on a campaign webhook (one made-up event of the webhook’s, test: true, naming a campaign call): every press runs the workflow', async () => {
		const wf = await published();
		const test = { event: 'campaign_call.completed', campaign_call: { id: 'cc-test' }, test: true };
		await wf.run([test], 'webhook');
		clock().time += 2 * HOUR;
		await wf.run([test], 'webhook');
		expect(wf.items.map((i) => [i.event, i.test])).toEqual([
			['campaign_call.completed', true],
			['campaign_call.completed', true],
		]);
		expect(processedEntries(wf.workflowId, wf.node.id)).toEqual([]);
	});

	test('the editor’s test run of an event does not keep the live delivery of the same event from running', async () => {
		const wf = await published();
		// The editor listens on its own test webhook (its own registration and static data): what it received ran in mode `manual`.
		await wf.run([{ ...ended('seen-in-editor'), event: 'event_phone_call_ended' }], 'manual');
		clock().time += 2 * HOUR;
		await sandbox().deliver(wf.webhookId, ended('seen-in-editor'));
		expect(wf.items.map((i) => i.call_id)).toEqual(['seen-in-editor', 'seen-in-editor']);
	});

	test('days later, with thousands of events between: an event still runs once while it is among the last 10,000, and again after', async () => {
		const wf = await published({ catchUpHours: 0 });
		await sandbox().deliver(wf.webhookId, ended('old'));
		// 9,999 more events recorded after it (as thousands of call ends over days would): it is still the oldest kept.
		fillProcessedData(wf.workflowId, wf.node.id, Array.from({ length: MAX_RECORDED - 1 }, (_, i) => `other-${i}`));
		clock().time += 3 * 24 * HOUR;
		await sandbox().deliver(wf.webhookId, ended('old'));
		expect(runsOf(wf).ran).toEqual(['old']);
		// One more event: the oldest is forgotten, and the store stays at 10,000.
		await sandbox().deliver(wf.webhookId, ended('newest'));
		expect(processedEntries(wf.workflowId, wf.node.id)).toHaveLength(MAX_RECORDED);
		clock().time += 2 * HOUR;
		await sandbox().deliver(wf.webhookId, ended('old'));
		expect(runsOf(wf).ran).toEqual(['old', 'newest', 'old']);
	});

	test('five call ends delivered at the same moment: each runs once, and n8n’s store (read, then written whole) keeps all five', async () => {
		const wf = await published();
		const calls = ['s-1', 's-2', 's-3', 's-4', 's-5'];
		await Promise.all(calls.map(async (id) => await sandbox().deliver(wf.webhookId, ended(id))));
		expect(wf.items.map((i) => i.call_id).sort()).toEqual(calls);
		expect(wf.failures).toEqual([]);
		expect(processedEntries(wf.workflowId, wf.node.id)).toHaveLength(5);
		// Delivered again after a restart (nothing of this process's memory): none runs again.
		const next = restarted(wf).trigger;
		await next.activate();
		await Promise.all(calls.map(async (id) => await sandbox().deliver(wf.webhookId, ended(id))));
		expect(runsOf(wf, next).ran.sort()).toEqual(calls);
	});

	test('the executions list’s Retry of an execution n8n crashed in, started again at the trigger: the event reaches the next node', async () => {
		const wf = await published();
		// The delivery's execution passed the trigger (and recorded the event), then n8n was killed in a later node.
		await sandbox().deliver(wf.webhookId, ended('crashed'));
		const next = restarted(wf).trigger;
		await next.run([{ ...ended('crashed') }], 'retry');
		expect(runsOf(wf, next).ran).toEqual(['crashed', 'crashed']);
		// Talkover delivering it again after the Retry still runs nothing.
		await next.activate();
		await sandbox().deliver(wf.webhookId, ended('crashed'));
		expect(runsOf(wf, next).ran).toEqual(['crashed', 'crashed']);
	});

	test('another process wrote the trigger’s first record at the same moment (n8n’s insert fails once): the write is tried again 200 ms later and the event runs once', async () => {
		const wf = await published();
		failProcessedData(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.context, processed_data.workflowId'), 1);
		try {
			await sandbox().deliver(wf.webhookId, ended('raced'));
		} finally {
			failProcessedData(undefined);
		}
		expect(wf.failures).toEqual([]);
		expect(wf.items.map((i) => i.call_id)).toEqual(['raced']);
		expect(processedEntries(wf.workflowId, wf.node.id)).toHaveLength(1);
		// Time for the other process to finish its write; the first try waited for nothing.
		expect(clock().waits).toEqual([200]);
	});

	test('n8n’s store of processed events failing: tried three times over 1.2 s, then the execution fails with a message that says so, and nothing after the trigger runs', async () => {
		const wf = await published();
		failProcessedData(new Error('SQLITE_BUSY: database is locked'));
		try {
			await expect(sandbox().deliver(wf.webhookId, ended('c-9'))).resolves.toMatchObject({ status: 200 });
		} finally {
			failProcessedData(undefined);
		}
		expect(wf.failures).toEqual([
			expect.objectContaining({ message: 'n8n could not tell whether this Talkover event already ran its workflow', description: "n8n's store of processed events (its database) answered: SQLITE_BUSY: database is locked. Nothing after the trigger ran for event_phone_call_ended of call c-9." }),
		]);
		expect(wf.items).toEqual([]);
		expect(clock().waits).toEqual([200, 1_000]);
	});

	test('n8n’s store failed at the delivery, then the executions list’s Retry ran the event: Talkover delivering it again after a restart runs nothing', async () => {
		const wf = await published();
		failProcessedData(new Error('SQLITE_BUSY: database is locked'));
		try {
			await sandbox().deliver(wf.webhookId, ended('locked'));
		} finally {
			failProcessedData(undefined);
		}
		expect(wf.failures).toHaveLength(1);
		// The person's Retry is the event's first record.
		await wf.run([{ ...ended('locked') }], 'retry');
		expect(processedEntries(wf.workflowId, wf.node.id)).toHaveLength(1);
		const next = restarted(wf).trigger;
		await next.activate();
		clock().time += 10 * 60_000;
		await sandbox().deliver(wf.webhookId, ended('locked'));
		expect(runsOf(wf, next).ran).toEqual(['locked']);
	});

	test('Talkover’s Test button while n8n’s store of processed events fails: the workflow still runs (an event that is not recorded does not ask the store)', async () => {
		const wf = await published();
		failProcessedData(new Error('SQLITE_BUSY: database is locked'));
		try {
			await sandbox().deliver(wf.webhookId, { event: 'webhook.test', call_id: 'test-call', timestamp: '2024-01-15T10:30:00Z' });
		} finally {
			failProcessedData(undefined);
		}
		expect(wf.failures).toEqual([]);
		expect(wf.items.map((i) => i.event)).toEqual(['webhook.test']);
	});
});

test('two workflows’ events at the same moment: one workflow waiting to write its record again does not hold up the other’s event', async () => {
	const first = new TriggerInProcess(receiver, credentials);
	const second = new TriggerInProcess(receiver, credentials);
	clock().hold();
	failProcessedData(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.context, processed_data.workflowId'), 1);
	const waiting = first.run([ended('w-1')], 'webhook');
	await clock().whenSleeping();
	let done = false;
	const other = second.run([ended('w-2')], 'webhook').then(() => (done = true));
	for (let turn = 0; turn < 200 && !done; turn++) await ticks(1);
	expect(done).toBe(true);
	expect(second.items.map((i) => i.call_id)).toEqual(['w-2']);
	expect(first.items).toEqual([]);
	clock().release();
	await Promise.all([waiting, other]);
	expect(first.items.map((i) => i.call_id)).toEqual(['w-1']);
	expect(clock().waits).toEqual([200]);
});

afterEach(async () => {
	failProcessedData(undefined);
	await catchUpSettled();
});
