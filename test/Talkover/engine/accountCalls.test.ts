/**
 * The account's calls to a number, as a retried execution reads them when n8n saved nothing of the node's
 * earlier runs (nodes/Talkover/actions/engine/accountCalls.ts): every agent's calls (List Calls, searched for the
 * number, every page) and every campaign's calls (List Campaigns, every page, then each campaign's Get), on
 * Talkover's answers scripted here.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { AccountCalls, upstreamScopes } from '../../../nodes/Talkover/actions/engine/accountCalls';
import { START, useTestClock } from '../../helpers/clock';
import { NODE } from '../../helpers/context';

useTestClock();

const TO = '+15550000001';
const OTHER = '+15550000002';
const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const SETTINGS = { itemIndex: 2, maxRetries: 0 };

/** A call as List Calls or a campaign's Get lists it. */
const call = (id: string, fields: IDataObject = {}): IDataObject => ({ id, to: TO, status: 'completed', created_at: iso(START - HOUR), ...fields });
const page = (data: unknown[], paging: IDataObject | null = { current_page: 1, last_page: 1, per_page: 100, total: data.length }) => ({ success: true, data, ...(paging ? { pagination: paging } : {}) });

type Answer = { statusCode?: number; body: unknown };
/** Talkover's answers by path (a list of answers: one per page, in order), and the requests made. */
function talkover(answers: Record<string, Answer[] | Answer>) {
	const asked: Array<{ path: string; qs: IDataObject }> = [];
	const given = new Map<string, number>();
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiToken: 'talq_secret', baseUrl: 'http://talkover.test' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const path = String(request.url).replace(/^https?:\/\/[^/]+\/api\/v1/, '');
				asked.push({ path, qs: { ...(request.qs as IDataObject) } });
				const list = answers[path] ?? (path.startsWith('/campaigns/') ? { body: { success: true, data: { calls: [] } } } : { body: page([]) });
				const n = given.get(path) ?? 0;
				given.set(path, n + 1);
				const answer = Array.isArray(list) ? list[Math.min(n, list.length - 1)] : list;
				return { statusCode: answer.statusCode ?? 200, headers: {}, body: answer.body };
			},
		},
	};
	return { ctx: ctx as never, asked, paths: () => asked.map((a) => `${a.path}${a.qs.page === undefined ? '' : `?page=${a.qs.page}`}`) };
}
const short = (calls: Awaited<ReturnType<AccountCalls['of']>>) => calls.map((c) => ({ id: c.entry.call.id, where: c.where, ...(c.placedBy ? { placedBy: c.placedBy } : {}) }));

describe('the account’s calls to a number', () => {
	test('every agent’s outbound calls to the number, every page, searched for it from the day of the chain’s start (a day and 16 hours margin before)', async () => {
		const full = Array.from({ length: 100 }, (_, i) => call(`c${i}`));
		const run = talkover({
			'/calls': [{ body: page(full, { current_page: 1, last_page: 2, per_page: 100, total: 101 }) }, { body: page([call('c100')], { current_page: 2, last_page: 2, per_page: 100, total: 101 }) }],
		});
		const calls = await new AccountCalls(run.ctx).of(TO, START, SETTINGS);
		expect(calls).toHaveLength(101);
		expect(run.asked[0]).toEqual({ path: '/calls', qs: { direction: 'outbound', date_from: '2026-01-14', search: TO, per_page: 100, page: 1 } });
		expect(run.paths()).toEqual(['/calls?page=1', '/calls?page=2', '/campaigns?page=1']);
	});

	test('a Talkover that ignored the search: only this number’s outbound calls count (a direction in any case, or none)', async () => {
		const run = talkover({
			'/calls': {
				body: page([call('mine'), call('other', { to: OTHER }), call('in', { direction: 'inbound' }), call('out', { direction: 'Outbound' }), call('IN', { direction: 'INBOUND' })]),
			},
		});
		expect(short(await new AccountCalls(run.ctx).of(TO, START, SETTINGS)).map((c) => c.id)).toEqual(['mine', 'out']);
	});

	test('a call names the agent that placed it, or the account when it names none', async () => {
		const run = talkover({ '/calls': { body: page([call('a', { agent: { id: 'agent-7' } }), call('b')]) } });
		expect(short(await new AccountCalls(run.ctx).of(TO, START, SETTINGS))).toEqual([
			{ id: 'a', where: 'the agent agent-7', placedBy: { scope: 'agent', id: 'agent-7' } },
			{ id: 'b', where: 'the account' },
		]);
	});

	test('every campaign’s calls to the number, each campaign read by its ID (a number or a text), its leads queued there too', async () => {
		const run = talkover({
			'/campaigns': { body: page([{ id: 12 }, { id: 'camp-b' }, { name: 'no ID' }, { id: { nested: true } }]) },
			'/campaigns/12': { body: { success: true, data: { id: 12, calls: [call('q1', { status: 'queued' }), call('x', { to: OTHER })] } } },
			'/campaigns/camp-b': { body: { success: true, data: { id: 'camp-b', calls: [call('q2')] } } },
		});
		expect(short(await new AccountCalls(run.ctx).of(TO, START, SETTINGS))).toEqual([
			{ id: 'q1', where: 'the campaign 12', placedBy: { scope: 'campaign', id: '12' } },
			{ id: 'q2', where: 'the campaign camp-b', placedBy: { scope: 'campaign', id: 'camp-b' } },
		]);
		expect(run.paths()).toEqual(['/calls?page=1', '/campaigns?page=1', '/campaigns/12', '/campaigns/camp-b']);
	});

	test('a campaign deleted between the list and its read, or one that lists no calls (its agent’s are among List Calls), gives none', async () => {
		const run = talkover({
			'/campaigns': { body: page([{ id: 'gone' }, { id: 'agent-only' }, { id: 'c' }]) },
			'/campaigns/gone': { statusCode: 404, body: { success: false, message: 'Campaign not found' } },
			'/campaigns/agent-only': { body: { success: true, data: { id: 'agent-only', agent_id: 'agent-1' } } },
			'/campaigns/c': { body: { success: true, data: { id: 'c', calls: [call('q')] } } },
		});
		expect(short(await new AccountCalls(run.ctx).of(TO, START, SETTINGS)).map((c) => c.id)).toEqual(['q']);
	});

	test('every page of the campaigns is read', async () => {
		const full = Array.from({ length: 100 }, (_, i) => ({ id: `k${i}` }));
		const run = talkover({
			'/campaigns': [{ body: page(full, { current_page: 1, last_page: 2, per_page: 100, total: 101 }) }, { body: page([{ id: 'last' }], { current_page: 2, last_page: 2, per_page: 100, total: 101 }) }],
			'/campaigns/last': { body: { success: true, data: { id: 'last', calls: [call('q')] } } },
		});
		expect(short(await new AccountCalls(run.ctx).of(TO, START, SETTINGS)).map((c) => c.id)).toEqual(['q']);
	});

	test('a call list that cannot be read is an error of the item, naming the read', async () => {
		const run = talkover({ '/calls': { body: page([{ id: 'no-number', created_at: iso(START) }]) } });
		const error = (await new AccountCalls(run.ctx).of(TO, START, SETTINGS).catch((e: unknown) => e)) as { message: string; context: IDataObject };
		expect(error.message).toContain('a call has no number');
		expect(error.context.itemIndex).toBe(2);
		expect(JSON.stringify(error)).toContain('GET');
	});

	test('a Talkover that lists another number’s call for a search: the account’s calls read whole once for every number of the run, the campaigns once', async () => {
		const run = talkover({
			'/calls': { body: page([call('a'), call('b', { to: OTHER })]) },
			'/campaigns': { body: page([{ id: 'c' }]) },
			'/campaigns/c': { body: { success: true, data: { id: 'c', calls: [call('q1'), call('q2', { to: OTHER })] } } },
		});
		const account = new AccountCalls(run.ctx);
		expect(short(await account.of(TO, START, SETTINGS)).map((c) => c.id)).toEqual(['a', 'q1']);
		expect(short(await account.of('+1 555 000 0001', START, SETTINGS)).map((c) => c.id)).toEqual(['a', 'q1']);
		expect(short(await account.of(OTHER, START, SETTINGS)).map((c) => c.id)).toEqual(['b', 'q2']);
		expect(run.asked.filter((a) => a.path === '/calls').map((a) => a.qs.search ?? 'whole')).toEqual([TO, 'whole']);
		expect(run.paths()).toEqual(['/calls?page=1', '/calls?page=1', '/campaigns?page=1', '/campaigns/c']);
	});
	test.each([
		['List Calls', { '/calls': { body: page(Array.from({ length: 100 }, (_, i) => call(`c${i}`)), null) } }],
		['List Campaigns', { '/campaigns': { body: page(Array.from({ length: 100 }, (_, i) => ({ id: `k${i}` })), null) } }],
	])('a full page of %s without page information is an error, never taken as every call', async (_list, answers) => {
		const run = talkover(answers);
		await expect(new AccountCalls(run.ctx).of(TO, START, SETTINGS)).rejects.toThrow('a full page came without page information');
	});
	test('a number’s calls are read once in a run, however the number is written', async () => {
		const run = talkover({ '/calls': { body: page([call('a')]) } });
		const account = new AccountCalls(run.ctx);
		await account.of(TO, START, SETTINGS);
		expect(short(await account.of('+1 (555) 000-0001', START, SETTINGS)).map((c) => c.id)).toEqual(['a']);
		expect(run.paths()).toEqual(['/calls?page=1', '/campaigns?page=1']);
	});
});

describe('the agents and campaigns the Talkover nodes upstream dial', () => {
	const TYPE = NODE.type;
	const parentsOf = (parents: unknown[] | Error | undefined) => {
		const asked: unknown[][] = [];
		const ctx = {
			getNode: () => NODE,
			...(parents === undefined
				? {}
				: {
						getParentNodes: (...args: unknown[]) => {
							asked.push(args);
							if (parents instanceof Error) throw parents;
							// Parameters only when asked for them, as n8n gives them.
							const wanted = (args[1] as { includeNodeParameters?: boolean } | undefined)?.includeNodeParameters === true;
							return (parents as Array<{ parameters?: unknown }>).map(({ parameters, ...parent }) => (wanted && parameters !== undefined ? { ...parent, parameters } : parent));
						},
					}),
		};
		return { scopes: upstreamScopes(ctx as never), asked };
	};

	test('their Agent or campaign as set (an ID, or one picked from a list), trimmed, in lower case; an expression, a blank, another node type, the node itself left out', () => {
		const { scopes, asked } = parentsOf([
			{ name: 'Intro', type: TYPE, parameters: { agentId: 'Agent-A' } },
			{ name: 'Queue', type: TYPE, parameters: { campaignId: { __rl: true, mode: 'list', value: ' Camp-B ' } } },
			{ name: 'Both', type: TYPE, parameters: { agentId: { mode: 'id', value: 'agent-c' }, campaignId: 'camp-d' } },
			{ name: 'Expression', type: TYPE, parameters: { agentId: '={{ $json.agent }}', campaignId: { mode: 'id', value: '={{ $json.campaign }}' } } },
			{ name: 'Blank', type: TYPE, parameters: { agentId: '  ', campaignId: '' } },
			{ name: 'Odd values', type: TYPE, parameters: { agentId: null, campaignId: 7 } },
			{ name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', parameters: { agentId: 'agent-x' } },
			{ name: NODE.name, type: TYPE, parameters: { agentId: 'agent-self' } },
			{ name: 'No parameters', type: TYPE },
		]);
		expect([...scopes].sort()).toEqual(['agent:agent-a', 'agent:agent-c', 'campaign:camp-b', 'campaign:camp-d']);
		expect(asked).toEqual([[NODE.name, { includeNodeParameters: true }]]);
	});

	test('an n8n that gives no parent nodes, or fails to: none', () => {
		expect(parentsOf(undefined).scopes.size).toBe(0);
		expect(parentsOf(new Error('no workflow')).scopes.size).toBe(0);
		expect(parentsOf([]).scopes.size).toBe(0);
	});
});
