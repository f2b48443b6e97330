/**
 * Issue 25: how long a 429 makes the node wait, at the edges the suite did not pin down (found by
 * mutation testing of nodes/shared/transport/rateHints.ts). Pure functions, every one given `now`.
 */
import { MAX_RESET_AHEAD_MS, MAX_RETRY_AFTER_MS, readCount, readReset, retryHint, serverSkewMs } from '../../nodes/shared/transport/rateHints';

/** A whole second, as HTTP dates are. */
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const httpDate = (at: number) => new Date(at).toUTCString();
const reset30s = { 'x-ratelimit-reset': '30' };

describe('issue 25: details.retry_after in the 429 body', () => {
	test('details.retry_after of 0 means "try again now": no wait, read from the body', () => {
		expect(retryHint({}, 0, NOW)).toEqual({ ms: 0, source: 'body', distrusted: false });
	});

	test('details.retry_after below 0 is ignored: X-RateLimit-Reset is used instead, and the hint counts as distrusted when nothing else is there', () => {
		expect(retryHint(reset30s, -5, NOW)).toEqual({ ms: 30_000, source: 'reset', distrusted: false });
		expect(retryHint({}, -0.001, NOW)).toEqual({ distrusted: true });
	});

	test('details.retry_after of exactly a day is still waited for; a second more is ignored', () => {
		expect(retryHint({}, MAX_RETRY_AFTER_MS / 1000, NOW)).toEqual({ ms: MAX_RETRY_AFTER_MS, source: 'body', distrusted: false });
		expect(retryHint(reset30s, MAX_RETRY_AFTER_MS / 1000 + 1, NOW)).toEqual({ ms: 30_000, source: 'reset', distrusted: false });
	});

	test('a Retry-After header wins over details.retry_after', () => {
		expect(retryHint({ 'retry-after': '7' }, 20, NOW)).toEqual({ ms: 7_000, source: 'retry-after', distrusted: false });
	});
});

describe('issue 25: Retry-After', () => {
	test('an unreadable Retry-After date is ignored: details.retry_after is used instead, else the hint counts as distrusted', () => {
		expect(retryHint({ 'retry-after': 'tomorrow at noon' }, 12, NOW)).toEqual({ ms: 12_000, source: 'body', distrusted: false });
		expect(retryHint({ 'retry-after': 'tomorrow at noon' }, undefined, NOW)).toEqual({ distrusted: true });
	});

	test('a Retry-After date 40 seconds ahead waits 40 seconds; a date already past waits nothing', () => {
		expect(retryHint({ 'retry-after': httpDate(NOW + 40_000) }, undefined, NOW)).toEqual({ ms: 40_000, source: 'retry-after', distrusted: false });
		expect(retryHint({ 'retry-after': httpDate(NOW - 40_000) }, undefined, NOW)).toEqual({ ms: 0, source: 'retry-after', distrusted: false });
	});

	test('a Retry-After date is read against the server clock: a server 10 minutes ahead asking for "its now + 40 s" means 40 s', () => {
		const server = NOW + 600_000;
		expect(retryHint({ date: httpDate(server), 'retry-after': httpDate(server + 40_000) }, undefined, NOW)).toEqual({ ms: 40_000, source: 'retry-after', distrusted: false });
	});

	test('Retry-After of exactly a day (86400 seconds) is waited for; 86401 seconds is ignored', () => {
		expect(retryHint({ 'retry-after': '86400' }, undefined, NOW)).toEqual({ ms: MAX_RETRY_AFTER_MS, source: 'retry-after', distrusted: false });
		expect(retryHint({ 'retry-after': '86401' }, undefined, NOW)).toEqual({ distrusted: true });
		expect(retryHint({ 'retry-after': '86401', ...reset30s }, undefined, NOW)).toEqual({ ms: 30_000, source: 'reset', distrusted: false });
	});

	test('Retry-After: 1.5 waits one and a half seconds', () => {
		expect(retryHint({ 'Retry-After': '1.5' }, undefined, NOW)).toEqual({ ms: 1_500, source: 'retry-after', distrusted: false });
	});
});

describe('issue 25: X-RateLimit-Reset at the edges of a believable window', () => {
	test(`a reset exactly ${MAX_RESET_AHEAD_MS / 1000} s ahead is believed; one millisecond more is not`, () => {
		expect(readReset({ 'x-ratelimit-reset': String(NOW + MAX_RESET_AHEAD_MS) }, NOW)).toEqual({ at: NOW + MAX_RESET_AHEAD_MS, distrusted: false });
		expect(readReset({ 'x-ratelimit-reset': String(NOW + MAX_RESET_AHEAD_MS + 1) }, NOW)).toEqual({ distrusted: true });
	});

	test('a reset up to 2 s in the past (clock skew) means "now"; further in the past is not believed', () => {
		expect(readReset({ 'x-ratelimit-reset': String(NOW - 2_000) }, NOW)).toEqual({ at: NOW, distrusted: false });
		expect(readReset({ 'x-ratelimit-reset': String(NOW - 2_001) }, NOW)).toEqual({ distrusted: true });
	});

	test('an unreadable reset is not believed, and with no other hint the wait is unknown and counted as distrusted', () => {
		expect(readReset({ 'x-ratelimit-reset': 'soon' }, NOW)).toEqual({ distrusted: true });
		expect(retryHint({ 'x-ratelimit-reset': 'soon' }, undefined, NOW)).toEqual({ distrusted: true });
		expect(retryHint({}, undefined, NOW)).toEqual({ distrusted: false });
	});

	test('seconds from now are read on our clock even when the server clock is off', () => {
		expect(readReset({ date: httpDate(NOW + 600_000), 'x-ratelimit-reset': '30' }, NOW)).toEqual({ at: NOW + 30_000, distrusted: false });
	});

	test('Unix seconds are read against the server clock: a server 10 minutes behind, reset at its now + 30 s, means 30 s', () => {
		const server = NOW - 600_000;
		expect(readReset({ date: httpDate(server), 'x-ratelimit-reset': String((server + 30_000) / 1000) }, NOW)).toEqual({ at: NOW + 30_000, distrusted: false });
	});
});

describe('issue 25: hints written in ways servers write them', () => {
	test('Retry-After: 1.25 waits 1.25 s, and " 5 " (spaces around) waits 5 s', () => {
		expect(retryHint({ 'retry-after': '1.25' }, undefined, NOW)).toEqual({ ms: 1_250, source: 'retry-after', distrusted: false });
		expect(retryHint({ 'retry-after': ' 5 ' }, undefined, NOW)).toEqual({ ms: 5_000, source: 'retry-after', distrusted: false });
	});

	test('an empty or null Retry-After header is as if there were none: not a hint that makes no sense', () => {
		expect(retryHint({ 'retry-after': '' }, undefined, NOW)).toEqual({ distrusted: false });
		expect(retryHint({ 'retry-after': '   ' }, undefined, NOW)).toEqual({ distrusted: false });
		expect(retryHint({ 'retry-after': null }, undefined, NOW)).toEqual({ distrusted: false });
		expect(retryHint({ 'retry-after': null }, 3, NOW)).toEqual({ ms: 3_000, source: 'body', distrusted: false });
	});

	test('X-RateLimit-Reset of 30.25 seconds from now waits 30.25 s; 30.5 waits 30.5 s', () => {
		expect(readReset({ 'x-ratelimit-reset': '30.25' }, NOW)).toEqual({ at: NOW + 30_250, distrusted: false });
		expect(readReset({ 'x-ratelimit-reset': '30.5' }, NOW)).toEqual({ at: NOW + 30_500, distrusted: false });
	});

	test('an X-RateLimit-Reset in hexadecimal (0x1E) is not a form servers send: not believed', () => {
		expect(readReset({ 'x-ratelimit-reset': '0x1E' }, NOW)).toEqual({ distrusted: true });
	});
});

describe('issue 25: the server clock', () => {
	test('a Date header up to 2 s off is our clock (the header has whole seconds); 3 s off is the server’s own clock', () => {
		expect(serverSkewMs({ date: httpDate(NOW + 2_000) }, NOW)).toBe(0);
		expect(serverSkewMs({ date: httpDate(NOW - 2_000) }, NOW)).toBe(0);
		expect(serverSkewMs({ date: httpDate(NOW + 3_000) }, NOW)).toBe(3_000);
		expect(serverSkewMs({ date: httpDate(NOW - 3_000) }, NOW)).toBe(-3_000);
		expect(serverSkewMs({ date: 'not a date' }, NOW)).toBe(0);
		expect(serverSkewMs({ Date: httpDate(NOW + 5_000) }, NOW)).toBe(5_000);
	});
});

describe('issue 25: X-RateLimit-Limit and -Remaining', () => {
	test('a count of 10 million is read; more, a negative or a fraction is not', () => {
		expect(readCount({ 'x-ratelimit-limit': '10000000' }, 'x-ratelimit-limit')).toBe(1e7);
		expect(readCount({ 'x-ratelimit-limit': '10000001' }, 'x-ratelimit-limit')).toBeUndefined();
		expect(readCount({ 'x-ratelimit-limit': '-1' }, 'x-ratelimit-limit')).toBeUndefined();
		expect(readCount({ 'x-ratelimit-limit': '1.5' }, 'x-ratelimit-limit')).toBeUndefined();
		expect(readCount({ 'X-RateLimit-Remaining': ['0', '5'] }, 'x-ratelimit-remaining')).toBe(0);
		expect(readCount({ 'x-ratelimit-remaining': '  ' }, 'x-ratelimit-remaining')).toBeUndefined();
	});
});
