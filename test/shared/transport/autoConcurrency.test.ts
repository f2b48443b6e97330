/** The Auto controller of Options → Concurrency on its own, with times given by the test. */
import { AutoConcurrency, MAX_AUTO, WARMUP } from '../../../nodes/shared/transport/autoConcurrency';

/** One round: `n` answers of `rtt` ms, items waiting for a slot. */
function round(auto: AutoConcurrency, now: number, n: number, rtt: number, waiting = true): void {
	for (let i = 0; i < n; i++) auto.record(now, 'ok', rtt, waiting);
}

/** A controller past its warm-up (WARMUP successful answers, one at a time). */
function warmed(): AutoConcurrency {
	const auto = new AutoConcurrency();
	for (let i = 0; i < WARMUP - 1; i++) auto.record(i * 300, 'ok', 300, true);
	return auto;
}

test('one request at a time until WARMUP answers have succeeded, then it doubles every round of fast answers, up to the most allowed', () => {
	const auto = new AutoConcurrency();
	const seen: number[] = [];
	for (let r = 0, now = 0; r < 10; r++, now += 300) {
		const n = auto.allowed(undefined);
		seen.push(n);
		round(auto, now, n, 300);
	}
	expect(WARMUP).toBe(3);
	expect(seen).toEqual([1, 1, 1, 2, 4, 8, 16, 32, MAX_AUTO, MAX_AUTO]);
});

test('refusals (4xx other than 429) neither count for the warm-up nor cut', () => {
	const auto = new AutoConcurrency();
	for (let i = 0; i < 10; i++) auto.record(i * 300, 'refused', 300, true);
	expect(auto.allowed(undefined)).toBe(1);
	const grown = warmed();
	round(grown, 1000, 1, 300);
	round(grown, 1300, 2, 300);
	expect(grown.allowed(undefined)).toBe(4);
	grown.record(1600, 'refused', 300, true);
	expect(grown.allowed(undefined)).toBe(4);
});

test('grows only while items are waiting for a slot (it is what holds them back)', () => {
	const auto = warmed();
	round(auto, 0, 1, 300, false);
	round(auto, 300, 1, 300, false);
	expect(auto.allowed(undefined)).toBe(1);
});

test('never more in flight than the rate limit can use (Little’s law, with headroom)', () => {
	const auto = warmed();
	for (let r = 0; r < 10; r++) round(auto, r * 300, auto.allowed(undefined), 300);
	// 1,000 a minute, answers in 300 ms: 5 in flight use the whole rate; 1.5 × 5 + 1 = 8.5 → 9.
	expect(auto.allowed(1000 / 60_000)).toBe(9);
	// 100 a minute: 0.5 in flight would do; 1.5 × 0.5 + 1 = 1.75 → 2.
	expect(auto.allowed(100 / 60_000)).toBe(2);
	// It does not keep growing past what it may use.
	const before = auto.limit;
	auto.allowed(100 / 60_000);
	round(auto, 5000, 10, 300);
	expect(auto.limit).toBeLessThanOrEqual(before);
});

test('a 429 halves the number in flight; the answers of the same round cut only once', () => {
	const auto = warmed();
	for (let r = 0; r < 5; r++) round(auto, r * 300, auto.allowed(undefined), 300);
	expect(auto.allowed(undefined)).toBe(32);
	auto.record(2000, 'tooMany', 20, true);
	auto.record(2010, 'tooMany', 20, true);
	auto.record(2100, 'tooMany', 20, true);
	expect(auto.allowed(undefined)).toBe(16);
	// Then it grows by about one per round, not by doubling.
	round(auto, 2400, 16, 300);
	round(auto, 2700, 16, 300);
	expect(auto.allowed(undefined)).toBe(17);
	// A later 429 cuts again.
	auto.record(3000, 'tooMany', 20, true);
	expect(auto.allowed(undefined)).toBe(8);
});

test('a 5xx, a timeout or a dropped connection cut as a 429 does', () => {
	const auto = warmed();
	for (let r = 0; r < 4; r++) round(auto, r * 300, auto.allowed(undefined), 300);
	expect(auto.allowed(undefined)).toBe(16);
	auto.record(1500, 'failed', undefined, true);
	expect(auto.allowed(undefined)).toBe(8);
});

test('answers getting much slower (over 3 × the fastest + 100 ms) take a fifth off, and stop the growth', () => {
	const auto = warmed();
	for (let r = 0; r < 4; r++) round(auto, r * 300, auto.allowed(undefined), 300);
	expect(auto.allowed(undefined)).toBe(16);
	let now = 1200;
	// The server starts queueing: 2 s instead of 300 ms. Until the smoothed round trip shows it, the
	// answers still count as fast; the answer that shows it cuts a fifth.
	let before = auto.limit;
	while (!auto.slowing) {
		before = auto.limit;
		round(auto, (now += 100), 1, 2000);
	}
	expect(auto.limit).toBeCloseTo(before * 0.8);
	// At most one cut per round trip, and nothing grows meanwhile; the next round cuts again.
	round(auto, (now += 100), 5, 2000);
	expect(auto.limit).toBeCloseTo(before * 0.8);
	round(auto, (now += 3000), 1, 2000);
	expect(auto.limit).toBeCloseTo(before * 0.8 * 0.8);
});

test('jitter in the answers does not count as slowing', () => {
	const auto = new AutoConcurrency();
	let now = 0;
	for (let i = 0; i < 500; i++) auto.record((now += 10), 'ok', 210 + (i % 7) * 30, true);
	expect(auto.slowing).toBe(false);
	expect(auto.allowed(undefined)).toBe(MAX_AUTO);
});

test('never below one', () => {
	const auto = new AutoConcurrency();
	for (let i = 0; i < 20; i++) auto.record(i * 1000, 'tooMany', 10, true);
	expect(auto.allowed(undefined)).toBe(1);
	expect(auto.allowed(0)).toBe(1);
});
