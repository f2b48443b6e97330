/** The router's engine: the batch scheduler, the send-once record, error items. */
import type { IExecuteData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../nodes/Talkover/actions/engine/errorItem';
import type { ItemResult } from '../../nodes/Talkover/actions/engine/scheduler';
import { runAll } from '../../nodes/Talkover/actions/engine/scheduler';
import { sentRecordFor } from '../../nodes/Talkover/actions/engine/sendOnce';
import { useTestClock } from '../helpers/clock';
import { ticks } from '../helpers/fixtures';
import { NODE } from './context';

const clock = useTestClock();

type Result = ItemResult<string, string>;

/** Items whose run the test finishes by hand, recording when each started. */
function manualItems() {
	const started: number[] = [];
	const finishers = new Map<number, (result: Result) => void>();
	const runItem = (i: number) =>
		new Promise<Result>((resolve) => {
			started.push(i);
			finishers.set(i, resolve);
		});
	const finish = async (i: number, result: Result = { output: [`item ${i}`] }) => {
		finishers.get(i)!(result);
		await ticks(1);
	};
	return { started, runItem, finish };
}

describe('runAll: the batch scheduler', () => {
	const none = () => undefined;

	test('Batch Size 1: one item after the other, results in item order', async () => {
		const { started, runItem, finish } = manualItems();
		const run = runAll(3, { batchSize: 1, batchInterval: 0 }, none, runItem, undefined);
		await ticks(1);
		expect(started).toEqual([0]);
		await finish(0);
		expect(started).toEqual([0, 1]);
		await finish(1);
		await finish(2);
		expect((await run).map((r) => r.output)).toEqual([['item 0'], ['item 1'], ['item 2']]);
	});

	test('Batch Size 3: three in flight; a new one starts as soon as one finishes; output in item order', async () => {
		const { started, runItem, finish } = manualItems();
		const run = runAll(5, { batchSize: 3, batchInterval: 0 }, none, runItem, undefined);
		await ticks(1);
		expect(started).toEqual([0, 1, 2]);
		await finish(2);
		expect(started).toEqual([0, 1, 2, 3]);
		await finish(3);
		expect(started).toEqual([0, 1, 2, 3, 4]);
		for (const i of [4, 1, 0]) await finish(i);
		expect((await run).map((r) => r.output[0])).toEqual(['item 0', 'item 1', 'item 2', 'item 3', 'item 4']);
	});

	test('a failure: the items in flight finish, no item starts after it, the lowest item’s failure is thrown', async () => {
		const { started, runItem, finish } = manualItems();
		const run = runAll(6, { batchSize: 3, batchInterval: 0 }, none, runItem, undefined).catch((stop: unknown) => ({ stop }));
		await ticks(1);
		await finish(2, { output: [], stop: 'item 2 failed' });
		await finish(1, { output: [], stop: 'item 1 failed' });
		await finish(0);
		expect(await run).toEqual({ stop: 'item 1 failed' });
		expect(started).toEqual([0, 1, 2]);
	});

	test('Batch Interval: batches of Batch Size, each after the previous one finished and the interval passed', async () => {
		const { started, runItem, finish } = manualItems();
		const run = runAll(5, { batchSize: 2, batchInterval: 400 }, none, runItem, undefined);
		await ticks(1);
		expect(started).toEqual([0, 1]);
		await finish(0);
		expect(started).toEqual([0, 1]);
		await finish(1);
		await ticks(3);
		expect([started, clock().waits]).toEqual([[0, 1, 2, 3], [400]]);
		await finish(3);
		await finish(2);
		await ticks(3);
		expect([started, clock().waits]).toEqual([[0, 1, 2, 3, 4], [400, 400]]);
		await finish(4);
		expect(await run).toHaveLength(5);
	});

	test('items already settled are not run; a settled failure stops everything after it', async () => {
		const { started, runItem, finish } = manualItems();
		const settled = (i: number): Result | undefined => (i === 1 ? { output: ['known 1'] } : i === 3 ? { output: [], stop: 'item 3 failed before' } : undefined);
		const run = runAll(5, { batchSize: 5, batchInterval: 0 }, settled, runItem, undefined).catch((stop: unknown) => ({ stop }));
		await ticks(1);
		expect(started).toEqual([0, 2]);
		await finish(0);
		await finish(2);
		expect(await run).toEqual({ stop: 'item 3 failed before' });
	});

	test('a cancelled execution starts no further item', async () => {
		const { started, runItem, finish } = manualItems();
		const controller = new AbortController();
		const run = runAll(3, { batchSize: 1, batchInterval: 0 }, none, runItem, controller.signal);
		await ticks(1);
		controller.abort();
		await finish(0);
		const results = await run;
		expect(started).toEqual([0]);
		expect(results.map((r) => r?.output)).toEqual([['item 0'], undefined, undefined]);
	});
});

describe('runAll with Concurrency → Auto: items start when the account’s controller gives a slot', () => {
	const none = () => undefined;

	/** Slots the test grants by hand, in the order asked; each item's slot is given back when it is done. */
	function manualSlots() {
		const asked: Array<() => void> = [];
		let given = 0;
		let returned = 0;
		const slot = async (signal?: AbortSignal) =>
			await new Promise<() => void>((resolve, reject) => {
				signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
				asked.push(() => {
					given += 1;
					resolve(() => (returned += 1));
				});
			});
		/** Grants the next `n` slots asked for, one after the other (the scheduler asks for one at a time). */
		const grant = async (n = 1) => {
			for (let i = 0; i < n; i++) {
				await ticks(1);
				asked.shift()?.();
			}
			await ticks(1);
		};
		return { slot, grant, counts: () => ({ given, returned, waiting: asked.length }) };
	}

	test('in item order, one per slot; output in item order; every slot given back', async () => {
		const { started, runItem, finish } = manualItems();
		const { slot, grant, counts } = manualSlots();
		const run = runAll(4, { batchSize: 50, batchInterval: 0, slot }, none, runItem, undefined);
		await ticks(1);
		expect(started).toEqual([]);
		await grant();
		expect(started).toEqual([0]);
		await grant(2);
		expect(started).toEqual([0, 1, 2]);
		for (const i of [2, 0, 1]) await finish(i);
		await grant();
		await finish(3);
		expect((await run).map((r) => r.output[0])).toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
		expect(counts()).toEqual({ given: 4, returned: 4, waiting: 0 });
	});

	test('a Batch Size beside Auto caps this run’s items in flight, whatever the controller gives', async () => {
		const { started, runItem, finish } = manualItems();
		const { slot, grant, counts } = manualSlots();
		const run = runAll(4, { batchSize: 2, batchInterval: 0, slot }, none, runItem, undefined);
		await ticks(1);
		await grant(2);
		expect(started).toEqual([0, 1]);
		// No third slot is even asked for until one of the two finishes.
		expect(counts().waiting).toBe(0);
		await finish(0);
		await grant();
		expect(started).toEqual([0, 1, 2]);
		for (const i of [1, 2]) await finish(i);
		await grant();
		await finish(3);
		await run;
	});

	test('a failure: no item starts after it (a slot given afterwards goes back unused); the lowest failure is thrown', async () => {
		const { started, runItem, finish } = manualItems();
		const { slot, grant, counts } = manualSlots();
		const run = runAll(5, { batchSize: 50, batchInterval: 0, slot }, none, runItem, undefined);
		const failed = expect(run).rejects.toBe('item 1 failed');
		await ticks(1);
		await grant(3);
		await finish(1, { output: [], stop: 'item 1 failed' });
		await grant();
		expect(started).toEqual([0, 1, 2]);
		await finish(0);
		await finish(2);
		await failed;
		expect(counts().given).toBe(counts().returned);
	});

	test('cancelled while waiting for a slot: nothing more starts, the items in flight finish', async () => {
		const { started, runItem, finish } = manualItems();
		const { slot, grant } = manualSlots();
		const cancel = new AbortController();
		const run = runAll(3, { batchSize: 50, batchInterval: 0, slot }, none, runItem, cancel.signal);
		await ticks(1);
		await grant();
		cancel.abort();
		await ticks(1);
		await finish(0);
		await run;
		expect(started).toEqual([0]);
	});
});

describe('the send-once record', () => {
	/** The parts of n8n's context the record reads: this run's execution data, the node, the input items. */
	const context = (executeData: IExecuteData | undefined, items: INodeExecutionData[] = [{ json: {} }], node = NODE) =>
		({ getExecuteData: () => executeData, getNode: () => node, getInputData: () => items }) as unknown as IExecuteFunctions;
	const run = (node = NODE) => ({ node, data: { main: [[{ json: {} }]] }, source: null }) as IExecuteData;

	test("one record per run of the node: every try of n8n's Retry On Fail (the same execution data) gets the same", () => {
		const thisRun = run();
		sentRecordFor(context(thisRun)).set(0, { results: [{ id: 'c1' }] });
		expect(sentRecordFor(context(thisRun)).get(0)).toEqual({ results: [{ id: 'c1' }] });
		// The next run of the node (a loop) or another execution: other execution data, a new record.
		expect(sentRecordFor(context(run())).size).toBe(0);
	});

	test('as an AI tool (execution data of another node): the tool call\'s arguments stand for the run', () => {
		const agentRun = run({ ...NODE, name: 'AI Agent' });
		const args = { to: '+15550000001' };
		sentRecordFor(context(agentRun, [{ json: args }])).set(0, { results: [{ id: 'c1' }] });
		expect(sentRecordFor(context(agentRun, [{ json: args }])).get(0)).toEqual({ results: [{ id: 'c1' }] });
		expect(sentRecordFor(context(agentRun, [{ json: { to: '+15550000001' } }])).size).toBe(0);
	});

	test('nothing to hang a record on (no execution data, no items): nothing is kept', () => {
		sentRecordFor(context(undefined, [])).set(0, { results: [] });
		expect(sentRecordFor(context(undefined, [])).size).toBe(0);
	});
});

describe('error items', () => {
	test('an error item: { error: message, message: everything the error says }, without item.error, paired with its item', () => {
		const error = new NodeOperationError(NODE, 'To (item 2): bad', { description: 'Check it', itemIndex: 2 });
		expect(errorItem(error, 2)).toEqual({ json: { error: 'To (item 2): bad', message: 'To (item 2): bad\nCheck it' }, pairedItem: { item: 2 } });
		const api = new NodeApiError(NODE, { message: 'x' }, { message: 'Talkover rejected the data: invalid', description: 'name: required', httpCode: '422' });
		api.context.code = 'VALIDATION_ERROR';
		expect(errorItem(api, 0).json).toEqual({
			error: 'Talkover rejected the data: invalid',
			message: 'Talkover rejected the data: invalid\nHTTP status: 422\nname: required\nError code: VALIDATION_ERROR',
		});
	});

	test('asNodeError: a NodeApiError stays what it is; anything else becomes a NodeOperationError for the item', () => {
		const api = new NodeApiError(NODE, { message: 'x' }, { message: 'Talkover had a problem', httpCode: '500' });
		expect([asNodeError(NODE, api, 0).message, (asNodeError(NODE, api, 0) as NodeApiError).httpCode]).toEqual(['Talkover had a problem', '500']);
		const plain = asNodeError(NODE, new Error('oops'), 3);
		expect([plain.constructor.name, plain.message, plain.context.itemIndex]).toEqual(['NodeOperationError', 'oops', 3]);
	});
});

describe('each Auto run warms up on its own', () => {
	const none = () => undefined;
	const free = async () => () => undefined;

	test('warmup 3: one item of the run at a time until three have succeeded, whatever the slots allow; failures do not count', async () => {
		const { started, runItem, finish } = manualItems();
		const run = runAll(8, { batchSize: 50, batchInterval: 0, slot: free, warmup: 3 }, none, runItem, undefined);
		await ticks(5);
		expect(started).toEqual([0]);
		await finish(0, { output: ['e'] }); // an error item (Continue On Fail): not a success
		await ticks(5);
		expect(started).toEqual([0, 1]);
		await finish(1, { output: ['1'], ok: true });
		await ticks(5);
		expect(started).toEqual([0, 1, 2]);
		await finish(2, { output: ['2'], ok: true });
		await ticks(5);
		expect(started).toEqual([0, 1, 2, 3]);
		await finish(3, { output: ['3'], ok: true });
		await ticks(5);
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		for (const i of [4, 5, 6, 7]) await finish(i, { output: [String(i)], ok: true });
		await run;
	});

	test('runItem gets the time the item began waiting for its slot', async () => {
		const queued: Array<number | undefined> = [];
		const slot = async () => {
			clock().time += 1_000; // the slot took a second
			return () => undefined;
		};
		const t0 = clock().time;
		await runAll(2, { batchSize: 1, batchInterval: 0, slot }, none, async (i, at) => {
			queued.push(at);
			return { output: [String(i)], ok: true };
		}, undefined);
		expect(queued).toEqual([t0, t0 + 1_000]);
	});
});
