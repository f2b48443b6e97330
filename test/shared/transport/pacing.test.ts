/**
 * One account's pacing (nodes/shared/transport/pacing.ts) step by step, on a fake clock: what each kind
 * of answer does to Auto, how long an item waits for a slot when the window's budget is taken, the item
 * whose time ran out while it waited, and which accounts a long-running process forgets. The whole pacing
 * against a simulated server: pacing/simulated-rate-limit.test.ts.
 */
import type { Clock } from '../../../nodes/shared/transport/clock';
import { AccountPacing, pacingFor, resetPacing } from '../../../nodes/shared/transport/pacing';
import { settle, TestClock } from '../../helpers/clock';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

function rateHeaders(limit: number, remaining: number, resetAt: number): Record<string, string> {
	return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetAt) };
}

/** Sends one request and answers it at once. */
async function answer(pacing: AccountPacing, result: { statusCode?: number; headers?: Record<string, string>; waitMs?: number }): Promise<void> {
	const ticket = await pacing.beforeSend();
	pacing.answered(ticket, result);
}

/** A request asked for now goes exactly `ms` later, not a millisecond before. */
async function expectSentAfter(clock: TestClock, pacing: AccountPacing, ms: number): Promise<void> {
	let sent = false;
	void pacing.beforeSend().then(() => (sent = true));
	await clock.runFor(ms - 1);
	expect(sent).toBe(false);
	await clock.runFor(1);
	expect(sent).toBe(true);
}

/** Pacing whose first answer said the window (10 requests, resetting in 5 s) has no budget left. */
async function spentWindow(): Promise<{ clock: TestClock; pacing: AccountPacing }> {
	const clock = new TestClock({ time: T0, held: true });
	const pacing = new AccountPacing(clock);
	await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 0, T0 + 5_000) });
	return { clock, pacing };
}

beforeEach(() => resetPacing());

describe('what each answer does to Auto', () => {
	test('after three successes Auto sends more than one at a time while items wait; a 5xx halves it again', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		const release = await pacing.slot();
		// Another item waits for a slot while the answers come: Auto is what holds it back.
		const waiting = pacing.slot();
		for (let i = 0; i < 3; i++) await answer(pacing, { statusCode: 200 });
		await settle();
		expect(pacing.auto.limit).toBe(2);
		const second = await waiting;
		expect(pacing.auto.inFlight).toBe(2);
		await clock.runFor(1_000);
		await answer(pacing, { statusCode: 503 });
		expect(pacing.auto.limit).toBe(1);
		release();
		second();
	});

	test.each([
		['a network failure (no status)', undefined, 1],
		['a 500', 500, 1],
		['a 429', 429, 1],
		['a 400 (bad input: Talkover is fine)', 400, 2],
		['a 404', 404, 2],
		['a 201', 201, 2],
	])('%s: Auto is %i', async (_what, statusCode, limit) => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		pacing.auto.limit = 2;
		await answer(pacing, { statusCode });
		expect(pacing.auto.limit).toBe(limit);
	});

	test('the time from sending to the answer is what Auto learns (a network failure teaches nothing)', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		const ticket = await pacing.beforeSend();
		await clock.runFor(250);
		pacing.answered(ticket, { statusCode: 200 });
		expect(pacing.auto.srtt).toBe(250);
		const lost = await pacing.beforeSend();
		await clock.runFor(5_000);
		pacing.answered(lost, {});
		expect(pacing.auto.srtt).toBe(250);
	});

	test('a 429 holds every request of the account for the wait Talkover asked', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 429, waitMs: 7_000 });
		expect(pacing.window.waitMs(T0)).toBe(7_000);
		await expectSentAfter(clock, pacing, 7_000);
	});

	test('a 429 without a wait does not hold the account', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 429 });
		expect(pacing.window.waitMs(T0)).toBe(0);
	});

	test('an answer\'s X-RateLimit headers are read; an answer without headers changes nothing', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 200 });
		expect(pacing.window.remaining).toBeUndefined();
		await answer(pacing, { statusCode: 200, headers: rateHeaders(100, 42, T0 + 30_000) });
		expect(pacing.window.remaining).toBe(42);
		expect(pacing.window.inFlight).toBe(0);
	});
});

describe('a request that took its turn and was then not sent (withheld as it was to leave)', () => {
	test('gives its place in the window back, and the request waiting behind it goes', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		// One request left in the window: the first takes it, the second waits for it.
		await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 1, T0 + 60_000) });
		const ticket = await pacing.beforeSend();
		expect(pacing.window.inFlight).toBe(1);
		let second = false;
		void pacing.beforeSend().then(() => (second = true));
		await settle();
		expect(second).toBe(false);
		pacing.unsent(ticket);
		await settle();
		expect(second).toBe(true);
	});
});

describe('waiting for a slot when the window\'s budget is taken', () => {
	test('with no budget left, an item waits until the window resets, then goes', async () => {
		const { clock, pacing } = await spentWindow();
		let got = false;
		void pacing.slot().then(() => (got = true));
		await settle();
		expect(got).toBe(false);
		await clock.runFor(4_999);
		expect(got).toBe(false);
		await clock.runFor(1);
		expect(got).toBe(true);
	});

	test('a window that resets in more than a minute: the item looks again every minute at most', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 0, T0 + 90_000) });
		expect(pacing.window.remaining).toBe(0);
		void pacing.slot();
		await settle();
		expect(clock.next).toBe(T0 + 60_000);
	});

	test('requests already waiting for the window count: the one budget left goes to them, the next item waits', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 1, T0 + 5_000) });
		// Hold the window, so that a request waits in it.
		pacing.window.tooMany(T0, 1_000);
		void pacing.beforeSend();
		await settle();
		expect(pacing.waiting.window).toBe(1);
		let got = false;
		void pacing.slot().then(() => (got = true));
		await settle();
		expect(got).toBe(false);
		expect(pacing.waiting.slots).toBe(1);
	});

	test('with budget left, an item gets its slot at once', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 1, T0 + 5_000) });
		let got = false;
		void pacing.slot().then(() => (got = true));
		await settle();
		expect(got).toBe(true);
	});

	test('an item\'s slot given back twice counts once', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		pacing.auto.limit = 3;
		const first = await pacing.slot();
		await pacing.slot();
		expect(pacing.auto.inFlight).toBe(2);
		first();
		first();
		expect(pacing.auto.inFlight).toBe(1);
	});

	test('a slot given back lets the next waiting item go', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		const release = await pacing.slot();
		let got = false;
		void pacing.slot().then(() => (got = true));
		await settle();
		expect(got).toBe(false);
		release();
		await settle();
		expect(got).toBe(true);
	});
});

describe('an item whose time ran out while it waited for a slot', () => {
	test('it goes on without a slot (its request then fails at once, sending nothing), and stops waiting', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await pacing.slot();
		let outcome: string | undefined;
		void pacing.slotWithin(10_000).then(
			(release) => {
				release();
				outcome = 'went on';
			},
			() => (outcome = 'failed'),
		);
		await clock.runFor(9_999);
		expect(outcome).toBeUndefined();
		await clock.runFor(1);
		expect(outcome).toBe('went on');
		expect(pacing.waiting.slots).toBe(0);
		expect(pacing.auto.inFlight).toBe(1);
	});

	test('the user\'s Stop while it waits ends it with the Stop\'s reason', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await pacing.slot();
		const cancel = new AbortController();
		const waiting = pacing.slotWithin(10_000, cancel.signal);
		cancel.abort(new Error('stopped'));
		await expect(waiting).rejects.toThrow('stopped');
		expect(clock.pending).toBe(0);
	});

	test('a slot that comes in time is the item\'s, and its timer is stopped', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		const release = await pacing.slotWithin(10_000, new AbortController().signal);
		expect(pacing.auto.inFlight).toBe(1);
		await settle();
		expect(clock.pending).toBe(0);
		release();
		expect(pacing.auto.inFlight).toBe(0);
	});

	test('on a clock without timers the item simply waits for its slot', async () => {
		const fake = new TestClock({ time: T0, held: true });
		const clock: Clock = { now: () => fake.now(), sleep: (ms, signal) => fake.sleep(ms, signal), random: () => 0.5 };
		const pacing = new AccountPacing(clock);
		const release = await pacing.slotWithin(10_000);
		expect(pacing.auto.inFlight).toBe(1);
		release();
	});
});

describe('the accounts a long-running process remembers', () => {
	test('the same account is the same pacing; another key another one', () => {
		const clock = new TestClock({ time: T0, held: true });
		expect(pacingFor('a', clock)).toBe(pacingFor('a', clock));
		expect(pacingFor('b', clock)).not.toBe(pacingFor('a', clock));
	});

	test('beyond 200 accounts the least recently used idle one is forgotten; a busy one and a recently used one are kept', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const busy = pacingFor('account-0', clock);
		await busy.beforeSend();
		const used = pacingFor('account-1', clock);
		for (let i = 2; i < 200; i++) pacingFor(`account-${i}`, clock);
		// account-1 used again: now the most recent.
		expect(pacingFor('account-1', clock)).toBe(used);
		pacingFor('account-200', clock);
		// account-0 has a request in flight (kept); account-1 was used lately (kept); account-2 goes.
		expect(pacingFor('account-0', clock)).toBe(busy);
		expect(pacingFor('account-1', clock)).toBe(used);
		const third = pacingFor('account-3', clock);
		expect(pacingFor('account-3', clock)).toBe(third);
	});

	test('the forgotten account starts afresh when it comes back', () => {
		const clock = new TestClock({ time: T0, held: true });
		const first = pacingFor('account-0', clock);
		for (let i = 1; i <= 200; i++) pacingFor(`account-${i}`, clock);
		expect(pacingFor('account-0', clock)).not.toBe(first);
	});

	test('an account with an item waiting for a slot, or one in flight, is not forgotten', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const holding = pacingFor('account-0', clock);
		await holding.slot();
		const queued = pacingFor('account-1', clock);
		await queued.slot();
		void queued.slot();
		await settle();
		expect(queued.waiting.slots).toBe(1);
		for (let i = 2; i <= 201; i++) pacingFor(`account-${i}`, clock);
		expect(pacingFor('account-0', clock)).toBe(holding);
		expect(pacingFor('account-1', clock)).toBe(queued);
	});

	test('when every account is busy, none is forgotten (the process remembers one more)', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const all = [];
		for (let i = 0; i < 200; i++) {
			const pacing = pacingFor(`account-${i}`, clock);
			await pacing.beforeSend();
			all.push(pacing);
		}
		pacingFor('account-200', clock);
		expect(pacingFor('account-0', clock)).toBe(all[0]);
	});

	test('resetPacing forgets every account', () => {
		const clock = new TestClock({ time: T0, held: true });
		const first = pacingFor('a', clock);
		resetPacing();
		expect(pacingFor('a', clock)).not.toBe(first);
	});
});

describe('what Auto learns from each answer, and when it grows', () => {
	test('a 429 teaches Auto nothing of how long Talkover takes to answer', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		const ticket = await pacing.beforeSend();
		await clock.runFor(250);
		pacing.answered(ticket, { statusCode: 200 });
		const refused = await pacing.beforeSend();
		await clock.runFor(10);
		pacing.answered(refused, { statusCode: 429 });
		expect(pacing.auto.srtt).toBe(250);
	});

	test.each([400, 404, 422])('refusals (%i: bad input, not found) do not count towards the three successes before Auto sends more at once', async (statusCode) => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		await pacing.slot();
		void pacing.slot();
		await settle();
		for (let i = 0; i < 3; i++) await answer(pacing, { statusCode });
		expect(pacing.auto.limit).toBe(1);
		expect(pacing.waiting.slots).toBe(1);
	});

	test('Auto grows only while items wait for a slot: three successes with nobody waiting leave it at one at a time', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const pacing = new AccountPacing(clock);
		for (let i = 0; i < 3; i++) await answer(pacing, { statusCode: 200 });
		expect(pacing.auto.limit).toBe(1);
		await pacing.slot();
		void pacing.slot();
		await settle();
		await answer(pacing, { statusCode: 200 });
		expect(pacing.auto.limit).toBe(2);
	});
});

describe('a new window and the user\'s Stop', () => {
	test('the first request of a new window waits a little after the reset, as the clock\'s random source says (processes sharing a token do not all send at the reset)', async () => {
		const { clock, pacing } = await spentWindow();
		// The window is 5 s long: up to 3 % of it (150 ms) of jitter, the TestClock's random 0.5 of it.
		await expectSentAfter(clock, pacing, 5_075);
	});

	test('a Stop that comes together with the end of the item\'s time stops it: it does not go on without a slot', async () => {
		const fake = new TestClock({ time: T0, held: true });
		const timeUp = new AbortController();
		const clock: Clock = { now: () => fake.now(), sleep: (ms, signal) => fake.sleep(ms, signal), random: () => 0.5, timer: () => ({ signal: timeUp.signal, cancel: () => undefined }) };
		const pacing = new AccountPacing(clock);
		await pacing.slot();
		const cancel = new AbortController();
		const waiting = pacing.slotWithin(10_000, cancel.signal);
		timeUp.abort(new Error('time is up'));
		cancel.abort(new Error('stopped'));
		await expect(waiting).rejects.toThrow();
		expect(pacing.waiting.slots).toBe(0);
	});
});

describe('an account that is waiting is not forgotten', () => {
	test('requests held by a 429 (nothing in flight, no item holding a slot) keep their account', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const held = pacingFor('account-0', clock);
		await answer(held, { statusCode: 429, waitMs: 7_000 });
		void held.beforeSend();
		await settle();
		expect(held.waiting).toEqual({ slots: 0, window: 1 });
		for (let i = 1; i <= 200; i++) pacingFor(`account-${i}`, clock);
		expect(pacingFor('account-0', clock)).toBe(held);
	});

	test('an item waiting for its slot until the window resets (no budget left, nothing in flight) keeps its account', async () => {
		const clock = new TestClock({ time: T0, held: true });
		const waiting = pacingFor('account-0', clock);
		await answer(waiting, { statusCode: 200, headers: rateHeaders(10, 0, T0 + 5_000) });
		void waiting.slot();
		await settle();
		expect(waiting.waiting).toEqual({ slots: 1, window: 0 });
		expect(waiting.auto.inFlight).toBe(0);
		for (let i = 1; i <= 200; i++) pacingFor(`account-${i}`, clock);
		expect(pacingFor('account-0', clock)).toBe(waiting);
	});
});
