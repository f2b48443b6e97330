/**
 * Make and Wait for Outcome with a few calls (ten or fewer) of an agent and no end: each call's last status is
 * searched by its number among the agent's calls (List Calls with `agent_id`, `search`) since the day it was
 * placed (`date_from`, a day in Talkover's time zone, so the day before in UTC), or over all its days for a
 * call whose moment the execution a Retry continues did not keep; a search answer that does not add up, and
 * the searches left when the wait has to end before n8n ends it itself, say why the status was not read.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CHECK_AFTER_MS, CHECK_SPREAD_MS, FINISH_BUDGET_MS } from '../../../nodes/Talkover/wait/signals';
import { byId, SALES_AGENT, until } from '../../helpers/fixtures';
import { retryData, useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

const leads = (...numbers: string[]) => numbers.map((to) => ({ to }));
const callOf = (to: string) => sandbox().calls.find((c) => c.to === to)!;
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject }>;
const searches = () => sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query);

/** The failed execution's data as n8n's Retry hands it over (its failed run dropped). */
test('a call still open at the Wait Limit is searched by its number among its agent’s calls since the day before it was placed (Talkover’s day may be behind UTC)', async () => {
	const execution = await n8n.run(leads('+15550044001'), parameters({ waitLimit: 1 }));
	callOf('+15550044001').status = 'ringing';
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect(output(execution).map(({ json }) => [json.outcome, json.timedOut, json.status, json.statusError])).toEqual([['timedOut', true, 'ringing', undefined]]);
	expect(searches()).toEqual([{ agent_id: SALES_AGENT, search: '+15550044001', date_from: '2026-01-14', page: '1', per_page: '100' }]);
});

test('a call Talkover accepted without created_at (openapi.json does not require it) is searched since the day before the node had it accepted', async () => {
	sandbox().inject({ method: 'POST', path: CALL, times: 1, reply: () => ({ status: 200, body: { success: true, data: { id: 'call-without-created-at', to: '+15550044501', status: 'initiated' } } }) });
	const execution = await n8n.run(leads('+15550044501'), parameters({ waitLimit: 1 }));
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect(searches()).toEqual([{ agent_id: SALES_AGENT, search: '+15550044501', date_from: '2026-01-14', page: '1', per_page: '100' }]);
	expect(output(execution).map(({ json }) => [json.id, json.outcome, json.timedOut, json.statusError])).toEqual([['call-without-created-at', 'timedOut', true, 'Talkover does not list the call call-without-created-at']]);
});

test('a listed call without an ID (openapi.json’s Call requires none) is passed over: the call is found beside it', async () => {
	const execution = await n8n.run(leads('+15550044401'), parameters({ waitLimit: 1 }));
	const call = callOf('+15550044401');
	call.status = 'ringing';
	const entries = [
		{ to: '+15550044401', from: '+15550000000', status: 'completed', created_at: '2026-01-15T09:00:00Z' },
		{ id: call.id, to: call.to, from: '+15550000000', status: 'ringing', created_at: call.created_at },
	];
	sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 200, body: { success: true, data: entries, pagination: { current_page: 1, per_page: 100, total: 2, last_page: 1 } }, times: 1 });
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect(output(execution).map(({ json }) => [json.outcome, json.timedOut, json.status, json.statusError])).toEqual([['timedOut', true, 'ringing', undefined]]);
});

test('a search answer that does not add up (a full page of other calls without page information) says so for the call: not that Talkover does not list it', async () => {
	const execution = await n8n.run(leads('+15550044101'), parameters({ waitLimit: 1 }));
	const others = Array.from({ length: 100 }, (_, i) => ({ id: `0ther000-0000-4000-8000-${String(i).padStart(12, '0')}`, to: '+15550044101', from: '+15550000000', status: 'completed', created_at: '2026-01-15T09:00:00Z' }));
	sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 200, body: { success: true, data: others }, times: 1 });
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect(output(execution).map(({ json }) => [json.outcome, json.timedOut, json.status, json.statusError])).toEqual([
		['timedOut', true, 'initiated', expect.stringContaining('a full page came without page information')],
	]);
	expect(searches()).toHaveLength(1);
});

test('searches that take the wait to its finishing budget (4 minutes) stop there: the calls not searched come out saying the wait had to end before n8n ends it itself', async () => {
	const numbers = ['+15550044201', '+15550044202', '+15550044203'];
	const execution = await n8n.run(leads(...numbers), parameters({ waitLimit: 1 }));
	for (const to of numbers) callOf(to).status = 'ringing';
	// The first search answers when the reads have taken just over the budget.
	sandbox().inject({ method: 'GET', path: '/api/v1/calls', times: 1, before: async () => void (clock().time += FINISH_BUDGET_MS + 1) });
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	const notRead = 'not read: the wait had to end before n8n ends it itself';
	expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.statusError])).toEqual([
		[numbers[0], 'timedOut', true, 'ringing', undefined],
		[numbers[1], 'timedOut', true, 'initiated', notRead],
		[numbers[2], 'timedOut', true, 'initiated', notRead],
	]);
	expect(searches().map((q) => q.search)).toEqual([numbers[0]]);
});

test('n8n’s Retry of an execution whose record of the call it placed keeps no moment (an older version’s) and whose call Talkover answered without created_at: the call is searched over all its days, and its listed end is its outcome', async () => {
	const [earlier, failing] = ['+15550044301', '+15550044302'];
	sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === failing });
	const failed = await n8n.run(leads(earlier, failing), parameters());
	expect(failed.status).toBe('error');
	const data = retryData(failed);
	// What an older version kept of the call it placed: the call as Talkover answered it, without a moment.
	const kept = Object.values(data.executionData!.contextData).flatMap((context) => Object.values(((context as IDataObject).talkoverPlaced ?? {}) as Record<string, IDataObject>));
	expect(kept).toHaveLength(1);
	for (const record of kept) {
		delete record.at;
		delete (record.call as IDataObject).created_at;
	}
	callOf(earlier).status = 'completed';
	const retried = await n8n.run(leads(earlier, failing), parameters(), undefined, undefined, data);
	expect(retried.status).toBe('waiting');
	expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual([earlier, failing, failing]);
	// Shortly after the wait began, the node reads the earlier call's listed status.
	clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
	await until(() => n8n.requests.some((r) => r.path.includes(`/${retried.id}/`)));
	expect(searches()).toEqual([{ agent_id: SALES_AGENT, search: earlier, page: '1', per_page: '100' }]);
	expect(retried.status).toBe('waiting');
	await sandbox().endCallWithEvent(String(callOf(failing).id));
	await n8n.ended(retried);
	expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.endedAsListed, json.timedOut])).toEqual([
		[earlier, true, 'answered', true, false],
		[failing, undefined, 'answered', undefined, false],
	]);
});
