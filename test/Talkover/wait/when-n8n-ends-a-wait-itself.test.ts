/**
 * What a user sees when n8n ends a wait itself (nodes/Talkover/wait/backstop.ts): 10 minutes after the latest Wait
 * Limit, when neither the node's own check at the limit nor a call's end reached the wait (n8n was restarted while
 * the execution waited), n8n runs no node code and passes on the node's input as it saved it. The node keeps there,
 * when the wait begins, every item's output as the wait then knows it; not while Retry On Fail may run the node
 * again on that input (a later try reads its items from there).
 */
import type { IDataObject, IExecuteData, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { backstopItems, passOnAtBackstop } from '../../../nodes/Talkover/wait/backstop';
import type { CallItem, WaitItem, WaitRecord } from '../../../nodes/Talkover/wait/record';
import { NODE } from '../../helpers/context';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);
const MIN = 60_000;

const callItem = (item: number, extra: Partial<Omit<CallItem, 'agentId' | 'campaignId'>> = {}): CallItem => ({
	item,
	agentId: 'agent-1',
	callId: `call-${item}`,
	to: `+1555000100${item}`,
	call: { id: `call-${item}`, to: `+1555000100${item}`, status: 'queued', current_status: 'queued', agent_id: 'agent-1' },
	deadline: T + 30 * MIN,
	...extra,
});
const record = (items: WaitItem[], deadline = T + 30 * MIN): WaitRecord => ({ v: 1, secretHash: 'h', address: 'http://n8n/a', since: T, deadline, webhooks: [{ agentId: 'agent-1', webhookId: 'w1' }], items });

const ENDED_ITSELF = (at: string) =>
	`n8n ended the wait itself at ${at}, 10 minutes after the Wait Limit: the node's own check at the limit did not come (n8n was restarted while the execution waited), so whether and how the call ended was not read. Call → Get Many (filter by the number) tells how it went.`;

describe('what n8n passes on when it ends a wait itself', () => {
	test('each call: as it was placed, outcome unknown, timed out, without the status it was placed with, saying why and when', () => {
		const [output] = backstopItems(record([callItem(0)]));
		expect(output).toEqual({
			json: { id: 'call-0', to: '+15550001000', agent_id: 'agent-1', outcome: 'unknown', timedOut: true, statusError: ENDED_ITSELF('2026-11-25T12:40:00.000Z') },
			pairedItem: { item: 0 },
		});
	});

	test('with Call Again Until Reached (Timed Out among its outcomes): the attempt is unknown too, and no next call is due (it may have been answered)', () => {
		const callAgain = { rule: { attempts: 3, afterMs: 10 * MIN, when: ['notReached' as const, 'timedOut' as const] }, before: [{ attempt: 1, callId: 'call-x', outcome: 'notReached' as const }], ringsAt: T };
		const [output] = backstopItems(record([callItem(0, { callAgain })]));
		expect(output.json.attempts).toEqual([...callAgain.before, { attempt: 2, callId: 'call-0', outcome: 'unknown', ringsAt: new Date(T).toISOString() }]);
		expect(output.json).not.toHaveProperty('nextAttemptAt');
	});

	test('with a next call the wait placed itself (Call Again inside the wait): the error says that later calls are not in attempts; without one it does not', () => {
		const rule = { attempts: 3, afterMs: 10 * MIN, when: ['notReached' as const] };
		const before = [{ attempt: 1, callId: 'call-x', outcome: 'notReached' as const }];
		const [placedLater, placedNone] = backstopItems(
			record([callItem(0, { callAgain: { rule, before, ringsAt: T, resend: { to: '+15550001000' } } }), callItem(1, { callAgain: { rule, before, ringsAt: T } })]),
		);
		const later = ' Calls Call Again Until Reached placed after this one while the execution waited are not in attempts: Call → Get Many lists them.';
		expect(placedLater.json.statusError).toBe(ENDED_ITSELF('2026-11-25T12:40:00.000Z') + later);
		expect(placedNone.json.statusError).toBe(ENDED_ITSELF('2026-11-25T12:40:00.000Z'));
	});

	test('the moment named is 10 minutes after the latest Wait Limit, at seconds, hours and days', () => {
		for (const [deadline, at] of [
			[T + 45_000, '2026-11-25T12:10:45.000Z'],
			[T + 5 * 3600_000, '2026-11-25T17:10:00.000Z'],
			[T + 3 * 24 * 3600_000, '2026-11-28T12:10:00.000Z'],
		] as const) {
			const [output] = backstopItems(record([callItem(0, { deadline })], deadline));
			expect(output.json.statusError).toBe(ENDED_ITSELF(at));
		}
	});

	test('an item that placed no call passes on as it came out, each item paired with its input, in order', () => {
		const notCalled = { outcome: 'notCalled', reason: 'outside Calling Hours' };
		const error = { error: 'The number is not allowed' };
		const outputs = backstopItems(record([{ item: 0, output: notCalled }, callItem(1), { item: 2, output: error }, callItem(3)]));
		expect(outputs.map((output) => output.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(outputs[0].json).toEqual(notCalled);
		expect(outputs[2].json).toEqual(error);
		expect(outputs[2].json).not.toHaveProperty('outcome', 'unknown');
		expect([outputs[1].json.id, outputs[3].json.id]).toEqual(['call-1', 'call-3']);
		expect([outputs[1].json.outcome, outputs[3].json.outcome]).toEqual(['unknown', 'unknown']);
	});

	test('a call keeps the context it was placed with', () => {
		const [output] = backstopItems(record([callItem(0, { context: { crm_id: 'lead-7' } })]));
		expect(output.json).toMatchObject({ context: { crm_id: 'lead-7' }, outcome: 'unknown' });
	});

	test('a call that had only a current_status, or only a status, passes on without it', () => {
		const onlyCurrent = callItem(0, { call: { id: 'call-0', current_status: 'ringing' } });
		const onlyStatus = callItem(1, { call: { id: 'call-1', status: 'in-progress' } });
		const outputs = backstopItems(record([onlyCurrent, onlyStatus]));
		for (const output of outputs) {
			expect(output.json).not.toHaveProperty('status');
			expect(output.json).not.toHaveProperty('current_status');
		}
	});

	test('the call as the wait keeps it is not changed', () => {
		const item = callItem(0);
		backstopItems(record([item]));
		expect(item.call).toEqual({ id: 'call-0', to: '+15550001000', status: 'queued', current_status: 'queued', agent_id: 'agent-1' });
	});
});

/** The node's input as n8n-core's execute data holds it, and an execute context that gives it. */
function waitingNode(node: Partial<INode> = {}, inputs: INodeExecutionData[][] = [[{ json: { to: '+15550001000' } }]]) {
	const executeData = { node: { ...NODE, ...node }, data: { main: inputs }, source: null } as unknown as IExecuteData;
	const ctx = { getExecuteData: () => executeData, getNode: () => ({ ...NODE, ...node }) } as unknown as IExecuteFunctions;
	return { executeData, ctx };
}
const WAIT = record([callItem(0)]);
const PLACED: INodeExecutionData[] = [{ json: { id: 'call-0' } }];
const FAILED: INodeExecutionData[] = [{ json: { error: 'Talkover refused the call' } }];

describe('the input n8n keeps for the moment it ends the wait itself', () => {
	test('the node’s input is replaced by what a user sees then; the items before are not changed in place', () => {
		const { executeData, ctx } = waitingNode();
		const input = executeData.data.main;
		const before = input[0];
		passOnAtBackstop(ctx, WAIT, PLACED);
		expect(executeData.data.main).toEqual([backstopItems(WAIT)]);
		expect(input[0]).toBe(before);
		expect(before).toEqual([{ json: { to: '+15550001000' } }]);
	});

	test('other inputs of the node and the rest of its execute data are kept', () => {
		const second = [{ json: { other: true } }];
		const { executeData, ctx } = waitingNode({}, [[{ json: { to: '+15550001000' } }], second]);
		(executeData.data as IDataObject).extra = 'kept';
		passOnAtBackstop(ctx, WAIT, PLACED);
		expect(executeData.data.main).toEqual([backstopItems(WAIT), second]);
		expect((executeData.data as IDataObject).extra).toBe('kept');
	});

	test('without Retry On Fail, an output whose first item is an error still passes on at the backstop', () => {
		const { executeData, ctx } = waitingNode();
		passOnAtBackstop(ctx, WAIT, FAILED);
		expect(executeData.data.main).toEqual([backstopItems(WAIT)]);
	});

	test('with Retry On Fail, the tries keep reading the original input while tries are left; the last try passes on', () => {
		const { executeData, ctx } = waitingNode({ retryOnFail: true });
		const original = executeData.data.main;
		passOnAtBackstop(ctx, WAIT, FAILED);
		expect(executeData.data.main).toBe(original);
		passOnAtBackstop(ctx, WAIT, FAILED);
		expect(executeData.data.main).toBe(original);
		// Max Tries unset: n8n tries 3 times.
		passOnAtBackstop(ctx, WAIT, FAILED);
		expect(executeData.data.main).toEqual([backstopItems(WAIT)]);
	});

	test('with Retry On Fail, an output that is no error passes on at once (n8n does not try again)', () => {
		const { executeData, ctx } = waitingNode({ retryOnFail: true, maxTries: 5 });
		passOnAtBackstop(ctx, WAIT, PLACED);
		expect(executeData.data.main).toEqual([backstopItems(WAIT)]);
	});

	test('with Retry On Fail, an empty output passes on at once', () => {
		const { executeData, ctx } = waitingNode({ retryOnFail: true });
		passOnAtBackstop(ctx, WAIT, []);
		expect(executeData.data.main).toEqual([backstopItems(WAIT)]);
	});

	test.each([
		[2, 2],
		[4, 4],
		[5, 5],
		// n8n keeps Max Tries within 2 to 5.
		[1, 2],
		[0, 3],
		[9, 5],
	])('with Retry On Fail and Max Tries %s, the input is replaced at try %s', (maxTries, lastTry) => {
		const { executeData, ctx } = waitingNode({ retryOnFail: true, maxTries });
		const original = executeData.data.main;
		for (let tried = 1; tried < lastTry; tried++) {
			passOnAtBackstop(ctx, WAIT, FAILED);
			expect([tried, executeData.data.main]).toEqual([tried, original]);
		}
		passOnAtBackstop(ctx, WAIT, FAILED);
		expect(executeData.data.main).toEqual([backstopItems(WAIT)]);
	});

	test('the tries are counted per run of the node: another execution’s first try is its own', () => {
		const first = waitingNode({ retryOnFail: true, maxTries: 2 });
		passOnAtBackstop(first.ctx, WAIT, FAILED);
		const other = waitingNode({ retryOnFail: true, maxTries: 2 });
		const original = other.executeData.data.main;
		passOnAtBackstop(other.ctx, WAIT, FAILED);
		expect(other.executeData.data.main).toBe(original);
		passOnAtBackstop(first.ctx, WAIT, FAILED);
		expect(first.executeData.data.main).toEqual([backstopItems(WAIT)]);
	});

	test('an n8n that gives the node no execute data, or no list of inputs in it: nothing is changed, nothing fails', () => {
		const noExecuteData = { getNode: () => NODE } as unknown as IExecuteFunctions;
		expect(() => passOnAtBackstop(noExecuteData, WAIT, PLACED)).not.toThrow();
		const nothing = { getExecuteData: () => undefined, getNode: () => NODE } as unknown as IExecuteFunctions;
		expect(() => passOnAtBackstop(nothing, WAIT, PLACED)).not.toThrow();
		const noData = { node: NODE, source: null } as unknown as IExecuteData;
		passOnAtBackstop({ getExecuteData: () => noData, getNode: () => NODE } as unknown as IExecuteFunctions, WAIT, PLACED);
		expect(noData).toEqual({ node: NODE, source: null });
		const noList = { node: NODE, data: { main: 'items' }, source: null } as unknown as IExecuteData;
		passOnAtBackstop({ getExecuteData: () => noList, getNode: () => NODE } as unknown as IExecuteFunctions, WAIT, PLACED);
		expect(noList.data.main).toBe('items');
	});
});
