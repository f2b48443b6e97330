/**
 * How the catch-up reads a webhook's delivery log back to the moment it catches up from
 * (catchUp/logRead.ts), over pages as List Webhook Delivery Logs and List Campaign Webhook Logs document
 * them (`{success, data, pagination: {current_page, per_page, total, last_page?}}`, the example newest
 * first): which pages are asked for, in which order, which entries come back, and what n8n's log is told
 * (the log's order, a read cut short, a short page). Scripted answers (test/helpers/http.ts): each page as
 * Talkover would give it. The same reads end to end through the trigger: catching-up.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { reachesBack } from '../../../nodes/TalkoverTrigger/catchUp/choice';
import { readLogBackTo } from '../../../nodes/TalkoverTrigger/catchUp/logRead';
import { apiPath } from '../../../nodes/shared/transport/paths';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import { isoSeconds } from '../../helpers/catchUp';
import { START, useTestClock } from '../../helpers/clock';
import type { Answer } from '../../helpers/http';
import { scripted } from '../../helpers/http';

useTestClock();
beforeEach(() => resetRateLimitState());

const MINUTE = 60_000;
/** The moment the catch-up reads back to (the last delivery received). */
const SINCE = START - 60 * MINUTE;
const LOG = apiPath`/agents/agent-uuid/webhooks/webhook-uuid/logs`;
const reached = (entries: IDataObject[]) => reachesBack(entries, SINCE);

/** A log entry made at `at` (epoch ms; undefined: no creation time). */
const entry = (id: string, at: number | undefined, status = 'success'): IDataObject => ({
	id,
	webhook_id: 'webhook-uuid',
	event: 'event_phone_call_ended',
	attempt: 1,
	status,
	...(at === undefined ? {} : { created_at: isoSeconds(at) }),
});
/** `count` entries named `tag-0`, `tag-1`, …, the first made at `from`, each `step` ms after the one before (negative: newest first). */
const run = (tag: string, count: number, from: number, step: number): IDataObject[] => Array.from({ length: count }, (_, i) => entry(`${tag}-${i}`, from + i * step));
/** A page of the log as Talkover gives it: `paging` after its current_page and per_page. */
const page = (data: IDataObject[], current: number, paging: IDataObject): Answer => ({ body: { success: true, data, pagination: { current_page: current, per_page: 100, ...paging } } });
const ids = (entries: IDataObject[]) => entries.map((e) => e.id);

/** Reads the scripted pages back to SINCE, at most `maxPages`; what came back and the pages asked for. */
async function readBack(answers: Answer[], maxPages = 50) {
	const { ctx, requests } = scripted(answers);
	const read = await readLogBackTo(ctx, LOG, reached, maxPages);
	return { read, asked: requests.map((r) => (r.qs as IDataObject).page), perPage: requests.map((r) => (r.qs as IDataObject).per_page), methods: requests.map((r) => r.method) };
}

describe('newest first (as the pages show it)', () => {
	test('pages 1, 2, … are read, 100 entries each, until one reaches back to the moment; no further', async () => {
		// 250 entries: the newest 150 after the moment, then older ones.
		const newest = run('new', 150, START - MINUTE, -1000);
		const older = run('old', 100, SINCE - 1000, -1000);
		const all = [...newest, ...older];
		const { read, asked, perPage } = await readBack([page(all.slice(0, 100), 1, { total: 250, last_page: 3 }), page(all.slice(100, 200), 2, { total: 250, last_page: 3 })]);
		expect(asked).toEqual([1, 2]);
		expect(perPage).toEqual([100, 100]);
		expect(read).toEqual({ entries: all.slice(0, 200), order: 'newestFirst', cut: false, short: undefined });
	});

	test('a log of one page that reaches back: that page only', async () => {
		const all = [...run('new', 3, START - MINUTE, -MINUTE), entry('old', SINCE - MINUTE)];
		const { read, asked } = await readBack([page(all, 1, { total: 4, last_page: 1 })]);
		expect(asked).toEqual([1]);
		expect(read).toEqual({ entries: all, order: 'newestFirst', cut: false, short: undefined });
	});

	test('more pages since the moment than a read may take: the newest pages are read and the read says it was cut', async () => {
		const all = run('new', 300, START - MINUTE, -1000);
		const paging = { total: 300, last_page: 3 };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(100, 200), 2, paging)], 2);
		expect(asked).toEqual([1, 2]);
		expect(read).toMatchObject({ order: 'newestFirst', cut: true });
		expect(ids(read.entries)).toEqual(ids(all.slice(0, 200)));
	});

	test('as many pages as a read may take, the last of them the log’s end: not cut', async () => {
		const all = run('new', 150, START - MINUTE, -1000);
		const paging = { total: 150, last_page: 2 };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(100), 2, paging)], 2);
		expect(asked).toEqual([1, 2]);
		expect(read).toEqual({ entries: all, order: 'newestFirst', cut: false, short: undefined });
	});

	test('the last page a read may take reaches back to the moment: every entry since was read, not cut', async () => {
		const all = [...run('new', 150, START - MINUTE, -1000), ...run('old', 150, SINCE - 1000, -1000)];
		const paging = { total: 300, last_page: 3 };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(100, 200), 2, paging)], 2);
		expect(asked).toEqual([1, 2]);
		expect(read).toEqual({ entries: all.slice(0, 200), order: 'newestFirst', cut: false, short: undefined });
	});

	test('a page all of the second the page before ended on (several deliveries in one second): still newest first, read until it reaches back', async () => {
		const first = run('a', 100, START - MINUTE, -1000);
		const second = [...run('b', 100, START - MINUTE - 99_000, 0)];
		const third = run('c', 10, SINCE - MINUTE, -1000);
		const paging = { total: 210, last_page: 3 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging), page(third, 3, paging)]);
		expect(asked).toEqual([1, 2, 3]);
		expect(read).toEqual({ entries: [...first, ...second, ...third], order: 'newestFirst', cut: false, short: undefined });
	});

	test('a page whose entries have no time does not lose the order kept over the pages before it', async () => {
		const first = run('a', 100, START - MINUTE, -1000);
		const second = run('b', 100, 0, 0).map((e) => ({ ...e, created_at: undefined }));
		// Page 3 starts newer than page 1 ended: no order.
		const third = run('c', 10, START - 30_000, -1000);
		const paging = { total: 210, last_page: 3 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging), page(third, 3, paging)]);
		expect(asked).toEqual([1, 2, 3]);
		expect(read.order).toBe('none');
	});

	test('a full page whose paging names neither the pages nor the entries, none reaching back: the read fails, never “the log ends here”', async () => {
		const { ctx } = scripted([page(run('new', 100, START - MINUTE, -1000), 1, {})]);
		await expect(readLogBackTo(ctx, LOG, reached, 50)).rejects.toThrow("Talkover's list does not add up: a full page came without the number of pages or entries (last_page, total)");
	});

	test('entries of one same second (no order to read) are read as newest first', async () => {
		const all = run('same', 3, START - MINUTE, 0);
		const { read } = await readBack([page(all, 1, { total: 3, last_page: 1 })]);
		expect(read).toEqual({ entries: all, order: 'newestFirst', cut: false, short: undefined });
	});
});

describe('oldest first (the pages’ example is newest first, and no page says which)', () => {
	test('read from the last page (its paging’s last_page) back to the first, until a page reaches back; page 1 is not asked again', async () => {
		// 250 entries, oldest first: page 1 the oldest (before the moment), pages 2 and 3 after it.
		const all = [...run('old', 100, SINCE - 200_000, 1000), ...run('new', 150, SINCE + 1000, 1000)];
		const paging = { total: 250, last_page: 3 };
		const { read, asked, perPage, methods } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(200), 3, paging), page(all.slice(100, 200), 2, paging)]);
		expect(asked).toEqual([1, 3, 2]);
		expect(perPage).toEqual([100, 100, 100]);
		expect(methods).toEqual(['GET', 'GET', 'GET']);
		expect(read).toEqual({ entries: [...all.slice(200), ...all.slice(100, 200), ...all.slice(0, 100)], order: 'oldestFirst', cut: false });
	});

	test('a last page that reaches back ends the read: the pages before it are not asked for', async () => {
		const all = [...run('older', 100, SINCE - 500_000, 1000), ...run('old', 100, SINCE - 300_000, 1000), ...run('mixed', 50, SINCE - 10_000, 1000)];
		const paging = { total: 250, last_page: 3 };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(200), 3, paging)]);
		expect(asked).toEqual([1, 3]);
		expect(read).toEqual({ entries: all.slice(200), order: 'oldestFirst', cut: false });
	});

	test('entries of one same second among rising times (deliveries in one second): still oldest first', async () => {
		const all = [entry('a', SINCE + MINUTE), entry('b', SINCE + 2 * MINUTE), entry('c', SINCE + 2 * MINUTE), entry('d', SINCE + 3 * MINUTE)];
		const { read, asked } = await readBack([page(all, 1, { total: 4, last_page: 1 })]);
		expect(asked).toEqual([1]);
		expect(read).toEqual({ entries: all, order: 'oldestFirst', cut: false });
	});

	test('the last page is the one last_page names, whatever the total counts (a log that grew meanwhile)', async () => {
		const all = run('new', 3, SINCE + 1000, MINUTE);
		const { read, asked } = await readBack([page(all, 1, { total: 150, last_page: 1 })]);
		expect(asked).toEqual([1]);
		expect(read).toEqual({ entries: all, order: 'oldestFirst', cut: false });
	});

	test('a campaign’s log (its paging gives total, no last_page): the last page is counted from the total', async () => {
		const all = [...run('old', 100, SINCE + 1000, 1000), ...run('new', 50, SINCE + 200_000, 1000)];
		const paging = { total: 150 };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(100), 2, paging)]);
		expect(asked).toEqual([1, 2]);
		expect(read).toEqual({ entries: [...all.slice(100), ...all.slice(0, 100)], order: 'oldestFirst', cut: false });
	});

	test.each<[string, number | string | null]>([
		['0', 0],
		['null', null],
		['a word', 'two'],
	])('a last_page that is no page number (%s): the total names the last page', async (_what, lastPage) => {
		const all = [...run('old', 100, SINCE + 1000, 1000), ...run('new', 50, SINCE + 200_000, 1000)];
		const paging = { total: 150, last_page: lastPage };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(100), 2, paging)]);
		expect(asked).toEqual([1, 2]);
		expect(read).toEqual({ entries: [...all.slice(100), ...all.slice(0, 100)], order: 'oldestFirst', cut: false });
	});

	test.each<[string, IDataObject]>([
		['neither last_page nor total', {}],
		['a last_page that is no whole number', { last_page: 2.5 }],
		['a total that is no whole number', { total: 150.5 }],
		['a total that is a word', { total: 'many' }],
		['a total below 0', { total: -1 }],
	])('a full first page, oldest first, with %s: an error, no page guessed', async (_what, paging) => {
		const { ctx, requests } = scripted([page(run('new', 100, SINCE + 1000, 1000), 1, paging)]);
		await expect(readLogBackTo(ctx, LOG, reached, 50)).rejects.toThrow('came oldest first with a full first page and no later page named');
		expect(requests).toHaveLength(1);
	});

	test.each<[string, Answer]>([
		['no paging at all', { body: { success: true, data: run('new', 3, SINCE + 1000, MINUTE) } }],
		['a paging that counts nothing', page(run('new', 3, SINCE + 1000, MINUTE), 1, {})],
	])('a short page with %s, oldest first: the whole log, not asked again', async (_what, answer) => {
		const { read, asked } = await readBack([answer]);
		expect(asked).toEqual([1]);
		expect(read).toEqual({ entries: run('new', 3, SINCE + 1000, MINUTE), order: 'oldestFirst', cut: false });
	});

	test('a short page with no paging at all, newest first: the whole log, not short', async () => {
		const all = run('new', 3, START - MINUTE, -MINUTE);
		const { read, asked } = await readBack([{ body: { success: true, data: all } }]);
		expect(asked).toEqual([1]);
		expect(read).toEqual({ entries: all, order: 'newestFirst', cut: false, short: undefined });
	});

	test('more pages since the moment than a read may take: the newest pages (the last ones) are read and the read says it was cut', async () => {
		const all = run('new', 400, SINCE + 1000, 1000);
		const paging = { total: 400, last_page: 4 };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(300), 4, paging), page(all.slice(200, 300), 3, paging)], 2);
		expect(asked).toEqual([1, 4, 3]);
		expect(read).toEqual({ entries: [...all.slice(300), ...all.slice(200, 300)], order: 'oldestFirst', cut: true });
	});

	test('as many pages as a read may take, the first of them page 1: all of the log is read, not cut', async () => {
		const all = run('new', 150, SINCE + 1000, 1000);
		const paging = { total: 150, last_page: 2 };
		const { read, asked } = await readBack([page(all.slice(0, 100), 1, paging), page(all.slice(100), 2, paging)], 2);
		expect(asked).toEqual([1, 2]);
		expect(read).toEqual({ entries: [...all.slice(100), ...all.slice(0, 100)], order: 'oldestFirst', cut: false });
	});

	test('a short first page (the whole log) that comes oldest first: that page, not asked again', async () => {
		const all = run('new', 3, SINCE + 1000, MINUTE);
		const { read, asked } = await readBack([page(all, 1, { total: 3, last_page: 1 })]);
		expect(asked).toEqual([1]);
		expect(read).toEqual({ entries: all, order: 'oldestFirst', cut: false });
	});

	test('a page that comes back as another page than the one asked for: the read fails, nothing is guessed', async () => {
		const all = run('new', 150, SINCE + 1000, 1000);
		const paging = { total: 150, last_page: 2 };
		const { ctx } = scripted([page(all.slice(0, 100), 1, paging), page(all.slice(0, 100), 1, paging)]);
		await expect(readLogBackTo(ctx, LOG, reached, 50)).rejects.toMatchObject({
			message: "Talkover's list does not add up: page 2 was asked for and page 1 came back",
			description: expect.stringContaining(`The answer came from GET ${LOG}.`),
			httpCode: '200',
		});
	});

	test('a full first page whose paging names no later page: an error, never “page 1 is all”', async () => {
		const all = run('new', 100, SINCE + 1000, 1000);
		const { ctx } = scripted([page(all, 1, { total: 100, last_page: 1 })]);
		await expect(readLogBackTo(ctx, LOG, reached, 50)).rejects.toMatchObject({
			message: "Talkover's delivery log came oldest first with a full first page and no later page named (last_page, total), so its newest entries cannot be found",
			description: expect.stringContaining(`The answer came from GET ${LOG}.`),
			httpCode: '200',
		});
	});

	test('an entry without a time does not hide the order of the entries around it', async () => {
		const all = [entry('a', SINCE + MINUTE), entry('no time', undefined), entry('b', SINCE + 2 * MINUTE)];
		const { read, asked } = await readBack([page(all, 1, { total: 3, last_page: 1 })]);
		expect(asked).toEqual([1]);
		expect(read.order).toBe('oldestFirst');
	});
});

describe('in no order of time: every page is read, to the end or the most a read may take', () => {
	test('a first page whose times rise and fall: every page is read though the first reaches back', async () => {
		const first = [entry('a', SINCE - MINUTE), entry('b', SINCE + MINUTE), ...run('c', 98, SINCE - 2 * MINUTE, -1000)];
		const second = run('d', 50, SINCE - 10 * MINUTE, -1000);
		const paging = { total: 150, last_page: 2 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging)]);
		expect(asked).toEqual([1, 2]);
		expect(read).toEqual({ entries: [...first, ...second], order: 'none', cut: false, short: undefined });
	});

	test('a page that starts newer than the page before it ends: no order, read on past the moment', async () => {
		// Each page newest first, but page 2 starts after page 1's last entry.
		const first = run('a', 100, START - MINUTE, -1000);
		const second = [entry('b-0', START - MINUTE + 500), ...run('b', 99, SINCE - MINUTE, -1000).map((e, i) => ({ ...e, id: `b-${i + 1}` }))];
		const third = run('c', 10, SINCE - 10 * MINUTE, -1000);
		const paging = { total: 210, last_page: 3 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging), page(third, 3, paging)]);
		expect(asked).toEqual([1, 2, 3]);
		expect(read.order).toBe('none');
	});

	test('a first page of one time, then pages whose times rise: no order, every page read once', async () => {
		const first = run('a', 100, SINCE + MINUTE, 0);
		const second = run('b', 100, SINCE + 2 * MINUTE, 1000);
		const third = run('c', 10, SINCE + 5 * MINUTE, 1000);
		const paging = { total: 210, last_page: 3 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging), page(third, 3, paging)]);
		expect(asked).toEqual([1, 2, 3]);
		expect(read).toEqual({ entries: [...first, ...second, ...third], order: 'none', cut: false, short: undefined });
	});

	test('a first page of one time, then a page whose times rise, the most a read may take: no order, cut there', async () => {
		const first = run('a', 100, SINCE + MINUTE, 0);
		const second = run('b', 100, SINCE + 2 * MINUTE, 1000);
		const paging = { total: 300, last_page: 3 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging)], 2);
		expect(asked).toEqual([1, 2]);
		expect(read).toEqual({ entries: [...first, ...second], order: 'none', cut: true, short: undefined });
	});

	test('newest first, then a page that falls and rises: no order from then on, even when a later page falls again', async () => {
		const first = run('a', 100, START - MINUTE, -1000);
		const second = [...run('b', 99, START - 10 * MINUTE, -1000), entry('b-up', START - 5 * MINUTE)];
		const third = run('c', 10, SINCE - 10 * MINUTE, -1000);
		const paging = { total: 210, last_page: 3 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging), page(third, 3, paging)]);
		expect(asked).toEqual([1, 2, 3]);
		expect(read.order).toBe('none');
	});

	test('more pages than a read may take: the read says it was cut', async () => {
		const first = [entry('a', SINCE - MINUTE), entry('b', SINCE + MINUTE), ...run('c', 98, SINCE - 2 * MINUTE, -1000)];
		const second = run('d', 100, SINCE - 10 * MINUTE, -1000);
		const paging = { total: 300, last_page: 3 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging)], 2);
		expect(asked).toEqual([1, 2]);
		expect(read).toMatchObject({ order: 'none', cut: true });
	});
});

describe('a short page (fewer entries than a page holds while the paging claims more pages): the log’s end', () => {
	test('the page’s own example (2 entries, paging claiming 5 pages): one page, said to be short', async () => {
		const all = [entry('log-uuid-1', START - MINUTE), entry('log-uuid-2', START - 5 * MINUTE, 'failed')];
		const { read, asked } = await readBack([{ body: { success: true, data: all, pagination: { current_page: 1, per_page: 50, total: 247, last_page: 5 } } }]);
		expect(asked).toEqual([1]);
		expect(read).toEqual({ entries: all, order: 'newestFirst', cut: false, short: { page: 1, entries: 2, pages: 5 } });
	});

	test('a campaign’s log claiming more entries by its total only: short too, its pages counted from the total', async () => {
		const first = run('a', 100, START - MINUTE, -1000);
		const second = run('b', 20, START - 10 * MINUTE, -1000);
		const paging = { total: 350 };
		const { read, asked } = await readBack([page(first, 1, paging), page(second, 2, paging)]);
		expect(asked).toEqual([1, 2]);
		expect(read.short).toEqual({ page: 2, entries: 20, pages: 4 });
	});

	test('a short last page, as its paging says: not short', async () => {
		const first = run('a', 100, START - MINUTE, -1000);
		const second = run('b', 20, START - 10 * MINUTE, -1000);
		const paging = { total: 120, last_page: 2 };
		const { read } = await readBack([page(first, 1, paging), page(second, 2, paging)]);
		expect(read.short).toBeUndefined();
	});
});
