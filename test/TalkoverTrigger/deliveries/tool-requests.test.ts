/**
 * The tool requests' memory (nodes/TalkoverTrigger/deliveries.ts: toolRequest, keptAnswer), on the
 * TestClock: which tool request is a retry of which, and the answer kept for it.
 */
import type { ToolAnswer } from '../../../nodes/TalkoverTrigger/deliveries';
import { GIVEN_UP_WINDOW_MS, MAX_TOOL_REQUESTS, keptAnswer, toolRequest } from '../../../nodes/TalkoverTrigger/deliveries';
import { useTestClock } from '../../helpers/clock';

const clock = useTestClock();

describe('an answer kept for a retry', () => {
	test('json: the JSON text (undefined as null); send: the text, or a copy of the bytes; anything else cannot be given again', () => {
		expect(keptAnswer(201, 'json', { a: 1 })).toEqual({ status: 201, method: 'json', content: '{"a":1}' });
		expect(keptAnswer(200, 'json', undefined)).toEqual({ status: 200, method: 'json', content: 'null' });
		expect(keptAnswer(200, 'send', 'Ada')).toEqual({ status: 200, method: 'send', content: 'Ada' });
		const bytes = Buffer.from('Ada');
		const kept = keptAnswer(202, 'send', bytes) as ToolAnswer;
		expect(kept).toEqual({ status: 202, method: 'send', content: Buffer.from('Ada') });
		bytes[0] = 0x62;
		expect(kept.content.toString()).toBe('Ada');
		expect(keptAnswer(200, 'send', 42)).toBeUndefined();
		expect(keptAnswer(200, 'send', undefined)).toBeUndefined();
	});
});

describe('which tool request is a retry', () => {
	let scopes = 0;
	const scope = () => `unit-${++scopes}`;

	test('a new request is not a retry; while its client waits the same body is not one either', () => {
		const s = scope();
		expect(toolRequest(s, { a: 1 }).repeat).toBe(false);
		expect(toolRequest(s, { a: 1 }).repeat).toBe(false);
	});

	test('after its client gave up, the same body (keys in any order) to the same scope is a retry that gets the execution’s answer, once', async () => {
		const s = scope();
		const first = toolRequest(s, { a: 1, b: 2 });
		if (first.repeat) throw new Error('not a new request');
		first.gaveUp();
		const retry = toolRequest(s, { b: 2, a: 1 });
		const other = toolRequest(`${s}-other`, { a: 1, b: 2 });
		expect([retry.repeat, other.repeat, toolRequest(s, { a: 2, b: 2 }).repeat]).toEqual([true, false, false]);
		const answer = { status: 200, method: 'json' as const, content: '{"ok":true}' };
		first.settle(answer);
		first.settle(undefined);
		expect(await (retry as { answer: Promise<unknown> }).answer).toBe(answer);
		expect(toolRequest(s, { a: 1, b: 2 }).repeat).toBe(false);
	});

	test('a client that gave up and asks again after its workflow answered: its retry gets that answer at once and starts nothing; the next same body runs again', async () => {
		const s = scope();
		const first = toolRequest(s, { slot: '10:00' });
		if (first.repeat) throw new Error('not a new request');
		first.gaveUp();
		const answer = { status: 200, method: 'json' as const, content: '{"booked":true}' };
		first.settle(answer);
		clock().time += GIVEN_UP_WINDOW_MS - 1;
		const retry = toolRequest(s, { slot: '10:00' });
		const next = toolRequest(s, { slot: '10:00' });
		expect([retry.repeat, next.repeat]).toEqual([true, false]);
		expect(await (retry as { answer: Promise<unknown> }).answer).toBe(answer);
	});

	test('a client that gave up is remembered 10 minutes while its workflow runs (docs/behaviour.md)', () => {
		expect(GIVEN_UP_WINDOW_MS).toBe(10 * 60_000);
	});

	test('gave up twice: remembered from the first time; gave up after its answer: nothing remembered; settled without giving up: nothing to tell', async () => {
		const s = scope();
		const first = toolRequest(s, 1);
		if (first.repeat) throw new Error('not a new request');
		first.gaveUp();
		clock().time += GIVEN_UP_WINDOW_MS - 1;
		first.gaveUp();
		expect(toolRequest(s, 1).repeat).toBe(true);
		clock().time += 1;
		expect(toolRequest(s, 1).repeat).toBe(false);

		const answered = toolRequest(s, 2);
		if (answered.repeat) throw new Error('not a new request');
		answered.settle(undefined);
		answered.gaveUp();
		expect(toolRequest(s, 2).repeat).toBe(false);
	});

	test('two callers, both gave up: a retry joins the latest; the earlier one’s waiting retries still get its answer', async () => {
		const s = scope();
		const a = toolRequest(s, 'x');
		const b = toolRequest(s, 'x');
		if (a.repeat || b.repeat) throw new Error('not new requests');
		a.gaveUp();
		const retryOfA = toolRequest(s, 'x') as { repeat: true; answer: Promise<ToolAnswer | undefined> };
		b.gaveUp();
		const retryOfB = toolRequest(s, 'x') as { repeat: true; answer: Promise<ToolAnswer | undefined> };
		const answerA = { status: 200, method: 'send' as const, content: 'A' };
		const answerB = { status: 200, method: 'send' as const, content: 'B' };
		a.settle(answerA);
		// B's record is still there: a's answer did not remove it.
		expect(toolRequest(s, 'x').repeat).toBe(true);
		b.settle(answerB);
		expect(await retryOfA.answer).toBe(answerA);
		expect(await retryOfB.answer).toBe(answerB);
		expect(toolRequest(s, 'x').repeat).toBe(false);
	});

	test(`at most ${MAX_TOOL_REQUESTS} given-up requests: the oldest is forgotten first`, () => {
		const s = scope();
		for (let i = 0; i < MAX_TOOL_REQUESTS; i++) {
			const r = toolRequest(s, i);
			if (!r.repeat) r.gaveUp();
		}
		expect(toolRequest(s, 0).repeat).toBe(true);
		const last = toolRequest(s, MAX_TOOL_REQUESTS);
		if (!last.repeat) last.gaveUp();
		expect([toolRequest(s, 0).repeat, toolRequest(s, 1).repeat, toolRequest(s, MAX_TOOL_REQUESTS).repeat]).toEqual([false, true, true]);
	});
});
