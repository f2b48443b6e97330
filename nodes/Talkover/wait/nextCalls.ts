/**
 * The next calls Call Again Until Reached placed inside the wait (nextCall.ts), as the wait remembers them. A
 * waiting webhook cannot write the execution, so each one is said in the wait's answer to the end of the call
 * before it (`callAgain` in the answer's body): Talkover keeps that answer in the webhook's delivery log
 * (`response_body` of a `success` entry, list-webhook-logs.mdx), which every process, after a restart or in queue
 * mode, reads at each end anyway. The calls this process placed are also kept here until the wait ends, for the
 * moment between its answer and Talkover's log showing it; a placing still under way is waited for.
 */
import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../shared/transport';
import type { Attempt } from '../callAgain';
import { readAttempt } from '../callAgain/attempts';

/** The field of the wait's answer that says the next call. */
export const NEXT_CALL_FIELD = 'callAgain';

/** What the wait did at the end of an item's call (`ended`): the next call placed, or why it was not. */
export interface NextCall {
	item: number;
	/** The call that ended, as the item's `attempts` lists it. */
	ended: Attempt;
	/** The next call: its ID, Talkover's answer, when Talkover accepted it and when it rings (epoch ms). */
	placed?: { callId: string; call: IDataObject; placedAt: number; ringsAt: number };
	/**
	 * Not placed: why; `nextDue`, the item's next call is still due (`nextAttemptAt`, for the Wait node: Talkover
	 * refused it); not when Talkover may have placed it (a 5xx, no answer) or Skip Numbers Called Within skips the lead.
	 */
	notPlaced?: { message: string; nextDue: boolean };
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** A next call as the wait said it, or undefined when it is not one this version says (nothing is guessed). */
export function readNextCall(value: unknown): NextCall | undefined {
	const said = asObject(value);
	if (!said || typeof said.item !== 'number' || !Number.isInteger(said.item) || said.item < 0) return undefined;
	const endedEntry = asObject(said.ended);
	const ended = endedEntry && typeof endedEntry.attempt === 'number' ? readAttempt(endedEntry, endedEntry.attempt) : undefined;
	if (!ended || typeof ended === 'string') return undefined;
	const placed = asObject(said.placed);
	const notPlaced = asObject(said.notPlaced);
	if ((placed === undefined) === (notPlaced === undefined)) return undefined;
	if (placed) {
		if (!isText(placed.callId) || !asObject(placed.call) || !isTime(placed.placedAt) || !isTime(placed.ringsAt)) return undefined;
		return { item: said.item, ended, placed: { callId: placed.callId, call: placed.call as IDataObject, placedAt: placed.placedAt, ringsAt: placed.ringsAt } };
	}
	if (!isText(notPlaced!.message) || typeof notPlaced!.nextDue !== 'boolean') return undefined;
	return { item: said.item, ended, notPlaced: { message: notPlaced!.message, nextDue: notPlaced!.nextDue } };
}

/** The next calls the wait's answers say, from its webhooks' log entries (only a `success` entry shows what n8n answered). */
export function nextCallsIn(entries: IDataObject[]): NextCall[] {
	const calls: NextCall[] = [];
	for (const entry of entries) {
		if (entry.status !== 'success' || typeof entry.response_body !== 'string') continue;
		let body: unknown;
		try {
			body = JSON.parse(entry.response_body);
		} catch {
			continue;
		}
		const said = asObject(body)?.[NEXT_CALL_FIELD];
		const call = said === undefined ? undefined : readNextCall(said);
		if (call) calls.push(call);
	}
	return calls;
}

/** A wait's next calls in this process: those placed, and those being placed (by item and attempt). */
interface Here {
	placed: NextCall[];
	placing: Map<string, Promise<NextCall | undefined>>;
	used: number;
}

/** A wait not heard of for this long is forgotten here (its webhooks' log still says its next calls). */
const KEPT_MS = 24 * 3600_000;

const waits = new Map<string, Here>();

function hereOf(wait: string, now: number): Here {
	for (const [key, here] of waits) if (now - here.used > KEPT_MS && here.placing.size === 0) waits.delete(key);
	const here = waits.get(wait) ?? { placed: [], placing: new Map(), used: now };
	here.used = now;
	waits.set(wait, here);
	return here;
}

/**
 * Places the next call of an item's attempt once in this process: a second end of the same call at the same
 * moment (n8n 1.x runs two requests to one waiting execution side by side) gets the first one's next call.
 */
export async function placeOnce(wait: string, item: number, attempt: number, now: number, place: () => Promise<NextCall | undefined>): Promise<NextCall | undefined> {
	const here = hereOf(wait, now);
	const key = `${item} ${attempt}`;
	const known = here.placed.find((call) => call.item === item && call.ended.attempt === attempt);
	if (known) return known;
	const under = here.placing.get(key);
	if (under) return await under;
	const run = place().then((call) => {
		if (call) here.placed.push(call);
		return call;
	});
	here.placing.set(key, run);
	try {
		return await run;
	} finally {
		here.placing.delete(key);
	}
}

/** The next calls this process placed for the wait, once every placing under way has settled. */
export async function nextCallsHere(wait: string, now: number): Promise<NextCall[]> {
	const here = waits.get(wait);
	if (!here) return [];
	here.used = now;
	await Promise.allSettled([...here.placing.values()]);
	return [...here.placed];
}

/** The wait has ended: what this process kept of its next calls is forgotten. */
export function forgetNextCalls(wait: string): void {
	waits.delete(wait);
}
