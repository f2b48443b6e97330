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

import { DELIVERY_LOG_ENTRIES, readTalkoverTime } from '../../shared/answers';
import { entryIds, getList } from '../../shared/transport';
import type { WaitRecord, WaitWebhook } from './record';
import { webhookPaths } from './webhooks';

/** A log as read: its entries newest first, and when it was last read (by this process's clock). */
interface LogRead {
	entries: IDataObject[];
	used: number;
}

/** A wait's log not read for this long is forgotten here (read whole again if the wait goes on). */
const KEPT_MS = 24 * 3600_000;

/** Statuses an entry keeps (list-webhook-logs.mdx, Log Status Values): `pending` and `retrying` may still change. */
const SETTLED = ['success', 'failed'];

const reads = new Map<string, LogRead>();
const inFlight = new Map<string, Promise<IDataObject[]>>();

const keyOf = (record: WaitRecord, webhook: WaitWebhook) => `${record.secretHash} ${webhook.webhookId}`;

function loggedAt(entry: IDataObject): number | undefined {
	try {
		return readTalkoverTime(entry.created_at, 'created_at');
	} catch {
		return undefined;
	}
}

/** The ID of the newest entry with only settled entries before it (older), or undefined when there is none. */
function readUpTo(entries: IDataObject[]): string | undefined {
	let last = -1;
	for (let i = 0; i < entries.length; i++) if (!SETTLED.includes(String(entries[i].status))) last = i;
	const entry = entries[last + 1];
	return entry === undefined ? undefined : String(entry.id);
}

async function readOnce(ctx: IWebhookFunctions, key: string, webhook: WaitWebhook, now: number): Promise<IDataObject[]> {
	for (const [other, read] of reads) if (now - read.used > KEPT_MS) reads.delete(other);
	const before = reads.get(key);
	const upTo = before ? readUpTo(before.entries) : undefined;
	let reached = false;
	let newestFirst = true;
	let lastTime: number | undefined;
	const fresh = await getList.call(ctx, webhookPaths(webhook).log(webhook.webhookId), {}, {
		returnAll: true,
		limit: 0,
		pagingDocumented: true,
		shortPageEnds: true,
		read: DELIVERY_LOG_ENTRIES,
		enough: (onPage) => {
			for (const entry of onPage) {
				const at = loggedAt(entry);
				if (at === undefined) continue;
				if (lastTime !== undefined && at > lastTime) newestFirst = false;
				lastTime = at;
			}
			// Not newest first: every page, to the end.
			if (!newestFirst || upTo === undefined) return false;
			reached = onPage.some((entry) => entry.id !== undefined && String(entry.id) === upTo);
			return reached;
		},
	});
	if (!newestFirst || entryIds(fresh) === undefined) {
		reads.delete(key);
		return fresh;
	}
	const freshIds = new Set(fresh.map((entry) => String(entry.id)));
	const entries = reached && before ? [...fresh, ...before.entries.filter((entry) => !freshIds.has(String(entry.id)))] : fresh;
	reads.set(key, { entries, used: now });
	return entries;
}

/** Every entry of the wait's webhook's delivery log, newest first as Talkover lists it (see above). */
export async function readWaitLog(ctx: IWebhookFunctions, record: WaitRecord, webhook: WaitWebhook, now: number): Promise<IDataObject[]> {
	const key = keyOf(record, webhook);
	const previous = inFlight.get(key);
	const run = (previous ?? Promise.resolve([])).catch(() => []).then(async () => await readOnce(ctx, key, webhook, now));
	// A failed read forgets what was read of this log: the next read reads it whole.
	run.catch(() => reads.delete(key));
	inFlight.set(key, run);
	try {
		return await run;
	} finally {
		if (inFlight.get(key) === run) inFlight.delete(key);
	}
}

/** The wait has ended (or its webhook is gone): what was read of its logs is forgotten. */
export function forgetWaitLogs(record: WaitRecord): void {
	for (const webhook of record.webhooks) reads.delete(keyOf(record, webhook));
}
