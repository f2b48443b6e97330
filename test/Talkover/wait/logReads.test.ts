/**
 * How the wait reads its webhooks' delivery logs again at each end of one of its calls
 * (nodes/Talkover/wait/logReads.ts): a log Talkover lists newest first is read only down to the page that holds
 * the newest entry read before whose newer entries had all settled; anything else (times that rise, entries
 * without an ID, a first read, a failed read, a log not read for a day, a wait that ended) is read whole.
 * Talkover's answers are scripted here; each test uses a wait of its own (the reads are kept per wait).
 */
import type { IDataObject } from 'n8n-workflow';

import { forgetWaitLogs, readWaitLog } from '../../../nodes/Talkover/wait/logReads';
import type { WaitRecord, WaitWebhook } from '../../../nodes/Talkover/wait/record';
import { useTestClock } from '../../helpers/clock';
import { pageOf, scriptedTalkover } from '../../helpers/scriptedTalkover';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);
const HOUR = 3600_000;
const WEBHOOK: WaitWebhook = { agentId: 'agent-1', webhookId: 'w1' };
const LOG = '/api/v1/agents/agent-1/webhooks/w1/logs';
const PAGE_1 = `GET ${LOG}?page=1`;
const PAGE_2 = `GET ${LOG}?page=2`;

let waits = 0;
/** A wait of its own (its reads are kept apart from every other test's). */
const wait = (): WaitRecord => ({ v: 1, secretHash: `wait-${++waits}`, address: 'http://n8n/a', since: T, deadline: T + HOUR, webhooks: [WEBHOOK], items: [] });

/** `n` log entries, newest first: IDs `prefix-n` down to `prefix-1`, made `n` down to 1 seconds after T. */
const entries = (n: number, prefix = 'e', status = 'success'): IDataObject[] =>
	Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${n - i}`, event: 'event_phone_call_ended', status, created_at: new Date(T + (n - i) * 1000).toISOString() }));
const idsOf = (list: IDataObject[]) => list.map((entry) => entry.id);

/** Talkover's log as it is now (newest first, pages of 100), the pages asked, and whether the next request fails. */
function talkover() {
	const state = { log: [] as IDataObject[], asked: [] as string[], failNext: false };
	const { ctx } = scriptedTalkover(({ method, path, qs }) => {
		state.asked.push(`${method} ${path}?page=${qs.page}`);
		if (!state.failNext) return pageOf(state.log, Number(qs.page));
		state.failNext = false;
		return { statusCode: 400, body: { success: false, message: 'refused' } };
	});
	return { state, ctx };
}

describe('the delivery log of a wait’s webhook, read at each end of one of its calls', () => {
	useTestClock();

	test('a first read reads every page; the next reads only the pages added since, and gives the whole log, newest first', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		expect(idsOf(await readWaitLog(ctx, record, WEBHOOK, T))).toEqual(idsOf(entries(120)));
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);

		state.asked = [];
		state.log = entries(125);
		const again = await readWaitLog(ctx, record, WEBHOOK, T + 60_000);
		expect(state.asked).toEqual([PAGE_1]);
		expect(idsOf(again)).toEqual(idsOf(entries(125)));
	});

	test('an entry still pending or retrying is read again, with every page down to it, and given as it is now', async () => {
		for (const status of ['pending', 'retrying']) {
			const { state, ctx } = talkover();
			const record = wait();
			// The oldest 20 entries are on page 2; the newest of them has not settled.
			const log = entries(120);
			log[100] = { ...log[100], status };
			state.log = log;
			await readWaitLog(ctx, record, WEBHOOK, T);

			state.asked = [];
			state.log = entries(120);
			const again = await readWaitLog(ctx, record, WEBHOOK, T + 60_000);
			expect(state.asked).toEqual([PAGE_1, PAGE_2]);
			expect(again[100]).toMatchObject({ id: 'e-20', status: 'success' });
			expect(again).toHaveLength(120);
		}
	});

	test('the settled entries older than the newest one still pending are not read again', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		// The pending entry is on page 1 (the 50th newest): the entry after it is on page 1 too.
		const log = entries(120);
		log[49] = { ...log[49], status: 'pending' };
		state.log = log;
		await readWaitLog(ctx, record, WEBHOOK, T);

		state.asked = [];
		state.log = entries(120);
		const again = await readWaitLog(ctx, record, WEBHOOK, T + 60_000);
		expect(state.asked).toEqual([PAGE_1]);
		expect(again[49]).toMatchObject({ id: 'e-71', status: 'success' });
		expect(idsOf(again)).toEqual(idsOf(entries(120)));
	});

	test('a log whose every entry was still pending is read whole again', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120, 'e', 'pending');
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		state.log = entries(120);
		expect(idsOf(await readWaitLog(ctx, record, WEBHOOK, T + 60_000))).toEqual(idsOf(entries(120)));
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('a log that does not come newest first (times that rise) is read whole every time', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120).reverse();
		expect(idsOf(await readWaitLog(ctx, record, WEBHOOK, T))).toEqual(idsOf(entries(120).reverse()));
		state.asked = [];
		expect(await readWaitLog(ctx, record, WEBHOOK, T + 60_000)).toHaveLength(120);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('times that rise from one page to the next: the log is not newest first, and is read whole every time', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		const log = entries(120);
		// Page 1 comes newest first, page 2 begins later than page 1 ends.
		log[100] = { ...log[100], created_at: new Date(T + HOUR).toISOString() };
		state.log = log;
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 60_000);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('an entry whose time cannot be read does not make the log one that is not newest first', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		const log = entries(120);
		log[1] = { ...log[1], created_at: 'soon' };
		state.log = log;
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 60_000);
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('a log whose entries have no ID is read whole every time', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120).map((entry) => ({ ...entry, id: undefined }));
		expect(await readWaitLog(ctx, record, WEBHOOK, T)).toHaveLength(120);
		state.asked = [];
		expect(await readWaitLog(ctx, record, WEBHOOK, T + 60_000)).toHaveLength(120);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('a log read a day ago is still kept; one not read for more than a day is read whole again', async () => {
		const { state, ctx } = talkover();
		const kept = wait();
		const forgotten = wait();
		state.log = entries(120);
		await readWaitLog(ctx, kept, WEBHOOK, T);
		await readWaitLog(ctx, forgotten, WEBHOOK, T);

		state.asked = [];
		await readWaitLog(ctx, kept, WEBHOOK, T + 24 * HOUR);
		expect(state.asked).toEqual([PAGE_1]);

		state.asked = [];
		await readWaitLog(ctx, forgotten, WEBHOOK, T + 24 * HOUR + 1000);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('a log read every few hours is kept, though its first read was more than a day ago', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		await readWaitLog(ctx, record, WEBHOOK, T);
		await readWaitLog(ctx, record, WEBHOOK, T + 20 * HOUR);
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 40 * HOUR);
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('a log that was forgotten after a day is kept again by its next read', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		await readWaitLog(ctx, record, WEBHOOK, T);
		await readWaitLog(ctx, record, WEBHOOK, T + 3 * 24 * HOUR);
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 3 * 24 * HOUR + 1000);
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('a read that fails forgets what was read of the log: the next read reads it whole', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.failNext = true;
		await expect(readWaitLog(ctx, record, WEBHOOK, T + 1000)).rejects.toThrow();
		state.asked = [];
		expect(await readWaitLog(ctx, record, WEBHOOK, T + 2000)).toHaveLength(120);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('two ends at once: the second read runs after the first, and reads only what the first could not yet see', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		const [first, second] = await Promise.all([readWaitLog(ctx, record, WEBHOOK, T), readWaitLog(ctx, record, WEBHOOK, T)]);
		expect(state.asked).toEqual([PAGE_1, PAGE_2, PAGE_1]);
		expect(first).toHaveLength(120);
		expect(idsOf(second)).toEqual(idsOf(entries(120)));
	});

	test('a read after one that failed at the same time still reads the log', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		state.failNext = true;
		const [first, second] = await Promise.allSettled([readWaitLog(ctx, record, WEBHOOK, T), readWaitLog(ctx, record, WEBHOOK, T)]);
		expect(first.status).toBe('rejected');
		expect(second).toMatchObject({ status: 'fulfilled', value: expect.arrayContaining([expect.objectContaining({ id: 'e-1' })]) });
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 1000);
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('a wait that ended forgets its logs: a read after reads them whole', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		const other = wait();
		state.log = entries(120);
		await readWaitLog(ctx, record, WEBHOOK, T);
		await readWaitLog(ctx, other, WEBHOOK, T);
		forgetWaitLogs(record);
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 1000);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
		state.asked = [];
		await readWaitLog(ctx, other, WEBHOOK, T + 1000);
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('an entry that failed for good is settled: the entries older than it are not read again', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		const log = entries(120);
		log[100] = { ...log[100], status: 'failed' };
		state.log = log;
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		expect(idsOf(await readWaitLog(ctx, record, WEBHOOK, T + 60_000))).toEqual(idsOf(log));
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('a page of entries added since: the pages down to the one that holds the newest entry read before, no more', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		await readWaitLog(ctx, record, WEBHOOK, T);
		// 99 entries added: the newest entry read before is the last of page 1, the two after it on page 2.
		state.asked = [];
		state.log = entries(219);
		expect(idsOf(await readWaitLog(ctx, record, WEBHOOK, T + 60_000))).toEqual(idsOf(entries(219)));
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('a log read whole again gives only the entries it lists now', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(3, 'e', 'pending');
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.log = entries(2);
		expect(idsOf(await readWaitLog(ctx, record, WEBHOOK, T + 60_000))).toEqual(['e-2', 'e-1']);
	});

	test('entries made in the same second are still newest first', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120).map((entry) => ({ ...entry, created_at: new Date(T).toISOString() }));
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 60_000);
		expect(state.asked).toEqual([PAGE_1]);
	});

	test('times that rise across an entry whose time cannot be read: the log is not newest first', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		const log = entries(120);
		log[1] = { ...log[1], created_at: 'soon' };
		log[2] = { ...log[2], created_at: new Date(T + HOUR).toISOString() };
		state.log = log;
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		await readWaitLog(ctx, record, WEBHOOK, T + 60_000);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('a log that no longer comes newest first is read whole, though its first page holds the newest entry read before', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		state.log = entries(120);
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		const log = entries(120);
		log[0] = { ...log[0], created_at: new Date(T).toISOString() };
		state.log = log;
		expect(await readWaitLog(ctx, record, WEBHOOK, T + 60_000)).toHaveLength(120);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});

	test('a log in which one entry has no ID is read whole every time', async () => {
		const { state, ctx } = talkover();
		const record = wait();
		const log = entries(120);
		log[110] = { ...log[110], id: undefined };
		state.log = log;
		await readWaitLog(ctx, record, WEBHOOK, T);
		state.asked = [];
		expect(await readWaitLog(ctx, record, WEBHOOK, T + 60_000)).toHaveLength(120);
		expect(state.asked).toEqual([PAGE_1, PAGE_2]);
	});
});

