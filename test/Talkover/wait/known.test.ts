/**
 * What the wait knows of its calls from the events of its webhooks (nodes/Talkover/wait/known.ts): each event
 * matched to the item whose call it names (a campaign call by its own ID, or by the call Talkover placed for it
 * once a campaign call event named both); the end that ended it, a voicemail event, the per-call events picked
 * (the ended attempt's own, never an earlier attempt's at the number). The delivery logs are read from
 * Talkover's answers scripted here: each event's time is when Talkover first sent it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Known, WaitEvent } from '../../../nodes/Talkover/wait/known';
import { awaitingEvents, endFields, endSends, endsCall, hasEndedCall, learn, missingEvents, namedItem, nothingKnown, pickedOf, picksEvents, readCurrent, readWaitEvent, stillOpen } from '../../../nodes/Talkover/wait/known';
import type { CallItem, WaitItem, WaitRecord, WaitWebhook } from '../../../nodes/Talkover/wait/record';
import { useTestClock } from '../../helpers/clock';
import { scriptedTalkover } from '../../helpers/scriptedTalkover';

/** What readCurrent knows of the wait, as the webhook reads it. */
const knownFrom = async (...args: Parameters<typeof readCurrent>): Promise<Known> => (await readCurrent(...args)).known;

const T = Date.UTC(2026, 10, 25, 12, 0, 0);
const ENDED = 'event_phone_call_ended';
const TRANSCRIPT = 'event_call_transcript';
const REPORT = 'event_call_report';

const callItem = (item: number, callId: string, events?: string[]): CallItem => ({ item, agentId: 'agent-1', callId, to: `+1555000100${item}`, call: {}, deadline: T + 60_000, ...(events ? { events } : {}) });
const campaignItem = (item: number, callId: string, events?: string[]): CallItem => ({ item, campaignId: 'camp-1', callId, to: `+1555000100${item}`, call: {}, deadline: T + 60_000, ...(events ? { events } : {}) });
const skipped = (item: number): WaitItem => ({ item, output: {} });
const record = (items: WaitItem[], kind?: 'campaign'): WaitRecord => ({ v: 1, ...(kind ? { kind } : {}), secretHash: 'h', address: 'http://n8n/a', since: T, deadline: T + 60_000, webhooks: [], items });
const event = (name: string, ids: { campaignCallId?: string; callId?: string; at?: number }, fields = {}): WaitEvent => ({ event: name, ...ids, fields });

describe('which item an event is of', () => {
	const calls = record([callItem(0, 'Call-A'), skipped(1), callItem(2, 'call-b')]);

	test('the item whose call ID the event names, in either case', () => {
		expect(namedItem(calls, event(ENDED, { callId: 'call-a' }))?.item).toBe(0);
		expect(namedItem(calls, event(ENDED, { callId: 'CALL-B' }))?.item).toBe(2);
	});

	test('a campaign call by its campaign call ID, or by its call ID', () => {
		const campaign = record([campaignItem(0, 'cc-1')], 'campaign');
		expect(namedItem(campaign, event('campaign_call.completed', { campaignCallId: 'CC-1', callId: 'call-9' }))?.item).toBe(0);
		expect(namedItem(campaign, event('campaign_call.completed', { callId: 'cc-1' }))?.item).toBe(0);
	});

	test('an event naming no call of the wait is no item’s', () => {
		expect(namedItem(calls, event(ENDED, { callId: 'call-c' }))).toBeUndefined();
		expect(namedItem(calls, event(ENDED, {}))).toBeUndefined();
	});
});

describe('what ends a call', () => {
	test('Make and Wait: the call’s end or its not connecting; a voicemail event does not', () => {
		const calls = record([callItem(0, 'c')]);
		expect(endsCall(calls, ENDED)).toBe(true);
		expect(endsCall(calls, 'event_phone_call_did_not_connect')).toBe(true);
		expect(endsCall(calls, 'event_voicemail_detected')).toBe(false);
		expect(endsCall(calls, 'campaign_call.completed')).toBe(false);
	});

	test('Add Call and Wait: the campaign call completed or failed; a retry scheduled, or one attempt’s end, does not', () => {
		const campaign = record([campaignItem(0, 'c')], 'campaign');
		expect(endsCall(campaign, 'campaign_call.completed')).toBe(true);
		expect(endsCall(campaign, 'campaign_call.failed')).toBe(true);
		expect(endsCall(campaign, 'campaign_call.retry_scheduled')).toBe(false);
		expect(endsCall(campaign, ENDED)).toBe(false);
	});

	test('a delivery is read as the wait’s kind reads it', () => {
		expect(readWaitEvent(record([callItem(0, 'c')]), { event: ENDED, call_id: 'c' })).toMatchObject({ event: ENDED, callId: 'c' });
		expect(readWaitEvent(record([campaignItem(0, 'c')], 'campaign'), { event: 'campaign_call.completed', campaign_call_id: 'cc' })).toMatchObject({ event: 'campaign_call.completed', campaignCallId: 'cc' });
		expect(readWaitEvent(record([callItem(0, 'c')]), { event: 'campaign_call.completed', campaign_call_id: 'cc' })).toHaveProperty('problem');
	});
});

describe('learning from events', () => {
	test('the first end of a call is kept; a later one does not replace it', () => {
		const calls = record([callItem(0, 'Call-A')]);
		const known = nothingKnown();
		learn(calls, known, [event(ENDED, { callId: 'call-a' }, { n: 1 }), event(ENDED, { callId: 'CALL-A' }, { n: 2 })]);
		expect([...known.ends.keys()]).toEqual(['call-a']);
		expect(known.ends.get('call-a')!.fields).toEqual({ n: 1 });
		expect(hasEndedCall(calls.items[0] as CallItem, known)).toBe(true);
	});

	test('a voicemail event marks the call, without ending it', () => {
		const calls = record([callItem(0, 'a')]);
		const known = nothingKnown();
		learn(calls, known, [event('event_voicemail_detected', { callId: 'a' })]);
		expect([...known.voicemail]).toEqual(['a']);
		expect(known.ends.size).toBe(0);
	});

	test('events of no call of the wait, and per-call events not picked, teach nothing', () => {
		const calls = record([callItem(0, 'a', [TRANSCRIPT])]);
		const known = nothingKnown();
		learn(calls, known, [event(ENDED, { callId: 'z' }), event(REPORT, { callId: 'a' }), event(TRANSCRIPT, {})]);
		expect(known).toEqual(nothingKnown());
	});

	test('a per-call event of an item that picked none teaches nothing, though another item of the wait picked it (the campaign’s webhook delivers it)', () => {
		const campaign = record([campaignItem(0, 'cc-1', [TRANSCRIPT]), campaignItem(1, 'cc-2')], 'campaign');
		const known = nothingKnown();
		learn(campaign, known, [event('campaign_call.completed', { campaignCallId: 'cc-2', callId: 'call-2' }), event(TRANSCRIPT, { callId: 'call-2' }, { text: 'hi' }), event(REPORT, { campaignCallId: 'cc-2' })]);
		expect(known.ends.get('cc-2')?.event).toBe('campaign_call.completed');
		expect(known.picked.size).toBe(0);
	});

	test('a picked event is kept with the call it names and its time; several of one name, in order', () => {
		const calls = record([callItem(0, 'a', [TRANSCRIPT])]);
		const known = nothingKnown();
		learn(calls, known, [event(TRANSCRIPT, { callId: 'a', at: T }, { text: 'one' }), event(TRANSCRIPT, { callId: 'A' }, { text: 'two' })]);
		expect(known.picked.get('a')).toEqual(new Map([[TRANSCRIPT, [{ callId: 'a', at: T, fields: { text: 'one' } }, { callId: 'A', fields: { text: 'two' } }]]]));
	});

	test('a campaign call event naming the call Talkover placed links it: that call’s events (in any order) are the campaign call’s', () => {
		const campaign = record([campaignItem(0, 'cc-1', [TRANSCRIPT])], 'campaign');
		const known = nothingKnown();
		const transcript = event(TRANSCRIPT, { callId: 'call-9' }, { text: 'hi' });
		learn(campaign, known, [transcript, event('campaign_call.completed', { campaignCallId: 'cc-1', callId: 'Call-9' })]);
		expect(known.links).toEqual(new Map([['call-9', 'cc-1']]));
		expect(known.ends.get('cc-1')?.event).toBe('campaign_call.completed');
		expect(known.picked.get('cc-1')?.get(TRANSCRIPT)).toEqual([{ callId: 'call-9', fields: { text: 'hi' } }]);
	});

	test('only a campaign call event links; an event naming the campaign call alone links nothing', () => {
		const campaign = record([campaignItem(0, 'cc-1', [TRANSCRIPT])], 'campaign');
		const known = nothingKnown();
		learn(campaign, known, [event(TRANSCRIPT, { campaignCallId: 'cc-1', callId: 'call-9' }), event('campaign_call.retry_scheduled', { campaignCallId: 'cc-1' })]);
		expect(known.links.size).toBe(0);
		// The transcript names the campaign call itself: it is the campaign call's.
		expect(known.picked.get('cc-1')?.get(TRANSCRIPT)).toHaveLength(1);
		expect(known.ends.size).toBe(0);
	});
});

describe('the picked events of the ended call', () => {
	const item = campaignItem(0, 'cc-1', [TRANSCRIPT, REPORT]);
	const campaign = record([item], 'campaign');

	test('those of the call its end names (not an earlier attempt’s); one naming no call when none names it', () => {
		const known = nothingKnown();
		learn(campaign, known, [
			event('campaign_call.completed', { campaignCallId: 'cc-1', callId: 'call-2' }),
			event(TRANSCRIPT, { campaignCallId: 'cc-1', callId: 'call-1' }, { text: 'earlier attempt' }),
			event(TRANSCRIPT, { campaignCallId: 'cc-1', callId: 'CALL-2' }, { text: 'this one' }),
			event(REPORT, { campaignCallId: 'cc-1', callId: 'call-1' }, { r: 'earlier attempt' }),
		]);
		expect(pickedOf(item, known)).toEqual(new Map([[TRANSCRIPT, { text: 'this one' }]]));
		expect(missingEvents(item, known)).toEqual([REPORT]);
		learn(campaign, known, [event(REPORT, { campaignCallId: 'cc-1' }, { r: 'names no call' })]);
		expect(pickedOf(item, known).get(REPORT)).toEqual({ r: 'names no call' });
		expect(missingEvents(item, known)).toEqual([]);
	});

	test('an end that names no call: one delivered after it, not at or before it; times unknown, none', () => {
		const known = nothingKnown();
		learn(campaign, known, [
			event('campaign_call.completed', { campaignCallId: 'cc-1', at: T }),
			event(TRANSCRIPT, { campaignCallId: 'cc-1', callId: 'call-1', at: T - 1 }, { text: 'before' }),
			event(TRANSCRIPT, { campaignCallId: 'cc-1', callId: 'call-1', at: T }, { text: 'same moment' }),
			event(TRANSCRIPT, { campaignCallId: 'cc-1', callId: 'call-2', at: T + 1 }, { text: 'after' }),
			event(REPORT, { campaignCallId: 'cc-1', callId: 'call-2' }, { r: 'no time' }),
		]);
		expect(pickedOf(item, known)).toEqual(new Map([[TRANSCRIPT, { text: 'after' }]]));
		const untimed = nothingKnown();
		learn(campaign, untimed, [event('campaign_call.completed', { campaignCallId: 'cc-1' }), event(TRANSCRIPT, { campaignCallId: 'cc-1', at: T + 1 })]);
		expect(pickedOf(item, untimed).size).toBe(0);
	});

	test('no end yet: none is the call’s; nothing picked: nothing missing', () => {
		const known = nothingKnown();
		learn(campaign, known, [event(TRANSCRIPT, { campaignCallId: 'cc-1', at: T })]);
		expect(pickedOf(item, known).size).toBe(0);
		expect(missingEvents(campaignItem(1, 'cc-2'), known)).toEqual([]);
	});
});

describe('counting the calls', () => {
	test('still open: calls neither ended nor listed as ended (an item that placed no call is none)', () => {
		const calls = record([callItem(0, 'a'), skipped(1), callItem(2, 'b'), callItem(3, 'c')]);
		const known = nothingKnown();
		expect(stillOpen(calls, known)).toBe(3);
		learn(calls, known, [event(ENDED, { callId: 'a' })]);
		known.listed.set('b', { status: 'completed' });
		expect(stillOpen(calls, known)).toBe(1);
		expect(hasEndedCall(calls.items[2] as CallItem, known)).toBe(true);
		expect(hasEndedCall(calls.items[3] as CallItem, known)).toBe(false);
	});

	test('whether any item picked per-call events', () => {
		expect(picksEvents(record([callItem(0, 'a'), skipped(1)]))).toBe(false);
		expect(picksEvents(record([callItem(0, 'a', [])]))).toBe(false);
		expect(picksEvents(record([skipped(0), callItem(1, 'a', [TRANSCRIPT])]))).toBe(true);
	});

	test('awaiting events: ended calls whose picked events have not all come, not those that were not reached', () => {
		const campaign = record([campaignItem(0, 'a', [TRANSCRIPT]), campaignItem(1, 'b', [TRANSCRIPT]), campaignItem(2, 'c', [TRANSCRIPT]), campaignItem(3, 'd', [TRANSCRIPT]), campaignItem(4, 'e'), skipped(5), campaignItem(6, 'f', [TRANSCRIPT])], 'campaign');
		const known = nothingKnown();
		learn(campaign, known, [
			event('campaign_call.completed', { campaignCallId: 'a', callId: 'x' }),
			event('campaign_call.failed', { campaignCallId: 'b' }),
			event('campaign_call.completed', { campaignCallId: 'c', callId: 'y' }, { status: 'no-answer' }),
			event('campaign_call.completed', { campaignCallId: 'd', callId: 'z' }),
			event(TRANSCRIPT, { callId: 'z' }),
			event('campaign_call.completed', { campaignCallId: 'e' }),
			event('campaign_call.completed', { campaignCallId: 'f', callId: 'w' }, { status: 'busy' }),
			event('event_voicemail_detected', { campaignCallId: 'f' }),
		]);
		// a: answered, no transcript yet; f: a voicemail (a recording may come), no transcript yet.
		expect(awaitingEvents(campaign, known)).toBe(2);
	});

	test('awaiting events, one call: answered without its transcript, awaited; once it came, or not reached, or not ended, not', () => {
		const item = campaignItem(0, 'a', [TRANSCRIPT]);
		const campaign = record([item], 'campaign');
		const awaitingAfter = (...events: WaitEvent[]) => {
			const known = nothingKnown();
			learn(campaign, known, events);
			return awaitingEvents(campaign, known);
		};
		const completed = event('campaign_call.completed', { campaignCallId: 'a', callId: 'x' });
		expect(awaitingAfter(completed)).toBe(1);
		expect(awaitingAfter(completed, event(TRANSCRIPT, { callId: 'x' }))).toBe(0);
		expect(awaitingAfter(event('campaign_call.failed', { campaignCallId: 'a' }))).toBe(0);
		expect(awaitingAfter(event('campaign_call.completed', { campaignCallId: 'a', callId: 'x' }, { status: 'no-answer' }))).toBe(0);
		expect(awaitingAfter()).toBe(0);
	});
});

describe('what the delivery logs of the wait’s webhooks say', () => {
	useTestClock();
	const W1: WaitWebhook = { agentId: 'agent-1', webhookId: 'w1' };
	const W2: WaitWebhook = { agentId: 'agent-2', webhookId: 'w2' };
	const LOG1 = '/api/v1/agents/agent-1/webhooks/w1/logs';
	const LOG2 = '/api/v1/agents/agent-2/webhooks/w2/logs';
	const VOICEMAIL = 'event_voicemail_detected';
	/** The moment `s` seconds after T, as Talkover writes it. */
	const sec = (s: number) => new Date(T + s * 1000).toISOString();
	let ids = 0;
	/** A log entry: the event it names, the body it delivered (none: an attempt failed or in flight shows none), when it was made. */
	const entry = (name: string | undefined, body: IDataObject | null | undefined, made: number | string, more: IDataObject = {}): IDataObject => ({
		id: `log-${++ids}`,
		...(name !== undefined ? { event: name } : {}),
		attempt: 1,
		status: body ? 'success' : 'failed',
		...(body !== undefined ? { request_payload: body } : {}),
		created_at: typeof made === 'number' ? sec(made) : made,
		...more,
	});
	const ended = (callId: string, extra: IDataObject = {}) => ({ event: ENDED, call_id: callId, ...extra });
	const transcript = (callId: string, text: string) => ({ event: TRANSCRIPT, call_id: callId, transcript: text });

	/** Each log as Talkover pages it (a list of entries: one page), or an answer that is no log. */
	type Log = IDataObject[] | { pages: IDataObject[][]; lastPage?: number } | { statusCode: number; body?: unknown };
	function talkover(logs: Record<string, Log>) {
		const asked: string[] = [];
		const { ctx } = scriptedTalkover(({ method, path, qs }) => {
			asked.push(`${method} ${path}?page=${qs.page}&per_page=${qs.per_page}`);
			const log = logs[path] ?? [];
			if (Array.isArray(log)) return { body: { success: true, data: log } };
			if (!('pages' in log)) return log;
			const page = Number(qs.page);
			const total = log.pages.flat().length;
			return { body: { success: true, data: log.pages[page - 1] ?? [], pagination: { current_page: page, per_page: 100, total, last_page: log.lastPage ?? log.pages.length } } };
		});
		return { ctx, asked };
	}
	const ofAgent2 = (item: number, callId: string): CallItem => ({ item, agentId: 'agent-2', callId, to: `+1555000200${item}`, call: {}, deadline: T + 60_000 });
	const calls = (webhooks: WaitWebhook[], ...items: CallItem[]): WaitRecord => ({ ...record(items), webhooks });
	const atOf = (known: Known, key: string, name = TRANSCRIPT) => known.picked.get(key)?.get(name)?.map((c) => c.at);

	test('every webhook’s log is read, every page of it: the events of each call of the wait, whichever agent’s webhook delivered them', async () => {
		const a = callItem(0, 'a');
		const b = ofAgent2(1, 'b');
		const others = Array.from({ length: 100 }, (_, i) => entry(ENDED, ended(`other-${i}`), 1));
		const run = talkover({ [LOG1]: { pages: [others, [entry(ENDED, ended('a'), 2)]] }, [LOG2]: [entry(VOICEMAIL, { event: VOICEMAIL, call_id: 'b' }, 3)] });
		const known = await knownFrom(run.ctx, calls([W1, W2], a, b));
		expect(run.asked).toEqual([`GET ${LOG1}?page=1&per_page=100`, `GET ${LOG1}?page=2&per_page=100`, `GET ${LOG2}?page=1&per_page=100`]);
		expect([...known.ends.keys()]).toEqual(['a']);
		expect(known.ends.get('a')).toEqual({ event: ENDED, callId: 'a', fields: ended('a'), at: T + 2000 });
		expect([...known.voicemail]).toEqual(['b']);
		expect(known.endsWithoutBody).toBe(false);
	});

	test('a short page ends the log, though its paging counts more pages (Talkover’s own example shows one entry on page 1 of 3)', async () => {
		const run = talkover({ [LOG1]: { pages: [[entry(ENDED, ended('a'), 1)]], lastPage: 3 } });
		const known = await knownFrom(run.ctx, calls([W1], callItem(0, 'a')));
		expect(run.asked).toEqual([`GET ${LOG1}?page=1&per_page=100`]);
		expect([...known.ends.keys()]).toEqual(['a']);
	});

	test('a full page of a log that says nothing of its pages cannot be read to its end: an error, not the events of one page', async () => {
		const full = Array.from({ length: 100 }, (_, i) => entry(ENDED, ended(`other-${i}`), 1));
		await expect(knownFrom(talkover({ [LOG1]: full }).ctx, calls([W1], callItem(0, 'a')))).rejects.toThrow('a full page came without page information');
	});

	test('a webhook deleted in Talkover (its log answers 404): what the other webhooks’ logs say still counts; another refusal is the error', async () => {
		const a = callItem(0, 'a');
		const b = ofAgent2(1, 'b');
		const gone = { statusCode: 404, body: { success: false, message: 'Webhook not found' } };
		const known = await knownFrom(talkover({ [LOG1]: gone, [LOG2]: [entry(ENDED, ended('b'), 1)] }).ctx, calls([W1, W2], a, b));
		expect([...known.ends.keys()]).toEqual(['b']);
		const refused = { statusCode: 403, body: { success: false, message: 'Forbidden' } };
		await expect(knownFrom(talkover({ [LOG1]: refused, [LOG2]: [entry(ENDED, ended('b'), 1)] }).ctx, calls([W1, W2], a, b))).rejects.toThrow();
	});

	test('the entry’s event name reads a body that names none; an entry without a body, or with one naming no call, tells nothing', async () => {
		const run = talkover({
			[LOG1]: [entry(ENDED, { call_id: 'a', duration: 30 }, 1), entry(ENDED, undefined, 2, { status: 'failed' }), entry(ENDED, { event: ENDED }, 3), entry(undefined, { call_id: 'b' }, 4), entry(7 as never, { call_id: 'c' }, 5)],
		});
		const known = await knownFrom(run.ctx, calls([W1], callItem(0, 'a'), callItem(1, 'b'), callItem(2, 'c')));
		expect([...known.ends.entries()]).toEqual([['a', { event: ENDED, callId: 'a', fields: { call_id: 'a', duration: 30 }, at: T + 1000 }]]);
		expect(known.endsWithoutBody).toBe(false);
	});

	test('an end delivered whose body the log does not show is said so; not one that failed or is in flight, not another event, not a body that is null', async () => {
		const read = async (...entries: IDataObject[]) => (await knownFrom(talkover({ [LOG1]: entries }).ctx, calls([W1], callItem(0, 'a')))).endsWithoutBody;
		expect(await read(entry(ENDED, undefined, 1, { status: 'success' }))).toBe(true);
		expect(await read(entry('event_phone_call_did_not_connect', undefined, 1, { status: 'success' }))).toBe(true);
		expect(await read(entry(ENDED, undefined, 1, { status: 'failed' }))).toBe(false);
		expect(await read(entry(ENDED, undefined, 1, { status: 'pending' }))).toBe(false);
		expect(await read(entry(VOICEMAIL, undefined, 1, { status: 'success' }))).toBe(false);
		expect(await read(entry(undefined, undefined, 1, { status: 'success' }))).toBe(false);
		expect(await read(entry(ENDED, null, 1, { status: 'success' }))).toBe(false);
		const campaign = { ...record([campaignItem(0, 'cc-1')], 'campaign'), webhooks: [{ campaignId: 'camp-1', webhookId: 'w9' }] };
		const campaignLog = (name: string) => talkover({ '/api/v1/campaigns/camp-1/webhooks/w9/logs': [entry(name, undefined, 1, { status: 'success' })] }).ctx;
		expect((await knownFrom(campaignLog('campaign_call.completed'), campaign)).endsWithoutBody).toBe(true);
		expect((await knownFrom(campaignLog(ENDED), campaign)).endsWithoutBody).toBe(false);
	});

	test('an event sent again (Talkover’s retry, or Retry Webhook Delivery) is as old as its first sending, whatever order the log lists them in', async () => {
		const body = transcript('a', 'hello');
		const item = callItem(0, 'a', [TRANSCRIPT]);
		// Between them, another call's transcript: the newest first sending of the event before the second is not this one's.
		const other = transcript('b', 'another call');
		for (const entries of [
			[entry(TRANSCRIPT, body, 60, { attempt: 2 }), entry(TRANSCRIPT, other, 30), entry(TRANSCRIPT, body, 10)],
			[entry(TRANSCRIPT, body, 10), entry(TRANSCRIPT, other, 30), entry(TRANSCRIPT, body, 60, { attempt: 2 })],
		]) {
			const known = await knownFrom(talkover({ [LOG1]: entries }).ctx, calls([W1], item));
			expect(atOf(known, 'a')).toEqual([T + 10_000, T + 10_000]);
		}
	});

	test('a failed first attempt retried by hand (Retry Webhook Delivery numbers it 2) after Talkover’s own third attempt: both are as old as the first sending, in either order', async () => {
		const body = transcript('a', 'hello');
		const item = callItem(0, 'a', [TRANSCRIPT]);
		const entries = [entry(TRANSCRIPT, undefined, 10), entry(TRANSCRIPT, body, 60, { attempt: 3 }), entry(TRANSCRIPT, transcript('b', 'another call'), 70), entry(TRANSCRIPT, body, 90, { attempt: 2 })];
		for (const log of [entries, [...entries].reverse()]) {
			expect(atOf(await knownFrom(talkover({ [LOG1]: log }).ctx, calls([W1], item)), 'a')).toEqual([T + 10_000, T + 10_000]);
		}
	});

	test('the same body in keys of another order is the same event; another body is another', async () => {
		const item = callItem(0, 'a', [TRANSCRIPT]);
		const known = await knownFrom(
			talkover({ [LOG1]: [entry(TRANSCRIPT, { call_id: 'a', event: TRANSCRIPT, transcript: 'hi' }, 10), entry(TRANSCRIPT, { transcript: 'hi', event: TRANSCRIPT, call_id: 'a' }, 20, { attempt: 2 }), entry(TRANSCRIPT, transcript('a', 'bye'), 30)] }).ctx,
			calls([W1], item),
		);
		expect(atOf(known, 'a')).toEqual([T + 10_000, T + 10_000, T + 30_000]);
	});

	test('a later attempt whose first attempt shows no body (it failed) was first sent at that first attempt: the newest of its event at or before it', async () => {
		const item = callItem(0, 'a', [TRANSCRIPT]);
		// Oldest first too: the webhooks' logs are read one after the other.
		const oldestFirst = await knownFrom(talkover({ [LOG1]: [entry(TRANSCRIPT, undefined, 5), entry(TRANSCRIPT, undefined, 20), entry(TRANSCRIPT, transcript('a', 'hi'), 30, { attempt: 2 })] }).ctx, calls([W1], item));
		expect(atOf(oldestFirst, 'a')).toEqual([T + 20_000]);
		const known = await knownFrom(
			talkover({
				// Newest first, as Talkover lists it.
				[LOG1]: [
					entry(TRANSCRIPT, undefined, 40),
					entry(TRANSCRIPT, transcript('a', 'hi'), 30, { attempt: 2 }),
					entry(ENDED, ended('a'), 25),
					entry(TRANSCRIPT, undefined, 20),
					entry(TRANSCRIPT, undefined, 5),
					entry(TRANSCRIPT, undefined, 'no time', { attempt: 1 }),
				],
			}).ctx,
			calls([W1], item),
		);
		expect(atOf(known, 'a')).toEqual([T + 20_000]);
		const first = await knownFrom(talkover({ [LOG1]: [entry(TRANSCRIPT, transcript('a', 'hi'), 30, { attempt: 3 }), entry(TRANSCRIPT, undefined, 35)] }).ctx, calls([W1], item));
		expect(atOf(first, 'a')).toEqual([T + 30_000]);
		const none = await knownFrom(talkover({ [LOG1]: [entry(TRANSCRIPT, transcript('a', 'hi'), 30, { attempt: 2 })] }).ctx, calls([W1], item));
		expect(atOf(none, 'a')).toEqual([T + 30_000]);
		// A first attempt logged the same second as the later one (Talkover's times are in seconds) is its first sending.
		const sameSecond = await knownFrom(talkover({ [LOG1]: [entry(TRANSCRIPT, transcript('a', 'hi'), 30, { attempt: 2 }), entry(TRANSCRIPT, undefined, 30), entry(TRANSCRIPT, undefined, 10)] }).ctx, calls([W1], item));
		expect(atOf(sameSecond, 'a')).toEqual([T + 30_000]);
	});

	test('an attempt numbered below 1 is read as a first attempt', async () => {
		const item = callItem(0, 'a', [TRANSCRIPT]);
		const known = await knownFrom(talkover({ [LOG1]: [entry(TRANSCRIPT, transcript('a', 'hi'), 30, { attempt: 2 }), entry(TRANSCRIPT, undefined, 20, { attempt: 0 }), entry(TRANSCRIPT, undefined, 5)] }).ctx, calls([W1], item));
		expect(atOf(known, 'a')).toEqual([T + 20_000]);
	});

	test('an attempt the log does not number is a first attempt; a time without a zone is not known, never guessed', async () => {
		const item = callItem(0, 'a', [TRANSCRIPT]);
		const known = await knownFrom(
			talkover({
				[LOG1]: [
					entry(TRANSCRIPT, undefined, 5),
					entry(TRANSCRIPT, transcript('a', 'one'), 30, { attempt: undefined }),
					entry(TRANSCRIPT, transcript('a', 'two'), 31, { attempt: 'x' }),
					entry(TRANSCRIPT, transcript('a', 'three'), 32, { attempt: 0 }),
					entry(TRANSCRIPT, transcript('a', 'four'), 33, { attempt: 1.5 }),
					entry(TRANSCRIPT, transcript('a', 'five'), '2026-11-25 12:00:34'),
				],
			}).ctx,
			calls([W1], item),
		);
		expect(atOf(known, 'a')).toEqual([T + 30_000, T + 31_000, T + 32_000, T + 33_000, undefined]);
		expect(known.picked.get('a')?.get(TRANSCRIPT)?.[4]).toEqual({ callId: 'a', fields: transcript('a', 'five') });
		// The same body logged again at a time without a zone: its first sending's time still counts.
		const again = await knownFrom(talkover({ [LOG1]: [entry(TRANSCRIPT, transcript('a', 'six'), '2026-11-25 12:01:00', { attempt: 2 }), entry(TRANSCRIPT, transcript('a', 'six'), 10)] }).ctx, calls([W1], item));
		expect(atOf(again, 'a')).toEqual([T + 10_000, T + 10_000]);
	});

	test('the delivery in hand: after every entry of the log; as old as the logged body it repeats; while a later attempt of its event is in flight, that attempt’s first sending', async () => {
		const item = callItem(0, 'a', [TRANSCRIPT]);
		const inHand = (body: IDataObject) => readWaitEvent(calls([W1], item), body) as WaitEvent;
		const hello = transcript('a', 'hello');
		const read = async (entries: IDataObject[], body = hello) => atOf(await knownFrom(talkover({ [LOG1]: entries }).ctx, calls([W1], item), inHand(body)), 'a');
		expect(await read([])).toEqual([Number.POSITIVE_INFINITY]);
		expect(await read([entry(TRANSCRIPT, hello, 10), entry(TRANSCRIPT, hello, 50, { attempt: 2 })])).toEqual([T + 10_000, T + 10_000, T + 10_000]);
		expect(await read([entry(TRANSCRIPT, transcript('a', 'other'), 10)])).toEqual([T + 10_000, Number.POSITIVE_INFINITY]);
		// The logged body it repeats has no time known: after them all.
		expect(await read([entry(TRANSCRIPT, hello, 'no time')])).toEqual([undefined, Number.POSITIVE_INFINITY]);
		// Talkover sending an event again: its first attempt failed at 10 s, its second at 40 s, the third in flight.
		const failedThenPending = (status: string, made: number | string = 60) => [entry(TRANSCRIPT, undefined, 10), entry(TRANSCRIPT, undefined, 40, { attempt: 2 }), entry(TRANSCRIPT, undefined, made, { attempt: 3, status })];
		expect(await read(failedThenPending('pending'))).toEqual([T + 10_000]);
		expect(await read(failedThenPending('retrying'))).toEqual([T + 10_000]);
		expect(await read(failedThenPending('failed'))).toEqual([Number.POSITIVE_INFINITY]);
		expect(await read(failedThenPending('pending', 'no time'))).toEqual([Number.POSITIVE_INFINITY]);
		expect(await read([entry(TRANSCRIPT, undefined, 10), entry(TRANSCRIPT, null, 60, { attempt: 2, status: 'pending' })])).toEqual([T + 10_000]);
		// A later attempt in flight whose body the log shows (another call's) is not the one in hand.
		expect(await read([entry(TRANSCRIPT, transcript('a', 'other'), 60, { attempt: 2, status: 'retrying' }), entry(TRANSCRIPT, undefined, 10)])).toEqual([T + 10_000, Number.POSITIVE_INFINITY]);
		// Of another event, or a first attempt in flight: after the log.
		expect(await read([entry(ENDED, undefined, 10), entry(ENDED, undefined, 60, { attempt: 2, status: 'pending' })])).toEqual([Number.POSITIVE_INFINITY]);
		expect(await read([entry(TRANSCRIPT, undefined, 60, { status: 'pending' })])).toEqual([Number.POSITIVE_INFINITY]);
		// Two in flight: the earliest it may be.
		expect(await read([entry(TRANSCRIPT, undefined, 10), entry(TRANSCRIPT, undefined, 30), entry(TRANSCRIPT, undefined, 60, { attempt: 2, status: 'pending' }), entry(TRANSCRIPT, undefined, 20, { attempt: 2, status: 'retrying' })])).toEqual([T + 10_000]);
	});

	describe('an end that does not say how the call ended, while a did_not_connect the log does not show may be the call’s', () => {
		const DID_NOT_CONNECT = 'event_phone_call_did_not_connect';
		const placed = (item: CallItem, at: number): CallItem => ({ ...item, placedAt: T + at * 1000 });
		const doubtful = async (entries: IDataObject[], item: CallItem) => [...(await knownFrom(talkover({ [LOG1]: entries }).ctx, calls([W1], item))).doubtful];

		test('a failed or pending did_not_connect (no body shown) made since the call was placed makes the end doubtful; one made before (by more than the clocks may differ) does not', async () => {
			const item = placed(callItem(0, 'a'), 100);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, 105, { http_status: 503 })], item)).toEqual(['a']);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, null, 105, { status: 'pending' })], item)).toEqual(['a']);
			// Made 30 s before the call was placed: within the clocks' difference, still doubtful; two minutes before: another call's.
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, 70)], item)).toEqual(['a']);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, -20)], item)).toEqual([]);
			// One before and one since: the one since counts. Made exactly when the clocks' difference allows: since.
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, -20), entry(DID_NOT_CONNECT, undefined, 105)], item)).toEqual(['a']);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, 40)], item)).toEqual(['a']);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, 39)], item)).toEqual([]);
			// Its time unknown: it may be since.
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, 'no time')], item)).toEqual(['a']);
			// A call's next call (Call Again Until Reached) counts from when it rings.
			const later = { ...item, callAgain: { rule: { attempts: 3, afterMs: 0, when: ['notReached' as const] }, before: [], ringsAt: T + 400_000 } };
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 410), entry(DID_NOT_CONNECT, undefined, 200)], later)).toEqual([]);
		});

		test('not doubtful: an end that says its status or reason, a did_not_connect whose body the log shows (it names its call), no did_not_connect at all, or an end that is the did_not_connect itself', async () => {
			const item = placed(callItem(0, 'a'), 100);
			expect(await doubtful([entry(ENDED, ended('a', { status: 'completed' }), 110), entry(DID_NOT_CONNECT, undefined, 105)], item)).toEqual([]);
			expect(await doubtful([entry(ENDED, ended('a', { ended_reason: 'customer_hangup' }), 110), entry(DID_NOT_CONNECT, undefined, 105)], item)).toEqual([]);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, { event: DID_NOT_CONNECT, call_id: 'b' }, 105)], item)).toEqual([]);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110), entry(ENDED, undefined, 105)], item)).toEqual([]);
			expect(await doubtful([entry(ENDED, ended('a', { duration: 0 }), 110)], item)).toEqual([]);
			expect(await doubtful([entry(DID_NOT_CONNECT, { event: DID_NOT_CONNECT, call_id: 'a', duration: 0 }, 110), entry(DID_NOT_CONNECT, undefined, 105)], item)).toEqual([]);
			// No end yet: nothing to doubt.
			expect(await doubtful([entry(DID_NOT_CONNECT, undefined, 105)], item)).toEqual([]);
		});

		test('a doubtful end is read with the listed status once it is known: that status says how it ended; an end not doubtful keeps its own fields', async () => {
			const item = placed(callItem(0, 'a'), 100);
			const known = await knownFrom(talkover({ [LOG1]: [entry(ENDED, ended('a', { duration: 0 }), 110), entry(DID_NOT_CONNECT, undefined, 105)] }).ctx, calls([W1], item));
			const end = known.ends.get('a')!;
			expect(endFields('a', end, known)).toEqual(end.fields);
			known.listed.set('a', { status: 'busy', duration: 0 });
			expect(endFields('a', end, known)).toEqual({ ...end.fields, status: 'busy' });
			known.doubtful.delete('a');
			expect(endFields('a', end, known)).toEqual(end.fields);
			known.doubtful.add('a');
			known.listed.set('a', { error: 'not listed' });
			expect(endFields('a', end, known)).toEqual(end.fields);
		});
	});

	describe('earlier sends of the delivery in hand, as the log shows them', () => {
		const DID_NOT_CONNECT_EVENT = 'event_phone_call_did_not_connect';
		const earlier = async (entries: IDataObject[], inHand: WaitEvent | { nameless: IDataObject }) => (await readCurrent(talkover({ [LOG1]: entries }).ctx, calls([W1], callItem(0, 'a')), inHand)).inHand;
		const end = ended('a', { duration: 0 });
		const inHand = () => readWaitEvent(calls([W1], callItem(0, 'a')), end) as WaitEvent;

		test('answered: a success entry with the same body, whichever key order; a failed one, or another body, is not', async () => {
			expect((await earlier([entry(ENDED, { duration: 0, call_id: 'a', event: ENDED }, 10)], inHand()))!.answered).toBe(true);
			expect((await earlier([entry(ENDED, end, 10, { status: 'failed' })], inHand()))!.answered).toBe(false);
			expect((await earlier([entry(ENDED, ended('a', { duration: 1 }), 10)], inHand()))!.answered).toBe(false);
			expect((await earlier([], inHand()))!.answered).toBe(false);
		});

		test('unanswered: the failed entries with no HTTP status (none, null or 0) of its event, or of any event for a body that names none, with when they were made', async () => {
			const failed = (name: string, made: number, http: number | null | undefined) => entry(name, undefined, made, { http_status: http });
			const log = [failed(ENDED, 10, undefined), failed(ENDED, 20, null), failed(ENDED, 30, 0), failed(ENDED, 40, 503), failed(VOICEMAIL, 50, null), entry(ENDED, ended('b'), 60, { http_status: null })];
			expect((await earlier(log, inHand()))!.unanswered).toEqual([{ at: T + 10_000 }, { at: T + 20_000 }, { at: T + 30_000 }]);
			expect((await earlier(log, { nameless: { call_id: 'a', duration: 0 } }))!.unanswered).toEqual([{ at: T + 10_000 }, { at: T + 20_000 }, { at: T + 30_000 }, { at: T + 50_000 }]);
			expect((await earlier([failed(ENDED, 'no time' as never, null)], inHand()))!.unanswered).toEqual([{}]);
		});

		test('a body that names no event (the log’s body): answered by a success entry with that body, of any event', async () => {
			const body = { call_id: 'a', duration: 0 };
			expect((await earlier([entry(DID_NOT_CONNECT_EVENT, body, 10)], { nameless: body }))!.answered).toBe(true);
			expect((await earlier([entry(DID_NOT_CONNECT_EVENT, { call_id: 'a', duration: 5 }, 10)], { nameless: body }))!.answered).toBe(false);
		});

		test('an end of a call whose next call the wait may place, in an entry still being sent (its body shown), is not taken: its answer, which says what was placed, is not there yet; once settled, or for a call with no next call, it is', async () => {
			const placing = { ...callItem(0, 'a'), callAgain: { rule: { attempts: 3, afterMs: 0, when: ['notReached' as const] }, before: [], resend: { to: '+15550001000' } } };
			const ends = async (status: string, item: CallItem) => [...(await knownFrom(talkover({ [LOG1]: [entry(ENDED, end, 10, { status })] }).ctx, calls([W1], item))).ends.keys()];
			expect(await ends('pending', placing)).toEqual([]);
			expect(await ends('retrying', placing)).toEqual([]);
			expect(await ends('success', placing)).toEqual(['a']);
			expect(await ends('pending', callItem(0, 'a'))).toEqual(['a']);
		});

		test('no delivery in hand: nothing said of earlier sends', async () => {
			expect(await readCurrent(talkover({ [LOG1]: [] }).ctx, calls([W1], callItem(0, 'a')))).not.toHaveProperty('inHand');
		});
	});
});

describe('earlier sends of an end: what counts for the call that rang since', () => {
	test('sends made before the call rang are another call’s; unanswered ones since make it not the first, with the earliest time when each says one', () => {
		const since = T + 60_000;
		expect(endSends({ answered: false, unanswered: [] }, since)).toEqual({ answered: false, first: true });
		expect(endSends({ answered: true, unanswered: [{ at: T }] }, since)).toEqual({ answered: true, first: true });
		expect(endSends({ answered: false, unanswered: [{ at: since + 5_000 }, { at: since }, { at: T }] }, since)).toEqual({ answered: false, first: false, sentAt: since });
		// One says no time: it may be since the call rang, and no time is given.
		expect(endSends({ answered: false, unanswered: [{ at: since + 5_000 }, {}] }, since)).toEqual({ answered: false, first: false });
	});
});
