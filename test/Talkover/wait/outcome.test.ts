/**
 * The outcome a builder branches on after Make and Wait for Outcome / Add Call and Wait for Outcome
 * (nodes/Talkover/wait/outcome.ts), from what Talkover said of the call's end: the event's name, its status
 * and reason wherever the event names its call, a voicemail event of the call; and from a status Talkover
 * lists for a call whose end never reached the wait.
 */
import { outcomeOf, saysHowItEnded } from '../../../nodes/Talkover/wait/outcome';

const ENDED = 'event_phone_call_ended';

describe('the outcome of an end event', () => {
	test('a call that did not connect, or a campaign call that failed for good, is not reached, whatever its end says', () => {
		expect(outcomeOf('event_phone_call_did_not_connect', { status: 'completed' }, false)).toBe('notReached');
		expect(outcomeOf('campaign_call.failed', { status: 'completed' }, true)).toBe('notReached');
	});

	test('an end saying nothing of how it went is answered; a voicemail event of the call makes it voicemail', () => {
		expect(outcomeOf(ENDED, {}, false)).toBe('answered');
		expect(outcomeOf(ENDED, { status: 'completed', duration: 40 }, false)).toBe('answered');
		expect(outcomeOf(ENDED, { status: 'completed' }, true)).toBe('voicemail');
		expect(outcomeOf('campaign_call.completed', { status: 'busy' }, true)).toBe('voicemail');
	});

	test.each([
		['status', { status: 'busy' }],
		['ended_reason', { ended_reason: 'no_answer' }],
		['end_reason', { end_reason: 'line-busy' }],
		['reason', { reason: 'Call failed' }],
		['call.status', { call: { status: 'no-answer' } }],
		['campaign_call.status', { campaign_call: { status: 'cancelled' } }],
		['data.status', { data: { status: 'canceled' } }],
		['data.call.ended_reason', { data: { call: { ended_reason: 'unreachable' } } }],
		['data.campaign_call.reason', { data: { campaign_call: { reason: 'rejected' } } }],
	])('a not-reached word in %s: notReached', (_, end) => {
		expect(outcomeOf(ENDED, end, false)).toBe('notReached');
	});

	test.each([
		['status', { status: 'voicemail' }],
		['ended_reason', { ended_reason: 'answering_machine' }],
		['end_reason', { end_reason: 'answering-machine' }],
		['reason', { reason: 'Voicemail reached' }],
		['call.ended_reason', { call: { ended_reason: 'voicemail' } }],
		['campaign_call.status', { campaign_call: { status: 'VOICEMAIL' } }],
		['data.reason', { data: { reason: 'answering machine' } }],
		['data.call.status', { data: { call: { status: 'voicemail' } } }],
		['data.campaign_call.end_reason', { data: { campaign_call: { end_reason: 'voicemail' } } }],
	])('a voicemail word in %s: voicemail, even beside a not-reached word', (_, end) => {
		expect(outcomeOf(ENDED, { ...end, status: (end as { status?: string }).status ?? 'failed' }, false)).toBe('voicemail');
	});

	test.each([
		'busy', 'no_answer', 'no-answer', 'No Answer', 'noanswer', 'failed', 'failure', 'cancelled', 'canceled', 'CANCELED', 'unreachable', 'rejected', 'declined',
		'did_not_connect', 'did-not-connect', 'did not connect', 'didnotconnect', 'not_connected', 'not connected', 'notconnected', 'customer-busy', 'call_failed', 'busy.',
	])('"%s" says the call was not reached', (word) => {
		expect(outcomeOf(ENDED, { ended_reason: word }, false)).toBe('notReached');
	});

	test.each(['unfailed', 'failedover', 'busyness', 'answered', 'completed', 'customer_hangup', 'connected', 'no_answers', 'nobusy'])('"%s" is another word: answered', (word) => {
		expect(outcomeOf(ENDED, { ended_reason: word }, false)).toBe('answered');
	});

	test('only texts are read: numbers, lists and objects where a status may be say nothing', () => {
		expect(outcomeOf(ENDED, { status: 404, reason: ['busy'], ended_reason: { failed: true }, call: ['busy'], data: 'failed', campaign_call: null }, false)).toBe('answered');
		expect(outcomeOf(ENDED, { data: { call: 'busy', campaign_call: ['failed'] } }, false)).toBe('answered');
	});

	test('a word in a later place counts beside an earlier one (the places are not run together into another word)', () => {
		expect(outcomeOf(ENDED, { status: 'completed', reason: 'busy' }, false)).toBe('notReached');
		expect(outcomeOf(ENDED, { status: 'completed', call: { status: 'failed' } }, false)).toBe('notReached');
	});
});

describe('whether an end says how the call ended', () => {
	test('the log’s example body (a call ID and a duration) says nothing of how the call ended', () => {
		expect(saysHowItEnded({ call_id: 'call-uuid', duration: 45 })).toBe(false);
		expect(saysHowItEnded({})).toBe(false);
	});

	test('a status or a reason says it, wherever the end names its call', () => {
		expect(saysHowItEnded({ call_id: 'call-uuid', duration: 45, status: 'completed' })).toBe(true);
		expect(saysHowItEnded({ data: { id: 'call-uuid-123', status: 'completed', ended_at: '2024-01-15T11:35:42Z', ended_reason: 'ended_by_api' } })).toBe(true);
		expect(saysHowItEnded({ data: { call: { ended_reason: 'ended_by_api' } } })).toBe(true);
		expect(saysHowItEnded({ campaign_call: { status: 'completed' } })).toBe(true);
	});
});
