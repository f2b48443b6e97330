/**
 * Issue 24 item 3 for the Agent Tool source: one tool call, one execution. The same request again (the
 * same body, keys in any order, to the same action) within the window starts no second execution: it
 * gets the first request's answer, or, while the first is still running, that answer when it comes
 * (within its own Answer Time Limit) else the Fallback Answer. Time is the TestClock's.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { MAX_ANSWER_BYTES, MAX_TOOL_REQUESTS, TOOL_REPEAT_MARGIN_MS } from '../../nodes/TalkoverTrigger/deliveries';
import { DEFAULT_FALLBACK } from '../../nodes/TalkoverTrigger/sources/agentTool';
import { useTestClock } from '../helpers/clock';
import { expressLike } from '../helpers/expressLike';

const clock = useTestClock();
const SECRET = 'c'.repeat(64);
const FALLBACK = { message: DEFAULT_FALLBACK };
let tools = 0;

/**
 * One published tool node: its static data kept over its requests, as n8n keeps it. `node` is the
 * trigger's module (another copy of it plays another n8n process, with its own memory).
 */
function tool(toolOptions: IDataObject = {}, staticData: IDataObject = { actionId: `action-${++tools}`, actionAgentId: 'agent-1', actionSecret: SECRET }, node = trigger) {
	return (body: unknown, secret: string = SECRET) => {
		const response = expressLike();
		const context = {
			getWorkflowStaticData: () => staticData,
			getHeaderData: () => ({ 'x-n8n-talkover-secret': secret }),
			getBodyData: () => body,
			getNode: () => ({ name: 'Talkover Trigger' }),
			getCredentials: async () => ({ apiToken: 'talq_tool_token', baseUrl: 'https://app.talkover.ai' }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : name === 'toolOptions' ? toolOptions : fallback),
			getResponseObject: () => response,
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		} as unknown as IWebhookFunctions;
		const result: Promise<IWebhookResponseData> = new node.TalkoverTrigger().webhook.call(context);
		return { result, response, staticData };
	};
}

const started = async (r: { result: Promise<IWebhookResponseData> }) => 'workflowData' in (await r.result);
const settle = async () => {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('Agent Tool: one tool call, one execution (issue 24)', () => {
	test('the same request twice: one execution; the second gets the first’s answer at once', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+15551234567', slot: '10:00' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ booked: '10:00' });
		const second = call({ slot: '10:00', phone: '+15551234567' });
		expect(await second.result).toEqual({ noWebhookResponse: true });
		expect(second.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
		expect(first.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
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

	test('after the window (Answer Time Limit + 2 minutes) the same request runs again', async () => {
		clock().hold();
		const call = tool({ timeLimit: 5 });
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ caller: 'Ada' });
		clock().time += 5_000 + TOOL_REPEAT_MARGIN_MS - 1;
		expect(await started(call({ phone: '+1' }))).toBe(false);
		clock().time += 1;
		expect(await started(call({ phone: '+1' }))).toBe(true);
		expect(TOOL_REPEAT_MARGIN_MS).toBe(120_000);
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
		second.response.status(200).json({ caller: 'Ada' });
		// The retry that succeeded is remembered as any first request.
		const third = call({ phone: '+1' });
		expect(await third.result).toEqual({ noWebhookResponse: true });
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

	test('the first timed out (fallback sent, the workflow still running: it may still book): the repeat starts nothing and gets the late answer', async () => {
		clock().hold();
		const call = tool({ timeLimit: 3 });
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		clock().release();
		await settle();
		expect(first.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		clock().hold();
		const second = call({ phone: '+1' });
		expect(await started(second)).toBe(false);
		await settle();
		expect(second.response.answers).toEqual([]);
		// n8n writes the workflow's late result to the first request (dropped there): the repeat gets it.
		first.response.status(200).json({ booked: '10:00' });
		await settle();
		expect(second.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
		expect(first.response.answers).toHaveLength(1);
		const third = call({ phone: '+1' });
		expect(await started(third)).toBe(false);
		expect(third.response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
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

	test('the first answered nothing (the fallback went out, the workflow did run): the repeat starts nothing and gets the Fallback Answer', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+1' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({});
		const second = call({ phone: '+1' });
		expect(await started(second)).toBe(false);
		expect(second.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
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

	test('what is remembered in the static data: digests and times only (no input, no answer, no secret)', async () => {
		clock().hold();
		const call = tool();
		const first = call({ phone: '+15551234567' });
		await first.result;
		first.response.status(200).json({ caller: 'Ada Lovelace' });
		const text = JSON.stringify(first.staticData.toolRequests);
		expect(Object.keys(first.staticData)).toEqual(['actionId', 'actionAgentId', 'actionSecret', 'toolRequests']);
		expect(text).toMatch(/^\{"[A-Za-z0-9+/]{16}":\d+\}$/);
		expect(text).not.toContain('5551234567');
		expect(text).not.toContain('Ada');
	});

	test('another n8n process (its own memory) that sees the static data: the repeat starts nothing and gets the Fallback Answer (the answer is in the first process only)', async () => {
		clock().hold();
		const staticData: IDataObject = { actionId: 'action-shared', actionAgentId: 'agent-1', actionSecret: SECRET };
		const first = tool({}, staticData)({ phone: '+1' });
		expect(await started(first)).toBe(true);
		first.response.status(200).json({ caller: 'Ada' });
		let otherProcess: typeof trigger = trigger;
		jest.isolateModules(() => {
			// Its own copy of every module (its own memory), on the same TestClock.
			const { setClock } = require('../../nodes/shared/transport/clock') as typeof import('../../nodes/shared/transport/clock');
			setClock({ now: clock().now, sleep: clock().sleep, random: clock().random });
			otherProcess = require('../../nodes/TalkoverTrigger/TalkoverTrigger.node') as typeof trigger;
		});
		expect(otherProcess).not.toBe(trigger);
		const second = tool({}, staticData, otherProcess)({ phone: '+1' });
		expect(await started(second)).toBe(false);
		expect(second.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
	});

	test(`bounded: at most ${MAX_TOOL_REQUESTS} requests remembered (the oldest forgotten first); an answer over ${MAX_ANSWER_BYTES / 1024} KB is not kept (the repeat gets the Fallback Answer)`, async () => {
		clock().hold();
		const call = tool();
		for (let i = 0; i <= MAX_TOOL_REQUESTS; i++) {
			const r = call({ n: i });
			expect(await started(r)).toBe(true);
			r.response.status(200).json({ n: i });
		}
		expect(Object.keys(call({ n: MAX_TOOL_REQUESTS }).staticData.toolRequests as IDataObject)).toHaveLength(MAX_TOOL_REQUESTS);
		expect(await started(call({ n: 0 }))).toBe(true);
		const big = call({ big: true });
		expect(await started(big)).toBe(true);
		big.response.status(200).json({ text: 'x'.repeat(MAX_ANSWER_BYTES) });
		const repeat = call({ big: true });
		expect(await started(repeat)).toBe(false);
		expect(repeat.response.answers).toEqual([{ status: 200, body: FALLBACK }]);
		const small = call({ small: true });
		await small.result;
		small.response.status(200).json({ text: 'x'.repeat(MAX_ANSWER_BYTES - 20) });
		expect(call({ small: true }).response.answers).toEqual([{ status: 200, body: { text: 'x'.repeat(MAX_ANSWER_BYTES - 20) } }]);
	});
});
