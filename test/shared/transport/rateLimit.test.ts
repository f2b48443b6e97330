/**
 * What nodes/shared/transport/rateLimit.ts keeps: the back-off steps and one pacing state per account (base URL + token).
 * Reading the hints: rateHints.test.ts; the window: rateWindow.test.ts; the Auto controller:
 * autoConcurrency.test.ts; all of them together on a fake clock: pacing.test.ts.
 */
import { accountPacing, backoffMs, resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';

beforeEach(() => resetRateLimitState());

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

describe('one pacing state per account', () => {
	test('the same base URL and token share it; another token or base URL has its own', () => {
		const a = accountPacing('https://api.talkover.ai', 'talq_a');
		expect(accountPacing('https://api.talkover.ai', 'talq_a')).toBe(a);
		expect(accountPacing('https://api.talkover.ai', 'talq_b')).not.toBe(a);
		expect(accountPacing('https://eu.talkover.ai', 'talq_a')).not.toBe(a);
	});

	test('resetRateLimitState forgets every account', () => {
		const a = accountPacing('https://api.talkover.ai', 'talq_a');
		resetRateLimitState();
		expect(accountPacing('https://api.talkover.ai', 'talq_a')).not.toBe(a);
	});

	test('at most 200 accounts are kept: the least recently used idle one is forgotten first, never one in use', () => {
		const busy = accountPacing('https://api.talkover.ai', 'account 0');
		busy.window.inFlight = 1;
		for (let i = 1; i < 200; i++) accountPacing('https://api.talkover.ai', `account ${i}`);
		const second = accountPacing('https://api.talkover.ai', 'account 1');
		accountPacing('https://api.talkover.ai', 'new');
		// account 0 was the least recently used but has a request in flight; account 2 is forgotten instead.
		expect(accountPacing('https://api.talkover.ai', 'account 0')).toBe(busy);
		expect(accountPacing('https://api.talkover.ai', 'account 1')).toBe(second);
	});
});
