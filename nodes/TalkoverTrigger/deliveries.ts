import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { bodyKey, eventName, isTestDelivery } from '../shared/answers/delivery';
import { clock } from '../shared/transport/clock';

/**
 * One delivery, one execution: Talkover delivers an event again when n8n's answer was slow or
 * failed (Create Webhook: `timeout`, `max_retries`), and each of those deliveries would start the
 * workflow. The trigger remembers the deliveries that started an execution in the workflow's static data
 * (which n8n saves with the workflow after each webhook request): the same body again (the same event, the
 * same call or campaign-call ID, the same fields; key order ignored) within the window is answered 200
 * and starts nothing. Talkover's Test button (a test delivery: `webhook.test`, or `test: true`) is not remembered:
 * each press runs.
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

/**
 * The digest of a delivery (keys in any order: the same body, the same digest): its body, with `event` when the
 * body names none (the log's `{"call_id", "duration"}`) and the event is known otherwise (the webhook that
 * delivered it subscribes to that one event; a log entry names it): two events of one call with the same body
 * are two deliveries.
 */
export function deliveryKey(body: IDataObject, event?: string): string {
	const named = eventName(body) === undefined && event !== undefined ? { ...body, event } : body;
	return createHash('sha256').update(bodyKey(named)).digest('base64').slice(0, 16);
}

/**
 * The digests a delivery may have been remembered by: deliveryKey, and with `bare` (the trigger still has version
 * 0.1.0's one webhook for all its events) for a body that names no event, the body's own digest, as 0.1.0
 * remembered it. Not for the webhooks of one event each: there a bare digest may be another event's.
 */
export function deliveryKeys(body: IDataObject, event?: string, bare = false): string[] {
	const key = deliveryKey(body, event);
	const own = deliveryKey(body);
	return key === own || !bare ? [key] : [key, own];
}

/**
 * The deliveries remembered within the window ([digest, time]), from the static data and, per webhook (its
 * secret), this process's memory: n8n 2.41 hands a webhook request the static data of the published
 * workflow, not what the previous request saved.
 */
function remembered(data: IDataObject, now: number, windowMs: number): Array<[string, number]> {
	const stored = (data[KEY] !== null && typeof data[KEY] === 'object' && !Array.isArray(data[KEY]) ? data[KEY] : {}) as Record<string, number>;
	const seen = { ...(inProcess.get(scopeOf(data)) ?? {}), ...stored };
	return Object.entries(seen).filter(([, at]) => typeof at === 'number' && now - at < windowMs && at <= now);
}

function scopeOf(data: IDataObject): string {
	return String(data.secret ?? data.webhookId ?? '');
}

/** When the newest delivery remembered was received (n8n's clock), if one is. */
export function lastRemembered(data: IDataObject, now: number = clock.now()): number | undefined {
	const times = remembered(data, now, Infinity).map(([, at]) => at);
	return times.length ? Math.max(...times) : undefined;
}

/** The digests (deliveryKey) of the deliveries remembered within the window: what the trigger received. */
export function rememberedDeliveries(data: IDataObject, now: number = clock.now(), windowMs: number = REDELIVERY_WINDOW_MS): Set<string> {
	return new Set(remembered(data, now, windowMs).map(([key]) => key));
}

/**
 * True when this delivery already started an execution within the window (then nothing starts);
 * otherwise it is remembered and false. `data` is the trigger's workflow static data. `keepMs`: how long
 * deliveries are remembered; `windowMs`: within what time the same body starts nothing. Both are
 * REDELIVERY_WINDOW_MS unless the trigger catches up (catchUp/): then deliveries are kept as far back as it
 * looks, and a delivery of an event it sends again is compared with all of them.
 */
export function isRedelivery(
	data: IDataObject,
	body: IDataObject,
	now: number = clock.now(),
	{ keepMs, windowMs, event, bare }: { keepMs: number; windowMs: number; event?: string; bare?: boolean } = { keepMs: REDELIVERY_WINDOW_MS, windowMs: REDELIVERY_WINDOW_MS },
): boolean {
	// Talkover's Test button (a test delivery: `webhook.test`, `test: true`) is pressed on purpose, again and again: each press runs.
	if (isTestDelivery(body)) return false;
	// `event`: the event the delivery is known to be when its body names none (deliveryKey); `bare`: 0.1.0's webhook (deliveryKeys).
	const [key, ...older] = deliveryKeys(body, event, bare);
	const scope = scopeOf(data);
	const fresh = remembered(data, now, Math.max(keepMs, windowMs));
	if (fresh.some(([k, at]) => (k === key || older.includes(k)) && now - at < windowMs)) return true;
	// Remembered before the window: now again, once.
	const earlier = fresh.findIndex(([k]) => k === key);
	if (earlier >= 0) fresh.splice(earlier, 1);
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
 * One tool call, one execution, and one answer per caller (the Agent Tool source). Talkover documents no
 * request ID, timestamp or retries for actions, so two requests with the same body (keys in any order) to
 * the same action cannot be told apart by what they say: the same inputs may be a client retrying or
 * another caller asking the same (the same slot, a tool without inputs). The first request's connection
 * tells them apart:
 * - while its client still waits (the connection open), the same body is another caller: it starts its
 *   own execution and gets its own answer;
 * - once its client gave up (the connection closed before any answer went out: answerInTime.ts's
 *   'gaveUp') while its workflow still runs, the same body is that client's retry: it starts nothing and
 *   gets the first execution's answer when n8n writes it, within its own Answer Time Limit, else the
 *   Fallback Answer;
 * - once the first execution's answer is written (in time or late, to the closed connection), nothing is
 *   remembered: the same body runs again (the caller had its answer, or nobody waits for it any more).
 *
 * Memory only (nothing in the static data: n8n 2.8.4 saves a webhook request's copy of the static data
 * when a request changed it, over a re-publish's new secret). Bounded: only requests whose client gave up
 * and whose workflow has not answered yet are kept, at most MAX_TOOL_REQUESTS over all tool nodes of the
 * process (the oldest forgotten first), each at most GIVEN_UP_WINDOW_MS after its client gave up.
 */
export const MAX_TOOL_REQUESTS = 1000;
/** How long a request whose client gave up stays a running execution a retry joins (its workflow may never answer). */
export const GIVEN_UP_WINDOW_MS = 10 * 60_000;

/** An answer as the workflow wrote it (Express's `json` or `send`), given to a retry. */
export interface ToolAnswer {
	status: number;
	method: 'json' | 'send';
	/** JSON text for `json`, the text or bytes for `send`. */
	content: string | Buffer;
}

/** A request whose client gave up: when, and the retries waiting for its execution's answer. */
interface GivenUp {
	at: number;
	waiters: Array<(answer: ToolAnswer | undefined) => void>;
	/** The execution's answer once it came, kept for the retry that has not arrived yet (nobody heard it). */
	answered?: { answer: ToolAnswer | undefined };
}

const givenUp = new Map<string, GivenUp>();

export type ToolRequest =
	/**
	 * A new request: it runs. `gaveUp()` when its client gave up before any answer went out (a retry then
	 * joins it); `settle()` with the workflow's first answer (undefined: none usable) for the retries that wait.
	 */
	| { repeat: false; gaveUp(): void; settle(answer: ToolAnswer | undefined): void }
	/** A retry of a request whose client gave up: that execution's answer when it comes (undefined: the Fallback Answer). */
	| { repeat: true; answer: Promise<ToolAnswer | undefined> };

/** An answer as it was written, to give it again (undefined when it cannot be). */
export function keptAnswer(status: number, method: 'json' | 'send', body: unknown): ToolAnswer | undefined {
	const content = method === 'json' ? JSON.stringify(body ?? null) : Buffer.isBuffer(body) ? Buffer.from(body) : typeof body === 'string' ? body : undefined;
	return content === undefined ? undefined : { status, method, content };
}

/**
 * Looks up one tool request (`body` to `scope`: the action, and the test URL apart): a retry when the same
 * request's client gave up within GIVEN_UP_WINDOW_MS and its execution has not answered yet.
 */
export function toolRequest(scope: string, body: unknown): ToolRequest {
	const key = deliveryKey({ action: scope, request: body as IDataObject });
	const first = givenUp.get(key);
	if (first && clock.now() - first.at < GIVEN_UP_WINDOW_MS) {
		// The execution already answered to a client that was gone: this retry is the one that hears it.
		if (first.answered) {
			givenUp.delete(key);
			return { repeat: true, answer: Promise.resolve(first.answered.answer) };
		}
		return { repeat: true, answer: new Promise((resolve) => first.waiters.push(resolve)) };
	}
	if (first) givenUp.delete(key);
	let mine: GivenUp | undefined;
	let settled = false;
	return {
		repeat: false,
		gaveUp() {
			if (settled || mine) return;
			mine = { at: clock.now(), waiters: [] };
			// Another request of the same body whose client gave up earlier is replaced: a retry joins the latest.
			givenUp.delete(key);
			givenUp.set(key, mine);
			while (givenUp.size > MAX_TOOL_REQUESTS) givenUp.delete(givenUp.keys().next().value as string);
		},
		settle(answer) {
			settled = true;
			if (!mine || mine.answered) return;
			mine.answered = { answer };
			const waiting = mine.waiters.splice(0);
			for (const resolve of waiting) resolve(answer);
			// Heard by the retries that waited: the record is done. Heard by nobody yet (the client gave up and has
			// not asked again): kept within GIVEN_UP_WINDOW_MS for the retry, which gets it instead of a new execution.
			if (waiting.length > 0 && givenUp.get(key) === mine) givenUp.delete(key);
		},
	};
}
