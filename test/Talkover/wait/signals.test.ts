/**
 * The signals a waiting node gives itself (nodes/Talkover/wait/signals.ts): at a call's Wait Limit, once shortly
 * after an end, and a while after the last end when picked per-call events have not all come. Talkover delivers
 * each (Test Webhook, to the wait's webhook: a `webhook.test` delivery carrying the wait's secret, to the wait's
 * address): n8n never sends a request to its own address. One that did not reach the node (n8n still running
 * the execution: 409; the test delivery failed; Talkover not reached) is asked again a little later, doubling,
 * never past the moment n8n ends the wait itself. The clock is the test's; n8n's request helper is a stand-in
 * for Talkover that records what is asked.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	BACKSTOP_MS,
	CHECK_AFTER_MS,
	CHECK_SPREAD_MS,
	clearAlarms,
	endsItselfAt,
	EVENTS_AFTER_END_MS,
	FINISH_BUDGET_MS,
	RESEND_FIRST_MS,
	RESEND_MAX_MS,
	setCheckAlarm,
	setEventsAlarm,
	setLimitAlarm,
} from '../../../nodes/Talkover/wait/signals';
import type { WaitWebhook } from '../../../nodes/Talkover/wait/record';
import { settle, START, useTestClock } from '../../helpers/clock';
import { resetRateLimits } from '../../helpers/n8n';

const clock = useTestClock();
const MIN = 60_000;
const AGENT = '550e8400-e29b-41d4-a716-446655440001';
const BASE = 'https://talkover.test';
const TOKEN = 'talq_signals_token';
const SECRET = 'f'.repeat(64);

let addresses = 0;
let address: string;
let webhooks: WaitWebhook[];
let wait: { webhooks: WaitWebhook[]; secret: string };
beforeEach(() => {
	address = `https://n8n.example/webhook-waiting/${++addresses}/node-1`;
	webhooks = [{ agentId: AGENT, webhookId: `wh-${addresses}` }];
	wait = { webhooks, secret: SECRET };
	resetRateLimits();
});
afterEach(() => clearAlarms(address));

/**
 * What Talkover answers Test Webhook: the address's answer (`status_code`), a failed test, the webhook gone (404), or no
 * answer at all; or, to a signal sent to the address itself, n8n's answer (its status, and its body when given).
 */
type Answer = number | 'failed' | 'gone' | Error | { body: unknown } | { status: number; body?: unknown };

const answerOf = (answer: Answer) => {
	if (answer === 'gone') return { statusCode: 404, headers: {}, body: { success: false, message: 'Webhook not found.' } };
	if (answer === 'failed') return { statusCode: 200, headers: {}, body: { success: false, message: 'Webhook test failed: Connection timeout' } };
	if (typeof answer === 'object' && 'status' in answer) return { statusCode: answer.status, body: 'body' in answer ? answer.body : { received: true } };
	if (typeof answer === 'object' && !(answer instanceof Error)) return { statusCode: 200, headers: {}, body: answer.body };
	return { statusCode: 200, headers: {}, body: { success: true, message: 'Test webhook sent successfully', data: { status_code: answer, response_time: 150 } } };
};

/**
 * Talkover behind n8n's request helper: answers in turn from `answers` (the last one again when they run out). As
 * n8n's helper does, a status from 400 throws unless `ignoreHttpStatusErrors`, and only the body is returned
 * unless `returnFullResponse`.
 */
function talkover(...answers: Answer[]) {
	const sent: IHttpRequestOptions[] = [];
	const times: number[] = [];
	const ctx = {
		getNode: () => ({ id: 'node-1', name: 'Talkover', type: 'n8n-nodes-talkover.talkover', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiToken: TOKEN, baseUrl: BASE }),
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				sent.push(options);
				times.push((clock().now() - START) / 1000);
				const answer = answers[Math.min(sent.length - 1, answers.length - 1)] ?? 200;
				if (answer instanceof Error) throw answer;
				const full = answerOf(answer);
				if (full.statusCode >= 400 && options.ignoreHttpStatusErrors !== true) throw new Error(`Request failed with status code ${full.statusCode}`);
				return options.returnFullResponse === true ? full : full.body;
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, sent, times, urls: () => sent.map((s) => s.url) };
}

const RUNNING = 409;

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
	test('at the limit, Talkover is asked to deliver its test to the wait’s webhook (to the wait’s address, with its secret); nothing is sent to the address by n8n', async () => {
		const { ctx, sent } = talkover(200);
		setLimitAlarm(ctx, address, wait, START + 30 * MIN);
		await pass(30 * MIN - 1);
		expect(sent).toEqual([]);
		await pass(1);
		expect(sent.map((s) => [s.method, s.url, (s.headers as Record<string, string>).Authorization])).toEqual([['POST', `${BASE}/api/v1/agents/${AGENT}/webhooks/${webhooks[0].webhookId}/test`, `Bearer ${TOKEN}`]]);
		expect(sent.some((s) => String(s.url).startsWith('https://n8n.example'))).toBe(false);
		expect(clock().alarmsSet).toBe(0);
	});

	test('a campaign wait’s signal is its campaign webhook’s test', async () => {
		const { ctx, urls } = talkover(200);
		setLimitAlarm(ctx, address, { webhooks: [{ campaignId: 'c-1', webhookId: 'cw-1' }], secret: SECRET }, START);
		await pass(0);
		expect(urls()).toEqual([`${BASE}/api/v1/campaigns/c-1/webhooks/cw-1/test`]);
	});

	test('Talkover’s campaign answer without the address’s status (`{success, message}`) is a signal delivered', async () => {
		const { ctx, sent } = talkover({ body: { success: true, message: 'Test payload dispatched' } });
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(1);
	});

	test('a webhook of the wait gone (404): the next is asked; all gone, the signal goes to the wait’s address from this process, with the secret', async () => {
		const { ctx, urls } = talkover('gone', 200);
		setLimitAlarm(ctx, address, { webhooks: [...webhooks, { agentId: AGENT, webhookId: 'wh-second' }], secret: SECRET }, START);
		await pass(0);
		expect(urls()).toEqual([`${BASE}/api/v1/agents/${AGENT}/webhooks/${webhooks[0].webhookId}/test`, `${BASE}/api/v1/agents/${AGENT}/webhooks/wh-second/test`]);
		clearAlarms(address);
		const gone = talkover('gone', { status: 200 });
		setLimitAlarm(gone.ctx, address, wait, START + MIN);
		await pass(10 * MIN);
		expect(gone.sent.map((s) => [s.url, s.body, s.headers])).toEqual([
			[`${BASE}/api/v1/agents/${AGENT}/webhooks/${webhooks[0].webhookId}/test`, undefined, { Authorization: `Bearer ${TOKEN}` }],
			[address, { event: 'n8n.wait_limit', at: START + MIN }, { 'X-N8n-Talkover-Secret': SECRET }],
		]);
		expect(gone.sent[1]).toMatchObject({ method: 'POST', json: true, ignoreHttpStatusErrors: true, returnFullResponse: true });
		expect(clock().alarmsSet).toBe(0);
	});

	test('a limit already past is signalled at once', async () => {
		const { ctx, sent } = talkover(200);
		setLimitAlarm(ctx, address, wait, START - MIN);
		expect(clock().alarms.map((a) => a.at)).toEqual([START]);
		await pass(0);
		expect(sent).toHaveLength(1);
	});

	test('setting it again moves it: the earlier alarm no longer fires', async () => {
		const { ctx, sent } = talkover(200);
		setLimitAlarm(ctx, address, wait, START + 10 * MIN);
		setLimitAlarm(ctx, address, wait, START + 20 * MIN);
		expect(clock().alarmsSet).toBe(1);
		await pass(10 * MIN);
		expect(sent).toEqual([]);
		await pass(10 * MIN);
		expect(sent).toHaveLength(1);
	});

	test('set to keep the one already set (a delivery near the first limit): that one stays; none left, it is set', async () => {
		const { ctx, times } = talkover(200);
		setLimitAlarm(ctx, address, wait, START + 10 * MIN);
		setLimitAlarm(ctx, address, wait, START + 20 * MIN, endsItselfAt(START + 20 * MIN), true);
		expect(clock().alarms.map((a) => a.at)).toEqual([START + 10 * MIN]);
		await pass(10 * MIN);
		expect(times).toEqual([10 * 60]);
		// The one set fired: a limit set to keep is set again.
		setLimitAlarm(ctx, address, wait, START + 2 * 60 * MIN, endsItselfAt(START + 2 * 60 * MIN), true);
		await pass(2 * 60 * MIN - 10 * MIN);
		expect(times).toEqual([10 * 60, 2 * 60 * 60]);
		// A wait without one: it is set.
		clearAlarms(address);
		setLimitAlarm(ctx, address, wait, START + 3 * 24 * 60 * MIN, endsItselfAt(START + 3 * 24 * 60 * MIN), true);
		expect(clock().alarms.filter((a) => !a.fired && !a.cancelled).map((a) => a.at)).toEqual([START + 3 * 24 * 60 * MIN]);
	});

	test('after it fired, a new limit can be set and fires too', async () => {
		const { ctx, times } = talkover(200);
		setLimitAlarm(ctx, address, wait, START + MIN);
		await pass(MIN);
		setLimitAlarm(ctx, address, wait, START + 3 * MIN);
		await pass(2 * MIN);
		expect(times).toEqual([60, 180]);
	});

	test('each alarm is asked through the request helper of the context that set it', async () => {
		const first = talkover(200);
		const second = talkover(200);
		setLimitAlarm(first.ctx, address, wait, START + MIN);
		setCheckAlarm(second.ctx, `${address}-other`, wait);
		await pass(MIN);
		expect([first.sent.length, second.sent.length]).toEqual([1, 1]);
		clearAlarms(`${address}-other`);
	});
});

describe('sent again when n8n did not take it', () => {
	test('n8n still running the execution (409 "is running already"): sent again 5 s later, doubling up to a minute', async () => {
		const { ctx, sent } = talkover(RUNNING);
		setLimitAlarm(ctx, address, wait, START);
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
	});

	test('the test delivery failed (n8n not reached): asked again the same way', async () => {
		const { ctx, sent } = talkover('failed', 200);
		setCheckAlarm(ctx, address, wait);
		await pass(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		expect(sent).toHaveLength(1);
		await pass(RESEND_FIRST_MS);
		expect(sent).toHaveLength(2);
		await pass(10 * MIN);
		expect(sent).toHaveLength(2);
	});

	test('Talkover not reached: asked again the same way', async () => {
		const { ctx, sent } = talkover(new Error('socket hang up'), 200);
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		await pass(RESEND_FIRST_MS);
		expect(sent).toHaveLength(2);
		await pass(10 * MIN);
		expect(sent).toHaveLength(2);
	});

	test('the credential not readable when the alarm was set: nothing is sent, asked again until n8n ends the wait itself', async () => {
		const { ctx, sent } = talkover(200);
		(ctx as unknown as { getCredentials: () => Promise<never> }).getCredentials = async () => await Promise.reject(new Error('Credentials could not be decrypted'));
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		expect(clock().alarmsSet).toBe(1);
		await passBySeconds(20 * MIN);
		expect(sent).toEqual([]);
		expect(clock().alarms.filter((a) => a.fired).map((a) => (a.at - START) / 1000)).toEqual([0, ...RESENT_FROM(0).slice(1)]);
	});

	test.each<[string, Answer]>([
		['taken (200)', 200],
		['the node’s own 503 (it sets its own alarm again)', 503],
		['n8n’s 404 (the execution deleted)', 404],
	])('%s: not asked again', async (_, answer) => {
		const { ctx, sent } = talkover(answer);
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(1);
		expect(clock().alarmsSet).toBe(0);
	});

	test('never after n8n ends the wait itself: the last resend is the one that still comes before', async () => {
		const { ctx, sent } = talkover(RUNNING);
		setLimitAlarm(ctx, address, wait, START + MIN, START + MIN + 15_000);
		await pass(MIN);
		await pass(5_000);
		await pass(10_000);
		expect(sent).toHaveLength(3);
		expect(clock().alarmsSet).toBe(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(3);
	});

	test('by default that moment is 10 minutes after the limit', async () => {
		const { ctx, times } = talkover(RUNNING);
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		await passBySeconds(20 * MIN);
		expect(times).toEqual(RESENT_FROM(0));
	});

	test('a resend of the same signal replaces the one waiting', async () => {
		const { ctx, times } = talkover(RUNNING);
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		setLimitAlarm(ctx, address, wait, START + 1_000);
		await pass(1_000);
		expect(clock().alarmsSet).toBe(1);
		await pass(5_000);
		expect(times).toEqual([0, 1, 6]);
	});

	test('another signal’s resend is its own', async () => {
		const { ctx, times } = talkover(RUNNING);
		clock().randomValue = 0;
		setLimitAlarm(ctx, address, wait, START);
		setCheckAlarm(ctx, address, wait);
		await pass(0);
		await pass(CHECK_AFTER_MS);
		// The check and the limit's first resend, both not taken: a resend of each waiting.
		expect(times).toEqual([0, 5, 5]);
		expect(clock().alarmsSet).toBe(2);
		await pass(RESEND_FIRST_MS);
		expect(times).toEqual([0, 5, 5, 10]);
	});

	test.each([
		{ title: 'the wait ended while its signal was being delivered (n8n answered 409, running the execution it resumed): not sent again', other: undefined, until: undefined },
		{ title: 'the wait ended while its signal was being delivered, then another wait ended a second later: the first is still not sent again', other: 1000, until: undefined },
		// n8n ends this wait itself two hours after its limit.
		{ title: 'a wait’s end is remembered 30 minutes: a signal of it answered then, another wait ending meanwhile, is still not sent again', other: 30 * MIN, until: START + 5 * 60 * MIN },
	])('$title', async ({ other, until }) => {
		const { ctx, sent } = talkover(RUNNING);
		const helpers = (ctx as unknown as { helpers: { httpRequest: (options: IHttpRequestOptions) => Promise<unknown> } }).helpers;
		const answer = helpers.httpRequest;
		let deliver: () => void = () => undefined;
		helpers.httpRequest = async (options) => await new Promise((resolve) => (deliver = () => resolve(answer(options))));
		setLimitAlarm(ctx, address, wait, START + 3 * 60 * MIN, ...(until === undefined ? [] : [until]));
		await pass(3 * 60 * MIN);
		clearAlarms(address);
		if (other !== undefined) {
			clock().time += other;
			clearAlarms(`${address}-another-wait`);
		}
		deliver();
		await settle();
		expect(clock().alarmsSet).toBe(0);
		await pass(RESEND_FIRST_MS);
		expect(sent).toHaveLength(1);
	});

	test('the wait ended: its resends are cancelled too', async () => {
		const { ctx, sent } = talkover(RUNNING);
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		expect(clock().alarmsSet).toBe(1);
		clearAlarms(address);
		expect(clock().alarmsSet).toBe(0);
		await pass(10 * MIN);
		expect(sent).toHaveLength(1);
	});
});

describe('no webhook of the wait left in Talkover: the signal goes to the wait’s address from this process', () => {
	test('each signal is named as its own: the check `n8n.wait_check`, the end of the while for events `n8n.wait_events`', async () => {
		const check = talkover('gone', { status: 200 });
		const events = talkover('gone', { status: 200 });
		clock().randomValue = 0;
		setCheckAlarm(check.ctx, address, wait);
		setEventsAlarm(events.ctx as never, `${address}-events`, wait, START + 15 * MIN);
		await pass(CHECK_AFTER_MS);
		await pass(15 * MIN);
		expect([...check.sent, ...events.sent].filter((s) => String(s.url).startsWith('https://n8n.example')).map((s) => [s.url, s.body])).toEqual([
			[address, { event: 'n8n.wait_check' }],
			[`${address}-events`, { event: 'n8n.wait_events' }],
		]);
		clearAlarms(`${address}-events`);
	});

	test('n8n still running the execution (409 "is running already"): sent again 5 s later', async () => {
		const { ctx, urls, times } = talkover('gone', { status: 409, body: { code: 409, message: 'The execution "7" is running already.' } }, 'gone', { status: 200 });
		setLimitAlarm(ctx, address, wait, START + 2 * 60 * MIN);
		await pass(2 * 60 * MIN);
		await pass(RESEND_FIRST_MS);
		await pass(10 * MIN);
		expect(urls().filter((url) => url === address)).toHaveLength(2);
		expect(times).toEqual([7200, 7200, 7205, 7205]);
	});

	test.each<[string, Answer]>([
		['taken (200), even where its words say running', { status: 200, body: { message: 'The call is running' } }],
		['n8n’s 404 (the execution deleted)', { status: 404, body: { code: 404, message: 'The execution "7" does not exist.' } }],
		['n8n’s 409 for an execution that has finished already', { status: 409, body: { code: 409, message: 'The execution "7" has finished already.' } }],
		['a 409 without a body', { status: 409, body: undefined }],
		['a 409 whose message is not a text', { status: 409, body: { message: ['is running already'] } }],
	])('%s: not sent again', async (_, answer) => {
		const { ctx, sent } = talkover('gone', answer);
		setLimitAlarm(ctx, address, wait, START);
		await pass(0);
		await pass(10 * MIN);
		expect(sent.map((s) => s.url)).toEqual([`${BASE}/api/v1/agents/${AGENT}/webhooks/${webhooks[0].webhookId}/test`, address]);
		expect(clock().alarmsSet).toBe(0);
	});
});

describe('the check shortly after an end', () => {
	test('5 s after, and up to 5 s more at random; once: a check already set stays', async () => {
		const { ctx, sent } = talkover(200);
		expect([CHECK_AFTER_MS, CHECK_SPREAD_MS]).toEqual([5_000, 5_000]);
		clock().randomValue = 0.5;
		setCheckAlarm(ctx, address, wait);
		clock().randomValue = 0;
		setCheckAlarm(ctx, address, wait);
		expect(clock().alarms.map((a) => a.at)).toEqual([START + 7_500]);
		await pass(7_500);
		expect(sent).toHaveLength(1);
	});

	test('the spread is whole milliseconds, under 5 s', () => {
		const { ctx } = talkover(200);
		clock().randomValue = 0.99999;
		setCheckAlarm(ctx, address, wait);
		expect(clock().alarms.map((a) => a.at - START)).toEqual([9_999]);
	});

	test('after it fired, the next end sets a new one', async () => {
		const { ctx, sent } = talkover(200);
		setCheckAlarm(ctx, address, wait);
		await pass(10_000);
		setCheckAlarm(ctx, address, wait);
		await pass(10_000);
		expect(sent).toHaveLength(2);
	});

	test('sent again while n8n runs the execution, for up to 10 minutes after it fired', async () => {
		const { ctx, times } = talkover(RUNNING);
		clock().randomValue = 0;
		setCheckAlarm(ctx, address, wait);
		await passBySeconds(20 * MIN);
		expect(times).toEqual(RESENT_FROM(5));
	});
});

describe('the end of the while for picked events', () => {
	test('at its moment, the events signal; once: one already set stays', async () => {
		const { ctx, sent } = talkover(200);
		setEventsAlarm(ctx as never, address, wait, START + 15 * MIN);
		setEventsAlarm(ctx as never, address, wait, START + 5 * MIN);
		await pass(15 * MIN - 1);
		expect(sent).toEqual([]);
		await pass(1);
		expect(sent).toHaveLength(1);
	});

	test('a moment already past: at once; after it fired, a new one can be set', async () => {
		const { ctx, sent } = talkover(200);
		setEventsAlarm(ctx as never, address, wait, START - MIN);
		expect(clock().alarms.map((a) => a.at)).toEqual([START]);
		await pass(0);
		setEventsAlarm(ctx as never, address, wait, START + MIN);
		await pass(MIN);
		expect(sent).toHaveLength(2);
	});

	test('sent again while n8n runs the execution, until 10 minutes after its moment', async () => {
		const { ctx, times } = talkover(RUNNING);
		setEventsAlarm(ctx as never, address, wait, START + 3_000);
		await passBySeconds(20 * MIN);
		expect(times).toEqual(RESENT_FROM(3));
	});
});

test('the wait ended: every alarm of its address is cancelled, another wait’s are kept', async () => {
	const { ctx, urls } = talkover(200);
	const other = [{ agentId: AGENT, webhookId: 'wh-other' }];
	setLimitAlarm(ctx, address, wait, START + MIN);
	setCheckAlarm(ctx, address, wait);
	setEventsAlarm(ctx as never, address, wait, START + MIN);
	setLimitAlarm(ctx, `${address}-other`, { webhooks: other, secret: SECRET }, START + MIN);
	clearAlarms(address);
	expect(clock().alarmsSet).toBe(1);
	// Its alarms can be set again afresh.
	setCheckAlarm(ctx, address, wait);
	expect(clock().alarmsSet).toBe(2);
	await pass(MIN);
	expect(urls().map((url) => url?.split('/').at(-2)).sort()).toEqual([webhooks[0].webhookId, 'wh-other'].sort());
	clearAlarms(`${address}-other`);
});

describe('an alarm that fired leaves the wait’s other alarms to be cancelled when it ends', () => {
	type Kind = 'limit' | 'check' | 'events';
	const set = (kind: Kind, ctx: IExecuteFunctions, at: number) => {
		if (kind === 'limit') setLimitAlarm(ctx, address, wait, at);
		else if (kind === 'check') setCheckAlarm(ctx, address, wait);
		else setEventsAlarm(ctx as never, address, wait, at);
	};

	test.each<[Kind, Kind]>([
		['limit', 'check'],
		['check', 'limit'],
		['check', 'events'],
		['events', 'check'],
		['limit', 'events'],
	])('the %s alarm fired; the %s alarm still set is cancelled with the wait', async (fired, left) => {
		const { ctx, sent } = talkover(200);
		clock().randomValue = 0;
		// Both set; the one that fires first at 1 s (a check: at 5 s), the other an hour on (a check: at 5 s).
		const firesAt = fired === 'check' ? CHECK_AFTER_MS : 1_000;
		set(left, ctx, START + 60 * MIN);
		set(fired, ctx, START + firesAt);
		expect(clock().alarmsSet).toBe(2);
		await pass(firesAt);
		expect(sent).toHaveLength(1);
		expect(clock().alarmsSet).toBe(1);
		clearAlarms(address);
		expect(clock().alarmsSet).toBe(0);
		await passBySeconds(2 * 60 * MIN);
		expect(sent).toHaveLength(1);
	});

	test('a resend fired; the limit alarm still set is cancelled with the wait', async () => {
		const { ctx, sent } = talkover(RUNNING, 200);
		clock().randomValue = 0;
		setCheckAlarm(ctx, address, wait);
		setLimitAlarm(ctx, address, wait, START + 60 * MIN);
		await pass(CHECK_AFTER_MS);
		await pass(RESEND_FIRST_MS);
		expect(sent).toHaveLength(2);
		clearAlarms(address);
		await passBySeconds(2 * 60 * MIN);
		expect(sent).toHaveLength(2);
	});
});
