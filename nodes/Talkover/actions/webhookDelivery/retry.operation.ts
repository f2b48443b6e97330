import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DELIVERY_RETRIED } from '../../../shared/answers';
import type { DeliveryWebhook } from '../../../shared/deliveryWebhook';
import { getDeliveryWebhook } from '../../../shared/deliveryWebhook';
import { readLocatorId } from '../../../shared/locator';
import { talkoverAnswer } from '../../../shared/transport';
import type { IfUnsure, ItemContext } from '../operation';
import { webhookFields } from './fields';

const deliveryIdField = {
	displayName: 'Delivery ID',
	name: 'deliveryId',
	type: 'string' as const,
	required: true,
	default: '',
	placeholder: '550e8400-e29b-41d4-a716-446655440000',
	description: 'The ID of the logged delivery to send again, as Webhook Delivery → Get Many outputs it',
};

export const description = updateDisplayOptions({ show: { resource: ['webhookDelivery'], operation: ['retry'] } }, [
	{
		displayName:
			'Talkover sends the logged event to the webhook again, to its address as it is now, and logs the new attempt. A delivery that already succeeded cannot be sent again.',
		name: 'retryNotice',
		type: 'notice',
		default: '',
	},
	...webhookFields,
	deliveryIdField,
]);

/** Each retry is one more delivery of the event (one more execution of a workflow behind the webhook): never sent twice. */
export const repeatable = false;

export const ifUnsure: IfUnsure = {
	mayHaveHappened: 'The delivery may have been queued again',
	check: "the webhook's delivery log shows a new attempt of it: Webhook Delivery → Get Many",
	notDone: 'Nothing reached Talkover: the delivery was not queued again.',
};

interface Prepared {
	webhook: DeliveryWebhook;
	deliveryId: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	// The fields in the panel's order: the webhook's first.
	const webhook = getDeliveryWebhook.call(this, itemIndex);
	// Talkover's pages call it a UUID, yet their own example logs name it "log-uuid-1": any ID that cannot change the path.
	const deliveryId = readLocatorId(this, itemIndex, this.getNodeParameter('deliveryId', itemIndex, ''), { name: 'deliveryId', noun: 'delivery', label: 'Delivery ID' });
	return { webhook, deliveryId };
}

/**
 * `POST …/logs/{log_id}/retry`: the item is Talkover's `data` (the new attempt's `log_id`, the
 * `original_log_id`, `queued_at` where the page gives it). A delivery that cannot be retried (already
 * delivered, too old, webhook disabled) is Talkover's 422, said in words.
 */
export async function execute(this: IExecuteFunctions, { webhook, deliveryId }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'POST', webhook.retryOf(webhook.webhookId, deliveryId), {
		...item,
		read: DELIVERY_RETRIED,
		notFoundMessage: `Delivery not found: the log of webhook ${webhook.webhookId} on ${webhook.webhookOf} ${webhook.ownerId} has no delivery with ID ${deliveryId} (or the ${webhook.webhookOf} or the webhook does not exist for this token's environment)`,
		codeMessages: {
			LOG_NOT_RETRIABLE: 'Talkover cannot send this delivery again: it was already delivered, is older than 30 days, or the webhook is disabled',
		},
	});
	return [{ ...response.value }];
}
