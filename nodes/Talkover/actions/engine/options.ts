import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection } from '../../../shared/fields';
import { DEFAULT_MAX_RETRIES } from '../../../shared/transport';
import { checkParameter, findProperty } from '../../../shared/validation';
import type { Batching } from './scheduler';

/**
 * Options shown on every operation: how many items go to Talkover at once (same meaning as the HTTP
 * Request node's batching) and how often a rate-limited request is tried again. The router reads them
 * for every item and hands Max Retries to the transport with each request.
 */
export const description: INodeProperties[] = [
	collection('options', [
		{
			displayName: 'Batch Interval (Ms)',
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
	]),
];

export interface ItemOptions extends Batching {
	maxRetries: number;
}

/** Reads and checks the item's options (so a bad value stops the run before anything is sent). */
export function readOptions(this: IExecuteFunctions, itemIndex: number): ItemOptions {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const read = (name: string, fallback: number): number =>
		options[name] === undefined ? fallback : (checkParameter(this, itemIndex, findProperty(description, name, 'options'), options[name]) as number);
	return { maxRetries: read('maxRetries', DEFAULT_MAX_RETRIES), batchSize: read('batchSize', 1), batchInterval: read('batchInterval', 0) };
}
