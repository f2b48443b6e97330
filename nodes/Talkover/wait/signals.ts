/**
 * Requests the node sends its own waiting webhook, from the n8n process that holds the wait's secret:
 * at the Wait Limit (`n8n.wait_limit`: the calls not reported ended come out timed out, with their last
 * status), once shortly after an end that left few calls to wait for (`n8n.wait_check`: ends Talkover
 * delivered at the same moment may not have been in its log yet; and right after a wait on calls the retried
 * execution placed), and a while after the last end when picked per-call events have not all come
 * (`n8n.wait_events`, EVENTS_AFTER_END_MS). They carry the secret like Talkover's
 * deliveries. An alarm that reaches n8n while the execution is still running (n8n answers 409 "is running
 * already": the run is still placing its calls, or is going to wait) or that cannot reach n8n is sent again
 * a little later (RESEND_FIRST_MS, doubling up to RESEND_MAX_MS), until n8n would end the wait itself. The
 * alarms live in this process only: after a restart the wait ends at the first delivery past its limit, or
 * when n8n ends it itself a little later (BACKSTOP_MS), without the node (its input passed on).
 */
import type { IExecuteFunctions, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import { DELIVERY_HEADER } from '../../shared/deliveryHeader';
import { alarm, clock } from '../../shared/transport';

export const LIMIT_SIGNAL = 'n8n.wait_limit';
export const CHECK_SIGNAL = 'n8n.wait_check';
export const EVENTS_SIGNAL = 'n8n.wait_events';

/**
 * How long after its calls have ended a campaign wait goes on for the per-call events picked (a transcript,
 * report or recording Talkover has not sent yet): then it ends, naming those that did not come. Never past
 * the Wait Limit.
 */
export const EVENTS_AFTER_END_MS = 15 * 60_000;

/** How long after the Wait Limit n8n resumes the execution itself, if the node's own alarm did not. */
export const BACKSTOP_MS = 10 * 60_000;

/** When n8n ends a wait itself, for a wait whose latest Wait Limit is `deadline`: the one place BACKSTOP_MS is added to one. */
export function endsItselfAt(deadline: number): number {
	return deadline + BACKSTOP_MS;
}

/** What the end of a wait at its limit may take at most (its reads of the calls' last status): well inside BACKSTOP_MS. */
export const FINISH_BUDGET_MS = 4 * 60_000;

/** How far behind the alarm's clock the clock of the process that receives it may be. */
export const CLOCK_SKEW_MS = 60_000;

/** At the limit, how long before a log that could not be read is asked again. */
export const LIMIT_RETRY_MS = 60_000;

/**
 * How long after an end the node looks at Talkover's log again (CHECK_SIGNAL): 5 seconds, and up to 5 more at
 * random, so that the checks two processes set for two ends at the same moment (queue mode, several webhook
 * processes) rarely reach n8n together (n8n 1.x would let both resume the execution).
 */
export const CHECK_AFTER_MS = 5_000;
export const CHECK_SPREAD_MS = 5_000;

/** An alarm n8n did not take (its execution still running, or n8n not reached) is sent again this long after, doubling. */
export const RESEND_FIRST_MS = 5_000;
export const RESEND_MAX_MS = 60_000;

/** The alarms set in this process, by wait (its address): cancelled when the wait ends here. */
const alarms = new Map<string, { limit?: () => void; check?: () => void; events?: () => void; resend?: Map<string, () => void> }>();

type Request = (options: IHttpRequestOptions) => Promise<unknown>;

/**
 * n8n's request helper of the latest context that set an alarm: an alarm keeps only its address and secret,
 * never its execution's context (100 waiting executions held 63 MB of n8n's heap that way), and one helper
 * serves them all.
 */
let request: Request | undefined;

function remember(ctx: IExecuteFunctions | IWebhookFunctions): void {
	const helpers = ctx.helpers;
	request = async (options) => await helpers.httpRequest(options);
}

/** n8n's answer while the execution runs (still placing its calls, or not yet saved as waiting): 409 "is running already". */
function stillRunning(answer: unknown): boolean {
	const { statusCode, body } = (answer ?? {}) as { statusCode?: unknown; body?: unknown };
	const message = (body as { message?: unknown } | null | undefined)?.message;
	return Number(statusCode) === 409 && typeof message === 'string' && /\brunning\b/.test(message);
}

/**
 * Sends the signal; n8n still running the execution, or not reached, it is sent again later (never past `until`,
 * when n8n ends the wait itself). Any other answer is the wait's (the node's own 503 sets its own alarm again).
 */
function send(address: string, secret: string, signal: { event: string; at?: number }, until: number, after = RESEND_FIRST_MS): void {
	const { event } = signal;
	const sending = request?.({ method: 'POST', url: address, body: signal, json: true, headers: { [DELIVERY_HEADER]: secret }, timeout: 60_000, ignoreHttpStatusErrors: true, returnFullResponse: true });
	void sending?.then(stillRunning, () => true).then((again) => {
		if (!again || clock.now() + after > until) return;
		const set = alarms.get(address) ?? {};
		const resend = set.resend ?? new Map<string, () => void>();
		resend.get(event)?.();
		resend.set(
			event,
			alarm(after, () => {
				alarms.get(address)?.resend?.delete(event);
				tidy(address);
				send(address, secret, signal, until, Math.min(2 * after, RESEND_MAX_MS));
			}),
		);
		set.resend = resend;
		alarms.set(address, set);
	});
}

/** A wait with no alarm left in this process is forgotten here. */
function tidy(address: string): void {
	const set = alarms.get(address);
	if (set && !set.limit && !set.check && !set.events && !set.resend?.size) alarms.delete(address);
}

/**
 * Sets the wait's alarm at a call's limit (or, when the log could not be read then, a minute later); `until`:
 * when n8n ends the wait itself (the alarm is not sent again after it; by default BACKSTOP_MS after `at`).
 */
export function setLimitAlarm(ctx: IExecuteFunctions | IWebhookFunctions, address: string, secret: string, at: number, until = endsItselfAt(at)): void {
	remember(ctx);
	const set = alarms.get(address) ?? {};
	set.limit?.();
	set.limit = alarm(Math.max(0, at - clock.now()), () => {
		const now = alarms.get(address);
		if (now) delete now.limit;
		tidy(address);
		// With the moment it was set for (by this process's clock): the limits up to then are reached.
		send(address, secret, { event: LIMIT_SIGNAL, at }, until);
	});
	alarms.set(address, set);
}

/** Asks the wait to look again shortly (once: an alarm already set stays). */
export function setCheckAlarm(ctx: IExecuteFunctions | IWebhookFunctions, address: string, secret: string): void {
	remember(ctx);
	const set = alarms.get(address) ?? {};
	if (set.check) return;
	set.check = alarm(CHECK_AFTER_MS + Math.floor(clock.random() * CHECK_SPREAD_MS), () => {
		const now = alarms.get(address);
		if (now) delete now.check;
		tidy(address);
		send(address, secret, { event: CHECK_SIGNAL }, clock.now() + BACKSTOP_MS);
	});
	alarms.set(address, set);
}

/** Ends the wait at `at` if its calls have all ended by then (once: an alarm already set stays). */
export function setEventsAlarm(ctx: IWebhookFunctions, address: string, secret: string, at: number): void {
	remember(ctx);
	const set = alarms.get(address) ?? {};
	if (set.events) return;
	set.events = alarm(Math.max(0, at - clock.now()), () => {
		const now = alarms.get(address);
		if (now) delete now.events;
		tidy(address);
		send(address, secret, { event: EVENTS_SIGNAL }, at + BACKSTOP_MS);
	});
	alarms.set(address, set);
}

/** The wait ended: its alarms in this process are cancelled. */
export function clearAlarms(address: string): void {
	const set = alarms.get(address);
	set?.limit?.();
	set?.check?.();
	set?.events?.();
	for (const cancel of set?.resend?.values() ?? []) cancel();
	alarms.delete(address);
}
