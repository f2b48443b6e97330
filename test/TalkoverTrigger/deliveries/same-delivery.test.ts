/**
 * The event sources' delivery record (deliveries.ts: deliveryKey, isRedelivery) on its own: which bodies
 * are the same delivery, what of the stored record counts, and what is kept. Behaviour as documented in
 * docs/behaviour.md (one delivery, one execution); test/TalkoverTrigger/deliveries/one-execution-per-delivery.test.ts runs it through the trigger.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { deliveryKey, isRedelivery, lastRemembered, MAX_REMEMBERED, REDELIVERY_WINDOW_MS, rememberedDeliveries } from '../../../nodes/TalkoverTrigger/deliveries';

const NOW = Date.UTC(2026, 0, 15, 12);
let webhooks = 0;
/** The static data of a webhook of its own (its own secret: its own memory in this process). */
const webhook = (): IDataObject => ({ secret: `unit-secret-${++webhooks}` });

describe('which bodies are the same delivery', () => {
	test('keys in any order, at any depth: the same; any other value, list order or nesting: another', () => {
		expect(deliveryKey({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(deliveryKey({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }));
		const others = [
			{ a: [1, 2] },
			{ a: [2, 1] },
			{ a: [12] },
			{ a: [1, [2]] },
			{ a: { 0: 1, 1: 2 } },
			{ a: '[1,2]' },
			{ a: null },
			{ a: {} },
			{ a: [] },
			{ a: [null] },
			{ a: 1, b: 2 },
			{ a: '1' },
		];
		expect(new Set(others.map((body) => deliveryKey(body as IDataObject))).size).toBe(others.length);
	});

	test('a field whose value JSON cannot write (undefined) counts as null', () => {
		expect(deliveryKey({ a: undefined } as unknown as IDataObject)).toBe(deliveryKey({ a: null }));
	});
});

describe('a body that names no event, whose event is known otherwise (its webhook, its log entry)', () => {
	const body = { call_id: 'c-1', duration: 0 };

	test('two events of one call with the same body are two deliveries; the same event again is one', () => {
		const data = webhook();
		expect(isRedelivery(data, body, NOW, { keepMs: REDELIVERY_WINDOW_MS, windowMs: REDELIVERY_WINDOW_MS, event: 'event_phone_call_started' })).toBe(false);
		expect(isRedelivery(data, body, NOW + 1, { keepMs: REDELIVERY_WINDOW_MS, windowMs: REDELIVERY_WINDOW_MS, event: 'event_phone_call_ended' })).toBe(false);
		expect(isRedelivery(data, body, NOW + 2, { keepMs: REDELIVERY_WINDOW_MS, windowMs: REDELIVERY_WINDOW_MS, event: 'event_phone_call_ended' })).toBe(true);
	});

	test('its digest is the body with the event named; a body that names its own event keeps its own digest', () => {
		expect(deliveryKey(body, 'event_phone_call_ended')).toBe(deliveryKey({ ...body, event: 'event_phone_call_ended' }));
		expect(deliveryKey({ event: 'a', call_id: 'c' }, 'b')).toBe(deliveryKey({ event: 'a', call_id: 'c' }));
	});

	test('on 0.1.0’s one webhook, a delivery remembered by its body alone (before its event was known) is still the same delivery', () => {
		const data = webhook();
		expect(isRedelivery(data, body, NOW)).toBe(false);
		expect(isRedelivery(data, body, NOW + 1, { keepMs: REDELIVERY_WINDOW_MS, windowMs: REDELIVERY_WINDOW_MS, event: 'event_phone_call_ended', bare: true })).toBe(true);
	});

	test('after an upgrade from 0.1.0, a delivery 0.1.0 remembered in the static data (its digest of the body alone) is still the same delivery on its one webhook', () => {
		// What 0.1.0 wrote: the first 16 characters of the base64 SHA-256 of the body with its keys sorted.
		const written = createHash('sha256').update('{"call_id":"c-1","duration":0}').digest('base64').slice(0, 16);
		const data: IDataObject = { ...webhook(), deliveries: { [written]: NOW } };
		expect(isRedelivery(data, { duration: 0, call_id: 'c-1' }, NOW + 1, { keepMs: REDELIVERY_WINDOW_MS, windowMs: REDELIVERY_WINDOW_MS, event: 'event_phone_call_ended', bare: true })).toBe(true);
	});

	test('on the webhooks of one event each, a body remembered alone by 0.1.0 is not another event’s delivery', () => {
		const data = webhook();
		expect(isRedelivery(data, body, NOW)).toBe(false);
		expect(isRedelivery(data, body, NOW + 1, { keepMs: REDELIVERY_WINDOW_MS, windowMs: REDELIVERY_WINDOW_MS, event: 'event_phone_call_started' })).toBe(false);
	});
});

describe('the delivery record of a webhook', () => {
	test('Talkover’s Test button, as `event` or as `event_type`: every press runs and nothing is remembered', () => {
		for (const body of [{ event: 'webhook.test' }, { event_type: 'webhook.test' }]) {
			const data = webhook();
			expect([isRedelivery(data, body, NOW), isRedelivery(data, body, NOW + 1)]).toEqual([false, false]);
			expect(data.deliveries).toBeUndefined();
		}
	});

	test('a webhook without a secret or ID: only its static data remembers (no memory shared with another such webhook)', () => {
		const body = { event: 'event_phone_call_ended', call_id: 'unit-no-scope' };
		expect(isRedelivery({}, body, NOW)).toBe(false);
		expect(isRedelivery({}, body, NOW + 1)).toBe(false);
		const data: IDataObject = {};
		isRedelivery(data, body, NOW);
		expect(isRedelivery(data, body, NOW + 1)).toBe(true);
	});

	test('a record that is not a time (a text from hand-edited static data) or from the future does not count, and is dropped', () => {
		const body = { event: 'event_phone_call_ended', call_id: 'unit-odd-times' };
		const key = deliveryKey(body);
		for (const at of [String(NOW - 1_000), NOW + 1_000]) {
			const data: IDataObject = { ...webhook(), deliveries: { [key]: at } };
			expect(isRedelivery(data, body, NOW)).toBe(false);
			expect(data.deliveries).toEqual({ [key]: NOW });
		}
	});

	test(`at most ${MAX_REMEMBERED} deliveries kept: the oldest by time go first, whatever order the record lists them in`, () => {
		const stored: Record<string, number> = {};
		// Listed newest first: the oldest (NOW - MAX_REMEMBERED) is listed last.
		for (let i = 1; i <= MAX_REMEMBERED; i++) stored[`k${i}`] = NOW - i;
		const data: IDataObject = { ...webhook(), deliveries: stored };
		expect(isRedelivery(data, { event: 'event_phone_call_ended', call_id: 'unit-full' }, NOW)).toBe(false);
		const kept = data.deliveries as Record<string, number>;
		expect(Object.keys(kept)).toHaveLength(MAX_REMEMBERED);
		expect(kept[`k${MAX_REMEMBERED}`]).toBeUndefined();
		expect(kept.k1).toBe(NOW - 1);
		// Oldest first in the record.
		expect(Object.values(kept)).toEqual([...Object.values(kept)].sort((a, b) => a - b));
	});

	test('the memory of this process keeps the deliveries of at most 100 webhooks (the least recently used forgotten first)', () => {
		const body = { event: 'event_phone_call_ended', call_id: 'unit-hundred' };
		const secrets = Array.from({ length: 101 }, () => String(webhook().secret));
		for (const secret of secrets.slice(0, 100)) expect(isRedelivery({ secret }, body, NOW)).toBe(false);
		// A request with the published workflow's static data (no record in it): the memory answers.
		expect(isRedelivery({ secret: secrets[0] }, body, NOW + 1)).toBe(true);
		expect(isRedelivery({ secret: secrets[100] }, body, NOW + 2)).toBe(false);
		expect(isRedelivery({ secret: secrets[0] }, body, NOW + 3)).toBe(false);
		expect(isRedelivery({ secret: secrets[2] }, body, NOW + 4)).toBe(true);
	});

	test('while the trigger catches up 3 hours, a delivery 2 hours old is still remembered; the same body starts nothing within the hour and runs again from the hour on', () => {
		const HOUR = 60 * 60_000;
		const catchingUp = { keepMs: 3 * HOUR, windowMs: HOUR };
		const body = { event: 'event_phone_call_ended', call_id: 'unit-catching-up' };
		const other = { event: 'event_phone_call_ended', call_id: 'unit-two-hours-old' };
		const data = webhook();
		expect(isRedelivery(data, other, NOW - 2 * HOUR, catchingUp)).toBe(false);
		expect(isRedelivery(data, body, NOW - HOUR, catchingUp)).toBe(false);
		expect(isRedelivery(data, body, NOW - 1, catchingUp)).toBe(true);
		expect(isRedelivery(data, body, NOW, catchingUp)).toBe(false);
		expect(data.deliveries).toEqual({ [deliveryKey(other)]: NOW - 2 * HOUR, [deliveryKey(body)]: NOW });
		expect(isRedelivery(data, other, NOW + 1, catchingUp)).toBe(false);
	});

	test(`a delivery run again after the window takes one place among the ${MAX_REMEMBERED} kept, wherever the record lists it: no other is forgotten for it`, () => {
		const HOUR = 60 * 60_000;
		const body = { event: 'event_phone_call_ended', call_id: 'unit-again' };
		const again = deliveryKey(body);
		// Listed first though not the oldest (as a record merged from the memory and the static data may be).
		const stored: Record<string, number> = { [again]: NOW - 2 * HOUR };
		for (let i = 1; i < MAX_REMEMBERED; i++) stored[`k${i}`] = NOW - 2 * HOUR - i;
		const data: IDataObject = { ...webhook(), deliveries: stored };
		expect(isRedelivery(data, body, NOW, { keepMs: 3 * HOUR, windowMs: HOUR })).toBe(false);
		const kept = data.deliveries as Record<string, number>;
		expect(Object.keys(kept)).toHaveLength(MAX_REMEMBERED);
		expect(kept[`k${MAX_REMEMBERED - 1}`]).toBe(NOW - 2 * HOUR - (MAX_REMEMBERED - 1));
		expect(kept[again]).toBe(NOW);
		expect(Object.values(kept)).toEqual([...Object.values(kept)].sort((a, b) => a - b));
	});

	test('a delivery older than the window is forgotten: the same body runs again', () => {
		const data = webhook();
		const body = { event: 'event_phone_call_ended', call_id: 'unit-window' };
		expect(isRedelivery(data, body, NOW)).toBe(false);
		expect(isRedelivery(data, body, NOW + REDELIVERY_WINDOW_MS - 1)).toBe(true);
		expect(isRedelivery(data, body, NOW + REDELIVERY_WINDOW_MS)).toBe(false);
	});
});

describe('what the catch-up reads of the delivery record', () => {
	test('when the newest delivery remembered was received, however old (none: unknown); which deliveries were received within the hours it looks back', () => {
		const HOUR = 60 * 60_000;
		const data = webhook();
		expect(lastRemembered(data, NOW)).toBeUndefined();
		expect(rememberedDeliveries(data, NOW)).toEqual(new Set());
		const old = { event: 'event_phone_call_ended', call_id: 'unit-old' };
		const newer = { event: 'event_phone_call_ended', call_id: 'unit-newer' };
		isRedelivery(data, old, NOW - 5 * HOUR, { keepMs: 48 * HOUR, windowMs: HOUR });
		isRedelivery(data, newer, NOW - 2 * HOUR, { keepMs: 48 * HOUR, windowMs: HOUR });
		expect(lastRemembered(data, NOW)).toBe(NOW - 2 * HOUR);
		expect(lastRemembered(data, NOW + 30 * 24 * HOUR)).toBe(NOW - 2 * HOUR);
		expect(rememberedDeliveries(data, NOW, 3 * HOUR)).toEqual(new Set([deliveryKey(newer)]));
		expect(rememberedDeliveries(data, NOW, 6 * HOUR)).toEqual(new Set([deliveryKey(old), deliveryKey(newer)]));
		expect(rememberedDeliveries(data, NOW)).toEqual(new Set());
	});
});
