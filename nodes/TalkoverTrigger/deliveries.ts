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

/**
 * One tool call, one execution (issue 24, the Agent Tool source): a request to an action while an identical
 * request (the same body, keys in any order: Talkover documents no request ID, timestamp or retries for
 * actions, so every field counts) is still in flight in this process, i.e. before the first's answer (or its
 * Fallback Answer) went out, starts no second execution: it waits for the first's answer within its own
 * Answer Time Limit, else gets the Fallback Answer. Once the first was answered the record is gone and the
 * same body runs again: a caller retries only when it got no answer, and two callers (or one caller twice)
 * may well ask the same question on purpose (the same slot, a tool without inputs).
 *
 * Memory only (nothing in the static data: n8n 2.8.4 saves a webhook request's copy of the static data
 * when a request changed it, over a re-publish's new secret). Bounded: only running requests are kept, at
 * most MAX_TOOL_REQUESTS over all tool nodes of the process (the oldest forgotten first), each gone at
 * the latest when its Answer Time Limit passes.
 */
export const MAX_TOOL_REQUESTS = 1000;

/** An answer as the workflow wrote it (Express's `json` or `send`), given to a repeat. */
export interface ToolAnswer {
	status: number;
	method: 'json' | 'send';
	/** JSON text for `json`, the text or bytes for `send`. */
	content: string | Buffer;
}

const inFlight = new Map<string, Array<(answer: ToolAnswer | undefined) => void>>();

export type ToolRequest =
	/**
	 * A new request: it runs. `answered()` when its answer or fallback went out (repeats then run again);
	 * `settle()` with the workflow's first answer (undefined: none usable) for the repeats that wait.
	 */
	| { repeat: false; answered(): void; settle(answer: ToolAnswer | undefined): void }
	/** A repeat: the first's answer when it comes (undefined: the Fallback Answer). */
	| { repeat: true; answer: Promise<ToolAnswer | undefined> };

/** An answer as it was written, to give it again (undefined when it cannot be). */
export function keptAnswer(status: number, method: 'json' | 'send', body: unknown): ToolAnswer | undefined {
	const content = method === 'json' ? JSON.stringify(body ?? null) : Buffer.isBuffer(body) ? Buffer.from(body) : typeof body === 'string' ? body : undefined;
	return content === undefined ? undefined : { status, method, content };
}

/**
 * Looks up one tool request (`body` to `scope`: the action, and the test URL apart); a new one is
 * remembered at once (before anything is awaited, so a concurrent repeat finds it).
 */
export function toolRequest(scope: string, body: unknown): ToolRequest {
	const key = deliveryKey({ action: scope, request: body as IDataObject });
	const waiting = inFlight.get(key);
	if (waiting) return { repeat: true, answer: new Promise((resolve) => waiting.push(resolve)) };
	const waiters: Array<(answer: ToolAnswer | undefined) => void> = [];
	inFlight.set(key, waiters);
	while (inFlight.size > MAX_TOOL_REQUESTS) inFlight.delete(inFlight.keys().next().value as string);
	let settled = false;
	const answered = () => {
		if (inFlight.get(key) === waiters) inFlight.delete(key);
	};
	return {
		repeat: false,
		answered,
		settle(answer) {
			answered();
			if (settled) return;
			settled = true;
			for (const resolve of waiters.splice(0)) resolve(answer);
		},
	};
}
