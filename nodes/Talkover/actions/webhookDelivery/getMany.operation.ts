import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DeliveryStatus } from '../../../shared/answers';
import { DELIVERY_LOG, DELIVERY_STATUSES, readDeliveryLogEntry } from '../../../shared/answers';
import type { DeliveryWebhook } from '../../../shared/deliveryWebhook';
import { getDeliveryWebhook } from '../../../shared/deliveryWebhook';
import { collection } from '../../../shared/fields';
import { getList } from '../../../shared/transport';
import { checkParameter, findProperty, invalidInput, show } from '../../../shared/validation';
import type { ListLimits } from '../../../shared/transport';
import { readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';
import { webhookFields } from './fields';

const STATUS_NAMES: Record<DeliveryStatus, string> = {
	failed: 'Failed (the target answered an error or could not be reached)',
	pending: 'Pending (queued for delivery)',
	retrying: 'Retrying (failed, will be sent again)',
	success: 'Success (the target answered 2xx)',
};

const filters = collection('filters', [
	{
		displayName: 'Status',
		name: 'status',
		type: 'multiOptions',
		default: [],
		description: 'Only deliveries with one of these statuses (all when none is chosen)',
		options: DELIVERY_STATUSES.map((value) => ({ name: STATUS_NAMES[value], value })),
	},
]);

export const description = updateDisplayOptions({ show: { resource: ['webhookDelivery'], operation: ['getMany'] } }, [...webhookFields, ...returnAllAndLimit, filters]);

/** A read. */
export const repeatable = true;

interface Prepared extends ListLimits {
	webhook: DeliveryWebhook;
	statuses: DeliveryStatus[];
}

/** Filters → Status: documented statuses only (an expression may give a list, or a text with commas). */
function readStatuses(ctx: IExecuteFunctions, itemIndex: number): DeliveryStatus[] {
	const value = (ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject).status;
	if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return [];
	const property = findProperty([filters], 'status', 'filters');
	const list = checkParameter(ctx, itemIndex, property, value) as string[];
	for (const status of list) {
		if (!(DELIVERY_STATUSES as readonly string[]).includes(status)) {
			throw invalidInput(ctx, itemIndex, property, `${show(status)} is not a delivery status (use ${DELIVERY_STATUSES.join(', ')})`);
		}
	}
	return list as DeliveryStatus[];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return { webhook: getDeliveryWebhook.call(this, itemIndex), statuses: readStatuses(this, itemIndex), ...readListLimits.call(this, itemIndex) };
}

/**
 * One item per logged delivery attempt, in Talkover's order (its pages do not say which; their example is
 * newest first). Talkover's log has no status filter: the node reads the pages and keeps the chosen statuses,
 * counting only those against Limit.
 */
export async function execute(this: IExecuteFunctions, { webhook, statuses, ...limits }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const keep = statuses.length === 0 ? undefined : (entry: IDataObject) => statuses.includes(readDeliveryLogEntry(entry, 0).status);
	return await getList.call(this, webhook.log, {}, { ...item, ...limits, read: DELIVERY_LOG, keep, pagingDocumented: true, notFoundMessage: webhook.logNotFound });
}
