/**
 * Pacing under Talkover's rate limit and safe retries, through n8n-core's real execution against the
 * sandbox. The node and the sandbox share a TestClock (test/helpers/clock.ts): no test sleeps, and each
 * asserts the exact waits the node asked for. Real timings are `npm run bench`'s business.
 */
import * as diagnostics from 'node:diagnostics_channel';

import type { INodeParameters } from 'n8n-workflow';

import { now, START } from '../helpers/clock';
import { runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, DRAFT_AGENT, freePort, leads, RATE_LIMITED_BODY, SALES_AGENT, SUPPORT_AGENT, TOKEN, useSandbox } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';

const { sandbox, credentials, clock } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const activePath = `/api/v1/agents/${SALES_AGENT}/active-call/${encodeURIComponent(ACTIVE_PHONE)}`;
const getActive = { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: ACTIVE_PHONE };
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}' };
const times = (method: string, path: string) => sandbox().requestsTo(method, path).map((r) => r.at - START);
/** The first back-off steps with the TestClock's jitter (0.5): 0.75 × 500 ms, 0.75 × 1000 ms. */
const BACKOFF = [375, 750];

describe('429: the wait Talkover asks for, in each documented or common form', () => {
	test.each<[string, () => { headers?: Record<string, string>; body: unknown }, number]>([
		['Retry-After in seconds', () => ({ headers: { 'Retry-After': '1' }, body: RATE_LIMITED_BODY }), 1000],
		['Retry-After as an HTTP date', () => ({ headers: { 'Retry-After': new Date(now() + 2000).toUTCString() }, body: RATE_LIMITED_BODY }), 2000],
		['the body’s details.retry_after', () => ({ body: { error: { ...RATE_LIMITED_BODY.error, details: { retry_after: 1 } } } }), 1000],
		['X-RateLimit-Reset as Unix seconds', () => ({ headers: { 'X-RateLimit-Reset': String(now() / 1000 + 3) }, body: RATE_LIMITED_BODY }), 3000],
		['X-RateLimit-Reset as Unix milliseconds', () => ({ headers: { 'X-RateLimit-Reset': String(now() + 1500) }, body: RATE_LIMITED_BODY }), 1500],
		['X-RateLimit-Reset as seconds from now', () => ({ headers: { 'X-RateLimit-Reset': '4' }, body: RATE_LIMITED_BODY }), 4000],
		['X-RateLimit-Reset as an HTTP date', () => ({ headers: { 'X-RateLimit-Reset': new Date(now() + 2000).toUTCString() }, body: RATE_LIMITED_BODY }), 2000],
		['Retry-After before the body and the reset', () => ({ headers: { 'Retry-After': '2', 'X-RateLimit-Reset': '9' }, body: { error: { details: { retry_after: 7 } } } }), 2000],
		['the body before the reset', () => ({ headers: { 'X-RateLimit-Reset': '9' }, body: { error: { details: { retry_after: 7 } } } }), 7000],
	])('%s: waits exactly that long, then sends again and succeeds', async (_form, fault, wait) => {
		sandbox().inject({ path: activePath, status: 429, ...fault() });
		const { output, error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => [o.json.to, o.json.active])).toEqual([[ACTIVE_PHONE, true]]);
		expect(clock().waits).toEqual([wait]);
		expect(times('GET', activePath)).toEqual([0, wait]);
	});

	test('a 429 on a POST is retried too (Talkover did not place the call), and the call is placed once', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 429, headers: { 'Retry-After': '0' }, body: RATE_LIMITED_BODY });
		const { output } = await runTalkover({ items: leads(1), parameters: make, credentials: credentials() });
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual(['+15550000000', '+15550000000']);
		expect(sandbox().calls.filter((c) => c.to === '+15550000000')).toHaveLength(1);
		expect(output!.map((o) => o.json.to)).toEqual(['+15550000000']);
		expect(clock().waits).toEqual([]);
	});

	test('no hint: exponential back-off with jitter (half to full step, doubling), then success', async () => {
		sandbox().inject({ path: activePath, status: 429, body: { message: 'Too many requests.' }, times: 2 });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(clock().waits).toEqual(BACKOFF);
		expect(times('GET', activePath)).toEqual([0, 375, 1125]);
	});

	test('no hint, again and again: the last retry goes only after Talkover\'s one-minute window has turned', async () => {
		sandbox().inject({ path: activePath, status: 429, body: { message: 'Too many requests.' }, times: 10 });
		const { error } = await runTalkover({ parameters: { ...getActive, options: { maxRetries: 2 } }, credentials: credentials() });
		// First 429 at 0; back-off 375 ms; the second (last) retry waits until 60 s after the first 429.
		expect(clock().waits).toEqual([375, 60_000 - 375]);
		expect(times('GET', activePath)).toEqual([0, 375, 60_000]);
		expect(error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
	});

	test('no hint, then success within the window: only the back-off is waited', async () => {
		sandbox().inject({ path: activePath, status: 429, body: { message: 'Too many requests.' }, times: 1 });
		const { error } = await runTalkover({ parameters: { ...getActive, options: { maxRetries: 2 } }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(times('GET', activePath)).toEqual([0, 375]);
	});

	test('a 429 makes every request of the account wait, not just the one that got it', async () => {
		sandbox().inject({ path: activePath, status: 429, headers: { 'Retry-After': '2' }, body: RATE_LIMITED_BODY });
		const { error } = await runTalkover({ items: [{}, {}], parameters: { ...getActive, options: { batchSize: 2 } }, credentials: credentials() });
		expect(error).toBeUndefined();
		// Item 0 got the 429 at 0; item 1 (sent at 0 too) is answered; item 0 goes again at 2000.
		expect(times('GET', activePath)).toEqual([0, 0, 2000]);
		expect(sandbox().rateLimited).toBe(0);
	});

	test('after Max Retries the item fails with a rate-limited NodeApiError and the hint', async () => {
		sandbox().inject({ path: activePath, status: 429, headers: { 'Retry-After': '0' }, body: RATE_LIMITED_BODY, times: 10 });
		const { error } = await runTalkover({ parameters: { ...getActive, options: { maxRetries: 2 } }, credentials: credentials() });
		expect(sandbox().count('GET', activePath)).toBe(3);
		expect((error as unknown as { name: string }).name).toBe('NodeApiError');
		expect(error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
		expect(error?.httpCode).toBe('429');
		expect(error?.description).toBe(
			[
				'Talkover said: "Rate limit exceeded. Please wait before making more requests."',
				'Talkover asks to wait 0 seconds before the next request.',
				'Tried 3 times and waited 0 seconds in all.',
				'Send fewer items at once (Options → Batch Size, Batch Interval), raise Options → Max Retries, or ask Talkover for a higher limit.',
			].join('\n'),
		);
		expect((error as unknown as { cause: unknown }).cause).toBe('rate-limited');
		expect((error as unknown as { context: Record<string, unknown> }).context).toMatchObject({ cause: 'rate-limited', retryAfterSeconds: 0, code: 'RATE_LIMIT_EXCEEDED' });
	});

	test('the total wait of one request is capped at 5 minutes: 100 s three times, then it fails', async () => {
		sandbox().inject({ path: activePath, status: 429, headers: { 'Retry-After': '100' }, body: RATE_LIMITED_BODY, times: 10 });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(clock().waits).toEqual([100_000, 100_000, 100_000]);
		expect(times('GET', activePath)).toEqual([0, 100_000, 200_000, 300_000]);
		expect(error?.description).toContain('Tried 4 times and waited 300 seconds in all.');
	});

	test('a wait longer than the total the node allows (5 minutes) fails at once, with the hint, without waiting', async () => {
		sandbox().inject({ path: activePath, status: 429, headers: { 'Retry-After': '3600' }, body: RATE_LIMITED_BODY });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(sandbox().count('GET', activePath)).toBe(1);
		expect(clock().waits).toEqual([]);
		expect(error?.description).toContain('Talkover asks to wait 3600 seconds before the next request.');
		expect((error as unknown as { context: Record<string, unknown> }).context).toMatchObject({ cause: 'rate-limited', retryAfterSeconds: 3600 });
	});

	test('Continue On Fail: the rate-limited item is an error item with the cause; the next item goes on', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 429, headers: { 'Retry-After': '0' }, body: RATE_LIMITED_BODY, times: 2 });
		const { output } = await runTalkover({ items: leads(2), parameters: { ...make, options: { maxRetries: 1 } }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual([
			['Talkover rate limit reached: too many requests in a short time', { item: 0 }],
			['+15550000001', { item: 1 }],
		]);
		expect(String(output![0].json.message).split('\n')).toContain('Error code: RATE_LIMIT_EXCEEDED');
		// Item 0: two 429s; item 1: placed once.
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual(['+15550000000', '+15550000000', '+15550000001']);
	});
});

describe('503, 5xx and dropped connections: retried only where sending twice is harmless', () => {
	test('503 with Retry-After on a GET: waits exactly that long and retries', async () => {
		sandbox().inject({ path: activePath, status: 503, headers: { 'Retry-After': '1' }, body: { message: 'Down for maintenance' } });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(clock().waits).toEqual([1000]);
		expect(times('GET', activePath)).toEqual([0, 1000]);
	});

	test('503 on a POST (Make Call): not retried, error item, the sandbox saw exactly one request', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 503, headers: { 'Retry-After': '0' }, body: { message: 'busy' } });
		const { output } = await runTalkover({ items: leads(1), parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(sandbox().count('POST', callPath)).toBe(1);
		expect(clock().waits).toEqual([]);
		expect(output!.map((o) => o.json.error)).toEqual(['The call may have been placed: Talkover had a problem on its side (HTTP 503)']);
	});

	const reads: Array<[string, string, string, INodeParameters]> = [
		['GET (Get Active)', 'GET', activePath, getActive],
		['PUT (Update Calling)', 'PUT', `/api/v1/agents/${SUPPORT_AGENT}/calling`, { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT), direction: 'inbound' }],
		['DELETE (Delete Agent)', 'DELETE', `/api/v1/agents/${DRAFT_AGENT}`, { resource: 'agent', operation: 'delete', agentId: byId(DRAFT_AGENT) }],
	];
	describe.each(reads)('%s', (_name, method, path, parameters) => {
		test.each([
			['a 502', { status: 502, body: '<html>Bad gateway</html>' }],
			['a reset connection', { destroy: true }],
		])('after %s it is sent again after the first back-off step and succeeds', async (_what, fault) => {
			sandbox().inject({ method, path, ...fault });
			const { output, error } = await runTalkover({ parameters, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(output!.map((o) => o.json.error)).toEqual([undefined]);
			expect(clock().waits).toEqual([375]);
			expect(times(method, path)).toEqual([0, 375]);
		});
	});

	test.each([
		['a 500', { status: 500, body: { message: 'boom' } }, 'The call may have been placed: Talkover had a problem on its side (HTTP 500)'],
		['a reset connection', { destroy: true }, 'The call may have been placed: Could not reach Talkover: the connection was closed before Talkover answered'],
	])('POST (Make Call) after %s: not retried, error item, exactly one request', async (_what, fault, message) => {
		sandbox().inject({ method: 'POST', path: callPath, ...fault });
		const { output } = await runTalkover({ items: leads(2), parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual(['+15550000000', '+15550000001']);
		expect(output!.map((o) => o.json.error ?? o.json.to)).toEqual([message, '+15550000001']);
		expect(clock().waits).toEqual([]);
	});

	test('POST after a refused connection (nothing was sent): sent again after the back-off, placed once', async () => {
		// Nothing listens on the port at first; the sandbox starts there while the node waits to try again.
		const port = await freePort();
		const late = new TalkoverSandbox({ tokens: [TOKEN], now });
		let attempts = 0;
		const onSocket = () => (attempts += 1);
		clock().hold();
		const started = clock()
			.whenSleeping()
			.then(() => late.start(port))
			.then(() => clock().release());
		diagnostics.subscribe('net.client.socket', onSocket as never);
		try {
			const { output, error } = await runTalkover({
				items: leads(1),
				parameters: make,
				credentials: { apiToken: TOKEN, baseUrl: `http://127.0.0.1:${port}` },
			});
			expect(error).toBeUndefined();
			expect(attempts).toBe(2);
			expect(clock().waits).toEqual([375]);
			expect(late.count('POST', callPath)).toBe(1);
			expect(output!.map((o) => o.json.to)).toEqual(['+15550000000']);
		} finally {
			diagnostics.unsubscribe('net.client.socket', onSocket as never);
			await started;
			await late.stop();
		}
	});
});

describe('pacing: X-RateLimit-Remaining 0 means wait for the reset instead of provoking a 429', () => {
	test.each(['epoch-seconds', 'epoch-ms', 'delta-seconds', 'http-date'] as const)(
		'X-RateLimit-Reset as %s: 5 items under a limit of 3 per 2 s, the window spread, the next one after a little jitter, no 429',
		async (resetFormat) => {
			sandbox().setRateLimit({ limit: 3, windowMs: 2000, resetFormat, hints: [] });
			const { output, error } = await runTalkover({ items: [{}, {}, {}, {}, {}], parameters: getActive, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(sandbox().rateLimited).toBe(0);
			expect(output!.map((o) => [o.json.active, o.pairedItem])).toEqual([0, 1, 2, 3, 4].map((item) => [true, { item }]));
			// Item 0 learns the window (2 left until 2000); item 1 goes at once (a tenth of the budget, at
			// least one, may go at once); item 2 at the pace that lasts until the reset ((1 + 1) per 2000 ms);
			// item 3 waits for the reset plus the jitter (0.5 × 3 % of the window, the TestClock's random) and
			// goes alone; its answer confirms the new window and item 4 follows.
			expect(clock().waits).toEqual([1000, 1000, 30]);
			expect(times('GET', activePath)).toEqual([0, 0, 1000, 2030, 2030]);
		},
	);

	test('without a reset time, Remaining 0 means a window of a minute', async () => {
		sandbox().inject({ path: activePath, status: 200, headers: { 'X-RateLimit-Remaining': '0' }, body: { success: true, data: [{ id: 'c1', status: 'answered' }] } });
		await runTalkover({ items: [{}, {}], parameters: getActive, credentials: credentials() });
		expect(clock().waits).toEqual([60_000]);
	});

	test('batches share the account’s window: 12 items, Batch Size 4, limit 5 per 2 s: nothing lost, every 429 sent again', async () => {
		sandbox().setRateLimit({ limit: 5, windowMs: 2000 });
		const { output, error } = await runTalkover({ items: leads(12), parameters: { ...make, options: { batchSize: 4 } }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => [o.json.to, o.pairedItem])).toEqual(leads(12).map((l, item) => [l.phone, { item }]));
		// Every lead called exactly once although some requests may have been answered 429 and sent again.
		expect(sandbox().calls.filter((c) => String(c.to).startsWith('+1555000')).map((c) => c.to).sort()).toEqual(leads(12).map((l) => l.phone));
		expect(sandbox().count('POST', callPath)).toBe(12 + sandbox().rateLimited);
	});
});

describe('cancellation', () => {
	test('stopping the execution during a rate-limit wait ends the wait: nothing more is sent', async () => {
		// One request per 3 s window: the first response says Remaining 0, so the second item waits.
		sandbox().setRateLimit({ limit: 1, windowMs: 3000, resetFormat: 'epoch-ms', hints: [] });
		clock().hold();
		const { run } = await runTalkover({ items: [{}, {}, {}], parameters: getActive, credentials: credentials(), cancelWhen: clock().whenSleeping() });
		expect(run.status).toBe('canceled');
		expect(clock().waits).toEqual([3000]);
		// The wait was ended by the cancellation, not by time: nothing is left to wake up and send.
		expect(clock().pending).toBe(0);
		expect(sandbox().requests).toHaveLength(1);
	});
});
