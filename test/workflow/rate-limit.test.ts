/**
 * Issue 5: pacing under Talkover's rate limit, safe retries, batching and cancellation, through
 * n8n-core's real execution against the sandbox (which counts every request per endpoint).
 * The waits asserted here are lower bounds that prove a retry hint was obeyed, not performance figures
 * (those are in `npm run bench`).
 */
import * as diagnostics from 'node:diagnostics_channel';

import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, freePort, SALES_AGENT, SUPPORT_AGENT, TOKEN, useSandbox } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';

const { sandbox, credentials } = useSandbox();

const DRAFT_AGENT = '550e8400-e29b-41d4-a716-446655440002';
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const activePath = `/api/v1/agents/${SALES_AGENT}/active-call/${encodeURIComponent(ACTIVE_PHONE)}`;
const getActive = { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: ACTIVE_PHONE };
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}' };
const tooMany = { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded. Please wait before making more requests.' } };
const leads = (n: number) => Array.from({ length: n }, (_, i) => ({ phone: `+1555000${String(i).padStart(4, '0')}` }));

function gap(path: string, method = 'GET'): number {
	const [first, second] = sandbox().requestsTo(method, path);
	return second.at - first.at;
}

describe('429: the wait Talkover asks for, in each documented or common form', () => {
	test.each<[string, () => { headers?: Record<string, string>; body: unknown }, number]>([
		['Retry-After in seconds', () => ({ headers: { 'Retry-After': '1' }, body: tooMany }), 950],
		['Retry-After as an HTTP date', () => ({ headers: { 'Retry-After': new Date(Date.now() + 2000).toUTCString() }, body: tooMany }), 950],
		['the body’s details.retry_after', () => ({ body: { error: { ...tooMany.error, details: { retry_after: 1 } } } }), 950],
		['X-RateLimit-Reset as Unix seconds', () => ({ headers: { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 1) }, body: tooMany }), 950],
		['X-RateLimit-Reset as Unix milliseconds', () => ({ headers: { 'X-RateLimit-Reset': String(Date.now() + 1000) }, body: tooMany }), 950],
		['X-RateLimit-Reset as seconds from now', () => ({ headers: { 'X-RateLimit-Reset': '1' }, body: tooMany }), 950],
		['X-RateLimit-Reset as an HTTP date', () => ({ headers: { 'X-RateLimit-Reset': new Date(Date.now() + 2000).toUTCString() }, body: tooMany }), 950],
	])('%s: waits, then sends again and succeeds', async (_form, fault, atLeast) => {
		sandbox().inject({ path: activePath, status: 429, ...fault() });
		const { output, error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ to: ACTIVE_PHONE, active: true });
		expect(sandbox().count('GET', activePath)).toBe(2);
		expect(gap(activePath)).toBeGreaterThanOrEqual(atLeast);
	});

	test('a 429 on a POST is retried too (Talkover did not place the call), and the call is placed once', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 429, headers: { 'Retry-After': '0' }, body: tooMany });
		const { output } = await runTalkover({ items: leads(1), parameters: make, credentials: credentials() });
		expect(sandbox().count('POST', callPath)).toBe(2);
		expect(sandbox().calls.filter((c) => c.to === '+15550000000')).toHaveLength(1);
		expect(output![0].json).toMatchObject({ to: '+15550000000' });
	});

	test('no hint: exponential back-off, then success', async () => {
		sandbox().inject({ path: activePath, status: 429, body: { message: 'Too many requests.' }, times: 2 });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error).toBeUndefined();
		const [a, b, c] = sandbox().requestsTo('GET', activePath);
		// First step 250–500 ms, second 500–1000 ms (half to full step, doubling).
		expect(b.at - a.at).toBeGreaterThanOrEqual(240);
		expect(c.at - b.at).toBeGreaterThanOrEqual(490);
	});

	test('after Max Retries the item fails with a rate-limited NodeApiError and the hint', async () => {
		sandbox().inject({ path: activePath, status: 429, headers: { 'Retry-After': '0' }, body: tooMany, times: 10 });
		const { error } = await runTalkover({ parameters: { ...getActive, options: { maxRetries: 2 } }, credentials: credentials() });
		expect(sandbox().count('GET', activePath)).toBe(3);
		expect((error as unknown as { name: string }).name).toBe('NodeApiError');
		expect(error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
		expect(error?.httpCode).toBe('429');
		expect(error?.description).toContain('Talkover asks to wait 0 seconds before the next request.');
		expect(error?.description).toContain('Tried 3 times');
		expect((error as unknown as { cause: unknown }).cause).toBe('rate-limited');
		expect((error as unknown as { context: Record<string, unknown> }).context).toMatchObject({ cause: 'rate-limited', retryAfterSeconds: 0, code: 'RATE_LIMIT_EXCEEDED' });
	});

	test('a wait longer than the total the node allows (5 minutes) fails at once, with the hint, without waiting', async () => {
		sandbox().inject({ path: activePath, status: 429, headers: { 'Retry-After': '3600' }, body: tooMany });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(sandbox().count('GET', activePath)).toBe(1);
		expect(error?.description).toContain('Talkover asks to wait 3600 seconds before the next request.');
		expect((error as unknown as { context: Record<string, unknown> }).context).toMatchObject({ cause: 'rate-limited', retryAfterSeconds: 3600 });
	});

	test('Continue On Fail: the rate-limited item is an error item with the cause; the next item goes on', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 429, headers: { 'Retry-After': '0' }, body: tooMany, times: 2 });
		const { output } = await runTalkover({ items: leads(2), parameters: { ...make, options: { maxRetries: 1 } }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual([
			['Talkover rate limit reached: too many requests in a short time', { item: 0 }],
			['+15550000001', { item: 1 }],
		]);
		expect((output![0].error as unknown as { context: Record<string, unknown> }).context.cause).toBe('rate-limited');
		// Item 0: two 429s; item 1: placed once.
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual(['+15550000000', '+15550000000', '+15550000001']);
	});
});

describe('503, 5xx and dropped connections: retried only where sending twice is harmless', () => {
	test('503 with Retry-After on a GET: waits and retries', async () => {
		sandbox().inject({ path: activePath, status: 503, headers: { 'Retry-After': '1' }, body: { message: 'Down for maintenance' } });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().count('GET', activePath)).toBe(2);
		expect(gap(activePath)).toBeGreaterThanOrEqual(950);
	});

	test('503 on a POST (Make Call): not retried, error item, the sandbox saw exactly one request', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 503, headers: { 'Retry-After': '0' }, body: { message: 'busy' } });
		const { output } = await runTalkover({ items: leads(1), parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(sandbox().count('POST', callPath)).toBe(1);
		expect(output![0].json.error).toBe('Talkover had a problem on its side (HTTP 503)');
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
		])('after %s it is sent again and succeeds', async (_what, fault) => {
			sandbox().inject({ method, path, ...fault });
			const { output, error } = await runTalkover({ parameters, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(output![0].json.error).toBeUndefined();
			expect(sandbox().count(method, path)).toBe(2);
		});
	});

	test.each([
		['a 500', { status: 500, body: { message: 'boom' } }],
		['a reset connection', { destroy: true }],
	])('POST (Make Call) after %s: not retried, error item, exactly one request', async (_what, fault) => {
		sandbox().inject({ method: 'POST', path: callPath, ...fault });
		const { output } = await runTalkover({ items: leads(2), parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual(['+15550000000', '+15550000001']);
		expect(output![0].json.error).toMatch(/^(Talkover had a problem on its side \(HTTP 500\)|Could not reach Talkover: the connection was closed before Talkover answered)$/);
		expect(output![1].json.to).toBe('+15550000001');
	});

	test('POST after a refused connection (nothing was sent): sent again once Talkover is reachable, placed once', async () => {
		// A port with nothing listening; the sandbox starts there only after the node's first connection attempt.
		const port = await freePort();
		const late = new TalkoverSandbox({ tokens: [TOKEN] });
		let attempts = 0;
		let started: Promise<unknown> | undefined;
		const onSocket = () => {
			attempts += 1;
			started ??= new Promise((resolve) => setTimeout(resolve, 50)).then(() => late.start(port));
		};
		diagnostics.subscribe('net.client.socket', onSocket as never);
		try {
			const { output, error } = await runTalkover({
				items: leads(1),
				parameters: make,
				credentials: { apiToken: TOKEN, baseUrl: `http://127.0.0.1:${port}` },
			});
			expect(error).toBeUndefined();
			expect(attempts).toBeGreaterThanOrEqual(2);
			expect(late.count('POST', callPath)).toBe(1);
			expect(output![0].json).toMatchObject({ to: '+15550000000' });
		} finally {
			diagnostics.unsubscribe('net.client.socket', onSocket as never);
			await started;
			await late.stop();
		}
	});
});

/** Starts just after a window boundary of the sandbox's rate limit, so that a burst falls in one window. */
async function startOfWindow(windowMs: number): Promise<void> {
	const rest = windowMs - (Date.now() % windowMs);
	await new Promise((resolve) => setTimeout(resolve, rest + 20));
}

describe('pacing: X-RateLimit-Remaining 0 means wait for the reset instead of provoking a 429', () => {
	test.each(['epoch-seconds', 'epoch-ms', 'delta-seconds', 'http-date'] as const)(
		'X-RateLimit-Reset as %s: 5 items under a limit of 3 per 2 s, no 429, every item succeeds',
		async (resetFormat) => {
			sandbox().setRateLimit({ limit: 3, windowMs: 2000, resetFormat, hints: [] });
			await startOfWindow(2000);
			const { output, error } = await runTalkover({ items: [{}, {}, {}, {}, {}], parameters: getActive, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(sandbox().rateLimited).toBe(0);
			expect(sandbox().count('GET', activePath)).toBe(5);
			expect(output!.map((o) => [o.json.active, o.pairedItem])).toEqual([0, 1, 2, 3, 4].map((item) => [true, { item }]));
			const times = sandbox().requestsTo('GET', activePath).map((r) => r.at);
			// The fourth request waited for the next window.
			expect(Math.floor(times[3] / 2000)).toBeGreaterThan(Math.floor(times[2] / 2000));
		},
	);

	test('batches share the account’s window: 12 items, Batch Size 4, limit 5 per 2 s: nothing lost, few or no 429s, all retried', async () => {
		sandbox().setRateLimit({ limit: 5, windowMs: 2000 });
		await startOfWindow(2000);
		const { output, error } = await runTalkover({ items: leads(12), parameters: { ...make, options: { batchSize: 4 } }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => [o.json.to, o.pairedItem])).toEqual(leads(12).map((l, item) => [l.phone, { item }]));
		// Every lead called exactly once although some requests may have been answered 429 and sent again.
		expect(sandbox().calls.filter((c) => String(c.to).startsWith('+1555000')).map((c) => c.to).sort()).toEqual(leads(12).map((l) => l.phone));
		expect(sandbox().count('POST', callPath)).toBe(12 + sandbox().rateLimited);
	});
});

describe('batching: Options → Batch Size and Batch Interval', () => {
	/** These numbers' calls are answered after 200 ms. */
	const slow = (phones: string[]) => sandbox().inject({ method: 'POST', path: callPath, delayMs: 200, times: phones.length, when: (r) => phones.includes(r.body.to) });

	test('Batch Size 5 over 12 items: 5 in flight at once; output in input order and paired, whatever finishes first', async () => {
		// Earlier items answer later: item 0 takes longest.
		for (let i = 0; i < 12; i++) {
			sandbox().inject({ method: 'POST', path: callPath, delayMs: (12 - i) * 15, when: (r) => r.body.to === leads(12)[i].phone });
		}
		const { output, error } = await runTalkover({ items: leads(12), parameters: { ...make, options: { batchSize: 5 } }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().maxInFlight).toBe(5);
		expect(output!.map((o) => [o.json.to, o.pairedItem])).toEqual(leads(12).map((l, item) => [l.phone, { item }]));
		expect(sandbox().count('POST', callPath)).toBe(12);
	});

	test('Batch Size 1 (the default) is one request at a time', async () => {
		sandbox().latencyMs = 20;
		await runTalkover({ items: leads(4), parameters: make, credentials: credentials() });
		expect(sandbox().maxInFlight).toBe(1);
	});

	test('Batch Interval: the next batch starts no sooner than the interval after the previous one ended', async () => {
		const { error } = await runTalkover({ items: leads(4), parameters: { ...make, options: { batchSize: 2, batchInterval: 400 } }, credentials: credentials() });
		expect(error).toBeUndefined();
		const times = sandbox().requestsTo('POST', callPath).map((r) => r.at);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(390);
	});

	test('Continue On Fail in a batch: the failed item keeps its place as an error item', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Insufficient credits' } }, when: (r) => r.body.to === '+15550000002' });
		const { output } = await runTalkover({ items: leads(6), parameters: { ...make, options: { batchSize: 3 } }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual([
			['+15550000000', { item: 0 }],
			['+15550000001', { item: 1 }],
			['Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call', { item: 2 }],
			['+15550000003', { item: 3 }],
			['+15550000004', { item: 4 }],
			['+15550000005', { item: 5 }],
		]);
	});

	test('without Continue On Fail: items in flight finish, no item starts after the failure', async () => {
		// Items 0 and 2 answer slowly, item 1 fails at once: nothing after item 2 may start.
		slow(['+15550000000', '+15550000002']);
		sandbox().inject({ method: 'POST', path: callPath, status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Insufficient credits' } }, when: (r) => r.body.to === '+15550000001' });
		const { error } = await runTalkover({ items: leads(6), parameters: { ...make, options: { batchSize: 3 } }, credentials: credentials() });
		expect(error?.message).toBe('Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call');
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to).sort()).toEqual(['+15550000000', '+15550000001', '+15550000002']);
	});

	test('with Retry On Fail and batches, n8n’s re-run sends none of the calls already placed', async () => {
		slow(['+15550000000', '+15550000002']);
		sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, when: (r) => r.body.to === '+15550000001' });
		await runTalkover({
			items: leads(6),
			parameters: { ...make, options: { batchSize: 3 } },
			credentials: credentials(),
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});
		// Items 0–2 once each (item 1 may have been placed: never repeated); items 3–5 never started.
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to).sort()).toEqual(['+15550000000', '+15550000001', '+15550000002']);
	});

	test.each([
		[{ batchSize: 0 }, 'Batch Size (item 0): 0 is out of range; expected a whole number from 1 to 50'],
		[{ batchSize: 2.5 }, 'Batch Size (item 0): 2.5 is not a whole number from 1 to 50'],
		[{ batchInterval: -1 }, 'Batch Interval (Milliseconds) (item 0): -1 is out of range; expected a whole number of at least 0'],
		[{ maxRetries: 11 }, 'Max Retries (item 0): 11 is out of range; expected a whole number from 0 to 10'],
	])('bad option %o: a clear error before anything is sent', async (options, message) => {
		const { error } = await runTalkover({ items: leads(2), parameters: { ...make, options }, credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('cancellation', () => {
	test('stopping the execution during a rate-limit wait ends the wait: nothing more is sent', async () => {
		// One request per 3 s window: the first response says Remaining 0, so the second item waits ~3 s.
		sandbox().setRateLimit({ limit: 1, windowMs: 3000, resetFormat: 'epoch-ms', hints: [] });
		await startOfWindow(3000);
		const firstRequest = new Promise<void>((resolve) => {
			const timer = setInterval(() => {
				if (sandbox().requests.length > 0) {
					clearInterval(timer);
					setTimeout(resolve, 100);
				}
			}, 10);
		});
		const { run } = await runTalkover({ items: [{}, {}, {}], parameters: getActive, credentials: credentials(), cancelWhen: firstRequest });
		expect(run.status).toBe('canceled');
		// Were the wait not ended, the second request would go out when the window resets (< 3 s from the start).
		await new Promise((resolve) => setTimeout(resolve, 3500));
		expect(sandbox().requests).toHaveLength(1);
	});
});
