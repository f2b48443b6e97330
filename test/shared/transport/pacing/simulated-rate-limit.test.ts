/**
 * The whole pacing (window, queue, Auto controller) against a simulated Talkover rate limit, on a fake
 * clock: minutes of traffic in fake time, no sockets, no real sleeps. Figures measured through n8n with
 * real time are in `npm run bench`. One account's pacing step by step: ../pacing.test.ts. Not listed for
 * the mutation run of pacing (mutation/modules.json): it takes about 15 s a run.
 */
import { accountPacing } from '../../../../nodes/shared/transport/rateLimit';
import { TestClock } from '../../../helpers/clock';
import { newProcess, runItems, SimServer } from '../../../helpers/rateSim';

/** SIM_REPORT=1 prints each scenario's figures (they are fake-clock figures, not measurements). */
function report(name: string, figures: object): void {
	if (process.env.SIM_REPORT) process.stderr.write(`${name}: ${JSON.stringify(figures)}\n`);
}

const MINUTE = 60_000;

/** Runs `items` through one process and returns the stats with the rate-limit bound. */
async function single(limit: number, latencyMs: number, items: number, mode: 'auto' | { batchSize: number } = 'auto') {
	const clock = new TestClock({ held: true });
	const server = new SimServer(clock, { limit, windowMs: MINUTE, latencyMs, jitter: 0.3, seed: 7 });
	const pacing = newProcess(clock, 1);
	let stats: Awaited<ReturnType<typeof runItems>> | undefined;
	const run = runItems(clock, pacing, server, items, mode).then((s) => (stats = s));
	await clock.runUntil(() => stats !== undefined);
	await run;
	return { ...stats!, bound: (items / limit) * MINUTE, server };
}

describe('one process, Auto', () => {
	test.each([
		[100, 50],
		[100, 300],
		[100, 800],
		[1000, 50],
		[1000, 300],
		[1000, 800],
	])('%i a minute, %i ms answers: every request answered, no 429, within 1.15 × the bound', async (limit, latency) => {
		const items = limit === 100 ? 300 : 1000;
		const { done, tooMany, wallMs, bound, server } = await single(limit, latency, items);
		report(`Auto ${limit}/min ${latency} ms`, { wallMs, bound, ratio: +(wallMs / bound).toFixed(3), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(done).toBe(items);
		expect(tooMany).toBe(0);
		expect(server.tooMany).toBe(0);
		expect(wallMs).toBeLessThanOrEqual(1.15 * bound);
		// Never more in flight than the plan can use (Little's law with headroom, at most 50).
		expect(server.peakInFlight).toBeLessThanOrEqual(Math.ceil((limit / MINUTE) * latency * 1.3 * 1.5) + 2);
	});

	test('sequential at 1,000 a minute and 300 ms is five times slower than the bound; Auto is not', async () => {
		const sequential = await single(1000, 300, 400, { batchSize: 1 });
		const auto = await single(1000, 300, 400);
		expect(sequential.wallMs).toBeGreaterThan(2 * auto.wallMs);
	});
});

describe('several executions in one process share the window (the queue-mode failure, in one process)', () => {
	test.each([
		['Auto', 'auto' as const, 0],
		// Nothing is known before the first answers: the first 100 go at once, 80 meet a 429 and wait.
		['Batch Size 10', { batchSize: 10 }, 80],
	])('10 executions of 20 calls, %s, limit 20 per 5 s: none waits more than 5 minutes, 429s only at the start', async (_name, mode, atStart) => {
		const clock = new TestClock({ held: true });
		const server = new SimServer(clock, { limit: 20, windowMs: 5_000, latencyMs: 100, jitter: 0.3 });
		const pacing = newProcess(clock, 3);
		let finished = 0;
		const runs = Array.from({ length: 10 }, () => runItems(clock, pacing, server, 20, mode).then((s) => {
			finished += 1;
			return s;
		}));
		await clock.runUntil(() => finished === 10);
		const stats = await Promise.all(runs);
		report(`10 executions, one process, ${_name}`, { wall: Math.max(...stats.map((s) => s.wallMs)), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(stats.reduce((n, s) => n + s.done, 0)).toBe(200);
		expect(server.tooMany).toBeLessThanOrEqual(atStart);
		// 200 requests at 20 per 5 s: 10 windows; the last execution ends by then.
		expect(Math.max(...stats.map((s) => s.wallMs))).toBeLessThanOrEqual(1.15 * 50_000);
	});
});

describe('several processes share one token', () => {
	test.each([
		['Auto', 'auto' as const],
		['Batch Size 10', { batchSize: 10 }],
	])('3 processes, %s, 100 a minute: every request answered, few 429s, the window used', async (_name, mode) => {
		const clock = new TestClock({ held: true });
		const server = new SimServer(clock, { limit: 100, windowMs: MINUTE, latencyMs: 300, jitter: 0.3, seed: 11 });
		let finished = 0;
		const runs = [1, 2, 3].map((seed) => runItems(clock, newProcess(clock, seed), server, 200, mode).then((s) => {
			finished += 1;
			return s;
		}));
		await clock.runUntil(() => finished === 3);
		const stats = await Promise.all(runs);
		report(`3 processes ${_name}`, { wall: Math.max(...stats.map((s) => s.wallMs)), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(stats.reduce((n, s) => n + s.done, 0)).toBe(600);
		const wall = Math.max(...stats.map((s) => s.wallMs));
		// 600 at 100 a minute: 6 minutes at best.
		expect(wall).toBeLessThanOrEqual(1.15 * 6 * MINUTE);
		// A few requests per window may meet a 429 (each process learns the others' use from the answers).
		expect(server.tooMany).toBeLessThanOrEqual(3 * 7);
	});

	test('queue mode as measured: 2 workers × 5 executions × 20 calls, Batch Size 10, 20 per 5 s: all placed, none waits 5 minutes', async () => {
		const clock = new TestClock({ held: true });
		const server = new SimServer(clock, { limit: 20, windowMs: 5_000, latencyMs: 100, jitter: 0.3, seed: 5 });
		let finished = 0;
		const workers = [newProcess(clock, 21), newProcess(clock, 22)];
		const runs = workers.flatMap((pacing) =>
			Array.from({ length: 5 }, () => runItems(clock, pacing, server, 20, { batchSize: 10 }).then((s) => {
			finished += 1;
			return s;
		})),
		);
		await clock.runUntil(() => finished === 10);
		const stats = await Promise.all(runs);
		report('queue mode', { wall: Math.max(...stats.map((s) => s.wallMs)), tooMany: server.tooMany, peak: server.peakInFlight });
		expect(stats.reduce((n, s) => n + s.done, 0)).toBe(200);
		expect(Math.max(...stats.map((s) => s.wallMs))).toBeLessThanOrEqual(5 * MINUTE);
		// Nothing is known before the first answers: 2 × 50 go at once and 80 meet a 429; later only a few
		// per window (364 were measured before the change, and 160 items failed).
		expect(server.tooMany).toBeLessThanOrEqual(100);
	});
});

describe('hints that make no sense do not lock the token', () => {
	test('a server clock 3 hours ahead without a Date header: requests go on within a minute', async () => {
		const clock = new TestClock({ held: true });
		const server = new SimServer(clock, {
			limit: 5,
			windowMs: 10_000,
			latencyMs: 100,
			skewMs: 3 * 3600_000,
			date: false,
			reset: (end) => String(Math.ceil(end / 1000)),
		});
		const pacing = newProcess(clock, 4);
		let stats: Awaited<ReturnType<typeof runItems>> | undefined;
		void runItems(clock, pacing, server, 30, 'auto').then((s) => (stats = s));
		await clock.runUntil(() => stats !== undefined, 60 * MINUTE);
		expect(stats?.done).toBe(30);
		// Distrusted resets fall back to the documented minute: 30 requests in at most 6 windows of 5.
		expect(stats!.wallMs).toBeLessThanOrEqual(7 * MINUTE);
	});

	test('the same with its Date header: the reset is read on the server’s clock, no time lost', async () => {
		const clock = new TestClock({ held: true });
		const server = new SimServer(clock, { limit: 5, windowMs: 10_000, latencyMs: 100, skewMs: 3 * 3600_000, reset: (end) => String(Math.ceil(end / 1000)) });
		const pacing = newProcess(clock, 4);
		let stats: Awaited<ReturnType<typeof runItems>> | undefined;
		void runItems(clock, pacing, server, 30, 'auto').then((s) => (stats = s));
		await clock.runUntil(() => stats !== undefined, 60 * MINUTE);
		expect(stats?.done).toBe(30);
		expect(server.tooMany).toBeLessThanOrEqual(6);
		expect(stats!.wallMs).toBeLessThanOrEqual(1.15 * 60_000);
	});
});

describe('one budget per token, however the same Base URL is written', () => {
	test.each([
		['an upper-case host', 'https://APP.talkover.ai'],
		['the default port written out', 'https://app.talkover.ai:443'],
		['a trailing slash', 'https://app.talkover.ai/'],
	])('%s: the same pacing', (_what, other) => {
		expect(accountPacing(other, 'talq_same')).toBe(accountPacing('https://app.talkover.ai', 'talq_same'));
	});

	test.each([
		['another token', 'https://app.talkover.ai', 'talq_other'],
		['another port', 'https://app.talkover.ai:8443', 'talq_same'],
		['another path prefix (another server behind a proxy)', 'https://app.talkover.ai/staging', 'talq_same'],
	])('%s: another pacing', (_what, baseUrl, token) => {
		expect(accountPacing(baseUrl, token)).not.toBe(accountPacing('https://app.talkover.ai', 'talq_same'));
	});
});
