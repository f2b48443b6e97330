/**
 * One account's window as a process sees it (issue 16 item 0, issue 12 item 13): pure, on a clock
 * the test moves by hand.
 */
import { DOCUMENTED_WINDOW_MS } from '../../nodes/shared/transport/rateHints';
import { MAX_BLOCK_MS, RateWindow } from '../../nodes/shared/transport/rateWindow';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

function headers(limit: number, remaining: number, resetAt: number | string): Record<string, string> {
	return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetAt) };
}

/** Sends (take + observe + done) one request answered at once with the given headers. */
function send(w: RateWindow, now: number, answer: Record<string, string>): void {
	expect(w.waitMs(now)).toBe(0);
	const probe = w.take(now);
	w.observe(answer, now);
	w.done(probe);
}

describe('nothing known', () => {
	test('requests go at once, as many as are sent (Auto starts with one; a fixed Batch Size is the user’s choice)', () => {
		const w = new RateWindow();
		for (let i = 0; i < 10; i++) {
			expect(w.waitMs(T0)).toBe(0);
			expect(w.take(T0)).toBe(false);
		}
		expect(w.inFlight).toBe(10);
	});

	test('a server without X-RateLimit headers is not paced', () => {
		const w = new RateWindow();
		send(w, T0, {});
		expect(w.remaining).toBeUndefined();
		for (let i = 0; i < 10; i++) {
			expect(w.waitMs(T0)).toBe(0);
			w.take(T0);
		}
		expect(w.inFlight).toBe(10);
	});
});

describe('the budget of a window', () => {
	test('Remaining 0: wait for the reset, then the budget is the known limit again (not forgotten)', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(100, 0, T0 + 20_000));
		expect(w.waitMs(T0)).toBe(20_000);
		expect(w.waitMs(T0 + 20_000)).toBe(0);
		expect(w.remaining).toBe(100);
		expect(w.limit).toBe(100);
	});

	test('the requests still in flight are counted against what the server reported', () => {
		const w = new RateWindow();
		for (let i = 0; i < 5; i++) w.take(T0);
		// The first answer says 90 left; four more of ours may not have been counted yet.
		w.observe(headers(100, 90, T0 + 30_000), T0);
		w.done(false);
		expect(w.remaining).toBe(86);
	});

	test('within one window the budget only goes down (an older answer does not raise it)', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 50, T0 + 30_000));
		send(w, T0 + 10, headers(100, 70, T0 + 30_000));
		expect(w.remaining).toBe(49);
	});

	test('an answer from a window that is already over changes nothing', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 0, T0 + 1_000));
		const late = w.take(T0 + 1_000); // the probe of the next window
		w.observe(headers(10, 0, T0 + 1_000), T0 + 1_100); // a straggler of the old window
		expect(w.remaining).toBe(9);
		expect(w.confirmed).toBe(false);
		w.observe(headers(10, 8, T0 + 2_000), T0 + 1_150);
		w.done(late);
		expect(w.remaining).toBe(8);
		expect(w.confirmed).toBe(true);
	});

	test('never more than the limit is released in one window, whatever is waiting', () => {
		const w = new RateWindow(() => 0.5);
		const windowMs = 60_000;
		send(w, T0, headers(100, 99, T0 + windowMs));
		const perWindow = new Map<number, number>();
		let now = T0;
		// Bounded: a window that never releases (or never stops releasing) fails the test instead of hanging it.
		for (let sent = 0, steps = 0; sent < 500 && steps < 100_000; steps++) {
			const wait = w.waitMs(now);
			if (wait > 0) {
				now += wait;
				continue;
			}
			const probe = w.take(now);
			sent += 1;
			const window = Math.floor((now - T0) / windowMs);
			perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
			// The server counts it in its window (aligned at T0) and answers 50 ms later.
			const used = perWindow.get(window)! + (window === 0 ? 1 : 0);
			w.observe(headers(100, Math.max(0, 100 - used), T0 + (window + 1) * windowMs), now + 50);
			w.done(probe);
		}
		expect([...perWindow.values()].reduce((a, b) => a + b, 0)).toBe(500);
		for (const [window, count] of perWindow) expect(count + (window === 0 ? 1 : 0)).toBeLessThanOrEqual(100);
		// And the windows are used: five windows for 500 requests (and the first request).
		expect(perWindow.size).toBeLessThanOrEqual(6);
	});
});

describe('spreading a window', () => {
	test('a tenth of the budget may go at once; the rest is spread so that it lasts until the reset', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 99, T0 + 60_000));
		let now = T0;
		let atOnce = 0;
		while (w.waitMs(now) === 0 && atOnce < 1_000) {
			w.take(now);
			atOnce += 1;
		}
		expect(atOnce).toBe(10);
		const gap = w.waitMs(now);
		// 89 left over 60 s: about 0.67 s apart.
		expect(gap).toBeGreaterThan(500);
		expect(gap).toBeLessThan(700);
		now += gap;
		expect(w.waitMs(now)).toBe(0);
	});

	test('the last request of a window goes before the reset, not at it', () => {
		const w = new RateWindow();
		send(w, T0, headers(3, 2, T0 + 2_000));
		let now = T0;
		const times: number[] = [];
		for (let steps = 0; times.length < 2 && steps < 1_000; steps++) {
			const wait = w.waitMs(now);
			if (wait > 0) now += wait;
			else {
				w.take(now);
				times.push(now);
			}
		}
		expect(times[1]).toBeLessThan(T0 + 2_000);
	});
});

describe('a new window: jitter, then one request alone', () => {
	test('the first request of the new window waits a jitter (at most 3 % of the window, at most 1 s)', () => {
		const late = new RateWindow(() => 1);
		send(late, T0, headers(10, 0, T0 + 10_000));
		expect(late.waitMs(T0 + 10_000)).toBe(300);
		const longWindow = new RateWindow(() => 1);
		send(longWindow, T0, headers(1000, 999, T0 + 60_000));
		send(longWindow, T0 + 1, headers(1000, 0, T0 + 60_000));
		expect(longWindow.waitMs(T0 + 60_000)).toBe(1_000);
	});

	test('until its answer comes, the others wait: it tells what other processes have used', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(100, 0, T0 + 60_000));
		const now = T0 + 60_000;
		expect(w.waitMs(now)).toBe(0);
		const probe = w.take(now);
		expect(probe).toBe(true);
		expect(w.waitMs(now)).toBeGreaterThan(0);
		// Another process has already sent 60 in this window.
		w.observe(headers(100, 39, T0 + 120_000), now + 300);
		w.done(probe);
		expect(w.remaining).toBe(39);
		expect(w.waitMs(now + 300)).toBe(0);
	});

	test('a probe that gets no answer (network failure) lets the next one probe', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(100, 0, T0 + 60_000));
		const probe = w.take(T0 + 60_000);
		w.done(probe);
		// No longer held for an answer; only the window's pace (100 over 60 s) applies.
		const wait = w.waitMs(T0 + 60_001);
		expect(wait).toBeLessThanOrEqual(600);
		expect(w.waitMs(T0 + 60_001 + wait)).toBe(0);
		expect(w.take(T0 + 60_001 + wait)).toBe(true);
	});
});

describe('hints that make no sense never lock the token (issue 12 item 13)', () => {
	test.each([
		['hours ahead', String(Math.ceil((T0 + 3 * 3600_000) / 1000))],
		['a year ahead', String(T0 + 365 * 24 * 3600_000)],
		['in the past', String(Math.floor((T0 - 3600_000) / 1000))],
	])('Remaining 0 with a reset %s: at most the documented minute, then the budget is back', (_what, reset) => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(100, 0, reset));
		const wait = w.waitMs(T0);
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(DOCUMENTED_WINDOW_MS);
		expect(w.waitMs(T0 + wait)).toBe(0);
	});

	test('Remaining 0 with a reset in microseconds is read as the time it is', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(100, 0, String((T0 + 5_000) * 1000)));
		expect(w.waitMs(T0)).toBe(5_000);
	});

	test('a 429 holds the account at most MAX_BLOCK_MS, whatever it asks; then one request looks again', () => {
		const w = new RateWindow(() => 0);
		w.tooMany(T0, 10 * 3600_000);
		expect(w.waitMs(T0)).toBe(MAX_BLOCK_MS);
		expect(w.waitMs(T0 + MAX_BLOCK_MS)).toBe(0);
	});

	test('a 429’s wait is kept when it is reasonable', () => {
		const w = new RateWindow();
		w.tooMany(T0, 7_000);
		w.tooMany(T0 + 1_000, 2_000);
		expect(w.waitMs(T0 + 1_000)).toBe(6_000);
	});
});
