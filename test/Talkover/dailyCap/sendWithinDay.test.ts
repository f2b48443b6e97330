/**
 * One call sent within Max Calls per Day (dailyCap/index.ts, `sendWithinDay`), on Talkover's answers scripted: no
 * limit sends as it is; each agent of a server has its own count; a call Talkover may have placed keeps its place, one
 * it never received gives it back; a count that could not be read, or an execution stopped while the item waits for
 * a place, sends nothing and says so.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as callsOfDayModule from '../../../nodes/Talkover/dailyCap/callsOfDay';
import { sendWithinDay } from '../../../nodes/Talkover/dailyCap/index';
import { forgetDayCounts } from '../../../nodes/Talkover/dailyCap/places';
import { WithheldAttempt } from '../../../nodes/shared/transport';
import { NODE } from '../../helpers/context';
import { useTestClock } from '../../helpers/clock';
import { pageOf, scriptedTalkover } from '../../helpers/scriptedTalkover';

const clock = useTestClock();
const NOON = Date.UTC(2026, 0, 15, 12);
const CAP = { calls: 1, zone: 'UTC' };

beforeEach(() => {
	forgetDayCounts();
	clock().time = NOON;
	jest.restoreAllMocks();
});

/** Talkover listing no call of any agent yet. */
const talkover = () => scriptedTalkover(() => pageOf([], 1));
const callOf = (agent: string, { itemIndex = 0, ringsAt = NOON, signal }: { itemIndex?: number; ringsAt?: number; signal?: AbortSignal } = {}) => ({
	target: { scope: 'agent' as const, id: agent, to: '+12125550100' },
	ringsAt,
	settings: { itemIndex, maxRetries: 0, signal },
});
const accepted = (id: string) => async () => ({ id });
const idOf = (value: { id: string }) => value.id;
const failed = (maybe: boolean) => async (): Promise<{ id: string }> => {
	const error = new NodeOperationError(NODE, maybe ? 'Talkover answered 502' : 'Talkover answered 400');
	if (maybe) error.context.mayHaveBeenProcessed = true;
	throw error;
};
const skipOf = async (promise: Promise<unknown>) => {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(WithheldAttempt);
	return (error as WithheldAttempt).output;
};

test('without the option, the call is sent as it is and nothing is read', async () => {
	const { ctx, asked } = talkover();
	expect(await sendWithinDay(ctx, undefined, callOf('a1'), accepted('c1'), idOf)).toEqual({ id: 'c1' });
	expect(asked).toEqual([]);
});

test('each agent of a server has its own count: a limit of 1 reached by one agent leaves the other’s call placed', async () => {
	const { ctx } = talkover();
	await sendWithinDay(ctx, CAP, callOf('a1'), accepted('c1'), idOf);
	expect(await sendWithinDay(ctx, CAP, callOf('a2'), accepted('c2'), idOf)).toEqual({ id: 'c2' });
	expect(await skipOf(sendWithinDay(ctx, CAP, callOf('a1'), accepted('c3'), idOf))).toMatchObject({ skipped: true, callsThatDay: 1, maxCallsPerDay: 1 });
});

test('a call Talkover may have placed (a 5xx, its answer never read) keeps its place; one it refused gives it back', async () => {
	const { ctx } = talkover();
	const later = NOON + 30 * 60_000;
	await expect(sendWithinDay(ctx, CAP, callOf('a1', { ringsAt: later }), failed(false), idOf)).rejects.toThrow('Talkover answered 400');
	await expect(sendWithinDay(ctx, CAP, callOf('a1', { ringsAt: later }), failed(true), idOf)).rejects.toThrow('Talkover answered 502');
	expect(await skipOf(sendWithinDay(ctx, CAP, callOf('a1', { ringsAt: later }), accepted('c2'), idOf))).toMatchObject({ skipped: true, callsThatDay: 1 });
});

describe('the calls of the day could not be read: nothing is sent, and the error says so', () => {
	const notRead = async (error: Error & { description?: string }) => {
		jest.spyOn(callsOfDayModule, 'callsOfDay').mockRejectedValue(error);
		const send = jest.fn(accepted('c1'));
		const thrown = await sendWithinDay(talkover().ctx, CAP, callOf('a1', { itemIndex: 2 }), send, idOf).then(
			() => undefined,
			(e: unknown) => e as NodeOperationError,
		);
		expect(send).not.toHaveBeenCalled();
		return thrown!;
	};

	test('the reason is Talkover’s message, then what to do', async () => {
		const error = await notRead(Object.assign(new Error('Talkover answered 503'), { description: 'Talkover is down for maintenance' }));
		expect(error.message).toBe('Max Calls per Day (item 2): the calls of agent a1 today could not be read from Talkover, so this call was not placed: Talkover answered 503');
		expect(error.description).toBe('Talkover is down for maintenance\nNothing was sent to Talkover for this item: run it again once Talkover answers.');
		expect(error.context).toMatchObject({ itemIndex: 2, notSent: true });
	});

	test('a reason without a description: only what to do', async () => {
		const error = await notRead(new Error('the list changed while it was read'));
		expect(error.message).toMatch(/so this call was not placed: the list changed while it was read$/);
		expect(error.description).toBe('Nothing was sent to Talkover for this item: run it again once Talkover answers.');
	});
});

test('an execution stopped while its item waits for a place: the item is not placed, and the error says so', async () => {
	const { ctx } = talkover();
	let answer: (value: { id: string }) => void = () => {};
	const first = sendWithinDay(ctx, CAP, callOf('a1'), async () => await new Promise<{ id: string }>((resolve) => (answer = resolve)), idOf);
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
	const stop = new AbortController();
	const send = jest.fn(accepted('c2'));
	const waiting = sendWithinDay(ctx, CAP, callOf('a1', { itemIndex: 1, signal: stop.signal }), send, idOf).then(
		() => undefined,
		(e: unknown) => e as NodeOperationError,
	);
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
	stop.abort();
	const error = await waiting;
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error!.message).toBe('Max Calls per Day (item 1): the execution was stopped while this call waited for the answers of the calls sent before it; this call was not placed');
	expect(error!.context as IDataObject).toMatchObject({ itemIndex: 1, notSent: true });
	expect(send).not.toHaveBeenCalled();
	answer({ id: 'c1' });
	expect(await first).toEqual({ id: 'c1' });
});
