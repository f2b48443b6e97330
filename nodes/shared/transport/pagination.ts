import type { IDataObject } from 'n8n-workflow';

import { unexpectedAnswerError } from './errors';
import type { Context, RequestOptions, RequestSettings } from './request';
import { talkoverRequest, unwrap } from './request';

/** Talkover's largest page. */
export const MAX_PAGE_SIZE = 100;

/** The next page of a list response, from its paging object (`meta` or `pagination`: the API uses both). */
export function nextPage(body: unknown): number | undefined {
	const asObject = (value: unknown) =>
		value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	const object = asObject(body);
	const paging = asObject(object?.meta) ?? asObject(object?.pagination);
	if (!paging) return undefined;
	const current = Number(paging.current_page);
	const last = Number(paging.last_page);
	return Number.isFinite(current) && Number.isFinite(last) && current < last ? current + 1 : undefined;
}

export interface ListLimits {
	returnAll: boolean;
	limit: number;
}

/**
 * The page after `page`, checked against what Talkover said about its pages: the page that came back is
 * the one asked for, and a page before the last is full. A list that does not add up (empty pages that
 * claim a billion more, the same page whatever is asked) is an error, never an endless loop.
 */
function followingPage(body: unknown, page: number, perPage: number, received: number): number | undefined | string {
	const asObject = (value: unknown) =>
		value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	const object = asObject(body);
	const paging = asObject(object?.meta) ?? asObject(object?.pagination);
	if (!paging) return undefined;
	const current = Number(paging.current_page);
	if (paging.current_page !== undefined && current !== page) return `page ${page} was asked for and page ${String(paging.current_page)} came back`;
	const last = Number(paging.last_page);
	if (!Number.isFinite(last) || page >= last) return undefined;
	const expected = Number.isInteger(Number(paging.per_page)) && Number(paging.per_page) > 0 ? Math.min(Number(paging.per_page), perPage) : perPage;
	if (received < expected) return `page ${page} of ${last} has ${received} entries, ${expected} expected`;
	return page + 1;
}

/**
 * Items of a list endpoint: every page (Return All) or until `limit` items, fetching no page more than
 * needed. A response without a paging object is one page.
 */
export async function getList(
	this: Context,
	path: string,
	qs: IDataObject,
	{ returnAll, limit, ...settings }: ListLimits & RequestSettings & Pick<RequestOptions, 'notFoundMessage'>,
): Promise<IDataObject[]> {
	const perPage = returnAll ? MAX_PAGE_SIZE : Math.min(Math.max(limit, 1), MAX_PAGE_SIZE);
	const items: IDataObject[] = [];
	let page: number | undefined = 1;
	while (page !== undefined && (returnAll || items.length < limit)) {
		const response = await talkoverRequest.call(this, 'GET', path, { ...settings, qs: { ...qs, per_page: perPage, page }, expect: 'list' });
		const data = unwrap(response.body) as IDataObject[];
		// One by one: a spread of a huge page into push() overflows the stack.
		for (const entry of data) items.push(entry);
		const next = followingPage(response.body, page, perPage, data.length);
		if (typeof next === 'string') {
			throw unexpectedAnswerError(this.getNode(), `Talkover's list does not add up: ${next}`, {
				status: response.statusCode,
				method: 'GET',
				path,
				itemIndex: settings.itemIndex,
			});
		}
		page = next;
	}
	return returnAll ? items : items.slice(0, limit);
}
