/** One request's overall deadline (no item takes longer than the README's 5 minutes), on a fake clock. */
import { NodeApiError } from 'n8n-workflow';

import type { Clock } from '../../../nodes/shared/transport/clock';
import { ATTEMPT_TIMEOUT_MS, Deadline, DeadlineReached, deadlineError, queuedError, span, TIME_BUDGET_MS, timeSpentError } from '../../../nodes/shared/transport/deadline';
import { TestClock } from '../../helpers/clock';
import { NODE } from '../../helpers/context';

test('the signal is aborted when the time is up, with DeadlineReached', async () => {
	const clock = new TestClock({ held: true });
	const deadline = new Deadline(clock);
	expect(deadline.at).toBe(clock.now() + TIME_BUDGET_MS);
	await clock.runFor(TIME_BUDGET_MS - 1);
	expect(deadline.signal.aborted).toBe(false);
	await clock.runFor(1);
	expect(deadline.signal.aborted).toBe(true);
	expect(deadline.signal.reason).toBeInstanceOf(DeadlineReached);
	expect(deadline.reached).toBe(true);
});

test('cancelling the execution aborts it with the cancel reason (not a deadline)', async () => {
	const clock = new TestClock({ held: true });
	const cancel = new AbortController();
	const deadline = new Deadline(clock, 10_000, cancel.signal);
	cancel.abort(new Error('stopped'));
	expect(deadline.signal.reason).toEqual(new Error('stopped'));
	expect(deadline.reached).toBe(false);
	expect(new Deadline(clock, 10_000, cancel.signal).signal.aborted).toBe(true);
});

test('each attempt waits at most a minute, and never past the deadline', async () => {
	const clock = new TestClock({ held: true });
	const deadline = new Deadline(clock, 90_000);
	expect(deadline.attemptTimeout()).toBe(ATTEMPT_TIMEOUT_MS);
	await clock.runFor(70_000);
	expect(deadline.attemptTimeout()).toBe(20_000);
	expect(deadline.fits(20_000)).toBe(true);
	expect(deadline.fits(20_001)).toBe(false);
	expect(deadline.left()).toBe(20_000);
	await clock.runFor(19_500);
	// n8n's HTTP client is given at least a second; the deadline's signal stops the request in any case.
	expect(deadline.attemptTimeout()).toBe(1_000);
});

test('dispose() stops the timer: nothing is left waiting on the clock', async () => {
	const clock = new TestClock({ held: true });
	const deadline = new Deadline(clock, 10_000);
	expect(clock.pending).toBe(1);
	deadline.dispose();
	await clock.runFor(0);
	expect(clock.pending).toBe(0);
	await clock.runFor(20_000);
	expect(deadline.signal.aborted).toBe(false);
});

describe('a deadline that started when the item began waiting', () => {
	test('the time already waited is taken off', async () => {
		const clock = new TestClock({ held: true });
		const deadline = new Deadline(clock, 10_000, undefined, clock.now() - 4_000);
		expect(deadline.left()).toBe(6_000);
		await clock.runFor(5_999);
		expect(deadline.reached).toBe(false);
		await clock.runFor(1);
		expect(deadline.reached).toBe(true);
	});

	test('waited the whole budget already: reached at once (nothing is sent)', () => {
		const clock = new TestClock({ held: true });
		const deadline = new Deadline(clock, 10_000, undefined, clock.now() - 10_000);
		expect(deadline.reached).toBe(true);
		expect(deadline.attemptTimeout()).toBe(1_000);
		deadline.dispose();
	});

	test('a start in the future is read as now', () => {
		const clock = new TestClock({ held: true });
		expect(new Deadline(clock, 10_000, undefined, clock.now() + 60_000).left()).toBe(10_000);
	});
});

describe('one request\'s time limit', () => {
	test('a request may take five minutes in all (the README\'s promise), not a moment more', async () => {
		expect(TIME_BUDGET_MS).toBe(5 * 60 * 1000);
		const clock = new TestClock({ held: true });
		const deadline = new Deadline(clock);
		await clock.runFor(5 * 60 * 1000 - 1);
		expect(deadline.reached).toBe(false);
		await clock.runFor(1);
		expect(deadline.reached).toBe(true);
		deadline.dispose();
	});

	test('the reason the time ran out says how long was waited', () => {
		const reason = new DeadlineReached(90_000);
		expect(reason.message).toBe('No answer within 90 seconds');
		expect(reason.name).toBe('DeadlineReached');
		expect(reason.budgetMs).toBe(90_000);
	});

	test('on a clock without timers (only the time is read), the time left is still counted and nothing fails', () => {
		const fake = new TestClock({ held: true });
		const clock: Clock = { now: () => fake.now(), sleep: async () => undefined, random: () => 0.5 };
		const deadline = new Deadline(clock, 10_000);
		expect(deadline.left()).toBe(10_000);
		expect(deadline.reached).toBe(false);
		expect(() => deadline.dispose()).not.toThrow();
	});

	test('a finished request stops listening to the execution\'s Stop button (thousands of items leave nothing behind)', () => {
		const clock = new TestClock({ held: true });
		const cancel = new AbortController();
		const deadline = new Deadline(clock, 10_000, cancel.signal);
		deadline.dispose();
		cancel.abort(new Error('stopped'));
		// The request was already over: its signal is not aborted after the fact.
		expect(deadline.signal.aborted).toBe(false);
	});
});

describe('how a length of time is written in messages', () => {
	test.each([
		[5 * 60_000, '5 minutes'],
		[60_000, '1 minute'],
		[90_000, '90 seconds'],
		[1_000, '1 second'],
		[1_500, '2 seconds'],
		[30_000, '30 seconds'],
	])('%i ms reads "%s"', (ms, text) => {
		expect(span(ms)).toBe(text);
	});
});

describe('the error when the time ran out', () => {
	test('after sending: it says the request was sent (Talkover may have acted), shows the address without the password and never the token', () => {
		const error = deadlineError(NODE, { method: 'POST', url: 'https://user:pw@talkover.test/api/v1/calls?t=talq_secret', secret: 'talq_secret', itemIndex: 3, budgetMs: TIME_BUDGET_MS });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Talkover did not answer within 5 minutes');
		expect(error.description).toBe('Request: POST https://talkover.test/api/v1/calls?t=***. It was sent, but no complete answer came within 5 minutes.');
		expect(error.context.itemIndex).toBe(3);
		expect(error.context.mayHaveBeenProcessed).toBe(true);
		expect(error.context.cause).toBe('timeout');
		expect(error.context.notSent).toBeUndefined();
	});

	test('while waiting for its turn: nothing was sent, so Retry On Fail may send it; it says why and what to do', () => {
		const error = queuedError(NODE, { itemIndex: 2, budgetMs: 90_000 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Not sent: no turn to send within 90 seconds');
		expect(error.description).toBe(
			'Other requests with the same token (in this or other executions) held every place for 90 seconds, the most one item may take. Nothing reached Talkover. Run the item again later, or send fewer items at once.',
		);
		expect(error.context.itemIndex).toBe(2);
		expect(error.context.notSent).toBe(true);
		expect(error.context.cause).toBe('timeout');
		expect(error.context.mayHaveBeenProcessed).toBeUndefined();
	});

	test('when the time a trigger hook’s requests share is over: nothing more was sent, and it says to try again', () => {
		const error = timeSpentError(NODE, { itemIndex: 1, budgetMs: 20_000 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Not sent: Talkover's answers took the 20 seconds these requests have in all");
		expect(error.description).toBe('Nothing more reached Talkover. Try again in a moment.');
		expect(error.context.itemIndex).toBe(1);
		expect(error.context.notSent).toBe(true);
		expect(error.context.cause).toBe('timeout');
		expect(error.context.mayHaveBeenProcessed).toBeUndefined();
	});
});
