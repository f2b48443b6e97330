/**
 * The waiting Make and Wait for Outcome's webhook (n8n runs it for each request to the execution's resume
 * address for this node). A request without the wait's secret gets 401 and resumes nothing; an event of a
 * call the execution does not wait for (another call of the agent) is answered and the wait goes on; an end
 * of one of its calls, or the node's own alarm, resumes the execution once every call has ended (from
 * Talkover's log of the wait's webhook) or the Wait Limit has passed. It never throws: n8n would resume the
 * execution failed; a request it cannot handle now gets 503, and Talkover sends it again.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DELIVERY_HEADER } from '../../../shared/deliveryHeader';
import { masked, matchesKept, webhookTokens } from '../../../shared/secrets';
import { asObject, clock } from '../../../shared/transport';
import { callKey, endsTheCall, eventName, readCallEvent } from '../../../shared/answers';
import type { Ends } from './finish';
import { add, lastStatuses, outputItems, readEnds, stillOpen } from './finish';
import type { WaitRecord } from './record';
import { isCallItem, waitRecordOf } from './record';
import { BACKSTOP_MS, CHECK_SIGNAL, clearAlarms, CLOCK_SKEW_MS, FINISH_BUDGET_MS, LIMIT_RETRY_MS, LIMIT_SIGNAL, setCheckAlarm, setLimitAlarm } from './signals';
import { removeWaitWebhooks } from './webhooks';

/** With this many calls or fewer still open after an end, the node looks at the log again shortly (signals.ts). */
const CHECK_WHEN_OPEN = 5;

/** How long a wait this process resumed is remembered (n8n 1.x lets two requests resume one execution at once). */
const RESUMED_KEPT_MS = 10 * 60_000;

/**
 * The waits this process resumed, by the wait (its secret's hash: a loop's next wait of the same node has the
 * same address and a new secret), with when.
 */
const resumed = new Map<string, number>();

function claim(wait: string, now: number): boolean {
	for (const [key, at] of resumed) if (now - at > RESUMED_KEPT_MS) resumed.delete(key);
	if (resumed.has(wait)) return false;
	resumed.set(wait, now);
	return true;
}

function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** Ends the wait: the outputs, the wait's webhooks deleted, its alarms cancelled. */
async function finish(ctx: IWebhookFunctions, record: WaitRecord, known: Ends, secret: string): Promise<IWebhookResponseData> {
	if (!claim(record.secretHash, clock.now())) return answer(ctx, 200, { received: true, ignored: 'the wait is ending already' });
	let ended = false;
	try {
		const statuses = await lastStatuses(ctx, record, known);
		const items = outputItems(record, known, statuses);
		// The one masking step of the wait's output: the credential's tokens and the wait's secret never reach an item.
		const secrets = { values: [...(await webhookTokens(ctx)), secret] };
		const output = items.map((item) => ({ ...item, json: masked(item.json, secrets) as IDataObject }));
		clearAlarms(record.address);
		await removeWaitWebhooks(ctx, record.webhooks);
		ended = true;
		return { workflowData: [output] };
	} finally {
		// Not ended here (an error): a later request may end it.
		if (!ended) resumed.delete(record.secretHash);
	}
}

export async function receiveOutcome(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		const record = waitRecordOf(this);
		if (!record) return answer(this, 404, { message: 'Not found: no wait for a call outcome here' });
		const received = (this.getHeaderData() as IDataObject)[DELIVERY_HEADER.toLowerCase()];
		if (!matchesKept(received, record.secretHash)) return answer(this, 401, { message: 'Unauthorized: this address only accepts call events from Talkover' });
		const secret = received as string;
		const body = asObject(this.getBodyData());
		if (!body) return answer(this, 400, { message: 'Bad request: a Talkover delivery is a JSON object' });
		const name = eventName(body);
		const now = clock.now();
		if (name === LIMIT_SIGNAL || name === CHECK_SIGNAL) {
			// The alarm of the process that placed the calls fired at the limit: this process's clock may be a
			// little behind (another host, a clock stepped back); far behind, the alarm is set again here.
			const atLimit = name === LIMIT_SIGNAL ? now >= record.deadline - CLOCK_SKEW_MS : now >= record.deadline;
			if (name === LIMIT_SIGNAL && !atLimit) {
				setLimitAlarm(this, record.address, secret, record.deadline);
				return answer(this, 200, { received: true, waiting: 'until the Wait Limit' });
			}
			let known: Ends;
			try {
				known = await readEnds(this, record);
			} catch {
				if (!atLimit) return answer(this, 503, { message: 'The log could not be read: the wait goes on' });
				// At the limit a log that cannot be read is asked again a minute later, until shortly before n8n
				// ends the wait itself (timed from the failed read's end); then the calls not known to have ended
				// come out with their listed status.
				if (clock.now() + 2 * LIMIT_RETRY_MS < record.deadline + BACKSTOP_MS - FINISH_BUDGET_MS) {
					setLimitAlarm(this, record.address, secret, clock.now() + LIMIT_RETRY_MS);
					return answer(this, 503, { message: 'The log could not be read: asked again in a minute' });
				}
				known = { ends: new Map(), voicemail: new Set() };
			}
			const open = stillOpen(record, known);
			if (open === 0 || atLimit) return await finish(this, record, known, secret);
			return answer(this, 200, { received: true, waiting: open });
		}
		const event = readCallEvent(body);
		if ('problem' in event) return answer(this, 400, { message: `Bad request: ${event.problem}` });
		const ours = record.items.some((item) => isCallItem(item) && callKey(item.callId) === callKey(event.callId));
		if (!ours && now < record.deadline) return answer(this, 200, { received: true, ignored: 'not a call this execution waits for' });
		if (ours && !endsTheCall(event.event) && now < record.deadline) return answer(this, 200, { received: true });
		const known = await readEnds(this, record);
		if (ours) add(known, event);
		const open = stillOpen(record, known);
		if (open === 0 || now >= record.deadline) return await finish(this, record, known, secret);
		if (open <= CHECK_WHEN_OPEN) setCheckAlarm(this, record.address, secret);
		return answer(this, 200, { received: true, waiting: open });
	} catch {
		return answer(this, 503, { message: 'The node could not read the state of the wait from Talkover: send the event again later' });
	}
}
