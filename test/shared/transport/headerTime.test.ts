/**
 * The times a rate-limit or retry header may carry: read in every form that says its zone (HTTP dates,
 * RFC 5322 dates, ISO 8601 with a zone); never guessed in the n8n machine's zone when the server wrote none.
 */
import { headerTimeMs } from '../../../nodes/shared/transport/headerTime';
import { readReset, retryHint, serverSkewMs } from '../../../nodes/shared/transport/rateHints';

const AT = Date.UTC(1994, 10, 6, 8, 49, 37);
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('a time in a response header', () => {
	test.each([
		['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
		['RFC 850 (obsolete)', 'Sunday, 06-Nov-94 08:49:37 GMT'],
		['asctime (obsolete, GMT by definition)', 'Sun Nov  6 08:49:37 1994'],
		['lower-case gmt', 'Sun, 06 Nov 1994 08:49:37 gmt'],
		['UTC', 'Sun, 06 Nov 1994 08:49:37 UTC'],
		['+0000', 'Sun, 06 Nov 1994 08:49:37 +0000'],
		['an offset', 'Sun, 06 Nov 1994 09:49:37 +0100'],
		['a US zone name', 'Sun, 06 Nov 1994 03:49:37 EST'],
		['no day name, one-digit day, extra spaces', ' 6  Nov 1994  08:49:37 GMT '],
		['ISO 8601 in UTC', '1994-11-06T08:49:37Z'],
		['ISO 8601 with a space and Z', '1994-11-06 08:49:37Z'],
		['ISO 8601 with an offset', '1994-11-06T09:49:37+01:00'],
	])('%s is read as that instant', (_form, value) => {
		expect(headerTimeMs(value, NOW)).toBe(AT);
	});

	test('a two-digit year is the latest with those digits not more than 50 years ahead (RFC 9110)', () => {
		expect(headerTimeMs('Monday, 23-Nov-26 12:00:30 GMT', NOW)).toBe(Date.UTC(2026, 10, 23, 12, 0, 30));
		expect(headerTimeMs('Monday, 23-Nov-76 12:00:30 GMT', NOW)).toBe(Date.UTC(2076, 10, 23, 12, 0, 30));
		expect(headerTimeMs('Monday, 23-Nov-77 12:00:30 GMT', NOW)).toBe(Date.UTC(1977, 10, 23, 12, 0, 30));
		// The pivot moves with the clock: in 2071, 70 is 2070.
		expect(headerTimeMs('Monday, 23-Nov-70 12:00:30 GMT', Date.UTC(2071, 0, 1))).toBe(Date.UTC(2070, 10, 23, 12, 0, 30));
	});

	test.each([
		['a time without a zone (Date.parse would read it in the machine’s zone)', '2026-11-23 12:00:00'],
		['an ISO time without a zone', '2026-11-23T12:00:00'],
		['an HTTP date without its zone', 'Mon, 23 Nov 2026 12:00:00'],
		['a zone name no standard gives', 'Mon, 23 Nov 2026 12:00:00 CET'],
		['a day that does not exist', 'Mon, 31 Feb 2026 12:00:00 GMT'],
		['an hour that does not exist', 'Mon, 23 Nov 2026 25:00:00 GMT'],
		['a word', 'soon'],
		['a date only', '2026-11-23'],
	])('%s is no time', (_what, value) => {
		expect(headerTimeMs(value, NOW)).toBeUndefined();
	});
});

describe('rate-limit hints with a time in another form or without a zone', () => {
	test('a Retry-After in any zoned form is waited for', () => {
		for (const value of ['Mon, 23 Nov 2026 12:00:30 gmt', 'Mon, 23 Nov 2026 12:00:30 UTC', 'Mon, 23 Nov 2026 12:00:30 +0000', '2026-11-23 12:00:30Z']) {
			expect(retryHint({ 'retry-after': value }, undefined, NOW)).toEqual({ ms: 30_000, source: 'retry-after', distrusted: false });
		}
	});

	test('a Retry-After without a zone is not believed (no wait guessed from the machine’s zone)', () => {
		expect(retryHint({ 'retry-after': '2026-11-23 12:00:30' }, undefined, NOW)).toEqual({ distrusted: true });
		// The body's hint is used instead when there is one.
		expect(retryHint({ 'retry-after': '2026-11-23 12:00:30' }, 5, NOW)).toEqual({ ms: 5_000, source: 'body', distrusted: false });
	});

	test('an X-RateLimit-Reset without a zone is not believed; with its zone it is', () => {
		expect(readReset({ 'x-ratelimit-reset': '2026-11-23T12:00:30' }, NOW)).toEqual({ distrusted: true });
		expect(readReset({ 'x-ratelimit-reset': '2026-11-23T12:00:30Z' }, NOW)).toEqual({ at: NOW + 30_000, distrusted: false });
	});

	test('a Date header in a zoned form gives the server’s clock; without a zone its clock is unknown', () => {
		expect(serverSkewMs({ date: 'Mon, 23 Nov 2026 15:00:00 +0000' }, NOW)).toBe(3 * 3600_000);
		expect(serverSkewMs({ date: 'Mon, 23 Nov 2026 15:00:00 gmt' }, NOW)).toBe(3 * 3600_000);
		expect(serverSkewMs({ date: '2026-11-23 15:00:00' }, NOW)).toBeUndefined();
	});

	test('with the server’s clock unknown, an absolute time is not believed and seconds from now are', () => {
		const unknownClock = { date: '2026-11-23 15:00:00' };
		expect(retryHint({ ...unknownClock, 'retry-after': 'Mon, 23 Nov 2026 15:00:30 GMT' }, undefined, NOW)).toEqual({ distrusted: true });
		expect(retryHint({ ...unknownClock, 'retry-after': '30' }, undefined, NOW)).toEqual({ ms: 30_000, source: 'retry-after', distrusted: false });
		expect(readReset({ ...unknownClock, 'x-ratelimit-reset': String(Math.floor(NOW / 1000) + 30) }, NOW)).toEqual({ distrusted: true });
		expect(readReset({ ...unknownClock, 'x-ratelimit-reset': '30' }, NOW)).toEqual({ at: NOW + 30_000, distrusted: false });
	});

	test('a server clock 3 hours behind, with its Date written +0000: the Retry-After date is read on its clock', () => {
		const server = NOW - 3 * 3600_000;
		const headers = { date: 'Mon, 23 Nov 2026 09:00:00 +0000', 'retry-after': new Date(server + 30_000).toUTCString() };
		expect(retryHint(headers, undefined, NOW)).toEqual({ ms: 30_000, source: 'retry-after', distrusted: false });
	});
});
