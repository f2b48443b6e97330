import {
	accountState,
	backoffMs,
	block,
	countRequest,
	paceMs,
	parseResetTime,
	parseRetryAfter,
	recordResponse,
	requestDone,
	resetRateLimitState,
	retryHintMs,
} from '../../nodes/shared/transport/rateLimit';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const HTTP_DATE_IN_3S = new Date(NOW + 3000).toUTCString();

beforeEach(() => resetRateLimitState());

describe('X-RateLimit-Reset: a point in time in any of four forms', () => {
	test.each([
		['Unix seconds', String(NOW / 1000 + 30), NOW + 30_000],
		['Unix seconds with a fraction', String(NOW / 1000 + 1.5), NOW + 1500],
		['Unix milliseconds', String(NOW + 1234), NOW + 1234],
		['seconds from now', '45', NOW + 45_000],
		['an HTTP date', HTTP_DATE_IN_3S, NOW + 3000],
		['nothing', undefined, undefined],
		['empty', '', undefined],
		['garbage', 'soon', undefined],
	])('%s: %s', (_form, value, at) => {
		expect(parseResetTime(value, NOW)).toBe(at);
	});
});

describe('Retry-After: seconds or an HTTP date, in ms from now', () => {
	test.each([
		['2', 2000],
		['0.5', 500],
		[HTTP_DATE_IN_3S, 3000],
		[new Date(NOW - 5000).toUTCString(), 0],
		['later', undefined],
		[undefined, undefined],
	])('%s → %s', (value, ms) => {
		expect(parseRetryAfter(value, NOW)).toBe(ms);
	});
});

describe('retryHintMs: Retry-After, then the body, then X-RateLimit-Reset', () => {
	test.each([
		[{ 'retry-after': '2', 'x-ratelimit-reset': '9' }, 7, 2000],
		[{ 'x-ratelimit-reset': '9' }, 7, 7000],
		[{ 'x-ratelimit-reset': '9' }, undefined, 9000],
		[{ 'x-ratelimit-reset': String(NOW - 1000) }, undefined, 0],
		[{ 'retry-after': ['4', '8'] }, undefined, 4000],
		[{}, -3, 0],
		[{}, undefined, undefined],
		[undefined, undefined, undefined],
	])('%o, body %s → %s', (headers, body, ms) => {
		expect(retryHintMs(headers as never, body, NOW)).toBe(ms);
	});
});

describe('backoffMs: doubling steps from 500 ms up to 30 s, jitter from half to the full step', () => {
	test.each([
		[1, 0, 250],
		[1, 0.5, 375],
		[1, 0.999, 500],
		[2, 0, 500],
		[3, 0.5, 1500],
		[7, 0, 15_000],
		[8, 0, 15_000],
		[20, 0.999, 29_985],
	])('retry %s with jitter %s → %s ms', (attempt, random, ms) => {
		expect(backoffMs(attempt, random)).toBe(ms);
	});
});

describe('pacing state of one account', () => {
	test('a fresh account goes at once', () => {
		expect(paceMs(accountState('a', NOW), NOW)).toBe(0);
	});

	test('Remaining 0 with a reset: wait until the reset, then the new window is open', () => {
		const state = accountState('a', NOW);
		countRequest(state);
		recordResponse(state, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 2000) }, NOW);
		requestDone(state);
		expect(paceMs(state, NOW)).toBe(2000);
		expect(paceMs(state, NOW + 1500)).toBe(500);
		expect(paceMs(state, NOW + 2000)).toBe(0);
		expect(state.remaining).toBeUndefined();
	});

	test('requests going out count down the window until the next response', () => {
		const state = accountState('a', NOW);
		countRequest(state);
		recordResponse(state, { 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(NOW + 60_000) }, NOW);
		requestDone(state);
		countRequest(state);
		countRequest(state);
		expect([state.remaining, state.inFlight]).toEqual([0, 2]);
		expect(paceMs(state, NOW + 10_000)).toBe(50_000);
	});

	test('requests still in flight are counted against what a response reports (no overshoot with Batch Size > 1)', () => {
		const state = accountState('a', NOW);
		for (let i = 0; i < 4; i++) countRequest(state);
		// The first answer says 5 left; the three others in flight will use three of them.
		recordResponse(state, { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': String(NOW + 60_000) }, NOW);
		requestDone(state);
		expect([state.remaining, state.inFlight]).toEqual([2, 3]);
		// A later answer of the same window cannot raise the estimate.
		recordResponse(state, { 'x-ratelimit-remaining': '9', 'x-ratelimit-reset': String(NOW + 60_000) }, NOW);
		requestDone(state);
		expect(state.remaining).toBe(2);
		// An answer of the next window replaces it (less the one request still in flight).
		recordResponse(state, { 'x-ratelimit-remaining': '9', 'x-ratelimit-reset': String(NOW + 120_000) }, NOW + 60_000);
		requestDone(state);
		expect([state.remaining, state.inFlight]).toEqual([8, 1]);
	});

	test('Remaining 0 without a reset: a window of a minute is assumed', () => {
		const state = accountState('a', NOW);
		recordResponse(state, { 'x-ratelimit-remaining': '0' }, NOW);
		expect(paceMs(state, NOW)).toBe(60_000);
	});

	test('a response without X-RateLimit-Remaining changes nothing', () => {
		const state = accountState('a', NOW);
		recordResponse(state, { 'x-ratelimit-reset': String(NOW + 5000) }, NOW);
		expect([state.remaining, state.resetAt]).toEqual([undefined, undefined]);
	});

	test('a 429 blocks the whole account; a later, shorter block does not shorten it', () => {
		const state = accountState('a', NOW);
		block(state, 3000, NOW);
		block(state, 1000, NOW);
		expect(paceMs(accountState('a', NOW), NOW)).toBe(3000);
		expect(paceMs(state, NOW + 3000)).toBe(0);
		expect(state.blockedUntil).toBeUndefined();
		expect(paceMs(accountState('b', NOW), NOW)).toBe(0);
	});

	test('at most 200 accounts are kept: the least recently used is forgotten first', () => {
		for (let i = 0; i < 200; i++) block(accountState(`account ${i}`, NOW + i), 10_000, NOW);
		accountState('account 0', NOW + 500);
		accountState('new', NOW + 501);
		expect(paceMs(accountState('account 0', NOW + 502), NOW)).toBe(10_000);
		expect(paceMs(accountState('account 1', NOW + 503), NOW)).toBe(0);
	});
});
