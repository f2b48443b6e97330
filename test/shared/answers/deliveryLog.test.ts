/**
 * The readers of a webhook's delivery log (nodes/shared/answers/deliveryLog.ts): an entry's ID and status
 * are what Get Many filters and Retry takes; an odd one is named, and a secret echoed in it never shows.
 */
import { AnswerProblem, DELIVERY_RETRIED, readDeliveryLogEntry, WEBHOOK_TESTED } from '../../../nodes/shared/answers';
import { maskedError } from '../../../nodes/shared/secrets';

describe('a delivery log entry', () => {
	test.each(['failed', 'pending', 'retrying', 'success'])('status %s is read', (status) => {
		expect(readDeliveryLogEntry({ id: 'log-uuid-1', status }, 1)).toMatchObject({ id: 'log-uuid-1', status });
	});

	test('a status that echoes a long secret: the message cuts it with the clip mark, so masking removes every part of it', () => {
		const secret = `talq_${'k'.repeat(60)}`;
		let message = '';
		try {
			readDeliveryLogEntry({ id: 'l', status: secret }, 3);
		} catch (error) {
			expect(error).toBeInstanceOf(AnswerProblem);
			message = (error as Error).message;
		}
		expect(message).toMatch(/^entry 3 of the delivery log has a status Talkover does not document \("talq_k+… \(65 characters\)"; documented/);
		expect(maskedError(new Error(message), { values: [secret] }).message).not.toMatch(/talq_|kkkk/);
	});
});

describe('a retry queued', () => {
	test('both pages\' answers: with and without queued_at', () => {
		expect(DELIVERY_RETRIED.read({ success: true, message: 'Webhook retry queued successfully', data: { log_id: 'new-log-uuid', original_log_id: 'log-uuid', queued_at: '2024-01-15T11:30:00Z' } })).toEqual({ log_id: 'new-log-uuid', original_log_id: 'log-uuid', queued_at: '2024-01-15T11:30:00Z' });
		expect(DELIVERY_RETRIED.read({ success: true, message: 'Webhook retry queued', data: { log_id: 'new-log-uuid', original_log_id: 'log-uuid-1' } })).toEqual({ log_id: 'new-log-uuid', original_log_id: 'log-uuid-1' });
	});

	test.each([
		['no data', { success: true, message: 'Webhook retry queued' }],
		['no new log ID', { success: true, data: { original_log_id: 'log-uuid-1' } }],
	])('%s is not a retry queued', (_what, body) => {
		expect(() => DELIVERY_RETRIED.read(body)).toThrow(AnswerProblem);
	});
});

describe('a test delivery sent (Test Webhook, Test Campaign Webhook)', () => {
	test('the agent page’s answer says what the address answered; the campaign page’s says only that it was dispatched', () => {
		expect(WEBHOOK_TESTED.read({ success: true, message: 'Test webhook sent successfully', data: { status_code: 200, response_time: 150 } })).toEqual({ sent: true, statusCode: 200 });
		expect(WEBHOOK_TESTED.read({ success: true, message: 'Test webhook sent successfully', data: { status_code: 409, response_time: 12 } })).toEqual({ sent: true, statusCode: 409 });
		expect(WEBHOOK_TESTED.read({ success: true, message: 'Test payload dispatched' })).toEqual({ sent: true });
	});

	test('a test that failed (the address not reached, or its error) is no answer the node takes as sent', () => {
		expect(() => WEBHOOK_TESTED.read({ success: false, message: 'Webhook test failed: Connection timeout' })).toThrow(AnswerProblem);
	});
});
