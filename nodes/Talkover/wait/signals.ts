/**
 * The signals the wait gives itself: at the Wait Limit (the calls not reported ended come out timed out, with
 * their last status), once shortly after an end that left few calls to wait for (ends Talkover delivered at
 * the same moment may not have been in its log yet; and right after a wait on calls the retried execution
 * placed), and a while after the last end when picked per-call events have not all come (EVENTS_AFTER_END_MS).
 * Talkover delivers each (its Test Webhook, to one of the wait's webhooks: a `webhook.test` delivery with the
 * wait's secret, to the wait's address), never n8n itself: n8n need not reach its own public address (no
 * hairpin NAT, an egress firewall, split DNS), only Talkover must, as for the calls' ends. webhook()
 * (receive.ts) tells what the signal is for from the wait's record, its clock and Talkover's log. A signal
 * that did not reach the node (n8n still running the execution: 409; n8n not reached; Talkover not reached) is
 * asked again a little later (RESEND_FIRST_MS, doubling up to RESEND_MAX_MS), until n8n would end the wait
 * itself. Only when Talkover no longer has any webhook of the wait (deleted by someone, or by the wait's end)
 * does this process send the signal to the wait's address itself (`n8n.wait_*`, with the secret). The alarms live in this
 * process only: after a restart the wait ends at the first delivery past its limit, or when n8n ends it itself
 * a little later (BACKSTOP_MS), without the node: it passes on what the node kept for that moment (backstop.ts).
 */
import type { IExecuteFunctions, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import { WEBHOOK_TESTED } from '../../shared/answers';
import { DELIVERY_HEADER } from '../../shared/deliveryHeader';
import type { Context } from '../../shared/transport';
import { alarm, clock, CREDENTIAL_TYPE, talkoverAnswer } from '../../shared/transport';
import type { WaitWebhook } from './record';
import { webhookPaths } from './webhooks';

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

/**
 * When each wait's alarms were last cleared (its end), numbered in this process: a signal on its way when its wait
 * ended is not sent again (its answer comes after the end; a loop's next wait at the same address has alarms of its
 * own). Kept ENDED_KEPT_MS.
 */
const ended = new Map<string, { order: number; at: number }>();
let order = 0;
const ENDED_KEPT_MS = 30 * 60_000;

/** What Talkover answered when asked to deliver a signal: sent (with the wait's address's answer, when it says), or the webhook gone. */
type Asked = { sent: boolean; statusCode?: number } | 'gone';

/**
 * How a wait's signals are asked of Talkover: its webhooks, and a request that keeps only the node, n8n's request
 * helper and the credential read when the alarm was set, never its execution's context (100 waiting executions
 * held 63 MB of n8n's heap that way).
 */
interface Via {
	webhooks: WaitWebhook[];
	ask(webhook: WaitWebhook): Promise<Asked>;
	/** Sends the signal to the wait's address itself (only when Talkover no longer has the wait's webhook). */
	post(signal: { event: string; at?: number }): Promise<unknown>;
}

/** What a wait's alarms need: its Talkover webhooks, and its secret (for a signal sent to its address itself). */
export interface WaitSignalling {
	webhooks: WaitWebhook[];
	secret: string;
}

function viaOf(ctx: IExecuteFunctions | IWebhookFunctions, address: string, { webhooks, secret }: WaitSignalling): Via {
	const node = ctx.getNode();
	const helpers = ctx.helpers;
	// Read now (a request sent after this run returned: RequestSettings.detached); a failure is the signal's, later.
	const credentials = ctx.getCredentials(CREDENTIAL_TYPE).then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	const light = { getNode: () => node, helpers: { httpRequest: async (options: IHttpRequestOptions) => await helpers.httpRequest(options) } } as unknown as Context;
	return {
		webhooks,
		ask: async (webhook) => {
			const read = await credentials;
			if ('error' in read) throw read.error;
			const answer = await talkoverAnswer(light, 'POST', `${webhookPaths(webhook).webhook(webhook.webhookId)}/test`, { read: WEBHOOK_TESTED, handleStatuses: [404], detached: { credentials: read.value }, maxWaitMs: 60_000 });
			return answer.failure ? 'gone' : answer.value;
		},
		post: async (signal) =>
			await helpers.httpRequest({ method: 'POST', url: address, body: signal, json: true, headers: { [DELIVERY_HEADER]: secret }, timeout: 60_000, ignoreHttpStatusErrors: true, returnFullResponse: true }),
	};
}

/** n8n's answer while the execution runs (still placing its calls, or not yet saved as waiting): 409 "is running already". */
function stillRunning(answer: unknown): boolean {
	const { statusCode, body } = (answer ?? {}) as { statusCode?: unknown; body?: unknown };
	const message = (body as { message?: unknown } | null | undefined)?.message;
	return Number(statusCode) === 409 && typeof message === 'string' && /\brunning\b/.test(message);
}

/**
 * Whether the signal reached the node: Talkover sent it, and the address did not answer 409 (n8n still running
 * the execution). Every webhook of the wait gone in Talkover (deleted by someone; the wait's own end deletes
 * them too), the signal is sent to the address by this process itself, as the one way left.
 */
async function deliver(via: Via, signal: { event: string; at?: number }): Promise<'reached' | 'again'> {
	for (const webhook of via.webhooks) {
		const asked = await via.ask(webhook);
		if (asked === 'gone') continue;
		return asked.sent && asked.statusCode !== 409 ? 'reached' : 'again';
	}
	return stillRunning(await via.post(signal)) ? 'again' : 'reached';
}

/**
 * Has Talkover deliver the signal; n8n still running the execution, or the signal not delivered, it is asked
 * again later (never past `until`, when n8n ends the wait itself). Any other answer is the wait's (the node's
 * own 503 at the limit sets its own alarm again).
 */
function send(address: string, via: Via, signal: { event: string; at?: number }, until: number, after = RESEND_FIRST_MS): void {
	const { event } = signal;
	const endedBefore = ended.get(address)?.order;
	void deliver(via, signal)
		.catch(() => 'again' as const)
		.then((delivered) => {
			if (delivered !== 'again' || clock.now() + after > until || ended.get(address)?.order !== endedBefore) return;
			const set = alarms.get(address) ?? {};
			const resend = set.resend ?? new Map<string, () => void>();
			resend.get(event)?.();
			resend.set(
				event,
				alarm(after, () => {
					alarms.get(address)?.resend?.delete(event);
					tidy(address);
					send(address, via, signal, until, Math.min(2 * after, RESEND_MAX_MS));
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
export function setLimitAlarm(ctx: IExecuteFunctions | IWebhookFunctions, address: string, wait: WaitSignalling, at: number, until = endsItselfAt(at), keep = false): void {
	const set = alarms.get(address) ?? {};
	// `keep`: a limit alarm this process has set already stays.
	if (keep && set.limit) return;
	const via = viaOf(ctx, address, wait);
	set.limit?.();
	set.limit = alarm(Math.max(0, at - clock.now()), () => {
		const now = alarms.get(address);
		if (now) delete now.limit;
		tidy(address);
		// With the moment it was set for (by this process's clock), said when the signal goes to the address itself.
		send(address, via, { event: LIMIT_SIGNAL, at }, until);
	});
	alarms.set(address, set);
}

/** Asks the wait to look again shortly (once: an alarm already set stays). */
export function setCheckAlarm(ctx: IExecuteFunctions | IWebhookFunctions, address: string, wait: WaitSignalling): void {
	const set = alarms.get(address) ?? {};
	if (set.check) return;
	const via = viaOf(ctx, address, wait);
	set.check = alarm(CHECK_AFTER_MS + Math.floor(clock.random() * CHECK_SPREAD_MS), () => {
		const now = alarms.get(address);
		if (now) delete now.check;
		tidy(address);
		send(address, via, { event: CHECK_SIGNAL }, clock.now() + BACKSTOP_MS);
	});
	alarms.set(address, set);
}

/** Ends the wait at `at` if its calls have all ended by then (once: an alarm already set stays). */
export function setEventsAlarm(ctx: IWebhookFunctions, address: string, wait: WaitSignalling, at: number): void {
	const set = alarms.get(address) ?? {};
	if (set.events) return;
	const via = viaOf(ctx, address, wait);
	set.events = alarm(Math.max(0, at - clock.now()), () => {
		const now = alarms.get(address);
		if (now) delete now.events;
		tidy(address);
		send(address, via, { event: EVENTS_SIGNAL }, at + BACKSTOP_MS);
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
	const now = clock.now();
	for (const [other, end] of ended) if (now - end.at > ENDED_KEPT_MS) ended.delete(other);
	ended.set(address, { order: ++order, at: now });
}
