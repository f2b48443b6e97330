/** The status of a call just placed, as Make / Add Call and Wait for Outcome read it from Talkover's answer (nodes/shared/answers/placedCall.ts). */
import { placedCallStatus } from '../../../nodes/shared/answers/placedCall';

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
