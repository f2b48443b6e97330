/**
 * How often one run reads an agent's (campaign's) calls (nodes/Talkover/actions/engine/scopeReads.ts): once for the
 * run, then, for an item checked more than a minute later or after another run dialled its number, only that
 * number's calls (a search), each search kept for its minute; the whole scope again when Talkover ignores the search.
 * The reads themselves (recentCalls.ts) are stood in for here: what is asked, and when.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { ItemGuard } from '../../../nodes/Talkover/actions/engine/itemGuard';
import type { DialTarget, Recent } from '../../../nodes/Talkover/actions/engine/recentCalls';
import { readNumberRecent, readRecent } from '../../../nodes/Talkover/actions/engine/recentCalls';
import { ScopeReads } from '../../../nodes/Talkover/actions/engine/scopeReads';
import { takeTurn, turnKey } from '../../../nodes/Talkover/actions/engine/numberTurns';
import { START, useTestClock } from '../../helpers/clock';

jest.mock('../../../nodes/Talkover/actions/engine/recentCalls', () => ({
	...jest.requireActual('../../../nodes/Talkover/actions/engine/recentCalls'),
	readRecent: jest.fn(),
	readNumberRecent: jest.fn(),
}));

const clock = useTestClock();

const TALKOVER = 'https://app.talkover.ai';
const X = '+15550000001';
const Y = '+15550000002';
const Z = '+15550000003';
const ctx = {} as IExecuteFunctions;
const whole = jest.mocked(readRecent);
const search = jest.mocked(readNumberRecent);
const NONE: Recent = { calls: [] };

/** The reads asked for, in order: `whole agent:a1 [numbers]` or `search agent:a1 number`. */
const asked = () =>
	[...whole.mock.invocationCallOrder.map((order, n) => [order, `whole ${whole.mock.calls[n]![1].scope}:${whole.mock.calls[n]![1].id} ${whole.mock.calls[n]![3].join(' ')}`] as const), ...search.mock.invocationCallOrder.map((order, n) => [order, `search ${search.mock.calls[n]![1].scope}:${search.mock.calls[n]![1].id} ${search.mock.calls[n]![1].to}`] as const)]
		.sort((a, b) => a[0] - b[0])
		.map(([, read]) => read);

const agent = (to: string, id = 'a1'): DialTarget => ({ scope: 'agent', id, to });
const item = (target: DialTarget | undefined, windowMinutes = 60): ItemGuard => ({ target, windowMinutes, dialAgainOnRetry: false, maxRetries: 0 });

beforeEach(() => {
	whole.mockReset().mockResolvedValue(NONE);
	search.mockReset().mockResolvedValue(NONE);
});

test('a scope’s calls are read once for the items checked within a minute of the read, for every number of its items', async () => {
	const reads = new ScopeReads(ctx, [item(agent(X)), item(agent(Y)), item(agent(X, 'a2'))], undefined, TALKOVER);
	await reads.recentOf(agent(X), 0);
	clock().advance(60_000);
	await reads.recentOf(agent(Y), 1);
	expect(asked()).toEqual([`whole agent:a1 ${X} ${Y}`]);
	expect(whole.mock.calls[0]![2]).toBe(60 * 60_000);
});

test('an item checked more than a minute after the read: only its number is searched, and that search stands for its minute, for that number only', async () => {
	const reads = new ScopeReads(ctx, [item(agent(X)), item(agent(Y)), item(agent(X)), item(agent(Y))], undefined, TALKOVER);
	await reads.recentOf(agent(X), 0);
	clock().advance(61_000);
	await reads.recentOf(agent(X), 0);
	await reads.recentOf(agent(Y), 1);
	clock().advance(60_000);
	await reads.recentOf(agent(X), 2);
	clock().advance(1);
	await reads.recentOf(agent(X), 2);
	expect(asked()).toEqual([`whole agent:a1 ${X} ${Y}`, `search agent:a1 ${X}`, `search agent:a1 ${Y}`, `search agent:a1 ${X}`]);
	expect(clock().now()).toBe(START + 121_001);
});

test('another run in this process dialled the number after the read: the number is searched again at once, however fresh the read', async () => {
	const reads = new ScopeReads(ctx, [item(agent(X)), item(agent(Y))], undefined, TALKOVER);
	await reads.recentOf(agent(X), 0);
	(await takeTurn(turnKey(TALKOVER, X), undefined, () => new Error('stopped'))).over(true);
	await reads.recentOf(agent(X), 0);
	await reads.recentOf(agent(Y), 1);
	expect(asked()).toEqual([`whole agent:a1 ${X} ${Y}`, `search agent:a1 ${X}`]);
});

test('a Talkover that ignores the search on a later read: the scope is read whole again, and whole from then on', async () => {
	const calls: Recent = { calls: [] };
	whole.mockResolvedValueOnce(NONE).mockResolvedValueOnce(calls);
	search.mockResolvedValue(undefined);
	const reads = new ScopeReads(ctx, [item(agent(X)), item(agent(Y))], undefined, TALKOVER);
	await reads.recentOf(agent(X), 0);
	clock().advance(61_000);
	expect(await reads.recentOf(agent(Y), 1)).toBe(calls);
	clock().advance(61_000);
	await reads.recentOf(agent(X), 0);
	expect(asked()).toEqual([`whole agent:a1 ${X} ${Y}`, `search agent:a1 ${Y}`, `whole agent:a1 ${X} ${Y}`, `whole agent:a1 ${X} ${Y}`]);
});

test('a scope no item of the run dials with (a retried execution’s, before the node was edited): every item’s number, and the number looked for', async () => {
	const reads = new ScopeReads(ctx, [item(agent(X), 0), undefined, item(undefined), item(agent(Y, 'a2'), 0)], { since: START - 3 * 3600_000, undated: false }, TALKOVER);
	await reads.recentOf(agent(Z, 'old'), 0);
	await reads.recentOf(agent(X, 'a2'), 3);
	expect(asked()).toEqual([`whole agent:old ${X} ${Y} ${Z}`, `whole agent:a2 ${Y} ${X}`]);
	expect(whole.mock.calls[0]![2]).toBe(3 * 3600_000);
});

test.each([
	{ searched: true, label: 'Talkover searches' },
	{ searched: false, label: 'Talkover ignores the search: the scope whole, for that number only' },
])('the lead’s last call, which timed out days ago, is looked for in a read of the lead’s own, back to when it was placed, the run’s read left as it was ($label)', async ({ searched }) => {
	const reads = new ScopeReads(ctx, [item(agent(X)), item(agent(Y))], undefined, TALKOVER);
	await reads.recentOf(agent(X), 0);
	if (!searched) search.mockResolvedValue(undefined);
	const placedFrom = START - 3 * 24 * 3600_000;
	await reads.lastCallOf(agent(X), 0, placedFrom);
	expect(asked()).toEqual([`whole agent:a1 ${X} ${Y}`, `search agent:a1 ${X}`, ...(searched ? [] : [`whole agent:a1 ${X}`])]);
	expect(search.mock.calls[0]![2]).toBe(clock().now() - placedFrom);
	if (!searched) expect(whole.mock.calls[1]![2]).toBe(clock().now() - placedFrom);
	// The run's read stands for the run's other items.
	await reads.recentOf(agent(Y), 1);
	expect(whole).toHaveBeenCalledTimes(searched ? 1 : 2);
});
