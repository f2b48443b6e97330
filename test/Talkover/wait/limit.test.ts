/**
 * Each call's own Wait Limit (nodes/Talkover/wait/limit.ts): when the wait may end at a limit, how many calls
 * are still open within theirs, and when to look again. A call waited for is one not known to have ended, or
 * one that ended and still waits for a per-call event picked (not one that never connected: none comes).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Known, WaitEvent } from '../../../nodes/Talkover/wait/known';
import { nothingKnown } from '../../../nodes/Talkover/wait/known';
import { firstLimit, LIMIT_STEP_MS, limitsReached, nextLimit, openWithinLimits } from '../../../nodes/Talkover/wait/limit';
import type { CallItem, WaitItem, WaitRecord } from '../../../nodes/Talkover/wait/record';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);
const MIN = 60_000;

const call = (item: number, deadline: number, extra: { events?: string[] } = {}): CallItem => ({ item, agentId: 'agent-1', callId: `Call-${item}`, to: `+1555000100${item}`, call: {}, deadline, ...extra });
const skipped = (item: number): WaitItem => ({ item, output: { outcome: 'notCalled' } });
const record = (items: WaitItem[], deadline = T + 60 * MIN): WaitRecord => ({ v: 1, secretHash: 'h', address: 'http://n8n/a', since: T, deadline, webhooks: [], items });

function known(ends: Record<string, { event?: string; fields?: IDataObject; callId?: string }> = {}, extra: Partial<Known> = {}): Known {
	const k = nothingKnown();
	for (const [id, end] of Object.entries(ends)) k.ends.set(id.toLowerCase(), { event: end.event ?? 'event_phone_call_ended', fields: end.fields ?? {}, ...(end.callId ? { callId: end.callId } : {}) } as WaitEvent);
	return Object.assign(k, extra);
}

describe('the first Wait Limit', () => {
	test('the earliest limit of the calls, whatever their order', () => {
		expect(firstLimit(record([call(0, T + 30 * MIN), call(1, T + 10 * MIN), call(2, T + 20 * MIN)]))).toBe(T + 10 * MIN);
	});

	test('items that placed no call have no limit of their own; with no call at all, the wait’s own', () => {
		expect(firstLimit(record([skipped(0), call(1, T + 20 * MIN)], T + 90 * MIN))).toBe(T + 20 * MIN);
		expect(firstLimit(record([skipped(0)], T + 90 * MIN))).toBe(T + 90 * MIN);
	});
});

describe('every call waited for at its limit', () => {
	const r = record([call(0, T + 10 * MIN), call(1, T + 30 * MIN), skipped(2)]);

	test('not before the latest limit of the open calls; at it, yes', () => {
		expect(limitsReached(r, known(), T + 10 * MIN)).toBe(false);
		expect(limitsReached(r, known(), T + 30 * MIN - 1)).toBe(false);
		expect(limitsReached(r, known(), T + 30 * MIN)).toBe(true);
	});

	test('a call that ended is no longer waited for: the other’s limit is enough', () => {
		expect(limitsReached(r, known({ 'call-1': {} }), T + 10 * MIN)).toBe(true);
		expect(limitsReached(r, known({ 'call-1': {} }), T + 10 * MIN - 1)).toBe(false);
	});

	test('a call listed as ended (its end never delivered) is not waited for either', () => {
		expect(limitsReached(r, known({}, { listed: new Map([['call-1', { status: 'completed' }]]) }), T + 10 * MIN)).toBe(true);
	});

	test('`early`: a limit that far ahead of this clock counts as reached, not one further', () => {
		expect(limitsReached(r, known(), T + 29 * MIN, MIN)).toBe(true);
		expect(limitsReached(r, known(), T + 29 * MIN - 1, MIN)).toBe(false);
	});

	test('an answered call still waiting for a picked event is waited for until its own limit', () => {
		const c = record([call(0, T + 10 * MIN), call(1, T + 30 * MIN, { events: ['call.transcript'] })]);
		expect(limitsReached(c, known({ 'call-1': {} }), T + 10 * MIN)).toBe(false);
		expect(limitsReached(c, known({ 'call-1': {} }), T + 30 * MIN)).toBe(true);
		// Its event came: no longer waited for.
		const came = known({ 'call-1': { callId: 'Call-1' } }, { picked: new Map([['call-1', new Map([['call.transcript', [{ fields: { text: 'hi' } }]]])]]) });
		expect(limitsReached(c, came, T + 10 * MIN)).toBe(true);
	});

	test('a call that never connected waits for no picked event: none comes for it', () => {
		const c = record([call(0, T + 10 * MIN), call(1, T + 30 * MIN, { events: ['call.transcript'] })]);
		expect(limitsReached(c, known({ 'call-1': { event: 'event_phone_call_did_not_connect' } }), T + 10 * MIN)).toBe(true);
		expect(limitsReached(c, known({ 'call-1': { fields: { status: 'no-answer' } } }), T + 10 * MIN)).toBe(true);
	});

	test('a voicemail still waits for its picked event (a recording may come)', () => {
		const c = record([call(0, T + 10 * MIN), call(1, T + 30 * MIN, { events: ['call.recording'] })]);
		expect(limitsReached(c, known({ 'call-1': { fields: { status: 'busy' } } }, { voicemail: new Set(['call-1']) }), T + 10 * MIN)).toBe(false);
	});
});

describe('the calls still open within their limits', () => {
	const r = record([call(0, T + 10 * MIN), call(1, T + 30 * MIN), skipped(2), call(3, T + 30 * MIN)]);

	test('counts the calls not ended whose limit is ahead (a skipped item is no call)', () => {
		expect(openWithinLimits(r, known(), T)).toBe(3);
		expect(openWithinLimits(r, known(), T + 10 * MIN - 1)).toBe(3);
		expect(openWithinLimits(r, known(), T + 10 * MIN)).toBe(2);
		expect(openWithinLimits(r, known({ 'call-3': {} }), T + 10 * MIN)).toBe(1);
		expect(openWithinLimits(r, known(), T + 30 * MIN)).toBe(0);
	});

	test('`early` brings the limits nearer', () => {
		expect(openWithinLimits(r, known(), T + 9 * MIN, MIN)).toBe(2);
		expect(openWithinLimits(r, known(), T + 9 * MIN - 1, MIN)).toBe(3);
	});

	test('an ended call waiting for its picked event is not open', () => {
		const c = record([call(0, T + 10 * MIN, { events: ['call.transcript'] })]);
		expect(openWithinLimits(c, known({ 'call-0': {} }), T)).toBe(0);
	});
});

describe('when to look at the limits next', () => {
	const r = record([call(0, T + 10 * MIN), call(1, T + 30 * MIN), call(2, T + 20 * MIN)], T + 30 * MIN);

	test('the earliest limit not reached yet of a call waited for', () => {
		expect(nextLimit(r, known(), T)).toBe(T + 10 * MIN);
		expect(nextLimit(r, known(), T + 10 * MIN)).toBe(T + 20 * MIN);
		expect(nextLimit(r, known({ 'call-2': {} }), T + 10 * MIN)).toBe(T + 30 * MIN);
	});

	test('never sooner than a minute on (limits a minute apart are looked at together)', () => {
		expect(LIMIT_STEP_MS).toBe(MIN);
		expect(nextLimit(r, known(), T + 10 * MIN - 1)).toBe(T + 11 * MIN - 1);
	});

	test('every limit reached: the wait’s own limit, or a minute on', () => {
		expect(nextLimit(record([call(0, T + 10 * MIN)], T + 40 * MIN), known(), T + 10 * MIN)).toBe(T + 40 * MIN);
		expect(nextLimit(record([call(0, T + 10 * MIN)], T + 10 * MIN), known(), T + 10 * MIN)).toBe(T + 11 * MIN);
	});

	test('`early`: a limit that far ahead counts as reached', () => {
		expect(nextLimit(r, known(), T + 9 * MIN, MIN)).toBe(T + 20 * MIN);
		expect(nextLimit(r, known(), T + 9 * MIN - 1, MIN)).toBe(T + 10 * MIN);
	});

	test('an ended call still waiting for a picked event keeps its limit in view', () => {
		const c = record([call(0, T + 10 * MIN, { events: ['call.report'] }), call(1, T + 30 * MIN)], T + 30 * MIN);
		expect(nextLimit(c, known({ 'call-0': {} }), T)).toBe(T + 10 * MIN);
		expect(nextLimit(c, known({ 'call-0': { event: 'event_phone_call_did_not_connect' } }), T)).toBe(T + 30 * MIN);
	});
});
