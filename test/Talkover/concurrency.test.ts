/**
 * Options → Concurrency (Auto by default, Fixed with Batch Size / Batch Interval), through
 * n8n-core's engine against the sandbox. The controller's behaviour over time is tested on a fake
 * clock (test/shared/transport/); here: what a workflow sees (order, pairing, requests, limits, errors).
 */
import { resetRateLimits, runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, ticks, until, useSandbox } from '../helpers/fixtures';
import { ACCOUNT_TOKEN } from '../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}' };
const leads = (n: number) => Array.from({ length: n }, (_, i) => ({ phone: `+1555000${String(i).padStart(4, '0')}` }));
const placed = () => sandbox().requestsTo('POST', callPath).map((r) => r.body.to);
const insufficient = { status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Insufficient credits' } } };

describe('the default is Concurrency → Auto', () => {
	test('more than one request in flight once answers come back; output in input order and paired; each lead called once', async () => {
		sandbox().latencyMs = 30;
		const { output, error } = await runTalkover({ items: leads(20), parameters: make, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().maxInFlight).toBeGreaterThan(1);
		expect(output!.map((o) => [o.json.to, o.pairedItem])).toEqual(leads(20).map((l, item) => [l.phone, { item }]));
		expect(placed().sort()).toEqual(leads(20).map((l) => l.phone));
	});

	test('it starts with one request alone: nothing else goes until the first answer', async () => {
		let seenWhileFirstHeld = 0;
		sandbox().inject({
			method: 'POST',
			path: callPath,
			until: async () => {
				await ticks(50);
				seenWhileFirstHeld = sandbox().requests.length;
			},
		});
		await runTalkover({ items: leads(5), parameters: make, credentials: credentials() });
		expect(seenWhileFirstHeld).toBe(1);
		expect(sandbox().count('POST', callPath)).toBe(5);
	});

	test('never more in flight than X-RateLimit-Remaining allows: 12 items, limit 5 per 2 s, no 429, nothing lost', async () => {
		sandbox().setRateLimit({ limit: 5, windowMs: 2000 });
		sandbox().latencyMs = 20;
		const { output, error } = await runTalkover({ items: leads(12), parameters: make, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().rateLimited).toBe(0);
		expect(sandbox().maxInFlight).toBeLessThanOrEqual(5);
		expect(output!.map((o) => [o.json.to, o.pairedItem])).toEqual(leads(12).map((l, item) => [l.phone, { item }]));
		expect(sandbox().count('POST', callPath)).toBe(12);
	});

	test('a failure among the first items stops the run as one item after the other would (Auto starts one at a time)', async () => {
		sandbox().latencyMs = 20;
		sandbox().inject({ method: 'POST', path: callPath, ...insufficient, when: (r) => r.body.to === '+15550000001' });
		const { error } = await runTalkover({ items: leads(8), parameters: make, credentials: credentials() });
		expect(error?.message).toBe('Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call');
		expect(placed()).toEqual(['+15550000000', '+15550000001']);
		// The call placed is not in the output (the node stopped): the error names it, so that it is not taken for a failure.
		expect(error?.description).toContain('Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped;');
		expect(error?.description).toContain('check whether the call exists: Call → Get Active (this agent and number) or Call → Get Many (filter by the number)');
	});

	test('a later failure without Continue On Fail: the items in flight finish, none starts after it, the error names every call placed', async () => {
		sandbox().latencyMs = 20;
		sandbox().inject({ method: 'POST', path: callPath, ...insufficient, when: (r) => r.body.to === '+15550000010' });
		const { error } = await runTalkover({ items: leads(40), parameters: make, credentials: credentials() });
		expect(error?.message).toBe('Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call');
		const sent = placed();
		// Items 0–10 were sent (one at a time at first, then more at once); nothing is sent after the failure
		// was known, so at most the items already in flight beside item 10 (Auto's limit).
		const indexes = sent.map((to) => Number(to.slice(-4)));
		for (let i = 0; i <= 10; i++) expect(indexes).toContain(i);
		expect(sent.length).toBeLessThan(40);
		const accepted = indexes.filter((i) => i !== 10);
		expect(error?.description).toContain(`Talkover had already accepted items ${accepted.sort((a, b) => a - b).join(', ')}. They are not in the output`);
	});

	test('Continue On Fail: the failed item keeps its place as an error item, the others go on', async () => {
		sandbox().latencyMs = 10;
		sandbox().inject({ method: 'POST', path: callPath, ...insufficient, when: (r) => r.body.to === '+15550000003' });
		const { output } = await runTalkover({ items: leads(8), parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual(
			leads(8).map((l, item) => [item === 3 ? 'Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call' : l.phone, { item }]),
		);
	});

	test('every item is checked before anything is sent', async () => {
		const items = [...leads(3), { phone: 'not a number' }];
		const { error } = await runTalkover({ items, parameters: make, credentials: credentials() });
		expect(error?.message).toMatch(/^To \(item 3\)/);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('Concurrency → Fixed, and Batch Size beside Auto', () => {
	test('Fixed without Batch Size is one item after the other', async () => {
		sandbox().latencyMs = 20;
		await runTalkover({ items: leads(5), parameters: { ...make, options: { concurrency: 'fixed' } }, credentials: credentials() });
		expect(sandbox().maxInFlight).toBe(1);
	});

	test('Batch Size without the Concurrency option means Fixed, exactly as before Auto', async () => {
		// Fixed sends Batch Size requests from the start: Talkover holds each call until all 4 are in flight (a run
		// that sent fewer at once would wait here, and the test would time out), whatever the machine's speed.
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		sandbox().inject({ method: 'POST', path: callPath, until: () => gate, times: 4 });
		const run = runTalkover({ items: leads(4), parameters: { ...make, options: { batchSize: 4 } }, credentials: credentials() });
		await until(() => sandbox().count('POST', callPath) === 4);
		open();
		await run;
		expect(sandbox().maxInFlight).toBe(4);
		// Auto, with 4 items, never has more than 2 in flight (1, then 2, then 1).
		sandbox().reset();
		resetRateLimits();
		sandbox().latencyMs = 30;
		await runTalkover({ items: leads(4), parameters: make, credentials: credentials() });
		expect(sandbox().maxInFlight).toBeLessThanOrEqual(2);
	});

	test('Auto with Batch Size 3: never more than 3 items in flight', async () => {
		sandbox().latencyMs = 30;
		const { error } = await runTalkover({ items: leads(30), parameters: { ...make, options: { concurrency: 'auto', batchSize: 3 } }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().maxInFlight).toBeLessThanOrEqual(3);
		expect(sandbox().count('POST', callPath)).toBe(30);
	});

	test.each([
		[{ concurrency: 'auto', batchInterval: 500 }, 'Batch Interval (Milliseconds) (item 0): applies only with Concurrency → Fixed; remove it, or choose Fixed'],
		[{ concurrency: 'fast' }, 'Concurrency (item 0): "fast" is not one of the allowed values: auto, fixed'],
	])('bad option %o: a clear error before anything is sent', async (options, message) => {
		const { error } = await runTalkover({ items: leads(2), parameters: { ...make, options }, credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('several executions share one token', () => {
	test('4 executions at once under a limit of 10 per 2 s: every lead called once, no item failed', async () => {
		sandbox().setRateLimit({ limit: 10, windowMs: 2000 });
		sandbox().latencyMs = 10;
		const runs = await Promise.all(
			[0, 1, 2, 3].map((e) =>
				runTalkover({
					items: leads(24).slice(e * 6, e * 6 + 6),
					parameters: make,
					credentials: credentials(),
					settings: { continueOnFail: true },
				}),
			),
		);
		for (const { output } of runs) expect(output!.every((o) => o.json.error === undefined)).toBe(true);
		expect(
			sandbox()
				.calls.map((c) => c.to)
				.filter((to) => String(to).startsWith('+1555000'))
				.sort(),
		).toEqual(leads(24).map((l) => l.phone));
		// Auto shares one controller per token in the process: they pace together.
		expect(sandbox().rateLimited).toBe(0);
	});
});

describe('every run starts cautious, whatever the token did before', () => {
	const fail500 = () => sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, times: Infinity });
	const noRetries = { ...make, options: { maxRetries: 0 } };

	test('after a successful run on a token, a run where every Make Call gets a 500 sends exactly one call (as a fresh process does)', async () => {
		sandbox().latencyMs = 10;
		const first = await runTalkover({ items: leads(20), parameters: make, credentials: credentials() });
		expect(first.error).toBeUndefined();
		expect(sandbox().maxInFlight).toBeGreaterThan(1);
		sandbox().reset();
		fail500();
		const { error } = await runTalkover({ items: leads(20), parameters: noRetries, credentials: credentials() });
		expect(error?.message).toBe('The call may have been placed: Talkover had a problem on its side (HTTP 500)');
		expect(sandbox().count('POST', callPath)).toBe(1);
	});

	test('a run that starts while another run on the same token is in full swing also starts with one call', async () => {
		sandbox().latencyMs = 10;
		const other = leads(60).slice(30);
		// The other run's items succeed; every item of the second run gets a 500.
		sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, times: Infinity, when: (r) => Number(String(r.body.to).slice(-4)) < 30 });
		const swing = runTalkover({ items: other, parameters: make, credentials: credentials() });
		await until(() => sandbox().count('POST', callPath) >= 12);
		const second = runTalkover({ items: leads(20), parameters: noRetries, credentials: credentials() });
		const [, { error }] = (await Promise.all([swing, second])) as Array<{ error?: Error }>;
		expect(error?.message).toBe('The call may have been placed: Talkover had a problem on its side (HTTP 500)');
		expect(placed().filter((to) => Number(to.slice(-4)) < 30)).toHaveLength(1);
	});
});

describe('pacing is per token actually sent', () => {
	test('a 429 on Credit → Get Balance sent with the Account Token does not hold Make Call sent with the API Token', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/credits/balance', status: 429, headers: { 'Retry-After': '60' }, body: { message: 'Too many requests.' } });
		const balance = await runTalkover({
			parameters: { resource: 'credit', operation: 'getBalance', options: { maxRetries: 0 } },
			credentials: { ...credentials(), accountToken: ACCOUNT_TOKEN },
		});
		expect(balance.error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
		const before = clock().waits.length;
		const { error } = await runTalkover({ items: leads(1), parameters: make, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(clock().waits.slice(before).filter((ms) => ms >= 1000)).toEqual([]);
	});

	test('and the API Token’s 429 does not hold Get Balance sent with the Account Token', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 429, headers: { 'Retry-After': '60' }, body: { message: 'Too many requests.' } });
		const call = await runTalkover({ items: leads(1), parameters: { ...make, options: { maxRetries: 0 } }, credentials: credentials() });
		expect(call.error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
		const before = clock().waits.length;
		const { error } = await runTalkover({ parameters: { resource: 'credit', operation: 'getBalance' }, credentials: { ...credentials(), accountToken: ACCOUNT_TOKEN } });
		expect(error).toBeUndefined();
		expect(clock().waits.slice(before).filter((ms) => ms >= 1000)).toEqual([]);
	});
});
