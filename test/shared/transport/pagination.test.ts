/**
 * getList and followingPage (nodes/shared/transport/pagination.ts) with scripted HTTP answers: the pages
 * asked for, and a list whose pages do not add up ending with an error, never an endless loop.
 */
import type { IDataObject } from 'n8n-workflow';

import { followingPage, getList, pageFingerprint } from '../../../nodes/shared/transport/pagination';
import { AGENTS } from '../../../nodes/shared/answers/list';
import { apiPath } from '../../../nodes/shared/transport/paths';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import { useTestClock } from '../../helpers/clock';
import { scripted } from '../../helpers/http';

useTestClock();
beforeEach(() => resetRateLimitState());

describe('paging', () => {
	const full = Array.from({ length: 10 }, (_, i) => ({ id: i }));
	/** The pages seen before: only the page before (page - 1), as a picker knows it from its pagination token. */
	const before = (page: number, data: unknown[]) => new Map([[pageFingerprint(data), page - 1]]);
	test.each([
		// The paging object is `meta` or `pagination` (the API uses both), its numbers numbers or texts.
		['the paging object named pagination, numbers as texts', { pagination: { current_page: '2', last_page: '3' } }, 2, undefined, 3],
		['no paging object: one page', { data: [] }, 1, undefined, undefined],
		['a text: one page', 'text', 1, undefined, undefined],
		['a middle page', { meta: { current_page: 2, last_page: 5, total: 50 } }, 2, undefined, 3],
		['the last page', { meta: { current_page: 5, last_page: 5 } }, 5, undefined, undefined],
		['total 0, last_page 1', { meta: { current_page: 1, last_page: 1, total: 0 } }, 1, undefined, undefined],
		['total as text', { meta: { current_page: 1, last_page: 3, total: '25' } }, 1, undefined, 2],
		['total null', { meta: { current_page: 1, last_page: 3, total: null } }, 1, undefined, 2],
		['more pages than the total needs', { meta: { current_page: 1, last_page: 4, total: 25 } }, 1, undefined, 'it counts 25 entries, which fit in 3 pages of 10, yet it says there are 4 pages'],
		['the page before again', { meta: { current_page: 2, last_page: 5 } }, 2, before(2, full), 'page 2 has the same entries as page 1 (Talkover sent the same page again)'],
		['the page before again, on the last page', { meta: { current_page: 2, last_page: 2 } }, 2, before(2, full), 'page 2 has the same entries as page 1 (Talkover sent the same page again)'],
		['another page before', { meta: { current_page: 2, last_page: 5 } }, 2, before(2, [{ id: 99 }]), 3],
		// List Campaign Webhook Logs' page: `total` without `last_page`; the pages are counted from the total.
		['a total without last_page: more pages', { pagination: { current_page: 1, per_page: 10, total: 47 } }, 1, undefined, 2],
		['a total without last_page: the last page', { pagination: { current_page: 5, per_page: 10, total: 47 } }, 5, undefined, undefined],
		['neither total nor last_page: one page', { pagination: { current_page: 1, per_page: 10 } }, 1, undefined, undefined],
	])('followingPage: %s', (_what, body, page, previous, expected) => {
		expect(followingPage(body, page, 10, full, previous)).toBe(expected);
	});

	// A page seen two or more pages before, or the same page in another order, is a repeat too.
	test.each([
		['a page seen two pages before', new Map([[pageFingerprint(full), 1], [pageFingerprint([{ id: 99 }]), 2]]), undefined, 'page 3 has the same entries as page 1 (Talkover sent the same page again)'],
		['the page before, its entries reversed', before(3, [...full].reverse()), undefined, 'page 3 has the same entries as page 2 (Talkover sent the same page again)'],
		['entries all seen before, in other pages', new Map<string, number>(), new Set(full.map((e) => String(e.id))), 'every entry of page 3 was on the pages before it (Talkover sent the same entries again)'],
		['one entry seen before (the list moved by one)', new Map<string, number>(), new Set(['0']), 4],
	])('followingPage: %s', (_what, previous, seenIds, expected) => {
		expect(followingPage({ meta: { current_page: 3, last_page: 5 } }, 3, 10, full, previous, { seenIds })).toBe(expected);
	});

	const page = (ids: number[], current: number, last: number, perPage?: number) => ({
		body: { success: true, data: ids.map((id) => ({ id })), meta: { current_page: current, last_page: last, ...(perPage ? { per_page: perPage } : {}) } },
	});
	const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

	test('Return All: pages of 100 until the last', async () => {
		const { ctx, requests } = scripted([page(range(1, 100), 1, 2), page([101], 2, 2)]);
		const items = await getList.call(ctx, apiPath`/agents`, { status: 'draft' }, { returnAll: true, limit: 0, itemIndex: 0, read: AGENTS });
		expect(items.map((i) => i.id)).toEqual(range(1, 101));
		expect(requests.map((r) => r.qs)).toEqual([
			{ status: 'draft', per_page: 100, page: 1 },
			{ status: 'draft', per_page: 100, page: 2 },
		]);
	});

	test('Limit: pages of the limit (at most 100), no page more than needed, cut to the limit', async () => {
		// Talkover may give fewer a page than asked (its per_page says so): the list goes on to the next page.
		const { ctx, requests } = scripted([page([1, 2, 3], 1, 5, 3), page([4, 5, 6], 2, 5, 3)]);
		const items = await getList.call(ctx, apiPath`/agents`, {}, { returnAll: false, limit: 5, itemIndex: 0, read: AGENTS });
		expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5]);
		expect(requests.map((r) => r.qs)).toEqual([
			{ per_page: 5, page: 1 },
			{ per_page: 5, page: 2 },
		]);
	});

	test('pages that do not add up end the list with an error, never an endless loop', async () => {
		const wrongPage = scripted([{ body: { data: [{ id: 1 }], meta: { current_page: 0, last_page: 9 } } }]);
		await expect(getList.call(wrongPage.ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS })).rejects.toThrow(
			"Talkover's list does not add up: page 1 was asked for and page 0 came back",
		);
		expect(wrongPage.requests).toHaveLength(1);
		const shortPage = scripted([page([1], 1, 1e9)]);
		await expect(getList.call(shortPage.ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS })).rejects.toThrow(
			"Talkover's list does not add up: page 1 of 1000000000 has 1 entries, 100 expected",
		);
	});

	test('a list that counts its entries but not its pages (List Campaign Webhook Logs) is read to its end', async () => {
		const logPage = (ids: number[], current: number) => ({ body: { success: true, data: ids.map((id) => ({ id })), pagination: { current_page: current, per_page: 100, total: 247 } } });
		const { ctx, requests } = scripted([logPage(range(1, 100), 1), logPage(range(101, 200), 2), logPage(range(201, 247), 3)]);
		const items = await getList.call(ctx, apiPath`/campaigns/c/webhooks/w/logs`, {}, { returnAll: true, limit: 0, read: AGENTS, pagingDocumented: true });
		expect(items.map((i) => i.id)).toEqual(range(1, 247));
		expect(requests.map((r) => r.qs?.page)).toEqual([1, 2, 3]);
	});

	test('a full page whose paging counts neither pages nor entries is an error when more are wanted, never read as the end', async () => {
		const { ctx } = scripted([{ body: { success: true, data: range(1, 100).map((id) => ({ id })), pagination: { current_page: 1, per_page: 100 } } }]);
		await expect(getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS, pagingDocumented: true })).rejects.toThrow(
			"Talkover's list does not add up: a full page came without the number of pages or entries (last_page, total)",
		);
	});

	test('keep: only the kept entries come out and count against Limit; pages are Talkover\'s largest', async () => {
		const { ctx, requests } = scripted([page(range(1, 100), 1, 3), page(range(101, 200), 2, 3), page(range(201, 250), 3, 3)]);
		const odd = (entry: { id?: unknown }) => Number(entry.id) % 40 === 0;
		const items = await getList.call(ctx, apiPath`/x`, {}, { returnAll: false, limit: 3, read: AGENTS, keep: odd });
		expect(items.map((i) => i.id)).toEqual([40, 80, 120]);
		expect(requests.map((r) => r.qs)).toEqual([
			{ per_page: 100, page: 1 },
			{ per_page: 100, page: 2 },
		]);
	});

	describe('a list that counts its entries (total) is read to its count, never cut short silently', () => {
		const counted = (ids: number[], current: number, paging: IDataObject) => ({ body: { success: true, data: ids.map((id) => ({ id })), pagination: { current_page: current, ...paging } } });

		test('a last page that comes before the total is an error', async () => {
			const { ctx } = scripted([counted(range(1, 100), 1, { last_page: 1, total: 247, per_page: 100 })]);
			await expect(getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS })).rejects.toThrow("Talkover's list does not add up: it counts 247 entries, yet it ended after 100 (page 1)");
		});

		test('more entries than the total is an error', async () => {
			const { ctx } = scripted([counted(range(1, 100), 1, { last_page: 1, total: 0 })]);
			await expect(getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS })).rejects.toThrow("Talkover's list does not add up: it counts 0 entries, yet its pages held 100");
		});

		test('without last_page, pages smaller than asked (and no per_page): read on until the total', async () => {
			const { ctx, requests } = scripted([counted(range(1, 25), 1, { total: 47 }), counted(range(26, 47), 2, { total: 47 })]);
			const items = await getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS, pagingDocumented: true });
			expect(items.map((i) => i.id)).toEqual(range(1, 47));
			expect(requests.map((r) => r.qs?.page)).toEqual([1, 2]);
		});

		test('a list that grows at its start while it is read (a delivery log, newest first): the entries pushed onto the next page come out once', async () => {
			// Three deliveries are logged between the two pages: page 2 starts with the last three of page 1.
			const { ctx } = scripted([counted(range(4, 103), 1, { last_page: 2, total: 150, per_page: 100 }), counted(range(101, 153), 2, { last_page: 2, total: 153, per_page: 100 })]);
			const items = await getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS });
			expect(items.map((i) => i.id)).toEqual(range(4, 153));
		});

		test('a list that grew by a page or more while it was read: the error says it grew (not that Talkover sent a page again)', async () => {
			const { ctx } = scripted([counted(range(1, 100), 1, { last_page: 2, total: 150, per_page: 100 }), counted(range(1, 100), 2, { last_page: 3, total: 260, per_page: 100 })]);
			await expect(getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS })).rejects.toThrow(
				"Talkover's list does not add up: the list grew by 110 entries while it was read (it counted 150 entries, then 260): run the node again",
			);
		});

		test('an entry again on a later page while the total stayed (one came again in place of another) is an error, never an entry lost', async () => {
			const { ctx } = scripted([counted(range(1, 100), 1, { last_page: 2, total: 150, per_page: 100 }), counted([100, ...range(102, 150)], 2, { last_page: 2, total: 150, per_page: 100 })]);
			await expect(getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS })).rejects.toThrow(
				"Talkover's list does not add up: the list changed while it was read (it counted 150 entries, then 150, and 1 entry of the pages before came again): run the node again",
			);
		});

		test('a list that shrank between pages (entries of page 1 left it: page 2 starts past entries still in it) is an error, never a silent skip', async () => {
			const { ctx } = scripted([counted(range(1, 100), 1, { last_page: 2, total: 150, per_page: 100 }), counted(range(111, 150), 2, { last_page: 2, total: 140, per_page: 100 })]);
			await expect(getList.call(ctx, apiPath`/x`, {}, { returnAll: true, limit: 0, read: AGENTS })).rejects.toThrow(
				"Talkover's list does not add up: the list changed while it was read (it counted 150 entries, then 140): run the node again",
			);
		});
	});
});
