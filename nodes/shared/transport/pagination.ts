import type { IDataObject } from 'n8n-workflow';

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
		const response = await talkoverRequest.call(this, 'GET', path, { ...settings, qs: { ...qs, per_page: perPage, page } });
		const data = unwrap(response.body);
		items.push(...((Array.isArray(data) ? data : []) as IDataObject[]));
		const next = nextPage(response.body);
		page = next !== undefined && next > page ? next : undefined;
	}
	return returnAll ? items : items.slice(0, limit);
}
