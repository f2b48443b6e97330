import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter, findProperty } from '../helpers/validation';
import { DEFAULT_MAX_RETRIES } from '../transport';

/**
 * Options shown on every operation: how many items go to Talkover at once (same meaning as the HTTP
 * Request node's batching) and how often a rate-limited request is tried again. The waiting itself
 * happens in the transport, which reads Max Retries; the router reads the batching.
 */
export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Interval (Milliseconds)',
				name: 'batchInterval',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 0,
				description:
					'Milliseconds to wait between batches. 0: no batches, a new item starts as soon as one of the Batch Size items in flight has finished. More than 0: Batch Size items are sent, and when all of them have finished the node waits this long before the next batch. Talkover\'s rate limit is respected either way.',
			},
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
				default: 1,
				description:
					'How many items are sent to Talkover at the same time. 1 (the default) sends one item after the other. Output order stays the same as the input order.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
				default: DEFAULT_MAX_RETRIES,
				description:
					'How often a request is tried again when Talkover is busy (rate limit). Reads and updates are also retried after a server error or a dropped connection; calls and other creations are never sent twice.',
			},
		],
	},
];

export interface Batching {
	batchSize: number;
	batchInterval: number;
}

/** Checks the item's options (so a bad value stops the run before anything is sent). */
export function checkOptions(this: IExecuteFunctions, itemIndex: number): Batching {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const read = (name: string, fallback: number): number =>
		options[name] === undefined ? fallback : (checkParameter(this, itemIndex, findProperty(description, name, 'options'), options[name]) as number);
	read('maxRetries', DEFAULT_MAX_RETRIES);
	return { batchSize: read('batchSize', 1), batchInterval: read('batchInterval', 0) };
}
