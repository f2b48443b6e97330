/**
 * What the trigger remembers for catching up (catchUp/record.ts): in the workflow's static data (what the
 * next start of n8n reads) and in this process's memory (what a webhook request, handed the static data of
 * the published workflow, or a background retry learned since). What is read back, how the two are
 * combined, what is kept and for how long, and that it stays bounded. The record's use by a start of n8n:
 * catching-up.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CatchUpRecord } from '../../../nodes/TalkoverTrigger/catchUp/record';
import { confirmSent, EXPECT_MS, forgetRecord, keepLearned, MAX_LOOKBACK_MS, MAX_SENT, noteDelivery, readRecord, startRecord, writeRecord } from '../../../nodes/TalkoverTrigger/catchUp/record';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let webhooks = 0;
/** The static data of a trigger with a webhook of its own (a new one each time: this process's memory is per webhook). */
const staticData = (catchUp?: unknown): IDataObject => ({ webhookId: `webhook-${++webhooks}`, ...(catchUp === undefined ? {} : { catchUp: catchUp as IDataObject }) });
/** The static data as saved (n8n stores it as JSON), or as another process reads it from the database. */
const saved = (data: IDataObject): IDataObject => JSON.parse(JSON.stringify(data));
const nothing = { watchingSince: undefined, lastDeliveryAt: undefined, caughtUpAt: undefined, sent: {}, plan: undefined };

describe('the record in the static data, read by a new process', () => {
	test.each<[string, number | undefined]>([
		['without an end of its own', undefined],
		['with the end its deliveries are expected until', NOW + 3 * HOUR],
	])('what was written is read back: since when, the last delivery, the last catch-up, what was sent again, the plan %s', (_what, until) => {
		const data = staticData();
		const record: CatchUpRecord = {
			watchingSince: NOW - 5 * HOUR,
			lastDeliveryAt: NOW - HOUR,
			caughtUpAt: NOW - 2 * HOUR,
			sent: { a: NOW - 3 * HOUR, b: NOW - 2 * HOUR },
			plan: { at: NOW - MINUTE, ...(until === undefined ? {} : { until }), ids: { c: NOW - 30 * MINUTE }, expected: { event_phone_call_ended: 1, event_phone_call_started: 0 } },
		};
		writeRecord(data, record, NOW);
		expect(saved(data).catchUp).toEqual(record);
		const other = { ...saved(data), webhookId: 'a webhook this process never saw' };
		expect(readRecord(other)).toEqual(record);
	});

	test('a trigger without a record (saved before it could catch up): nothing known', () => {
		expect(readRecord(staticData())).toEqual(nothing);
	});

	test.each<[string, unknown]>([
		['a list', [1, 2]],
		['a text', 'catching up'],
		['null', null],
	])('a record that is %s (edited by hand): nothing known', (_what, value) => {
		expect(readRecord(staticData(value))).toEqual(nothing);
	});

	test('a record edited by hand keeps what it can: times that are no times are left out', () => {
		const data = staticData({
			watchingSince: '2026-01-15',
			lastDeliveryAt: null,
			caughtUpAt: 'soon',
			sent: { a: NOW - HOUR, b: '2026-01-15T11:00:00Z', c: null, d: NOW - 2 * HOUR },
			plan: { at: NOW - MINUTE, ids: ['x'], expected: { event_phone_call_ended: 2, event_phone_call_started: 'two' } },
		});
		expect(readRecord(data)).toEqual({ ...nothing, sent: { a: NOW - HOUR, d: NOW - 2 * HOUR }, plan: { at: NOW - MINUTE, ids: {}, expected: { event_phone_call_ended: 2 } } });
	});

	test.each<[string, unknown]>([
		['a plan without its time', { ids: { x: NOW - HOUR }, expected: {} }],
		['a plan whose time is a text', { at: '2026-01-15T11:59:00Z', ids: { x: NOW - HOUR }, expected: {} }],
		['a plan that is a list', [{ at: NOW - MINUTE }]],
		['a plan that is null', null],
		['a plan that is a number', NOW],
	])('%s: no plan', (_what, plan) => {
		expect(readRecord(staticData({ watchingSince: NOW - HOUR, sent: {}, plan })).plan).toBeUndefined();
	});

	test('an entry whose log ID is a name JavaScript objects use themselves (__proto__, constructor) is read back, saved and kept like any other', () => {
		// As n8n reads the static data from its database: JSON, where `__proto__` is a key like any other.
		const data = { webhookId: `webhook-${++webhooks}`, catchUp: JSON.parse(`{"sent": {"__proto__": ${NOW - HOUR}, "constructor": ${NOW - 2 * HOUR}, "a": ${NOW - 3 * HOUR}}}`) };
		const ids = (record: { sent: Record<string, number> }) => Object.keys(record.sent).sort();
		expect(ids(readRecord(data))).toEqual(['__proto__', 'a', 'constructor']);
		noteDelivery(data, NOW);
		expect(ids(saved(data).catchUp as unknown as CatchUpRecord)).toEqual(['__proto__', 'a', 'constructor']);
		expect(ids(readRecord(saved(data)))).toEqual(['__proto__', 'a', 'constructor']);
	});

	test('a plan entry named as a property every object has (constructor, toString) is not taken for sent; confirmed queued, __proto__ is remembered as sent', () => {
		const data = staticData();
		writeRecord(data, { sent: {}, plan: { at: NOW, ids: { constructor: NOW - HOUR, toString: NOW - HOUR, ['__proto__']: NOW - HOUR }, expected: { event_phone_call_ended: 3 } } }, NOW);
		expect(Object.keys(readRecord(data).plan!.ids).sort()).toEqual(['__proto__', 'constructor', 'toString']);
		confirmSent(String(data.webhookId), '__proto__', NOW - HOUR, 'event_phone_call_ended');
		const read = readRecord(saved(data));
		expect([Object.keys(read.sent), Object.keys(read.plan!.ids).sort(), read.plan!.expected]).toEqual([['__proto__'], ['constructor', 'toString'], { event_phone_call_ended: 2 }]);
	});

	test('a map of times that is a list or null is read as empty', () => {
		expect(readRecord(staticData({ sent: [NOW], plan: { at: NOW, ids: null, expected: [1] } }))).toEqual({ ...nothing, plan: { at: NOW, ids: {}, expected: {} } });
	});
});

describe('what this process learned since, with the static data a webhook request is handed', () => {
	test('what was sent again: the entries of both; the later last delivery and last catch-up, the earlier start of watching', () => {
		const data = staticData();
		writeRecord(data, { watchingSince: NOW - 5 * HOUR, lastDeliveryAt: NOW - 2 * HOUR, caughtUpAt: NOW - HOUR, sent: { a: NOW - 3 * HOUR } }, NOW);
		// The published workflow's static data, older: another start of watching, a later delivery, an entry of its own.
		const handed = { ...saved(data), catchUp: { watchingSince: NOW - 4 * HOUR, lastDeliveryAt: NOW - MINUTE, caughtUpAt: NOW - 3 * HOUR, sent: { b: NOW - 4 * HOUR } } };
		expect(readRecord(handed)).toEqual({ watchingSince: NOW - 5 * HOUR, lastDeliveryAt: NOW - MINUTE, caughtUpAt: NOW - HOUR, sent: { a: NOW - 3 * HOUR, b: NOW - 4 * HOUR }, plan: undefined });
		const older = { ...saved(data), catchUp: { watchingSince: NOW - 6 * HOUR, lastDeliveryAt: NOW - 3 * HOUR, caughtUpAt: NOW - 30 * MINUTE, sent: {} } };
		expect(readRecord(older)).toMatchObject({ watchingSince: NOW - 6 * HOUR, lastDeliveryAt: NOW - 2 * HOUR, caughtUpAt: NOW - 30 * MINUTE });
	});

	test('times only one of them knows are read from it', () => {
		const data = staticData();
		writeRecord(data, { lastDeliveryAt: NOW - HOUR, sent: {} }, NOW);
		expect(readRecord({ ...saved(data), catchUp: { watchingSince: NOW - 5 * HOUR, caughtUpAt: NOW - 2 * HOUR, sent: {} } })).toEqual({ ...nothing, watchingSince: NOW - 5 * HOUR, lastDeliveryAt: NOW - HOUR, caughtUpAt: NOW - 2 * HOUR });
		const memoryOnly = staticData();
		writeRecord(memoryOnly, { watchingSince: NOW - 5 * HOUR, caughtUpAt: NOW - 2 * HOUR, sent: {} }, NOW);
		expect(readRecord({ ...saved(memoryOnly), catchUp: { lastDeliveryAt: NOW - HOUR, sent: {} } })).toEqual({ ...nothing, watchingSince: NOW - 5 * HOUR, lastDeliveryAt: NOW - HOUR, caughtUpAt: NOW - 2 * HOUR });
	});

	test('an entry of the plan this process confirmed queued is no longer in it, and its expected deliveries stay as they were', () => {
		const data = staticData();
		const plan = { at: NOW, ids: { x1: NOW - 3 * MINUTE, x2: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 2 } };
		writeRecord(data, { watchingSince: NOW - HOUR, sent: {}, plan }, NOW);
		const handed = saved(data);
		confirmSent(String(data.webhookId), 'x1', NOW - 3 * MINUTE);
		expect(readRecord(handed)).toMatchObject({ sent: { x1: NOW - 3 * MINUTE }, plan: { at: NOW, ids: { x2: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 2 } } });
	});

	test('an entry Talkover refused: no longer in the plan, and one delivery of its event fewer is expected, never fewer than none', () => {
		const data = staticData();
		writeRecord(data, { sent: {}, plan: { at: NOW, ids: { r1: NOW - 3 * MINUTE, r2: NOW - 2 * MINUTE, s: NOW - MINUTE }, expected: { event_phone_call_ended: 1, event_phone_call_started: 1 } } }, NOW);
		const handed = saved(data);
		const scope = String(data.webhookId);
		confirmSent(scope, 'r1', NOW - 3 * MINUTE, 'event_phone_call_ended');
		confirmSent(scope, 'r2', NOW - 2 * MINUTE, 'event_phone_call_ended');
		confirmSent(scope, 's', NOW - MINUTE, 'event_phone_call_answered');
		expect(readRecord(handed)).toEqual({ ...nothing, sent: { r1: NOW - 3 * MINUTE, r2: NOW - 2 * MINUTE, s: NOW - MINUTE }, plan: { at: NOW, ids: {}, expected: { event_phone_call_ended: 0, event_phone_call_started: 1 } } });
	});

	test('the same plan handed with fewer entries or lower counts (confirmed by a delivery saved since): the lower counts, only the entries both still hold', () => {
		const data = staticData();
		writeRecord(data, { sent: {}, plan: { at: NOW, ids: { a: NOW - 3 * MINUTE, b: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 2, event_phone_call_started: 1 } } }, NOW);
		const handed = { ...saved(data), catchUp: { sent: {}, plan: { at: NOW, ids: { b: NOW - 2 * MINUTE, c: NOW - MINUTE }, expected: { event_phone_call_ended: 1, event_phone_call_answered: 1 } } } };
		expect(readRecord(handed).plan).toEqual({ at: NOW, ids: { b: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 1, event_phone_call_answered: 0 } });
	});

	test('a newer plan (a later activation) counts whole, whichever side holds it', () => {
		const data = staticData();
		const older = { at: NOW - HOUR / 2, ids: { a: NOW - HOUR }, expected: { event_phone_call_ended: 1 } };
		const newer = { at: NOW, ids: { b: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 2 } };
		writeRecord(data, { sent: {}, plan: newer }, NOW);
		expect(readRecord({ ...saved(data), catchUp: { sent: {}, plan: older } }).plan).toEqual(newer);
		const second = staticData();
		writeRecord(second, { sent: {}, plan: older }, NOW);
		expect(readRecord({ ...saved(second), catchUp: { sent: {}, plan: newer } }).plan).toEqual(newer);
		const third = staticData();
		writeRecord(third, { sent: {}, plan: newer }, NOW);
		expect(readRecord({ ...saved(third), catchUp: { sent: {} } }).plan).toEqual(newer);
		const fourth = staticData();
		writeRecord(fourth, { sent: {} }, NOW);
		expect(readRecord({ ...saved(fourth), catchUp: { sent: {}, plan: newer } }).plan).toEqual(newer);
	});

	test('an entry of the plan the static data says was sent again is no longer in it', () => {
		const data = staticData();
		writeRecord(data, { sent: {}, plan: { at: NOW, ids: { a: NOW - 3 * MINUTE, b: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 2 } } }, NOW);
		const handed = { ...saved(data), catchUp: { sent: { a: NOW - 3 * MINUTE }, plan: { at: NOW, ids: { a: NOW - 3 * MINUTE, b: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 2 } } } };
		expect(readRecord(handed).plan).toEqual({ at: NOW, ids: { b: NOW - 2 * MINUTE }, expected: { event_phone_call_ended: 2 } });
	});

	test('a trigger whose webhook has no ID is remembered in its static data only', () => {
		const data: IDataObject = {};
		writeRecord(data, { watchingSince: NOW - HOUR, sent: { a: NOW - MINUTE } }, NOW);
		expect(readRecord({ catchUp: { sent: {} } })).toEqual(nothing);
		expect(readRecord(data)).toEqual({ ...nothing, watchingSince: NOW - HOUR, sent: { a: NOW - MINUTE } });
	});
});

describe('what is kept', () => {
	test('entries sent again are kept 30 days (Talkover keeps its log that long), oldest first', () => {
		const data = staticData();
		writeRecord(data, { sent: { young: NOW - MINUTE, older: NOW - MAX_LOOKBACK_MS + 1, gone: NOW - MAX_LOOKBACK_MS, long: NOW - 2 * MAX_LOOKBACK_MS } }, NOW);
		expect(saved(data).catchUp).toEqual({ sent: { older: NOW - MAX_LOOKBACK_MS + 1, young: NOW - MINUTE } });
		expect(Object.keys((data.catchUp as IDataObject).sent as IDataObject)).toEqual(['older', 'young']);
	});

	test(`at most ${MAX_SENT} entries sent again: the oldest go first`, () => {
		const data = staticData();
		const sent = Object.fromEntries(Array.from({ length: MAX_SENT + 2 }, (_, i) => [`e${i}`, NOW - (i + 1) * 1000]));
		writeRecord(data, { sent }, NOW);
		const kept = (data.catchUp as IDataObject).sent as IDataObject;
		expect(Object.keys(kept)).toHaveLength(MAX_SENT);
		expect(kept).not.toHaveProperty(`e${MAX_SENT}`);
		expect(kept).not.toHaveProperty(`e${MAX_SENT + 1}`);
		expect(kept).toHaveProperty(`e${MAX_SENT - 1}`);
		expect(kept).toHaveProperty('e0');
	});

	test('a catch-up of 5,000 events (as many as one read of the log holds): every entry sent again is kept', () => {
		const data = staticData();
		const sent = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`e${i}`, NOW - (i + 1) * 100]));
		writeRecord(data, { sent }, NOW);
		expect(Object.keys((saved(data).catchUp as IDataObject).sent as IDataObject)).toHaveLength(5_000);
	});

	test('a plan with entries not known to be queued is kept, however old', () => {
		const data = staticData();
		const plan = { at: NOW - 3 * 24 * HOUR, ids: { x: NOW - 3 * 24 * HOUR - HOUR }, expected: { event_phone_call_ended: 1 } };
		writeRecord(data, { sent: {}, plan }, NOW);
		expect(readRecord(saved(data)).plan).toEqual(plan);
	});

	test('a plan whose entries are all queued is kept an hour after its activation (its deliveries are expected), then dropped', () => {
		const plan = { at: NOW - EXPECT_MS + 1, ids: {}, expected: { event_phone_call_ended: 0 } };
		const young = staticData();
		writeRecord(young, { sent: {}, plan }, NOW);
		expect((young.catchUp as IDataObject).plan).toEqual(plan);
		const hourOld = staticData();
		writeRecord(hourOld, { sent: {}, plan: { ...plan, at: NOW - EXPECT_MS } }, NOW);
		expect((hourOld.catchUp as IDataObject).plan).toBeUndefined();
		const justMade = staticData();
		writeRecord(justMade, { sent: {}, plan: { ...plan, at: NOW } }, NOW);
		expect((justMade.catchUp as IDataObject).plan).toEqual({ ...plan, at: NOW });
	});

	test('a plan dated after now (n8n’s clock set back since) whose entries are all queued is dropped', () => {
		const data = staticData();
		writeRecord(data, { sent: {}, plan: { at: NOW + MINUTE, ids: {}, expected: { event_phone_call_ended: 1 } } }, NOW);
		expect((data.catchUp as IDataObject).plan).toBeUndefined();
	});

	test('the record written is a copy: what the caller changes afterwards is not in it', () => {
		const data = staticData();
		const record: CatchUpRecord = { sent: { a: NOW - MINUTE }, plan: { at: NOW, ids: { x: NOW - MINUTE }, expected: { event_phone_call_ended: 1 } } };
		writeRecord(data, record, NOW);
		record.sent.b = NOW;
		record.plan!.ids.y = NOW;
		record.plan!.expected.event_phone_call_ended = 5;
		const inStaticData = data.catchUp as unknown as CatchUpRecord;
		expect(inStaticData).toEqual({ sent: { a: NOW - MINUTE }, plan: { at: NOW, ids: { x: NOW - MINUTE }, expected: { event_phone_call_ended: 1 } } });
		// The process's memory too, and what it confirms later does not reach the static data written.
		confirmSent(String(data.webhookId), 'x', NOW - MINUTE, 'event_phone_call_ended');
		expect(inStaticData).toEqual({ sent: { a: NOW - MINUTE }, plan: { at: NOW, ids: { x: NOW - MINUTE }, expected: { event_phone_call_ended: 1 } } });
		expect(readRecord(data)).toEqual({ ...nothing, sent: { a: NOW - MINUTE, x: NOW - MINUTE }, plan: { at: NOW, ids: {}, expected: { event_phone_call_ended: 0 } } });
	});

	test('the static data gets a new object each time (so n8n sees it changed)', () => {
		const data = staticData();
		writeRecord(data, { sent: {} }, NOW);
		const first = data.catchUp;
		writeRecord(data, readRecord(data), NOW);
		expect(data.catchUp).not.toBe(first);
	});
});

describe('this process’s memory', () => {
	test('holds the last 100 webhooks written: the one written longest ago is forgotten', () => {
		const written = Array.from({ length: 101 }, () => staticData());
		for (const data of written.slice(0, 100)) writeRecord(data, { sent: {}, plan: { at: NOW, ids: { x: NOW - MINUTE }, expected: {} } }, NOW);
		// The first is written again: the second is now the one written longest ago.
		writeRecord(written[0], readRecord(written[0]), NOW);
		writeRecord(written[100], { sent: {}, plan: { at: NOW, ids: { x: NOW - MINUTE }, expected: {} } }, NOW);
		const handed = written.map(saved);
		for (const data of written) confirmSent(String(data.webhookId), 'x', NOW - MINUTE);
		expect(readRecord(handed[1]).sent).toEqual({});
		for (const i of [0, 2, 99, 100]) expect(readRecord(handed[i]).sent).toEqual({ x: NOW - MINUTE });
	});

	test('a confirmation for a webhook this process does not remember changes nothing', () => {
		const data = staticData({ sent: {}, plan: { at: NOW, ids: { x: NOW - MINUTE }, expected: { event_phone_call_ended: 1 } } });
		confirmSent(String(data.webhookId), 'x', NOW - MINUTE, 'event_phone_call_ended');
		expect(readRecord(data)).toEqual({ ...nothing, plan: { at: NOW, ids: { x: NOW - MINUTE }, expected: { event_phone_call_ended: 1 } } });
	});

	test('a confirmation without a plan (none live) is remembered as sent', () => {
		const data = staticData();
		writeRecord(data, { sent: {} }, NOW);
		confirmSent(String(data.webhookId), 'x', NOW - MINUTE, 'event_phone_call_ended');
		expect(readRecord(saved(data))).toEqual({ ...nothing, sent: { x: NOW - MINUTE } });
	});
});

describe('a delivery, a new webhook, a webhook gone', () => {
	test('a delivery: catching up starts from it next time, and what this process confirmed is saved with it', () => {
		const data = staticData();
		writeRecord(data, { watchingSince: NOW - 5 * HOUR, lastDeliveryAt: NOW - 2 * HOUR, sent: {}, plan: { at: NOW - MINUTE, ids: { x: NOW - HOUR }, expected: { event_phone_call_ended: 1 } } }, NOW - MINUTE);
		confirmSent(String(data.webhookId), 'x', NOW - HOUR);
		noteDelivery(data, NOW);
		const other = { ...saved(data), webhookId: 'another process' };
		expect(readRecord(other)).toEqual({ ...nothing, watchingSince: NOW - 5 * HOUR, lastDeliveryAt: NOW, sent: { x: NOW - HOUR }, plan: { at: NOW - MINUTE, ids: {}, expected: { event_phone_call_ended: 1 } } });
	});

	test('a webhook registered with catching up on: remembered from now, whatever the record held before', () => {
		const data = staticData({ watchingSince: NOW - 5 * HOUR, lastDeliveryAt: NOW - HOUR, sent: { a: NOW - HOUR }, plan: { at: NOW - MINUTE, ids: { x: NOW - HOUR }, expected: {} } });
		startRecord(data, NOW);
		expect(saved(data).catchUp).toEqual({ watchingSince: NOW, sent: {} });
		expect(readRecord(data)).toEqual({ ...nothing, watchingSince: NOW });
	});

	test('a webhook gone: its record is forgotten, in the static data and in this process', () => {
		const data = staticData();
		writeRecord(data, { watchingSince: NOW - HOUR, sent: { a: NOW - MINUTE } }, NOW);
		const handed = saved(data);
		forgetRecord(data);
		expect(data).not.toHaveProperty('catchUp');
		expect(readRecord({ ...handed, catchUp: { sent: {} } })).toEqual(nothing);
	});

	test('a trigger whose webhook has no ID: forgetting its record empties its static data', () => {
		const data: IDataObject = { catchUp: { watchingSince: NOW - HOUR, sent: {} } };
		forgetRecord(data);
		expect(data).toEqual({});
	});
});

describe('an execution’s copy of the static data (n8n 2.3x+ saves what an execution changed, at its end)', () => {
	/** A catch-up's plan of `count` entries saved with its activation; this process had Talkover queue the first `queued`. */
	function caughtUp(count: number, queued: number): { data: IDataObject; copy: () => IDataObject; ids: string[] } {
		const data = staticData();
		const ids = Array.from({ length: count }, (_, i) => `entry-${i}`);
		writeRecord(data, { watchingSince: NOW - HOUR, caughtUpAt: NOW, sent: {}, plan: { at: NOW, ids: Object.fromEntries(ids.map((id, i) => [id, NOW - HOUR + i])), expected: { event_phone_call_ended: count } } }, NOW);
		const activation = saved(data);
		for (const [i, id] of ids.slice(0, queued).entries()) confirmSent(String(data.webhookId), id, NOW - HOUR + i);
		return { data, copy: () => saved(activation), ids };
	}

	test.each([250, 1_000, 5_000])('a catch-up of %i events: the entries Talkover queued are written into it once (then n8n saves them), the rest stays in the plan', (count) => {
		const { copy, ids } = caughtUp(count, count - 1);
		const execution = copy();
		expect(keepLearned(execution, NOW + MINUTE)).toBe(true);
		const record = readRecord(saved(execution));
		expect(Object.keys(record.sent).sort()).toEqual(ids.slice(0, count - 1).sort());
		expect(record.plan?.ids).toEqual({ [ids[count - 1]]: NOW - HOUR + count - 1 });
		// The next execution's copy holds them: nothing more to write, nothing for n8n to save.
		const next = saved(execution);
		expect(keepLearned(next, NOW + 2 * MINUTE)).toBe(false);
		expect(next).toEqual(saved(execution));
	});

	test('nothing queued since the activation (or another process’s catch-up): the copy is left as it is', () => {
		const { copy } = caughtUp(3, 0);
		const execution = copy();
		expect(keepLearned(execution, NOW + MINUTE)).toBe(false);
		expect(execution).toEqual(copy());
		expect(keepLearned({ webhookId: 'a webhook this process never caught up', catchUp: { sent: {} } }, NOW)).toBe(false);
	});
});
