/**
 * Max Calls per Execution for MCP clients (nodes/Talkover/guardrails/callCapWindow.ts, callCount.ts's
 * `sendCounted`, runsAsTool.ts's `runsAsMcpTool`): n8n runs each MCP `tools/call` on its own, so the calls
 * the node places for MCP clients are counted over the last hour, per workflow, node and API token, in this
 * process. The state outlives a run: what a second run, token, workflow, node and process see. The contexts
 * are shaped as n8n's (no execution ID on the webhook; `getInputSourceData` throwing "Source data is
 * missing" on a queue worker); the clock is the test's.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { claimInWindow, WINDOW_MS, windowKeys } from '../../../nodes/Talkover/guardrails/callCapWindow';
import type { SendCountContext } from '../../../nodes/Talkover/guardrails/callCount';
import { sendCounted } from '../../../nodes/Talkover/guardrails/callCount';
import { runsAsMcpTool } from '../../../nodes/Talkover/guardrails/runsAsTool';
import { useTestClock } from '../../helpers/clock';

const clock = useTestClock();

const TOKEN = 'talq_live_first_token_0123456789';
const node = (id: string, type = 'n8n-nodes-talkover.talkoverTool'): INode => ({ id, name: `Talkover ${id}`, type, typeVersion: 1, position: [0, 0], parameters: {} });

interface Run {
	workflow?: string;
	node?: INode;
	token?: string;
	/** How n8n runs it: an MCP call on the webhook (no ID), on a queue worker (an ID, no source), in an agent's run. */
	way?: 'webhook' | 'queue' | 'agent';
}

let runs = 0;
/** The context of one new run of the node (each MCP tools/call is one). */
function run({ workflow = 'wf1', node: n = node('tool'), token = TOKEN, way = 'webhook' }: Run = {}): SendCountContext {
	const executionId = way === 'webhook' ? undefined : `exec-${++runs}`;
	const context: IDataObject = {};
	return {
		getNode: () => n,
		getExecutionId: () => executionId,
		getContext: () => context,
		getWorkflow: () => ({ id: workflow }),
		getCredentials: async () => ({ apiToken: token, baseUrl: 'http://127.0.0.1:1' }),
		getInputSourceData: () => {
			if (way !== 'agent') throw new Error('Source data is missing');
			return { previousNode: 'AI Agent' };
		},
	};
}

let sent = 0;
/** One tools/call through sendCounted: 'placed' or the refusal's message. */
async function place(r: Run = {}, cap: number | undefined = 3, send: () => Promise<string> = async () => 'placed'): Promise<string> {
	try {
		const result = await sendCounted(run(r), 0, cap, async () => (sent++, await send()));
		return result;
	} catch (error) {
		return (error as Error).message;
	}
}
const placeMany = async (n: number, r: Run = {}, cap?: number) => {
	const out: string[] = [];
	for (let i = 0; i < n; i++) out.push(await place(r, cap ?? 3));
	return out;
};
const refusal = (placed: number, cap: number) =>
	`Max Calls per Execution (item 0): this node has placed ${placed} call${placed === 1 ? '' : 's'} for MCP clients in the last 60 minutes, the most its option allows (${cap}); this call was not placed`;

let workflows = 0;
/** A workflow of its own for each test: the count outlives a test as it outlives a run. */
const fresh = () => `wf-${++workflows}`;

beforeEach(() => {
	sent = 0;
});

test('an MCP call is told apart from a call within an agent’s run on every way n8n runs one', () => {
	const ctx = (way: Run['way'], type?: string) => run({ way, node: node('t', type) });
	expect([runsAsMcpTool(ctx('webhook')), runsAsMcpTool(ctx('queue')), runsAsMcpTool(ctx('agent')), runsAsMcpTool(ctx('webhook', 'n8n-nodes-talkover.talkover'))]).toEqual([true, true, false, false]);
	// n8n 1.x: no isToolExecution, the type alone; a context without getInputSourceData keeps the execution ID's word.
	expect(runsAsMcpTool({ getNode: () => node('t'), getExecutionId: () => 'e1' })).toBe(false);
	expect(runsAsMcpTool({ getNode: () => node('t'), getExecutionId: () => '' })).toBe(true);
});

test('10 MCP calls, each a run of its own, place 3; the 4th to the 10th fail before anything is sent, saying why', async () => {
	const workflow = fresh();
	const results = await placeMany(10, { workflow });
	expect(results).toEqual([...Array(3).fill('placed'), ...Array(7).fill(refusal(3, 3))]);
	expect(sent).toBe(3);
});

test('the refusal tells the user where the count lives, when a place frees and how to allow more', async () => {
	const workflow = fresh();
	await placeMany(1, { workflow }, 1);
	clock().time += 10 * 60_000;
	let error: NodeOperationError | undefined;
	try {
		await sendCounted(run({ workflow }), 0, 1, async () => 'placed');
	} catch (e) {
		error = e as NodeOperationError;
	}
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error?.description).toBe(
		'n8n runs each MCP tool call as an execution of its own, so the calls MCP clients make through this node are counted over the last 60 minutes (per workflow, node and API token, in this n8n process; 3 when the option is not set). The next place frees at 2026-01-15T13:00Z. To allow more, raise Options → Max Calls per Execution (0: no limit).',
	);
	expect(error?.context.notSent).toBe(true);
});

test('the time a place frees is shown to the minute, whatever the seconds of the call that holds it', async () => {
	const workflow = fresh();
	clock().time += 27_512;
	await placeMany(1, { workflow }, 1);
	const error = await sendCounted(run({ workflow }), 0, 1, async () => 'placed').then(
		() => undefined,
		(e: unknown) => e as NodeOperationError,
	);
	expect(error?.description).toMatch(new RegExp(`The next place frees at ${new Date(clock().time + WINDOW_MS).toISOString().slice(0, 16)}Z\\.`));
});

test('a run whose workflow, credential or node ID n8n cannot give is still counted, nodes told apart by name', async () => {
	const bare = (name: string): SendCountContext => ({ getNode: () => ({ ...node(''), name }), getExecutionId: () => undefined, getContext: () => ({}) });
	const placeBare = async (name: string) => await sendCounted(bare(name), 0, 2, async () => 'placed').catch((error: Error) => error.message);
	expect([await placeBare('first'), await placeBare('first'), await placeBare('second'), await placeBare('first')]).toEqual(['placed', 'placed', 'placed', refusal(2, 2)]);
	const noCredential = (): SendCountContext => ({ ...run({ workflow: fresh() }), getCredentials: async () => await Promise.reject(new Error('no credential')) });
	expect(await sendCounted(noCredential(), 0, 1, async () => 'placed')).toBe('placed');
});

test('a call the execution’s own count refuses gives its place in the hour back', async () => {
	// One execution's context, its count already at the cap (a call placed under another workflow's hour).
	const context: IDataObject = {};
	const inWorkflow = (workflow: string): SendCountContext => ({ ...run({ workflow, way: 'queue' }), getExecutionId: () => 'exec-shared', getContext: () => context });
	expect(await sendCounted(inWorkflow(fresh()), 0, 1, async () => 'placed')).toBe('placed');
	const workflow = fresh();
	await expect(sendCounted(inWorkflow(workflow), 0, 1, async () => 'placed')).rejects.toThrow(
		'Max Calls per Execution (item 0): this node has placed 1 call in this execution, the most its option allows (1); this call was not placed',
	);
	expect(await place({ workflow }, 1)).toBe('placed');
});

test('a place kept twice counts once; released after it was kept, it stays counted', async () => {
	const key = `twice-${fresh()}`;
	const claim = async () => await claimInWindow(key, 2, undefined, () => new Error('stopped'));
	const first = await claim();
	if (!('slot' in first)) throw new Error('the first call got no place');
	first.slot.keep();
	first.slot.keep();
	first.slot.release();
	const second = await claim();
	expect('slot' in second).toBe(true);
	if ('slot' in second) second.slot.keep();
	expect(await claim()).toEqual({ placed: 2, freeAt: clock().time + WINDOW_MS });
});

test('on a queue worker (an execution per call, no source) the calls count together too', async () => {
	expect(await placeMany(5, { workflow: fresh(), way: 'queue' })).toEqual([...Array(3).fill('placed'), refusal(3, 3), refusal(3, 3)]);
});

test('a call counts for an hour after it was placed: a later run sees it until then, not after', async () => {
	const workflow = fresh();
	await place({ workflow });
	clock().time += 20 * 60_000;
	await place({ workflow });
	await place({ workflow });
	clock().time += 40 * 60_000 - 1;
	expect(await place({ workflow })).toBe(refusal(3, 3));
	clock().time += 1;
	// The first call left the window; the other two are 40 minutes old.
	expect(await placeMany(2, { workflow })).toEqual(['placed', refusal(3, 3)]);
	clock().time += 20 * 60_000;
	expect(await placeMany(3, { workflow })).toEqual(['placed', 'placed', refusal(3, 3)]);
});

test('a call counts for an hour after it was sent, also when its answer comes after the answer of a later call', async () => {
	const workflow = fresh();
	let answerFirst: (() => void) | undefined;
	const first = place({ workflow }, 2, async () => await new Promise<string>((resolve) => (answerFirst = () => resolve('placed'))));
	for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
	clock().time += 10 * 60_000;
	expect(await place({ workflow }, 2)).toBe('placed');
	answerFirst!();
	expect(await first).toBe('placed');
	clock().time += 50 * 60_000 - 1;
	expect(await place({ workflow }, 2)).toBe(refusal(2, 2));
	clock().time += 1;
	// The first call left the window an hour after it was sent; the second is 50 minutes old.
	expect(await placeMany(2, { workflow }, 2)).toEqual(['placed', refusal(2, 2)]);
});

test('a second token, a second workflow and a second Talkover node each have their own count', async () => {
	const workflow = fresh();
	expect(await placeMany(4, { workflow })).toEqual([...Array(3).fill('placed'), refusal(3, 3)]);
	expect(await placeMany(4, { workflow, token: 'talq_live_second_token_987654' })).toEqual([...Array(3).fill('placed'), refusal(3, 3)]);
	expect(await placeMany(4, { workflow: fresh() })).toEqual([...Array(3).fill('placed'), refusal(3, 3)]);
	expect(await placeMany(4, { workflow, node: node('second') })).toEqual([...Array(3).fill('placed'), refusal(3, 3)]);
});

test('a second process has its own count (the limit: the cap in each process)', async () => {
	const workflow = fresh();
	expect(await placeMany(3, { workflow })).toEqual(Array(3).fill('placed'));
	let other: typeof import('../../../nodes/Talkover/guardrails/callCount') | undefined;
	jest.isolateModules(() => {
		other = require('../../../nodes/Talkover/guardrails/callCount');
	});
	const inOther = async () => await other!.sendCounted(run({ workflow }), 0, 3, async () => 'placed').catch((error: Error) => error.message);
	expect([await inOther(), await inOther(), await inOther(), await inOther()]).toEqual([...Array(3).fill('placed'), refusal(3, 3)]);
	expect(await place({ workflow })).toBe(refusal(3, 3));
});

test('calls within an AI Agent’s run are not counted over the hour: each run has its own cap', async () => {
	const workflow = fresh();
	for (let r = 0; r < 3; r++) {
		const ctx = run({ workflow, way: 'agent' });
		const inRun = async () => await sendCounted(ctx, 0, 3, async () => 'placed').catch((error: Error) => error.message);
		expect([await inRun(), await inRun(), await inRun(), await inRun()]).toEqual([...Array(3).fill('placed'), expect.stringMatching(/in this execution/)]);
	}
	expect(windowKeys().filter((key) => key.includes(workflow))).toEqual([]);
});

test('the option sets the count (5); 0 (no cap) counts nothing', async () => {
	const workflow = fresh();
	expect(await placeMany(6, { workflow }, 5)).toEqual([...Array(5).fill('placed'), refusal(5, 5)]);
	const open = fresh();
	for (let i = 0; i < 10; i++) expect(await sendCounted(run({ workflow: open }), 0, undefined, async () => 'placed')).toBe('placed');
	expect(windowKeys().filter((key) => key.includes(open))).toEqual([]);
});

test('a call nothing of which reached Talkover gives its place back; one Talkover may have placed counts', async () => {
	const workflow = fresh();
	// The transport's errors say whether Talkover may have acted (context.mayHaveBeenProcessed).
	const refused = Object.assign(new Error('Connection refused'), { context: { mayHaveBeenProcessed: false } });
	const timedOut = Object.assign(new Error('The request timed out'), { context: { mayHaveBeenProcessed: true } });
	expect(await place({ workflow }, 3, async () => await Promise.reject(refused))).toBe('Connection refused');
	expect(await place({ workflow }, 3, async () => await Promise.reject(timedOut))).toBe('The request timed out');
	expect(await placeMany(3, { workflow })).toEqual(['placed', 'placed', refusal(3, 3)]);
});

test('what is kept: the token’s hash, never the token; nothing once the hour is over', async () => {
	const workflow = fresh();
	await placeMany(2, { workflow });
	const kept = windowKeys().filter((key) => key.includes(workflow));
	expect(kept).toHaveLength(1);
	expect(kept[0]).not.toContain(TOKEN);
	expect(kept[0]).toMatch(/sha256:[0-9a-f]{64}/);
	clock().time += WINDOW_MS - 1;
	expect(windowKeys().filter((key) => key.includes(workflow))).toEqual(kept);
	clock().time += 1;
	expect(windowKeys().filter((key) => key.includes(workflow))).toEqual([]);
});

test('calls side by side: a call in flight holds its place until its answer; a client’s call that finds the places held waits, and takes the place of a call refused', async () => {
	const workflow = fresh();
	const answers: Array<{ ok: () => void; refuse: () => void }> = [];
	const results: string[] = Array(5).fill('waiting');
	/** The call's answer is the test's: `ok` or a refusal (nothing placed). */
	const held = async () =>
		await new Promise<string>((resolve, reject) => {
			answers.push({ ok: () => resolve('placed'), refuse: () => reject(Object.assign(new Error('Refused'), { context: { mayHaveBeenProcessed: false } })) });
		});
	const calls = results.map(async (_, i) => (results[i] = await place({ workflow }, 3, held)));
	const settle = async () => {
		for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
	};
	await settle();
	expect(answers).toHaveLength(3);
	answers[0].refuse();
	await settle();
	expect(answers).toHaveLength(4);
	expect(results).toEqual(['Refused', 'waiting', 'waiting', 'waiting', 'waiting']);
	for (const answer of answers.slice(1)) answer.ok();
	await Promise.all(calls);
	expect(results).toEqual(['Refused', 'placed', 'placed', 'placed', refusal(3, 3)]);
	expect(sent).toBe(4);
});

test('an MCP call stopped while it waits for a place is not placed, and says why', async () => {
	const workflow = fresh();
	const abort = new AbortController();
	let answer: (() => void) | undefined;
	const first = sendCounted(run({ workflow }), 0, 1, async () => await new Promise<string>((resolve) => (answer = () => resolve('placed'))));
	const second = sendCounted({ ...run({ workflow }), getExecutionCancelSignal: () => abort.signal }, 0, 1, async () => 'placed').catch((error: Error) => error.message);
	for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
	abort.abort();
	expect(await second).toBe('Max Calls per Execution (item 0): the execution was stopped while this call waited for the answers of the calls sent before it; this call was not placed');
	answer!();
	expect(await first).toBe('placed');
	expect(await place({ workflow }, 1)).toBe(refusal(1, 1));
});
