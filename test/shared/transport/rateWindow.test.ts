/**
 * One account's rate-limit window as a process sees it (its hints, sensible or not): pure, on a clock
 * the test moves by hand.
 */
import { DOCUMENTED_WINDOW_MS } from '../../../nodes/shared/transport/rateHints';
import { MAX_BLOCK_MS, RateWindow } from '../../../nodes/shared/transport/rateWindow';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

/** Rate-limit headers; a limit or reset left out is not sent. */
function headers(limit: number | undefined, remaining: number, resetAt?: number | string): Record<string, string> {
	return {
		...(limit === undefined ? {} : { 'x-ratelimit-limit': String(limit) }),
		'x-ratelimit-remaining': String(remaining),
		...(resetAt === undefined ? {} : { 'x-ratelimit-reset': String(resetAt) }),
	};
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

describe('hints that make no sense never lock the token', () => {
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

/** How many requests may go at `now` without waiting (bounded: a window that never stops releasing fails, not hangs). */
function atOnce(w: RateWindow, now: number): number {
	let count = 0;
	while (w.waitMs(now) === 0 && count < 1_000) {
		w.take(now);
		count += 1;
	}
	return count;
}

describe('a window without X-RateLimit-Limit', () => {
	test('used up: wait for its reset; after it the budget is not known, so requests are not paced', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(undefined, 0, T0 + 10_000));
		expect(w.waitMs(T0)).toBe(10_000);
		expect(w.waitMs(T0 + 10_000)).toBe(0);
		expect(w.remaining).toBeUndefined();
		expect(w.msUntilReset(T0 + 10_000)).toBe(0);
		for (let i = 0; i < 20; i++) expect(w.take(T0 + 10_000)).toBe(false);
		expect(w.waitMs(T0 + 10_000)).toBe(0);
	});

	test('a tenth of what is left may go at once', () => {
		const w = new RateWindow();
		send(w, T0, headers(undefined, 50, T0 + 60_000));
		expect(atOnce(w, T0)).toBe(5);
	});

	test('a limit of 0 is not believed (the window keeps the last limit it knew)', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 90, T0 + 60_000));
		send(w, T0 + 1, headers(0, 80, T0 + 60_000));
		expect(w.limit).toBe(100);
	});
});

describe('windows that passed while nothing was sent', () => {
	test('the next reset is the first one after now, on the same beat as the windows before', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 5, T0 + 10_000));
		// 3.5 windows of 10 s later.
		const now = T0 + 45_000;
		expect(w.msUntilReset(now)).toBe(5_000);
		expect(w.remaining).toBe(10);
		expect(w.confirmed).toBe(false);
	});

	test('the first request of the new window waits the jitter counted from the reset, not from now', () => {
		const w = new RateWindow(() => 1);
		send(w, T0, headers(10, 0, T0 + 10_000));
		// The reset was at T0 + 10 s; the jitter (3 % of 10 s: 300 ms) ends at T0 + 10.3 s.
		expect(w.waitMs(T0 + 10_100)).toBe(200);
	});

	test('the budget of a window that reset is spread again: one request at once, the rest at the window\'s pace', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 0, T0 + 10_000));
		const now = T0 + 10_000;
		const probe = w.take(now);
		w.observe(headers(10, 9, T0 + 20_000), now);
		w.done(probe);
		expect(w.waitMs(now)).toBe(0);
		w.take(now);
		// 8 left over 10 s: about 1.1 s apart.
		const gap = w.waitMs(now);
		expect(gap).toBeGreaterThan(1_000);
		expect(gap).toBeLessThan(1_200);
	});
});

describe('reset times in whole seconds', () => {
	test('an answer whose reset is rounded to the next second belongs to the same window: the budget only goes down', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 50, T0 + 30_000));
		send(w, T0 + 10, headers(100, 70, T0 + 30_900));
		expect(w.remaining).toBe(49);
		expect(w.msUntilReset(T0 + 10)).toBe(30_000 - 10);
	});

	test('a reset more than a second later is a new window: its budget is taken as reported', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 50, T0 + 30_000));
		send(w, T0 + 10, headers(100, 70, T0 + 31_500));
		expect(w.remaining).toBe(70);
		expect(w.msUntilReset(T0 + 10)).toBe(31_500 - 10);
	});

	test('an answer of the window before (its reset more than a second earlier) changes nothing', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 50, T0 + 30_000));
		send(w, T0 + 10, headers(100, 90, T0 + 28_500));
		expect(w.remaining).toBe(49);
		expect(w.msUntilReset(T0 + 10)).toBe(30_000 - 10);
	});
});

describe('an answer without a believable reset time', () => {
	test('the window is taken to last the documented minute from the first answer', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 90));
		expect(w.remaining).toBe(90);
		expect(w.msUntilReset(T0)).toBe(DOCUMENTED_WINDOW_MS);
		// A later answer of the same window: the budget only goes down, the reset stays.
		send(w, T0 + 5_000, headers(100, 95));
		expect(w.remaining).toBe(89);
		expect(w.msUntilReset(T0 + 5_000)).toBe(DOCUMENTED_WINDOW_MS - 5_000);
		send(w, T0 + 6_000, headers(100, 40));
		expect(w.remaining).toBe(40);
	});

	test('a short window learnt earlier is kept: the assumed window is not longer than the one seen', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 5, T0 + 10_000));
		// The window reset; its first answer has no reset time.
		const now = T0 + 10_000;
		const probe = w.take(now);
		w.observe(headers(10, 9), now);
		w.done(probe);
		expect(w.msUntilReset(now)).toBe(10_000);
	});
});

describe('the pace Auto is told', () => {
	test('nothing known: no pace', () => {
		expect(new RateWindow().ratePerMs(T0)).toBeUndefined();
		const noLimit = new RateWindow();
		send(noLimit, T0, headers(undefined, 10, T0 + 60_000));
		expect(noLimit.ratePerMs(T0)).toBeUndefined();
	});

	test('the plan\'s rate (limit over the window) when little is left, more when much of the budget is left', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 99, T0 + 60_000));
		// 99 left over 60 s: (99 + 1) / 60,000 per ms.
		expect(w.ratePerMs(T0)).toBeCloseTo(100 / 60_000, 10);
		send(w, T0 + 30_000, headers(100, 90, T0 + 60_000));
		// Much left for half the window: (90 + 1) / 30,000 per ms, more than the plan's 100 / 60,000.
		expect(w.ratePerMs(T0 + 30_000)).toBeCloseTo(91 / 30_000, 10);
		send(w, T0 + 50_000, headers(100, 1, T0 + 60_000));
		expect(w.ratePerMs(T0 + 50_000)).toBeCloseTo(100 / 60_000, 10);
	});

	test('the window\'s length is the longest time-to-reset seen (at least a second, at most two documented minutes)', () => {
		const w = new RateWindow();
		send(w, T0, headers(10, 9, T0 + 20_000));
		expect(w.windowMs).toBe(20_000);
		send(w, T0 + 19_500, headers(10, 8, T0 + 20_000));
		expect(w.windowMs).toBe(20_000);
		const fast = new RateWindow();
		send(fast, T0, headers(10, 9, T0 + 200));
		expect(fast.windowMs).toBe(1_000);
	});
});

describe('the first request of a new window alone', () => {
	test('while it is unanswered, the others look again every second', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(100, 0, T0 + 60_000));
		const now = T0 + 60_000;
		w.take(now);
		expect(w.waitMs(now)).toBe(1_000);
	});

	test('requests in flight when the answer comes are counted, but not the one answered', () => {
		const w = new RateWindow();
		w.take(T0);
		w.take(T0);
		w.observe(headers(100, 90, T0 + 30_000), T0);
		w.done(false);
		expect(w.remaining).toBe(89);
		expect(w.inFlight).toBe(1);
		w.done(false);
		w.done(false);
		expect(w.inFlight).toBe(0);
	});
});

describe('429s', () => {
	test('a later, shorter 429 does not shorten the wait; a longer one lengthens it', () => {
		const w = new RateWindow();
		w.tooMany(T0, 7_000);
		w.tooMany(T0, 1_000);
		expect(w.waitMs(T0)).toBe(7_000);
		w.tooMany(T0, 9_000);
		expect(w.waitMs(T0)).toBe(9_000);
	});

	test('a 429 asking for a negative wait holds nothing', () => {
		const w = new RateWindow();
		w.tooMany(T0, -5_000);
		expect(w.waitMs(T0)).toBe(0);
	});

	test('the longest hold is the documented minute and five seconds', () => {
		expect(MAX_BLOCK_MS).toBe(DOCUMENTED_WINDOW_MS + 5_000);
	});

	test('after the hold, the window\'s own wait applies again', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 0, T0 + 20_000));
		w.tooMany(T0, 5_000);
		expect(w.waitMs(T0)).toBe(5_000);
		expect(w.waitMs(T0 + 5_000)).toBe(15_000);
	});
});

describe('answers at the edges of a window', () => {
	test('an answer whose window is already over (its reset is now) says nothing: requests go on unpaced, and Auto is told no pace', () => {
		const w = new RateWindow();
		const first = w.take(T0);
		w.observe(headers(100, 50, T0), T0);
		w.done(first);
		expect(w.remaining).toBeUndefined();
		expect(w.ratePerMs(T0 + 1)).toBeUndefined();
		for (let i = 0; i < 3; i++) {
			expect(w.waitMs(T0 + 1)).toBe(0);
			w.take(T0 + 1);
		}
	});

	test('after a reset, the new window\'s first answer is believed even when Talkover\'s window resets sooner than projected', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 5, T0 + 10_000));
		const now = T0 + 10_000;
		const probe = w.take(now);
		w.observe(headers(10, 9, T0 + 15_000), now);
		w.done(probe);
		expect(w.confirmed).toBe(true);
		expect(w.msUntilReset(now)).toBe(5_000);
	});

	test('a reset exactly a second earlier or later than the known one is the same window: the budget only goes down', () => {
		const earlier = new RateWindow();
		send(earlier, T0, headers(100, 50, T0 + 30_000));
		send(earlier, T0 + 10, headers(100, 40, T0 + 29_000));
		expect(earlier.remaining).toBe(40);
		const later = new RateWindow();
		send(later, T0, headers(100, 50, T0 + 30_000));
		send(later, T0 + 10, headers(100, 70, T0 + 31_000));
		expect(later.remaining).toBe(49);
	});

	test('an answer without X-RateLimit-Limit keeps the limit known from earlier answers', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 90, T0 + 30_000));
		send(w, T0 + 1, headers(undefined, 80, T0 + 30_000));
		expect(w.limit).toBe(100);
	});
});

describe('a tenth at once, never more', () => {
	test('after a pause in the window, still only a tenth goes at once: the budget left is spread, not sent in one burst', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 99, T0 + 60_000));
		const now = T0 + 30_000;
		expect(atOnce(w, now)).toBe(10);
	});

	test('once the tenth has gone, one request goes per step of the pace, not a new burst', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 99, T0 + 60_000));
		for (let i = 0; i < 10; i++) w.take(T0);
		const gap = w.waitMs(T0);
		expect(w.waitMs(T0 + gap)).toBe(0);
		w.take(T0 + gap);
		expect(w.waitMs(T0 + gap)).toBeGreaterThan(0);
	});

	test('the first answer without a reset time lets a tenth go at once', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 90));
		expect(atOnce(w, T0)).toBe(10);
	});

	test('later answers without a reset time do not give a new burst', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 90));
		for (let i = 0; i < 10; i++) w.take(T0);
		expect(w.waitMs(T0)).toBeGreaterThan(0);
		w.observe(headers(100, 80), T0);
		w.done(false);
		expect(w.waitMs(T0)).toBeGreaterThan(0);
	});
});

describe('a new window without a reset time in its answers', () => {
	test('its first answer lets a tenth go at once, as reported', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(100, 0));
		const now = T0 + DOCUMENTED_WINDOW_MS;
		const probe = w.take(now);
		w.observe(headers(100, 90), now);
		w.done(probe);
		expect(atOnce(w, now)).toBe(10);
	});

	test('a plan with a higher limit is used from the new window\'s first answer', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 0));
		const now = T0 + DOCUMENTED_WINDOW_MS;
		const probe = w.take(now);
		w.observe(headers(20, 19), now);
		w.done(probe);
		expect(w.remaining).toBe(19);
	});

	test('an answer that comes after the projected reset starts the assumed window from its own time', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 5, T0 + 10_000));
		const probe = w.take(T0 + 10_000);
		w.observe(headers(10, 9), T0 + 12_000);
		w.done(probe);
		expect(w.msUntilReset(T0 + 12_000)).toBe(10_000);
	});

	test('an assumed window gives way to the first reset time Talkover reports', () => {
		const w = new RateWindow();
		send(w, T0, headers(100, 90));
		expect(w.msUntilReset(T0)).toBe(DOCUMENTED_WINDOW_MS);
		send(w, T0 + 1_000, headers(100, 85, T0 + 30_000));
		expect(w.msUntilReset(T0 + 1_000)).toBe(29_000);
		expect(w.remaining).toBe(85);
	});
});

describe('requests of the old window still in flight at the reset', () => {
	test('they do not hold the first request of the new window, nor release the others before its answer', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(20, 5, T0 + 10_000));
		const old = w.take(T0 + 1);
		expect(old).toBe(false);
		const now = T0 + 10_000;
		expect(w.waitMs(now)).toBe(0);
		const probe = w.take(now);
		expect(probe).toBe(true);
		// The old request finishes: the new window's first answer is still awaited.
		w.done(old);
		expect(w.waitMs(now)).toBe(1_000);
		w.observe(headers(20, 18, T0 + 20_000), now);
		w.done(probe);
		expect(w.waitMs(now)).toBe(0);
	});
});

describe('a window without X-RateLimit-Limit after its reset', () => {
	test('the next answer without a reset time starts a window of the length seen from then', () => {
		const w = new RateWindow();
		send(w, T0, headers(undefined, 5, T0 + 10_000));
		const now = T0 + 10_000;
		send(w, now, headers(undefined, 4));
		expect(w.remaining).toBe(4);
		expect(w.msUntilReset(now)).toBe(10_000);
	});
});

describe('a request that took its place and was not sent', () => {
	test('gives its place back: the budget is as before it was taken, never above the limit', () => {
		const w = new RateWindow(() => 0);
		send(w, T0, headers(10, 5, T0 + 30_000));
		expect(w.remaining).toBe(5);
		const probe = w.take(T0 + 1_000);
		expect([w.remaining, w.inFlight]).toEqual([4, 1]);
		w.untake(probe);
		expect([w.remaining, w.inFlight]).toEqual([5, 0]);
		// Taken in one window, given back in the next (the budget is the limit again): not above it.
		const late = w.take(T0 + 2_000);
		expect(w.waitMs(T0 + 31_000)).toBeGreaterThanOrEqual(0);
		w.untake(late);
		expect(w.remaining).toBe(10);
	});

	test('gives its place in the burst back, no more: as many go at once as before it was taken', () => {
		const goAtOnce = (w: RateWindow, now: number) => {
			let n = 0;
			while (w.waitMs(now) === 0 && n < 100) {
				w.take(now);
				n++;
			}
			return n;
		};
		const untaken = new RateWindow(() => 0);
		const plain = new RateWindow(() => 0);
		for (const w of [untaken, plain]) send(w, T0, headers(100, 90, T0 + 30_000));
		for (let i = 0; i < 5; i++) [untaken, plain].forEach((w) => w.take(T0 + 1));
		untaken.untake(untaken.take(T0 + 1));
		expect(goAtOnce(untaken, T0 + 1)).toBe(goAtOnce(plain, T0 + 1));
		expect(goAtOnce(plain, T0 + 1)).toBe(0);
	});

	test('with nothing known of the budget, only the request in flight is given back', () => {
		const w = new RateWindow();
		const probe = w.take(T0);
		w.untake(probe);
		expect([w.remaining, w.inFlight]).toEqual([undefined, 0]);
	});
});
