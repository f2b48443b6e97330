import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { DELIVERY_LOG_ENTRIES } from '../../shared/answers';
import type { RequestSettings } from '../../shared/transport';
import { getList, MAX_PAGE_SIZE, otherPage, talkoverAnswer, unexpectedAnswerError } from '../../shared/transport';
import { loggedAt } from './choice';

/**
 * Reads a webhook's delivery log back to a moment (`reached`: a page holds an entry at or before it), in
 * the order Talkover lists it. The pages' example lists it newest first, and no page says so: the order
 * is read from the entries' times.
 * - Newest first (or one time only): pages 1, 2, … until one reaches back.
 * - Oldest first (a page whose times rise): from the last page (the paging's `last_page`, or its `total`)
 *   back to the first, until one reaches back.
 * - Neither (times rising and falling): every page, to the end.
 * Every page's request is sent with `settings` (a hook's shared time). At most `maxPages` pages; `cut` says the read stopped there with more to read. A page short of 100 entries
 * ends the log, whatever its paging claims (the page's own example: 2 entries, `total` 247, `last_page` 5):
 * `short` says so.
 */
export interface LogRead {
	entries: IDataObject[];
	order: 'newestFirst' | 'oldestFirst' | 'none';
	cut: boolean;
	/** A page that held fewer entries than a page holds while the paging claimed more pages (read as the log's end). */
	short?: { page: number; entries: number; pages: number };
}

type Direction = 'falling' | 'rising' | 'both' | 'flat';

/** How the times of `entries` (those that are times) move, in the order given. */
function directionOf(entries: readonly IDataObject[]): Direction {
	const times = entries.map(loggedAt).filter((t): t is number => t !== undefined);
	let rises = false;
	let falls = false;
	for (let i = 1; i < times.length; i++) {
		if (times[i] > times[i - 1]) rises = true;
		if (times[i] < times[i - 1]) falls = true;
	}
	return rises && falls ? 'both' : rises ? 'rising' : falls ? 'falling' : 'flat';
}

async function page(ctx: IHookFunctions, path: string, number: number, settings: RequestSettings): Promise<{ entries: IDataObject[]; paging?: IDataObject }> {
	const answer = await talkoverAnswer(ctx, 'GET', path, { ...settings, qs: { per_page: MAX_PAGE_SIZE, page: number }, read: DELIVERY_LOG_ENTRIES });
	const { entries, paging } = answer.value;
	const other = otherPage(paging, number);
	if (other) throw unexpectedAnswerError(ctx.getNode(), `Talkover's list does not add up: ${other}`, { status: answer.statusCode, method: 'GET', path });
	return { entries, paging };
}

/** The number of the last page, from the paging (`last_page`, else `total`); undefined when it says neither. */
function lastPageOf(paging: IDataObject | undefined): number | undefined {
	const last = Number(paging?.last_page);
	if (paging?.last_page !== undefined && Number.isInteger(last) && last >= 1) return last;
	const total = Number(paging?.total);
	return paging?.total !== undefined && Number.isInteger(total) && total >= 0 ? Math.max(1, Math.ceil(total / MAX_PAGE_SIZE)) : undefined;
}

export async function readLogBackTo(ctx: IHookFunctions, path: string, reached: (entries: IDataObject[]) => boolean, maxPages: number, settings: RequestSettings = {}): Promise<LogRead> {
	// Changed by the reader of each page (an object: the compiler cannot see a closure change a `let`).
	const order: { direction: Direction } = { direction: 'flat' };
	let pages = 0;
	let last: number | undefined;
	let first: { entries: IDataObject[]; paging?: IDataObject } | undefined;
	let short: LogRead['short'];
	// A page of a read newest first reached back to the moment: nothing older is needed, the read is whole.
	let reachedBack = false;
	const entries = await getList.call(ctx, path, {}, {
		...settings,
		returnAll: true,
		limit: 0,
		pagingDocumented: true,
		read: DELIVERY_LOG_ENTRIES,
		shortPageEnds: true,
		enough: (onPage, paging) => {
			pages++;
			if (pages === 1) first = { entries: onPage, paging };
			const claimed = lastPageOf(paging) ?? pages;
			if (onPage.length < MAX_PAGE_SIZE && claimed > pages) short = { page: pages, entries: onPage.length, pages: claimed };
			// The last entry of the pages before, then this page's: the order over the whole read.
			const seen = directionOf(last === undefined ? onPage : [{ created_at: new Date(last).toISOString() }, ...onPage]);
			const times = onPage.map(loggedAt).filter((t): t is number => t !== undefined);
			if (times.length) last = times[times.length - 1];
			const was = order.direction;
			order.direction = was === 'flat' ? seen : seen === 'flat' || seen === was ? was : 'both';
			// Rising on the first page: oldest first, read again from the end. Rising later, or both ways: no order, read on.
			if (order.direction === 'rising' && pages === 1) return true;
			if (order.direction === 'rising') order.direction = 'both';
			if (order.direction === 'both') return pages >= maxPages;
			reachedBack = reached(onPage);
			return pages >= maxPages || reachedBack;
		},
	});
	if (order.direction !== 'rising') {
		return { entries, order: order.direction === 'both' ? 'none' : 'newestFirst', cut: pages >= maxPages && !reachedBack && entries.length >= maxPages * MAX_PAGE_SIZE, short };
	}
	// Oldest first: the newest entries are on the last page (the first page as read). A full first page whose
	// paging does not say where the last page is: the newest entries cannot be found, an error, never "page 1 is all".
	const lastPage = lastPageOf(first?.paging) ?? 1;
	if (lastPage <= 1 && (first?.entries.length ?? 0) >= MAX_PAGE_SIZE) {
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's delivery log came oldest first with a full first page and no later page named (last_page, total), so its newest entries cannot be found`, { status: 200, method: 'GET', path });
	}
	const back: IDataObject[] = [];
	let read = 0;
	for (let number = lastPage; number >= 1 && read < maxPages; number--) {
		const { entries: onPage } = number === 1 && first ? first : await page(ctx, path, number, settings);
		read++;
		back.push(...onPage);
		if (reached(onPage)) return { entries: back, order: 'oldestFirst', cut: false };
	}
	return { entries: back, order: 'oldestFirst', cut: read >= maxPages && lastPage > maxPages };
}
