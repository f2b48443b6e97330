/**
 * The delivery log of a wait's webhook as this process last read it, so that each end of one of the wait's
 * calls reads only what the log added since: Talkover lists the log newest first (the pages' example), so the
 * pages are read from the first up to the one that holds the newest entry read before whose every newer
 * entry was then settled (`success`, `failed`: an entry queued or retrying may still change, and is read
 * again); every older entry is as it was. A log that does not come newest first (times that rise from one
 * entry to the next), entries without an ID, or a first read in this process (after a restart, in queue
 * mode's webhook process): the whole log is read. Reads of one wait's log run one after the other (two ends
 * at once: the second reads what the first could not yet see).
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DELIVERY_LOG_ENTRIES, talkoverTimeIn } from '../../shared/answers';
import { entryIds, getList } from '../../shared/transport';
import type { WaitRecord, WaitWebhook } from './record';
import { webhookPaths } from './webhooks';

/** One wait's webhook's log as this process reads it. */
interface WaitLog {
	/** Its entries newest first as last read, when the next read may read only what was added (none: read whole). */
	entries?: IDataObject[];
	/** When a read of it was last asked (by this process's clock). */
	used: number;
	/** The last read asked, once it has settled (it never fails): the next read runs after it. */
	settled: Promise<unknown>;
}

/** A wait's log not read for this long is forgotten here (read whole again if the wait goes on). */
const KEPT_MS = 24 * 3600_000;

/** Statuses an entry keeps (list-webhook-logs.mdx, Log Status Values): `pending` and `retrying` may still change. */
const SETTLED = ['success', 'failed'];

/** Whether a log entry may still change: it is not settled (`success`, `failed`) yet. */
export const mayChange = (entry: IDataObject): boolean => !SETTLED.includes(String(entry.status));

const logs = new Map<string, WaitLog>();

const keyOf = (record: WaitRecord, webhook: WaitWebhook) => `${record.secretHash} ${webhook.webhookId}`;

/** The ID of the newest entry with only settled entries before it (older), or undefined when there is none. */
function readUpTo(entries: IDataObject[]): string | undefined {
	let last = -1;
	for (let i = 0; i < entries.length; i++) if (mayChange(entries[i])) last = i;
	const entry = entries[last + 1];
	return entry === undefined ? undefined : String(entry.id);
}

async function readOnce(ctx: IWebhookFunctions, log: WaitLog, webhook: WaitWebhook): Promise<IDataObject[]> {
	const before = log.entries;
	const upTo = before && readUpTo(before);
	// No entry's ID reads as `upTo` when there is none.
	const isUpTo = (entry: IDataObject) => String(entry.id) === upTo;
	let newestFirst = true;
	let lastTime = Infinity;
	const fresh = await getList.call(ctx, webhookPaths(webhook).log(webhook.webhookId), {}, {
		returnAll: true,
		limit: 0,
		pagingDocumented: true,
		shortPageEnds: true,
		read: DELIVERY_LOG_ENTRIES,
		enough: (onPage) => {
			for (const entry of onPage) {
				const at = talkoverTimeIn(entry.created_at);
				if (at === undefined) continue;
				if (at > lastTime) newestFirst = false;
				lastTime = at;
			}
			// Not newest first: every page, to the end.
			return newestFirst && onPage.some(isUpTo);
		},
	});
	if (!newestFirst || entryIds(fresh) === undefined) {
		log.entries = undefined;
		return fresh;
	}
	// The read stopped at the page that holds `upTo`: every entry read before that it did not read again is as it was.
	const freshIds = new Set(fresh.map((entry) => String(entry.id)));
	log.entries = before && fresh.some(isUpTo) ? [...fresh, ...before.filter((entry) => !freshIds.has(String(entry.id)))] : fresh;
	return log.entries;
}

/** Every entry of the wait's webhook's delivery log, newest first as Talkover lists it (see above). */
export async function readWaitLog(ctx: IWebhookFunctions, record: WaitRecord, webhook: WaitWebhook, now: number): Promise<IDataObject[]> {
	const key = keyOf(record, webhook);
	for (const [other, log] of logs) if (now - log.used > KEPT_MS) logs.delete(other);
	const log = logs.get(key) ?? { used: now, settled: Promise.resolve() };
	logs.set(key, log);
	log.used = now;
	const run = log.settled.then(async () => await readOnce(ctx, log, webhook));
	// A failed read forgets what was read of this log: the next read reads it whole.
	log.settled = run.catch(() => {
		log.entries = undefined;
	});
	return await run;
}

/** The wait has ended (or its webhook is gone): what was read of its logs is forgotten. */
export function forgetWaitLogs(record: WaitRecord): void {
	for (const webhook of record.webhooks) logs.delete(keyOf(record, webhook));
}
