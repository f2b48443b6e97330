import type { IDataObject } from 'n8n-workflow';

import { clock } from '../../shared/transport/clock';

/**
 * What the trigger remembers for catching up (catchUp.ts), in the workflow's static data under `catchUp`
 * and, per webhook, in this process's memory (as the delivery record, deliveries.ts: n8n 2.41 hands a
 * webhook request the static data of the published workflow, and a task running after an activation hook
 * cannot save static data at all, so what it learns is written by the next delivery's request):
 * - `watchingSince`: since when the trigger remembers its deliveries for catching up (its webhook registered
 *   with catching up on, or its first catch-up): a trigger without it (saved before it could catch up, or with
 *   it off) knows of its past deliveries only its delivery record's hour;
 * - `lastDeliveryAt`: when the trigger last received a delivery (n8n's clock), where catching up starts;
 * - `sent`: the log entries sent again and queued by Talkover (ID → created_at);
 * - `plan`: the entries chosen at the last activation (`at`) and not known to be queued yet: a catch-up
 *   cut short (n8n stopped, Talkover unreachable) is sent again by the next activation, and the delivery
 *   record starts nothing for an event delivered meanwhile; and `expected`, per event name, the
 *   deliveries of it the catch-up still expects (label.ts).
 *
 * Bounded: entries older than MAX_LOOKBACK_MS are dropped (Talkover keeps its log 30 days) and at most
 * MAX_SENT are kept (the oldest go first).
 */
export const MAX_LOOKBACK_MS = 30 * 24 * 60 * 60_000;
/**
 * At most as many entries as one catch-up can send (it reads at most 50 pages of 100 entries, catchUp.ts): a later
 * read that reaches an entry sent again also holds the newer entries its retries made, so no read holds more
 * failures sent again than this (the record of a catch-up of 5,000 events is about 300 kB of static data).
 */
export const MAX_SENT = 5000;

const KEY = 'catchUp';
const MAX_WEBHOOKS = 100;

export interface CatchUpRecord {
	watchingSince?: number;
	lastDeliveryAt?: number;
	/** When the last activation read the log (the next reads back to it: what failed after it, a retry's delivery too). */
	caughtUpAt?: number;
	sent: Record<string, number>;
	plan?: Plan;
}

export interface Plan {
	at: number;
	/** Until when its deliveries are expected (a paced catch-up of many entries: past EXPECT_MS); without it, EXPECT_MS after `at`. */
	until?: number;
	ids: Record<string, number>;
	/** Per event name of the plan, how many catch-up deliveries of it are still expected (each count only goes down). */
	expected: Record<string, number>;
}

const inProcess = new Map<string, CatchUpRecord>();

/**
 * Whether a map of the record holds `key` itself. Its keys are Talkover's log IDs and event names: one named as a
 * property every object has (`constructor`, `__proto__`) is a key like any other, never found on the prototype.
 */
export function holds(map: Record<string, number>, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(map, key);
}

function isTime(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** The times of a stored map that are times (a hand-edited record keeps what it can). */
function timesIn(value: unknown): Record<string, number> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
	return Object.fromEntries(Object.entries(value as IDataObject).filter((entry): entry is [string, number] => isTime(entry[1])));
}

function stored(data: IDataObject): CatchUpRecord {
	const value = data[KEY] !== null && typeof data[KEY] === 'object' && !Array.isArray(data[KEY]) ? (data[KEY] as IDataObject) : {};
	const plan = value.plan !== null && typeof value.plan === 'object' && !Array.isArray(value.plan) ? (value.plan as IDataObject) : undefined;
	return {
		watchingSince: isTime(value.watchingSince) ? value.watchingSince : undefined,
		lastDeliveryAt: isTime(value.lastDeliveryAt) ? value.lastDeliveryAt : undefined,
		caughtUpAt: isTime(value.caughtUpAt) ? value.caughtUpAt : undefined,
		sent: timesIn(value.sent),
		plan: plan && isTime(plan.at) ? { at: plan.at, ...(isTime(plan.until) ? { until: plan.until } : {}), ids: timesIn(plan.ids), expected: timesIn(plan.expected) } : undefined,
	};
}

/** The webhook the record belongs to: its ID (a new webhook has a new log). */
export function scopeOf(data: IDataObject): string {
	return String(data.webhookId ?? '');
}

/** The record: what the static data holds (`saved`, read from it unless given), with what this process learned since (it knows more). */
export function readRecord(data: IDataObject, saved: CatchUpRecord = stored(data)): CatchUpRecord {
	const scope = scopeOf(data);
	const memory = scope ? inProcess.get(scope) : undefined;
	if (!memory) return saved;
	const sent = { ...saved.sent, ...memory.sent };
	const lastDeliveryAt = Math.max(saved.lastDeliveryAt ?? -Infinity, memory.lastDeliveryAt ?? -Infinity);
	// The newer plan counts; of the same plan, what this process confirmed (queued) is no longer in it, and
	// of each count the lower (a count only goes down).
	const newest = [saved.plan, memory.plan].filter((p) => p !== undefined).sort((a, b) => b.at - a.at)[0];
	const other = newest && [saved.plan, memory.plan].find((p) => p !== undefined && p !== newest && p.at === newest.at);
	const plan = newest && {
		at: newest.at,
		...(newest.until !== undefined ? { until: newest.until } : {}),
		ids: Object.fromEntries(Object.entries(newest.ids).filter(([id]) => !holds(sent, id) && (other === undefined || holds(other.ids, id)))),
		expected: Object.fromEntries(Object.entries(newest.expected).map(([event, count]) => [event, Math.min(count, other ? (holds(other.expected, event) ? other.expected[event] : 0) : count)])),
	};
	const caughtUpAt = Math.max(saved.caughtUpAt ?? -Infinity, memory.caughtUpAt ?? -Infinity);
	const watchingSince = Math.min(saved.watchingSince ?? Infinity, memory.watchingSince ?? Infinity);
	return {
		watchingSince: Number.isFinite(watchingSince) ? watchingSince : undefined,
		lastDeliveryAt: Number.isFinite(lastDeliveryAt) ? lastDeliveryAt : undefined,
		caughtUpAt: Number.isFinite(caughtUpAt) ? caughtUpAt : undefined,
		sent,
		plan,
	};
}

/** How long after its activation a plan is kept once every entry is known to be queued: its deliveries are expected that long (label.ts). */
export const EXPECT_MS = 60 * 60_000;

/** Whether the plan's deliveries are still expected at `now`: from its activation, EXPECT_MS (or until its `until`). */
export function isExpecting(plan: Plan, now: number): boolean {
	return now >= plan.at && now < Math.max(plan.at + EXPECT_MS, plan.until ?? -Infinity);
}

/** A plan still of use: entries not known to be queued, or its deliveries still expected. */
function isLive(plan: Plan, now: number): boolean {
	return Object.keys(plan.ids).length > 0 || isExpecting(plan, now);
}

/** Writes the record to the static data (a new object, so n8n sees it changed) and to this process's memory. */
export function writeRecord(data: IDataObject, record: CatchUpRecord, now: number = clock.now()): void {
	const kept = keptOf(record, now);
	data[KEY] = kept as unknown as IDataObject;
	const scope = scopeOf(data);
	if (!scope) return;
	inProcess.delete(scope);
	inProcess.set(scope, { ...kept, sent: { ...kept.sent }, plan: kept.plan && { ...kept.plan, ids: { ...kept.plan.ids }, expected: { ...kept.plan.expected } } });
	while (inProcess.size > MAX_WEBHOOKS) inProcess.delete(inProcess.keys().next().value as string);
}

/** What is kept of a record (bounded, MAX_LOOKBACK_MS and MAX_SENT; a plan while it is of use). */
function keptOf(record: CatchUpRecord, now: number): CatchUpRecord {
	const kept: CatchUpRecord = { sent: sentKept(record.sent, now) };
	if (record.watchingSince !== undefined) kept.watchingSince = record.watchingSince;
	if (record.lastDeliveryAt !== undefined) kept.lastDeliveryAt = record.lastDeliveryAt;
	if (record.caughtUpAt !== undefined) kept.caughtUpAt = record.caughtUpAt;
	// Counts at 0 are kept: the plan's events are compared as far back as the catch-up looks (label.ts).
	if (record.plan && isLive(record.plan, now)) kept.plan = { ...record.plan, ids: { ...record.plan.ids }, expected: { ...record.plan.expected } };
	return kept;
}

/**
 * The entries sent again that are kept, oldest first: those younger than MAX_LOOKBACK_MS, the newest MAX_SENT of them.
 * Sorted only when they are not in order already (each delivery writes the record, which a catch-up fills oldest first:
 * no sort of thousands of entries each time).
 */
function sentKept(sent: Record<string, number>, now: number): Record<string, number> {
	const fresh: Array<[string, number]> = [];
	let inOrder = true;
	for (const [id, at] of Object.entries(sent)) {
		if (now - at >= MAX_LOOKBACK_MS) continue;
		if (fresh.length > 0 && at < fresh[fresh.length - 1][1]) inOrder = false;
		fresh.push([id, at]);
	}
	if (!inOrder) fresh.sort((a, b) => a[1] - b[1]);
	return Object.fromEntries(fresh.slice(-MAX_SENT));
}

/**
 * Keeps in `data` (an execution's copy of the static data) what this process learned of the record since it was
 * saved: the entries a catch-up had sent again and Talkover queued (with the rest of the record). n8n 2.3x+ keeps nothing
 * webhook() writes when its request starts an execution, and nothing a catch-up running after its activation
 * learns, but it saves what an execution changed in the static data at the execution's end: the trigger's
 * execute() (passOnce.ts) writes it there, so the next start does not ask again for what was caught up. Only
 * when this process knows more (nothing changes, nothing is saved, otherwise). True when written.
 */
export function keepLearned(data: IDataObject, now: number = clock.now()): boolean {
	const scope = scopeOf(data);
	if (!scope || !inProcess.has(scope)) return false;
	const saved = stored(data);
	const known = keptOf(readRecord(data, saved), now);
	// Only what a start would otherwise ask Talkover again (an entry sent again, a plan done): an execution that
	// changes the static data has n8n write all of it at its end, over what was saved meanwhile.
	const learned =
		Object.keys(known.sent).some((id) => !holds(saved.sent, id)) ||
		(saved.plan !== undefined && Object.keys(saved.plan.ids).some((id) => !holds(known.plan?.ids ?? {}, id)));
	if (!learned) return false;
	writeRecord(data, known, now);
	return true;
}

/** A delivery arrived now: catching up starts here next time; what this process confirmed is saved with it. */
export function noteDelivery(data: IDataObject, now: number = clock.now()): void {
	writeRecord(data, { ...readRecord(data), lastDeliveryAt: now }, now);
}

/**
 * The entry `id` is done (a background task of `scope`: memory only, saved by the next delivery): queued
 * again (its delivery is expected), or not to be asked again (refused: one delivery of `event` fewer is expected).
 */
export function confirmSent(scope: string, id: string, at: number, event?: string): void {
	const memory = inProcess.get(scope);
	if (!memory) return;
	// Defined, not assigned: an ID named `__proto__` would set the object's prototype instead.
	Object.defineProperty(memory.sent, id, { value: at, enumerable: true, writable: true, configurable: true });
	if (!memory.plan) return;
	delete memory.plan.ids[id];
	if (event !== undefined && holds(memory.plan.expected, event) && memory.plan.expected[event] > 0) memory.plan.expected[event]--;
}

/** A webhook registered now with catching up on: the trigger remembers its deliveries from now on. */
export function startRecord(data: IDataObject, now: number = clock.now()): void {
	writeRecord(data, { watchingSince: now, sent: {} }, now);
}

/** Forgets the webhook's record (a new webhook, or none). */
export function forgetRecord(data: IDataObject): void {
	const scope = scopeOf(data);
	if (scope) inProcess.delete(scope);
	delete data[KEY];
}
