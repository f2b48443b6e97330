/**
 * The calls placed are placed once, whatever n8n runs again: a table of the operations that dial (rows) and
 * the ways n8n runs their calls again (columns), through n8n-core's engine against the sandbox, whose
 * requests are the oracle. A new operation that dials joins by one row.
 *
 * - a crash, then Retry: n8n killed while the node placed its calls (out of memory, a deploy); at its next
 *   start n8n marks the execution "crashed" from its event log, and Retry runs the node again with every
 *   item. n8n saved nothing of the node's context, so Talkover's own calls say which were placed.
 * - an AI Agent (v1/v2: the tool runs as a sub-node per tool call) failed after its tool calls, then Retry
 *   from the executions list: the tool's runs continue (2, 3 after 0, 1) and the model asks for the same calls.
 * - the same agent with n8n's Retry On Fail: the model asks for the same calls again in the same execution.
 * - the same two with the v3 agent (each tool call a run of the node in the execution).
 * - Retry with the saved workflow after the node was edited (Make Call ↔ Add Call: another operation, agent or
 *   campaign): the record follows the item.
 * - a call placed with a delay (`delay_seconds`), requested before Skip Numbers Called Within's window, that rang
 *   and ended within it.
 */
import type { IDataObject, INodeParameters, IRun } from 'n8n-workflow';

import { turnsWaitedFor } from '../../nodes/Talkover/actions/engine/numberTurns';

import { runAgentWithTool } from '../helpers/agentRun';
import { byId, SALES_AGENT, SUPPORT_AGENT, TOKEN, until, useSandbox } from '../helpers/fixtures';
import { mcpToolCall } from '../helpers/mcpToolCall';
import { runChain } from '../helpers/n8n';
import { crashedData, retryData } from '../helpers/reRuns';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();

/**
 * An operation that dials: its parameters (without To), where it dials, whether it can be a model's tool, and
 * what else it needs to dial a number again on purpose (a campaign refuses a lead already queued).
 */
interface Dialling {
	name: string;
	parameters: INodeParameters;
	path: string;
	tool: boolean;
	again?: INodeParameters;
	/** Options the row always has (the test's own are added). */
	options?: INodeParameters;
}

const AGENT_CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const CAMPAIGN_CALL = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;

const DIALLING: Dialling[] = [
	{ name: 'Make Call', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT) }, path: AGENT_CALL, tool: true },
	{ name: 'Add Call', parameters: { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN) }, path: CAMPAIGN_CALL, tool: true, again: { allowDuplicates: true } },
	{ name: 'Make and Wait for Outcome', parameters: { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), isTesting: true }, path: AGENT_CALL, tool: false },
	{ name: 'Add Call and Wait for Outcome', parameters: { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), isTesting: true }, path: CAMPAIGN_CALL, tool: false, again: { allowDuplicates: true } },
	{
		name: 'Make and Wait for Outcome, calling again until reached',
		parameters: { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), isTesting: true },
		path: AGENT_CALL,
		tool: false,
		options: { callAgainUntilReached: { rule: { attempts: 3, afterMinutes: 10, when: ['notReached'] } } },
	},
];

/** The calls Talkover holds for the operation's agent or campaign, oldest first. */
const callsOf = (op: Dialling) => (op.path === CAMPAIGN_CALL ? sandbox().campaignCalls : sandbox().calls);
const dialled = (op: Dialling) => sandbox().requestsTo('POST', op.path).map((r) => String((r.body as IDataObject).to));
/** Reads of the calls placed: the agent's calls, or the campaign (with its calls). */
const listReads = () => sandbox().requests.filter((r) => r.method === 'GET' && (r.path === `/api/v1/agents/${SALES_AGENT}/calls` || r.path === `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`)).length;
const twice = (numbers: string[]) => numbers.filter((n, i) => numbers.indexOf(n) !== i);
const DAY = 24 * 60 * 60_000;
const leads = Array.from({ length: 12 }, (_, i) => `+1415555${String(2000 + i)}`);

describe.each(DIALLING)('$name', (op) => {
	const node = (options: INodeParameters = {}, extra: INodeParameters = {}) => ({ name: op.name, parameters: { ...op.parameters, to: '={{ $json.phone }}', ...extra, options: { ...op.options, ...options } } });
	const items = leads.map((phone) => ({ phone }));

	/** The crashed execution had placed the calls of the first four leads, then n8n was killed. */
	async function crashAfterFour() {
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 4), nodes: [node()], credentials: credentials() });
		expect(dialled(op)).toEqual(leads.slice(0, 4));
		clock().advance(60_000);
		return crashedData({ items, startedAt, crashedNode: op.name });
	}

	test('a crash while placing 12 calls (4 placed), then Retry: the 8 others are placed, none twice; the 4 are output with their calls', async () => {
		const retryOf = await crashAfterFour();
		const retried = await runChain({ items, nodes: [node()], credentials: credentials(), retryOf });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(op)).toHaveLength(12);
		expect(twice(dialled(op))).toEqual([]);
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.slice(0, 4).map((o) => [o.to, o.alreadyPlaced, o.skipped])).toEqual(leads.slice(0, 4).map((to) => [to, true, true]));
		expect(String(output[0].skipReason)).toMatch(/^Not dialled again: this execution retries another, n8n saved no call for this item, and .* has a call to \+14155552000 created .*, after the first execution started \(.*\): it is taken as that execution's call, placed before n8n could save it \(stopped or crashed while it ran\)\. If it is another execution's call and this item must call again: turn on Options → Dial Again on Retried Executions\.$/);
		expect(output.slice(4).map((o) => o.alreadyPlaced)).toEqual(Array(8).fill(undefined));
	});

	test('a crash, then Retry with Dial Again on Retried Executions: all 12 are dialled again, and Talkover’s calls are not read', async () => {
		const retryOf = await crashAfterFour();
		// The operation's own reads (a wait's), as in the crashed execution: none more.
		const reads = listReads();
		await runChain({ items, nodes: [node({ dialAgainOnRetry: true }, op.again)], credentials: credentials(), retryOf });
		expect(dialled(op)).toEqual([...leads.slice(0, 4), ...leads]);
		expect(listReads()).toBe(2 * reads);
	});

	test('a crash, then Retry when Talkover’s calls cannot be read: every item fails with why, nothing is dialled', async () => {
		const retryOf = await crashAfterFour();
		sandbox().inject({ method: 'GET', status: 500, body: { message: 'boom' }, times: Infinity, when: (r) => r.path === `/api/v1/agents/${SALES_AGENT}/calls` || r.path === `/api/v1/campaigns/${ACTIVE_CAMPAIGN}` });
		const retried = await runChain({ items, nodes: [{ ...node({ maxRetries: 0 }), settings: { continueOnFail: true } }], credentials: credentials(), retryOf });
		expect(dialled(op)).toEqual(leads.slice(0, 4));
		const output = retried.data.resultData.runData[op.name].at(-1)?.data?.main[0]?.map((o) => o.json) ?? [];
		const error = String(output[0]?.error ?? retried.data.resultData.error?.message);
		expect(error).toMatch(/^The calls already made could not be read, so the node did not dial \(this execution retries another, and the calls n8n did not save are read from Talkover\): /);
	});

	test('Retry of an execution that failed (not a crash): the saved record says what was placed, one read of Talkover’s calls finds nothing more', async () => {
		sandbox().inject({ method: 'POST', path: op.path, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => (r.body as IDataObject).to === leads[4] });
		const failed = await runChain({ items, nodes: [node()], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		const reads = listReads();
		await runChain({ items, nodes: [node()], credentials: credentials(), retryOf: retryData(failed) });
		expect(twice(dialled(op))).toEqual([leads[4]]);
		expect(dialled(op)).toHaveLength(13);
		expect(listReads()).toBe(2 * reads + 1);
	});

	test('a Retry that crashed, retried again: what the crashed Retry placed is not dialled again (the first execution’s saved record does not hold it)', async () => {
		const oneByOne = node({ batchSize: 1 });
		const startedAt = clock().now();
		sandbox().inject({ method: 'POST', path: op.path, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => (r.body as IDataObject).to === leads[4] });
		const failed = await runChain({ items, nodes: [oneByOne], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		expect(dialled(op)).toEqual(leads.slice(0, 5));
		// The first Retry places leads 5 and 6 (the 5th refused before), then n8n is killed: nothing of it is saved
		// (its calls are in Talkover, placed here by a run whose context is thrown away), and the next Retry gets
		// the data the first Retry started from.
		clock().advance(60_000);
		await runChain({ items: items.slice(4, 6), nodes: [oneByOne], credentials: credentials() });
		expect(dialled(op)).toEqual([...leads.slice(0, 5), leads[4], leads[5]]);
		clock().advance(60_000);
		const retried = await runChain({ items, nodes: [oneByOne], credentials: credentials(), retryOf: retryData(failed, startedAt) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(twice(dialled(op))).toEqual([leads[4]]);
		expect(dialled(op)).toHaveLength(13);
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual(leads.map((_, i) => i < 6));
	});

	test('a failed execution retried 2 days later: what it placed comes out as placed, the rest is dialled once, the calls read since its start', async () => {
		const oneByOne = node({ batchSize: 1 });
		const startedAt = clock().now();
		sandbox().inject({ method: 'POST', path: op.path, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => (r.body as IDataObject).to === leads[4] });
		const failed = await runChain({ items, nodes: [oneByOne], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		clock().advance(2 * 24 * 60 * 60_000);
		const retried = await runChain({ items, nodes: [oneByOne], credentials: credentials(), retryOf: retryData(failed, startedAt) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(op)).toEqual([...leads.slice(0, 5), ...leads.slice(4)]);
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => [o.to, o.alreadyPlaced ?? false])).toEqual(leads.map((to, i) => [to, i < 4]));
	});

	test('the lead twice, its second call refused (nothing placed), then Retry: the second item is dialled, not given the first item’s call', async () => {
		const oneByOne = node({ batchSize: 1 }, op.again);
		const startedAt = clock().now();
		let asked = 0;
		sandbox().inject({ method: 'POST', path: op.path, status: 402, body: { success: false, message: 'Insufficient credits', error: { code: 'INSUFFICIENT_CREDITS' } }, times: 1, when: (r) => (r.body as IDataObject).to === leads[0] && ++asked === 2 });
		const failed = await runChain({ items: [items[0], items[0]], nodes: [oneByOne], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		expect(dialled(op)).toEqual([leads[0], leads[0]]);
		clock().advance(60_000);
		const retried = await runChain({ items: [items[0], items[0]], nodes: [oneByOne], credentials: credentials(), retryOf: retryData(failed, startedAt) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(op)).toEqual([leads[0], leads[0], leads[0]]);
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, false]);
		expect(output[0].id).not.toEqual(output[1].id);
	});

	test('a crash with Save Execution Progress on (n8n saved the start node’s task, recovered nothing), then Retry: the 8 others are placed, none twice', async () => {
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 4), nodes: [node()], credentials: credentials() });
		clock().advance(60_000);
		const retried = await runChain({ items, nodes: [node()], credentials: credentials(), retryOf: crashedData({ items, startedAt, crashedNode: op.name, progressSaved: true }) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(op)).toHaveLength(12);
		expect(twice(dialled(op))).toEqual([]);
	});

	test.each([
		['an hour', 60 * 60_000],
		['2 days', 2 * DAY],
		['13 days', 13 * DAY],
	])('a crash n8n kept no data of (its event log off, a queue-mode worker stopped), retried %s later: the 8 others are placed, none twice; the 4 are output with their calls', async (_, later) => {
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 4), nodes: [node()], credentials: credentials() });
		const placed = callsOf(op).slice(-4).map((c) => c.id);
		clock().advance(later);
		const retried = await runChain({ items, nodes: [node()], credentials: credentials(), retryOf: crashedData({ items, startedAt, crashedNode: op.name, nothingKept: true }) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(op)).toHaveLength(12);
		expect(twice(dialled(op))).toEqual([]);
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.slice(0, 4).map((o) => [o.to, o.alreadyPlaced, o.skipped])).toEqual(leads.slice(0, 4).map((to) => [to, true, true]));
		expect(output.slice(0, 4).map((o) => o.id)).toEqual(placed);
		expect(String(output[0].skipReason)).toMatch(/^Not dialled again: this execution retries another, and n8n saved nothing that says when this node ran there \(.*\), so .*'s call to \+14155552000 created .*, within the last 14 days \(n8n keeps executions that long by default\), is taken as that execution's call\. If that execution failed before this node ran, or this is another execution's call, and this item must call again: turn on Options → Dial Again on Retried Executions\.$/);
		expect(output.slice(4).map((o) => o.alreadyPlaced)).toEqual(Array(8).fill(undefined));
	});

	test('a Retry nothing dates that failed in turn (Talkover’s calls could not be read), retried again 10 minutes later: what the crash placed is still not dialled again', async () => {
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 3), nodes: [node()], credentials: credentials() });
		clock().advance(2 * 60 * 60_000);
		const reads = (r: { path: string }) => r.path === `/api/v1/agents/${SALES_AGENT}/calls` || r.path === `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`;
		sandbox().inject({ method: 'GET', status: 500, body: { message: 'boom' }, times: 1, when: reads });
		const failed = await runChain({ items: items.slice(0, 6), nodes: [node({ maxRetries: 0 })], credentials: credentials(), retryOf: crashedData({ items: items.slice(0, 6), startedAt, crashedNode: op.name, nothingKept: true }) });
		expect(failed.data.resultData.error?.message).toMatch(/^The calls already made could not be read/);
		expect(dialled(op)).toEqual(leads.slice(0, 3));
		clock().advance(10 * 60_000);
		await runChain({ items: items.slice(0, 6), nodes: [node()], credentials: credentials(), retryOf: retryData(failed) });
		expect(dialled(op)).toEqual(leads.slice(0, 6));
	});

	test('a call read from Talkover for a Retry is kept masked in the execution n8n saves: a listed call that echoes the API token', async () => {
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 1), nodes: [node()], credentials: credentials() });
		const listed = callsOf(op).at(-1)!;
		listed.note = `Bearer ${TOKEN}`;
		if (op.path === AGENT_CALL) {
			const entry = { id: listed.id, to: listed.to, status: 'completed', created_at: listed.created_at, note: `Bearer ${TOKEN}` };
			sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/calls`, status: 200, body: { success: true, data: [entry], pagination: { current_page: 1, per_page: 100, total: 1, last_page: 1 } }, times: Infinity });
		} else {
			sandbox().inject({ method: 'GET', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`, status: 200, body: { success: true, data: { id: ACTIVE_CAMPAIGN, name: 'Spring', status: 'active', agent_id: SALES_AGENT, calls: [{ id: listed.id, to: listed.to, status: 'queued', created_at: listed.created_at, note: `Bearer ${TOKEN}` }] } }, times: Infinity });
		}
		clock().advance(60 * 60_000);
		const retried = await runChain({ items: items.slice(0, 1), nodes: [node()], credentials: credentials(), retryOf: crashedData({ items: items.slice(0, 1), startedAt, crashedNode: op.name, nothingKept: true }) });
		expect(dialled(op)).toEqual([leads[0]]);
		expect(JSON.stringify(retried.data.resultData.runData[op.name])).not.toContain(TOKEN);
		expect(JSON.stringify(retried.data.executionData?.contextData)).toContain(String(listed.id));
		expect(JSON.stringify(retried.data.executionData?.contextData)).not.toContain(TOKEN);
	});

	test('a crash n8n kept no data of, retried 15 days later (longer than n8n keeps executions by default): the lead is dialled again', async () => {
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 1), nodes: [node()], credentials: credentials() });
		clock().advance(15 * DAY);
		await runChain({ items: items.slice(0, 1), nodes: [node({}, op.again)], credentials: credentials(), retryOf: crashedData({ items: items.slice(0, 1), startedAt, crashedNode: op.name, nothingKept: true }) });
		expect(dialled(op)).toEqual([leads[0], leads[0]]);
	});

	test('a crash n8n kept no data of, the lead called twice before it: the Retry takes the newest call (the crashed execution’s), not dialled', async () => {
		await runChain({ items: items.slice(0, 1), nodes: [node({}, op.again)], credentials: credentials() });
		clock().advance(3 * DAY);
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 1), nodes: [node({}, op.again)], credentials: credentials() });
		const crashedCall = callsOf(op).at(-1)!.id;
		clock().advance(60 * 60_000);
		const retried = await runChain({ items: items.slice(0, 1), nodes: [node({}, op.again)], credentials: credentials(), retryOf: crashedData({ items: items.slice(0, 1), startedAt, crashedNode: op.name, nothingKept: true }) });
		expect(dialled(op)).toEqual([leads[0], leads[0]]);
		expect(retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]![0].json).toMatchObject({ id: crashedCall, alreadyPlaced: true });
	});

	test('a failed execution whose node placed nothing (its first call refused), retried: a lead another execution called 3 days before is dialled (the node’s own mark dates the first execution)', async () => {
		const oneByOne = node({ batchSize: 1 }, op.again);
		await runChain({ items: [items[5]], nodes: [oneByOne], credentials: credentials() });
		clock().advance(3 * DAY);
		sandbox().inject({ method: 'POST', path: op.path, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => (r.body as IDataObject).to === leads[0] });
		const failed = await runChain({ items: [items[0], items[5]], nodes: [oneByOne], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		clock().advance(60_000);
		const retried = await runChain({ items: [items[0], items[5]], nodes: [oneByOne], credentials: credentials(), retryOf: retryData(failed) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(op)).toEqual([leads[5], leads[0], leads[0], leads[5]]);
	});

	test('the same lead twice in the crashed execution (two items): the Retry takes its two calls, oldest first, and dials neither again', async () => {
		const twiceLead = [items[0], items[1], items[0]];
		const startedAt = clock().now();
		await runChain({ items: twiceLead, nodes: [node({}, op.again)], credentials: credentials() });
		clock().advance(60_000);
		const retried = await runChain({ items: [...twiceLead, items[2]], nodes: [node({}, op.again)], credentials: credentials(), retryOf: crashedData({ items: [...twiceLead, items[2]], startedAt, crashedNode: op.name }) });
		expect(dialled(op)).toEqual([leads[0], leads[1], leads[0], leads[2]]);
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.slice(0, 3).map((o) => o.alreadyPlaced)).toEqual([true, true, true]);
		expect(output[0].id).not.toEqual(output[2].id);
	});

	test('Retry with the saved workflow after the node was edited (Make Call ↔ Add Call, another agent or campaign): what the failed execution placed is output as placed, the rest dialled once', async () => {
		const edited = DIALLING.find((other) => other.path !== op.path && other.tool === op.tool)!;
		sandbox().inject({ method: 'POST', path: op.path, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => (r.body as IDataObject).to === leads[4] });
		const failed = await runChain({ items, nodes: [node({ batchSize: 1 })], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		expect(dialled(op)).toEqual(leads.slice(0, 5));
		clock().advance(60_000);
		const retried = await runChain({ items, nodes: [{ name: op.name, parameters: { ...edited.parameters, to: '={{ $json.phone }}', options: { ...edited.options, batchSize: 1 } } }], credentials: credentials(), retryOf: retryData(failed), loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(edited)).toEqual(leads.slice(4));
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual(leads.map((_, i) => i < 4));
	});

	test('a crash, then Retry with the saved workflow after the node was edited (Make Call ↔ Add Call, another agent or campaign): the leads the crashed execution called are not dialled again', async () => {
		const edited = DIALLING.find((other) => other.path !== op.path && other.tool === op.tool)!;
		const retryOf = await crashAfterFour();
		const retried = await runChain({ items, nodes: [{ name: op.name, parameters: { ...edited.parameters, to: '={{ $json.phone }}', options: { ...edited.options } } }], credentials: credentials(), retryOf, loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialled(op)).toEqual(leads.slice(0, 4));
		expect(dialled(edited)).toEqual(leads.slice(4));
		const output = retried.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual(leads.map((_, i) => i < 4));
		expect(output.slice(0, 4).map((o) => o.id)).toEqual(callsOf(op).slice(-4).map((c) => c.id));
		expect(String(output[0].skipReason)).toMatch(/the whole account's calls to the number were read\.\)$/);
	});

	test('a call placed with a delay (requested 70 minutes ago, rang and ended within the hour) and Skip Numbers Called Within 60 minutes: not dialled again', async () => {
		await runChain({ items: items.slice(0, 1), nodes: [node()], credentials: credentials() });
		const placed = callsOf(op).at(-1)!;
		const now = clock().now();
		const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
		Object.assign(placed, { status: 'completed', created_at: iso(now - 70 * 60_000), delay_seconds: 3000, updated_at: iso(now - 16 * 60_000) });
		await runChain({ items: items.slice(0, 1), nodes: [node({ skipCalledWithinMinutes: 60 }, op.again)], credentials: credentials() });
		expect(dialled(op)).toEqual([leads[0]]);
	});

	/** Fixed, one item at a time: the runs' items do not wait for the account's Auto slots, which a held request keeps. */
	const ONE_AT_A_TIME = { concurrency: 'fixed', batchSize: 1 };

	/**
	 * Two runs of the node over the same leads at once in one n8n process, the first one's call to `held` held by
	 * Talkover until the second waits for that number's turn (or, were there no turns, has dialled it too).
	 */
	async function twoAtOnce(run: () => Promise<IRun>, held: string): Promise<IDataObject[][]> {
		let open: () => void = () => {};
		const gate = new Promise<void>((resolve) => (open = resolve));
		sandbox().inject({ method: 'POST', path: op.path, when: (r) => (r.body as IDataObject).to === held, until: async () => await gate, times: 1 });
		const first = run();
		await until(() => dialled(op).includes(held));
		const second = run();
		await until(() => turnsWaitedFor() > 0 || dialled(op).filter((to) => to === held).length > 1);
		open();
		const runs = await Promise.all([first, second]);
		for (const r of runs) expect(r.data.resultData.error).toBeUndefined();
		return runs.map((r) => r.data.resultData.runData[op.name].at(-1)!.data!.main[0]!.map((o) => o.json));
	}

	test('two Retries of one crash n8n kept no data of, running at once in one n8n (or n8n running the node twice over the same items): every lead once, both outputs with the same calls', async () => {
		const startedAt = clock().now();
		await runChain({ items: items.slice(0, 4), nodes: [node()], credentials: credentials() });
		clock().advance(60 * 60_000);
		const outputs = await twoAtOnce(async () => await runChain({ items, nodes: [node(ONE_AT_A_TIME)], credentials: credentials(), retryOf: crashedData({ items, startedAt, crashedNode: op.name, nothingKept: true }) }), leads[4]);
		expect(dialled(op)).toHaveLength(12);
		expect(twice(dialled(op))).toEqual([]);
		const ids = callsOf(op).slice(-12).map((c) => c.id);
		for (const output of outputs) expect(output.map((o) => ids.includes(o.id))).toEqual(Array(12).fill(true));
		expect(outputs[1].map((o) => o.id)).toEqual(outputs[0].map((o) => o.id));
		expect(outputs.flat().filter((o) => o.alreadyPlaced === undefined)).toHaveLength(8);
	});

	test('two executions of the same leads at once with Skip Numbers Called Within (a CRM that fires twice), in one n8n: every lead once, the later run outputs the earlier one’s calls skipped', async () => {
		const outputs = await twoAtOnce(async () => await runChain({ items: items.slice(0, 3), nodes: [node({ ...ONE_AT_A_TIME, skipCalledWithinMinutes: 60 })], credentials: credentials() }), leads[1]);
		expect([...dialled(op)].sort()).toEqual(leads.slice(0, 3));
		expect(outputs[1].map((o) => o.id)).toEqual(outputs[0].map((o) => o.id));
		expect(outputs.flat().filter((o) => o.skipped === true)).toHaveLength(3);
		expect(outputs.flat().filter((o) => o.skipped === true).map((o) => String(o.skipReason))).toEqual(Array(3).fill(expect.stringMatching(/^Not dialled: .* already has a call to \+1415555200\d \(.*\) (within 1 hour|that has not ended) \(Options → Skip Numbers Called Within/)));
	});
});

const TOOLS = DIALLING.filter((op) => op.tool);
const AGENTS = [
	{ agent: 'v1/v2 (sub-node tool calls)', mode: 'subNode' as const },
	{ agent: 'v3 (engine requests)', mode: 'engine' as const },
];
const toolCases = TOOLS.flatMap((op) => AGENTS.map((a) => ({ ...a, op, name: op.name })));

test('a crash in a workflow that greets the lead with one agent, then calls with another: Retry places the second call, never taking the first node’s call for it', async () => {
	const greeter = `/api/v1/agents/${SUPPORT_AGENT}/call`;
	const nodes = [
		{ name: 'Greet', parameters: { resource: 'call', operation: 'make', agentId: byId(SUPPORT_AGENT), to: '={{ $json.phone }}' } },
		{ name: 'Make Call', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}' } },
	];
	const lead = [{ phone: leads[0] }];
	const startedAt = clock().now();
	// The crashed execution: the greeting placed, n8n killed before the second node dialled.
	await runChain({ items: lead, nodes: nodes.slice(0, 1), credentials: credentials() });
	clock().advance(60_000);
	const retried = await runChain({ items: lead, nodes, credentials: credentials(), retryOf: crashedData({ items: lead, startedAt, crashedNode: 'Make Call' }) });
	expect(retried.data.resultData.error).toBeUndefined();
	expect(sandbox().requestsTo('POST', greeter).map((r) => (r.body as IDataObject).to)).toEqual([leads[0]]);
	expect(sandbox().requestsTo('POST', AGENT_CALL).map((r) => (r.body as IDataObject).to)).toEqual([leads[0]]);
	const [greeted] = retried.data.resultData.runData.Greet.at(-1)!.data!.main[0]!.map((o) => o.json);
	const [called] = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
	expect(greeted.alreadyPlaced).toBe(true);
	expect(called.alreadyPlaced).toBeUndefined();
	expect(called.id).not.toEqual(greeted.id);
});

describe.each(toolCases)('$name as the tool of an AI Agent $agent', ({ op, mode }) => {
	const parameters = (options: INodeParameters = {}): INodeParameters => ({
		...op.parameters,
		to: mode === 'engine' ? '={{ $json.to }}' : "={{ $fromAI('to', 'The number to call, international format', 'string') }}",
		options: { maxCallsPerExecution: 0, ...options },
	});
	const calls = [{ to: leads[0] }, { to: leads[1] }];

	test('the agent failed after its calls A and B, then Retry from the executions list: no second call', async () => {
		const failed = await runAgentWithTool({ mode, calls, parameters: parameters(), credentials: credentials(), failTries: 1 });
		expect(failed.error?.message).toMatch(/The model failed after its tool calls/);
		expect(dialled(op)).toEqual([leads[0], leads[1]]);
		const retried = await runAgentWithTool({ mode, calls, parameters: parameters(), credentials: credentials(), retryOf: retryData(failed.run) });
		expect(retried.error).toBeUndefined();
		expect(dialled(op)).toEqual([leads[0], leads[1]]);
	});

	// The v1/v2 agent runs its tool as a sub-node with the workflow's parameters: a Retry with the saved workflow runs
	// the edited tool (the v3 agent's tool runs from the saved execution's stack, as this helper builds it).
	if (mode === 'subNode') test('the agent failed after its calls A and B, the tool edited (Make Call ↔ Add Call), then Retry with the saved workflow: no second call', async () => {
		const edited = TOOLS.find((other) => other.path !== op.path)!;
		const failed = await runAgentWithTool({ mode, calls, parameters: parameters(), credentials: credentials(), failTries: 1 });
		expect(failed.error?.message).toMatch(/The model failed after its tool calls/);
		expect(dialled(op)).toEqual([leads[0], leads[1]]);
		const retried = await runAgentWithTool({ mode, calls, parameters: { ...parameters(), ...edited.parameters }, credentials: credentials(), retryOf: retryData(failed.run) });
		expect(retried.error).toBeUndefined();
		expect(dialled(edited)).toEqual([]);
		expect(dialled(op)).toEqual([leads[0], leads[1]]);
	});

	test('the agent’s Retry On Fail asks for A and B again in the same execution: A, B only, and the model is told they were placed', async () => {
		const { output, error } = await runAgentWithTool({ mode, calls, parameters: parameters(), credentials: credentials(), failTries: 1, agentSettings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 } });
		expect(error).toBeUndefined();
		expect(dialled(op)).toEqual([leads[0], leads[1]]);
		const results = output!.map((o) => (Array.isArray(o.result) ? o.result[0] : o.result) as IDataObject);
		// The model gets each lead's call (a second ask: the same call, marked as placed before).
		expect([...new Set(results.map((r) => r.to))]).toEqual([leads[0], leads[1]]);
		expect(results.filter((r) => r.alreadyPlaced !== undefined).every((r) => r.alreadyPlaced === true && typeof r.id === 'string')).toBe(true);
	});

	test('a model asking for the same number twice in one run of the agent: one call, the second ask gets it', async () => {
		const { output } = await runAgentWithTool({ mode, calls: [calls[0], calls[0]], parameters: parameters(), credentials: credentials() });
		expect(dialled(op)).toEqual([leads[0]]);
		const second = (Array.isArray(output![1].result) ? output![1].result[0] : output![1].result) as IDataObject;
		expect(second).toMatchObject({ to: leads[0], alreadyPlaced: true, skipped: true });
		expect(String(second.skipReason)).toMatch(/^Not dialled again: this tool already placed this call earlier in this execution, for the same run of the AI Agent \(Agent#0\), which asked for it again\. To dial it anyway/);
	});

	test('with the default Max Calls per Execution too: the agent’s Retry On Fail places A and B only and the run succeeds', async () => {
		const { error } = await runAgentWithTool({ mode, calls, parameters: { ...parameters(), options: {} }, credentials: credentials(), failTries: 1, agentSettings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 } });
		expect(error).toBeUndefined();
		expect(dialled(op)).toEqual([leads[0], leads[1]]);
	});
});

const mcpCases = TOOLS.flatMap((op) => (['webhook', 'queue'] as const).map((way) => ({ op, way, name: op.name, how: way === 'webhook' ? 'the trigger’s webhook' : 'a queue worker' })));
let mcpWorkflows = 0;

describe.each(mcpCases)('$name as an MCP client’s tool ($how: each tools/call an execution of its own)', ({ op, way }) => {
	const parameters = (options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({ ...op.parameters, ...extra, to: "={{ $fromAI('to', 'The number to call, international format', 'string') }}", options });
	let workflowId = '';
	beforeEach(() => (workflowId = `wf-mcp-once-${++mcpWorkflows}`));
	const call = async (to: string, options: INodeParameters = {}, extra: INodeParameters = {}) => {
		const { result, error } = await mcpToolCall({ to }, { way, parameters: parameters(options, extra), credentials: credentials(), workflowId });
		return error === undefined ? (result as IDataObject[])[0] : { error };
	};
	const endLastCall = () => (callsOf(op).at(-1)!.status = 'completed');

	test('the client sends the same tools/call again (its own timeout, a retry): one call; the second answer is that call, skipped, saying why', async () => {
		const first = await call(leads[0]);
		const again = await call(leads[0]);
		expect(dialled(op)).toEqual([leads[0]]);
		expect(again).toMatchObject({ id: first.id, to: leads[0], skipped: true });
		expect(String(again.skipReason)).toMatch(/^Not dialled: this (agent|campaign) already has a call to \+14155552000 \(.*\) (within|that has not ended).* \(Options → Skip Numbers Called Within( 1 hour)?, an MCP client's tool's default without the option: a client may send the same tool call again\)$/);
	});

	// A campaign's calls are listed with their creation time only (get-campaign.mdx): the call may have rung up to an
	// hour after it and lasted an hour (nodes/shared/answers/callMoments.ts), so the window counts from then.
	test('the same tools/call once the first call’s last moment is past the hour (61 minutes; a campaign’s call, listed with its creation time only: 3 h 1 min): dialled again', async () => {
		await call(leads[0]);
		endLastCall();
		clock().advance((op.path.includes('/campaigns/') ? 181 : 61) * 60_000);
		await call(leads[0]);
		expect(dialled(op)).toEqual([leads[0], leads[0]]);
	});

	test('the workflow sets Skip Numbers Called Within to 0: the client’s second call dials', async () => {
		await call(leads[0], { skipCalledWithinMinutes: 0 }, op.again);
		await call(leads[0], { skipCalledWithinMinutes: 0 }, op.again);
		expect(dialled(op)).toEqual([leads[0], leads[0]]);
	});

	test('a call sent again takes no place among the client’s calls of the hour (3 by default): three leads, each once', async () => {
		const answers = [await call(leads[0]), await call(leads[0]), await call(leads[1]), await call(leads[2])];
		expect(dialled(op)).toEqual([leads[0], leads[1], leads[2]]);
		expect(answers.map((a) => a.error)).toEqual([undefined, undefined, undefined, undefined]);
	});
});
