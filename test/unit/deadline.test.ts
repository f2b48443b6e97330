/** One request's overall deadline (issue 12 item 14), on a fake clock. */
import { ATTEMPT_TIMEOUT_MS, Deadline, DeadlineReached, TIME_BUDGET_MS } from '../../nodes/shared/transport/deadline';
import { FakeClock } from '../helpers/fakeClock';

test('the signal is aborted when the time is up, with DeadlineReached', async () => {
	const clock = new FakeClock();
	const deadline = new Deadline(clock);
	expect(deadline.at).toBe(clock.now() + TIME_BUDGET_MS);
	await clock.advance(TIME_BUDGET_MS - 1);
	expect(deadline.signal.aborted).toBe(false);
	await clock.advance(1);
	expect(deadline.signal.aborted).toBe(true);
	expect(deadline.signal.reason).toBeInstanceOf(DeadlineReached);
	expect(deadline.reached).toBe(true);
});

test('cancelling the execution aborts it with the cancel reason (not a deadline)', async () => {
	const clock = new FakeClock();
	const cancel = new AbortController();
	const deadline = new Deadline(clock, 10_000, cancel.signal);
	cancel.abort(new Error('stopped'));
	expect(deadline.signal.reason).toEqual(new Error('stopped'));
	expect(deadline.reached).toBe(false);
	expect(new Deadline(clock, 10_000, cancel.signal).signal.aborted).toBe(true);
});

test('each attempt waits at most a minute, and never past the deadline', async () => {
	const clock = new FakeClock();
	const deadline = new Deadline(clock, 90_000);
	expect(deadline.attemptTimeout()).toBe(ATTEMPT_TIMEOUT_MS);
	await clock.advance(70_000);
	expect(deadline.attemptTimeout()).toBe(20_000);
	expect(deadline.fits(20_000)).toBe(true);
	expect(deadline.fits(20_001)).toBe(false);
	expect(deadline.left()).toBe(20_000);
	await clock.advance(19_500);
	// n8n's HTTP client is given at least a second; the deadline's signal stops the request in any case.
	expect(deadline.attemptTimeout()).toBe(1_000);
});

test('dispose() stops the timer: nothing is left waiting on the clock', async () => {
	const clock = new FakeClock();
	const deadline = new Deadline(clock, 10_000);
	expect(clock.pending).toBe(1);
	deadline.dispose();
	await clock.advance(0);
	expect(clock.pending).toBe(0);
	await clock.advance(20_000);
	expect(deadline.signal.aborted).toBe(false);
});

describe('issue 21 item 20: a deadline that started when the item began waiting', () => {
	test('the time already waited is taken off', async () => {
		const clock = new FakeClock();
		const deadline = new Deadline(clock, 10_000, undefined, clock.now() - 4_000);
		expect(deadline.left()).toBe(6_000);
		await clock.advance(5_999);
		expect(deadline.reached).toBe(false);
		await clock.advance(1);
		expect(deadline.reached).toBe(true);
	});

	test('waited the whole budget already: reached at once (nothing is sent)', () => {
		const clock = new FakeClock();
		const deadline = new Deadline(clock, 10_000, undefined, clock.now() - 10_000);
		expect(deadline.reached).toBe(true);
		expect(deadline.attemptTimeout()).toBe(1_000);
		deadline.dispose();
	});

	test('a start in the future is read as now', () => {
		const clock = new FakeClock();
		expect(new Deadline(clock, 10_000, undefined, clock.now() + 60_000).left()).toBe(10_000);
	});
});
