/** The send-once record (engine/sendOnce.ts): one record per run of the node, kept across n8n's Retry On Fail. */
import type { IDataObject, IExecuteData, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import {
	callsTakenHere,
	chainMarkedUnknown,
	firstRunOfChain,
	markChainFrom,
	markChainUnknown,
	placedBefore,
	recordPlaced,
	recordScopes,
	runExecutionDataOf,
	scopesOfChain,
	sentRecordFor,
} from '../../../nodes/Talkover/actions/engine/sendOnce';
import { useTestClock } from '../../helpers/clock';
import { NODE } from '../../helpers/context';

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

/** A context as n8n versions without `getExecuteData` give it to an AI tool. */
const withoutExecuteData = (items: INodeExecutionData[], node: INode = NODE) => ({ getNode: () => node, getInputData: () => items }) as unknown as IExecuteFunctions;

describe('the send-once record without execution data of the node', () => {
	test("in an n8n version without getExecuteData (an AI tool), the tool call's arguments carry the record over the tool's tries", () => {
		const args = { to: '+15550000001' };
		sentRecordFor(withoutExecuteData([{ json: args }])).set(0, { results: [{ id: 'c1' }] });
		expect(sentRecordFor(withoutExecuteData([{ json: args }])).get(0)).toEqual({ results: [{ id: 'c1' }] });
		// Another tool call (a new arguments object, even with the same values) starts with nothing sent.
		expect(sentRecordFor(withoutExecuteData([{ json: { to: '+15550000001' } }])).size).toBe(0);
	});

	test('execution data without its node (some n8n versions): the input item stands for the run, as for an AI tool', () => {
		const args = { to: '+15550000002' };
		const context = { getExecuteData: () => ({ data: { main: [] }, source: null }) as unknown as IExecuteData, getNode: () => NODE, getInputData: () => [{ json: args }] } as unknown as IExecuteFunctions;
		sentRecordFor(context).set(0, { results: [{ id: 'c2' }] });
		expect(sentRecordFor(context).get(0)).toEqual({ results: [{ id: 'c2' }] });
	});

	test.each([null, 'call +15550000003', 7])('an input item whose JSON is %o (not an object) runs without a record, never failing on it', (json) => {
		const items = [{ json }] as unknown as INodeExecutionData[];
		expect(() => sentRecordFor(withoutExecuteData(items)).set(0, { results: [] })).not.toThrow();
		expect(sentRecordFor(withoutExecuteData(items)).size).toBe(0);
	});

	test('two Talkover nodes working on the same input item keep separate records, also when the workflow has no node IDs', () => {
		const shared = { to: '+15550000004' };
		const first = { ...NODE, id: undefined, name: 'Call the lead' } as unknown as INode;
		const second = { ...NODE, id: undefined, name: 'Call the manager' } as unknown as INode;
		sentRecordFor(withoutExecuteData([{ json: shared }], first)).set(0, { results: [{ id: 'c4' }] });
		expect(sentRecordFor(withoutExecuteData([{ json: shared }], second)).size).toBe(0);
		expect(sentRecordFor(withoutExecuteData([{ json: shared }], first)).get(0)).toEqual({ results: [{ id: 'c4' }] });
	});
});

describe('the calls placed, kept in the node’s execution context', () => {
	const TARGET = { scope: 'agent' as const, id: 'a1', to: '+15550000001' };
	/** A node of the workflow (not a tool) in execution `executionId`, run `runIndex`, its context `node`. */
	const nodeRun = (executionId: string, node: IDataObject, runIndex = 0) =>
		({ getExecutionId: () => executionId, getContext: () => node, getNode: () => NODE, getInputData: () => [{ json: {} }], getExecuteData: () => undefined, runIndex }) as unknown as IExecuteFunctions;
	const SECRETS = { values: [] };

	test('a call this execution placed for the same run and item (n8n ran the node’s run twice) is that item’s call, said to be this execution’s', () => {
		const context: IDataObject = {};
		recordPlaced(nodeRun('44', context), 4, TARGET, { id: 'c4', to: TARGET.to }, SECRETS);
		expect(placedBefore(nodeRun('44', context), 4, TARGET)).toMatchObject({ executionId: '44', call: { id: 'c4' }, sameExecution: true });
		expect(placedBefore(nodeRun('44', context), 4, TARGET)?.agentRun).toBeUndefined();
		// The execution it retries placed it: not this execution's.
		expect(placedBefore(nodeRun('45', context), 4, TARGET)).toMatchObject({ executionId: '44', call: { id: 'c4' } });
		expect(placedBefore(nodeRun('45', context), 4, TARGET)?.sameExecution).toBeUndefined();
		// Another item, or the node's next run (a loop): not this item's call.
		expect(placedBefore(nodeRun('44', context), 3, TARGET)).toBeUndefined();
		expect(placedBefore(nodeRun('44', context, 1), 4, TARGET)).toBeUndefined();
	});
});

/**
 * The calls placed and the chain's marks, as a Retry of the execution, Retry On Fail's next try and a loop's next
 * run read them. A fake of what they read of n8n's context: the node's execution context (`getContext('node')`,
 * saved with the execution and handed to every Retry), the execution's ID, the node's run index, the execution
 * data of the node's run and, for an AI Agent's tool, the agent's runs n8n recorded.
 */
describe('what a run of the node finds of the calls placed before it', () => {
	const now = useTestClock();
	const TOOL: INode = { ...NODE, type: `${NODE.type}Tool` };
	const AGENT_NODE: INode = { ...NODE, id: 'agent-node', name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent' };
	const LEAD = '+15550000001';
	const OTHER_LEAD = '+15550000002';
	const at = (id: string, to = LEAD, scope = 'agent') => ({ scope, id, to });
	/** Where a record says its call was placed: the number as the record's key keeps it (the digits dialled). */
	const placedAt = (id: string, to = LEAD, scope = 'agent') => ({ scope, id, to: to.replace(/^\+/, '') });
	const SECRETS = { values: ['talq_the_account_token'] };

	interface Run {
		/** The execution's ID (undefined: n8n gives none, as for an MCP client's tool call). */
		executionId?: string;
		/** The node's execution context; without it, the context has no getContext (nothing is saved). */
		context?: IDataObject;
		runIndex?: number;
		node?: INode;
		executeData?: IExecuteData;
		runExecutionData?: unknown;
		/** The context has no getExecuteData (n8n 1.x's sub-node context of a tool). */
		withoutExecuteData?: true;
		/** The context has no getExecutionId. */
		withoutExecutionId?: true;
	}

	/** A run of the node (a node of the workflow unless `node` is the tool variant) in execution `e1`, run 0. */
	const nodeRun = (run: Run = {}) => {
		const { context, runIndex = 0, node = NODE, executeData, runExecutionData, withoutExecuteData, withoutExecutionId } = run;
		const executionId = 'executionId' in run ? run.executionId : 'e1';
		const flowContext: IDataObject = {};
		const ctx: Record<string, unknown> = {
			getNode: () => node,
			getInputData: () => [{ json: {} }],
			getExecuteData: () => executeData ?? ({ node, data: { main: [[{ json: {} }]] }, source: null } as unknown as IExecuteData),
			getExecutionId: () => executionId,
			runIndex,
			runExecutionData,
		};
		if (context) ctx.getContext = (type: string) => (type === 'node' ? context : flowContext);
		if (withoutExecuteData) delete ctx.getExecuteData;
		if (withoutExecutionId) delete ctx.getExecutionId;
		return ctx as unknown as IExecuteFunctions;
	};
	/** An AI Agent v1/v2's tool: run as a sub-node with the agent's execution data; the agent has `agentRuns` runs recorded. */
	const toolOfAgentV2 = (context: IDataObject, agentRuns: number, { executionId = 'e1', runIndex = 0 } = {}) =>
		nodeRun({
			executionId,
			context,
			runIndex,
			node: TOOL,
			executeData: { node: AGENT_NODE, data: { main: [[{ json: {} }]] }, source: null } as unknown as IExecuteData,
			runExecutionData: { resultData: { runData: { [AGENT_NODE.name]: Array.from({ length: agentRuns }, () => ({ startTime: 0 })) } } },
		});
	/** An AI Agent v3's tool: a node of the execution whose input comes from the agent's run `agentRun`. */
	const toolOfAgentV3 = (context: IDataObject, agentRun: number | undefined, { executionId = 'e1', runIndex = 0 } = {}) =>
		nodeRun({
			executionId,
			context,
			runIndex,
			node: TOOL,
			executeData: { node: TOOL, data: { main: [[{ json: {} }]] }, source: { main: [{ previousNode: AGENT_NODE.name, previousNodeRun: agentRun }] } } as unknown as IExecuteData,
		});
	const place = (ctx: IExecuteFunctions, item: number, target = at('a1'), call: IDataObject | { unsure: string } = { id: `call-${item}`, to: target.to }) => recordPlaced(ctx, item, target, call, SECRETS);

	describe('a node of the workflow: its run and item', () => {
		test('a call placed for an item is kept once, with when Talkover accepted it, and a Retry of the execution finds it for that item, where it was placed', () => {
			const context: IDataObject = {};
			place(nodeRun({ context }), 2);
			now().advance(5_000);
			place(nodeRun({ context }), 2);
			const placed = context.talkoverPlaced as IDataObject;
			expect(Object.values(placed)).toEqual([{ executionId: 'e1', call: { id: 'call-2', to: LEAD }, at: now().time }]);
			expect(placedBefore(nodeRun({ executionId: 'e2', context }), 2, at('a1'))).toEqual({ executionId: 'e1', call: { id: 'call-2', to: LEAD }, at: now().time, target: placedAt('a1') });
			expect(placedBefore(nodeRun({ executionId: 'e2', context }), 1, at('a1'))).toBeUndefined();
			expect(placedBefore(nodeRun({ executionId: 'e2', context }), 3, at('a1'))).toBeUndefined();
		});

		test('a request Talkover may have acted on is kept as unsure (no call, no time) and found as such by the Retry', () => {
			const context: IDataObject = {};
			place(nodeRun({ context }), 0, at('a1'), { unsure: 'the connection dropped' });
			expect(Object.values(context.talkoverPlaced as IDataObject)).toEqual([{ executionId: 'e1', unsure: 'the connection dropped' }]);
			expect(placedBefore(nodeRun({ executionId: 'e2', context }), 0, at('a1'))).toEqual({ executionId: 'e1', unsure: 'the connection dropped', target: placedAt('a1') });
		});

		test.each([
			['a call of one field', { id: 'c1' }],
			['a call that has a field named unsure', { id: 'c1', unsure: 'no' }],
			['a call whose only field unsure is no text', { unsure: 5 }],
		])('%s is kept as a placed call, never as unsure', (_, call) => {
			const context: IDataObject = {};
			place(nodeRun({ context }), 0, at('a1'), call as IDataObject);
			expect(Object.values(context.talkoverPlaced as IDataObject)).toEqual([{ executionId: 'e1', call, at: now().time }]);
		});

		test('the call kept in the saved execution has the token masked, as every output', () => {
			const context: IDataObject = {};
			place(nodeRun({ context }), 0, at('a1'), { id: 'c1', echoed: 'Bearer talq_the_account_token' });
			expect(JSON.stringify(context)).not.toContain('talq_the_account_token');
			expect(placedBefore(nodeRun({ executionId: 'e2', context }), 0, at('a1'))?.call).toEqual({ id: 'c1', echoed: 'Bearer ***' });
		});

		test("the item's call is found by its run: a loop's next run of the node is another run; a run n8n gives no index is run 0", () => {
			const context: IDataObject = {};
			place(nodeRun({ context, runIndex: 1 }), 0);
			expect(placedBefore(nodeRun({ executionId: 'e2', context, runIndex: 1 }), 0, at('a1'))?.call).toEqual({ id: 'call-0', to: LEAD });
			expect(placedBefore(nodeRun({ executionId: 'e2', context, runIndex: 0 }), 0, at('a1'))).toBeUndefined();
			expect(placedBefore(nodeRun({ executionId: 'e2', context, runIndex: 2 }), 0, at('a1'))).toBeUndefined();
			const unindexed: IDataObject = {};
			place(nodeRun({ context: unindexed, runIndex: 'first' as unknown as number }), 0);
			expect(placedBefore(nodeRun({ executionId: 'e2', context: unindexed, runIndex: 0 }), 0, at('a1'))?.call).toEqual({ id: 'call-0', to: LEAD });
		});

		test('a Retry with the saved workflow edited (another Agent, campaign or number) finds the call the item got, and where it was placed', () => {
			const context: IDataObject = {};
			place(nodeRun({ context }), 0, at('a1'));
			place(nodeRun({ context }), 1, at('a1', OTHER_LEAD));
			const retry = nodeRun({ executionId: 'e2', context });
			expect(placedBefore(retry, 0, at('a2'))).toMatchObject({ call: { id: 'call-0' }, target: placedAt('a1') });
			expect(placedBefore(retry, 0, at('c9', LEAD, 'campaign'))).toMatchObject({ call: { id: 'call-0' }, target: placedAt('a1') });
			expect(placedBefore(retry, 0, at('a1', '+15550000009'))).toMatchObject({ call: { id: 'call-0' }, target: placedAt('a1') });
			expect(placedBefore(retry, 1, at('a2', LEAD))).toMatchObject({ call: { id: 'call-1' }, target: placedAt('a1', '15550000002') });
			expect(placedBefore(retry, 2, at('a1'))).toBeUndefined();
		});

		test('the number as written and as dialled are one: a record an older version kept under the number as written is found for the number dialled', () => {
			const context: IDataObject = {
				talkoverPlaced: {
					'0|0|agent|a2|15550000001': { executionId: 'e1', call: { id: 'on-another-agent' } },
					'0|0|agent|a1|+1 555 000 0002': { executionId: 'e1', call: { id: 'another-number' } },
					'0|0|agent|a1|+1 555 000 0001': { executionId: 'e1', call: { id: 'as-written' } },
				},
			};
			expect(placedBefore(nodeRun({ executionId: 'e2', context }), 0, at('a1', '+1 (555) 000-0001'))).toMatchObject({ call: { id: 'as-written' }, target: at('a1', '+1 555 000 0001') });
		});

		test('of the records of an item, its exact one first, then a placed call before one that may have been placed', () => {
			const context: IDataObject = {
				talkoverPlaced: {
					'0|0|agent|a2|15550000001': { executionId: 'e1', unsure: 'timed out' },
					'0|0|agent|a3|15550000001': { executionId: 'e2', call: { id: 'placed' } },
					'0|0|agent|a4|15550000001': { executionId: 'e1', unsure: 'dropped' },
				},
			};
			const retry = nodeRun({ executionId: 'e3', context });
			expect(placedBefore(retry, 0, at('a1'))).toMatchObject({ call: { id: 'placed' }, target: placedAt('a3') });
			expect(placedBefore(retry, 0, at('a4'))).toMatchObject({ unsure: 'dropped', target: placedAt('a4') });
			delete (context.talkoverPlaced as IDataObject)['0|0|agent|a3|15550000001'];
			expect(placedBefore(retry, 0, at('a1'))).toMatchObject({ unsure: 'timed out', target: placedAt('a2') });
		});

		test("a key that is not a call's record (too short) is no item's call", () => {
			const context: IDataObject = { talkoverPlaced: { '0|0|a1|15550000001': { executionId: 'e1', call: { id: 'odd' } } } };
			expect(placedBefore(nodeRun({ executionId: 'e2', context }), 0, at('a1'))).toBeUndefined();
		});

		test('a call this execution placed (the same run and item run again) is said to be this one’s; one of an execution without an ID too', () => {
			const context: IDataObject = {};
			place(nodeRun({ context }), 0);
			expect(placedBefore(nodeRun({ context, runIndex: 0 }), 0, at('a2'))).toEqual({ executionId: 'e1', call: { id: 'call-0', to: LEAD }, at: now().time, target: placedAt('a1'), sameExecution: true });
			const unnamed: IDataObject = {};
			place(nodeRun({ context: unnamed, withoutExecutionId: true }), 0);
			expect(placedBefore(nodeRun({ context: unnamed, withoutExecutionId: true }), 0, at('a1'))).toMatchObject({ executionId: '', sameExecution: true });
			expect(placedBefore(nodeRun({ context: unnamed, executionId: 'e2' }), 0, at('a1'))?.sameExecution).toBeUndefined();
		});

		test('n8n without a node context (nothing is saved): nothing is recorded, nothing found, no scope nor mark, and nothing fails', () => {
			const ctx = nodeRun();
			expect(() => place(ctx, 0)).not.toThrow();
			expect(placedBefore(ctx, 0, at('a1'))).toBeUndefined();
			expect(() => recordScopes(ctx, [at('a1')])).not.toThrow();
			expect(scopesOfChain(ctx)).toEqual([]);
			expect(firstRunOfChain(ctx)).toBeUndefined();
			expect(() => markChainFrom(ctx, 1)).not.toThrow();
			expect(() => markChainUnknown(ctx)).not.toThrow();
			expect(chainMarkedUnknown(ctx)).toBe(false);
			expect(callsTakenHere(ctx)).toEqual(new Set());
		});
	});

	describe("an AI Agent's tool: the agent's run and the number", () => {
		test("v1/v2 agent: the agent's Retry On Fail (the tool's runs continue: 2, 3) finds the calls of the agent's run, by number, whatever the item", () => {
			const context: IDataObject = {};
			place(toolOfAgentV2(context, 1, { runIndex: 0 }), 0, at('a1'));
			const again = toolOfAgentV2(context, 1, { runIndex: 2 });
			expect(placedBefore(again, 0, at('a1'))).toEqual({ executionId: 'e1', call: { id: 'call-0', to: LEAD }, at: now().time, target: placedAt('a1'), sameExecution: true, agentRun: 'AI Agent#1' });
			expect(placedBefore(again, 1, at('a1'))).toMatchObject({ call: { id: 'call-0' }, agentRun: 'AI Agent#1' });
			expect(placedBefore(again, 0, at('a2'))).toMatchObject({ call: { id: 'call-0' }, target: placedAt('a1') });
			expect(placedBefore(again, 0, at('a1', OTHER_LEAD))).toBeUndefined();
			expect(placedBefore(again, 0, at('a2', OTHER_LEAD))).toBeUndefined();
			// The agent's next run (it ran once more): its own calls.
			expect(placedBefore(toolOfAgentV2(context, 2), 0, at('a1'))).toBeUndefined();
			// A Retry of the execution: the agent's same run, another execution's call.
			expect(placedBefore(toolOfAgentV2(context, 1, { executionId: 'e2', runIndex: 3 }), 0, at('a1'))).toEqual({ executionId: 'e1', call: { id: 'call-0', to: LEAD }, at: now().time, target: placedAt('a1') });
		});

		test('v1/v2 agent whose runs n8n has not recorded (its first run, or no run data): its run 0', () => {
			const context: IDataObject = {};
			const noRunData = nodeRun({ context, node: TOOL, executeData: { node: AGENT_NODE, data: { main: [] }, source: null } as unknown as IExecuteData });
			place(noRunData, 0);
			expect(placedBefore(noRunData, 0, at('a1'))?.agentRun).toBe('AI Agent#0');
			for (const runExecutionData of [{ resultData: null }, { resultData: {} }, { resultData: { runData: {} } }, { resultData: { runData: { 'AI Agent': 'none' } } }]) {
				const ctx = nodeRun({ context, node: TOOL, runExecutionData, executeData: { node: AGENT_NODE, data: { main: [] }, source: null } as unknown as IExecuteData });
				expect(placedBefore(ctx, 0, at('a1'))?.agentRun).toBe('AI Agent#0');
			}
			expect(placedBefore(toolOfAgentV2(context, 0), 0, at('a1'))?.agentRun).toBe('AI Agent#0');
		});

		test("v3 agent: the tool's input comes from the agent's run, which keys its calls", () => {
			const context: IDataObject = {};
			place(toolOfAgentV3(context, 1, { runIndex: 0 }), 0);
			expect(placedBefore(toolOfAgentV3(context, 1, { runIndex: 4 }), 0, at('a1'))?.agentRun).toBe('AI Agent#1');
			expect(placedBefore(toolOfAgentV3(context, 0), 0, at('a1'))).toBeUndefined();
			expect(placedBefore(toolOfAgentV3(context, 2), 0, at('a1'))).toBeUndefined();
			// A source without the agent's run: its run 0.
			const first: IDataObject = {};
			place(toolOfAgentV3(first, undefined), 0);
			expect(placedBefore(toolOfAgentV3(first, 0), 0, at('a1'))?.agentRun).toBe('AI Agent#0');
		});

		test('a tool whose run names no agent (no execution data, no source): one run of the agent, for every try', () => {
			const context: IDataObject = {};
			const runs = [
				nodeRun({ context, node: TOOL, withoutExecuteData: true }),
				nodeRun({ context, node: TOOL, runIndex: 1, executeData: { node: TOOL, data: { main: [] }, source: null } as unknown as IExecuteData }),
				nodeRun({ context, node: TOOL, runIndex: 2, executeData: { node: TOOL, data: { main: [] }, source: {} } as unknown as IExecuteData }),
				nodeRun({ context, node: TOOL, runIndex: 3, executeData: { node: TOOL, data: { main: [] }, source: { main: [] } } as unknown as IExecuteData }),
				nodeRun({ context, node: TOOL, runIndex: 4, executeData: { data: { main: [] }, source: null } as unknown as IExecuteData }),
			];
			place(runs[0], 0);
			for (const run of runs) expect(placedBefore(run, 0, at('a1'))).toMatchObject({ call: { id: 'call-0' }, agentRun: 'agent#0' });
		});

		test('one record per number per run of the agent, whatever item of the tool asked for it', () => {
			const context: IDataObject = {};
			place(toolOfAgentV2(context, 1), 0, at('a1'), { id: 'first' });
			place(toolOfAgentV2(context, 1, { runIndex: 1 }), 1, at('a1'), { id: 'second' });
			expect(Object.values(context.talkoverPlaced as IDataObject)).toEqual([{ executionId: 'e1', call: { id: 'second' }, at: now().time }]);
			expect(callsTakenHere(toolOfAgentV2(context, 1, { executionId: 'e2' }))).toEqual(new Set(['second']));
		});

		test("an MCP client's tool call (no execution ID): each call a run of its own, keyed as a node's", () => {
			const context: IDataObject = {};
			const mcp = (runIndex: number) => nodeRun({ context, node: TOOL, runIndex, executionId: undefined });
			place(mcp(0), 0);
			expect(placedBefore(mcp(0), 0, at('a1'))).toEqual({ executionId: '', call: { id: 'call-0', to: LEAD }, at: now().time, target: placedAt('a1'), sameExecution: true });
			expect(placedBefore(mcp(0), 1, at('a1'))).toBeUndefined();
			expect(placedBefore(mcp(1), 0, at('a1'))).toBeUndefined();
		});
	});

	describe("the run data n8n keeps on the node's context", () => {
		test.each([
			['none', undefined],
			['null', null],
			['a text', 'resultData'],
			['an object without resultData', { startData: {} }],
		])('%s is no run data', (_, data) => {
			expect(runExecutionDataOf({ runExecutionData: data } as unknown as IExecuteFunctions)).toBeUndefined();
		});

		test('an object with resultData is', () => {
			const data = { resultData: { runData: {} } };
			expect(runExecutionDataOf({ runExecutionData: data } as unknown as IExecuteFunctions)).toBe(data);
		});
	});

	describe('the agents and campaigns the chain dialled with', () => {
		test('each run adds the ones it dials, each once; a run that dials nothing writes nothing', () => {
			const context: IDataObject = {};
			recordScopes(nodeRun({ context }), []);
			expect(context).toEqual({});
			recordScopes(nodeRun({ context }), [at('a1'), at('a1', OTHER_LEAD), at('c1', LEAD, 'campaign')]);
			recordScopes(nodeRun({ context, runIndex: 1 }), [at('a2'), at('a1')]);
			expect(context.talkoverScopes).toEqual(['agent:a1', 'campaign:c1', 'agent:a2']);
			expect(scopesOfChain(nodeRun({ executionId: 'e2', context }))).toEqual([
				{ scope: 'agent', id: 'a1' },
				{ scope: 'campaign', id: 'c1' },
				{ scope: 'agent', id: 'a2' },
			]);
		});

		test("the chain's records name the ones its calls were placed with; this execution's own records do not", () => {
			const context: IDataObject = {};
			place(nodeRun({ context, executionId: 'e1' }), 0, at('a1'));
			place(nodeRun({ context, executionId: 'e1' }), 1, at('c1', LEAD, 'campaign'), { unsure: 'timed out' });
			place(nodeRun({ context, executionId: 'e2' }), 2, at('a2'));
			recordScopes(nodeRun({ context, executionId: 'e1' }), [at('a1')]);
			expect(scopesOfChain(nodeRun({ context, executionId: 'e2' }))).toEqual([
				{ scope: 'agent', id: 'a1' },
				{ scope: 'campaign', id: 'c1' },
			]);
			expect(scopesOfChain(nodeRun({ context, executionId: 'e3' }))).toEqual([
				{ scope: 'agent', id: 'a1' },
				{ scope: 'campaign', id: 'c1' },
				{ scope: 'agent', id: 'a2' },
			]);
		});

		test('what is not an agent or campaign with an ID in a saved context is left out, never failing', () => {
			const context: IDataObject = { talkoverScopes: ['agent:a1', 7, 'agent:', 'calendar:x', 'campaign', 'campaign:c:1', null] };
			expect(scopesOfChain(nodeRun({ executionId: 'e2', context }))).toEqual([
				{ scope: 'agent', id: 'a1' },
				{ scope: 'campaign', id: 'c:1' },
			]);
			recordScopes(nodeRun({ context }), [at('a2')]);
			expect(context.talkoverScopes).toEqual(['agent:a1', 'agent:', 'calendar:x', 'campaign', 'campaign:c:1', 'agent:a2']);
			for (const odd of ['agent:a1', { 'agent:a1': true }]) {
				const saved: IDataObject = { talkoverScopes: odd };
				expect(scopesOfChain(nodeRun({ executionId: 'e2', context: saved }))).toEqual([]);
				recordScopes(nodeRun({ context: saved }), [at('a2')]);
				expect(saved.talkoverScopes).toEqual(['agent:a2']);
			}
		});
	});

	describe("when the node first ran in the chain of executions a Retry continues", () => {
		test('the first run marks the time; later runs of that execution read nothing and keep it; a Retry reads it', () => {
			const context: IDataObject = {};
			expect(firstRunOfChain(nodeRun({ context }))).toBeUndefined();
			const first = now().time;
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: first });
			now().advance(60 * 60 * 1000);
			expect(firstRunOfChain(nodeRun({ context, runIndex: 1 }))).toBeUndefined();
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: first });
			expect(firstRunOfChain(nodeRun({ context, executionId: 'e2' }))).toBe(first);
			now().advance(2 * 24 * 60 * 60 * 1000);
			expect(firstRunOfChain(nodeRun({ context, executionId: 'e3' }))).toBe(first);
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: first });
		});

		test.each([
			['without a time', { executionId: 'e0' }],
			['with a time as text', { executionId: 'e0', at: '2026-01-15T11:00:00Z' }],
			['with a time that is no number of milliseconds', { executionId: 'e0', at: Number.NaN }],
			['with an endless time', { executionId: 'e0', at: Number.POSITIVE_INFINITY }],
		])('a mark %s dates nothing: this run marks the chain anew', (_, mark) => {
			const context: IDataObject = { talkoverFirstRun: mark };
			expect(firstRunOfChain(nodeRun({ context }))).toBeUndefined();
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: now().time });
		});

		test("a retried execution that read back further than its own start moves this execution's mark back, never forward, never another's", () => {
			const context: IDataObject = {};
			firstRunOfChain(nodeRun({ context }));
			const first = now().time;
			markChainFrom(nodeRun({ context }), first - 14 * 24 * 60 * 60 * 1000);
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: first - 14 * 24 * 60 * 60 * 1000 });
			markChainFrom(nodeRun({ context }), first - 1000);
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: first - 14 * 24 * 60 * 60 * 1000 });
			expect(firstRunOfChain(nodeRun({ context, executionId: 'e2' }))).toBe(first - 14 * 24 * 60 * 60 * 1000);
			// The Retry (e2) does not move the chain's first execution's mark.
			markChainFrom(nodeRun({ context, executionId: 'e2' }), first - 30 * 24 * 60 * 60 * 1000);
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: first - 14 * 24 * 60 * 60 * 1000 });
		});

		test('a mark of this execution without a time takes the time read back to; no mark, none is written', () => {
			const context: IDataObject = { talkoverFirstRun: { executionId: 'e1', at: 'soon' } };
			markChainFrom(nodeRun({ context }), 1000);
			expect(context.talkoverFirstRun).toEqual({ executionId: 'e1', at: 1000 });
			const unmarked: IDataObject = {};
			markChainFrom(nodeRun({ context: unmarked }), 1000);
			markChainFrom(nodeRun({ context: unmarked, withoutExecutionId: true }), 1000);
			expect(unmarked).toEqual({});
		});
	});

	describe('a chain marked unknown (n8n saved nothing of its runs)', () => {
		test('stays unknown for every later run: Retry On Fail’s next try, a loop’s next run, a Retry of the Retry', () => {
			const context: IDataObject = {};
			expect(chainMarkedUnknown(nodeRun({ context }))).toBe(false);
			markChainUnknown(nodeRun({ context }));
			expect(context.talkoverChainUnknown).toBe(true);
			for (const later of [nodeRun({ context }), nodeRun({ context, runIndex: 1 }), nodeRun({ context, executionId: 'e2' })]) expect(chainMarkedUnknown(later)).toBe(true);
		});

		test('only the mark the node writes counts', () => {
			expect(chainMarkedUnknown(nodeRun({ context: { talkoverChainUnknown: 'true' } }))).toBe(false);
			expect(chainMarkedUnknown(nodeRun({ context: { talkoverChainUnknown: 1 } }))).toBe(false);
		});
	});

	test('a saved execution’s context (as n8n hands it to a Retry) is read under the names the node saves it with', () => {
		const context: IDataObject = JSON.parse(
			JSON.stringify({
				talkoverPlaced: { '0|0|agent|a1|15550000001': { executionId: 'e1', call: { id: 'c1' }, at: 5 } },
				talkoverScopes: ['campaign:c1'],
				talkoverFirstRun: { executionId: 'e1', at: 3 },
				talkoverChainUnknown: true,
			}),
		);
		const retry = nodeRun({ executionId: 'e2', context });
		expect(placedBefore(retry, 0, at('a1'))).toMatchObject({ call: { id: 'c1' } });
		expect(scopesOfChain(retry)).toEqual([
			{ scope: 'campaign', id: 'c1' },
			{ scope: 'agent', id: 'a1' },
		]);
		expect(firstRunOfChain(retry)).toBe(3);
		expect(chainMarkedUnknown(retry)).toBe(true);
		expect(callsTakenHere(retry)).toEqual(new Set(['c1']));
	});

	test("the calls the record gives to items: their IDs (not an unsure request's, not one without a text ID)", () => {
		const context: IDataObject = {};
		place(nodeRun({ context }), 0, at('a1'), { id: 'c1' });
		place(nodeRun({ context }), 1, at('a1', OTHER_LEAD), { unsure: 'timed out' });
		place(nodeRun({ context, executionId: 'e2' }), 2, at('a2'), { id: 'c2' });
		place(nodeRun({ context }), 3, at('a3'), { id: 42 });
		place(nodeRun({ context }), 4, at('a4'), { status: 'queued' });
		expect(callsTakenHere(nodeRun({ context, executionId: 'e3' }))).toEqual(new Set(['c1', 'c2']));
	});
});
