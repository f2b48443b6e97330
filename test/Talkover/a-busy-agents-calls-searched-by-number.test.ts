/**
 * Skip Numbers Called Within on a busy agent (engine/recentCalls.ts): when the first page of the agent's calls
 * says the rest would take more requests than a search per number, that page and every page of a search for
 * each number are read instead; a server that ignores the search (it lists every call) is read once. The
 * router on a context whose HTTP answers are scripted (test/helpers/routerHarness.ts); through n8n's engine
 * against the sandbox: test/Talkover/skip-numbers-called-within/horizons.test.ts and reading-calls.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { START } from '../helpers/clock';
import { AGENT, run, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

const A = '+15550000001';
const B = '+15550000002';
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
/** A call of the agent; `n` makes its ID and (for the fillers) its number. */
const call = (n: number, fields: IDataObject = {}) => ({ id: `call-${n}`, to: `+1555900${String(n).padStart(4, '0')}`, status: 'completed', created_at: iso(START - 20 * MIN), ...fields });
const fillers = (from: number, count: number) => Array.from({ length: count }, (_, i) => call(from + i));
const page = (data: unknown[], current: number, last: number, total: number) => ({ body: { success: true, data, pagination: { current_page: current, last_page: last, per_page: 100, total } } });
const placed = (to: string) => ({ body: { success: true, data: { id: `new-${to}`, to, status: 'initiated' } } });
const makeCall = (numbers: string[]) => ({
	resource: 'call',
	operation: 'make',
	agents: numbers.map(() => AGENT(1)),
	parameters: (i: number) => ({ to: numbers[i], isTesting: false, additionalFields: {} }),
	options: { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60 },
});
const LIST = { direction: 'outbound', date_from: '2026-01-14', per_page: 100 };
const reads = (requests: Array<{ method?: string; qs?: IDataObject }>) => requests.filter((r) => r.method === 'GET').map((r) => r.qs);
const outcome = (output: Array<{ json: IDataObject }> | undefined) => output!.map((o) => (o.json.skipped === true ? `skipped (${String(o.json.id)})` : `dialled (${String(o.json.id)})`));

describe('a busy agent: the first page, then a search for each number', () => {
	test('one number, 5 pages of calls: the first page and a search for the number (E.164, as written); the call the search finds skips the item', async () => {
		const { requests, output } = await run({ ...makeCall([A]), answers: [page(fillers(0, 100), 1, 5, 450), page([call(900, { to: A })], 1, 1, 1)] });
		expect(reads(requests)).toEqual([{ ...LIST, page: 1 }, { ...LIST, search: A, page: 1 }]);
		expect(outcome(output)).toEqual(['skipped (call-900)']);
	});

	test('one number, 2 pages: reading the second page costs no more than a search, so it is read and nothing is searched', async () => {
		const { requests, output } = await run({ ...makeCall([A]), answers: [page(fillers(0, 100), 1, 2, 101), page([call(900, { to: A })], 2, 2, 101)] });
		expect(reads(requests)).toEqual([{ ...LIST, page: 1 }, { ...LIST, page: 2 }]);
		expect(outcome(output)).toEqual(['skipped (call-900)']);
	});

	test('a list that grows while it is read (2 pages, then 3) is read to its end, not searched halfway', async () => {
		const { requests, output } = await run({ ...makeCall([A]), answers: [page(fillers(0, 100), 1, 2, 200), page(fillers(100, 100), 2, 3, 201), page([call(900, { to: A })], 3, 3, 201)] });
		expect(reads(requests)).toEqual([1, 2, 3].map((n) => ({ ...LIST, page: n })));
		expect(outcome(output)).toEqual(['skipped (call-900)']);
	});

	test('a search of 2 pages is read to its end: the number’s call on its second page skips the item', async () => {
		const older = Array.from({ length: 100 }, (_, i) => call(1000 + i, { to: A, created_at: iso(START - 300 * MIN) }));
		const { requests, output } = await run({ ...makeCall([A]), answers: [page(fillers(0, 100), 1, 5, 450), page(older, 1, 2, 101), page([call(900, { to: A })], 2, 2, 101)] });
		expect(reads(requests)).toEqual([{ ...LIST, page: 1 }, { ...LIST, search: A, page: 1 }, { ...LIST, search: A, page: 2 }]);
		expect(outcome(output)).toEqual(['skipped (call-900)']);
	});

	test('a search answered without page information (a short page) is read as it is', async () => {
		const { requests, output } = await run({ ...makeCall([A]), answers: [page(fillers(0, 100), 1, 5, 450), { body: { success: true, data: [call(900, { to: A })] } }] });
		expect(reads(requests)).toEqual([{ ...LIST, page: 1 }, { ...LIST, search: A, page: 1 }]);
		expect(outcome(output)).toEqual(['skipped (call-900)']);
	});

	test('two numbers: a search for each; the number with a call is skipped, the other dialled', async () => {
		const { requests, output, sent } = await run({ ...makeCall([A, B]), answers: [page(fillers(0, 100), 1, 5, 450), page([call(900, { to: A })], 1, 1, 1), page([], 1, 1, 0), placed(B)] });
		expect(reads(requests)).toEqual([{ ...LIST, page: 1 }, { ...LIST, search: A, page: 1 }, { ...LIST, search: B, page: 1 }]);
		expect(sent.filter((s) => s.startsWith('POST'))).toEqual([`POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`]);
		expect(outcome(output)).toEqual(['skipped (call-900)', `dialled (new-${B})`]);
	});

	test('the run’s items for another agent do not count: one number of this agent and 3 pages of calls, so the first page and a search for the number', async () => {
		const { requests, sent, output } = await run({ ...makeCall([A, B]), agents: [AGENT(1), AGENT(2)], answers: [page(fillers(0, 100), 1, 3, 250), page([call(900, { to: A })], 1, 1, 1), page([], 1, 1, 0), placed(B)] });
		const agentCalls = (n: number) => `GET http://talkover.test/api/v1/agents/${AGENT(n)}/calls`;
		expect(sent.filter((s) => s.startsWith('GET'))).toEqual([agentCalls(1), agentCalls(1), agentCalls(2)]);
		expect(reads(requests)).toEqual([{ ...LIST, page: 1 }, { ...LIST, search: A, page: 1 }, { ...LIST, page: 1 }]);
		expect(outcome(output)).toEqual(['skipped (call-900)', `dialled (new-${B})`]);
	});

	test('a server that ignores the search lists every call for the first number: the other numbers are found in it, without a search of their own', async () => {
		const all = [...fillers(0, 100), ...fillers(100, 100), ...fillers(200, 100), ...fillers(300, 49), call(900, { to: B })];
		const pages = [0, 1, 2, 3].map((n) => page(all.slice(n * 100, n * 100 + 100), n + 1, 4, 350));
		const { requests, output } = await run({ ...makeCall([A, B]), answers: [pages[0], ...pages, placed(A)] });
		expect(reads(requests)).toEqual([{ ...LIST, page: 1 }, ...[1, 2, 3, 4].map((n) => ({ ...LIST, search: A, page: n }))]);
		expect(outcome(output)).toEqual([`dialled (new-${A})`, 'skipped (call-900)']);
	});
});
