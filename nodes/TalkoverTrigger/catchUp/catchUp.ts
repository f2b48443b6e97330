import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { DELIVERY_LOG_ENTRIES, DELIVERY_RETRIED } from '../../shared/answers';
import { clock, getList, MAX_PAGE_SIZE, talkoverAnswer } from '../../shared/transport';
import { rememberedDeliveries } from '../deliveries';
import { loggableMessage } from '../sources/common';
import type { LoggedFailure } from './choice';
import { chooseDeliveries, loggedAt } from './choice';
import { catchUpHours } from './field';
import { expectRedelivery, forgetExpected, withdrawExpected } from './label';
import { confirmSent, forgetRecord, PLAN_RESEND_MS, readRecord, scopeOf, writeRecord } from './record';

/**
 * Catching up (Options → Catch Up Missed Events): when n8n starts, or the workflow is activated again while
 * its webhook is still registered, the trigger reads its own webhook's delivery log and has Talkover send
 * again each event whose deliveries all failed since it last received one (catchUp/choice.ts decides
 * which), oldest first, through the normal delivery path: each starts one execution (deliveries.ts absorbs
 * an event delivered meanwhile).
 *
 * The log is read while the activation waits (its pages back to the start: a few requests), so the choice
 * is saved with the activation (record.ts); the retries are sent afterwards, in the background, paced by
 * the transport within the token's rate limit, so n8n's start is not held by them. A log that cannot be
 * read, a retry Talkover refuses, an entry the pages do not describe: written to n8n's log with the event
 * and its time (never a secret or the token), never an activation that fails.
 */

/** Talkover's clock and n8n's may differ: the log is read from a minute before the last delivery (the delivery record absorbs what was received). */
export const CLOCK_MARGIN_MS = 60_000;
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
}

const running = new Map<string, Task>();

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function say(ctx: IHookFunctions, level: 'info' | 'warn', text: string): void {
	ctx.logger?.[level]?.(`Talkover Trigger "${ctx.getNode().name}" (workflow ${ctx.getWorkflow().id ?? ''}): ${text}`);
}

/** Names at most MAX_NAMED of `lines` in n8n's log, then how many more there were. */
function sayEach(ctx: IHookFunctions, level: 'info' | 'warn', lines: string[]): void {
	for (const line of lines.slice(0, MAX_NAMED)) say(ctx, level, line);
	if (lines.length > MAX_NAMED) say(ctx, level, `… and ${lines.length - MAX_NAMED} more`);
}

const named = (f: LoggedFailure) => `event ${f.event} of ${iso(f.at)} (log entry ${f.id})`;

/**
 * Catches up on the webhook recorded in the static data, when the option is on. Returns once the choice is
 * made and saved in the static data; the retries go on in the background (`catchUpSettled` waits for them).
 */
export async function catchUpOnActivation(ctx: IHookFunctions, paths: LogPaths): Promise<void> {
	const hours = catchUpHours(ctx);
	const data = ctx.getWorkflowStaticData('node');
	const scope = scopeOf(data);
	stopCatchUp(scope);
	if (hours === 0 || !scope) return;
	const now = clock.now();
	const record = readRecord(data);
	const bound = now - hours * 60 * 60_000;
	// A plan cut short within the delivery record's window is sent again (what arrived meanwhile starts
	// nothing), however long ago its events failed; an older one counts as sent.
	const young = record.plan !== undefined && now - record.plan.at < PLAN_RESEND_MS;
	const planned = young ? Object.values(record.plan!.ids) : [];
	const since = Math.max(bound, Math.min((record.lastDeliveryAt ?? -Infinity) - CLOCK_MARGIN_MS, ...planned.map((at) => at - 1)));
	const excluded = new Set([...Object.keys(record.sent), ...(young ? [] : Object.keys(record.plan?.ids ?? {}))]);
	let entries: IDataObject[];
	let inOrder = true;
	let last = Infinity;
	let pages = 0;
	try {
		entries = await getList.call(ctx, paths.log, {}, {
			returnAll: true,
			limit: 0,
			pagingDocumented: true,
			read: DELIVERY_LOG_ENTRIES,
			// The pages show the log newest first: once a page reaches back to `since`, older pages hold nothing
			// to send. An entry newer than one before it: the log is not in that order, and is read to its end.
			enough: (page) => {
				pages++;
				const choice = chooseDeliveries(page, { since, until: now }, excluded);
				for (const entry of page) {
					const at = loggedAt(entry);
					if (at !== undefined) {
						if (at > last) inOrder = false;
						last = at;
					}
				}
				return pages >= MAX_LOG_PAGES || (inOrder && choice.reachedSince);
			},
		});
	} catch (error) {
		say(ctx, 'warn', `could not read the webhook's delivery log, so nothing was caught up: ${loggableMessage(ctx, error)}`);
		return;
	}
	if (!inOrder) say(ctx, 'info', 'the delivery log was not newest first, as Talkover shows it: it was read to its end');
	if (pages >= MAX_LOG_PAGES && entries.length >= MAX_LOG_PAGES * MAX_PAGE_SIZE) say(ctx, 'warn', `the delivery log has more than ${MAX_LOG_PAGES * MAX_PAGE_SIZE} entries since the trigger last received an event: only the newest were read`);
	const choice = chooseDeliveries(entries, { since, until: now }, excluded, rememberedDeliveries(data, now, hours * 60 * 60_000));
	sayEach(ctx, 'warn', choice.leftAlone.map((e) => `left alone a log entry the Talkover pages do not describe: ${e.why}`));
	sayEach(ctx, 'warn', choice.older.filter((f) => f.at <= bound).map((f) => `not caught up (older than ${hours} hours): ${named(f)}`));
	writeRecord(data, { ...record, plan: { at: now, ids: Object.fromEntries(choice.send.map((f) => [f.id, f.at])) } }, now);
	if (choice.send.length === 0) return;
	say(ctx, 'info', `catching up on ${choice.send.length} event${choice.send.length === 1 ? '' : 's'} Talkover could not deliver since ${iso(since)}`);
	const task: Task = { cancelled: false, done: Promise.resolve() };
	task.done = sendAgain(ctx, scope, paths, choice.send, task);
	running.set(scope, task);
}

/** Has Talkover send each entry again, oldest first, until done or cancelled (the webhook deleted, a new activation). */
async function sendAgain(ctx: IHookFunctions, scope: string, paths: LogPaths, failures: LoggedFailure[], task: Task): Promise<void> {
	let queued = 0;
	for (const failure of failures) {
		if (task.cancelled) return;
		// Expected before it is asked for: Talkover may deliver it before its answer to the retry arrives.
		expectRedelivery(scope, failure.event);
		try {
			const answer = await talkoverAnswer(ctx, 'POST', paths.retry(failure.id), { read: DELIVERY_RETRIED, handleStatuses: [404, 422] });
			if (answer.failure) {
				withdrawExpected(scope, failure.event);
				// Refused (already delivered, too old, the webhook disabled) or gone: asking again changes nothing.
				confirmSent(scope, failure.id, failure.at);
				say(ctx, 'warn', `Talkover would not send ${named(failure)} again (HTTP ${answer.statusCode}${answer.failure.message ? `: ${answer.failure.message}` : ''})`);
				continue;
			}
			confirmSent(scope, failure.id, failure.at);
			queued++;
		} catch (error) {
			withdrawExpected(scope, failure.event);
			say(ctx, 'warn', `could not have ${named(failure)} sent again (the next activation within the hour tries again): ${loggableMessage(ctx, error)}`);
		}
	}
	if (running.get(scope) === task) running.delete(scope);
	say(ctx, 'info', `caught up: Talkover queued ${queued} of ${failures.length} event${failures.length === 1 ? '' : 's'} again`);
}

/** Stops the webhook's catch-up, if one runs in this process. */
export function stopCatchUp(scope: string): void {
	const task = running.get(scope);
	if (task) task.cancelled = true;
	running.delete(scope);
}

/** The webhook is gone: its catch-up stops and what was remembered of it is forgotten. */
export function forgetCatchUp(data: IDataObject): void {
	const scope = scopeOf(data);
	stopCatchUp(scope);
	forgetExpected(scope);
	forgetRecord(data);
}

/** Resolves once every catch-up running in this process has sent its retries (tests, benchmarks). */
export async function catchUpSettled(): Promise<void> {
	while (running.size) await Promise.all([...running.values()].map((t) => t.done));
}
