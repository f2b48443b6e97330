import type { INodeParameters, IRun, IRunExecutionData } from 'n8n-workflow';

import { runChain } from '../helpers/n8n';
import { byId, retryOnFail, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import { holdRequest } from '../helpers/heldRequest';
import { crashedData } from '../helpers/reRuns';

const { sandbox, credentials, clock } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const posts = () => sandbox().requestsTo('POST', callPath);
const leads = ['+15559990000', '+15559990001', '+15559990002', '+15559990003', '+15559990004'].map((phone) => ({ phone }));
const makeCall = (options: INodeParameters = {}) => ({
	name: 'Make Call',
	// A {{ $now }} in the context: the retried execution's request body differs, the item is the same.
	parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', additionalFields: { context: { values: [{ key: 'at', value: '={{ $now.toMillis() }}' }] } }, options },
});

/** What n8n 2.8.4's ExecutionService.retry hands to the new execution: the saved data, the failed node's last run dropped. */
function retryData(failed: IRun): IRunExecutionData {
	const data = JSON.parse(JSON.stringify(failed.data)) as IRunExecutionData;
	const last = data.resultData.lastNodeExecuted!;
	delete data.resultData.error;
	const runs = data.resultData.runData[last];
	if (runs.length > 0 && runs[runs.length - 1].error !== undefined) runs.pop();
	return data;
}

/** An execution that fails at the third of five calls (Talkover refuses it), then n8n's Retry of it. */
async function failThenRetry(options: INodeParameters = {}) {
	sandbox().inject({ method: 'POST', path: callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === leads[2].phone });
	const failed = await runChain({ items: leads, nodes: [makeCall(options)], credentials: credentials() });
	expect(failed.data.resultData.error?.message).toMatch(/could not be placed/);
	const placed = posts().filter((_, i) => i < 2).map((r, i) => ({ to: r.body.to, id: sandbox().calls.find((c) => c.to === leads[i].phone)!.id }));
	expect(posts().map((r) => r.body.to)).toEqual(leads.slice(0, 3).map((l) => l.phone));
	const retried = await runChain({ items: leads, nodes: [makeCall(options)], credentials: credentials(), retryOf: retryData(failed) });
	return { placed, retried };
}

describe("n8n's Retry of a failed execution", () => {
	test('places only the three calls the failed execution did not; the two it placed are output as they were, marked', async () => {
		const { placed, retried } = await failThenRetry();
		expect(retried.data.resultData.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([...leads.slice(0, 3), ...leads.slice(2)].map((l) => l.phone));
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!;
		expect(output.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output.slice(0, 2).map((o) => [o.json.id, o.json.to, o.json.alreadyPlaced, o.json.skipped])).toEqual(placed.map((p) => [p.id, p.to, true, true]));
		expect(output[0].json.skipReason).toMatch(/^Not dialled again: execution exec-\d+, which this execution retries, already placed this call\. To dial it anyway, turn on Options → Dial Again on Retried Executions\.$/);
		expect(output.slice(2).map((o) => o.json.alreadyPlaced)).toEqual([undefined, undefined, undefined]);
	});

	test('the record keys a number by the number dialled: a call recorded under the number as written with its national prefix (+1 1 555 …) is the same lead', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === leads[2].phone });
		const failed = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials() });
		const data = retryData(failed);
		// The record as a node that kept the number as written would have left it: "+1 1 555 999 0000" → 115559990000.
		const text = JSON.stringify(data).replace(/\|15559990000"/g, '|115559990000"');
		expect(text).toContain('|115559990000"');
		const retried = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials(), retryOf: JSON.parse(text) as IRunExecutionData });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([...leads.slice(0, 3), ...leads.slice(2)].map((l) => l.phone));
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, false, false, false]);
	});

	test('an item whose call may have been placed (a 502) in the failed execution is not dialled by the retry: skipped, with how to check', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 502, body: { message: 'Bad Gateway' }, times: 1, when: (r) => r.body.to === leads[2].phone });
		const failed = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials() });
		expect(failed.data.resultData.error?.message).toMatch(/^The call may have been placed/);
		const retried = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials(), retryOf: retryData(failed) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([0, 1, 2, 3, 4].map((i) => leads[i].phone));
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, 'maybe', false, false]);
		expect(output[2]).toMatchObject({ to: leads[2].phone, skipped: true });
		expect(String(output[2].skipReason)).toMatch(/^Not dialled again: in execution exec-\d+, which this execution retries, the call may have been placed \(.*\)\. Check whether the call exists: Call → Get Many \(filter by the number\); to dial it anyway, turn on Options → Dial Again on Retried Executions\.$/);
	});

	test('an item whose request timed out in the failed execution but which Talkover placed later: the retry outputs that call, placed, and does not dial it again', async () => {
		const held = holdRequest(sandbox(), clock(), callPath, leads[2].phone);
		const first = runChain({ items: leads, nodes: [makeCall()], credentials: credentials() });
		await held.reached();
		held.timeOut();
		const failed = await first;
		expect(failed.data.resultData.error?.message).toMatch(/^The call may have been placed/);
		await held.letThrough(() => sandbox().calls.some((c) => c.to === leads[2].phone));
		clock().advance(60_000);
		const retried = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials(), retryOf: retryData(failed) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual(leads.map((l) => l.phone));
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, true, false, false]);
		expect(output[2]).toMatchObject({ id: sandbox().calls.find((c) => c.to === leads[2].phone)!.id, to: leads[2].phone, skipped: true });
		expect(String(output[2].skipReason)).toMatch(/^Not dialled again: in execution exec-\d+, which this execution retries, the call may have been placed \(.*\), and this agent has a call to \+15559990002 created .*, after the first execution started \(.*\): it is taken as that call\. If it is another execution's call and this item must call again: turn on Options → Dial Again on Retried Executions\.$/);
	});

	test('an item whose call may have been placed, when Talkover’s calls cannot be read in the retry: not dialled, said as before (not an error)', async () => {
		const three = leads.slice(0, 3);
		sandbox().inject({ method: 'POST', path: callPath, status: 502, body: { message: 'Bad Gateway' }, times: 1, when: (r) => r.body.to === leads[2].phone });
		const failed = await runChain({ items: three, nodes: [makeCall()], credentials: credentials() });
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/calls`, status: 500, body: { message: 'boom' }, times: Infinity });
		const retried = await runChain({ items: three, nodes: [makeCall()], credentials: credentials(), retryOf: retryData(failed) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual(three.map((l) => l.phone));
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced)).toEqual([true, true, 'maybe']);
		expect(String(output[2].skipReason)).toMatch(/^Not dialled again: in execution exec-\d+, which this execution retries, the call may have been placed \(.*\)\. Check whether the call exists/);
	});

	test('Dial Again on Retried Executions: every item is dialled again', async () => {
		await failThenRetry({ dialAgainOnRetry: true });
		expect(posts().map((r) => r.body.to)).toEqual([...leads.slice(0, 3), ...leads].map((l) => l.phone));
	});

	test('a retry of the retry: nothing the first or the second execution placed is dialled again', async () => {
		for (const lead of [leads[2], leads[3]]) sandbox().inject({ method: 'POST', path: callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === lead.phone });
		const first = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials() });
		// The first fails at item 2; its retry places item 2 and fails at item 3; the second retry places 3 and 4.
		const second = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials(), retryOf: retryData(first) });
		expect(second.data.resultData.error?.message).toMatch(/could not be placed/);
		const third = await runChain({ items: leads, nodes: [makeCall()], credentials: credentials(), retryOf: retryData(second) });
		expect(third.data.resultData.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([0, 1, 2, 2, 3, 3, 4].map((i) => leads[i].phone));
		expect(third.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json.alreadyPlaced ?? false)).toEqual([true, true, true, false, false]);
	});

	test('a new execution (not a retry) with the same leads dials them: the record belongs to the execution retried', async () => {
		await runChain({ items: leads.slice(0, 2), nodes: [makeCall()], credentials: credentials() });
		await runChain({ items: leads.slice(0, 2), nodes: [makeCall()], credentials: credentials() });
		expect(posts()).toHaveLength(4);
	});

	/**
	 * A "call again if no answer" loop (Make Call → Wait → Get Call → IF no answer → back to Make Call), the same
	 * lead at item index 1 in both iterations. Iteration 1 (run 0) placed both calls; iteration 2 (run 1) placed
	 * item 0's and was refused item 1's (402), and the execution failed. Retry runs the node again as run 1:
	 * built here from a failed run by moving its records to run 1 and keeping a run 0 before it.
	 */
	test("a loop's later iteration is not taken for an earlier one: the retry places the call its failed run could not, the run's own placed call is output", async () => {
		const two = leads.slice(0, 2);
		const node = { name: 'Make Call', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { batchSize: 1 } } };
		sandbox().inject({ method: 'POST', path: callPath, status: 402, body: { success: false, message: 'Insufficient credits', error: { code: 'INSUFFICIENT_CREDITS' } }, times: 1, when: (r) => r.body.to === two[1].phone });
		const failed = await runChain({ items: two, nodes: [node], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		const data = retryData(failed);
		const context = data.executionData!.contextData['node:Make Call'] as { talkoverPlaced: Record<string, { executionId: string; call?: object }> };
		const keys = Object.keys(context.talkoverPlaced);
		expect(keys).toEqual([`0|0|agent|${SALES_AGENT}|15559990000`]);
		const { executionId } = context.talkoverPlaced[keys[0]];
		context.talkoverPlaced = {
			[`0|0|agent|${SALES_AGENT}|15559990000`]: { executionId, call: { id: 'iteration-1-call-0', to: two[0].phone, status: 'no-answer' } },
			[`0|1|agent|${SALES_AGENT}|15559990001`]: { executionId, call: { id: 'iteration-1-call-1', to: two[1].phone, status: 'no-answer' } },
			[`1|0|agent|${SALES_AGENT}|15559990000`]: context.talkoverPlaced[keys[0]],
		};
		const firstRun = data.resultData.runData['Make Call'];
		expect(firstRun).toHaveLength(0);
		firstRun.push({ startTime: 0, executionTime: 0, executionIndex: 0, source: [], data: { main: [[]] } } as never);
		sandbox().requests.length = 0;
		const retried = await runChain({ items: two, nodes: [node], credentials: credentials(), retryOf: data });
		const runs = retried.data.resultData.runData['Make Call'];
		expect(runs).toHaveLength(2);
		const out = runs[1].data!.main[0]!.map((o) => o.json);
		expect(posts().map((r) => r.body.to)).toEqual([two[1].phone]);
		expect(out[0]).toMatchObject({ alreadyPlaced: true, skipped: true, to: two[0].phone });
		expect(out[0].id).not.toBe('iteration-1-call-0');
		expect(out[1]).not.toHaveProperty('skipped');
	});
});

/** Another published outbound agent (the Agent a user switches to in the saved workflow before the Retry). */
const OTHER_AGENT = '550e8400-e29b-41d4-a716-4466554400aa';
const addOtherAgent = () => sandbox().agents.push({ ...sandbox().agents.find((a) => a.id === SALES_AGENT), id: OTHER_AGENT, name: 'OtherBot' });
const campaignPath = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const three = leads.slice(0, 3);
const refusedThird = () =>
	sandbox().inject({ method: 'POST', path: callPath, status: 402, body: { success: false, message: 'Insufficient credits', error: { code: 'INSUFFICIENT_CREDITS' } }, times: 1, when: (r) => r.body.to === three[2].phone });
/** The Make Call node as the saved workflow has it after an edit (its name unchanged). */
const edited = (parameters: INodeParameters) => ({ name: 'Make Call', parameters: { to: '={{ $json.phone }}', ...parameters } });

describe("n8n's Retry with the saved workflow after the node was edited: the record follows the item", () => {
	const cases: Array<[string, INodeParameters, () => Array<{ to: string }>]> = [
		['the Agent changed', { resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT) }, () => sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body as { to: string })],
		['Make Call became Campaign → Add Call', { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN) }, () => sandbox().requestsTo('POST', campaignPath).map((r) => r.body as { to: string })],
	];
	test.each(cases)('%s: the two calls the failed execution placed are output as placed, only the refused lead is dialled', async (_, parameters, dialledNow) => {
		addOtherAgent();
		refusedThird();
		const failed = await runChain({ items: three, nodes: [makeCall()], credentials: credentials() });
		expect(failed.data.resultData.error).toBeDefined();
		const retried = await runChain({ items: three, nodes: [edited(parameters)], credentials: credentials(), retryOf: retryData(failed), loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(dialledNow().map((b) => b.to)).toEqual([three[2].phone]);
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, false]);
		expect(output[0].skipReason).toMatch(/^Not dialled again: execution exec-\d+, which this execution retries, already placed this call\./);
	});

	test('the number edited too: the item the failed execution called is not dialled at its new number; the reason names the number it was called at', async () => {
		addOtherAgent();
		refusedThird();
		const withMobile = three.map((l) => ({ ...l, mobile: l.phone.replace('+1555999', '+1555888') }));
		const failed = await runChain({ items: withMobile, nodes: [makeCall()], credentials: credentials() });
		const retried = await runChain({ items: withMobile, nodes: [edited({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.mobile }}' })], credentials: credentials(), retryOf: retryData(failed), loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([...three.map((l) => l.phone), '+15558880002']);
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, false]);
		expect(output[0]).toMatchObject({ to: three[0].phone, skipped: true });
		expect(output[0].skipReason).toMatch(/already placed this call, to \+15559990000 \(this item's number is now \+15558880000\)\. To dial it anyway/);
	});

	test('an item whose call may have been placed under the earlier Agent: the Retry with the new Agent finds that call among the earlier agent’s calls', async () => {
		addOtherAgent();
		const held = holdRequest(sandbox(), clock(), callPath, three[2].phone);
		const first = runChain({ items: three, nodes: [makeCall()], credentials: credentials() });
		await held.reached();
		held.timeOut();
		const failed = await first;
		await held.letThrough(() => sandbox().calls.some((c) => c.to === three[2].phone));
		clock().advance(60_000);
		const retried = await runChain({ items: three, nodes: [edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT) })], credentials: credentials(), retryOf: retryData(failed), loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`)).toHaveLength(0);
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, true]);
		expect(output[2]).toMatchObject({ id: sandbox().calls.find((c) => c.to === three[2].phone)!.id });
	});

	test('an item n8n saved no call of: the Retry with the new Agent finds its call among the calls of the Agent the failed execution dialled with', async () => {
		addOtherAgent();
		refusedThird();
		const failed = await runChain({ items: three, nodes: [makeCall()], credentials: credentials() });
		const data = retryData(failed);
		// The record of item 1 lost (as when n8n could not save it): only Talkover's calls say it was placed.
		const context = data.executionData!.contextData['node:Make Call'] as { talkoverPlaced: Record<string, unknown> };
		for (const key of Object.keys(context.talkoverPlaced)) if (key.startsWith('0|1|')) delete context.talkoverPlaced[key];
		const retried = await runChain({ items: three, nodes: [edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT) })], credentials: credentials(), retryOf: data, loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body.to)).toEqual([three[2].phone]);
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, false]);
		expect(output[1]).toMatchObject({ id: sandbox().calls.find((c) => c.to === three[1].phone)!.id });
		expect(output[1].skipReason).toContain(`the agent ${SALES_AGENT}, which the executions this one retries dialled with,`);
	});

	test.each([
		['an hour later', 60 * 60_000, false],
		['2 days later', 2 * 24 * 60 * 60_000, false],
	])('n8n killed while the node placed its calls, the Agent changed, then Retry %s with the saved workflow: the leads the earlier Agent called are not dialled again', async (_, later, nothingKept) => {
		addOtherAgent();
		const startedAt = clock().now();
		await runChain({ items: three.slice(0, 2), nodes: [makeCall()], credentials: credentials() });
		clock().advance(later);
		const retryOf = crashedData({ items: three, startedAt, crashedNode: 'Make Call', nothingKept });
		const retried = await runChain({ items: three, nodes: [edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT) })], credentials: credentials(), retryOf, loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body.to)).toEqual([three[2].phone]);
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, false]);
		expect(output.slice(0, 2).map((o) => o.id)).toEqual(three.slice(0, 2).map((l) => sandbox().calls.find((c) => c.to === l.phone)!.id));
		expect(output[0].skipReason).toContain(`the agent ${SALES_AGENT}`);
		expect(output[0].skipReason).toMatch(/ \(n8n saved no record of which agents or campaigns the execution this one retries dialled with, the node may have been edited since: the whole account's calls to the number were read\.\)$/);
	});

	test('n8n killed while the node placed its calls, the Agent changed, a Retry that could not read the calls (Talkover down), then a Retry of that Retry: the leads the earlier Agent called are still not dialled again', async () => {
		addOtherAgent();
		const startedAt = clock().now();
		await runChain({ items: three.slice(0, 2), nodes: [makeCall()], credentials: credentials() });
		clock().advance(60 * 60_000);
		const crashed = crashedData({ items: three, startedAt, crashedNode: 'Make Call' });
		let down = true;
		sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 500, body: { success: false, message: 'Internal server error.' }, times: Infinity, when: () => down });
		const node = edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT), options: { maxRetries: 0 } });
		const failed = await runChain({ items: three, nodes: [node], credentials: credentials(), retryOf: crashed, loadWorkflow: true });
		expect(failed.data.resultData.error?.message).toMatch(/^The calls already made could not be read, so the node did not dial/);
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`)).toHaveLength(0);
		down = false;
		clock().advance(10 * 60_000);
		const retried = await runChain({ items: three, nodes: [node], credentials: credentials(), retryOf: retryData(failed), loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body.to)).toEqual([three[2].phone]);
		const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, true, false]);
	});

	test('n8n killed while the node placed its calls, the Agent changed, then Retry with Retry On Fail, its first try failing to read the calls: the next try reads the account’s calls too, and dials only the lead not called', async () => {
		addOtherAgent();
		const startedAt = clock().now();
		await runChain({ items: three.slice(0, 2), nodes: [makeCall()], credentials: credentials() });
		clock().advance(60 * 60_000);
		const crashed = crashedData({ items: three, startedAt, crashedNode: 'Make Call' });
		sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 500, body: { success: false, message: 'Internal server error.' }, times: 1 });
		const node = { ...edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT), options: { maxRetries: 0 } }), settings: retryOnFail(2) };
		const retried = await runChain({ items: three, nodes: [node], credentials: credentials(), retryOf: crashed, loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body.to)).toEqual([three[2].phone]);
	});

	test('n8n killed while the node placed its calls, the Agent changed, then Retry against a Talkover that ignores List Calls’ search: the account’s calls are read whole once, not once per lead', async () => {
		addOtherAgent();
		const startedAt = clock().now();
		await runChain({ items: three.slice(0, 2), nodes: [makeCall()], credentials: credentials() });
		clock().advance(60 * 60_000);
		// Every page of List Calls, whatever it is asked: the account's calls, another number's among them.
		const listed = [...sandbox().calls.filter((c) => three.some((l) => l.phone === c.to)), { id: 'elsewhere', to: '+15557770000', status: 'completed', direction: 'outbound', created_at: new Date(startedAt).toISOString() }];
		sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 200, body: { success: true, data: listed.map((c) => ({ ...c, agent: { id: c.agent_id ?? SALES_AGENT } })), pagination: { current_page: 1, per_page: 100, total: listed.length, last_page: 1 } }, times: Infinity });
		const retried = await runChain({ items: three, nodes: [edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT) })], credentials: credentials(), retryOf: crashedData({ items: three, startedAt, crashedNode: 'Make Call' }), loadWorkflow: true });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body.to)).toEqual([three[2].phone]);
		expect(sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query.search ?? 'whole')).toEqual([three[0].phone, 'whole']);
	});

	test('an intro call and a follow-up by another agent, n8n killed while the follow-up placed its calls, then Retry: the intro calls are not taken for the follow-up’s, whose leads not called yet are dialled once', async () => {
		addOtherAgent();
		const intro = { name: 'Intro', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', isTesting: false } };
		const followUp = { name: 'Follow-up', parameters: { resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT), to: '={{ $json.to }}', isTesting: false } };
		const startedAt = clock().now();
		// The crashed execution: the intro called the three leads, the follow-up the first before n8n was killed.
		await runChain({ items: three, nodes: [intro], credentials: credentials() });
		await runChain({ items: [{ to: three[0].phone }], nodes: [followUp], credentials: credentials() });
		clock().advance(60 * 60_000);
		const retried = await runChain({ items: three, nodes: [intro, followUp], credentials: credentials(), retryOf: crashedData({ items: three, startedAt, crashedNode: 'Follow-up' }) });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual(three.map((l) => l.phone));
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body.to)).toEqual([three[0].phone, three[1].phone, three[2].phone]);
		const output = retried.data.resultData.runData['Follow-up'].at(-1)!.data!.main[0]!.map((o) => o.json);
		expect(output.map((o) => o.alreadyPlaced ?? false)).toEqual([true, false, false]);
	});

	test('an error upstream of the node (it never ran), then Retry: the account’s calls are not read, and a lead another agent called days before is dialled', async () => {
		addOtherAgent();
		clock().advance(-3 * 24 * 60 * 60_000);
		await runChain({ items: three.slice(1, 2), nodes: [edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT) })], credentials: credentials() });
		clock().advance(3 * 24 * 60 * 60_000);
		// What n8n hands the Retry of an execution whose node before Make Call failed: its error task dropped, the Retry starting at it.
		const failed = crashedData({ items: three, startedAt: clock().now() - 60_000, crashedNode: 'Fetch', progressSaved: true });
		const retried = await runChain({ items: three, nodes: [makeCall()], credentials: credentials(), retryOf: failed });
		expect(retried.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', callPath).map((r) => r.body.to)).toEqual(three.map((l) => l.phone));
		expect(sandbox().requestsTo('GET', '/api/v1/calls')).toEqual([]);
	});

	test('Dial Again on Retried Executions: the new Agent dials every item', async () => {
		addOtherAgent();
		refusedThird();
		const failed = await runChain({ items: three, nodes: [makeCall()], credentials: credentials() });
		await runChain({ items: three, nodes: [edited({ resource: 'call', operation: 'make', agentId: byId(OTHER_AGENT), options: { dialAgainOnRetry: true } })], credentials: credentials(), retryOf: retryData(failed), loadWorkflow: true });
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${OTHER_AGENT}/call`).map((r) => r.body.to)).toEqual(three.map((l) => l.phone));
	});
});
