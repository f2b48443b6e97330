/**
 * The requests a waiting node sends its own webhook (nodes/Talkover/wait/signals.ts): at a call's Wait Limit,
 * once shortly after an end, and a while after the last end when picked per-call events have not all come.
 * Each carries the wait's secret as Talkover's deliveries do; one n8n did not take (the execution still
 * running, or n8n not reached) is sent again a little later, doubling, never past the moment n8n ends the
 * wait itself. The clock is the test's; n8n's request helper is a stand-in that records what is sent.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { DELIVERY_HEADER } from '../../../nodes/shared/deliveryHeader';
import {
	BACKSTOP_MS,
	CHECK_AFTER_MS,
	CHECK_SIGNAL,
	CHECK_SPREAD_MS,
	clearAlarms,
	endsItselfAt,
	EVENTS_AFTER_END_MS,
	EVENTS_SIGNAL,
	FINISH_BUDGET_MS,
	LIMIT_SIGNAL,
	RESEND_FIRST_MS,
	RESEND_MAX_MS,
	setCheckAlarm,
	setEventsAlarm,
	setLimitAlarm,
} from '../../../nodes/Talkover/wait/signals';
import { settle, START, useTestClock } from '../../helpers/clock';

const clock = useTestClock();
const MIN = 60_000;
const SECRET = 'f'.repeat(64);

let addresses = 0;
let address: string;
beforeEach(() => {
	address = `https://n8n.example/webhook-waiting/${++addresses}/node-1`;
});
afterEach(() => clearAlarms(address));

type Answer = { statusCode: number | string; body?: unknown } | Error;

/** n8n's request helper: answers in turn from `answers` (the last one again when they run out). */
function n8n(...answers: Answer[]) {
	const sent: IHttpRequestOptions[] = [];
	const times: number[] = [];
	const ctx = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				sent.push(options);
				times.push((clock().now() - START) / 1000);
				const answer = answers[Math.min(sent.length - 1, answers.length - 1)] ?? { statusCode: 200 };
				if (answer instanceof Error) throw answer;
				return answer;
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, sent, times, events: () => sent.map((s) => (s.body as { event: string }).event) };
}

const RUNNING = { statusCode: 409, body: { message: 'The execution "7" is running already.' } };

async function pass(ms: number): Promise<void> {
	clock().advance(ms);
	await settle();
}

/** Lets `ms` pass a second at a time (an alarm a resend sets fires in a later second). */
async function passBySeconds(ms: number): Promise<void> {
	for (let left = ms; left > 0; left -= 1_000) await pass(Math.min(1_000, left));
}

/** The seconds (from START) a signal is sent at while n8n keeps answering that it runs the execution, from a first send at `first` s. */
const RESENT_FROM = (first: number) => [0, 5, 15, 35, 75, 135, 195, 255, 315, 375, 435, 495, 555].map((t) => first + t);

test('n8n ends a wait itself 10 minutes after its latest Wait Limit', () => {
	expect(BACKSTOP_MS).toBe(10 * MIN);
	expect(endsItselfAt(START)).toBe(START + 10 * MIN);
});

test('the end of a wait at its limit takes at most 4 minutes, well inside those 10', () => {
	expect(FINISH_BUDGET_MS).toBe(4 * MIN);
});

test('picked per-call events that have not come are waited for 15 minutes after the last end', () => {
	expect(EVENTS_AFTER_END_MS).toBe(15 * MIN);
});

describe('the alarm at the Wait Limit', () => {
	test('at the limit, the wait’s address is sent the limit signal with the moment it was set for, and the secret in the header', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		setLimitAlarm(ctx, address, SECRET, START + 30 * MIN);
		await pass(30 * MIN - 1);
		expect(sent).toEqual([]);
		await pass(1);
		expect(sent).toEqual([
			{ method: 'POST', url: address, body: { event: LIMIT_SIGNAL, at: START + 30 * MIN }, json: true, headers: { [DELIVERY_HEADER]: SECRET }, timeout: 60_000, ignoreHttpStatusErrors: true, returnFullResponse: true },
		]);
		expect(LIMIT_SIGNAL).toBe('n8n.wait_limit');
		expect(clock().alarmsSet).toBe(0);
	});

	test('a limit already past is signalled at once', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		setLimitAlarm(ctx, address, SECRET, START - MIN);
		expect(clock().alarms.map((a) => a.at)).toEqual([START]);
		await pass(0);
		expect(sent).toHaveLength(1);
	});

	test('setting it again moves it: the earlier alarm no longer fires', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		setLimitAlarm(ctx, address, SECRET, START + 10 * MIN);
		setLimitAlarm(ctx, address, SECRET, START + 20 * MIN);
		expect(clock().alarmsSet).toBe(1);
		await pass(20 * MIN);
		expect(sent.map((s) => s.body)).toEqual([{ event: LIMIT_SIGNAL, at: START + 20 * MIN }]);
	});

	test('after it fired, a new limit can be set and fires too', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		setLimitAlarm(ctx, address, SECRET, START + MIN);
		await pass(MIN);
		setLimitAlarm(ctx, address, SECRET, START + 3 * MIN);
		await pass(2 * MIN);
		expect(sent.map((s) => s.body)).toEqual([
			{ event: LIMIT_SIGNAL, at: START + MIN },
			{ event: LIMIT_SIGNAL, at: START + 3 * MIN },
		]);
	});

	test('the request helper of the latest context that set an alarm sends every alarm', async () => {
		const first = n8n({ statusCode: 200 });
		const second = n8n({ statusCode: 200 });
		setLimitAlarm(first.ctx, address, SECRET, START + MIN);
		setCheckAlarm(second.ctx, `${address}-other`, SECRET);
		await pass(MIN);
		expect(first.sent).toEqual([]);
		expect(second.events()).toEqual([CHECK_SIGNAL, LIMIT_SIGNAL]);
		clearAlarms(`${address}-other`);
	});
});

describe('sent again when n8n did not take it', () => {
	test('n8n still running the execution (409 "is running already"): sent again 5 s later, doubling up to a minute', async () => {
		const { ctx, sent } = n8n(RUNNING);
		setLimitAlarm(ctx, address, SECRET, START);
		const times: number[] = [];
		const record = async (ms: number) => {
			await pass(ms);
			times.push(sent.length);
		};
		await record(0);
		expect(RESEND_FIRST_MS).toBe(5_000);
		expect(RESEND_MAX_MS).toBe(MIN);
		// 5 s, 10 s, 20 s, 40 s, then a minute each time.
		for (const step of [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]) {
			await record(step - 1);
			await record(1);
		}
		expect(times).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7]);
		expect(sent.every((s) => (s.body as { at: number }).at === START)).toBe(true);
	});

	test('n8n not reached: sent again the same way', async () => {
		const { ctx, sent } = n8n(new Error('connect ECONNREFUSED'), { statusCode: 200 });
		setCheckAlarm(ctx, address, SECRET);
		await pass(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		expect(sent).toHaveLength(1);
		await pass(RESEND_FIRST_MS);
		expect(sent).toHaveLength(2);
		await pass(10 * MIN);
		expect(sent).toHaveLength(2);
	});

	test('a 409 given as text is the same answer', async () => {
		const { ctx, sent } = n8n({ ...RUNNING, statusCode: '409' }, { statusCode: 200 });
		setLimitAlarm(ctx, address, SECRET, START);
		await pass(0);
		await pass(RESEND_FIRST_MS);
		expect(sent).toHaveLength(2);
	});

	test.each<[string, Answer]>([
		['taken (200)', { statusCode: 200, body: { message: 'running' } }],
		['another 409 (n8n: the execution finished)', { statusCode: 409, body: { message: 'The execution "7" has finished already.' } }],
		['a 409 without a message', { statusCode: 409 }],
		['a 409 whose message is no text', { statusCode: 409, body: { message: ['running'] } }],
		['a 409 with a null body', { statusCode: 409, body: null }],
		['a 409 naming "running" inside another word', { statusCode: 409, body: { message: 'The execution is overrunning' } }],
		['the node’s own 503 (it sets its own alarm again)', { statusCode: 503, body: { message: 'running' } }],
	])('%s: not sent again', async (_, answer) => {
		const { ctx, sent } = n8n(answer);
		setLimitAlarm(ctx, address, SECRET, START);
		await pass(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(1);
		expect(clock().alarmsSet).toBe(0);
	});

	test('an answer of nothing at all is not n8n still running', async () => {
		const sent: unknown[] = [];
		const ctx = { helpers: { httpRequest: async (o: unknown) => void sent.push(o) } } as unknown as IExecuteFunctions;
		setLimitAlarm(ctx, address, SECRET, START);
		await pass(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(1);
	});

	test('never after n8n ends the wait itself: the last resend is the one that still comes before', async () => {
		const { ctx, sent } = n8n(RUNNING);
		setLimitAlarm(ctx, address, SECRET, START + MIN, START + MIN + 15_000);
		await pass(MIN);
		await pass(5_000);
		await pass(10_000);
		expect(sent).toHaveLength(3);
		expect(clock().alarmsSet).toBe(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(3);
	});

	test('by default that moment is 10 minutes after the limit', async () => {
		const { ctx, times } = n8n(RUNNING);
		setLimitAlarm(ctx, address, SECRET, START);
		await pass(0);
		await passBySeconds(20 * MIN);
		expect(times).toEqual(RESENT_FROM(0));
	});

	test('a resend of the same signal replaces the one waiting', async () => {
		const { ctx, times } = n8n(RUNNING);
		setLimitAlarm(ctx, address, SECRET, START);
		await pass(0);
		setLimitAlarm(ctx, address, SECRET, START + 1_000);
		await pass(1_000);
		expect(clock().alarmsSet).toBe(1);
		await pass(5_000);
		expect(times).toEqual([0, 1, 6]);
	});

	test('another signal’s resend is its own', async () => {
		const { ctx, events } = n8n(RUNNING);
		clock().randomValue = 0;
		setLimitAlarm(ctx, address, SECRET, START);
		setCheckAlarm(ctx, address, SECRET);
		await pass(0);
		await pass(CHECK_AFTER_MS);
		// The check and the limit's first resend, both not taken: a resend of each waiting.
		expect(events()).toEqual([LIMIT_SIGNAL, CHECK_SIGNAL, LIMIT_SIGNAL]);
		expect(clock().alarmsSet).toBe(2);
		await pass(RESEND_FIRST_MS);
		expect(events()).toEqual([LIMIT_SIGNAL, CHECK_SIGNAL, LIMIT_SIGNAL, CHECK_SIGNAL]);
	});

	test('the wait ended: its resends are cancelled too', async () => {
		const { ctx, sent } = n8n(RUNNING);
		setLimitAlarm(ctx, address, SECRET, START);
		await pass(0);
		expect(clock().alarmsSet).toBe(1);
		clearAlarms(address);
		expect(clock().alarmsSet).toBe(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(1);
	});
});

describe('the check shortly after an end', () => {
	test('5 s after, and up to 5 s more at random; once: a check already set stays', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		expect([CHECK_AFTER_MS, CHECK_SPREAD_MS]).toEqual([5_000, 5_000]);
		clock().randomValue = 0.5;
		setCheckAlarm(ctx, address, SECRET);
		clock().randomValue = 0;
		setCheckAlarm(ctx, address, SECRET);
		expect(clock().alarms.map((a) => a.at)).toEqual([START + 7_500]);
		await pass(7_500);
		expect(sent.map((s) => s.body)).toEqual([{ event: CHECK_SIGNAL }]);
		expect(sent[0].headers).toEqual({ [DELIVERY_HEADER]: SECRET });
		expect(CHECK_SIGNAL).toBe('n8n.wait_check');
	});

	test('the spread is whole milliseconds, under 5 s', () => {
		const { ctx } = n8n();
		clock().randomValue = 0.99999;
		setCheckAlarm(ctx, address, SECRET);
		expect(clock().alarms.map((a) => a.at - START)).toEqual([9_999]);
	});

	test('after it fired, the next end sets a new one', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		setCheckAlarm(ctx, address, SECRET);
		await pass(10_000);
		setCheckAlarm(ctx, address, SECRET);
		await pass(10_000);
		expect(sent).toHaveLength(2);
	});

	test('sent again while n8n runs the execution, for up to 10 minutes after it fired', async () => {
		const { ctx, times } = n8n(RUNNING);
		clock().randomValue = 0;
		setCheckAlarm(ctx, address, SECRET);
		await passBySeconds(20 * MIN);
		expect(times).toEqual(RESENT_FROM(5));
	});
});

describe('the end of the while for picked events', () => {
	test('at its moment, the events signal; once: one already set stays', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		setEventsAlarm(ctx as never, address, SECRET, START + 15 * MIN);
		setEventsAlarm(ctx as never, address, SECRET, START + 5 * MIN);
		await pass(15 * MIN - 1);
		expect(sent).toEqual([]);
		await pass(1);
		expect(sent.map((s) => s.body)).toEqual([{ event: EVENTS_SIGNAL }]);
		expect(EVENTS_SIGNAL).toBe('n8n.wait_events');
	});

	test('a moment already past: at once; after it fired, a new one can be set', async () => {
		const { ctx, sent } = n8n({ statusCode: 200 });
		setEventsAlarm(ctx as never, address, SECRET, START - MIN);
		expect(clock().alarms.map((a) => a.at)).toEqual([START]);
		await pass(0);
		setEventsAlarm(ctx as never, address, SECRET, START + MIN);
		await pass(MIN);
		expect(sent).toHaveLength(2);
	});

	test('sent again while n8n runs the execution, until 10 minutes after its moment', async () => {
		const { ctx, times } = n8n(RUNNING);
		setEventsAlarm(ctx as never, address, SECRET, START + 3_000);
		await passBySeconds(20 * MIN);
		expect(times).toEqual(RESENT_FROM(3));
	});
});

test('the wait ended: every alarm of its address is cancelled, another wait’s are kept', async () => {
	const { ctx, sent } = n8n({ statusCode: 200 });
	setLimitAlarm(ctx, address, SECRET, START + MIN);
	setCheckAlarm(ctx, address, SECRET);
	setEventsAlarm(ctx as never, address, SECRET, START + MIN);
	setLimitAlarm(ctx, `${address}-other`, SECRET, START + MIN);
	clearAlarms(address);
	expect(clock().alarmsSet).toBe(1);
	// Its alarms can be set again afresh.
	setCheckAlarm(ctx, address, SECRET);
	expect(clock().alarmsSet).toBe(2);
	await pass(MIN);
	expect(sent.map((s) => s.url)).toEqual([address, `${address}-other`]);
	clearAlarms(`${address}-other`);
});

describe('an alarm that fired leaves the wait’s other alarms to be cancelled when it ends', () => {
	type Kind = 'limit' | 'check' | 'events';
	const set = (kind: Kind, ctx: IExecuteFunctions, at: number) => {
		if (kind === 'limit') setLimitAlarm(ctx, address, SECRET, at);
		else if (kind === 'check') setCheckAlarm(ctx, address, SECRET);
		else setEventsAlarm(ctx as never, address, SECRET, at);
	};

	test.each<[Kind, Kind]>([
		['limit', 'check'],
		['check', 'limit'],
		['check', 'events'],
		['events', 'check'],
		['limit', 'events'],
	])('the %s alarm fired; the %s alarm still set is cancelled with the wait', async (fired, left) => {
		const { ctx, events } = n8n({ statusCode: 200 });
		clock().randomValue = 0;
		// Both set; the one that fires first at 1 s (a check: at 5 s), the other an hour on (a check: at 5 s).
		const firesAt = fired === 'check' ? CHECK_AFTER_MS : 1_000;
		set(left, ctx, START + 60 * MIN);
		set(fired, ctx, START + firesAt);
		expect(clock().alarmsSet).toBe(2);
		await pass(firesAt);
		expect(events()).toHaveLength(1);
		expect(clock().alarmsSet).toBe(1);
		clearAlarms(address);
		expect(clock().alarmsSet).toBe(0);
		await passBySeconds(2 * 60 * MIN);
		expect(events()).toHaveLength(1);
	});

	test('a resend fired; the limit alarm still set is cancelled with the wait', async () => {
		const { ctx, events } = n8n(RUNNING, { statusCode: 200 });
		clock().randomValue = 0;
		setCheckAlarm(ctx, address, SECRET);
		setLimitAlarm(ctx, address, SECRET, START + 60 * MIN);
		await pass(CHECK_AFTER_MS);
		await pass(RESEND_FIRST_MS);
		expect(events()).toEqual([CHECK_SIGNAL, CHECK_SIGNAL]);
		clearAlarms(address);
		await passBySeconds(2 * 60 * MIN);
		expect(events()).toEqual([CHECK_SIGNAL, CHECK_SIGNAL]);
	});
});
