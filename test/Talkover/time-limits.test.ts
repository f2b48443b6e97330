/**
 * Rate-limit hints and the time an item may take, through n8n-core's engine with the transport on a clock the test moves:
 * hints that make no sense never lock the token out, and no item takes longer than the 5 minutes the
 * README promises ("one request takes at most 5 minutes in all"; a silent server, a body trickled a byte at a time). No real waits are measured.
 */
import * as path from 'node:path';

import { runTalkover } from '../helpers/n8n';
import type { RunResult } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { settle, TestClock } from '../helpers/clock';

const { sandbox, credentials } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const activePath = `/api/v1/agents/${SALES_AGENT}/active-call/${encodeURIComponent(ACTIVE_PHONE)}`;
const getActive = { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: ACTIVE_PHONE };
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15552223333' };
const FIVE_MINUTES = 5 * 60_000;

/** The built transport's clock, replaced by a held TestClock for each test. */
const { setClock } = require(path.resolve(__dirname, '../../nodes/shared/transport/clock.ts'));
let clock: TestClock;
let restore: () => void;
beforeEach(() => {
	clock = new TestClock({ time: Date.now(), held: true });
	restore = setClock({
		now: () => clock.now(),
		sleep: (ms: number, signal?: AbortSignal) => clock.sleep(ms, signal),
		random: () => clock.random(),
		timer: (ms: number) => clock.timer(ms),
	});
});
afterEach(() => restore());

/** Lets real time pass until the sandbox has seen `n` requests (the request's own I/O is real). */
async function requestsSeen(n: number): Promise<void> {
	while (sandbox().requests.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
	await settle();
}

/** Runs the workflow while moving the fake clock forward in steps until it ends. */
async function runWithClock(run: Promise<RunResult>, stepMs: number, maxMs: number): Promise<RunResult> {
	let result: RunResult | undefined;
	void run.then((r) => (result = r));
	for (let moved = 0; result === undefined && moved <= maxMs; moved += stepMs) {
		await new Promise((resolve) => setTimeout(resolve, 5));
		await clock.runFor(stepMs);
	}
	return await run;
}

/** The first answer: active call found, with rate-limit headers that say the window is used up. */
function usedUp(headers: Record<string, string>) {
	sandbox().inject({
		path: activePath,
		status: 200,
		body: { success: true, data: [{ id: 'c0ffee00-0000-4000-8000-000000000001', agent_id: SALES_AGENT, to: ACTIVE_PHONE, status: 'in-progress' }] },
		headers: { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', ...headers },
	});
}

describe('a hint that makes no sense does not lock the token for the process', () => {
	test.each<[string, () => Record<string, string>, number]>([
		['a reset hours ahead (server clock off, no way to tell)', () => ({ 'X-RateLimit-Reset': String(Math.ceil((clock.now() + 3 * 3600_000) / 1000)) }), 61_000],
		['a reset in microseconds', () => ({ 'X-RateLimit-Reset': String((clock.now() + 2_000) * 1000) }), 2_100],
		['a server clock 3 hours ahead, with its Date header', () => {
			const serverNow = clock.now() + 3 * 3600_000;
			return { Date: new Date(serverNow).toUTCString(), 'X-RateLimit-Reset': String(Math.ceil((serverNow + 20_000) / 1000)) };
		}, 22_000],
	])('Remaining 0 with %s: the next execution waits at most a minute, then sends and succeeds', async (_what, headers, atMost) => {
		usedUp(headers());
		const first = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(first.error).toBeUndefined();
		const started = clock.now();
		const second = await runWithClock(runTalkover({ parameters: getActive, credentials: credentials() }), 500, 5 * 60_000);
		expect(second.error).toBeUndefined();
		expect(second.output![0].json).toMatchObject({ active: true });
		expect(sandbox().count('GET', activePath)).toBe(2);
		// On the fake clock: it waited for the window, but not for hours.
		expect(clock.now() - started).toBeGreaterThan(0);
		expect(clock.now() - started).toBeLessThanOrEqual(atMost + 500);
	});

	test('a 429 asking for a day: that item fails at once with the hint; the next execution is not held for it', async () => {
		sandbox().inject({ path: activePath, status: 429, headers: { 'Retry-After': '86000' }, body: { message: 'Too many requests.' } });
		const first = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(first.error?.description).toContain('Talkover asks to wait 86000 seconds before the next request.');
		const started = clock.now();
		const second = await runWithClock(runTalkover({ parameters: getActive, credentials: credentials() }), 1000, 5 * 60_000);
		expect(second.error).toBeUndefined();
		expect(clock.now() - started).toBeLessThanOrEqual(66_000);
	});
});

describe('one request never takes longer than 5 minutes in all', () => {
	test('Make Call with a body trickled a byte at a time: the item fails after 5 minutes, says the call may have been placed, and is not sent again', async () => {
		sandbox().inject({ method: 'POST', path: callPath, trickleMs: 20, body: { success: true, data: { id: 'c1', to: '+15552223333' } } });
		const run = runTalkover({ parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		await requestsSeen(1);
		await clock.runFor(FIVE_MINUTES - 1);
		expect(sandbox().requests).toHaveLength(1);
		await clock.runFor(1);
		const { output } = await run;
		// The prefix is there only when the error is flagged "may have been processed" (never sent again).
		expect(output![0].json.error).toBe('The call may have been placed: Talkover did not answer within 5 minutes');
		// The error item carries everything the error says (engine/errorItem).
		expect(String(output![0].json.message).split('\n')).toEqual([
			'The call may have been placed: Talkover did not answer within 5 minutes',
			'Talkover may have acted on the request before the error, so the node does not send it again. Before you run this item again, check whether the call exists: Call → Get Active (this agent and number) or Call → Get Many (filter by the number).',
			`Request: POST ${sandbox().url}${callPath}. It was sent, but no complete answer came within 5 minutes.`,
		]);
		expect(sandbox().count('POST', callPath)).toBe(1);
	});

	test('Get Active against a silent server: 5 minutes in all, with the default retries', async () => {
		// The sandbox answers only when the test is over (a gate, not a timer left running).
		let speak!: () => void;
		const silence = new Promise<void>((resolve) => (speak = resolve));
		sandbox().inject({ path: activePath, until: () => silence, times: 10 });
		const started = clock.now();
		const run = runTalkover({ parameters: getActive, credentials: credentials() });
		await requestsSeen(1);
		const { error } = await runWithClock(run, 1000, FIVE_MINUTES + 60_000);
		expect(error?.message).toBe('Talkover did not answer within 5 minutes');
		expect(error?.description).not.toContain('may already have been placed');
		expect(clock.now() - started).toBeLessThanOrEqual(FIVE_MINUTES + 1000);
		speak();
	});
});

describe('the wait for an Auto slot counts against the item’s 5 minutes', () => {
	/** Another execution's Get Active holds the token's only Auto slot (a fresh token: one request at a time) with a silent server; after `afterMs` a Make Call on the same token starts. */
	async function queuedBehindSilence(afterMs: number) {
		let speak!: () => void;
		const silence = new Promise<void>((resolve) => (speak = resolve));
		sandbox().inject({ path: activePath, until: () => silence, times: 10 });
		sandbox().inject({ method: 'POST', path: callPath, until: () => silence, times: 10 });
		const other = runTalkover({ parameters: { ...getActive, options: { maxRetries: 0 } }, credentials: credentials() });
		await requestsSeen(1);
		if (afterMs) await clock.runFor(afterMs);
		const started = clock.now();
		let ended: number | undefined;
		const queued = runTalkover({ parameters: make, credentials: credentials(), settings: { continueOnFail: true } }).then((r) => {
			ended = clock.now();
			return r;
		});
		const [, { output }] = await Promise.all([runWithClock(other, 1000, FIVE_MINUTES + 60_000), runWithClock(queued, 1000, 2 * FIVE_MINUTES)]);
		speak();
		return { output: output!, took: ended! - started };
	}

	test('queued 4 minutes behind it, then sent to a silent server: the item ends 5 minutes after it began waiting, not 5 minutes after it was sent', async () => {
		const { output, took } = await queuedBehindSilence(60_000);
		expect(took).toBeLessThanOrEqual(FIVE_MINUTES + 1000);
		expect(sandbox().count('POST', callPath)).toBe(1);
		expect(output[0].json.error).toBe('The call may have been placed: Talkover did not answer within 5 minutes');
	});

	test('queued the whole 5 minutes: the item fails without sending, says nothing reached Talkover (so Retry On Fail may send it)', async () => {
		const { output, took } = await queuedBehindSilence(0);
		expect(took).toBeLessThanOrEqual(FIVE_MINUTES + 1000);
		expect(sandbox().count('POST', callPath)).toBe(0);
		expect(output[0].json.error).toBe('Not sent: no turn to send within 5 minutes');
		expect(String(output[0].json.message)).toContain('Nothing reached Talkover');
	});
});
