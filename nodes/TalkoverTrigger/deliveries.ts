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
 * One tool call, one execution (issue 24, the Agent Tool source): the same request to the same action
 * again (the same body, keys in any order: Talkover documents no request ID, timestamp or retries for
 * actions, so every field counts and a request that differs in any field is a new one) within the window
 * starts no second execution. The window runs from the first request: its Answer Time Limit plus
 * TOOL_REPEAT_MARGIN_MS, as long as a caller waits for the answer of one question (a retry by Talkover, a
 * proxy or a client after a slow answer comes within it); later, the same question is asked again and runs.
 *
 * Remembered in this process's memory (with the first's answer, to give a repeat) and in the node's static
 * data (digest and end of window only: a repeat that reaches another process, or n8n after a restart, starts
 * nothing but gets the Fallback Answer there). A first request whose workflow failed is forgotten: a repeat
 * runs again. Bounded: MAX_TOOL_REQUESTS in memory over all tool nodes of the process and in each node's
 * static data (about 33 bytes each), answers of at most MAX_ANSWER_BYTES kept (at most 16 MB in all).
 */
export const TOOL_REPEAT_MARGIN_MS = 2 * 60_000;
export const MAX_TOOL_REQUESTS = 1000;
export const MAX_ANSWER_BYTES = 16 * 1024;

const TOOL_KEY = 'toolRequests';

/** An answer as the workflow wrote it (Express's `json` or `send`), kept to give a repeat. */
export interface ToolAnswer {
	status: number;
	method: 'json' | 'send';
	/** JSON text for `json`, the text or bytes for `send`. */
	content: string | Buffer;
}

interface ToolEntry {
	until: number;
	/** 'running' until the workflow answered; 'answered' (with the answer when kept); 'failed': forgotten. */
	state: 'running' | 'answered' | 'failed';
	answer?: ToolAnswer;
	waiters: Array<(answer: ToolAnswer | undefined) => void>;
}

const toolRequests = new Map<string, ToolEntry>();

export type ToolRequest =
	/** A new request: it runs; tell how it ended (an answer, undefined for no usable one, or 'failed'). */
	| { repeat: false; settle(outcome: ToolAnswer | undefined | 'failed'): void }
	/** A repeat: its answer (undefined: the Fallback Answer), now or when the first answers. */
	| { repeat: true; answer: Promise<ToolAnswer | undefined> | ToolAnswer | undefined };

/** Keeps an answer only up to MAX_ANSWER_BYTES. */
export function keptAnswer(status: number, method: 'json' | 'send', body: unknown): ToolAnswer | undefined {
	const content = method === 'json' ? JSON.stringify(body ?? null) : Buffer.isBuffer(body) ? Buffer.from(body) : typeof body === 'string' ? body : undefined;
	if (content === undefined || Buffer.byteLength(content) > MAX_ANSWER_BYTES) return undefined;
	return { status, method, content };
}

/**
 * Looks up one tool request (`body` of action `actionId`, `data` the node's static data); a new one is
 * remembered at once (before anything is awaited, so a concurrent repeat finds it).
 */
export function toolRequest(data: IDataObject, actionId: string, body: unknown, windowMs: number, now: number = clock.now()): ToolRequest {
	const key = deliveryKey({ action: actionId, request: body as IDataObject });
	for (const [k, entry] of toolRequests) if (entry.until <= now) toolRequests.delete(k);
	const known = toolRequests.get(key);
	if (known && known.state === 'answered') return { repeat: true, answer: known.answer };
	if (known && known.state === 'running') return { repeat: true, answer: new Promise((resolve) => known.waiters.push(resolve)) };
	const stored = (isRecord(data[TOOL_KEY]) ? data[TOOL_KEY] : {}) as Record<string, number>;
	const fresh = Object.entries(stored).filter(([k, until]) => typeof until === 'number' && until > now && k !== key);
	// Started by another process (or before a restart), not failed here: its answer is not known here.
	if (!known && typeof stored[key] === 'number' && stored[key] > now) return { repeat: true, answer: undefined };
	const entry: ToolEntry = { until: now + windowMs, state: 'running', waiters: [] };
	toolRequests.delete(key);
	toolRequests.set(key, entry);
	while (toolRequests.size > MAX_TOOL_REQUESTS) toolRequests.delete(toolRequests.keys().next().value as string);
	fresh.push([key, entry.until]);
	// A new object, so n8n sees the static data changed and saves it (as isRedelivery does).
	data[TOOL_KEY] = Object.fromEntries(fresh.slice(-MAX_TOOL_REQUESTS));
	return {
		repeat: false,
		settle(outcome) {
			if (entry.state !== 'running') return;
			entry.state = outcome === 'failed' ? 'failed' : 'answered';
			entry.answer = outcome === 'failed' ? undefined : outcome;
			for (const resolve of entry.waiters.splice(0)) resolve(entry.answer);
		},
	};
}

function isRecord(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
