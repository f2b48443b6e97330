/**
 * Which logged deliveries the trigger's catch-up has Talkover send again (catchUp/choice.ts), read over the
 * delivery logs the pages document (List Webhook Delivery Logs, List Campaign Webhook Logs) and over the
 * variants they leave open: the log's order, entries of one event, entries the pages do not describe.
 */
import type { IDataObject } from 'n8n-workflow';

import { deliveryKey } from '../../../nodes/TalkoverTrigger/deliveries';
import { chooseDeliveries, reachesBack } from '../../../nodes/TalkoverTrigger/catchUp/choice';
import { answersOf } from '../../contract/documented';

const at = (iso: string) => Date.parse(iso);
const entry = (id: string, status: string, createdAt: string, extra: IDataObject = {}): IDataObject => ({ id, webhook_id: 'webhook-uuid', event: 'event_phone_call_ended', attempt: 1, status, created_at: createdAt, ...extra });

describe('the pages’ own delivery logs', () => {
	const agentLog = answersOf('GET /agents/{}/webhooks/{}/logs').filter((a) => a.status === 200);
	const campaignLog = answersOf('GET /campaigns/{}/webhooks/{}/logs').filter((a) => a.status === 200);

	test('the agent page’s log: its failed entry (attempt 3, no payload) is sent again, its success never', () => {
		expect(agentLog.length).toBeGreaterThan(0);
		for (const answer of agentLog) {
			const entries = (answer.body as { data: unknown[] }).data;
			const choice = chooseDeliveries(entries, at('2024-01-15T10:00:00Z'), new Set());
			expect(choice).toEqual({ send: [{ id: 'log-uuid-2', event: 'event_phone_call_started', at: at('2024-01-15T10:55:00Z') }], leftAlone: [], older: [] });
			expect(reachesBack(entries, at('2024-01-15T10:00:00Z'))).toBe(false);
		}
	});

	test('the campaign page’s log (one success, paged by total only): nothing to send', () => {
		expect(campaignLog.length).toBeGreaterThan(0);
		for (const answer of campaignLog) {
			const entries = (answer.body as { data: unknown[] }).data;
			expect(chooseDeliveries(entries, at('2024-01-15T10:00:00Z'), new Set()).send).toEqual([]);
		}
	});

	test('the agent page’s failed entry is not sent when it failed at or before the start (the last delivery received)', () => {
		const entries = (agentLog[0].body as { data: unknown[] }).data;
		const before = chooseDeliveries(entries, at('2024-01-15T10:55:00Z'), new Set());
		expect(before.send).toEqual([]);
		expect(reachesBack(entries, at('2024-01-15T10:55:00Z'))).toBe(true);
		expect(before.older.map((f) => f.id)).toEqual(['log-uuid-2']);
	});
});

describe('which entries are sent again', () => {
	const since = at('2026-01-15T10:00:00Z');

	test('only failed entries: pending (queued), retrying (Talkover still sends it) and success are not', () => {
		const log = [entry('a', 'pending', '2026-01-15T11:04:00Z'), entry('b', 'retrying', '2026-01-15T11:03:00Z'), entry('c', 'success', '2026-01-15T11:02:00Z'), entry('d', 'failed', '2026-01-15T11:01:00Z')];
		expect(chooseDeliveries(log, since, new Set()).send.map((f) => f.id)).toEqual(['d']);
	});

	test('oldest first, whatever order the log lists them in; the same entry on two pages once', () => {
		const log = [entry('m', 'failed', '2026-01-15T11:30:00Z'), entry('k', 'failed', '2026-01-15T10:30:00Z'), entry('l', 'failed', '2026-01-15T11:00:00Z'), entry('k', 'failed', '2026-01-15T10:30:00Z')];
		expect(chooseDeliveries(log, since, new Set()).send.map((f) => f.id)).toEqual(['k', 'l', 'm']);
	});

	test('oldest first by when each failed, not by their IDs (Talkover’s IDs are UUIDs); failures of the same second in the order of their IDs, at every start', () => {
		const log = [entry('a-newest', 'failed', '2026-01-15T11:30:00Z'), entry('z-oldest', 'failed', '2026-01-15T10:30:00Z'), entry('n-same', 'failed', '2026-01-15T11:00:00Z'), entry('m-same', 'failed', '2026-01-15T11:00:00Z')];
		expect(chooseDeliveries(log, since, new Set()).send.map((f) => f.id)).toEqual(['z-oldest', 'm-same', 'n-same', 'a-newest']);
		expect(chooseDeliveries([...log].reverse(), since, new Set()).send.map((f) => f.id)).toEqual(['z-oldest', 'm-same', 'n-same', 'a-newest']);
	});

	test('a test delivery that failed (Talkover’s Test button: webhook.test, or a payload with test: true) is never sent again', () => {
		const log = [
			entry('t1', 'failed', '2026-01-15T11:04:00Z', { event: 'webhook.test' }),
			entry('t2', 'failed', '2026-01-15T11:03:00Z', { event: 'campaign.completed', request_payload: { event: 'campaign.completed', campaign_id: 'c-1', test: true } }),
			entry('live', 'failed', '2026-01-15T11:02:00Z', { event: 'campaign.completed', request_payload: { event: 'campaign.completed', campaign_id: 'c-1' } }),
		];
		const choice = chooseDeliveries(log, since, new Set());
		expect(choice.send.map((f) => f.id)).toEqual(['live']);
		expect(choice.leftAlone).toEqual([]);
	});

	test('an entry already sent again (the catch-up record) is not sent twice', () => {
		const log = [entry('x', 'failed', '2026-01-15T11:00:00Z'), entry('y', 'failed', '2026-01-15T11:01:00Z')];
		expect(chooseDeliveries(log, since, new Set(['x'])).send.map((f) => f.id)).toEqual(['y']);
	});

	test('a failed entry whose payload was delivered once (a success entry with it, or a delivery the trigger received) is not sent', () => {
		const payload = { event: 'event_phone_call_ended', call_id: 'call-1' };
		const other = { event: 'event_phone_call_ended', call_id: 'call-2' };
		const log = [
			entry('ok', 'success', '2026-01-15T11:05:00Z', { request_payload: payload }),
			entry('f1', 'failed', '2026-01-15T11:00:00Z', { request_payload: { call_id: 'call-1', event: 'event_phone_call_ended' } }),
			entry('f2', 'failed', '2026-01-15T11:01:00Z', { request_payload: other }),
			entry('f3', 'failed', '2026-01-15T11:02:00Z'),
		];
		expect(chooseDeliveries(log, since, new Set()).send.map((f) => f.id)).toEqual(['f2', 'f3']);
		expect(chooseDeliveries(log, since, new Set(), new Set([deliveryKey(other)])).send.map((f) => f.id)).toEqual(['f3']);
	});

	test('0.1.0’s one webhook (bare): a failed entry whose body the trigger received as it was (its own digest) is not sent', () => {
		const body = { call_id: 'call-1', duration: 45 };
		const log = [entry('f', 'failed', '2026-01-15T11:00:00Z', { request_payload: body })];
		expect(chooseDeliveries(log, since, new Set(), new Set([deliveryKey(body)]), 1, true).send).toEqual([]);
	});

	test('times with an offset are read as the moment they name', () => {
		const log = [entry('z', 'failed', '2026-01-15T12:30:00+02:00'), entry('early', 'failed', '2026-01-15T04:30:00-05:00')];
		expect(chooseDeliveries(log, since, new Set()).send).toEqual([{ id: 'z', event: 'event_phone_call_ended', at: at('2026-01-15T10:30:00Z') }]);
	});
});

describe('entries the pages do not describe are left alone and named, never guessed', () => {
	const since = at('2026-01-15T10:00:00Z');

	test.each<[string, unknown, RegExp]>([
		['no ID', { status: 'failed', event: 'e', created_at: '2026-01-15T11:00:00Z' }, /has no ID/],
		['a status the pages do not list', entry('s', 'dead_letter', '2026-01-15T11:00:00Z'), /status Talkover does not document \("dead_letter"/],
		['a failure without a time zone', entry('t', 'failed', '2026-01-15 11:00:00'), /names no time zone/],
		['a failure without a creation time', entry('u', 'failed', ''), /created_at\) of entry 1 of the delivery log \(ID u\) is missing/],
		['a failure without an event name', entry('v', 'failed', '2026-01-15T11:00:00Z', { event: null }), /failed without the name of its event/],
		['a failure with an empty event name', entry('w', 'failed', '2026-01-15T11:00:00Z', { event: '' }), /failed without the name of its event/],
		['a failure without an event name, its ID 100,000 characters long', entry('y'.repeat(100_000), 'failed', '2026-01-15T11:00:00Z', { event: null }), new RegExp(`^entry 1 of the delivery log \\(ID ${'y'.repeat(80)}… \\(100000 characters\\)\\) failed without the name of its event`)],
		['a failure without a creation time, its ID 100,000 characters long', entry('z'.repeat(100_000), 'failed', ''), new RegExp(`created_at\\) of entry 1 of the delivery log \\(ID ${'z'.repeat(80)}… \\(100000 characters\\)\\) is missing`)],
	])('%s', (_what, value, why) => {
		const choice = chooseDeliveries([value, entry('fine', 'failed', '2026-01-15T11:10:00Z')], since, new Set());
		expect(choice.send.map((f) => f.id)).toEqual(['fine']);
		expect(choice.leftAlone).toHaveLength(1);
		expect(choice.leftAlone[0].why).toMatch(why);
	});

	test('an odd entry is named by its place in the log; one made at the start itself is no concern', () => {
		const log = [entry('fine', 'failed', '2026-01-15T11:10:00Z'), entry('s', 'dead_letter', '2026-01-15T11:00:00Z'), entry('at-start', 'dead_letter', '2026-01-15T10:00:00Z')];
		const choice = chooseDeliveries(log, since, new Set());
		expect(choice.leftAlone.map((e) => e.why)).toEqual([expect.stringMatching(/^entry 2 of the delivery log has a status Talkover does not document/)]);
	});

	test('failures from before the start, for n8n’s log: oldest first', () => {
		const log = [entry('b', 'failed', '2026-01-15T09:30:00Z'), entry('a', 'failed', '2026-01-15T09:00:00Z')];
		expect(chooseDeliveries(log, since, new Set()).older.map((f) => f.id)).toEqual(['a', 'b']);
	});

	test('an odd entry from before the start is no concern: not named', () => {
		const log = [entry('old', 'dead_letter', '2026-01-15T09:00:00Z'), entry('older', 'failed', '2026-01-15T09:30:00Z', { event: 7 })];
		expect(chooseDeliveries(log, since, new Set())).toEqual({ send: [], leftAlone: [], older: [] });
	});

	test('an odd success (no time) does not stop a failure from being sent', () => {
		const log = [entry('s', 'success', 'yesterday'), entry('f', 'failed', '2026-01-15T11:00:00Z')];
		expect(chooseDeliveries(log, since, new Set())).toMatchObject({ send: [{ id: 'f' }], leftAlone: [] });
	});
});
