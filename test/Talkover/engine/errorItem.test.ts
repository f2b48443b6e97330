/** Error items (engine/errorItem.ts): what an item that failed carries under Continue On Fail. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../../nodes/Talkover/actions/engine/errorItem';
import { NODE } from '../../helpers/context';

describe('error items', () => {
	test('an error item: { error: message, message: everything the error says }, without item.error, paired with its item', () => {
		const error = new NodeOperationError(NODE, 'To (item 2): bad', { description: 'Check it', itemIndex: 2 });
		expect(errorItem(error, 2)).toEqual({ json: { error: 'To (item 2): bad', message: 'To (item 2): bad\nCheck it' }, pairedItem: { item: 2 } });
		const api = new NodeApiError(NODE, { message: 'x' }, { message: 'Talkover rejected the data: invalid', description: 'name: required', httpCode: '422' });
		api.context.code = 'VALIDATION_ERROR';
		expect(errorItem(api, 0).json).toEqual({
			error: 'Talkover rejected the data: invalid',
			message: 'Talkover rejected the data: invalid\nHTTP status: 422\nname: required\nError code: VALIDATION_ERROR',
		});
	});

	test('asNodeError: a NodeApiError stays what it is; anything else becomes a NodeOperationError for the item', () => {
		const api = new NodeApiError(NODE, { message: 'x' }, { message: 'Talkover had a problem', httpCode: '500' });
		expect([asNodeError(NODE, api, 0).message, (asNodeError(NODE, api, 0) as NodeApiError).httpCode]).toEqual(['Talkover had a problem', '500']);
		const plain = asNodeError(NODE, new Error('oops'), 3);
		expect([plain.constructor.name, plain.message, plain.context.itemIndex]).toEqual(['NodeOperationError', 'oops', 3]);
	});
});
