/** The send-once record (engine/sendOnce.ts): one record per run of the node, kept across n8n's Retry On Fail. */
import type { IDataObject, IExecuteData, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { placedBefore, recordPlaced, sentRecordFor } from '../../../nodes/Talkover/actions/engine/sendOnce';
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
