import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { clock } from '../shared/transport/clock';

/**
 * One delivery, one execution (issue 24): Talkover delivers an event again when n8n's answer was slow or
 * failed (Create Webhook: `timeout`, `max_retries`), and each of those deliveries would start the
 * workflow. The trigger remembers the deliveries that started an execution in the workflow's static data
 * (which n8n saves with the workflow after each webhook request): the same body again (the same event, the
 * same call or campaign-call ID, the same fields; key order ignored) within the window is answered 200
 * and starts nothing. Talkover's Test button (`webhook.test`) is not remembered: each press runs.
 *
 * Bounded: entries older than the window are dropped, and at most MAX_REMEMBERED are kept (the oldest
 * go first), each a 96-bit digest of the body and its time (about 40 bytes), so the static data n8n
 * writes stays small.
 */
export const REDELIVERY_WINDOW_MS = 60 * 60_000;
export const MAX_REMEMBERED = 1000;

const KEY = 'deliveries';
const MAX_WEBHOOKS = 100;
const inProcess = new Map<string, Record<string, number>>();

/** The body as JSON with every object's keys sorted: the same event gives the same text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const object = value as IDataObject;
		return `{${Object.keys(object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function deliveryKey(body: IDataObject): string {
	return createHash('sha256').update(canonical(body)).digest('base64').slice(0, 16);
}

/**
 * True when this delivery already started an execution within the window (then nothing starts);
 * otherwise it is remembered and false. `data` is the trigger's workflow static data.
 */
export function isRedelivery(data: IDataObject, body: IDataObject, now: number = clock.now()): boolean {
	// Talkover's Test button (webhook.test) is pressed on purpose, again and again: each press runs.
	if (body.event === 'webhook.test' || body.event_type === 'webhook.test') return false;
	const key = deliveryKey(body);
	const stored = (data[KEY] !== null && typeof data[KEY] === 'object' && !Array.isArray(data[KEY]) ? data[KEY] : {}) as Record<string, number>;
	// The same record in this process's memory too, per webhook (its secret): n8n 2.41 hands a webhook
	// request the static data of the published workflow, not what the previous request saved.
	const scope = String(data.secret ?? data.webhookId ?? '');
	const seen = { ...(inProcess.get(scope) ?? {}), ...stored };
	const fresh = Object.entries(seen).filter(([, at]) => typeof at === 'number' && now - at < REDELIVERY_WINDOW_MS && at <= now);
	if (fresh.some(([k]) => k === key)) return true;
	fresh.push([key, now]);
	// A new object (not a change inside the old one), so n8n sees the static data changed and saves it.
	data[KEY] = Object.fromEntries(fresh.sort((a, b) => a[1] - b[1]).slice(-MAX_REMEMBERED));
	if (scope) {
		inProcess.delete(scope);
		inProcess.set(scope, data[KEY] as Record<string, number>);
		// At most MAX_WEBHOOKS webhooks remembered in memory (the least recently used go first).
		while (inProcess.size > MAX_WEBHOOKS) inProcess.delete(inProcess.keys().next().value as string);
	}
	return false;
}
