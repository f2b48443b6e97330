/**
 * The Agent Tool source: one tool call, one execution, and one answer per caller. Talkover documents no
 * request ID, timestamp or retries for actions, so the same body (keys in any order) to the same action may
 * be a client's retry or another caller's question. The first request's connection tells them apart:
 * - its client gave up (the connection closed before any answer went out) while its workflow still runs:
 *   the same body again is that client's retry: no second execution, it gets the first execution's answer
 *   within its own Answer Time Limit, else the Fallback Answer;
 * - its client still waits (the connection open), or it was answered: the same body again is another
 *   question (another caller, the same slot, a tool without inputs): it runs and gets its own answer.
 * Memory only: nothing in the static data. Time is the TestClock's; a hang-up is the response's 'close'.
 */
import type { IDataObject } from 'n8n-workflow';

import * as trigger from '../../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { MAX_TOOL_REQUESTS } from '../../../nodes/TalkoverTrigger/deliveries';
import { DEFAULT_FALLBACK } from '../../../nodes/TalkoverTrigger/sources/agentToolFields';
import { useTestClock } from '../../helpers/clock';
import { TOOL_SECRET as SECRET, started, tool } from '../../helpers/toolRequests';

const clock = useTestClock();
const FALLBACK = { message: DEFAULT_FALLBACK };
/** How long a client that gave up is remembered while its workflow runs (docs/behaviour.md: 10 minutes). */
const GIVEN_UP_WINDOW_MS = 10 * 60_000;

/** Sends `body` with `send`; its execution starts, then its client gives up (the connection closes) while the workflow runs. */
async function gaveUp(send: ReturnType<typeof tool>, body: unknown) {
	const request = send(body);
	expect(await started(request)).toBe(true);
	request.response.hangUp();
	return request;
}

const settle = async () => {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('Agent Tool: a client that gave up and asks again gets the running execution’s answer', () => {
	test('the client gave up (its connection closed before the answer) and sends the same request again (keys in another order) while the workflow runs: no second execution; the retry gets the first execution’s answer', async () => {
		clock().hold();
		const call = tool();
		const first = await gaveUp(call, { phone: '+15551234567', slot: '10:00' });
		const retry = call({ slot: '10:00', phone: '+15551234567' });
		expect(await retry.result).toEqual({ noWebhookResponse: true });
		// The workflow finishes: n8n writes its answer to the first (closed) response.
		first.response.status(200).json({ booked: '10:00' });
		await settle();
		expect(retry.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
	});

	test('two identical requests, the first one’s client gave up at once: one execution; the retry gets the answer when it comes, once', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		first.response.hangUp();
		const retry = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		expect(await retry.result).toEqual({ noWebhookResponse: true });
		await settle();
		expect(retry.response.answers).toEqual([]);
		first.response.status(200).json({ caller: 'Ada' });
		await settle();
		expect(retry.response.answers).toEqual([{ status: 200, body: { caller: 'Ada' } }]);
		clock().release();
		await settle();
		expect(retry.response.answers).toHaveLength(1);
	});

	test('a retry of the retry (that client gave up too) joins the same running execution; every one still waiting gets its answer', async () => {
		clock().hold();
		const call = tool();
		const first = await gaveUp(call, { phone: '+1' });
		const second = call({ phone: '+1' });
		expect(await started(second)).toBe(false);
		second.response.hangUp();
		const third = call({ phone: '+1' });
		expect(await started(third)).toBe(false);
		first.response.status(200).json({ caller: 'Ada' });
		await settle();
		expect(third.response.answers).toEqual([{ status: 200, body: { caller: 'Ada' } }]);
	});

	test('the retry’s own Answer Time Limit passes before the first execution answers: the Fallback Answer at its limit; the late answer is written nowhere twice', async () => {
		clock().hold();
		const call = tool({ timeLimit: 4, fallbackAnswer: 'One moment please.' });
		const first = await gaveUp(call, { phone: '+1' });
		const retry = call({ phone: '+1' });
		expect(await started(retry)).toBe(false);
		// The first's wait ended with its hang-up; only the retry's wait is left.
		expect(clock().waits).toEqual([4_000, 4_000]);
		expect(clock().pending).toBe(1);
		clock().release();
		await settle();
		expect(retry.response.answers).toEqual([{ status: 200, body: { message: 'One moment please.' } }]);
		expect(() => first.response.status(200).json({ late: true })).not.toThrow();
		await settle();
		expect(retry.response.answers).toHaveLength(1);
	});

	test('a retry waiting for a first execution that fails (n8n answers 500) or says nothing gets the Fallback Answer; the same request afterwards runs again', async () => {
		for (const [status, answer] of [
			[500, { message: 'Error in workflow' }],
			[200, {}],
			[200, { message: 'Workflow executed successfully but the last node did not return any data' }],
		] as const) {
			clock().hold();
			const call = tool();
			const first = await gaveUp(call, { phone: '+1' });
			const retry = call({ phone: '+1' });
			expect(await started(retry)).toBe(false);
			first.response.status(status).json(answer);
			await settle();
			expect(retry.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
			expect(await started(call({ phone: '+1' }))).toBe(true);
		}
	});

	test('the first execution answered after its client gave up, before the retry came: the retry gets that answer (nobody heard it), no second execution; a request after that runs again', async () => {
		clock().hold();
		const call = tool();
		const first = await gaveUp(call, { phone: '+1' });
		first.response.status(200).json({ caller: 'Ada' });
		await settle();
		const retry = call({ phone: '+1' });
		expect(await started(retry)).toBe(false);
		await settle();
		expect(retry.response.answers).toEqual([{ status: 200, body: { caller: 'Ada' } }]);
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});

	test(`the answer of a client that gave up is kept for its retry at most ${GIVEN_UP_WINDOW_MS / 60_000} minutes from when it gave up`, async () => {
		clock().hold();
		const call = tool();
		const first = await gaveUp(call, { phone: '+1' });
		first.response.status(200).json({ caller: 'Ada' });
		await settle();
		clock().time += GIVEN_UP_WINDOW_MS;
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});

	test(`a client that gave up more than ${GIVEN_UP_WINDOW_MS / 60_000} minutes ago: the same request runs again (the record is forgotten)`, async () => {
		clock().hold();
		const call = tool();
		await gaveUp(call, { phone: '+1' });
		clock().time += GIVEN_UP_WINDOW_MS - 1;
		expect(await started(call({ phone: '+1' }))).toBe(false);
		clock().time += 1;
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});
});

describe('Agent Tool: two callers with the same inputs each get their own execution and answer', () => {
	test('two callers send the same inputs while the first workflow runs (both connections open): each its own execution and its own answer', async () => {
		clock().hold();
		const call = tool();
		const callerA = call({ date: '2026-12-01', time: '10:00' });
		expect(await started(callerA)).toBe(true);
		const callerB = call({ time: '10:00', date: '2026-12-01' });
		expect(await started(callerB)).toBe(true);
		callerA.response.status(200).json({ booked: true, confirmation: 'BK-7731', name: 'Ada Lovelace' });
		await settle();
		expect(callerB.response.answers).toEqual([]);
		callerB.response.status(200).json({ booked: false, message: 'That slot was just taken.' });
		await settle();
		expect(callerA.response.answers).toEqual([{ status: 200, body: { booked: true, confirmation: 'BK-7731', name: 'Ada Lovelace' } }]);
		expect(callerB.response.answers).toEqual([{ status: 200, body: { booked: false, message: 'That slot was just taken.' } }]);
	});

	test('a tool without inputs: each request runs while the others wait (three callers at once: three executions)', async () => {
		clock().hold();
		const call = tool();
		const callers = [call({}), call({}), call({})];
		for (const c of callers) expect(await started(c)).toBe(true);
		callers.forEach((c, i) => c.response.status(200).json({ message: `Paged doctor ${i + 1}.` }));
		expect(callers.map((c) => c.response.answers)).toEqual([1, 2, 3].map((n) => [{ status: 200, body: { message: `Paged doctor ${n}.` } }]));
	});

	test('two callers (both open), then the first one’s client gives up: the same request again is that client’s retry and joins the first execution', async () => {
		clock().hold();
		const call = tool();
		const callerA = call({ slot: '10:00' });
		const callerB = call({ slot: '10:00' });
		expect(await started(callerA)).toBe(true);
		expect(await started(callerB)).toBe(true);
		callerA.response.hangUp();
		const retryOfA = call({ slot: '10:00' });
		expect(await started(retryOfA)).toBe(false);
		callerB.response.status(200).json({ booked: 'B' });
		callerA.response.status(200).json({ booked: 'A' });
		await settle();
		expect(retryOfA.response.answers).toEqual([{ status: 200, body: { booked: 'A' } }]);
		expect(callerB.response.answers).toEqual([{ status: 200, body: { booked: 'B' } }]);
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

	test('the connection closes after the answer went out (the normal end of every request): not a client that gave up; the same request runs again', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ caller: 'Ada' });
		first.response.hangUp();
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});

	test('the first got the Fallback Answer at its time limit (its client heard an answer), the workflow still running: the same request runs again', async () => {
		clock().hold();
		const call = tool({ timeLimit: 3 });
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		clock().release();
		await settle();
		expect(first.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		first.response.hangUp();
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});

	test('the first failed (n8n answered 500, the client heard the fallback): the same request runs again (asking again is trying again)', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		first.response.status(500).json({ message: 'Error in workflow' });
		expect(first.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});
});

describe('Agent Tool: what a retry is matched with', () => {
	test('other inputs (or any other field: Talkover documents no request ID or timestamp) start their own execution, also after a hang-up', async () => {
		clock().hold();
		const call = tool();
		await gaveUp(call, { phone: '+1' });
		for (const body of [{ phone: '+2' }, { phone: '+1', at: '2026-01-15T12:00:00Z' }, { phone: '+1', at: '2026-01-15T12:00:01Z' }, [1, 2], { phone: 1 }, {}]) {
			expect(await started(call(body))).toBe(true);
		}
	});

	test('a body that is a list and an object holding that list under "body" (the same item) are different requests', async () => {
		clock().hold();
		const call = tool();
		await gaveUp(call, [1, 2]);
		expect(await started(call({ body: [1, 2] }))).toBe(true);
		expect(await started(call([1, 2]))).toBe(false);
	});

	test('the same request to another tool node (another action) starts its own execution', async () => {
		clock().hold();
		const one = tool();
		const other = tool();
		await gaveUp(one, { phone: '+1' });
		expect(await started(other({ phone: '+1' }))).toBe(true);
	});

	test('a request to the test URL (listening in the editor) is not a retry of a production request whose client gave up, nor the other way round', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'action-test-url', actionAgentId: 'agent-1', actionSecret: SECRET };
		await gaveUp(tool({}, staticData), { phone: '+1' });
		await gaveUp(tool({}, staticData, trigger, 'manual'), { phone: '+1' });
		expect(await started(tool({}, staticData)({ phone: '+1' }))).toBe(false);
		expect(await started(tool({}, staticData, trigger, 'manual')({ phone: '+1' }))).toBe(false);
	});

	test('a request with a wrong secret (401) never enters the memory: the same request with the secret then runs', async () => {
		clock().hold();
		const call = tool();
		const refused = call({ phone: '+1' }, 'd'.repeat(64));
		expect(await refused.result).toEqual({ noWebhookResponse: true });
		expect(refused.response.answers.map((a) => a.status)).toEqual([401]);
		refused.response.hangUp();
		expect(await started(call({ phone: '+1' }))).toBe(true);
	});

	test('nothing is written to the static data by a tool request, its hang-up or its retry (n8n would save the request’s copy over a re-publish’s new secret)', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'action-static', actionAgentId: 'agent-1', actionSecret: SECRET };
		const snapshot = JSON.stringify(staticData);
		const call = tool({}, staticData);
		const first = call({ phone: '+15551234567' });
		await first.result;
		first.response.hangUp();
		const retry = call({ phone: '+15551234567' });
		await retry.result;
		first.response.status(200).json({ caller: 'Ada Lovelace' });
		await settle();
		expect(retry.response.answers).toEqual([{ status: 200, body: { caller: 'Ada Lovelace' } }]);
		expect(JSON.stringify(first.staticData)).toBe(snapshot);
	});

	test('another n8n process (its own memory): a retry reaching it runs there (what queue mode does not protect)', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'action-shared', actionAgentId: 'agent-1', actionSecret: SECRET };
		await gaveUp(tool({}, staticData), { phone: '+1' });
		let otherProcess: typeof trigger = trigger;
		jest.isolateModules(() => {
			// Its own copy of every module (its own memory), on the same TestClock.
			const { setClock } = require('../../../nodes/shared/transport/clock') as typeof import('../../../nodes/shared/transport/clock');
			setClock({ now: clock().now, sleep: clock().sleep, random: clock().random });
			otherProcess = require('../../../nodes/TalkoverTrigger/TalkoverTrigger.node') as typeof trigger;
		});
		expect(otherProcess).not.toBe(trigger);
		expect(await started(tool({}, staticData, otherProcess)({ phone: '+1' }))).toBe(true);
		expect(await started(tool({}, staticData)({ phone: '+1' }))).toBe(false);
	});

	test(`bounded: at most ${MAX_TOOL_REQUESTS} requests whose client gave up are remembered (the oldest forgotten first); an answered one is forgotten at once`, async () => {
		clock().hold();
		const call = tool();
		const running = [];
		for (let i = 0; i <= MAX_TOOL_REQUESTS; i++) running.push(await gaveUp(call, { n: i }));
		// { n: 0 } was the oldest: forgotten, it runs again; { n: 2 } is still remembered.
		expect(await started(call({ n: 0 }))).toBe(true);
		expect(await started(call({ n: 2 }))).toBe(false);
		running[2].response.status(200).json({ text: 'x'.repeat(64 * 1024) });
		await settle();
		expect(await started(call({ n: 2 }))).toBe(true);
	});
});

/**
 * What a repeat is not: each test states what docs/guarantees.md / docs/behaviour.md (or the code's own contract)
 * promise about the same request again after an answer, from another caller, to the test URL, or after a failure.
 */
describe('Agent Tool: the same request again is a new call unless its client gave up while the workflow runs', () => {
	test('docs/behaviour.md "Each request to the URL starts one execution" / docs/guarantees.md Not protected, "The same Agent Tool request after the first was answered": the caller asks to resend a code 60 s later, the workflow runs again', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+15551234567' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ sent: true, message: 'I sent a code to your phone.' });
		clock().time += 60_000;
		// "I did not get it, can you send it again?": the agent calls send_code with the same input.
		const again = call({ phone: '+15551234567' });
		expect(await started(again)).toBe(true);
	});

	test('two different callers (Talkover sends only the inputs) booking the same slot 90 s apart: the second must run, not hear the first caller’s booking', async () => {
		clock().hold();
		const call = tool();
		const callerA = call({ date: '2026-12-01', time: '10:00' });
		expect(await started(callerA)).toBe(true);
		callerA.response.status(200).json({ booked: true, confirmation: 'BK-7731', name: 'Ada Lovelace' });
		clock().time += 90_000;
		const callerB = call({ date: '2026-12-01', time: '10:00' });
		const ranForB = await started(callerB);
		// Never: no execution for B, and B hearing A's confirmation number and name.
		expect({ ranForB, answerToB: callerB.response.answers }).toEqual({ ranForB: true, answerToB: [] });
	});

	test('CHANGELOG "two callers with the same inputs never share an answer": two callers booking the same slot at the same moment (both still waiting) each run and hear only their own booking', async () => {
		clock().hold();
		const call = tool();
		const callerA = call({ date: '2026-12-01', time: '10:00' });
		const callerB = call({ date: '2026-12-01', time: '10:00' });
		const ran = [await started(callerA), await started(callerB)];
		callerA.response.status(200).json({ booked: true, confirmation: 'BK-7731', name: 'Ada Lovelace' });
		await new Promise((r) => setImmediate(r));
		expect({ ran, answerToB: callerB.response.answers }).toEqual({ ran: [true, true], answerToB: [] });
	});

	test('a tool without inputs (e.g. "alert the on-call doctor"): the second caller’s alert within 2 min must start an execution', async () => {
		clock().hold();
		const call = tool();
		const first = call({});
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ message: 'The on-call doctor has been paged.' });
		clock().time += 30_000;
		expect(await started(call({}))).toBe(true);
	});

	test('a request to the test URL ("manual" mode) is not answered from a production request’s record', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'answered-then-test-url', actionAgentId: 'agent-1', actionSecret: SECRET };
		const production = tool({}, staticData)({ phone: '+1' });
		expect(await started(production)).toBe(true);
		production.response.status(200).json({ caller: 'Ada' });
		const listening = tool({}, staticData, trigger, 'manual')({ phone: '+1' });
		expect(await started(listening)).toBe(true);
	});

	test('model of n8n 2.8.4 (live-webhooks.js: the request’s copy of the static data is saved whole when n8n answers, i.e. when the workflow ends): a tool request leaves the static data unchanged', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'saved-when-answered', actionAgentId: 'agent-1', actionSecret: SECRET };
		const snapshot = JSON.stringify(staticData);
		const r = tool({}, staticData)({ phone: '+1' });
		expect(await started(r)).toBe(true);
		// n8n saves this request's copy when it ends: anything the request wrote would overwrite a re-publish's
		// new action ID and secret (written by activation while this execution runs).
		expect(JSON.stringify(staticData)).toBe(snapshot);
	});

	test('deliveries.ts / CONTRADICTIONS #48 "a first whose workflow failed is forgotten: a repeat runs again": also when the repeat reaches another webhook process (queue mode) or n8n after a restart', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'failed-first', actionAgentId: 'agent-1', actionSecret: SECRET };
		const first = tool({}, staticData)({ slot: '10:00' });
		expect(await started(first)).toBe(true);
		first.response.status(500).json({ message: 'Error in workflow' });
		// Same process: forgotten, runs again (as tested above). Another process (own memory, the saved static data):
		let otherProcess: typeof trigger = trigger;
		jest.isolateModules(() => {
			const { setClock } = require('../../../nodes/shared/transport/clock') as typeof import('../../../nodes/shared/transport/clock');
			setClock({ now: clock().now, sleep: clock().sleep, random: clock().random });
			otherProcess = require('../../../nodes/TalkoverTrigger/TalkoverTrigger.node') as typeof trigger;
		});
		const retry = tool({}, staticData, otherProcess)({ slot: '10:00' });
		const ran = await started(retry);
		expect({ ran, answer: retry.response.answers }).toEqual({ ran: true, answer: [] });
	});
});
