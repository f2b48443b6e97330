/**
 * Requests the node sends its own waiting webhook, from the n8n process that holds the wait's secret:
 * at the Wait Limit (`n8n.wait_limit`: the calls not reported ended come out timed out, with their last
 * status), once shortly after an end that left few calls to wait for (`n8n.wait_check`: ends Talkover
 * delivered at the same moment may not have been in its log yet; and right after a wait on calls the retried
 * execution placed), and a while after the last end when picked per-call events have not all come
 * (`n8n.wait_events`, EVENTS_AFTER_END_MS). They carry the secret like Talkover's
 * deliveries. The alarms live in this process only: after a restart the wait ends at the first delivery past
 * its limit, or when n8n ends it itself a little later (BACKSTOP_MS), without the node (its input passed on).
 */
import type { IExecuteFunctions, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import { DELIVERY_HEADER } from '../../../shared/deliveryHeader';
import { alarm, clock } from '../../../shared/transport';

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

/** The alarms set in this process, by wait (its address): cancelled when the wait ends here. */
const alarms = new Map<string, { limit?: () => void; check?: () => void; events?: () => void }>();

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

function send(address: string, secret: string, event: string): void {
	void request?.({ method: 'POST', url: address, body: { event }, json: true, headers: { [DELIVERY_HEADER]: secret }, timeout: 60_000, ignoreHttpStatusErrors: true }).catch(() => undefined);
}

/** Sets the wait's alarm at its limit (or, when the log could not be read then, a minute later). */
export function setLimitAlarm(ctx: IExecuteFunctions | IWebhookFunctions, address: string, secret: string, deadline: number): void {
	remember(ctx);
	const set = alarms.get(address) ?? {};
	set.limit?.();
	set.limit = alarm(Math.max(0, deadline - clock.now()), () => {
		alarms.get(address)?.check?.();
		alarms.get(address)?.events?.();
		alarms.delete(address);
		send(address, secret, LIMIT_SIGNAL);
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
		send(address, secret, CHECK_SIGNAL);
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
		send(address, secret, EVENTS_SIGNAL);
	});
	alarms.set(address, set);
}

/** The wait ended: its alarms in this process are cancelled. */
export function clearAlarms(address: string): void {
	const set = alarms.get(address);
	set?.limit?.();
	set?.check?.();
	set?.events?.();
	alarms.delete(address);
}

/** How many waits hold an alarm in this process (benchmarks). */
export function alarmsHeld(): number {
	return alarms.size;
}
