/** The status and the ID of a call just placed, as Make / Add Call and Wait for Outcome and Max Calls per Day read them from Talkover's answer (nodes/shared/answers/placedCall.ts). */
import { placedCallId, placedCallStatus } from '../../../nodes/shared/answers/placedCall';

test.each([
	{ shape: 'make-call.mdx: status', placed: { id: 'c1', status: 'busy' }, status: 'busy' },
	{ shape: 'current_status alone', placed: { id: 'c1', current_status: 'no-answer' }, status: 'no-answer' },
	{ shape: 'both, agreeing in other cases', placed: { id: 'c1', status: 'Failed', current_status: 'failed' }, status: 'Failed' },
	{ shape: 'spaces around it', placed: { id: 'c1', status: ' completed ' }, status: 'completed' },
	{ shape: 'a blank status beside current_status', placed: { id: 'c1', status: ' ', current_status: 'busy' }, status: 'busy' },
	{ shape: 'both, disagreeing', placed: { id: 'c1', status: 'initiated', current_status: 'busy' }, status: undefined },
	{ shape: 'none', placed: { id: 'c1' }, status: undefined },
	{ shape: 'not a text', placed: { id: 'c1', status: 3 }, status: undefined },
	{ shape: 'Add Call’s campaign call: its campaign’s status is not the call’s', placed: { id: 'cc1', status: 'queued', campaign: { id: 'k1', status: 'completed' } }, status: 'queued' },
])('$shape → $status', ({ placed, status }) => {
	expect(placedCallStatus(placed)).toBe(status);
});

describe('the ID of a call just placed', () => {
	test.each([
		{ shape: 'make-call.mdx: id', placed: { id: 'call_789012', status: 'initiated' }, id: 'call_789012' },
		{ shape: 'the first-call guide: call_id', placed: { call_id: 'call_1' }, id: 'call_1' },
		{ shape: 'id before call_id', placed: { id: 'a', call_id: 'b' }, id: 'a' },
		{ shape: 'a blank id beside call_id', placed: { id: '  ', call_id: 'b' }, id: 'b' },
		{ shape: 'a whole number', placed: { id: 42 }, id: '42' },
		{ shape: 'spaces around it', placed: { id: ' c1 ' }, id: 'c1' },
		{ shape: 'a number that is not finite', placed: { id: Infinity, call_id: 'b' }, id: 'b' },
		{ shape: 'not a text or a number', placed: { id: { nested: 'x' } }, id: undefined },
		{ shape: 'none', placed: { status: 'queued' }, id: undefined },
	])('$shape → $id', ({ placed, id }) => {
		expect(placedCallId(placed as never)).toBe(id);
	});
});
