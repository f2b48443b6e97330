import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { ListPage } from '../answers/list';
import { pagingIn } from '../answers/list';
import { unexpectedAnswerError } from './nodeErrors';
import { shownValue } from './shownText';
import type { Context } from './credential';
import type { ReaderOf, TalkoverAnswer } from './talkoverAnswer';
import { talkoverAnswer } from './talkoverAnswer';
import type { RequestOptions, RequestSettings } from './requestOptions';

/** Talkover's largest page. */
export const MAX_PAGE_SIZE = 100;

/** The paging object of a list response (`meta` or `pagination`: the API uses both), if it has one. */
const pagingOf = pagingIn;

export interface ListLimits {
	returnAll: boolean;
	limit: number;
	/**
	 * Both documents (page and openapi.json) give this list a paging object (`meta` or `pagination`): a
	 * full page without one does not say whether more entries follow, and is an error rather than read as
	 * the last page. Lists a document shows without paging (phone numbers, calendars, calendar events)
	 * leave it off: a response without paging is one page.
	 */
	pagingDocumented?: boolean;
}

/**
 * The page after `page`, checked against what Talkover said about its pages: the page that came back is
 * the one asked for, a page before the last is full, it is not a page seen before (`seenPages`: the
 * fingerprints of the pages seen in this list with their page numbers, so pages that alternate A, B, A, B
 * are caught on the third; a picker knows only the page before), its entries are not all entries seen before
 * (`seenIds`: the IDs of the pages before; a list that shifts by an entry or two between pages is fine), and
 * no more pages are claimed than the `total` needs. A list that does not add up (empty pages that claim a
 * billion more, the same page whatever is asked) is an error (the text says why), never an endless loop.
 * Undefined: this was the last page. With `shortPageEnds` (a picker) a short page before the last ends the
 * list instead.
 */
export function followingPage(
	body: unknown,
	page: number,
	perPage: number,
	data: unknown[],
	seenPages?: ReadonlyMap<string, number>,
	settings: { shortPageEnds?: boolean; seenIds?: ReadonlySet<string> } = {},
): number | undefined | string {
	return nextPage(pagingOf(body), page, perPage, data, seenPages, settings);
}

/** Why the page that came back is not the page asked for (its paging's `current_page`), or undefined when it is. */
export function otherPage(paging: IDataObject | undefined, page: number): string | undefined {
	if (paging?.current_page === undefined || Number(paging.current_page) === page) return undefined;
	const shown = shownValue(paging.current_page);
	return `page ${page} was asked for and ${shown === undefined ? 'a page without a number (current_page)' : `page ${shown}`} came back`;
}

/** followingPage with the page's paging object (a list reader's `paging`) instead of its body. */
export function nextPage(
	paging: IDataObject | undefined,
	page: number,
	perPage: number,
	data: unknown[],
	seenPages?: ReadonlyMap<string, number>,
	{ shortPageEnds = false, seenIds }: { shortPageEnds?: boolean; seenIds?: ReadonlySet<string> } = {},
): number | undefined | string {
	if (!paging) return undefined;
	const received = data.length;
	const other = otherPage(paging, page);
	if (other) return other;
	if (seenPages !== undefined && received > 0) {
		const repeated = seenPages.get(pageFingerprint(data));
		if (repeated !== undefined) return `page ${page} has the same entries as page ${repeated} (Talkover sent the same page again)`;
	}
	if (seenIds !== undefined && received > 0) {
		const ids = entryIds(data);
		if (ids !== undefined && ids.every((id) => seenIds.has(id))) return `every entry of page ${page} was on the pages before it (Talkover sent the same entries again)`;
	}
	const size = Number.isInteger(Number(paging.per_page)) && Number(paging.per_page) > 0 ? Math.min(Number(paging.per_page), perPage) : perPage;
	const total = Number(paging.total);
	const counted = paging.total !== undefined && paging.total !== null && Number.isFinite(total) && total >= 0;
	// List Campaign Webhook Logs' page gives `total` without `last_page`: the pages are counted from it.
	const lastGiven = paging.last_page !== undefined && paging.last_page !== null;
	const last = lastGiven ? Number(paging.last_page) : counted ? Math.max(1, Math.ceil(total / size)) : NaN;
	if (!Number.isFinite(last) || page >= last) return undefined;
	if (received < size) return shortPageEnds ? undefined : `page ${page} of ${last} has ${received} entries, ${size} expected`;
	if (counted && lastGiven) {
		const needed = Math.max(1, Math.ceil(total / size));
		if (last > needed) return `it counts ${total} entries, which fit in ${needed} page${needed === 1 ? '' : 's'} of ${size}, yet it says there are ${last} pages`;
	}
	return page + 1;
}

/**
 * A short fingerprint of a page's entries, to tell a page that repeats one before it. The order of the
 * entries does not count: the same entries in another order are the same page again.
 */
export function pageFingerprint(data: unknown[]): string {
	const entries = data.map((entry) => JSON.stringify(entry) ?? 'undefined').sort();
	return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

/** An entry's `id` as a text, or undefined when it has none. */
function entryId(entry: unknown): string | undefined {
	const id = entry !== null && typeof entry === 'object' ? (entry as IDataObject).id : undefined;
	return (typeof id !== 'string' && typeof id !== 'number') || id === '' ? undefined : String(id);
}

/** The `id` of every entry of a page, or undefined when an entry has none (then IDs cannot tell pages apart). */
export function entryIds(data: unknown[]): string[] | undefined {
	const ids: string[] = [];
	for (const entry of data) {
		const id = entryId(entry);
		if (id === undefined) return undefined;
		ids.push(id);
	}
	return ids;
}

/** How many pages a list's paging says it has (`last_page`, or its `total` in pages of 100), when it says so. */
export function pagesOf(paging: IDataObject | undefined): number | undefined {
	const last = Number(paging?.last_page);
	if (paging?.last_page !== undefined && paging.last_page !== null && Number.isInteger(last) && last >= 0) return last;
	const total = Number(paging?.total);
	return paging?.total !== undefined && paging.total !== null && Number.isInteger(total) && total >= 0 ? Math.ceil(total / MAX_PAGE_SIZE) : undefined;
}

/** Whether a paging object says how many pages or entries there are (`last_page`, or `total`). */
function pagesCounted(paging: IDataObject | undefined): boolean {
	if (!paging) return false;
	return [paging.last_page, paging.total].some((n) => n !== undefined && n !== null && Number.isFinite(Number(n)));
}

/** The list's `total` when its paging object gives one as a whole number of at least 0. */
function totalOf(paging: IDataObject | undefined): number | undefined {
	const total = Number(paging?.total);
	return paging?.total !== undefined && paging.total !== null && Number.isInteger(total) && total >= 0 ? total : undefined;
}

/**
 * Where a list whose paging counts its entries (`total`) ends, given how many entries its pages held so far
 * (`read`, repeats included: a log that grows while it is read counts them in its total too): a list that
 * ends before its total is a list cut short, and one that holds more than its total does not add up (both an
 * error, never a silent cut); a list without `last_page` (List Campaign Webhook Logs) goes on while entries
 * are missing, whatever page size Talkover chose. `next` is what nextPage decided.
 */
function endAgainstTotal(paging: IDataObject | undefined, page: number, read: number, received: number, next: number | undefined): number | undefined | string {
	const total = totalOf(paging);
	if (total === undefined) return next;
	if (read > total) return `it counts ${total} entries, yet its pages held ${read}`;
	if (next !== undefined || read === total) return next;
	const lastGiven = paging!.last_page !== undefined && paging!.last_page !== null;
	if (!lastGiven && received > 0) return page + 1;
	return `it counts ${total} entries, yet it ended after ${read} (page ${page})`;
}

/**
 * What a list that counts its entries says once its changes while it was read are weighed (`next`: what
 * nextPage decided). Entries only added (its total grew) may push entries of a page onto the next one, at
 * most as many as were added, and those come out once; a total that shrank (entries of the pages read may
 * have moved up, past the page read next) or more entries again than were added (one came again in place of
 * another) would lose entries silently: an error, to run again. A page of entries all seen before (nextPage's
 * "the same page again") in a list that grew by that page or more grew while it was read: said so.
 */
function changedWhileRead(firstTotal: number | undefined, total: number | undefined, repeats: number, received: number, next: number | undefined | string): number | undefined | string {
	if (firstTotal === undefined || total === undefined) return next;
	const added = total - firstTotal;
	if (typeof next === 'string') {
		return repeats > 0 && received > 0 && added >= received ? `the list grew by ${added} entries while it was read (it counted ${firstTotal} entries, then ${total}): run the node again` : next;
	}
	if (added >= 0 && repeats <= added) return next;
	const again = repeats > 0 ? `, and ${repeats} ${repeats === 1 ? 'entry' : 'entries'} of the pages before came again` : '';
	return `the list changed while it was read (it counted ${firstTotal} entries, then ${total}${again}): run the node again`;
}

/**
 * Items of a list endpoint: every page (Return All) or until `limit` items, fetching no page more than
 * needed (`shortPageEnds`: a picker, a short page ends the list; see followingPage). A response without a paging object is one page, unless `pagingDocumented` and the page is full
 * while more entries are wanted: then the list cannot be read (an error, not a guess). A list that counts its
 * entries is read to its count (endAgainstTotal). An entry whose ID came on an earlier page (a list that grew
 * at its start while it was read: a delivery log, newest first) comes out once. With `keep` (a filter
 * Talkover cannot apply itself) only the entries it keeps are returned and counted against `limit`; the
 * pages are then Talkover's largest, so a rare match costs as few requests as it can. With `enough`, no page is
 * read after one for which it answers true (given that page's entries and paging: a log read back to a moment).
 */
export async function getList(
	this: Context,
	path: string,
	qs: IDataObject,
	{ returnAll, limit, pagingDocumented = false, shortPageEnds = false, read, keep, enough, ...settings }: ListLimits &
		RequestSettings &
		Pick<RequestOptions, 'notFoundMessage'> & {
			shortPageEnds?: boolean;
			read: ReaderOf<ListPage>;
			keep?: (entry: IDataObject) => boolean;
			enough?: (entries: IDataObject[], paging: IDataObject | undefined) => boolean;
		},
): Promise<IDataObject[]> {
	const perPage = returnAll || keep ? MAX_PAGE_SIZE : Math.min(Math.max(limit, 1), MAX_PAGE_SIZE);
	const items: IDataObject[] = [];
	let page: number | undefined = 1;
	// Every page's fingerprint (with its page number) and every entry's ID seen in this list.
	const seenPages = new Map<string, number>();
	const seenIds = new Set<string>();
	// The IDs of the entries of the pages before (an entry again on a later page is not given out twice), and how
	// many entries the pages held (repeats included).
	const outputIds = new Set<string>();
	let entriesRead = 0;
	// The first page's total, and how many entries came again on a later page.
	let firstTotal: number | undefined;
	let repeats = 0;
	while (page !== undefined && (returnAll || items.length < limit)) {
		const response: TalkoverAnswer<ListPage> = await talkoverAnswer(this, 'GET', path, { ...settings, qs: { ...qs, per_page: perPage, page }, read });
		const { entries: data, paging } = response.value;
		entriesRead += data.length;
		// One by one: a spread of a huge page into push() overflows the stack.
		const ids = data.map(entryId);
		for (let i = 0; i < data.length; i++) {
			if (ids[i] !== undefined && outputIds.has(ids[i]!)) {
				repeats++;
				continue;
			}
			if (!keep || keep(data[i])) items.push(data[i]);
		}
		for (const id of ids) if (id !== undefined) outputIds.add(id);
		const done = enough?.(data, paging) === true;
		const wanting = (returnAll || items.length < limit) && !done;
		const total = totalOf(paging);
		if (page === 1) firstTotal = total;
		let next = nextPage(paging, page, perPage, data, seenPages, { seenIds, shortPageEnds });
		next = changedWhileRead(firstTotal, total, repeats, data.length, next);
		if (typeof next !== 'string' && !shortPageEnds && (wanting || next !== undefined)) next = endAgainstTotal(paging, page, entriesRead, data.length, next);
		if (pagingDocumented && next === undefined && data.length >= perPage && wanting && !pagesCounted(paging)) {
			next = paging === undefined ? 'a full page came without page information' : 'a full page came without the number of pages or entries (last_page, total)';
		}
		if (typeof next === 'string') {
			throw unexpectedAnswerError(this.getNode(), `Talkover's list does not add up: ${next}`, {
				status: response.statusCode,
				method: 'GET',
				path,
				itemIndex: settings.itemIndex,
			});
		}
		if (next !== undefined) {
			seenPages.set(pageFingerprint(data), page);
			// As entryIds: only a page whose every entry has an ID (else IDs cannot tell pages apart).
			if (!ids.includes(undefined)) for (const id of ids) seenIds.add(id!);
		}
		page = done ? undefined : next;
	}
	return returnAll ? items : items.slice(0, limit);
}
