import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { DELIVERY_RETRIED } from '../../shared/answers';
import { clip, clock, CREDENTIAL_TYPE, credentialTokens, MAX_PAGE_SIZE, talkoverAnswer } from '../../shared/transport';
import { lastRemembered, REDELIVERY_WINDOW_MS, rememberedDeliveries } from '../deliveries';
import { hookTime } from '../hookTime';
import type { Tell } from '../sources/common';
import { loggableMessage, teller } from '../sources/common';
import type { LoggedFailure } from './choice';
import { chooseDeliveries, reachesBack } from './choice';
import type { LogRead } from './logRead';
import { readLogBackTo } from './logRead';
import { catchUpHours } from './field';
import { confirmSent, EXPECT_MS, forgetRecord, keepLearned, readRecord, scopeOf, startRecord, writeRecord } from './record';
import { longestPacing, RedeliveryWindow } from './pacing';

/**
 * Catching up (Options → Catch Up Missed Events): when n8n starts, or the workflow is activated again while
 * its webhook is still registered, the trigger reads its own webhook's delivery log and has Talkover send
 * again each event whose deliveries all failed since it last received one (catchUp/choice.ts decides
 * which), oldest first, through the normal delivery path: each starts one execution (deliveries.ts absorbs
 * an event delivered meanwhile).
 *
 * The log is read while the activation waits (its pages back to the start: a few requests), so the choice
 * is saved with the activation (record.ts); the retries are sent afterwards, in the background, so n8n's start
 * is not held by them: paced to what n8n takes (pacing.ts: at most 10 redeliveries asked for and not yet
 * arrived) and by the transport within the token's rate limit. A log that cannot be
 * read, a retry Talkover refuses, an entry the pages do not describe: written to n8n's log with the event
 * and its time (never a secret or the token), never an activation that fails.
 */

/** How long the first retry waits for n8n to save the activation's static data (seen: a few seconds on a busy machine). */
const PLAN_SAVED_MS = 5_000;

/** Talkover's clock and n8n's may differ: the log is read from five minutes before the last delivery (the delivery record absorbs what was received). */
export const CLOCK_MARGIN_MS = 5 * 60_000;
const HOUR_MS = 60 * 60_000;
/** At most this many pages of the log (100 entries each) are read at one activation. */
export const MAX_LOG_PAGES = 50;
/** At most this many lines name entries in n8n's log per activation (then a count). */
const MAX_NAMED = 20;

/** The paths of the webhook's log and of a retry of one of its entries. */
export interface LogPaths {
	log: string;
	retry(logId: string): string;
}

interface Task {
	cancelled: boolean;
	done: Promise<void>;
	window: RedeliveryWindow;
}

const running = new Map<string, Task>();

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** Names at most MAX_NAMED of `lines` in n8n's log, then how many more there were. */
function tellEach(tell: Tell, level: 'info' | 'warn', lines: string[]): void {
	for (const line of lines.slice(0, MAX_NAMED)) tell(level, line);
	if (lines.length > MAX_NAMED) tell(level, `… and ${lines.length - MAX_NAMED} more`);
}

/** A log entry's ID as the log gives it (a text or a number). */
function entryId(entry: IDataObject): string | undefined {
	return typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : undefined;
}

/** A failed delivery as n8n's log names it: Talkover's event name and entry ID clipped (a 100 KB name helps nobody). */
const named = (f: LoggedFailure) => `event ${clip(f.event, 80)} of ${iso(f.at)} (log entry ${clip(f.id, 80)})`;

/**
 * Catches up on the webhooks recorded in the static data (one per event: `logs`, their delivery logs), when
 * the option is on (`bare`: 0.1.0's one webhook, whose deliveries were remembered by their bodies alone). Returns once the choice is made and saved in the static data; the retries go on in the
 * background (`catchUpSettled` waits for them).
 */
export async function catchUpOnActivation(ctx: IHookFunctions, logs: readonly LogPaths[], { bare = false }: { bare?: boolean } = {}): Promise<void> {
	const hours = catchUpHours(ctx);
	const data = ctx.getWorkflowStaticData('node');
	const scope = scopeOf(data);
	stopCatchUp(scope);
	if (hours === 0 || !scope) return;
	const now = clock.now();
	const record = readRecord(data);
	const watching = record.watchingSince;
	// The last delivery: in the catch-up record, or (received while catching up was off) in the delivery record.
	const received = [record.lastDeliveryAt, lastRemembered(data, now)].filter((t): t is number => t !== undefined);
	const lastDelivery = received.length ? Math.max(...received) : undefined;
	// A trigger that knows nothing of its past (saved before it could catch up, or with it off until now, and
	// no delivery in its delivery record, which kept an hour) looks back an hour at its first catch-up, else an
	// event it received whose later attempts failed would run again.
	const known = [watching, record.lastDeliveryAt, record.caughtUpAt, lastDelivery].some((t) => t !== undefined);
	const back = known ? hours : Math.min(hours, REDELIVERY_WINDOW_MS / HOUR_MS);
	const bound = now - back * HOUR_MS;
	const tell = teller(ctx, await credentialTokens(ctx));
	// Read now: the retries are sent after this hook returns (RequestSettings.detached).
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	// From the last delivery received, or the last catch-up's read of the log if that is earlier (a retry whose
	// delivery failed is a failed entry made after it), five minutes earlier for the clocks. The entries of
	// the last plan not known to be queued (a catch-up cut short: n8n stopped; in queue mode main never hears)
	// are sent again, however long ago they failed: what did arrive meanwhile starts nothing.
	// With neither, from when the trigger began remembering (its webhook registered).
	const planned = Object.values(record.plan?.ids ?? {});
	const marks = [lastDelivery, record.caughtUpAt].filter((t): t is number => t !== undefined).map((t) => t - CLOCK_MARGIN_MS);
	const from = marks.length ? Math.min(...marks) : watching !== undefined ? watching - CLOCK_MARGIN_MS : -Infinity;
	const since = Math.max(bound, Math.min(from, ...planned.map((at) => at - 1)));
	const excluded = new Set(Object.keys(record.sent));
	// Every log is read before anything is chosen: one that cannot be read leaves the whole catch-up to the next activation.
	const entries: IDataObject[] = [];
	const logOf = new Map<string, LogPaths>();
	const several = logs.length > 1;
	for (const paths of logs) {
		const of = several ? ` (${paths.log})` : '';
		let read: LogRead;
		try {
			// Within the activation's time (hookTime, with the catch-up's more): a log Talkover is slow to give is not
			// read, and the next activation catches up from the same point (nothing of this read is kept).
			read = await readLogBackTo(ctx, paths.log, (page) => reachesBack(page, since), MAX_LOG_PAGES, hookTime(ctx, 'catchUp'));
		} catch (error) {
			tell('warn', `could not read the webhook's delivery log${of}, so nothing was caught up: ${loggableMessage(ctx, error)}`);
			return;
		}
		const most = MAX_LOG_PAGES * MAX_PAGE_SIZE;
		if (read.order === 'oldestFirst') tell('info', `the delivery log${of} came oldest first (Talkover shows it newest first): it was read from its last page back`);
		if (read.order === 'none') tell('warn', `the delivery log${of} came in no order of time: ${read.cut ? `its first ${most} entries were` : 'all of it was'} read`);
		if (read.short) tell('info', `page ${read.short.page} of the delivery log${of} held ${read.short.entries} entries though its paging claims ${read.short.pages} pages: read as the log's end`);
		if (read.cut && read.order !== 'none') tell('warn', `the delivery log${of} has more than ${most} entries since ${iso(since)}: only the ${most} newest were read, older failures are not caught up`);
		for (const entry of read.entries) {
			const id = entryId(entry);
			if (id !== undefined && !logOf.has(id)) logOf.set(id, paths);
			entries.push(entry);
		}
	}
	const chosen = chooseDeliveries(entries, since, excluded, rememberedDeliveries(data, now, hours * HOUR_MS), 1, bare);
	tellEach(tell, 'warn', chosen.leftAlone.map((e) => `left alone a log entry the Talkover pages do not describe: ${e.why}`));
	const older = `older than ${back} hour${back === 1 ? '' : 's'}${back < hours ? ': the first catch-up of this trigger, which remembers its deliveries of the last hour only' : ''}`;
	tellEach(tell, 'warn', chosen.older.filter((f) => f.at <= bound).map((f) => `not caught up (${older}): ${named(f)}`));
	const send = chosen.send;
	// Counted in a Map: an event named as a property every object has (`constructor`, `__proto__`) counts like any other.
	const counts = new Map<string, number>();
	for (const f of send) counts.set(f.event, (counts.get(f.event) ?? 0) + 1);
	const expected: Record<string, number> = Object.fromEntries(counts);
	// Its deliveries are expected for an hour and the longest the paced retries after the first can take (pacing.ts).
	const until = now + longestPacing(send.length) + EXPECT_MS;
	writeRecord(data, { ...record, watchingSince: watching ?? now, caughtUpAt: now, plan: { at: now, until, ids: Object.fromEntries(send.map((f) => [f.id, f.at])), expected } }, now);
	if (send.length === 0) return;
	tell('info', `catching up on ${send.length} event${send.length === 1 ? '' : 's'} Talkover could not deliver since ${iso(since)}`);
	const task: Task = { cancelled: false, done: Promise.resolve(), window: new RedeliveryWindow(scope) };
	task.done = sendAgain(ctx, tell, scope, (id) => logOf.get(id) ?? logs[0], send, task, { credentials }, data);
	running.set(scope, task);
}

/** Has Talkover send each entry again, oldest first, until done or cancelled (the webhook deleted, a new activation). */
async function sendAgain(ctx: IHookFunctions, tell: Tell, scope: string, logOf: (id: string) => LogPaths, failures: LoggedFailure[], task: Task, detached: { credentials: IDataObject }, data: IDataObject): Promise<void> {
	// n8n saves the activation's static data (the plan that marks each event sent again as caught up) only once every
	// webhook of the workflow is activated (n8n 1.123: and its cache filled): a retry Talkover delivered before that,
	// to a webhook process that reads the plan from the database, ran without its mark. The first waits a moment.
	await clock.sleep(PLAN_SAVED_MS);
	let queued = 0;
	for (const failure of failures) {
		await task.window.room();
		if (task.cancelled) return;
		// Expected from the start (the plan): Talkover may deliver it before its answer to the retry arrives.
		const asked = task.window.ask();
		try {
			const answer = await talkoverAnswer(ctx, 'POST', logOf(failure.id).retry(failure.id), { read: DELIVERY_RETRIED, handleStatuses: [404, 422], detached });
			if (answer.failure) {
				// Refused (already delivered, too old, the webhook disabled) or gone: asking again changes nothing.
				asked.done();
				confirmSent(scope, failure.id, failure.at, failure.event);
				keepLearned(data);
				tell('warn', `Talkover would not send ${named(failure)} again (HTTP ${answer.statusCode}${answer.failure.message ? `: ${answer.failure.message}` : ''})`);
				continue;
			}
			confirmSent(scope, failure.id, failure.at);
			// Also in the activation's static data: n8n 2.3x+ may save it only after the deliveries' executions
			// saved theirs (a busy start), over them; then it holds what was queued by then.
			keepLearned(data);
			queued++;
		} catch (error) {
			asked.done();
			// Still in the plan: the next activation asks again (the delivery record absorbs it if it did arrive).
			tell('warn', `could not have ${named(failure)} sent again (the next activation tries again): ${loggableMessage(ctx, error)}`);
		}
	}
	task.window.close();
	if (running.get(scope) === task) running.delete(scope);
	tell('info', `caught up: Talkover queued ${queued} of ${failures.length} event${failures.length === 1 ? '' : 's'} again`);
}

/** Stops the webhook's catch-up, if one runs in this process. */
export function stopCatchUp(scope: string): void {
	const task = running.get(scope);
	if (task) {
		task.cancelled = true;
		task.window.close();
	}
	running.delete(scope);
}

/** A webhook registered now (`hours`: the option's): with catching up on, its deliveries are remembered from now on. */
export function startCatchUp(data: IDataObject, hours: number): void {
	if (hours > 0) startRecord(data);
}

/** The webhook is gone: its catch-up stops and what was remembered of it is forgotten. */
export function forgetCatchUp(data: IDataObject): void {
	const scope = scopeOf(data);
	stopCatchUp(scope);
	forgetRecord(data);
}

/** Resolves once every catch-up running in this process has sent its retries (tests, benchmarks). */
export async function catchUpSettled(): Promise<void> {
	while (running.size) await Promise.all([...running.values()].map((t) => t.done));
}
