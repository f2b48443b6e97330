/**
 * Issue 12 item 13 (hints that make no sense) and the forms of X-RateLimit-Reset / Retry-After:
 * pure functions, every one given `now`.
 */
import { MAX_RESET_AHEAD_MS, readCount, readReset, retryHint, serverSkewMs } from '../../nodes/shared/transport/rateHints';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0, 250);
const IN_30_S = NOW + 30_000;

describe('X-RateLimit-Reset in every form a server sends', () => {
	test.each([
		['Unix seconds', String(Math.ceil(IN_30_S / 1000)), 30_000, 1_000],
		['Unix milliseconds', String(IN_30_S), 30_000, 0],
		['Unix microseconds', String(IN_30_S * 1000), 30_000, 0],
		['Unix nanoseconds', `${IN_30_S}000000`, 30_000, 0],
		['seconds from now', '30', 30_000, 0],
		['an HTTP date', new Date(Math.ceil(IN_30_S / 1000) * 1000).toUTCString(), 30_000, 1_000],
	])('%s', (_form, value, ahead, tolerance) => {
		const { at, distrusted } = readReset({ 'x-ratelimit-reset': value }, NOW);
		expect(distrusted).toBe(false);
		expect(at! - NOW).toBeGreaterThanOrEqual(ahead);
		expect(at! - NOW).toBeLessThanOrEqual(ahead + tolerance);
	});

	test('absent: nothing known, nothing distrusted', () => {
		expect(readReset({}, NOW)).toEqual({ distrusted: false });
		expect(readReset(undefined, NOW)).toEqual({ distrusted: false });
	});
});

describe('hints that make no sense are not believed (issue 12 item 13)', () => {
	test.each([
		['hours ahead (a server clock hours ahead, no Date header)', String(Math.ceil((NOW + 3 * 3600_000) / 1000))],
		['a year ahead in microseconds read as milliseconds would be: 10^15 ms', '1000000000000000'],
		['days in seconds from now', '900000'],
		['long past', String(Math.floor((NOW - 3600_000) / 1000))],
		['text', 'soon'],
	])('X-RateLimit-Reset %s', (_what, value) => {
		expect(readReset({ 'x-ratelimit-reset': value }, NOW)).toEqual({ distrusted: true });
	});

	test('a reset just beyond the documented minute is believed up to MAX_RESET_AHEAD_MS', () => {
		expect(readReset({ 'x-ratelimit-reset': String(NOW + MAX_RESET_AHEAD_MS) }, NOW).at).toBe(NOW + MAX_RESET_AHEAD_MS);
		expect(readReset({ 'x-ratelimit-reset': String(NOW + MAX_RESET_AHEAD_MS + 1) }, NOW).distrusted).toBe(true);
	});

	test('a server clock 3 hours ahead: its Date header puts the reset back on our clock', () => {
		const serverNow = NOW + 3 * 3600_000;
		const headers = { date: new Date(serverNow).toUTCString(), 'x-ratelimit-reset': String(Math.ceil((serverNow + 30_000) / 1000)) };
		expect(serverSkewMs(headers, NOW)).toBeGreaterThan(3 * 3600_000 - 1000);
		const { at } = readReset(headers, NOW);
		expect(at! - NOW).toBeGreaterThanOrEqual(29_000);
		expect(at! - NOW).toBeLessThanOrEqual(31_000);
	});

	test('a server clock 3 hours behind: the same', () => {
		const serverNow = NOW - 3 * 3600_000;
		const headers = { Date: new Date(serverNow).toUTCString(), 'X-RateLimit-Reset': String(serverNow + 20_000) };
		const { at } = readReset(headers, NOW);
		expect(at! - NOW).toBeGreaterThanOrEqual(19_000);
		expect(at! - NOW).toBeLessThanOrEqual(21_000);
	});

	test('a skew within the Date header’s resolution is ignored (our own clock is used)', () => {
		expect(serverSkewMs({ date: new Date(NOW).toUTCString() }, NOW)).toBe(0);
		expect(serverSkewMs({ date: 'not a date' }, NOW)).toBe(0);
	});

	test('counts: whole numbers only, nothing absurd', () => {
		expect(readCount({ 'x-ratelimit-remaining': '7' }, 'x-ratelimit-remaining')).toBe(7);
		expect(readCount({ 'X-RateLimit-Remaining': ['3'] }, 'x-ratelimit-remaining')).toBe(3);
		for (const bad of ['-1', '1.5', 'NaN', '', '1e400', '99999999999']) {
			expect(readCount({ 'x-ratelimit-remaining': bad }, 'x-ratelimit-remaining')).toBeUndefined();
		}
	});
});

describe('the wait a 429 asks for', () => {
	test('Retry-After first, then the body, then X-RateLimit-Reset', () => {
		const reset = String(NOW + 9000);
		expect(retryHint({ 'retry-after': '2', 'x-ratelimit-reset': reset }, 5, NOW)).toEqual({ ms: 2000, source: 'retry-after', distrusted: false });
		expect(retryHint({ 'x-ratelimit-reset': reset }, 5, NOW)).toEqual({ ms: 5000, source: 'body', distrusted: false });
		expect(retryHint({ 'x-ratelimit-reset': reset }, undefined, NOW)).toEqual({ ms: 9000, source: 'reset', distrusted: false });
		expect(retryHint({}, undefined, NOW)).toEqual({ distrusted: false });
	});

	test('Retry-After as a date is read against the server’s clock', () => {
		const serverNow = NOW + 5 * 3600_000;
		const hint = retryHint({ date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 10_000).toUTCString() }, undefined, NOW);
		expect(hint.ms).toBeGreaterThanOrEqual(9_000);
		expect(hint.ms).toBeLessThanOrEqual(11_000);
	});

	test('a wait longer than a day is not a hint: the next believable one is used, or none', () => {
		expect(retryHint({ 'retry-after': '100000000' }, 3, NOW)).toEqual({ ms: 3000, source: 'body', distrusted: false });
		expect(retryHint({ 'retry-after': '100000000' }, 1e12, NOW)).toEqual({ distrusted: true });
		expect(retryHint({ 'x-ratelimit-reset': String(NOW * 1000 * 1000 * 1000) }, undefined, NOW).ms).toBeUndefined();
	});

	test('an hour is believed (the caller decides whether it fits the time left)', () => {
		expect(retryHint({ 'retry-after': '3600' }, undefined, NOW).ms).toBe(3_600_000);
	});
});
