/**
 * Max Calls per Execution, the count (nodes/shared/guardrails/callCount.ts): a call beyond the cap fails
 * before anything is sent, counted across every run of the node in one execution — each tool call of an AI
 * Agent run is such a run — and never across executions, workflows or nodes. The contexts are n8n's own:
 * `NodeHelpers.getContext` on an execution's run data, as n8n-core's contexts call it.
 */
import type { IDataObject, INode, IRunExecutionData } from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, NodeOperationError } from 'n8n-workflow';

import type { CallCountContext } from '../../../nodes/shared/guardrails/callCount';
import { claimCall } from '../../../nodes/shared/guardrails/callCount';

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

/** Claims a call in a new run of the node; the error's message when refused. */
function place(exec: Execution, cap: number | undefined, node: INode = TOOL, itemIndex = 0): string {
	try {
		claimCall(run(exec, node), itemIndex, cap);
		return 'placed';
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return (error as NodeOperationError).message;
	}
}

test('the model’s calls within one execution count together: with a cap of 3, the 4th to the 10th fail', () => {
	const exec = execution('101');
	const results = Array.from({ length: 10 }, () => place(exec, 3));
	expect(results.slice(0, 3)).toEqual(['placed', 'placed', 'placed']);
	expect(new Set(results.slice(3))).toEqual(new Set(['Max Calls per Execution (item 0): this node has placed 3 calls in this execution, the most its option allows (3); this call was not placed']));
});

test('the refusal says nothing was sent, how to allow more, and marks the item as not sent', () => {
	const exec = execution('102');
	place(exec, 1);
	let error: NodeOperationError | undefined;
	try {
		claimCall(run(exec), 7, 1);
	} catch (e) {
		error = e as NodeOperationError;
	}
	expect(error?.message).toBe('Max Calls per Execution (item 7): this node has placed 1 call in this execution, the most its option allows (1); this call was not placed');
	expect(error?.description).toBe(
		'The limit counts every call this node places in one execution, also each call an AI Agent makes through it as a tool (3 when the option is not set). To allow more, raise Options → Max Calls per Execution (0: no limit).',
	);
	expect(error?.context.notSent).toBe(true);
	expect(error?.context.itemIndex ?? (error as unknown as { itemIndex?: number }).itemIndex).toBe(7);
});

test('the items of one node run count together with its later runs', () => {
	const exec = execution('103');
	const ctx = run(exec);
	expect([0, 1].map((i) => (claimCall(ctx, i, 3), 'placed'))).toEqual(['placed', 'placed']);
	expect(place(exec, 3)).toBe('placed');
	expect(place(exec, 3, TOOL, 3)).toMatch(/^Max Calls per Execution \(item 3\)/);
});

test('another execution starts from 0, also one that carries the first one’s data (n8n’s Retry of a failed execution)', () => {
	const first = execution('201');
	expect([place(first, 2), place(first, 2), place(first, 2)]).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
	expect(place(execution('202'), 2)).toBe('placed');
	const retry: Execution = { id: '203', data: JSON.parse(JSON.stringify(first.data)) as IRunExecutionData };
	expect([place(retry, 2), place(retry, 2), place(retry, 2)]).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
});

test('an execution resumed from its saved data (after a Wait) keeps its count', () => {
	const exec = execution('301');
	place(exec, 2);
	place(exec, 2);
	const resumed: Execution = { id: '301', data: JSON.parse(JSON.stringify(exec.data)) as IRunExecutionData };
	expect(place(resumed, 2)).toMatch(/^Max Calls/);
});

test('two Talkover nodes of one execution have a count each', () => {
	const exec = execution('401');
	expect([place(exec, 1, TOOL), place(exec, 1, OTHER_TOOL), place(exec, 1, TOOL), place(exec, 1, OTHER_TOOL)]).toEqual([
		'placed',
		'placed',
		expect.stringMatching(/^Max Calls/),
		expect.stringMatching(/^Max Calls/),
	]);
});

test('the per-execution count sees each MCP tool call (no execution ID, an empty context each) alone: the hour’s count bounds them (callCapWindow.test.ts)', () => {
	expect(Array.from({ length: 5 }, () => place(execution(undefined), 1))).toEqual(Array(5).fill('placed'));
});

test('the count is kept in the execution’s own data, under its ID, and nowhere else', () => {
	const exec = execution('501');
	place(exec, 3);
	place(exec, 3);
	expect(exec.data.executionData?.contextData).toEqual({ [`node:${TOOL.name}`]: { talkoverCallCap: { executionId: '501', placed: 2, cap: 3 } } });
});

test('no cap: nothing is counted, nothing is written', () => {
	const exec = execution('601');
	expect(Array.from({ length: 20 }, () => place(exec, undefined))).toEqual(Array(20).fill('placed'));
	expect(exec.data.executionData?.contextData).toEqual({});
});

test('a call released (nothing of it reached Talkover) does not count; releasing twice frees one place', () => {
	const exec = execution('701');
	const slot = claimCall(run(exec), 0, 2);
	slot.release();
	slot.release();
	expect([place(exec, 2), place(exec, 2), place(exec, 2)]).toEqual(['placed', 'placed', expect.stringMatching(/^Max Calls/)]);
});

test('without a context (none in this n8n, or it cannot be read), the node run’s own items are still capped', () => {
	const bare: CallCountContext = { getNode: () => TOOL, getExecutionId: () => '801' };
	const throwing: CallCountContext = {
		getNode: () => TOOL,
		getExecutionId: () => '802',
		getContext: () => {
			throw new Error('`executionData` is not initialized');
		},
	};
	for (const ctx of [bare, throwing]) {
		claimCall(ctx, 0, 2);
		claimCall(ctx, 1, 2);
		expect(() => claimCall(ctx, 2, 2)).toThrow(/^Max Calls per Execution \(item 2\)/);
	}
});

test('the cap of the execution’s first call holds for its later calls: a value that changes (an expression on the tool’s input) cannot raise it', () => {
	const exec = execution('901');
	expect([place(exec, 2), place(exec, 5), place(exec, 5)]).toEqual(['placed', 'placed', 'Max Calls per Execution (item 0): this node has placed 2 calls in this execution, the most its option allows (2); this call was not placed']);
	const lowered = execution('902');
	expect([place(lowered, 5), place(lowered, 1)]).toEqual(['placed', 'placed']);
});
