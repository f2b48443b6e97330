/**
 * The times a rate-limit or retry header may carry: read in the three HTTP-date forms (all GMT) and as ISO
 * 8601 with a zone; never guessed in the n8n machine's zone when the server wrote none.
 */
import { headerTimeMs } from '../../../nodes/shared/transport/headerTime';
import { retryHint, readReset, serverSkewMs } from '../../../nodes/shared/transport/rateHints';

const AT = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('a time in a response header', () => {
	test.each([
		['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
		['RFC 850 (obsolete)', 'Sunday, 06-Nov-94 08:49:37 GMT'],
		['asctime (obsolete, GMT by definition)', 'Sun Nov  6 08:49:37 1994'],
		['ISO 8601 in UTC', '1994-11-06T08:49:37Z'],
		['ISO 8601 with an offset', '1994-11-06T09:49:37+01:00'],
	])('%s is read as that instant', (_form, value) => {
		expect(headerTimeMs(value)).toBe(AT);
	});

	test('an RFC 850 two-digit year below 70 is this century', () => {
		expect(headerTimeMs('Monday, 23-Nov-26 12:00:00 GMT')).toBe(Date.UTC(2026, 10, 23, 12));
	});

	test.each([
		['a time without a zone (Date.parse would read it in the machine’s zone)', '2026-11-23 12:00:00'],
		['an ISO time without a zone', '2026-11-23T12:00:00'],
		['an HTTP date in another zone than GMT', 'Mon, 23 Nov 2026 12:00:00 EST'],
		['a day that does not exist', 'Mon, 31 Feb 2026 12:00:00 GMT'],
		['an hour that does not exist', 'Mon, 23 Nov 2026 25:00:00 GMT'],
		['a word', 'soon'],
		['a date only', '2026-11-23'],
	])('%s is no time', (_what, value) => {
		expect(headerTimeMs(value)).toBeUndefined();
	});
});

describe('rate-limit hints with a time the server wrote without a zone', () => {
	const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

	test('a Retry-After without a zone is not believed (no wait guessed from the machine’s zone)', () => {
		expect(retryHint({ 'retry-after': '2026-11-23 12:00:30' }, undefined, NOW)).toEqual({ distrusted: true });
		// The body's hint is used instead when there is one.
		expect(retryHint({ 'retry-after': '2026-11-23 12:00:30' }, 5, NOW)).toEqual({ ms: 5_000, source: 'body', distrusted: false });
	});

	test('an X-RateLimit-Reset without a zone is not believed; with its zone it is', () => {
		expect(readReset({ 'x-ratelimit-reset': '2026-11-23T12:00:30' }, NOW)).toEqual({ distrusted: true });
		expect(readReset({ 'x-ratelimit-reset': '2026-11-23T12:00:30Z' }, NOW)).toEqual({ at: NOW + 30_000, distrusted: false });
	});

	test('a Date header without a zone gives no clock skew', () => {
		expect(serverSkewMs({ date: '2026-11-23 15:00:00' }, NOW)).toBe(0);
		expect(serverSkewMs({ date: 'Mon, 23 Nov 2026 15:00:00 GMT' }, NOW)).toBe(3 * 3600_000);
	});
});
