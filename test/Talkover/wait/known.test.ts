/**
 * What the wait knows of its calls from the events of its webhooks (nodes/Talkover/wait/known.ts): each event
 * matched to the item whose call it names (a campaign call by its own ID, or by the call Talkover placed for it
 * once a campaign call event named both); the end that ended it, a voicemail event, the per-call events picked
 * (the ended attempt's own, never an earlier attempt's at the number).
 */
import type { WaitEvent } from '../../../nodes/Talkover/wait/known';
import { awaitingEvents, endsCall, hasEndedCall, learn, missingEvents, namedItem, nothingKnown, pickedOf, picksEvents, readWaitEvent, stillOpen } from '../../../nodes/Talkover/wait/known';
import type { CallItem, WaitItem, WaitRecord } from '../../../nodes/Talkover/wait/record';

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
});
