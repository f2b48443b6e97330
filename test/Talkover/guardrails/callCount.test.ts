/**
 * Max Calls per Execution, the count (nodes/Talkover/guardrails/callCount.ts): a call beyond the cap fails
 * before anything is sent, counted across every run of the node in one execution — each tool call of an AI
 * Agent run is such a run — and never across executions, workflows or nodes. The contexts are n8n's own:
 * `NodeHelpers.getContext` on an execution's run data, as n8n-core's contexts call it.
 */
import type { IDataObject, INode, IRunExecutionData } from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, NodeOperationError } from 'n8n-workflow';

import type { CallCountContext, CallSlot } from '../../../nodes/Talkover/guardrails/callCount';
import { claimCall } from '../../../nodes/Talkover/guardrails/callCount';

const TOOL: INode = { id: 'tool', name: 'Call the lead', type: 'n8n-nodes-talkover.talkoverTool', typeVersion: 1, position: [0, 0], parameters: {} };
const OTHER_TOOL: INode = { ...TOOL, id: 'tool2', name: 'Add the lead to a campaign' };

/** One execution as n8n holds it: its ID (none for an MCP tool call) and its run data. */
interface Execution {
	id?: string;
	data: IRunExecutionData;
}

const execution = (id?: string): Execution => ({ id, data: createRunExecutionData({}) });

/** The context n8n gives one run of the node (one tool call): a new object each time, on the execution's data. */
function run(exec: Execution, node: INode = TOOL): CallCountContext {
	return { getNode: () => node, getExecutionId: () => exec.id, getContext: (type) => NodeHelpers.getContext(exec.data, type, node) as IDataObject };
}

/** Claims a call in a new run of the node and has Talkover accept it; the error's message when refused. */
async function place(exec: Execution, cap: number | undefined, node: INode = TOOL, itemIndex = 0): Promise<string> {
	return await claimed(run(exec, node), itemIndex, cap);
}

/** Claims a call in `ctx` and has Talkover accept it (the slot kept); the error's message when refused. */
async function claimed(ctx: CallCountContext, itemIndex: number, cap: number | undefined): Promise<string> {
	try {
		(await claimCall(ctx, itemIndex, cap)).keep();
		return 'placed';
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return (error as NodeOperationError).message;
	}
}

/** Places `n` calls one after the other. */
async function placeMany(n: number, exec: Execution, cap: number | undefined, node: INode = TOOL): Promise<string[]> {
	const out: string[] = [];
	for (let i = 0; i < n; i++) out.push(await place(exec, cap, node));
	return out;
}

/** Resolves after `n` turns of the microtask queue (an ordering, not a time). */
async function turns(n = 20): Promise<void> {
	for (let i = 0; i < n; i++) await Promise.resolve();
}

test('the model’s calls within one execution count together: with a cap of 3, the 4th to the 10th fail', async () => {
	const exec = execution('101');
	const results = await placeMany(10, exec, 3);
	expect(results.slice(0, 3)).toEqual(['placed', 'placed', 'placed']);
	expect(new Set(results.slice(3))).toEqual(new Set(['Max Calls per Execution (item 0): this node has placed 3 calls in this execution, the most its option allows (3); this call was not placed']));
});

test('the refusal says nothing was sent, how to allow more, and marks the item as not sent', async () => {
	const exec = execution('102');
	await place(exec, 1);
	let error: NodeOperationError | undefined;
	try {
		await claimCall(run(exec), 7, 1);
	} catch (e) {
		error = e as NodeOperationError;
	}
	expect(error?.message).toBe('Max Calls per Execution (item 7): this node has placed 1 call in this execution, the most its option allows (1); this call was not placed');
	expect(error?.description).toBe(
		'The limit counts every call this node places in one execution, also each call an AI Agent makes through it as a tool (3 when the option is not set); a call Talkover refused does not count. To allow more, raise Options → Max Calls per Execution (0: no limit).',
	);
	expect(error?.context.notSent).toBe(true);
	expect(error?.context.itemIndex ?? (error as unknown as { itemIndex?: number }).itemIndex).toBe(7);
});

test('the items of one node run count together with its later runs', async () => {
	const exec = execution('103');
	const ctx = run(exec);
	expect([await claimed(ctx, 0, 3), await claimed(ctx, 1, 3)]).toEqual(['placed', 'placed']);
	expect(await place(exec, 3)).toBe('placed');
	expect(await place(exec, 3, TOOL, 3)).toMatch(/^Max Calls per Execution \(item 3\)/);
});

test('another execution starts from 0, also one that carries the first one’s data (n8n’s Retry of a failed execution)', async () => {
	const first = execution('201');
	expect(await placeMany(3, first, 2)).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
	expect(await place(execution('202'), 2)).toBe('placed');
	const retry: Execution = { id: '203', data: JSON.parse(JSON.stringify(first.data)) as IRunExecutionData };
	expect(await placeMany(3, retry, 2)).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
});

test('an execution resumed from its saved data (after a Wait) keeps its count', async () => {
	const exec = execution('301');
	await placeMany(2, exec, 2);
	const resumed: Execution = { id: '301', data: JSON.parse(JSON.stringify(exec.data)) as IRunExecutionData };
	expect(await place(resumed, 2)).toMatch(/^Max Calls/);
});

test('two Talkover nodes of one execution have a count each', async () => {
	const exec = execution('401');
	expect([await place(exec, 1, TOOL), await place(exec, 1, OTHER_TOOL), await place(exec, 1, TOOL), await place(exec, 1, OTHER_TOOL)]).toEqual([
		'placed',
		'placed',
		expect.stringMatching(/^Max Calls/),
		expect.stringMatching(/^Max Calls/),
	]);
});

test('the per-execution count sees each MCP tool call (no execution ID, an empty context each) alone: the hour’s count bounds them (callCapWindow.test.ts)', async () => {
	expect(await Promise.all(Array.from({ length: 5 }, async () => await place(execution(undefined), 1)))).toEqual(Array(5).fill('placed'));
});

test('the count is kept in the execution’s own data, under its ID, and nowhere else: the calls answered, not those in flight', async () => {
	const exec = execution('501');
	await placeMany(2, exec, 3);
	const inFlight = await claimCall(run(exec), 0, 3);
	expect(exec.data.executionData?.contextData).toEqual({ [`node:${TOOL.name}`]: { talkoverCallCap: { executionId: '501', placed: 2, cap: 3 } } });
	inFlight.keep();
	expect(JSON.parse(JSON.stringify(exec.data.executionData?.contextData))).toEqual({ [`node:${TOOL.name}`]: { talkoverCallCap: { executionId: '501', placed: 3, cap: 3 } } });
});

test('no cap: nothing is counted, nothing is written', async () => {
	const exec = execution('601');
	expect(await placeMany(20, exec, undefined)).toEqual(Array(20).fill('placed'));
	expect(exec.data.executionData?.contextData).toEqual({});
});

test('a call released (nothing of it reached Talkover) does not count; releasing twice, or keeping after it, changes nothing', async () => {
	const exec = execution('701');
	const slot = await claimCall(run(exec), 0, 2);
	slot.release();
	slot.release();
	slot.keep();
	expect(await placeMany(3, exec, 2)).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
});

test('without a context (none in this n8n, or it cannot be read), the node run’s own items are still capped', async () => {
	const bare: CallCountContext = { getNode: () => TOOL, getExecutionId: () => '801' };
	const throwing: CallCountContext = {
		getNode: () => TOOL,
		getExecutionId: () => '802',
		getContext: () => {
			throw new Error('`executionData` is not initialized');
		},
	};
	for (const ctx of [bare, throwing]) {
		expect([await claimed(ctx, 0, 2), await claimed(ctx, 1, 2), await claimed(ctx, 2, 2)]).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls per Execution \(item 2\)/)]);
	}
});

test('a context n8n gives as something else than an object: the node run’s own items are still capped', async () => {
	for (const given of ['a text', 7, null]) {
		const ctx: CallCountContext = { getNode: () => TOOL, getExecutionId: () => '990', getContext: () => given as unknown as IDataObject };
		expect([await claimed(ctx, 0, 1), await claimed(ctx, 1, 1)]).toEqual(['placed', expect.stringMatching(/^Max Calls per Execution \(item 1\)/)]);
	}
});

test('without an execution ID either (an n8n that gives none), the node run’s own items are still capped', async () => {
	const bare: CallCountContext = { getNode: () => TOOL };
	expect([await claimed(bare, 0, 1), await claimed(bare, 1, 1)]).toEqual(['placed', expect.stringMatching(/^Max Calls per Execution \(item 1\)/)]);
});

test('a count the execution’s data holds in a shape the node never writes starts again from 0', async () => {
	for (const [i, kept] of [{ placed: -1 }, { placed: 1.5 }, { placed: '1' }, { placed: Number.NaN }].entries()) {
		const exec = execution(`95${i}`);
		const context = NodeHelpers.getContext(exec.data, 'node', TOOL) as IDataObject;
		context.talkoverCallCap = { executionId: exec.id, ...kept } as IDataObject;
		expect(await placeMany(3, exec, 2)).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
	}
	const cleared = execution('958');
	(NodeHelpers.getContext(cleared.data, 'node', TOOL) as IDataObject).talkoverCallCap = null as unknown as IDataObject;
	expect(await placeMany(3, cleared, 2)).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
	// The node's own shape, of this execution, is kept as it is.
	const exec = execution('960');
	(NodeHelpers.getContext(exec.data, 'node', TOOL) as IDataObject).talkoverCallCap = { executionId: '960', placed: 1 };
	expect(await placeMany(2, exec, 2)).toEqual(['placed', expect.stringMatching(/^Max Calls/)]);
});

test('a call the stop caught while it waited is the item’s error, marked not sent', async () => {
	const abort = new AbortController();
	const ctx = { ...run(execution('970')), getExecutionCancelSignal: () => abort.signal };
	const first = await claimCall(ctx, 0, 1);
	const waiting = claimCall(ctx, 4, 1);
	abort.abort();
	const error = await waiting.then(
		() => undefined,
		(e: unknown) => e as NodeOperationError,
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error?.message).toBe('Max Calls per Execution (item 4): the execution was stopped while this call waited for the answers of the calls sent before it; this call was not placed');
	expect(error?.context).toMatchObject({ itemIndex: 4, notSent: true });
	first.release();
});

test('a cap of 1 on the execution’s first call holds: a later call cannot raise it', async () => {
	const exec = execution('903');
	expect([await place(exec, 1), await place(exec, 5)]).toEqual(['placed', 'Max Calls per Execution (item 0): this node has placed 1 call in this execution, the most its option allows (1); this call was not placed']);
});

test('the cap of the execution’s first call holds for its later calls: a value that changes (an expression on the tool’s input) cannot raise it', async () => {
	const exec = execution('901');
	expect([await place(exec, 2), await place(exec, 5), await place(exec, 5)]).toEqual(['placed', 'placed', 'Max Calls per Execution (item 0): this node has placed 2 calls in this execution, the most its option allows (2); this call was not placed']);
	const lowered = execution('902');
	expect([await place(lowered, 5), await place(lowered, 1)]).toEqual(['placed', 'placed']);
});

describe('calls side by side: a call in flight holds its place only until its answer', () => {
	/** Claims a call in `ctx`: its result once it has one ('waiting' until then). */
	function claim(ctx: CallCountContext, itemIndex: number, cap: number) {
		const state: { result: string; slot?: CallSlot } = { result: 'waiting' };
		const done = claimCall(ctx, itemIndex, cap).then(
			(slot) => {
				state.slot = slot;
				state.result = 'claimed';
			},
			(error: Error) => {
				state.result = error.message;
			},
		);
		return Object.assign(state, { done });
	}

	test('3 allowed, 3 in flight: the 4th and 5th wait; the first refused gives its place to the 4th, and the 5th is told 3 once 3 were accepted', async () => {
		const ctx = run(execution('1001'));
		const claims = [0, 1, 2, 3, 4].map((i) => claim(ctx, i, 3));
		await turns();
		expect(claims.map((c) => c.result)).toEqual(['claimed', 'claimed', 'claimed', 'waiting', 'waiting']);
		claims[0].slot!.release();
		await turns();
		expect(claims.map((c) => c.result)).toEqual(['claimed', 'claimed', 'claimed', 'claimed', 'waiting']);
		claims[1].slot!.keep();
		claims[2].slot!.keep();
		await turns();
		expect(claims[4].result).toBe('waiting');
		claims[3].slot!.keep();
		await claims[4].done;
		expect(claims[4].result).toBe('Max Calls per Execution (item 4): this node has placed 3 calls in this execution, the most its option allows (3); this call was not placed');
	});

	test('a call that may have been placed (kept) holds its place for good: the item waiting is told the count', async () => {
		const ctx = run(execution('1002'));
		const claims = [0, 1].map((i) => claim(ctx, i, 1));
		await turns();
		expect(claims.map((c) => c.result)).toEqual(['claimed', 'waiting']);
		claims[0].slot!.keep();
		await claims[1].done;
		expect(claims[1].result).toBe('Max Calls per Execution (item 1): this node has placed 1 call in this execution, the most its option allows (1); this call was not placed');
	});

	test('an execution already stopped does not wait for the calls in flight: the item is not placed, and says why', async () => {
		const abort = new AbortController();
		abort.abort();
		const exec = execution('1004');
		const first = claim(run(exec), 0, 1);
		const stopped = claim({ ...run(exec), getExecutionCancelSignal: () => abort.signal }, 1, 1);
		await turns();
		expect(first.result).toBe('claimed');
		expect(stopped.result).toBe('Max Calls per Execution (item 1): the execution was stopped while this call waited for the answers of the calls sent before it; this call was not placed');
	});

	test('an item stopped while it waits leaves the others waiting: the next answer wakes them', async () => {
		const abort = new AbortController();
		const exec = execution('1005');
		const first = claim(run(exec), 0, 1);
		const stopped = claim({ ...run(exec), getExecutionCancelSignal: () => abort.signal }, 1, 1);
		const next = claim(run(exec), 2, 1);
		await turns();
		abort.abort();
		await stopped.done;
		expect(next.result).toBe('waiting');
		first.slot!.release();
		await turns();
		expect(next.result).toBe('claimed');
	});

	test('the execution stopped while an item waits: it is not placed, and says why', async () => {
		const abort = new AbortController();
		const ctx = { ...run(execution('1003')), getExecutionCancelSignal: () => abort.signal };
		const claims = [0, 1].map((i) => claim(ctx, i, 1));
		await turns();
		abort.abort();
		await claims[1].done;
		expect(claims[1].result).toBe('Max Calls per Execution (item 1): the execution was stopped while this call waited for the answers of the calls sent before it; this call was not placed');
	});
});
