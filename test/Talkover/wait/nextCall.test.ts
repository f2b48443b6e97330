/**
 * The next call of Call Again Until Reached, placed by the wait itself (nodes/Talkover/wait/nextCall.ts): when an
 * item's call ends not reached and its next call is due within the hour, the webhook that hears the end places it
 * at once with Talkover's `delay_seconds`; after a send of that end that got no answer, the next call is looked for
 * among the lead's calls first, so that nobody is called twice. Talkover's answers are scripted here, every request
 * recorded (its body too); the time is the test's clock.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { AttemptPlan } from '../../../nodes/Talkover/callAgain';
import { createdFrom } from '../../../nodes/shared/answers/callDays';
import type { EndSends, Known } from '../../../nodes/Talkover/wait/known';
import { nothingKnown } from '../../../nodes/Talkover/wait/known';
import { IN_WAIT_MS, lastLimit, laterCallsSpan, placeNextCall } from '../../../nodes/Talkover/wait/nextCall';
import { forgetNextCalls } from '../../../nodes/Talkover/wait/nextCalls';
import type { CallItem, WaitRecord } from '../../../nodes/Talkover/wait/record';
import { START, useTestClock } from '../../helpers/clock';
import type { TalkoverAnswer, TalkoverRequest } from '../../helpers/scriptedTalkover';
import { pageOf, scriptedTalkover } from '../../helpers/scriptedTalkover';

const clock = useTestClock();

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const TO = '+15550001001';
const AGENT = 'agent-1';
const CALL = `/api/v1/agents/${AGENT}/call`;
const REQUEST = { to: TO, is_testing: true, context: { lead: 'lead-1' } };
const iso = (ms: number) => new Date(ms).toISOString();

/** Call Again Until Reached as the wait keeps it: 3 attempts, 10 minutes after a call not reached, the call's request kept. */
const planOf = (changes: Partial<AttemptPlan> = {}): AttemptPlan => ({ rule: { attempts: 3, afterMs: 10 * MINUTE, when: ['notReached'] }, before: [], ringsAt: START - 5 * MINUTE, resend: REQUEST, ...changes });

/** The item's first call (`call-1`), ringing 5 minutes before START, its Wait Limit 30 minutes after START. */
const itemOf = (changes: Partial<CallItem> = {}): CallItem => ({ item: 0, agentId: AGENT, callId: 'call-1', to: TO, call: { id: 'call-1' }, deadline: START + 30 * MINUTE, callAgain: planOf(), ...changes }) as CallItem;

let waits = 0;
const used: string[] = [];
/** A wait of its own (the next calls placed are kept per wait in the process). */
function recordOf(item: CallItem, changes: Partial<WaitRecord> = {}): WaitRecord {
	const secretHash = `wait-${++waits}`;
	used.push(secretHash);
	return { v: 1, secretHash, address: 'http://n8n/a', since: START - 10 * MINUTE, deadline: START + HOUR, webhooks: [], items: [item], ...changes };
}
afterEach(() => used.splice(0).forEach(forgetNextCalls));

/** What the wait knows: the call `callId` did not connect (busy), Talkover's time of its end `at`. */
function endedAt(at: number, callId = 'call-1', event = 'event_phone_call_did_not_connect', fields: IDataObject = { status: 'busy' }): Known {
	const known = nothingKnown();
	known.ends.set(callId.toLowerCase(), { event, callId, fields, at });
	return known;
}

/** The end's first send. */
const FIRST: EndSends = { answered: false, first: true };
/** A send of the end before this one got no answer (made at `sentAt`, when the log says it). */
const lost = (sentAt?: number): EndSends => ({ answered: false, first: false, ...(sentAt !== undefined ? { sentAt } : {}) });

/** Talkover answering as `answer` says (a throw: no answer at all), with every request and the body it carried. */
function talkover(answer: (request: TalkoverRequest) => TalkoverAnswer) {
	const bodies: unknown[] = [];
	const { ctx, asked } = scriptedTalkover(answer);
	const helpers = (ctx as { helpers: { httpRequestWithAuthentication: (type: string, request: IHttpRequestOptions) => Promise<unknown> } }).helpers;
	const send = helpers.httpRequestWithAuthentication;
	helpers.httpRequestWithAuthentication = async (type, request) => {
		bodies.push(request.body);
		return await send(type, request);
	};
	const posts = () => asked.filter((r) => r.method === 'POST');
	return { ctx, asked, bodies, posts };
}

/** Talkover's answer to Make Call: the call placed. */
const placedAnswer = (id = 'call-2'): TalkoverAnswer => ({ body: { success: true, data: { id, status: 'queued', to: TO } } });

/** The lead's calls Talkover lists (pages of 100), and Make Call answered with `call-2`. */
const listing = (calls: IDataObject[], post: TalkoverAnswer = placedAnswer()) => (request: TalkoverRequest) => (request.method === 'GET' ? pageOf(calls, Number(request.qs.page)) : post);

/** A call Talkover lists: the agent's to the lead, created at `createdAt`. */
const listed = (id: string | undefined, createdAt: number, changes: IDataObject = {}): IDataObject => ({ ...(id !== undefined ? { id } : {}), to: TO, created_at: iso(createdAt), status: 'queued', agent: { id: AGENT }, ...changes });

/** The first call's attempt as the item's `attempts` lists it (ended busy at `end`). */
const firstAttempt = (end: number) => ({ attempt: 1, callId: 'call-1', outcome: 'notReached', status: 'busy', ringsAt: iso(START - 5 * MINUTE), endedAt: iso(end) });

describe('the next call placed inside the wait', () => {
	test('a lead not reached is called again with the call’s own request, delayed by Talkover to the next call’s moment (in whole seconds, rounded up): one request, and the call it rings from when Talkover accepted it', async () => {
		clock().time = START + 1500;
		const { ctx, asked, bodies } = talkover(() => {
			// Talkover answers 2 s later.
			clock().time += 2 * SECOND;
			return placedAnswer();
		});
		const item = itemOf();
		const next = await placeNextCall(ctx, recordOf(item), item, endedAt(START), FIRST);
		// The end at START, Call Again After 10 minutes: 598.5 s from now, sent as 599.
		expect(asked).toEqual([{ method: 'POST', path: CALL, qs: {} }]);
		expect(bodies).toEqual([{ ...REQUEST, delay_seconds: 599 }]);
		expect(next).toEqual({ item: 0, ended: firstAttempt(START), placed: { callId: 'call-2', call: { id: 'call-2', status: 'queued', to: TO }, placedAt: START + 3500, ringsAt: START + 3500 + 599 * SECOND } });
	});

	test('a next call whose moment has passed by the time the end is heard rings at once (delay 0)', async () => {
		const { ctx, bodies } = talkover(() => placedAnswer());
		const item = itemOf();
		// Ended 20 minutes ago: its next call was due 10 minutes ago.
		const next = await placeNextCall(ctx, recordOf(item), item, endedAt(START - 20 * MINUTE), FIRST);
		expect(bodies).toEqual([{ ...REQUEST, delay_seconds: 0 }]);
		expect(next?.placed?.ringsAt).toBe(START);
	});

	test('a next call exactly an hour away is placed with Talkover’s longest delay; a millisecond further, it is left to the Wait node', async () => {
		const { ctx, bodies } = talkover(() => placedAnswer());
		const inAnHour = itemOf({ callAgain: planOf({ rule: { attempts: 3, afterMs: HOUR, when: ['notReached'] } }) });
		expect((await placeNextCall(ctx, recordOf(inAnHour), inAnHour, endedAt(START), FIRST))?.placed?.ringsAt).toBe(START + HOUR);
		expect(bodies).toEqual([{ ...REQUEST, delay_seconds: 3600 }]);
		expect(IN_WAIT_MS).toBe(HOUR);
		const further = itemOf({ callAgain: planOf({ rule: { attempts: 3, afterMs: HOUR + 1, when: ['notReached'] } }) });
		expect(await placeNextCall(ctx, recordOf(further), further, endedAt(START), FIRST)).toBeUndefined();
		expect(bodies).toHaveLength(1);
	});

	test.each([
		['the item has no Call Again Until Reached', { item: itemOf({ callAgain: undefined }) }],
		['the item kept no request (an option counts each call in the node)', { item: itemOf({ callAgain: planOf({ resend: undefined }) }) }],
		['the wait said already that the next call was not placed', { item: itemOf({ callAgain: planOf({ notPlaced: { message: 'no credits', nextDue: true } }) }) }],
		['the wait is an Add Call and Wait for Outcome’s (campaign calls)', { kind: 'campaign' as const }],
		['a call of no agent', { item: itemOf({ agentId: undefined, campaignId: 'camp-1' } as Partial<CallItem>) }],
		['the item’s Wait Limit is reached', { item: itemOf({ deadline: START }) }],
		['an answer of the wait to this end reached Talkover (it said what the wait did)', { delivery: { answered: true, first: false } }],
		['the lead had the rule’s last call (Attempts used)', { item: itemOf({ callAgain: planOf({ before: [{ attempt: 1, callId: 'call-0', outcome: 'notReached' }, { attempt: 2, callId: 'call-00', outcome: 'notReached' }] }) }) }],
		['the lead was reached', { known: endedAt(START, 'call-1', 'event_phone_call_ended', { status: 'completed', connected: true, duration: 40 }) }],
		['the next call is more than an hour away', { item: itemOf({ callAgain: planOf({ rule: { attempts: 3, afterMs: HOUR + 1, when: ['notReached'] } }) }) }],
	])('no next call is placed inside the wait when %s', async (_label, { item = itemOf(), kind, delivery = FIRST, known = endedAt(START) }: { item?: CallItem; kind?: 'campaign'; delivery?: EndSends; known?: Known }) => {
		const { ctx, asked } = talkover(() => placedAnswer());
		expect(await placeNextCall(ctx, recordOf(item, kind ? { kind } : {}), item, known, delivery)).toBeUndefined();
		expect(asked).toEqual([]);
	});

	test('a millisecond before the item’s Wait Limit, the next call is still placed', async () => {
		const { ctx, posts } = talkover(() => placedAnswer());
		const item = itemOf({ deadline: START + 1 });
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START), FIRST))?.placed?.callId).toBe('call-2');
		expect(posts()).toHaveLength(1);
	});

	test('the end heard twice at once in one process places one next call, and both get it', async () => {
		const { ctx, posts } = talkover(() => placedAnswer());
		const item = itemOf();
		const record = recordOf(item);
		const [a, b] = await Promise.all([placeNextCall(ctx, record, item, endedAt(START), FIRST), placeNextCall(ctx, record, item, endedAt(START), FIRST)]);
		expect(a?.placed?.callId).toBe('call-2');
		expect(b).toEqual(a);
		expect(posts()).toHaveLength(1);
	});

	test.each([
		['not enough credits (402)', { statusCode: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Insufficient credits' } } }, 'The next call was not placed: Not enough Talkover credits to place the next call: top up your Talkover account, or use Test Call'],
		['a request it refuses (400)', { statusCode: 400, body: { error: { code: 'INVALID_PHONE', message: 'bad number' } } }, 'The next call was not placed: Talkover refused the request (HTTP 400): bad number'],
		['the agent gone (404)', { statusCode: 404, body: { success: false, message: 'Agent not found' } }, `The next call was not placed: Agent not found: Talkover has no agent with ID ${AGENT} for this token's environment`],
		['too many requests (429), not tried again within the delivery', { statusCode: 429, body: { error: { code: 'RATE_LIMITED', message: 'slow down' } } }, 'The next call was not placed: Talkover rate limit reached: too many requests in a short time'],
	])('Talkover refusing the next call, %s: not placed, in Talkover’s words, sent once, and the next call still due for the Wait node', async (_label, answer, message) => {
		const { ctx, posts } = talkover(() => answer);
		const item = itemOf();
		expect(await placeNextCall(ctx, recordOf(item), item, endedAt(START), FIRST)).toEqual({ item: 0, ended: firstAttempt(START), notPlaced: { message, nextDue: true } });
		expect(posts()).toHaveLength(1);
	});

	test.each([
		['Talkover failing on its side (500)', () => ({ statusCode: 500, body: { error: { code: 'INTERNAL', message: 'oops' } } })],
		['no answer at all (the connection closed)', () => {
			throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		}],
		['an answer that gives the call no ID', () => ({ body: { success: true, data: { status: 'queued' } } })],
	])('%s: Talkover may have placed the next call, so it is sent once and none is due (the lead is called no more)', async (_label, answer: () => TalkoverAnswer) => {
		const { ctx, posts } = talkover(answer);
		const item = itemOf();
		const next = await placeNextCall(ctx, recordOf(item), item, endedAt(START), FIRST);
		expect(next?.placed).toBeUndefined();
		expect(next?.notPlaced?.message).toMatch(/^Talkover may have placed the next call \(.+\): the node calls this lead no more, so that nobody is called twice$/);
		expect(next?.notPlaced?.nextDue).toBe(false);
		expect(posts()).toHaveLength(1);
	});
});

describe('after a send of the end that got no answer (n8n may have stopped between placing the next call and answering)', () => {
	/** The lost send was made 30 s before START, 400 ms into its second. */
	const SENT = START - 30 * SECOND + 400;

	test('a next call Talkover may have placed before n8n stopped is found, not placed again; it rings at its moment', async () => {
		const found = listed('call-2', START - 30 * SECOND);
		const { ctx, asked } = talkover(listing([found]));
		const item = itemOf();
		const next = await placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT));
		// The lead's calls of the agent, from the day of the lost send, every page.
		expect(asked).toEqual([{ method: 'GET', path: '/api/v1/calls', qs: { agent_id: AGENT, search: TO, date_from: createdFrom(SENT), per_page: 100, page: 1 } }]);
		expect(next).toEqual({ item: 0, ended: firstAttempt(START - 40 * SECOND), placed: { callId: 'call-2', call: found, placedAt: START - 30 * SECOND, ringsAt: START - 40 * SECOND + 10 * MINUTE } });
	});

	test('a call created the second before the lost send is not the next call: it is placed', async () => {
		const { ctx, posts } = talkover(listing([listed('call-x', START - 31 * SECOND)]));
		const item = itemOf();
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT)))?.placed?.callId).toBe('call-2');
		expect(posts()).toHaveLength(1);
	});

	test('the lead’s own earlier calls and the call that just ended, in either letter case, are not the next call', async () => {
		const { ctx, posts } = talkover(listing([listed('CALL-0', START - 20 * SECOND), listed('CALL-1', START - 10 * SECOND)]));
		const item = itemOf({ callAgain: planOf({ before: [{ attempt: 1, callId: 'Call-0', outcome: 'notReached' }] }) });
		const next = await placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT));
		expect(next?.ended).toMatchObject({ attempt: 2, callId: 'call-1' });
		expect(next?.placed?.callId).toBe('call-2');
		expect(posts()).toHaveLength(1);
	});

	test('a call to another number, or another agent’s, is not the next call; one to the lead’s number written otherwise, naming no agent, is', async () => {
		const theirs = listed('call-3', START - 5 * SECOND, { to: '+1 (555) 000-1001', agent: undefined });
		const { ctx, posts } = talkover(listing([listed('call-other-number', START - 20 * SECOND, { to: '+15550009999' }), listed('call-other-agent', START - 10 * SECOND, { agent: { id: 'agent-2' } }), theirs]));
		const item = itemOf();
		const next = await placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT));
		expect(next?.placed?.callId).toBe('call-3');
		expect(posts()).toHaveLength(0);
	});

	test('a listed call with no ID is not the next call', async () => {
		const { ctx, posts } = talkover(listing([listed(undefined, START - 20 * SECOND)]));
		const item = itemOf();
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT)))?.placed?.callId).toBe('call-2');
		expect(posts()).toHaveLength(1);
	});

	test('of several calls listed since, the earliest is the next call', async () => {
		const { ctx } = talkover(listing([listed('call-later', START - 5 * SECOND), listed('call-earliest', START - 25 * SECOND), listed('call-between', START - 15 * SECOND)]));
		const item = itemOf();
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT)))?.placed?.callId).toBe('call-earliest');
	});

	test('the search reads every page of the lead’s calls', async () => {
		const others = Array.from({ length: 120 }, (_, i) => listed(`other-${i}`, START - 20 * SECOND, { to: '+15550009999' }));
		const { ctx, asked } = talkover(listing([...others, listed('call-2', START - 10 * SECOND)]));
		const item = itemOf();
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT)))?.placed?.callId).toBe('call-2');
		expect(asked.map((r) => r.qs.page)).toEqual([1, 2]);
	});

	test.each([
		['listed with its delay: when it was created plus that delay', { delay_seconds: 120 }, START - 40 * SECOND, START - 30 * SECOND + 120 * SECOND],
		['created before the next call’s moment, without a delay: at that moment', {}, START - 40 * SECOND, START - 40 * SECOND + 10 * MINUTE],
		['created after the next call’s moment, without a delay: when it was created', {}, START - 15 * MINUTE, START - 30 * SECOND],
	])('a next call found %s', async (_label, changes: IDataObject, end, ringsAt) => {
		const { ctx } = talkover(listing([listed('call-2', START - 30 * SECOND, changes)]));
		const item = itemOf();
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(end), lost(SENT)))?.placed?.ringsAt).toBe(ringsAt);
	});

	test('the lost send’s time unknown: calls since the call rang are looked at', async () => {
		// The call rang 5 minutes before START; a call created 2 minutes before START is the next one.
		const { ctx, asked, posts } = talkover(listing([listed('call-2', START - 2 * MINUTE)]));
		const item = itemOf();
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START - 3 * MINUTE), lost()))?.placed?.callId).toBe('call-2');
		expect(asked[0].qs.date_from).toBe(createdFrom(START - 5 * MINUTE));
		expect(posts()).toHaveLength(0);
	});

	test('the lost send’s time known: calls before it are not looked at, though made since the call rang', async () => {
		const { ctx, posts } = talkover(listing([listed('call-x', START - 2 * MINUTE)]));
		const item = itemOf();
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START - 3 * MINUTE), lost(START - MINUTE)))?.placed?.callId).toBe('call-2');
		expect(posts()).toHaveLength(1);
	});

	test('neither the lost send’s time nor the call’s ring known: only calls from now on are looked at', async () => {
		const { ctx, asked, posts } = talkover(listing([listed('call-x', START - 2 * SECOND), listed('call-y', START)]));
		const item = itemOf({ callAgain: planOf({ ringsAt: undefined }) });
		expect((await placeNextCall(ctx, recordOf(item), item, endedAt(START - 3 * MINUTE), lost()))?.placed?.callId).toBe('call-y');
		expect(asked[0].qs.date_from).toBe(createdFrom(START));
		expect(posts()).toHaveLength(0);
	});

	test('none found: the next call is placed after the search, delayed from when the search ended', async () => {
		clock().time = START + 1500;
		const list = listing([]);
		const { ctx, asked, bodies } = talkover((request) => {
			// The search takes 3 s.
			if (request.method === 'GET') clock().time += 3 * SECOND;
			return list(request);
		});
		const item = itemOf();
		const next = await placeNextCall(ctx, recordOf(item), item, endedAt(START), lost(SENT));
		expect(asked.map((r) => r.method)).toEqual(['GET', 'POST']);
		// 595.5 s from the search's end to the next call's moment: 596.
		expect(bodies[1]).toEqual({ ...REQUEST, delay_seconds: 596 });
		expect(next?.placed?.ringsAt).toBe(START + 4500 + 596 * SECOND);
	});

	test('a full page of the lead’s calls that says nothing of further pages is not taken as the whole list: nothing is placed on it', async () => {
		const others = Array.from({ length: 100 }, (_, i) => listed(`other-${i}`, START - 20 * SECOND, { to: '+15550009999' }));
		const { ctx, posts } = talkover((request) => (request.method === 'GET' ? { body: { success: true, data: others } } : placedAnswer()));
		const item = itemOf();
		await expect(placeNextCall(ctx, recordOf(item), item, endedAt(START - 40 * SECOND), lost(SENT))).rejects.toThrow('a full page came without page information');
		expect(posts()).toHaveLength(0);
	});

	test('the search failing is the delivery’s error: nothing is placed (Talkover sends the end again)', async () => {
		const { ctx, posts } = talkover((request) => (request.method === 'GET' ? { statusCode: 400, body: { error: { code: 'BAD', message: 'refused' } } } : placedAnswer()));
		const item = itemOf();
		await expect(placeNextCall(ctx, recordOf(item), item, endedAt(START), lost(SENT))).rejects.toThrow();
		expect(posts()).toHaveLength(0);
	});
});

describe('how long the wait is set for the calls it may place', () => {
	/** Each later call: the hour of Talkover's delay, 20 s to place it, a minute of margin, and its own Wait Limit. */
	const perCall = (waitLimit: number) => HOUR + 20 * SECOND + MINUTE + waitLimit;

	test('each later call the rule allows adds an hour, the placing, a minute and its Wait Limit to the item’s last limit', () => {
		// Wait Limit 35 minutes (rings 5 minutes before START, limit 30 minutes after); 3 attempts, this the first: 2 later calls.
		expect(lastLimit(itemOf())).toBe(START + 30 * MINUTE + 2 * perCall(35 * MINUTE));
		expect(laterCallsSpan(planOf(), 35 * MINUTE)).toBe(2 * perCall(35 * MINUTE));
	});

	test('the later calls counted: Attempts less the calls before and this one, never fewer than none', () => {
		const before = (n: number) => Array.from({ length: n }, (_, i) => ({ attempt: i + 1, callId: `call-${i}`, outcome: 'notReached' as const }));
		expect(laterCallsSpan(planOf({ before: before(1) }), MINUTE)).toBe(perCall(MINUTE));
		expect(laterCallsSpan(planOf({ before: before(2) }), MINUTE)).toBe(0);
		expect(laterCallsSpan(planOf({ before: before(3) }), MINUTE)).toBe(0);
	});

	test('no later call placed by the wait: without the request, without the option, or a call whose ring is not known keeps its own limit', () => {
		expect(laterCallsSpan(planOf({ resend: undefined }), MINUTE)).toBe(0);
		expect(laterCallsSpan(undefined, MINUTE)).toBe(0);
		expect(lastLimit(itemOf({ callAgain: planOf({ ringsAt: undefined }) }))).toBe(START + 30 * MINUTE);
		expect(lastLimit(itemOf({ callAgain: undefined }))).toBe(START + 30 * MINUTE);
	});
});
