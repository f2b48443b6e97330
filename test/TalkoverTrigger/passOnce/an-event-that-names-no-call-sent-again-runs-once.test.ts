/**
 * An event that names no call (a campaign's own event: no ID of its own) that ran its workflow, then was logged failed
 * on Talkover's later attempt while n8n was down: the catch-up of the next start has it sent again, and it runs
 * nothing, on every n8n line, after a restart too (the trigger's execute() records it in n8n's deduplication store
 * for Catch Up Missed Events hours: passOnce.ts, catchUp/withoutCall.ts). The same body again as a new event (a
 * campaign paused twice) still runs. Through n8n-core's engine (test/helpers/triggerInProcess.ts) against the sandbox,
 * once per way n8n keeps what webhook() writes (n8n 2.3x+ loses it when the request starts an execution).
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject } from 'n8n-workflow';

import { catchUpSettled } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { PERIODS } from '../../../nodes/TalkoverTrigger/catchUp/withoutCall';
import { useSandbox } from '../../helpers/fixtures';
import { failProcessedData, processedEntries } from '../../helpers/processedData';
import type { WebhookWrites } from '../../helpers/triggerInProcess';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const SECOND = 1_000;
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const receiver = useDeliveryReceiver();

afterEach(async () => {
	await catchUpSettled();
});

/** An event whose body names no call (as a campaign's own event): only its name and body tell it apart. */
const noCall = (tag: string): IDataObject => ({ event: 'event_phone_call_ended', data: { note: tag, duration: 42 } });

/** The lines, by what n8n keeps of what webhook() writes in the static data: each row runs every test below. */
const LINES: Array<[string, WebhookWrites]> = [
	['n8n 1.123 and 2.8 (webhook() writes kept)', 'kept'],
	['n8n 2.3x+ (webhook() writes lost when the request starts an execution)', 'lostWhenRunning'],
];

describe.each(LINES)('%s', (_line, webhookWrites) => {
	async function published(catchUpHours: number): Promise<TriggerInProcess> {
		const wf = new TriggerInProcess(receiver, credentials, { catchUpHours });
		wf.webhookWrites = webhookWrites;
		await wf.activate();
		return wf;
	}

	/**
	 * `first` delivered live now; `failedAfter` later, `again` (a body) logged failed on Talkover's last attempt while n8n
	 * was down; `startAfter` after the live delivery, n8n starts again (a new process) and catches up. The items that
	 * reached the next node over both processes, and the log entries Talkover was asked to send again.
	 */
	async function restartAfter(wf: TriggerInProcess, first: IDataObject, again: IDataObject, failedAfter: number, startAfter: number) {
		const start = clock().time;
		await sandbox().deliver(wf.webhookId, first);
		clock().time = start + failedAfter;
		const entry = sandbox().logDelivery(wf.webhookId, again, { status: 'failed', attempt: 4 }).id;
		clock().time = start + startAfter;
		const next = wf.restarted(clock());
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		const sentAgain = sandbox().requests.filter((r) => r.path.endsWith('/retry')).map((r) => r.path.split('/').at(-2));
		expect(sentAgain).toEqual([entry]);
		return { ran: [...wf.items, ...next.trigger.items].map((i) => (i.data as IDataObject).note), failures: [...wf.failures, ...next.trigger.failures] };
	}

	/** [when n8n starts again after the live delivery, Catch Up Missed Events hours]: the event sent again runs nothing. */
	const HORIZONS: Array<[string, number, number]> = [
		['40 seconds', 40 * SECOND, 24],
		['3 hours', 3 * HOUR, 24],
		['23 hours (the option’s last hour)', 23 * HOUR, 24],
		['2 days (the option at 72 hours)', 2 * DAY, 72],
		['29 days (the option at 720 hours, the 30 days Talkover keeps its log)', 29 * DAY, 720],
	];

	test.each(HORIZONS)('received, then logged failed on Talkover’s later attempt; n8n started again %s later: sent again by the catch-up, its workflow ran once', async (_when, startAfter, hours) => {
		const wf = await published(hours);
		const { ran, failures } = await restartAfter(wf, noCall('once'), noCall('once'), 20 * SECOND, startAfter);
		expect(failures).toEqual([]);
		expect(ran).toEqual(['once']);
	});

	test('the same body twice, the second a new event (a campaign paused again) logged failed more than the option’s hours (and a period) after the first: sent again, it runs', async () => {
		const wf = await published(24);
		const period = Math.ceil(24 / PERIODS) * HOUR;
		const { ran } = await restartAfter(wf, noCall('paused'), noCall('paused'), DAY + period + HOUR, DAY + period + 2 * HOUR);
		expect(ran).toEqual(['paused', 'paused']);
	});

	test('another event of the same name with another body, logged failed while n8n was down: sent again, it runs', async () => {
		const wf = await published(24);
		const { ran } = await restartAfter(wf, noCall('first'), noCall('second'), 20 * SECOND, 3 * HOUR);
		expect(ran).toEqual(['first', 'second']);
	});

	test('the same body delivered live twice, hours apart, with catching up on: both run (only a delivery the catch-up sent again is held against the record)', async () => {
		const wf = await published(24);
		await sandbox().deliver(wf.webhookId, noCall('paused'));
		clock().time += 3 * HOUR;
		await sandbox().deliver(wf.webhookId, noCall('paused'));
		expect(wf.items.map((i) => (i.data as IDataObject).note)).toEqual(['paused', 'paused']);
	});

	/** What the trigger's execute() wrote to n8n's log (warnings) while `run` ran. */
	async function warnedWhile(run: () => Promise<unknown>): Promise<string[]> {
		const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => undefined);
		try {
			await run();
			return warn.mock.calls.map((args) => String(args[0]));
		} finally {
			warn.mockRestore();
		}
	}

	/** `run` while n8n's store of processed events answers every call with an error. */
	async function storeFailing<T>(run: () => Promise<T>): Promise<T> {
		failProcessedData(new Error('SQLITE_BUSY: database is locked'));
		try {
			return await run();
		} finally {
			failProcessedData(undefined);
		}
	}

	test('n8n’s store of processed events failing at a live delivery: the event still runs (it only was to be recorded), and n8n’s log says it ran unrecorded', async () => {
		const wf = await published(24);
		const warned = await warnedWhile(async () => await storeFailing(async () => await sandbox().deliver(wf.webhookId, noCall('locked'))));
		expect(wf.failures).toEqual([]);
		expect(wf.items.map((i) => (i.data as IDataObject).note)).toEqual(['locked']);
		expect(processedEntries(wf.workflowId, wf.node.id)).toEqual([]);
		expect(warned).toEqual([`Talkover Trigger "${wf.node.name}": n8n's store of processed events did not answer; event_phone_call_ended ran unrecorded, so the catch-up may run it again after a restart`]);
	});

	test('n8n’s store failing with Talkover’s Test delivery and two live events in one execution: all run, and n8n’s log names the two events', async () => {
		const wf = await published(24);
		const pressed = { event: 'webhook.test', test: true };
		const started = { ...noCall('another event'), event: 'event_phone_call_started' };
		const warned = await warnedWhile(async () => await storeFailing(async () => await wf.run([pressed, noCall('beside a test'), started], 'webhook')));
		expect(wf.failures).toEqual([]);
		expect(wf.executions).toEqual([[pressed, noCall('beside a test'), started]]);
		expect(warned).toEqual([expect.stringContaining('did not answer; event_phone_call_ended, event_phone_call_started ran unrecorded')]);
	});

	test('n8n’s store failing with only Talkover’s Test delivery: it runs, the store is not asked, nothing is logged', async () => {
		const wf = await published(24);
		const warned = await warnedWhile(async () => await storeFailing(async () => await wf.run([{ event: 'webhook.test', test: true }], 'webhook')));
		expect(wf.failures).toEqual([]);
		expect(wf.items).toHaveLength(1);
		expect(warned).toEqual([]);
	});

	test('n8n’s store failing when the catch-up’s delivery arrives: the execution fails, naming the event sent again, and nothing after the trigger runs', async () => {
		const wf = await published(24);
		await storeFailing(async () => await wf.run([{ ...noCall('sent again'), caught_up: true }], 'webhook'));
		expect(wf.failures).toEqual([
			expect.objectContaining({
				message: 'n8n could not tell whether this Talkover event already ran its workflow',
				description: "n8n's store of processed events (its database) answered: SQLITE_BUSY: database is locked. Nothing after the trigger ran for event_phone_call_ended (sent again by the catch-up).",
			}),
		]);
		expect(wf.items).toEqual([]);
	});

	test('catching up off: nothing is recorded', async () => {
		const wf = await published(0);
		await sandbox().deliver(wf.webhookId, noCall('off'));
		expect(wf.items).toHaveLength(1);
		expect(processedEntries(wf.workflowId, wf.node.id)).toEqual([]);
	});

	test('recorded at most once per period of the option’s hours, plus the one it arrives in: 9 entries at 24 hours, 9 at 720', async () => {
		const wf = await published(24);
		await sandbox().deliver(wf.webhookId, noCall('counted'));
		expect(processedEntries(wf.workflowId, wf.node.id)).toHaveLength(PERIODS + 1);
		const wide = await published(720);
		await sandbox().deliver(wide.webhookId, noCall('counted'));
		expect(processedEntries(wide.workflowId, wide.node.id)).toHaveLength(PERIODS + 1);
	});
});
