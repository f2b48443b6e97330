/**
 * Make and Wait for Outcome with more than ten calls of an agent and no end by the Wait Limit: their last
 * statuses come from the agent's calls since the day the first was placed (Get Agent Calls, `date_from`, oldest
 * first), read page by page while the rest of that list takes no more requests than a search per call left
 * (List Calls by number), and no further than the page where the last of them is found; ten calls or fewer
 * are searched one by one. The reads stop when the wait has to end before n8n ends it itself (4 minutes).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CHECK_AFTER_MS, CHECK_SPREAD_MS, FINISH_BUDGET_MS } from '../../../nodes/Talkover/wait/signals';
import { byId, SALES_AGENT, until } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const AGENT_CALLS = `/api/v1/agents/${SALES_AGENT}/calls`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, waitLimit: 1, ...extra };
}

const numbersFrom = (first: number, n: number) => Array.from({ length: n }, (_, i) => `+1555${first + i}`);
const leads = (numbers: string[]) => numbers.map((to) => ({ to }));
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject }>;
const listPages = () => sandbox().requestsTo('GET', AGENT_CALLS).map((r) => r.query.page);
const searched = () => sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query.search);

/** The agent's calls Talkover lists since 2026-01-14 (the seeded ones it has now): the list's first entries. */
const listedNow = () => sandbox().calls.filter((c) => c.agent_id === SALES_AGENT && String(c.created_at ?? c.started_at ?? '') >= '2026-01-14').length;

/** `n` other calls of the agent on the wait's day, listed after the ones there now (oldest first). */
function otherCalls(n: number, from: string, hour: string) {
	for (let i = 0; i < n; i++) {
		const at = `2026-01-15T${hour}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
		sandbox().calls.push({ id: `${from}-0000-4000-8000-${String(i).padStart(12, '0')}`, agent_id: SALES_AGENT, to: '+15559990000', status: 'completed', direction: 'outbound', created_at: at, started_at: at, duration_seconds: 10 });
	}
}

async function atTheLimit(execution: SavedExecution) {
	clock().advance(60_000);
	await until(() => execution.status === 'success');
}

test('ten calls open at the limit are searched one by one; an eleventh makes the node read the agent’s calls instead', async () => {
	const ten = numbersFrom(50045000, 10);
	const execution = await n8n.run(leads(ten), parameters());
	await atTheLimit(execution);
	expect([listPages(), searched()]).toEqual([[], ten]);
	expect(output(execution).map(({ json }) => [json.outcome, json.status])).toEqual(ten.map(() => ['timedOut', 'initiated']));
	sandbox().requests.length = 0;
	const eleven = numbersFrom(50045100, 11);
	const next = await n8n.run(leads(eleven), parameters());
	await atTheLimit(next);
	expect([listPages(), searched()]).toEqual([['1'], []]);
	expect(output(next).map(({ json }) => [json.outcome, json.status])).toEqual(eleven.map(() => ['timedOut', 'initiated']));
});

test('the agent’s calls, once their first page shows the rest takes fewer requests than a search per call, are read on up to the page where the last is found, not to the end (other calls follow them)', async () => {
	// 100 + 89 entries before the wait's 12 calls: 11 of them on the second page, the last on the third; 150 after them (4 pages).
	otherCalls(189 - listedNow(), 'e0e0e0e0', '06');
	const numbers = numbersFrom(50045200, 12);
	const execution = await n8n.run(leads(numbers), parameters());
	otherCalls(150, 'f0f0f0f0', '12');
	for (const to of numbers) sandbox().calls.find((c) => c.to === to)!.status = 'ringing';
	await atTheLimit(execution);
	// After the first page, 3 pages left for 12 calls: the list is read on (the choice is made there, once), to the third page.
	expect([listPages(), searched()]).toEqual([['1', '2', '3'], []]);
	expect(output(execution).map(({ json }) => [json.outcome, json.status, json.statusError])).toEqual(numbers.map(() => ['timedOut', 'ringing', undefined]));
});

test('a list whose rest takes as many requests as a search per call is read to its end (a search may take more than one page)', async () => {
	// 1,139 entries before the wait's 11 calls: 1,150 in all, 12 pages; after the first, 11 pages left for 11 calls.
	otherCalls(1139 - listedNow(), 'e1e1e1e1', '05');
	const numbers = numbersFrom(50045300, 11);
	const execution = await n8n.run(leads(numbers), parameters());
	await atTheLimit(execution);
	expect([listPages(), searched()]).toEqual([['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'], []]);
	expect(output(execution).map(({ json }) => [json.outcome, json.status, json.statusError])).toEqual(numbers.map(() => ['timedOut', 'initiated', undefined]));
});

test('a first page of the agent’s calls that takes the wait past its finishing budget ends the reads: no other page, no search; each call says why it was not read', async () => {
	otherCalls(150, 'e2e2e2e2', '07');
	const numbers = numbersFrom(50045400, 11);
	const execution = await n8n.run(leads(numbers), parameters());
	sandbox().inject({ method: 'GET', path: AGENT_CALLS, times: 1, before: async () => void (clock().time += FINISH_BUDGET_MS + 1) });
	await atTheLimit(execution);
	expect([listPages(), searched()]).toEqual([['1'], []]);
	expect(output(execution).map(({ json }) => [json.outcome, json.status, json.statusError])).toEqual(numbers.map(() => ['timedOut', 'initiated', 'not read: the wait had to end before n8n ends it itself']));
});

test('a search that ends exactly at the finishing budget leaves the wait time for the next call’s search', async () => {
	const numbers = numbersFrom(50045500, 2);
	const execution = await n8n.run(leads(numbers), parameters());
	sandbox().inject({ method: 'GET', path: '/api/v1/calls', times: 1, before: async () => void (clock().time += FINISH_BUDGET_MS) });
	await atTheLimit(execution);
	expect(searched()).toEqual(numbers);
	expect(output(execution).map(({ json }) => [json.outcome, json.status, json.statusError])).toEqual(numbers.map(() => ['timedOut', 'initiated', undefined]));
});

test('calls placed on both sides of the hour that changes the list’s first day (14:00 UTC, a day 14 hours behind): the agent’s calls are read from the first call’s day', async () => {
	clock().time = Date.UTC(2026, 0, 15, 13, 59, 59);
	const numbers = numbersFrom(50045600, 11);
	// The last call is placed a second later: 14:00:00 UTC.
	sandbox().inject({ method: 'POST', path: CALL, times: 1, when: (r) => r.body.to === numbers[10], before: async () => void (clock().time += 1000) });
	const execution = await n8n.run(leads(numbers), parameters());
	expect(sandbox().calls.filter((c) => numbers.includes(String(c.to))).map((c) => c.created_at)).toEqual([...numbers.slice(1).map(() => '2026-01-15T13:59:59Z'), '2026-01-15T14:00:00Z']);
	await atTheLimit(execution);
	expect(sandbox().requestsTo('GET', AGENT_CALLS).map((r) => r.query)).toEqual([{ date_from: '2026-01-14', page: '1', per_page: '100' }]);
});

test('n8n’s Retry of a run that placed eleven calls, one of them kept without a moment (an older version’s record, Talkover’s answer without created_at): no day to read the agent’s calls from, so each call is searched, that one over all its days', async () => {
	const numbers = numbersFrom(50045700, 11);
	const failing = '+15550045799';
	sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === failing });
	const failed = await n8n.run(leads([...numbers, failing]), parameters());
	expect(failed.status).toBe('error');
	const data = JSON.parse(JSON.stringify(failed.data)) as SavedExecution['data'];
	delete data.resultData.error;
	if (data.resultData.runData.Talkover?.at(-1)?.error !== undefined) data.resultData.runData.Talkover.pop();
	const kept = Object.values(data.executionData!.contextData).flatMap((context) => Object.values(((context as IDataObject).talkoverPlaced ?? {}) as Record<string, IDataObject>));
	const old = kept.find((record) => (record.call as IDataObject).to === numbers[0])!;
	delete old.at;
	delete (old.call as IDataObject).created_at;
	const retried = await n8n.run(leads([...numbers, failing]), parameters({ waitLimit: 30 }), undefined, undefined, data);
	expect(retried.status).toBe('waiting');
	sandbox().requests.length = 0;
	// Shortly after the wait began, the node reads the earlier calls' listed statuses.
	clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
	await until(() => n8n.requests.some((r) => r.path.includes(`/${retried.id}/`)));
	expect(listPages()).toEqual([]);
	expect(sandbox().requestsTo('GET', '/api/v1/calls').map((r) => [r.query.search, r.query.date_from])).toEqual(numbers.map((to, i) => [to, i === 0 ? undefined : '2026-01-14']));
	expect(retried.status).toBe('waiting');
});
