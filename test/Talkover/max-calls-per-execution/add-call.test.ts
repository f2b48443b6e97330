/**
 * Campaign → Add Call with Options → Max Calls per Execution, in runs of n8n-core's engine: as an AI Agent's
 * tool a model asking for 10 calls adds 3 by default and nothing beyond reaches Talkover; in a workflow the
 * option caps the items' calls, a Calling Hours skip does not count, and without the option nothing is capped.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runAgentWithTool } from '../../helpers/agentRun';
import { byId, ticks, useSandbox } from '../../helpers/fixtures';
import { mcpToolCall } from '../../helpers/mcpToolCall';
import { runTalkover } from '../../helpers/n8n';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();
const path = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const added = () => sandbox().requestsTo('POST', path).map((r) => (r.body as IDataObject).to);

const numbers = Array.from({ length: 10 }, (_, i) => `+1212555${String(200 + i).padStart(4, '0')}`);
const capMessage = (item: number, placed: number, cap: number) =>
	`Max Calls per Execution (item ${item}): this node has placed ${placed} calls in this execution, the most its option allows (${cap}); this call was not placed`;

const addCall = (options: INodeParameters = {}): INodeParameters => ({ resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.to }}', options });

test('as an AI Agent tool: a model asking for 10 calls adds 3; the 4th stops the run with the reason', async () => {
	const { error } = await runAgentWithTool({ mode: 'engine', calls: numbers.map((to) => ({ to })), parameters: addCall(), credentials: credentials() });
	expect(added()).toEqual(numbers.slice(0, 3));
	expect(error?.message).toBe(capMessage(0, 3, 3));
});

test('as an MCP Server Trigger’s tool: a client asking for 5 calls, each a run of its own, adds 3; the 4th and 5th fail with the reason', async () => {
	const parameters = { ...addCall(), to: "={{ $fromAI('to', 'The number to call, international format', 'string') }}" };
	const answers: Array<{ error?: string }> = [];
	for (const to of numbers.slice(0, 5)) answers.push(await mcpToolCall({ to }, { parameters, credentials: credentials(), workflowId: 'wf-mcp-add-call' }));
	expect(added()).toEqual(numbers.slice(0, 3));
	expect(answers.map((a) => a.error ?? 'added')).toEqual([
		...Array(3).fill('added'),
		...Array(2).fill(expect.stringContaining('Max Calls per Execution (item 0): this node has placed 3 calls for MCP clients in the last 60 minutes, the most its option allows (3); this call was not placed')),
	]);
});

test('in a workflow: no cap without the option; with a cap of 2, the 3rd item fails and nothing beyond reaches Talkover', async () => {
	await runTalkover({ items: numbers.map((to) => ({ to })), parameters: addCall(), credentials: credentials() });
	expect(added()).toEqual(numbers);
	sandbox().reset();
	const { error } = await runTalkover({ items: numbers.map((to) => ({ to })), parameters: addCall({ maxCallsPerExecution: 2 }), credentials: credentials() });
	expect(added()).toEqual(numbers.slice(0, 2));
	expect(error?.message).toBe(capMessage(2, 2, 2));
});

test('an item Calling Hours skip is not a call: it does not count against the cap', async () => {
	clock().time = Date.parse('2026-01-15T14:00:00Z'); // 09:00 in New York, 23:00 in Tokyo
	const items = [{ to: '+81312345678' }, { to: numbers[0] }, { to: numbers[1] }];
	const hours = { callingHours: { hours: { from: '09:00', to: '17:00' } } };
	const { output, error } = await runTalkover({ items, parameters: addCall({ ...hours, maxCallsPerExecution: 2 }), credentials: credentials() });
	expect(error).toBeUndefined();
	expect(added()).toEqual(numbers.slice(0, 2));
	expect(output?.map((o) => o.json.skipped === true)).toEqual([true, false, false]);
});

test('items side by side (Batch Size 5), 3 allowed, the first refused (400) while the others are checked: 3 calls added, the 5th item told 3', async () => {
	sandbox().inject({
		method: 'POST',
		path,
		status: 400,
		body: { success: false, message: 'The lead could not be added' },
		times: 1,
		when: (r) => (r.body as IDataObject).to === numbers[0],
		until: async () => {
			for (let turn = 0; turn < 2000 && !(added().includes(numbers[1]) && added().includes(numbers[2])); turn++) await ticks(1);
			await ticks(50);
		},
	});
	const { output } = await runTalkover({ items: numbers.slice(0, 5).map((to) => ({ to })), parameters: addCall({ batchSize: 5, maxCallsPerExecution: 3 }), credentials: credentials(), settings: { continueOnFail: true } });
	expect(added()).toEqual(numbers.slice(0, 4));
	expect(output?.map((o) => o.json.error ?? o.json.to)).toEqual([expect.stringContaining('The lead could not be added'), ...numbers.slice(1, 4), capMessage(4, 3, 3)]);
});
