import type { INodeProperties } from 'n8n-workflow';

import { operationField } from '../fields';
import type { TalkoverOperation } from '../operation';
import * as getMany from './getMany.operation';
import * as retry from './retry.operation';

export { getMany, retry };

/** The operations by their `operation` value. */
export const operations: Record<string, TalkoverOperation<unknown>> = {
	getMany,
	retry,
};

export const description: INodeProperties[] = [
	operationField('webhookDelivery', 'getMany', [
		{
			name: 'Get Many',
			value: 'getMany',
			description: "List the deliveries of an agent's or a campaign's webhook (Talkover keeps 30 days), optionally only failed ones",
			action: 'Get many webhook deliveries',
		},
		{
			name: 'Retry',
			value: 'retry',
			description: 'Have Talkover send a logged delivery to the webhook again',
			action: 'Retry a webhook delivery',
		},
	]),
	...Object.values(operations).flatMap((operation) => operation.description),
];
