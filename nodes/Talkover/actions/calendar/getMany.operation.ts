import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CALENDARS } from '../../../shared/answers';
import { apiPath, getList } from '../../../shared/transport';
import type { ListRequest } from '../fields';
import { readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['calendar'], operation: ['getMany'] } }, returnAllAndLimit);

/** A read. */
export const repeatable = true;

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	return { ...readListLimits.call(this, itemIndex), qs: {} };
}

/**
 * One item per calendar. List Calendars documents `per_page` (1–100) but no page and no paging object:
 * the first 100 come back; a paging object, if Talkover sends one, is followed.
 */
export async function execute(this: IExecuteFunctions, { qs, ...limits }: ListRequest, item: ItemContext): Promise<IDataObject[]> {
	return await getList.call(this, apiPath`/calendars`, qs, { ...item, ...limits, read: CALENDARS });
}
