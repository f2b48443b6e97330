/**
 * Max Calls per Execution, the option (nodes/Talkover/guardrails/readCallCap.ts, runsAsTool.ts,
 * callCapDescription.ts): off in a workflow unless set, 3 when the node runs as an AI Agent or MCP tool, 0 for
 * no limit, and a value that is not a whole number fails the item naming the field, before anything is sent.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maxCallsPerExecutionOption, TOOL_CALL_CAP } from '../../../nodes/Talkover/guardrails/callCapDescription';
import { readCallCap } from '../../../nodes/Talkover/guardrails/readCallCap';
import { runsAsTool } from '../../../nodes/Talkover/guardrails/runsAsTool';

const node = (type: string): INode => ({ id: 'n', name: 'Talkover', type, typeVersion: 1, position: [0, 0], parameters: {} });
const WORKFLOW = { getNode: () => node('n8n-nodes-talkover.talkover') };
/** The AI Agent v3 runs the tool as a node of its execution: n8n 2.x says isToolExecution() false there. */
const AGENT_V3_TOOL = { getNode: () => node('n8n-nodes-talkover.talkoverTool'), isToolExecution: () => false };
/** n8n 1.x has no isToolExecution at all. */
const LTS_TOOL = { getNode: () => node('n8n-nodes-talkover.talkoverTool') };
/** The v1/v2 agent and the MCP Server Trigger (n8n 2.x): a sub-node context that says so. */
const SUB_NODE_TOOL = { getNode: () => node('n8n-nodes-talkover.talkoverTool'), isToolExecution: () => true };
/** A custom-extension install names the type CUSTOM.talkover / CUSTOM.talkoverTool. */
const CUSTOM_TOOL = { getNode: () => node('CUSTOM.talkoverTool') };

test('the node knows it runs as a tool on every n8n line and path, and as a workflow node otherwise', () => {
	expect([WORKFLOW, AGENT_V3_TOOL, LTS_TOOL, SUB_NODE_TOOL, CUSTOM_TOOL].map(runsAsTool)).toEqual([false, true, true, true, true]);
	expect(runsAsTool({ getNode: () => node('n8n-nodes-talkover.talkover'), isToolExecution: () => true })).toBe(true);
});

test('not set: no cap in a workflow, 3 as a tool', () => {
	expect(TOOL_CALL_CAP).toBe(3);
	for (const options of [{}, { maxCallsPerExecution: undefined }, { maxCallsPerExecution: null }, { maxCallsPerExecution: '' }] as IDataObject[]) {
		expect([readCallCap(WORKFLOW, 0, options), readCallCap(AGENT_V3_TOOL, 0, options), readCallCap(LTS_TOOL, 0, options), readCallCap(SUB_NODE_TOOL, 0, options)]).toEqual([
			undefined,
			3,
			3,
			3,
		]);
	}
});

test('set: that cap in a workflow and as a tool; 0 is no cap; a whole number given as text counts', () => {
	expect([readCallCap(WORKFLOW, 0, { maxCallsPerExecution: 5 }), readCallCap(AGENT_V3_TOOL, 0, { maxCallsPerExecution: 1 })]).toEqual([5, 1]);
	expect([readCallCap(WORKFLOW, 0, { maxCallsPerExecution: 0 }), readCallCap(AGENT_V3_TOOL, 0, { maxCallsPerExecution: 0 })]).toEqual([undefined, undefined]);
	expect(readCallCap(AGENT_V3_TOOL, 0, { maxCallsPerExecution: ' 12 ' })).toBe(12);
});

test('a value that is not a whole number from 0 fails the item, naming the field, the value and the item', () => {
	const cases: Array<[unknown, string]> = [
		[-1, '-1'],
		[2.5, '2.5'],
		['three', '"three"'],
		[Number.NaN, 'NaN'],
		[true, 'true'],
		[[3], '[3]'],
	];
	for (const [value, shown] of cases) {
		let error: unknown;
		try {
			readCallCap(AGENT_V3_TOOL, 4, { maxCallsPerExecution: value } as IDataObject);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe(`Max Calls per Execution (item 4): ${shown} is not a number of calls; use a whole number, 0 for no limit`);
		expect((error as NodeOperationError).description).toBe('Check the "Max Calls per Execution" field (parameter "maxCallsPerExecution") for item 4. Nothing was sent to Talkover for this item.');
	}
});

test('a whole number given as text counts however it is spaced; text a number reader would also take (1e3, 0x10, +5, 5.0) is refused', () => {
	expect(['7', '  8  ', '\t9\n'].map((value) => readCallCap(WORKFLOW, 0, { maxCallsPerExecution: value }))).toEqual([7, 8, 9]);
	for (const value of ['1e3', '0x10', '+5', '5.0', '5 6']) {
		expect(() => readCallCap(WORKFLOW, 2, { maxCallsPerExecution: value })).toThrow(`Max Calls per Execution (item 2): "${value}" is not a number of calls; use a whole number, 0 for no limit`);
	}
});

test('the option: a whole number from 0, defaulting to the tool cap, that says what it counts and its defaults', () => {
	expect(maxCallsPerExecutionOption).toMatchObject({ name: 'maxCallsPerExecution', displayName: 'Max Calls per Execution', type: 'number', default: 3, typeOptions: { minValue: 0, numberPrecision: 0 } });
	expect(maxCallsPerExecutionOption.description).toMatch(/0: no limit\. Without this option: no limit in a workflow, 3 when the node is a tool/);
	expect(maxCallsPerExecutionOption.description).toMatch(/as an MCP Server Trigger's tool \(n8n runs each MCP call as its own execution\), over its calls for MCP clients in the last 60 minutes \(per workflow, node and API token, in each n8n process\)/);
	expect(maxCallsPerExecutionOption.description).toMatch(/One value for every item\./);
});

describe('one cap for the whole execution, whatever an expression gives each item', () => {
	/** A run whose items give these values to Max Calls per Execution (an expression per item). */
	const itemsGiving = (values: unknown[], type = 'n8n-nodes-talkover.talkover') => ({
		getNode: () => node(type),
		getNodeParameter: (name: string, itemIndex: number) => {
			expect(name).toBe('options');
			return values[itemIndex] === undefined ? {} : { maxCallsPerExecution: values[itemIndex] };
		},
	});
	const read = (values: unknown[], type?: string) =>
		values.map((value, i) => {
			try {
				return readCallCap(itemsGiving(values, type), i, value === undefined ? {} : { maxCallsPerExecution: value });
			} catch (error) {
				expect(error).toBeInstanceOf(NodeOperationError);
				return (error as Error).message;
			}
		});

	test('the same value on every item (also written differently: 3 and "3") is read as it is', () => {
		expect(read([3, '3', 3])).toEqual([3, 3, 3]);
		expect(read([undefined, undefined], 'n8n-nodes-talkover.talkoverTool')).toEqual([3, 3]);
	});

	test('an item whose value differs from the first item’s fails, naming both: it is never counted against a cap of its own', () => {
		expect(read([2, 5, 2, 0])).toEqual([
			2,
			"Max Calls per Execution (item 1): 5 differs from item 0's 2; the limit counts the whole execution, so it takes one value: give every item the same (a fixed number, or an expression that does not depend on the item)",
			2,
			"Max Calls per Execution (item 3): no limit differs from item 0's 2; the limit counts the whole execution, so it takes one value: give every item the same (a fixed number, or an expression that does not depend on the item)",
		]);
	});

	test('a first item whose value is wrong fails on its own; the others are not compared with it', () => {
		expect(read([-1, 4])).toEqual(['Max Calls per Execution (item 0): -1 is not a number of calls; use a whole number, 0 for no limit', 4]);
	});

	test('options of the first item that n8n cannot give as an object: the others are not compared with it', () => {
		for (const first of ['not an object', null, 7]) {
			const ctx = { getNode: () => node('n8n-nodes-talkover.talkover'), getNodeParameter: (_: string, itemIndex: number) => (itemIndex === 0 ? first : { maxCallsPerExecution: 4 }) };
			expect(readCallCap(ctx, 1, { maxCallsPerExecution: 4 })).toBe(4);
			// As a tool, an unset cap is the tool's own 3 on the first item too: the same, so no error either.
			const tool = { ...ctx, getNode: () => node('n8n-nodes-talkover.talkoverTool') };
			expect(readCallCap(tool, 1, {})).toBe(3);
		}
	});

	test('the first item itself is never compared with another', () => {
		let asked = 0;
		const ctx = { getNode: () => node('n8n-nodes-talkover.talkover'), getNodeParameter: () => ((asked += 1), { maxCallsPerExecution: 9 }) };
		expect(readCallCap(ctx, 0, { maxCallsPerExecution: 2 })).toBe(2);
		expect(asked).toBe(0);
	});
});
