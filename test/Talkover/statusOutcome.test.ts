/**
 * The one reader of an ended call's words (nodes/Talkover/statusOutcome.ts): what the wait's output says of a call
 * Talkover lists as ended, and which listed statuses let Call Again Until Reached call a lead again after a call
 * that timed out.
 */
import { CALL_STATUSES } from '../../nodes/Talkover/callStatus';
import { endedStatusesOf, outcomeOfStatus } from '../../nodes/Talkover/statusOutcome';

describe('the outcome of a status Talkover lists', () => {
	test.each([
		['completed', 'answered'],
		['in-progress', 'answered'],
		['busy', 'notReached'],
		['no-answer', 'notReached'],
		['failed', 'notReached'],
		['canceled', 'notReached'],
		['voicemail', 'voicemail'],
		['Answering Machine', 'voicemail'],
		['unfailed', 'answered'],
	])('%s → %s', (status, outcome) => {
		expect(outcomeOfStatus(status)).toBe(outcome);
	});

	test('a voicemail word wins over a not-reached one', () => {
		expect(outcomeOfStatus('failed voicemail')).toBe('voicemail');
	});
});

describe('the listed statuses that say a call did not reach the lead', () => {
	test('not reached: every documented ended status but completed and voicemail', () => {
		expect(endedStatusesOf(['notReached'])).toEqual(['failed', 'busy', 'no-answer', 'no_answer']);
	});

	test('with voicemail: voicemail too; never a status of a call still going on', () => {
		expect(endedStatusesOf(['notReached', 'voicemail'])).toEqual(['failed', 'busy', 'no-answer', 'no_answer', 'voicemail']);
		const open = CALL_STATUSES.filter((s) => !s.ended).map((s) => s.status);
		expect(endedStatusesOf(['answered', 'notReached', 'voicemail']).filter((s) => open.includes(s))).toEqual([]);
	});
});
