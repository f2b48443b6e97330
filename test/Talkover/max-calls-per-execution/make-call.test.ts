/**
 * Call → Make with Options → Max Calls per Execution, in runs of n8n-core's engine: as an AI Agent's tool
 * (the v3 agent's engine requests, and the v1/v2 agent's sub-node calls) a model asking for 10 calls places
 * 3 by default and nothing beyond reaches Talkover; as an MCP Server Trigger's tool (each tools/call a run
 * of its own, through n8n-core's webhook and queue-worker contexts) a client's calls count over the last
 * hour, 3 by default; in a workflow there is no cap unless the option sets one. The sandbox's requests are
 * the oracle.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runAgentWithTool } from '../../helpers/agentRun';
import { byId, SALES_AGENT, ticks, useSandbox } from '../../helpers/fixtures';
import { mcpToolCall } from '../../helpers/mcpToolCall';
import { runTalkover } from '../../helpers/n8n';

const { sandbox, credentials, clock } = useSandbox();
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const dialled = () => sandbox().requestsTo('POST', callPath).map((r) => (r.body as IDataObject).to);

const numbers = Array.from({ length: 10 }, (_, i) => `+1212555${String(100 + i).padStart(4, '0')}`);
const tenCalls = numbers.map((to) => ({ to }));
const capMessage = (item: number, placed: number, cap: number) =>
	`Max Calls per Execution (item ${item}): this node has placed ${placed} call${placed === 1 ? '' : 's'} in this execution, the most its option allows (${cap}); this call was not placed`;

const REFUSED = 'The call could not be placed';
/** The call to `to` is refused (400), answered only once the calls to `others` reached Talkover and the node had time to check the calls after them. */
const refuseOnceOthersAreIn = (to: string, others: string[]) =>
	sandbox().inject({
		method: 'POST',
		path: callPath,
		status: 400,
		body: { success: false, message: REFUSED },
		times: 1,
		when: (r) => (r.body as IDataObject).to === to,
		until: async () => {
			// Bounded: calls that never come side by side fail the test's checks instead of holding it.
			for (let turn = 0; turn < 2000 && !others.every((o) => dialled().includes(o)); turn++) await ticks(1);
			await ticks(50);
		},
	});
/** The numbers of the calls Talkover placed. */
const placed = () => sandbox().calls.map((c) => String(c.to)).filter((to) => numbers.includes(to));

/** Make Call as the model's tool: the number comes from the tool call (engine: the input item; sub-node: $fromAI). */
const makeTool = (mode: 'engine' | 'subNode', options: INodeParameters = {}): INodeParameters => ({
	resource: 'call',
	operation: 'make',
	agentId: byId(SALES_AGENT),
	to: mode === 'engine' ? '={{ $json.to }}' : "={{ $fromAI('to', 'The number to call, international format', 'string') }}",
	options,
});

describe('as an AI Agent tool (the v3 agent: each tool call a run of the node in the execution)', () => {
	test('a model asking for 10 calls places 3; the 4th stops the run with the reason, and nothing beyond reaches Talkover', async () => {
		const { error } = await runAgentWithTool({ mode: 'engine', calls: tenCalls, parameters: makeTool('engine'), credentials: credentials() });
		expect(dialled()).toEqual(numbers.slice(0, 3));
		expect(error?.message).toBe(capMessage(0, 3, 3));
	});

	test('with the tool on Continue: the model gets 3 calls and 7 refusals that say why', async () => {
		const { output, error } = await runAgentWithTool({ mode: 'engine', calls: tenCalls, parameters: makeTool('engine'), credentials: credentials(), settings: { onError: 'continueRegularOutput' } });
		expect(error).toBeUndefined();
		expect(dialled()).toEqual(numbers.slice(0, 3));
		expect(output?.map((o) => (o.result as IDataObject | null)?.to ?? null)).toEqual([...numbers.slice(0, 3), ...Array(7).fill(null)]);
		expect(output?.slice(3).map((o) => (o.result as IDataObject).error)).toEqual(Array(7).fill(capMessage(0, 3, 3)));
	});

	test('the option sets the cap (5); 0 lifts it', async () => {
		const settings = { onError: 'continueRegularOutput' as const };
		await runAgentWithTool({ mode: 'engine', calls: tenCalls, parameters: makeTool('engine', { maxCallsPerExecution: 5 }), credentials: credentials(), settings });
		expect(dialled()).toEqual(numbers.slice(0, 5));
		sandbox().reset();
		await runAgentWithTool({ mode: 'engine', calls: tenCalls, parameters: makeTool('engine', { maxCallsPerExecution: 0 }), credentials: credentials(), settings });
		expect(dialled()).toEqual(numbers);
	});

	test('the next execution has its own 3', async () => {
		await runAgentWithTool({ mode: 'engine', calls: tenCalls.slice(0, 5), parameters: makeTool('engine'), credentials: credentials() });
		await runAgentWithTool({ mode: 'engine', calls: tenCalls.slice(5), parameters: makeTool('engine'), credentials: credentials() });
		expect(dialled()).toEqual([...numbers.slice(0, 3), ...numbers.slice(5, 8)]);
	});
});

describe('as an AI Agent tool (the v1/v2 agent: a sub-node call per tool call)', () => {
	test('a model answer with 5 tool calls at once, the first refused (400) while the others are checked: 3 calls placed, the 5th told 3', async () => {
		refuseOnceOthersAreIn(numbers[0], numbers.slice(1, 3));
		// Concurrency → Fixed: each tool call goes at once (Auto would hold them behind the account's first request).
		const { output, error } = await runAgentWithTool({ mode: 'subNode', parallel: true, calls: tenCalls.slice(0, 5), parameters: makeTool('subNode', { concurrency: 'fixed' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(placed().sort()).toEqual(numbers.slice(1, 4));
		expect(output?.map((o) => (o.error === undefined ? (o.result as IDataObject[])[0].to : o.error))).toEqual([expect.stringContaining(REFUSED), ...numbers.slice(1, 4), expect.stringContaining(capMessage(0, 3, 3))]);
	});

	test('a model asking for 10 calls places 3; the other 7 calls fail with the reason', async () => {
		const { output, error } = await runAgentWithTool({ mode: 'subNode', calls: tenCalls, parameters: makeTool('subNode'), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(dialled()).toEqual(numbers.slice(0, 3));
		expect(output?.slice(0, 3).map((o) => (o.result as IDataObject[])[0].to)).toEqual(numbers.slice(0, 3));
		expect(output?.slice(3).map((o) => o.error)).toEqual(Array(7).fill(expect.stringContaining(capMessage(0, 3, 3))));
	});
});

describe('as an MCP Server Trigger’s tool (each tools/call a run of its own)', () => {
	const mcpRefusal = (placed: number, cap: number) =>
		`Max Calls per Execution (item 0): this node has placed ${placed} calls for MCP clients in the last 60 minutes, the most its option allows (${cap}); this call was not placed`;
	let workflows = 0;
	/** The count outlives a run: each test its own workflow. */
	const callsFrom = async (way: 'webhook' | 'queue', tos: string[], options: INodeParameters = {}, workflowId = `wf-mcp-${way}-${++workflows}`) => {
		const answers: Array<{ result?: unknown; error?: string }> = [];
		for (const to of tos) answers.push(await mcpToolCall({ to }, { way, parameters: makeTool('subNode', options), credentials: credentials(), workflowId }));
		return answers;
	};

	for (const way of ['webhook', 'queue'] as const) {
		test(`an MCP client asking for 10 calls places 3; the other 7 fail with the reason and nothing beyond reaches Talkover (${way === 'webhook' ? 'the trigger’s webhook, no execution ID' : 'a queue worker, an execution per call'})`, async () => {
			const answers = await callsFrom(way, numbers);
			expect(dialled()).toEqual(numbers.slice(0, 3));
			expect(answers.slice(0, 3).map((a) => (a.result as IDataObject[])[0].to)).toEqual(numbers.slice(0, 3));
			expect(answers.slice(3).map((a) => a.error)).toEqual(Array(7).fill(expect.stringContaining(mcpRefusal(3, 3))));
		});
	}

	test('an hour after a call it no longer counts; the option sets the count (5) and 0 lifts it', async () => {
		const workflowId = 'wf-mcp-hour';
		await callsFrom('webhook', numbers.slice(0, 4), {}, workflowId);
		expect(dialled()).toEqual(numbers.slice(0, 3));
		clock().time += 60 * 60_000;
		await callsFrom('webhook', numbers.slice(4, 8), {}, workflowId);
		expect(dialled()).toEqual([...numbers.slice(0, 3), ...numbers.slice(4, 7)]);
		sandbox().reset();
		await callsFrom('webhook', numbers, { maxCallsPerExecution: 5 });
		expect(dialled()).toEqual(numbers.slice(0, 5));
		sandbox().reset();
		await callsFrom('webhook', numbers, { maxCallsPerExecution: 0 });
		expect(dialled()).toEqual(numbers);
	});

	test('5 clients’ calls at once, the first refused (400) while the others are checked: 3 calls placed, the 5th told 3', async () => {
		refuseOnceOthersAreIn(numbers[0], numbers.slice(1, 3));
		// Concurrency → Fixed: each call goes at once (Auto would hold them behind the account's first request).
		const parameters = makeTool('subNode', { concurrency: 'fixed' });
		const answers = await Promise.all(numbers.slice(0, 5).map(async (to) => await mcpToolCall({ to }, { parameters, credentials: credentials(), workflowId: 'wf-mcp-side-by-side' })));
		expect(placed().sort()).toEqual(numbers.slice(1, 4));
		expect(answers.map((a) => a.error ?? (a.result as IDataObject[])[0].to)).toEqual([expect.stringContaining(REFUSED), ...numbers.slice(1, 4), expect.stringContaining(mcpRefusal(3, 3))]);
	});

	test('a call Talkover refused (402) gives its place back', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Account has insufficient credits to place this call' } }, times: 1 });
		const answers = await callsFrom('webhook', numbers.slice(0, 5));
		expect(dialled()).toEqual(numbers.slice(0, 4));
		expect(answers.map((a) => a.error ?? 'placed')).toEqual([expect.stringContaining('Not enough Talkover credits'), 'placed', 'placed', 'placed', expect.stringContaining(mcpRefusal(3, 3))]);
	});
});

describe('items side by side: a call in flight holds its place only until its answer', () => {
	const make = (options: INodeParameters = {}): INodeParameters => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', options });

	test('Batch Size 5, 3 allowed, the first call refused (400): items 1–3 are placed, item 4 is told 3 calls were placed', async () => {
		refuseOnceOthersAreIn(numbers[0], numbers.slice(1, 3));
		const { output, error } = await runTalkover({ items: tenCalls.slice(0, 5), parameters: make({ batchSize: 5, maxCallsPerExecution: 3 }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(error).toBeUndefined();
		expect(dialled()).toEqual(numbers.slice(0, 4));
		expect(placed().sort()).toEqual(numbers.slice(1, 4));
		expect(output?.map((o) => o.json.error ?? o.json.to)).toEqual([expect.stringContaining(REFUSED), ...numbers.slice(1, 4), capMessage(4, 3, 3)]);
		expect(output?.map((o) => o.pairedItem)).toEqual(numbers.slice(0, 5).map((_, item) => ({ item })));
	});

	test('without Continue On Fail: the refusal stops the run, and its error lists every call placed (items 1, 2 and 3)', async () => {
		refuseOnceOthersAreIn(numbers[0], numbers.slice(1, 3));
		const { error } = await runTalkover({ items: tenCalls.slice(0, 5), parameters: make({ batchSize: 5, maxCallsPerExecution: 3 }), credentials: credentials() });
		expect(error?.message).toContain(REFUSED);
		expect(placed().sort()).toEqual(numbers.slice(1, 4));
		expect((error as { description?: string }).description).toContain('Before the node stopped, Talkover had already accepted items 1, 2, 3.');
	});

	test('Concurrency Auto, Batch Size 5, 3 allowed, the first call refused (400): 3 calls placed, the next item told 3', async () => {
		refuseOnceOthersAreIn(numbers[0], []);
		const { output } = await runTalkover({ items: tenCalls.slice(0, 6), parameters: make({ concurrency: 'auto', batchSize: 5, maxCallsPerExecution: 3 }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(placed().sort()).toEqual(numbers.slice(1, 4));
		expect(output?.map((o) => o.json.error ?? o.json.to)).toEqual([expect.stringContaining(REFUSED), ...numbers.slice(1, 4), capMessage(4, 3, 3), capMessage(5, 3, 3)]);
	});

	test('Concurrency Auto, 5 allowed, a call refused (400) after the warm-up while later items are checked: 5 calls placed, the rest told 5', async () => {
		// The account's Auto pace is learned first (an execution of 20 calls); this run's items 0–2 still go one
		// at a time (its warm-up), then item 3 (refused, answered last) and the next ones side by side.
		sandbox().latencyMs = 30;
		await runTalkover({ items: Array.from({ length: 20 }, (_, i) => ({ to: `+1212555${String(300 + i).padStart(4, '0')}` })), parameters: make(), credentials: credentials() });
		sandbox().reset();
		refuseOnceOthersAreIn(numbers[3], [numbers[4]]);
		const { output } = await runTalkover({ items: tenCalls, parameters: make({ concurrency: 'auto', batchSize: 5, maxCallsPerExecution: 5 }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(placed().length).toBe(5);
		const outcome = output!.map((o, i) => (o.json.error === undefined ? 'placed' : o.json.error === capMessage(i, 5, 5) ? 'cap' : 'refused'));
		expect(outcome.filter((o) => o === 'placed')).toHaveLength(5);
		expect(outcome[3]).toBe('refused');
		// No item is told the cap before 5 calls were placed, and every item after the cap's is told it.
		const firstCap = outcome.indexOf('cap');
		expect(outcome.slice(0, firstCap).filter((o) => o === 'placed')).toHaveLength(5);
		expect(outcome.slice(firstCap).every((o) => o === 'cap')).toBe(true);
	});
});

describe('in a workflow', () => {
	const make = (options: INodeParameters = {}): INodeParameters => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', options });

	test('no cap unless the option sets one: 10 items, 10 calls', async () => {
		const { error } = await runTalkover({ items: tenCalls, parameters: make(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(dialled()).toEqual(numbers);
	});

	test('with a cap of 4: the 5th item fails with the reason, and (Continue On Fail) so does every later one; 4 calls reach Talkover', async () => {
		const stopped = await runTalkover({ items: tenCalls, parameters: make({ maxCallsPerExecution: 4 }), credentials: credentials() });
		expect(stopped.error?.message).toBe(capMessage(4, 4, 4));
		expect(dialled()).toEqual(numbers.slice(0, 4));
		sandbox().reset();
		const { output } = await runTalkover({ items: tenCalls, parameters: make({ maxCallsPerExecution: 4 }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(dialled()).toEqual(numbers.slice(0, 4));
		expect(output?.map((o) => o.json.error ?? o.json.to)).toEqual([...numbers.slice(0, 4), ...[4, 5, 6, 7, 8, 9].map((i) => capMessage(i, 4, 4))]);
		expect(output?.map((o) => o.pairedItem)).toEqual(numbers.map((_, item) => ({ item })));
	});

	test('a call Talkover refused (402) gives its place back; one it may have placed (500) counts', async () => {
		const settings = { continueOnFail: true };
		sandbox().inject({ method: 'POST', path: callPath, status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Account has insufficient credits to place this call' } }, times: 1 });
		const refused = await runTalkover({ items: tenCalls.slice(0, 4), parameters: make({ maxCallsPerExecution: 3 }), credentials: credentials(), settings });
		// The 402 (first item) reached Talkover but placed nothing: items 1–3 still get their 3 calls.
		expect(dialled()).toEqual(numbers.slice(0, 4));
		expect(refused.output?.map((o) => (o.json.error ? 'failed' : 'placed'))).toEqual(['failed', 'placed', 'placed', 'placed']);
		sandbox().reset();
		sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { success: false, message: 'Internal server error.' }, times: 1 });
		const unsure = await runTalkover({ items: tenCalls.slice(0, 4), parameters: make({ maxCallsPerExecution: 3 }), credentials: credentials(), settings: { ...settings, maxTries: 1 } });
		expect(dialled()).toEqual(numbers.slice(0, 3));
		expect(unsure.output?.map((o) => o.json.error ?? 'placed')).toEqual([expect.stringMatching(/^The call may have been placed/), 'placed', 'placed', capMessage(3, 3, 3)]);
	});

	test('an expression giving the items different caps fails the item that differs, before anything is sent: one cap for the run', async () => {
		const items = tenCalls.slice(0, 4).map((item, i) => ({ ...item, cap: i === 2 ? 9 : 2 }));
		const { error } = await runTalkover({ items, parameters: make({ maxCallsPerExecution: '={{ $json.cap }}' }), credentials: credentials() });
		expect(error?.message).toBe("Max Calls per Execution (item 2): 9 differs from item 0's 2; the limit counts the whole execution, so it takes one value: give every item the same (a fixed number, or an expression that does not depend on the item)");
		expect(sandbox().requests).toEqual([]);
		const { output } = await runTalkover({ items, parameters: make({ maxCallsPerExecution: '={{ $json.cap }}' }), credentials: credentials(), settings: { continueOnFail: true } });
		expect(dialled()).toEqual(numbers.slice(0, 2));
		expect(output?.map((o) => o.json.error ?? o.json.to)).toEqual([numbers[0], numbers[1], expect.stringMatching(/^Max Calls per Execution \(item 2\): 9 differs/), capMessage(3, 2, 2)]);
	});

	test('a value that is not a whole number fails before anything is sent', async () => {
		const { error } = await runTalkover({ items: tenCalls, parameters: make({ maxCallsPerExecution: -2 }), credentials: credentials() });
		expect(error?.message).toBe('Max Calls per Execution (item 0): -2 is not a number of calls; use a whole number, 0 for no limit');
		expect(sandbox().requests).toEqual([]);
	});
});
