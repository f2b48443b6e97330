import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, agentNotFound, getAgentId } from '../../../shared/agent';
import { AGENT_CALLS } from '../../../shared/answers';
import { readDay } from '../../../shared/dates';
import { collection } from '../../../shared/fields';
import { apiPath, getList } from '../../../shared/transport';
import { findProperty } from '../../../shared/validation';
import type { ApiFields, ListRequest } from '../fields';
import { CALL_STATUS_OPTIONS, DIRECTION_OPTIONS, readCollection, readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';

const filters = collection('filters', [
	{ displayName: 'Date From', name: 'dateFrom', type: 'dateTime', default: '', description: 'Only calls on or after this day' },
	{ displayName: 'Date To', name: 'dateTo', type: 'dateTime', default: '', description: 'Only calls on or before this day' },
	{ displayName: 'Direction', name: 'direction', type: 'options', default: 'outbound', options: DIRECTION_OPTIONS },
	{ displayName: 'Search', name: 'search', type: 'string', default: '', description: 'Text found in the phone numbers or the call SID' },
	{ displayName: 'Status', name: 'status', type: 'options', default: 'completed', options: CALL_STATUS_OPTIONS },
]);

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['getCalls'] } }, [agentLocator(), ...returnAllAndLimit, filters]);

/** A read. */
export const repeatable = true;

/** Filters → query parameters of `GET /agents/{id}/calls`. */
const FILTERS: ApiFields = { dateFrom: 'date_from', dateTo: 'date_to', direction: 'direction', search: 'search', status: 'status' };

interface Prepared extends ListRequest {
	agentId: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const day = (name: string) => (value: unknown) => readDay(this, itemIndex, findProperty([filters], name, 'filters'), value);
	const qs = readCollection(this, itemIndex, [filters], 'filters', FILTERS, { omitEmpty: true, special: { dateFrom: day('dateFrom'), dateTo: day('dateTo') } });
	return { agentId: getAgentId.call(this, itemIndex), ...readListLimits.call(this, itemIndex), qs };
}

/** One item per call of the agent, every page (`pagination` on its page, `meta` in openapi.json). */
export async function execute(this: IExecuteFunctions, { agentId, qs, ...limits }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	return await getList.call(this, apiPath`/agents/${agentId}/calls`, qs, { ...item, ...limits, read: AGENT_CALLS, pagingDocumented: true, notFoundMessage: agentNotFound(agentId) });
}
