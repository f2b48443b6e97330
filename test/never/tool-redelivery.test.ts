/**
 * Issue 24 item 3 for the Agent Tool source: one tool call, one execution. The same request again (the
 * same body, keys in any order, to the same action) while the first is still in flight (its answer or
 * fallback not yet sent) starts no second execution: it gets the first's answer when it comes (within its
 * own Answer Time Limit), else the Fallback Answer. Once the first was answered, the same request runs
 * again (a new question: two callers booking the same slot, a tool without inputs). Memory only: nothing
 * in the static data. Time is the TestClock's.
 */
import type { IDataObject } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { MAX_TOOL_REQUESTS } from '../../nodes/TalkoverTrigger/deliveries';
import { DEFAULT_FALLBACK } from '../../nodes/TalkoverTrigger/sources/agentTool';
import { useTestClock } from '../helpers/clock';
import { TOOL_SECRET as SECRET, started, tool } from '../helpers/toolRequests';

const clock = useTestClock();
const FALLBACK = { message: DEFAULT_FALLBACK };

const settle = async () => {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('Agent Tool: one tool call, one execution (issue 24)', () => {
	test('the same request while the first runs (keys in another order): one execution; the second gets the first’s answer when it comes', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+15551234567', slot: '10:00' });
		expect(await started(first)).toBe(true);
		const second = call({ slot: '10:00', phone: '+15551234567' });
		expect(await second.result).toEqual({ noWebhookResponse: true });
		first.response.status(200).json({ booked: '10:00' });
		await settle();
		expect(second.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
		expect(first.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
	});

	test('the same request after the first was answered runs again (at once or later): the caller got its answer, so this is a new question', async () => {
		clock().hold();
		const call = tool();
		const first = call({ date: '2026-12-01', time: '10:00' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ booked: true, confirmation: 'BK-7731' });
		const atOnce = call({ time: '10:00', date: '2026-12-01' });
		expect(await started(atOnce)).toBe(true);
		expect(atOnce.response.answers).toEqual([]);
		atOnce.response.status(200).json({ booked: false });
		clock().time += 90_000;
		const later = call({ date: '2026-12-01', time: '10:00' });
		expect(await started(later)).toBe(true);
		await settle();
		expect(later.response.answers).toEqual([]);
	});

	test('a tool without inputs: each request after the previous one was answered runs; only one sent while it runs waits', async () => {
		clock().hold();
		const call = tool();
		const first = call({});
		expect(await started(first)).toBe(true);
		const during = call({});
		expect(await started(during)).toBe(false);
		first.response.status(200).json({ message: 'Paged.' });
		await settle();
		expect(during.response.answers).toEqual([{ status: 200, body: { message: 'Paged.' } }]);
		expect(await started(call({}))).toBe(true);
	});

	test('two identical requests at once: one execution; both get the answer when it comes', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		const second = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		expect(await second.result).toEqual({ noWebhookResponse: true });
		await settle();
		expect(second.response.answers).toEqual([]);
		first.response.status(200).json({ caller: 'Ada' });
		await settle();
		expect(first.response.answers).toEqual([{ status: 200, body: { caller: 'Ada' } }]);
		expect(second.response.answers).toEqual([{ status: 200, body: { caller: 'Ada' } }]);
		clock().release();
		await settle();
		expect(second.response.answers).toHaveLength(1);
	});

	test('other inputs (or any other field: Talkover documents no request ID or timestamp) start their own execution', async () => {
		clock().hold();
		const call = tool();
		const bodies = [{ phone: '+1' }, { phone: '+2' }, { phone: '+1', at: '2026-01-15T12:00:00Z' }, { phone: '+1', at: '2026-01-15T12:00:01Z' }, [1, 2]];
		for (const body of bodies) {
			const r = call(body);
			expect(await started(r)).toBe(true);
			r.response.status(200).json({ ok: true });
		}
	});

	test('the same request to another tool node (another action) starts its own execution', async () => {
		clock().hold();
		const one = tool();
		const other = tool();
		expect(await started(one({ phone: '+1' }))).toBe(true);
		expect(await started(other({ phone: '+1' }))).toBe(true);
	});

	test('a request to the test URL (listening in the editor) is not a repeat of a production request in flight', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'action-test-url', actionAgentId: 'agent-1', actionSecret: SECRET };
		const production = tool({}, staticData)({ phone: '+1' });
		expect(await started(production)).toBe(true);
		expect(await started(tool({}, staticData, trigger, 'manual')({ phone: '+1' }))).toBe(true);
		expect(await started(tool({}, staticData)({ phone: '+1' }))).toBe(false);
	});

	test('the first failed (n8n answered 500): the repeat runs again (the agent was told it failed; asking again is trying again)', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		first.response.status(500).json({ message: 'Error in workflow' });
		expect(first.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		const second = call({ phone: '+1' });
		expect(await started(second)).toBe(true);
		// The retry is in flight as any first request: a repeat of it waits for its answer.
		const third = call({ phone: '+1' });
		expect(await third.result).toEqual({ noWebhookResponse: true });
		second.response.status(200).json({ caller: 'Ada' });
		await settle();
		expect(third.response.answers).toEqual([{ status: 200, body: { caller: 'Ada' } }]);
	});

	test('a repeat waiting for a first that then fails gets the Fallback Answer (it does not start a run of its own)', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		const second = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		expect(await started(second)).toBe(false);
		first.response.status(500).json({ message: 'Error in workflow' });
		await settle();
		expect(second.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
	});

	test('a repeat waiting while the first times out (its fallback sent, the workflow still running) gets the late answer within its own limit; a request after the first’s fallback went out runs again', async () => {
		clock().hold();
		const call = tool({ timeLimit: 3 });
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		clock().time += 1_000;
		const second = call({ phone: '+1' });
		expect(await started(second)).toBe(false);
		expect(clock().waits).toEqual([3_000, 3_000]);
		// The first's limit passes (its wait only): its fallback goes out, the record is gone.
		clock().wakeEarliest();
		await settle();
		expect(first.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		expect(second.response.answers).toEqual([]);
		const third = call({ phone: '+1' });
		expect(await started(third)).toBe(true);
		// n8n writes the workflow's late result to the first request (dropped there): the waiting repeat gets it.
		first.response.status(200).json({ booked: '10:00' });
		await settle();
		expect(second.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
		expect(first.response.answers).toHaveLength(1);
	});

	test('a repeat while the first is still running, and no answer within the repeat’s own time limit: the Fallback Answer at its limit', async () => {
		clock().hold();
		const call = tool({ timeLimit: 4, fallbackAnswer: 'One moment please.' });
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		const second = call({ phone: '+1' });
		expect(await started(second)).toBe(false);
		expect(clock().waits).toEqual([4_000, 4_000]);
		clock().release();
		await settle();
		expect(second.response.answers).toEqual([{ status: 200, body: { message: 'One moment please.' } }]);
		// The first's answer after both limits: written nowhere twice, nothing throws.
		expect(() => first.response.status(200).json({ late: true })).not.toThrow();
		await settle();
		expect(second.response.answers).toHaveLength(1);
	});

	test('a repeat waiting for a first that answers nothing gets the Fallback Answer; afterwards the same request runs again', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		const second = call({ phone: '+1' });
		expect(await started(second)).toBe(false);
		first.response.status(200).json({});
		await settle();
		expect(first.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		expect(second.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});

	test('a request with a wrong secret (401) never enters the memory: the same request with the secret then runs', async () => {
		clock().hold();
		const call = tool();
		const refused = call({ phone: '+1' }, 'd'.repeat(64));
		expect(await refused.result).toEqual({ noWebhookResponse: true });
		expect(refused.response.answers.map((a) => a.status)).toEqual([401]);
		const again = call({ phone: '+1' }, 'd'.repeat(64));
		expect(again.response.answers.map((a) => a.status)).toEqual([401]);
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});

	test('nothing is written to the static data by a tool request (n8n would save the request’s copy over a re-publish’s new secret)', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'action-static', actionAgentId: 'agent-1', actionSecret: SECRET };
		const snapshot = JSON.stringify(staticData);
		const call = tool({}, staticData);
		const first = call({ phone: '+15551234567' });
		const second = call({ phone: '+15551234567' });
		await first.result;
		await second.result;
		first.response.status(200).json({ caller: 'Ada Lovelace' });
		await settle();
		expect(second.response.answers).toEqual([{ status: 200, body: { caller: 'Ada Lovelace' } }]);
		expect(JSON.stringify(first.staticData)).toBe(snapshot);
	});

	test('another n8n process (its own memory): the same request in flight in the first process runs there too (what queue mode does not protect)', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'action-shared', actionAgentId: 'agent-1', actionSecret: SECRET };
		const first = tool({}, staticData)({ phone: '+1' });
		expect(await started(first)).toBe(true);
		let otherProcess: typeof trigger = trigger;
		jest.isolateModules(() => {
			// Its own copy of every module (its own memory), on the same TestClock.
			const { setClock } = require('../../nodes/shared/transport/clock') as typeof import('../../nodes/shared/transport/clock');
			setClock({ now: clock().now, sleep: clock().sleep, random: clock().random });
			otherProcess = require('../../nodes/TalkoverTrigger/TalkoverTrigger.node') as typeof trigger;
		});
		expect(otherProcess).not.toBe(trigger);
		expect(await started(tool({}, staticData, otherProcess)({ phone: '+1' }))).toBe(true);
		expect(await started(tool({}, staticData)({ phone: '+1' }))).toBe(false);
	});

	test(`bounded: at most ${MAX_TOOL_REQUESTS} requests in flight remembered (the oldest forgotten first); an answered one is forgotten at once`, async () => {
		clock().hold();
		const call = tool();
		const running = [];
		for (let i = 0; i <= MAX_TOOL_REQUESTS; i++) {
			const r = call({ n: i });
			expect(await started(r)).toBe(true);
			running.push(r);
		}
		// { n: 0 } was the oldest: forgotten, it runs again; { n: 2 } is still remembered.
		expect(await started(call({ n: 0 }))).toBe(true);
		expect(await started(call({ n: 2 }))).toBe(false);
		running[2].response.status(200).json({ text: 'x'.repeat(64 * 1024) });
		await settle();
		expect(await started(call({ n: 2 }))).toBe(true);
	});
});
