/**
 * Which listed calls Max Calls per Day counts on a day (dailyCap/callsOfDay.ts), on Talkover's answers scripted:
 * an agent's call counts on the day it may ring, at the day's edges to the second; a campaign's call from the day
 * it was added until it is over; a campaign that lists none or only some of its calls has its agent's counted too.
 */
import type { IDataObject } from 'n8n-workflow';

import { callsOfDay } from '../../../nodes/Talkover/dailyCap/callsOfDay';
import type { ZoneDay } from '../../../nodes/Talkover/dailyCap/day';
import type { TalkoverAnswer, TalkoverRequest } from '../../helpers/scriptedTalkover';
import { pageOf, scriptedTalkover } from '../../helpers/scriptedTalkover';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** 2026-01-15 in Paris: from 2026-01-14T23:00Z to 2026-01-15T23:00Z. */
const DAY: ZoneDay = { date: '2026-01-15', start: Date.UTC(2026, 0, 14, 23), end: Date.UTC(2026, 0, 15, 23) };
const iso = (ms: number) => new Date(ms).toISOString();

let n = 0;
/** A call as Talkover lists it: requested at `at`, with its delay, its status and its last change. */
function call(at: number, { delay = 0, status = 'completed', updated, duration = 60, to }: { delay?: number | null; status?: string; updated?: number; duration?: number; to?: string } = {}): IDataObject {
	const entry: IDataObject = { id: `c${++n}`, to: to ?? `+1212555${String(1000 + n)}`, status, direction: 'outbound', created_at: iso(at), duration };
	if (delay !== null) entry.delay_seconds = delay;
	if (updated !== undefined) entry.updated_at = iso(updated);
	return entry;
}

const counted = async (answer: (request: TalkoverRequest) => TalkoverAnswer, target: { scope: 'agent' | 'campaign'; id: string } = { scope: 'agent', id: 'a1' }) => {
	const { ctx, asked } = scriptedTalkover(answer);
	const calls = await callsOfDay(ctx, target, DAY, { itemIndex: 3, maxRetries: 0 });
	return { ids: calls.map((c) => c.call.id), asked };
};
const agentList = (entries: IDataObject[]) => (request: TalkoverRequest) => pageOf(entries, Number(request.qs.page));

describe('an agent’s calls: each counts on the day it may ring', () => {
	test('a delayed call whose latest ring is midnight to the second counts; one a second before does not', async () => {
		const atMidnight = call(DAY.start - 30 * MINUTE, { delay: 1800, updated: DAY.start + MINUTE });
		const before = call(DAY.start - 30 * MINUTE - SECOND, { delay: 1800, updated: DAY.start + MINUTE });
		expect((await counted(agentList([atMidnight, before]))).ids).toEqual([atMidnight.id]);
	});

	test('a call ended an hour before the day, a call ringing at noon, a call requested at 23:50 the day before whose entry gives no delay (it may ring up to an hour later): the last two count', async () => {
		const endedBefore = call(DAY.start - 2 * HOUR, { updated: DAY.start - HOUR });
		const noon = call(DAY.start + 12 * HOUR);
		const goingOn = call(DAY.start - 10 * MINUTE, { status: 'in-progress', delay: null });
		expect((await counted(agentList([endedBefore, noon, goingOn]))).ids).toEqual([noon.id, goingOn.id]);
	});

	test('a call requested a second before the next midnight counts; one requested at midnight is the next day’s', async () => {
		const last = call(DAY.end - SECOND, { status: 'queued' });
		const next = call(DAY.end, { status: 'queued' });
		expect((await counted(agentList([last, next]))).ids).toEqual([last.id]);
	});

	test('the list is asked for the agent’s outbound calls from the UTC day 16 hours before the day’s start (the most a call listed then may still ring in it), every page', async () => {
		const entries = Array.from({ length: 150 }, (_, i) => call(DAY.start + i * MINUTE));
		const { ids, asked } = await counted(agentList(entries));
		expect(ids).toHaveLength(150);
		expect(asked).toEqual([1, 2].map((page) => ({ method: 'GET', path: '/api/v1/agents/a1/calls', qs: { direction: 'outbound', date_from: '2026-01-14', per_page: 100, page } })));
	});

	test('a full page of 100 calls without page information is an error (more may follow), not a count of 100', async () => {
		const entries = Array.from({ length: 100 }, (_, i) => call(DAY.start + i * MINUTE));
		await expect(counted(() => ({ body: { success: true, data: entries } }))).rejects.toThrow("Talkover's list does not add up: a full page came without page information");
	});

	test('a listed call that cannot be read (no number) is an error naming the request and the item', async () => {
		const unreadable = { ...call(DAY.start + HOUR), to: undefined };
		const error = (await counted(agentList([unreadable])).then(
			() => undefined,
			(e: unknown) => e,
		)) as { message: string; context: IDataObject };
		expect(error.message).toContain("Talkover's answer could not be read: a call has no number (to)");
		expect(error.context.itemIndex).toBe(3);
		expect(JSON.stringify(error)).toContain('GET /api/v1/agents/a1/calls');
	});
});

describe('a campaign’s calls: each counts from the day it was added until it is over', () => {
	const campaign = (body: IDataObject) => (request: TalkoverRequest): TalkoverAnswer => (request.path === '/api/v1/campaigns/k1' ? { body: { success: true, data: body } } : pageOf([], 1));

	test('a lead added the day before and still queued counts; one over a second before midnight does not; one over at midnight does', async () => {
		const queued = call(DAY.start - 20 * HOUR, { status: 'queued' });
		const overBefore = call(DAY.start - HOUR, { updated: DAY.start - SECOND });
		const overAtMidnight = call(DAY.start - HOUR, { updated: DAY.start });
		const { ids, asked } = await counted(campaign({ id: 'k1', calls: [queued, overBefore, overAtMidnight] }), { scope: 'campaign', id: 'k1' });
		expect(ids).toEqual([queued.id, overAtMidnight.id]);
		expect(asked).toEqual([{ method: 'GET', path: '/api/v1/campaigns/k1', qs: {} }]);
	});

	test('a lead added a second before the next midnight counts; one added at midnight is the next day’s', async () => {
		const last = call(DAY.end - SECOND, { status: 'queued' });
		const next = call(DAY.end, { status: 'queued' });
		expect((await counted(campaign({ id: 'k1', calls: [last, next] }), { scope: 'campaign', id: 'k1' })).ids).toEqual([last.id]);
	});

	test('a campaign that lists none of its calls (the bare Campaign) counts its agent’s calls of the day', async () => {
		const agentCall = call(DAY.start + HOUR);
		const answer = (request: TalkoverRequest) => (request.path === '/api/v1/campaigns/k1' ? { body: { id: 'k1', agent_id: 'a7' } } : pageOf([agentCall], 1));
		const { ids, asked } = await counted(answer, { scope: 'campaign', id: 'k1' });
		expect(ids).toEqual([agentCall.id]);
		expect(asked.map((r) => r.path)).toEqual(['/api/v1/campaigns/k1', '/api/v1/agents/a7/calls']);
	});

	test('a campaign that lists 2 of its 100 calls counts those and its agent’s calls of the day', async () => {
		const listed = [call(DAY.start + HOUR, { status: 'queued' }), call(DAY.start + 2 * HOUR, { status: 'queued' })];
		const agentCall = call(DAY.start + 3 * HOUR);
		const answer = (request: TalkoverRequest) =>
			request.path === '/api/v1/campaigns/k1' ? { body: { success: true, data: { id: 'k1', agent_id: 'a7', calls: listed, stats: { total_calls: 100 } } } } : pageOf([agentCall], 1);
		const { ids } = await counted(answer, { scope: 'campaign', id: 'k1' });
		expect(ids).toEqual([listed[0]!.id, listed[1]!.id, agentCall.id]);
	});

	test('a campaign that lists all its calls is not read beyond them', async () => {
		const listed = [call(DAY.start + HOUR, { status: 'queued' })];
		const { ids, asked } = await counted(campaign({ id: 'k1', agent_id: 'a7', calls: listed, stats: { total_calls: 1 } }), { scope: 'campaign', id: 'k1' });
		expect(ids).toEqual([listed[0]!.id]);
		expect(asked).toHaveLength(1);
	});
});
