/**
 * Issue 25: the send-once record (nodes/Talkover/actions/engine/sendOnce.ts) where n8n gives the node
 * less than usual: no execution data (an AI tool in some n8n versions), execution data without its node,
 * input items that are not objects, nodes without IDs. Found by mutation testing.
 */
import type { IExecuteData, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { sentRecordFor } from '../../nodes/Talkover/actions/engine/sendOnce';
import { NODE } from './context';

/** A context as n8n versions without `getExecuteData` give it to an AI tool. */
const withoutExecuteData = (items: INodeExecutionData[], node: INode = NODE) => ({ getNode: () => node, getInputData: () => items }) as unknown as IExecuteFunctions;

describe('issue 25: the send-once record without execution data of the node', () => {
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
