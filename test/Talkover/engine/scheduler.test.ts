/** The batch scheduler of the Talkover node (engine/scheduler.ts): runAll, Fixed and Auto, each run warming up on its own. */
import type { ItemResult } from '../../../nodes/Talkover/actions/engine/scheduler';
import { runAll } from '../../../nodes/Talkover/actions/engine/scheduler';
import { useTestClock } from '../../helpers/clock';
import { ticks } from '../../helpers/fixtures';

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

	test('an item waits for what it must wait for first (its number’s turn) before it asks for a slot: while it waits it holds none', async () => {
		const { started, runItem, finish } = manualItems();
		const { slot, grant, counts } = manualSlots();
		let letItemOneGo: () => void = () => {};
		const readied: number[] = [];
		const ready = async (i: number) => {
			if (i === 1) await new Promise<void>((resolve) => (letItemOneGo = resolve));
			readied.push(i);
		};
		const run = runAll(3, { batchSize: 50, batchInterval: 0, slot, ready }, none, runItem, undefined);
		await grant();
		expect(started).toEqual([0]);
		// Item 1 waits: no slot is asked for it (nor for item 2, which starts after it, in item order).
		await ticks(3);
		expect([readied, counts().waiting]).toEqual([[0], 0]);
		letItemOneGo();
		await ticks(1);
		await grant(2);
		expect(started).toEqual([0, 1, 2]);
		for (const i of [0, 1, 2]) await finish(i);
		await run;
		expect(counts()).toEqual({ given: 3, returned: 3, waiting: 0 });
	});

	test('an item that waited and then does not run (cancelled while it waits for its slot, or a failure before it starts) is given back', async () => {
		const { runItem, finish } = manualItems();
		const { slot, grant } = manualSlots();
		const unreadied: number[] = [];
		const cancel = new AbortController();
		const run = runAll(3, { batchSize: 50, batchInterval: 0, slot, ready: async () => undefined, unready: (i) => unreadied.push(i) }, none, runItem, cancel.signal);
		await grant();
		await ticks(2);
		cancel.abort();
		await ticks(2);
		await finish(0);
		await run.catch(() => undefined);
		expect(unreadied).toEqual([1]);
	});

	test('cancelled while it waits (its number’s turn): no slot asked, the item given back, nothing more starts', async () => {
		const { started, runItem, finish } = manualItems();
		const { slot, grant, counts } = manualSlots();
		const unreadied: number[] = [];
		const cancel = new AbortController();
		const ready = async (i: number) => {
			if (i === 1) await new Promise<void>((_, reject) => cancel.signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
		};
		const run = runAll(3, { batchSize: 50, batchInterval: 0, slot, ready, unready: (i) => unreadied.push(i) }, none, runItem, cancel.signal);
		await grant();
		cancel.abort();
		await ticks(2);
		await finish(0);
		await run.catch(() => undefined);
		expect([started, unreadied, counts().given]).toEqual([[0], [1], 1]);
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
