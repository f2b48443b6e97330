import type { IDataObject } from 'n8n-workflow';

import { AnswerProblem, isLoggedTest, readDeliveryLogEntry, readLoggedDelivery, readTalkoverTime } from '../../shared/answers';
import { clip } from '../../shared/transport';
import { deliveryKey, deliveryKeys } from '../deliveries';

/**
 * Which logged deliveries the trigger has Talkover send again when it catches up (catchUp.ts), read from
 * its webhook's delivery log as List Webhook Delivery Logs and List Campaign Webhook Logs document it:
 * one entry per delivery attempt, `pending` (queued), `retrying` (failed, Talkover sends it again itself),
 * `success` (delivered), `failed` (delivered to no avail, and Talkover's own retries are over).
 *
 * Sent again: each `failed` entry created after `since`, whatever later time Talkover's clock stamped (it may be
 * ahead of n8n's), oldest first, unless
 * - it was sent again before (`sent`, the catch-up record),
 * - it is a test delivery (its event `webhook.test`, or its `request_payload` says `test: true`),
 * - its `request_payload` (the success example has one, the failed example none) is the payload of a
 *   `success` entry of the log or of a delivery the trigger received (`received`, deliveryKey digests): that
 *   event was delivered once.
 * The pages do not let entries be grouped into events (a failed entry has no payload): two failed
 * entries of one event are both sent, and the trigger's delivery record starts one execution for the
 * same body (deliveries.ts). An entry the pages do not describe (no ID, a status they do not list, a
 * creation time that is no time, a failure without an event name) is left alone and named, never guessed.
 */

/** A failed delivery to send again. */
export interface LoggedFailure {
	id: string;
	event: string;
	/** created_at, epoch ms. */
	at: number;
}

/** An entry that may be a failure the node cannot act on: why, in words for n8n's log. */
export interface LeftAlone {
	why: string;
}

export interface Choice {
	/** Oldest first. */
	send: LoggedFailure[];
	leftAlone: LeftAlone[];
	/** Failed entries older than `since` (not sent: the bound), for n8n's log. */
	older: LoggedFailure[];
}

/**
 * The entries of `entries` (one or more pages of a log, in any order) to send again. `bare`: the trigger still has
 * 0.1.0's one webhook, so `received` may hold a body's own digest (deliveryKeys). `position` is the
 * number of the first entry as it is named in a problem (entries of later pages go on counting).
 */
export function chooseDeliveries(entries: readonly unknown[], since: number, sent: ReadonlySet<string>, received: ReadonlySet<string> = new Set(), position = 1, bare = false): Choice {
	const delivered = new Set(received);
	const failures: Array<LoggedFailure & { payload?: unknown }> = [];
	const leftAlone: LeftAlone[] = [];
	const seen = new Set<string>();
	entries.forEach((value, i) => {
		const number = position + i;
		// When the entry was made, if it says so in a documented time: an entry made at or before `since` is no concern of this catch-up.
		const at = loggedAt(value);
		const concerned = at === undefined || at > since;
		try {
			const { entry, id, status } = readDeliveryLogEntry(value, number);
			if (seen.has(id)) return;
			seen.add(id);
			// A delivered body, read by the one reader of deliveries (the log's body names no event: its entry does).
			const logged = status === 'success' && entry.request_payload !== undefined ? readLoggedDelivery(entry) : undefined;
			if (logged && !('problem' in logged)) delivered.add(deliveryKey(entry.request_payload as IDataObject, logged.event));
			if (status !== 'failed') return;
			if (at === undefined) readTalkoverTime(entry.created_at, `the creation time (created_at) of entry ${number} of the delivery log (ID ${clip(id, 80)})`);
			// Named below only when it is of concern.
			if (typeof entry.event !== 'string' || entry.event === '') throw new AnswerProblem(`entry ${number} of the delivery log (ID ${clip(id, 80)}) failed without the name of its event (event)`);
			// A test delivery (Talkover's Test button) is pressed to see a delivery then: never sent again.
			if (isLoggedTest(entry)) return;
			failures.push({ id, event: entry.event, at: at!, payload: entry.request_payload });
		} catch (error) {
			// An AnswerProblem says what the pages do not describe; anything else is named as it is (it is no entry to send).
			if (concerned) leftAlone.push({ why: error instanceof AnswerProblem ? error.message : String(error) });
		}
	});
	const byAge = (a: LoggedFailure, b: LoggedFailure) => a.at - b.at || a.id.localeCompare(b.id);
	const plain = ({ id, event, at }: LoggedFailure): LoggedFailure => ({ id, event, at });
	const send = failures
		.filter((f) => f.at > since && !sent.has(f.id))
		.filter((f) => f.payload === undefined || !deliveryKeys(f.payload as IDataObject, f.event, bare).some((key) => delivered.has(key)))
		.sort(byAge)
		.map(plain);
	const older = failures.filter((f) => f.at <= since && !sent.has(f.id)).sort(byAge).map(plain);
	return { send, leftAlone, older };
}

/** An entry of `entries` was made at or before `since`: a log read newest first needs no older page. */
export function reachesBack(entries: readonly unknown[], since: number): boolean {
	return entries.some((e) => (loggedAt(e) ?? Infinity) <= since);
}

/** The entry's created_at as epoch ms, when it is a time as Talkover documents them (readTalkoverTime). */
export function loggedAt(value: unknown): number | undefined {
	const createdAt = value !== null && typeof value === 'object' ? (value as IDataObject).created_at : undefined;
	try {
		return readTalkoverTime(createdAt, 'created_at');
	} catch {
		return undefined;
	}
}
