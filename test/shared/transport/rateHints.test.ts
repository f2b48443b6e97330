/**
 * Rate-limit hints that make no sense, and the forms of X-RateLimit-Reset / Retry-After:
 * pure functions, every one given `now`.
 */
import { MAX_RESET_AHEAD_MS, MAX_RETRY_AFTER_MS, readCount, readReset, retryHint, serverSkewMs } from '../../../nodes/shared/transport/rateHints';

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

	test.each([
		['Unix seconds', String(Math.ceil(IN_30_S / 1000))],
		['Unix milliseconds', String(IN_30_S)],
		['Unix microseconds', String(IN_30_S * 1000)],
		['Unix nanoseconds', `${IN_30_S}000000`],
		['an HTTP date', new Date(Math.ceil(IN_30_S / 1000) * 1000).toUTCString()],
	])('as %s beside a Date header that says no time: the server’s clock is unknown, so the time is not believed', (_form, value) => {
		expect(readReset({ 'x-ratelimit-reset': value, date: 'yesterday' }, NOW)).toEqual({ distrusted: true });
	});

	test('as seconds from now beside a Date header that says no time: believed (it needs no clock)', () => {
		expect(readReset({ 'x-ratelimit-reset': '30', date: 'yesterday' }, NOW)).toEqual({ at: NOW + 30_000, distrusted: false });
	});

	test('absent: nothing known, nothing distrusted', () => {
		expect(readReset({}, NOW)).toEqual({ distrusted: false });
		expect(readReset(undefined, NOW)).toEqual({ distrusted: false });
	});
});

describe('hints that make no sense are not believed', () => {
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

	test('a skew within the Date header’s resolution is ignored (our own clock is used); an unreadable Date leaves the server’s clock unknown', () => {
		expect(serverSkewMs({ date: new Date(NOW).toUTCString() }, NOW)).toBe(0);
		expect(serverSkewMs({ date: 'not a date' }, NOW)).toBeUndefined();
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

/** A whole second, as HTTP dates are. */
const ON_THE_SECOND = Date.UTC(2026, 10, 21, 12, 0, 0);
const httpDate = (at: number) => new Date(at).toUTCString();
const reset30s = { 'x-ratelimit-reset': '30' };

describe('details.retry_after in the 429 body', () => {
	test('details.retry_after of 0 means "try again now": no wait, read from the body', () => {
		expect(retryHint({}, 0, ON_THE_SECOND)).toEqual({ ms: 0, source: 'body', distrusted: false });
	});

	test('details.retry_after below 0 is ignored: X-RateLimit-Reset is used instead, and the hint counts as distrusted when nothing else is there', () => {
		expect(retryHint(reset30s, -5, ON_THE_SECOND)).toEqual({ ms: 30_000, source: 'reset', distrusted: false });
		expect(retryHint({}, -0.001, ON_THE_SECOND)).toEqual({ distrusted: true });
	});

	test('details.retry_after of exactly a day is still waited for; a second more is ignored', () => {
		expect(retryHint({}, MAX_RETRY_AFTER_MS / 1000, ON_THE_SECOND)).toEqual({ ms: MAX_RETRY_AFTER_MS, source: 'body', distrusted: false });
		expect(retryHint(reset30s, MAX_RETRY_AFTER_MS / 1000 + 1, ON_THE_SECOND)).toEqual({ ms: 30_000, source: 'reset', distrusted: false });
	});

	test('a Retry-After header wins over details.retry_after', () => {
		expect(retryHint({ 'retry-after': '7' }, 20, ON_THE_SECOND)).toEqual({ ms: 7_000, source: 'retry-after', distrusted: false });
	});
});

describe('Retry-After', () => {
	test('an unreadable Retry-After date is ignored: details.retry_after is used instead, else the hint counts as distrusted', () => {
		expect(retryHint({ 'retry-after': 'tomorrow at noon' }, 12, ON_THE_SECOND)).toEqual({ ms: 12_000, source: 'body', distrusted: false });
		expect(retryHint({ 'retry-after': 'tomorrow at noon' }, undefined, ON_THE_SECOND)).toEqual({ distrusted: true });
	});

	test('a Retry-After date 40 seconds ahead waits 40 seconds; a date already past waits nothing', () => {
		expect(retryHint({ 'retry-after': httpDate(ON_THE_SECOND + 40_000) }, undefined, ON_THE_SECOND)).toEqual({ ms: 40_000, source: 'retry-after', distrusted: false });
		expect(retryHint({ 'retry-after': httpDate(ON_THE_SECOND - 40_000) }, undefined, ON_THE_SECOND)).toEqual({ ms: 0, source: 'retry-after', distrusted: false });
	});

	test('a Retry-After date is read against the server clock: a server 10 minutes ahead asking for "its now + 40 s" means 40 s', () => {
		const server = ON_THE_SECOND + 600_000;
		expect(retryHint({ date: httpDate(server), 'retry-after': httpDate(server + 40_000) }, undefined, ON_THE_SECOND)).toEqual({ ms: 40_000, source: 'retry-after', distrusted: false });
	});

	test('Retry-After of exactly a day (86400 seconds) is waited for; 86401 seconds is ignored', () => {
		expect(retryHint({ 'retry-after': '86400' }, undefined, ON_THE_SECOND)).toEqual({ ms: MAX_RETRY_AFTER_MS, source: 'retry-after', distrusted: false });
		expect(retryHint({ 'retry-after': '86401' }, undefined, ON_THE_SECOND)).toEqual({ distrusted: true });
		expect(retryHint({ 'retry-after': '86401', ...reset30s }, undefined, ON_THE_SECOND)).toEqual({ ms: 30_000, source: 'reset', distrusted: false });
	});

	test('Retry-After: 1.5 waits one and a half seconds', () => {
		expect(retryHint({ 'Retry-After': '1.5' }, undefined, ON_THE_SECOND)).toEqual({ ms: 1_500, source: 'retry-after', distrusted: false });
	});
});

describe('X-RateLimit-Reset at the edges of a believable window', () => {
	test(`a reset exactly ${MAX_RESET_AHEAD_MS / 1000} s ahead is believed; one millisecond more is not`, () => {
		expect(readReset({ 'x-ratelimit-reset': String(ON_THE_SECOND + MAX_RESET_AHEAD_MS) }, ON_THE_SECOND)).toEqual({ at: ON_THE_SECOND + MAX_RESET_AHEAD_MS, distrusted: false });
		expect(readReset({ 'x-ratelimit-reset': String(ON_THE_SECOND + MAX_RESET_AHEAD_MS + 1) }, ON_THE_SECOND)).toEqual({ distrusted: true });
	});

	test('a reset up to 2 s in the past (clock skew) means "now"; further in the past is not believed', () => {
		expect(readReset({ 'x-ratelimit-reset': String(ON_THE_SECOND - 2_000) }, ON_THE_SECOND)).toEqual({ at: ON_THE_SECOND, distrusted: false });
		expect(readReset({ 'x-ratelimit-reset': String(ON_THE_SECOND - 2_001) }, ON_THE_SECOND)).toEqual({ distrusted: true });
	});

	test('an unreadable reset is not believed, and with no other hint the wait is unknown and counted as distrusted', () => {
		expect(readReset({ 'x-ratelimit-reset': 'soon' }, ON_THE_SECOND)).toEqual({ distrusted: true });
		expect(retryHint({ 'x-ratelimit-reset': 'soon' }, undefined, ON_THE_SECOND)).toEqual({ distrusted: true });
		expect(retryHint({}, undefined, ON_THE_SECOND)).toEqual({ distrusted: false });
	});

	test('seconds from now are read on our clock even when the server clock is off', () => {
		expect(readReset({ date: httpDate(ON_THE_SECOND + 600_000), 'x-ratelimit-reset': '30' }, ON_THE_SECOND)).toEqual({ at: ON_THE_SECOND + 30_000, distrusted: false });
	});

	test('Unix seconds are read against the server clock: a server 10 minutes behind, reset at its now + 30 s, means 30 s', () => {
		const server = ON_THE_SECOND - 600_000;
		expect(readReset({ date: httpDate(server), 'x-ratelimit-reset': String((server + 30_000) / 1000) }, ON_THE_SECOND)).toEqual({ at: ON_THE_SECOND + 30_000, distrusted: false });
	});
});

describe('hints written in ways servers write them', () => {
	test('Retry-After: 1.25 waits 1.25 s, and " 5 " (spaces around) waits 5 s', () => {
		expect(retryHint({ 'retry-after': '1.25' }, undefined, ON_THE_SECOND)).toEqual({ ms: 1_250, source: 'retry-after', distrusted: false });
		expect(retryHint({ 'retry-after': ' 5 ' }, undefined, ON_THE_SECOND)).toEqual({ ms: 5_000, source: 'retry-after', distrusted: false });
	});

	test('an empty or null Retry-After header is as if there were none: not a hint that makes no sense', () => {
		expect(retryHint({ 'retry-after': '' }, undefined, ON_THE_SECOND)).toEqual({ distrusted: false });
		expect(retryHint({ 'retry-after': '   ' }, undefined, ON_THE_SECOND)).toEqual({ distrusted: false });
		expect(retryHint({ 'retry-after': null }, undefined, ON_THE_SECOND)).toEqual({ distrusted: false });
		expect(retryHint({ 'retry-after': null }, 3, ON_THE_SECOND)).toEqual({ ms: 3_000, source: 'body', distrusted: false });
	});

	test('X-RateLimit-Reset of 30.25 seconds from now waits 30.25 s; 30.5 waits 30.5 s', () => {
		expect(readReset({ 'x-ratelimit-reset': '30.25' }, ON_THE_SECOND)).toEqual({ at: ON_THE_SECOND + 30_250, distrusted: false });
		expect(readReset({ 'x-ratelimit-reset': '30.5' }, ON_THE_SECOND)).toEqual({ at: ON_THE_SECOND + 30_500, distrusted: false });
	});

	test('an X-RateLimit-Reset in hexadecimal (0x1E) is not a form servers send: not believed', () => {
		expect(readReset({ 'x-ratelimit-reset': '0x1E' }, ON_THE_SECOND)).toEqual({ distrusted: true });
	});
});

describe('the server clock', () => {
	test('a Date header up to 2 s off is our clock (the header has whole seconds); 3 s off is the server’s own clock; an unreadable one leaves it unknown', () => {
		expect(serverSkewMs({ date: httpDate(ON_THE_SECOND + 2_000) }, ON_THE_SECOND)).toBe(0);
		expect(serverSkewMs({ date: httpDate(ON_THE_SECOND - 2_000) }, ON_THE_SECOND)).toBe(0);
		expect(serverSkewMs({ date: httpDate(ON_THE_SECOND + 3_000) }, ON_THE_SECOND)).toBe(3_000);
		expect(serverSkewMs({ date: httpDate(ON_THE_SECOND - 3_000) }, ON_THE_SECOND)).toBe(-3_000);
		expect(serverSkewMs({ date: 'not a date' }, ON_THE_SECOND)).toBeUndefined();
		expect(serverSkewMs({ Date: httpDate(ON_THE_SECOND + 5_000) }, ON_THE_SECOND)).toBe(5_000);
	});
});

describe('X-RateLimit-Limit and -Remaining', () => {
	test('a count of 10 million is read; more, a negative or a fraction is not', () => {
		expect(readCount({ 'x-ratelimit-limit': '10000000' }, 'x-ratelimit-limit')).toBe(1e7);
		expect(readCount({ 'x-ratelimit-limit': '10000001' }, 'x-ratelimit-limit')).toBeUndefined();
		expect(readCount({ 'x-ratelimit-limit': '-1' }, 'x-ratelimit-limit')).toBeUndefined();
		expect(readCount({ 'x-ratelimit-limit': '1.5' }, 'x-ratelimit-limit')).toBeUndefined();
		expect(readCount({ 'X-RateLimit-Remaining': ['0', '5'] }, 'x-ratelimit-remaining')).toBe(0);
		expect(readCount({ 'x-ratelimit-remaining': '  ' }, 'x-ratelimit-remaining')).toBeUndefined();
	});
});

describe('a Retry-After that is neither whole seconds nor an HTTP date is not believed', () => {
	test('Retry-After "1e1" (not delay-seconds, not a date) is distrusted, not read as 10 seconds', () => {
		expect(retryHint({ 'retry-after': '1e1' }, undefined, ON_THE_SECOND)).toEqual({ distrusted: true });
	});

	test('Retry-After "0x10" is distrusted, not read as 16 seconds', () => {
		expect(retryHint({ 'retry-after': '0x10' }, undefined, ON_THE_SECOND)).toEqual({ distrusted: true });
	});

});

describe('an X-RateLimit-Reset that is not a plain number is not read as seconds from now', () => {
	test('X-RateLimit-Reset "3e1" is distrusted, not read as 30 seconds from now', () => {
		expect(readReset({ 'x-ratelimit-reset': '3e1' }, ON_THE_SECOND)).toEqual({ distrusted: true });
	});

	test('X-RateLimit-Reset "+30" is distrusted (Date.parse reads a date in 2001), not 30 seconds from now', () => {
		expect(readReset({ 'x-ratelimit-reset': '+30' }, ON_THE_SECOND)).toEqual({ distrusted: true });
	});
});
