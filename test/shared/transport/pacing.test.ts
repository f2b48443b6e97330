/**
 * The whole pacing (window, queue, Auto controller) against a simulated Talkover rate limit, on a fake
 * clock: minutes of traffic in fake time, no sockets, no real sleeps (issue 16 items 0, 1 and 4).
 * Figures measured through n8n with real time are in `npm run bench`.
 */
import type { Clock } from '../../../nodes/shared/transport/clock';
import { AccountPacing, pacingFor, resetPacing } from '../../../nodes/shared/transport/pacing';
import { accountPacing } from '../../../nodes/shared/transport/rateLimit';
import { FakeClock, settle } from '../../helpers/fakeClock';
import { newProcess, runItems, SimServer } from '../../helpers/rateSim';

/** SIM_REPORT=1 prints each scenario's figures (they are fake-clock figures, not measurements). */
function report(name: string, figures: object): void {
	if (process.env.SIM_REPORT) process.stderr.write(`${name}: ${JSON.stringify(figures)}\n`);
}

const MINUTE = 60_000;

/** Runs `items` through one process and returns the stats with the rate-limit bound. */
async function single(limit: number, latencyMs: number, items: number, mode: 'auto' | { batchSize: number } = 'auto') {
	const clock = new FakeClock();
	const server = new SimServer(clock, { limit, windowMs: MINUTE, latencyMs, jitter: 0.3, seed: 7 });
	const pacing = newProcess(clock, 1);
	let stats: Awaited<ReturnType<typeof runItems>> | undefined;
	const run = runItems(clock, pacing, server, items, mode).then((s) => (stats = s));
	await clock.runUntil(() => stats !== undefined);
	await run;
	return { ...stats!, bound: (items / limit) * MINUTE, server };
}

describe('one process, Auto', () => {
	test.each([
		[100, 50],
		[100, 300],
		[100, 800],
		[1000, 50],
		[1000, 300],
		[1000, 800],
	])('%i a minute, %i ms answers: every request answered, no 429, within 1.15 × the bound', async (limit, latency) => {
		const items = limit === 100 ? 300 : 1000;
		const { done, tooMany, wallMs, bound, server } = await single(limit, latency, items);
		report(`Auto ${limit}/min ${latency} ms`, { wallMs, bound, ratio: +(wallMs / bound).toFixed(3), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(done).toBe(items);
		expect(tooMany).toBe(0);
		expect(server.tooMany).toBe(0);
		expect(wallMs).toBeLessThanOrEqual(1.15 * bound);
		// Never more in flight than the plan can use (Little's law with headroom, at most 50).
		expect(server.peakInFlight).toBeLessThanOrEqual(Math.ceil((limit / MINUTE) * latency * 1.3 * 1.5) + 2);
	});

	test('sequential at 1,000 a minute and 300 ms is five times slower than the bound; Auto is not', async () => {
		const sequential = await single(1000, 300, 400, { batchSize: 1 });
		const auto = await single(1000, 300, 400);
		expect(sequential.wallMs).toBeGreaterThan(2 * auto.wallMs);
	});
});

describe('several executions in one process share the window (the queue-mode failure, in one process)', () => {
	test.each([
		['Auto', 'auto' as const, 0],
		// Nothing is known before the first answers: the first 100 go at once, 80 meet a 429 and wait.
		['Batch Size 10', { batchSize: 10 }, 80],
	])('10 executions of 20 calls, %s, limit 20 per 5 s: none waits more than 5 minutes, 429s only at the start', async (_name, mode, atStart) => {
		const clock = new FakeClock();
		const server = new SimServer(clock, { limit: 20, windowMs: 5_000, latencyMs: 100, jitter: 0.3 });
		const pacing = newProcess(clock, 3);
		let finished = 0;
		const runs = Array.from({ length: 10 }, () => runItems(clock, pacing, server, 20, mode).then((s) => {
			finished += 1;
			return s;
		}));
		await clock.runUntil(() => finished === 10);
		const stats = await Promise.all(runs);
		report(`10 executions, one process, ${_name}`, { wall: Math.max(...stats.map((s) => s.wallMs)), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(stats.reduce((n, s) => n + s.done, 0)).toBe(200);
		expect(server.tooMany).toBeLessThanOrEqual(atStart);
		// 200 requests at 20 per 5 s: 10 windows; the last execution ends by then.
		expect(Math.max(...stats.map((s) => s.wallMs))).toBeLessThanOrEqual(1.15 * 50_000);
	});
});

describe('several processes share one token', () => {
	test.each([
		['Auto', 'auto' as const],
		['Batch Size 10', { batchSize: 10 }],
	])('3 processes, %s, 100 a minute: every request answered, few 429s, the window used', async (_name, mode) => {
		const clock = new FakeClock();
		const server = new SimServer(clock, { limit: 100, windowMs: MINUTE, latencyMs: 300, jitter: 0.3, seed: 11 });
		let finished = 0;
		const runs = [1, 2, 3].map((seed) => runItems(clock, newProcess(clock, seed), server, 200, mode).then((s) => {
			finished += 1;
			return s;
		}));
		await clock.runUntil(() => finished === 3);
		const stats = await Promise.all(runs);
		report(`3 processes ${_name}`, { wall: Math.max(...stats.map((s) => s.wallMs)), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(stats.reduce((n, s) => n + s.done, 0)).toBe(600);
		const wall = Math.max(...stats.map((s) => s.wallMs));
		// 600 at 100 a minute: 6 minutes at best.
		expect(wall).toBeLessThanOrEqual(1.15 * 6 * MINUTE);
		// A few requests per window may meet a 429 (each process learns the others' use from the answers).
		expect(server.tooMany).toBeLessThanOrEqual(3 * 7);
	});

	test('queue mode as measured: 2 workers × 5 executions × 20 calls, Batch Size 10, 20 per 5 s: all placed, none waits 5 minutes', async () => {
		const clock = new FakeClock();
		const server = new SimServer(clock, { limit: 20, windowMs: 5_000, latencyMs: 100, jitter: 0.3, seed: 5 });
		let finished = 0;
		const workers = [newProcess(clock, 21), newProcess(clock, 22)];
		const runs = workers.flatMap((pacing) =>
			Array.from({ length: 5 }, () => runItems(clock, pacing, server, 20, { batchSize: 10 }).then((s) => {
			finished += 1;
			return s;
		})),
		);
		await clock.runUntil(() => finished === 10);
		const stats = await Promise.all(runs);
		report('queue mode', { wall: Math.max(...stats.map((s) => s.wallMs)), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(stats.reduce((n, s) => n + s.done, 0)).toBe(200);
		expect(Math.max(...stats.map((s) => s.wallMs))).toBeLessThanOrEqual(5 * MINUTE);
		// Nothing is known before the first answers: 2 × 50 go at once and 80 meet a 429; later only a few
		// per window (364 were measured before the change, and 160 items failed).
		expect(server.tooMany).toBeLessThanOrEqual(100);
	});
});

describe('hints that make no sense do not lock the token', () => {
	test('a server clock 3 hours ahead without a Date header: requests go on within a minute', async () => {
		const clock = new FakeClock();
		const server = new SimServer(clock, {
			limit: 5,
			windowMs: 10_000,
			latencyMs: 100,
			skewMs: 3 * 3600_000,
			date: false,
			reset: (end) => String(Math.ceil(end / 1000)),
		});
		const pacing = newProcess(clock, 4);
		let stats: Awaited<ReturnType<typeof runItems>> | undefined;
		void runItems(clock, pacing, server, 30, 'auto').then((s) => (stats = s));
		await clock.runUntil(() => stats !== undefined, 60 * MINUTE);
		expect(stats?.done).toBe(30);
		// Distrusted resets fall back to the documented minute: 30 requests in at most 6 windows of 5.
		expect(stats!.wallMs).toBeLessThanOrEqual(7 * MINUTE);
	});

	test('the same with its Date header: the reset is read on the server’s clock, no time lost', async () => {
		const clock = new FakeClock();
		const server = new SimServer(clock, { limit: 5, windowMs: 10_000, latencyMs: 100, skewMs: 3 * 3600_000, reset: (end) => String(Math.ceil(end / 1000)) });
		const pacing = newProcess(clock, 4);
		let stats: Awaited<ReturnType<typeof runItems>> | undefined;
		void runItems(clock, pacing, server, 30, 'auto').then((s) => (stats = s));
		await clock.runUntil(() => stats !== undefined, 60 * MINUTE);
		expect(stats?.done).toBe(30);
		expect(server.tooMany).toBeLessThanOrEqual(6);
		expect(stats!.wallMs).toBeLessThanOrEqual(1.15 * 60_000);
	});
});

describe('one budget per token, however the same Base URL is written', () => {
	test.each([
		['an upper-case host', 'https://APP.talkover.ai'],
		['the default port written out', 'https://app.talkover.ai:443'],
		['a trailing slash', 'https://app.talkover.ai/'],
	])('%s: the same pacing', (_what, other) => {
		expect(accountPacing(other, 'talq_same')).toBe(accountPacing('https://app.talkover.ai', 'talq_same'));
	});

	test.each([
		['another token', 'https://app.talkover.ai', 'talq_other'],
		['another port', 'https://app.talkover.ai:8443', 'talq_same'],
		['another path prefix (another server behind a proxy)', 'https://app.talkover.ai/staging', 'talq_same'],
	])('%s: another pacing', (_what, baseUrl, token) => {
		expect(accountPacing(baseUrl, token)).not.toBe(accountPacing('https://app.talkover.ai', 'talq_same'));
	});
});

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
async function expectSentAfter(clock: FakeClock, pacing: AccountPacing, ms: number): Promise<void> {
	let sent = false;
	void pacing.beforeSend().then(() => (sent = true));
	await clock.advance(ms - 1);
	expect(sent).toBe(false);
	await clock.advance(1);
	expect(sent).toBe(true);
}

/** Pacing whose first answer said the window (10 requests, resetting in 5 s) has no budget left. */
async function spentWindow(): Promise<{ clock: FakeClock; pacing: AccountPacing }> {
	const clock = new FakeClock(T0);
	const pacing = new AccountPacing(clock);
	await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 0, T0 + 5_000) });
	return { clock, pacing };
}

beforeEach(() => resetPacing());

describe('what each answer does to Auto', () => {
	test('after three successes Auto sends more than one at a time while items wait; a 5xx halves it again', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		const release = await pacing.slot();
		// Another item waits for a slot while the answers come: Auto is what holds it back.
		const waiting = pacing.slot();
		for (let i = 0; i < 3; i++) await answer(pacing, { statusCode: 200 });
		await settle();
		expect(pacing.auto.limit).toBe(2);
		const second = await waiting;
		expect(pacing.auto.inFlight).toBe(2);
		await clock.advance(1_000);
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
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		pacing.auto.limit = 2;
		await answer(pacing, { statusCode });
		expect(pacing.auto.limit).toBe(limit);
	});

	test('the time from sending to the answer is what Auto learns (a network failure teaches nothing)', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		const ticket = await pacing.beforeSend();
		await clock.advance(250);
		pacing.answered(ticket, { statusCode: 200 });
		expect(pacing.auto.srtt).toBe(250);
		const lost = await pacing.beforeSend();
		await clock.advance(5_000);
		pacing.answered(lost, {});
		expect(pacing.auto.srtt).toBe(250);
	});

	test('a 429 holds every request of the account for the wait Talkover asked', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 429, waitMs: 7_000 });
		expect(pacing.window.waitMs(T0)).toBe(7_000);
		await expectSentAfter(clock, pacing, 7_000);
	});

	test('a 429 without a wait does not hold the account', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 429 });
		expect(pacing.window.waitMs(T0)).toBe(0);
	});

	test('an answer\'s X-RateLimit headers are read; an answer without headers changes nothing', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 200 });
		expect(pacing.window.remaining).toBeUndefined();
		await answer(pacing, { statusCode: 200, headers: rateHeaders(100, 42, T0 + 30_000) });
		expect(pacing.window.remaining).toBe(42);
		expect(pacing.window.inFlight).toBe(0);
	});
});

describe('waiting for a slot when the window\'s budget is taken', () => {
	test('with no budget left, an item waits until the window resets, then goes', async () => {
		const { clock, pacing } = await spentWindow();
		let got = false;
		void pacing.slot().then(() => (got = true));
		await settle();
		expect(got).toBe(false);
		await clock.advance(4_999);
		expect(got).toBe(false);
		await clock.advance(1);
		expect(got).toBe(true);
	});

	test('a window that resets in more than a minute: the item looks again every minute at most', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 0, T0 + 90_000) });
		expect(pacing.window.remaining).toBe(0);
		void pacing.slot();
		await settle();
		expect(clock.next).toBe(T0 + 60_000);
	});

	test('requests already waiting for the window count: the one budget left goes to them, the next item waits', async () => {
		const clock = new FakeClock(T0);
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
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		await answer(pacing, { statusCode: 200, headers: rateHeaders(10, 1, T0 + 5_000) });
		let got = false;
		void pacing.slot().then(() => (got = true));
		await settle();
		expect(got).toBe(true);
	});

	test('an item\'s slot given back twice counts once', async () => {
		const clock = new FakeClock(T0);
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
		const clock = new FakeClock(T0);
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
		const clock = new FakeClock(T0);
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
		await clock.advance(9_999);
		expect(outcome).toBeUndefined();
		await clock.advance(1);
		expect(outcome).toBe('went on');
		expect(pacing.waiting.slots).toBe(0);
		expect(pacing.auto.inFlight).toBe(1);
	});

	test('the user\'s Stop while it waits ends it with the Stop\'s reason', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		await pacing.slot();
		const cancel = new AbortController();
		const waiting = pacing.slotWithin(10_000, cancel.signal);
		cancel.abort(new Error('stopped'));
		await expect(waiting).rejects.toThrow('stopped');
		expect(clock.pending).toBe(0);
	});

	test('a slot that comes in time is the item\'s, and its timer is stopped', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		const release = await pacing.slotWithin(10_000, new AbortController().signal);
		expect(pacing.auto.inFlight).toBe(1);
		await settle();
		expect(clock.pending).toBe(0);
		release();
		expect(pacing.auto.inFlight).toBe(0);
	});

	test('on a clock without timers the item simply waits for its slot', async () => {
		const fake = new FakeClock(T0);
		const clock: Clock = { now: () => fake.now(), sleep: (ms, signal) => fake.sleep(ms, signal), random: () => 0.5 };
		const pacing = new AccountPacing(clock);
		const release = await pacing.slotWithin(10_000);
		expect(pacing.auto.inFlight).toBe(1);
		release();
	});
});

describe('the accounts a long-running process remembers', () => {
	test('the same account is the same pacing; another key another one', () => {
		const clock = new FakeClock(T0);
		expect(pacingFor('a', clock)).toBe(pacingFor('a', clock));
		expect(pacingFor('b', clock)).not.toBe(pacingFor('a', clock));
	});

	test('beyond 200 accounts the least recently used idle one is forgotten; a busy one and a recently used one are kept', async () => {
		const clock = new FakeClock(T0);
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
		const clock = new FakeClock(T0);
		const first = pacingFor('account-0', clock);
		for (let i = 1; i <= 200; i++) pacingFor(`account-${i}`, clock);
		expect(pacingFor('account-0', clock)).not.toBe(first);
	});

	test('an account with an item waiting for a slot, or one in flight, is not forgotten', async () => {
		const clock = new FakeClock(T0);
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
		const clock = new FakeClock(T0);
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
		const clock = new FakeClock(T0);
		const first = pacingFor('a', clock);
		resetPacing();
		expect(pacingFor('a', clock)).not.toBe(first);
	});
});

describe('what Auto learns from each answer, and when it grows', () => {
	test('a 429 teaches Auto nothing of how long Talkover takes to answer', async () => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		const ticket = await pacing.beforeSend();
		await clock.advance(250);
		pacing.answered(ticket, { statusCode: 200 });
		const refused = await pacing.beforeSend();
		await clock.advance(10);
		pacing.answered(refused, { statusCode: 429 });
		expect(pacing.auto.srtt).toBe(250);
	});

	test.each([400, 404, 422])('refusals (%i: bad input, not found) do not count towards the three successes before Auto sends more at once', async (statusCode) => {
		const clock = new FakeClock(T0);
		const pacing = new AccountPacing(clock);
		await pacing.slot();
		void pacing.slot();
		await settle();
		for (let i = 0; i < 3; i++) await answer(pacing, { statusCode });
		expect(pacing.auto.limit).toBe(1);
		expect(pacing.waiting.slots).toBe(1);
	});

	test('Auto grows only while items wait for a slot: three successes with nobody waiting leave it at one at a time', async () => {
		const clock = new FakeClock(T0);
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
		// The window is 5 s long: up to 3 % of it (150 ms) of jitter, the FakeClock's random 0.5 of it.
		await expectSentAfter(clock, pacing, 5_075);
	});

	test('a Stop that comes together with the end of the item\'s time stops it: it does not go on without a slot', async () => {
		const fake = new FakeClock(T0);
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
		const clock = new FakeClock(T0);
		const held = pacingFor('account-0', clock);
		await answer(held, { statusCode: 429, waitMs: 7_000 });
		void held.beforeSend();
		await settle();
		expect(held.waiting).toEqual({ slots: 0, window: 1 });
		for (let i = 1; i <= 200; i++) pacingFor(`account-${i}`, clock);
		expect(pacingFor('account-0', clock)).toBe(held);
	});

	test('an item waiting for its slot until the window resets (no budget left, nothing in flight) keeps its account', async () => {
		const clock = new FakeClock(T0);
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
