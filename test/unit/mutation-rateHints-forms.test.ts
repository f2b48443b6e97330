/**
 * Issue 25 review: mutants docs/mutation.md lists as equivalent in rateHints.ts that a server's
 * header tells apart. The listed reason ("Number() of any text with more than the digits is NaN") is
 * wrong: Number('1e1') is 10, Number('0x10') is 16, Number('+5') is 5.
 */
import { readReset, retryHint } from '../../nodes/shared/transport/rateHints';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('issue 25: a Retry-After that is neither whole seconds nor an HTTP date is not believed (line 104, `^` or `$` removed)', () => {
	test('Retry-After "1e1" (not delay-seconds, not a date) is distrusted, not read as 10 seconds', () => {
		expect(retryHint({ 'retry-after': '1e1' }, undefined, NOW)).toEqual({ distrusted: true });
	});

	test('Retry-After "0x10" is distrusted, not read as 16 seconds', () => {
		expect(retryHint({ 'retry-after': '0x10' }, undefined, NOW)).toEqual({ distrusted: true });
	});

});

describe('issue 25: an X-RateLimit-Reset that is not a plain number is not read as seconds from now (line 51, `^` or `$` removed)', () => {
	test('X-RateLimit-Reset "3e1" is distrusted, not read as 30 seconds from now', () => {
		expect(readReset({ 'x-ratelimit-reset': '3e1' }, NOW)).toEqual({ distrusted: true });
	});

	test('X-RateLimit-Reset "+30" is distrusted (Date.parse reads a date in 2001), not 30 seconds from now', () => {
		expect(readReset({ 'x-ratelimit-reset': '+30' }, NOW)).toEqual({ distrusted: true });
	});
});
