/**
 * The waiting Make / Add Call and Wait for Outcome's webhook (n8n runs it for each request to the execution's
 * resume address for this node). A request without the wait's secret gets 401 and resumes nothing; an event
 * of a call the execution does not wait for (another call of the agent or campaign) is answered and the wait
 * goes on; an end of one of its calls, or the node's own alarm, resumes the execution once every call has
 * ended (from Talkover's log of the wait's webhooks) and its picked per-call events have come (or a while
 * has passed since), or the Wait Limit has passed. It never throws: n8n would resume the
 * execution failed; a request it cannot handle now gets 503, and Talkover sends it again.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DELIVERY_HEADER } from '../../shared/deliveryHeader';
import { masked, matchesKept, webhookTokens } from '../../shared/secrets';
import { asObject, clock } from '../../shared/transport';
import type { Delivery } from '../../shared/answers';
import { callKey, eventName, readDelivery } from '../../shared/answers';
import { lastStatuses, outputItems, readEndedAsListed, readListedEnds, readState } from './finish';
import type { Current, Known } from './known';
import { awaitingEvents, endSends, endsCall, hasEndedCall, itemKey, namedItem, nothingKnown, picksEvents, readWaitEvent, stillOpen } from './known';
import { currentRecord, placesNextCalls } from './current';
import { placeNextCall } from './nextCall';
import type { NextCall } from './nextCalls';
import { forgetNextCalls, NEXT_CALL_FIELD } from './nextCalls';
import type { CallItem, WaitRecord } from './record';
import { firstLimit, limitsReached, nextLimit, openWithinLimits } from './limit';
import { isCallItem, waitRecordOf } from './record';
import {
	CHECK_SIGNAL,
	clearAlarms,
	CLOCK_SKEW_MS,
	endsItselfAt,
	EVENTS_AFTER_END_MS,
	EVENTS_SIGNAL,
	FINISH_BUDGET_MS,
	LIMIT_RETRY_MS,
	LIMIT_SIGNAL,
	setCheckAlarm,
	setEventsAlarm,
	setLimitAlarm,
} from './signals';
import { removeWaitWebhooks } from './webhooks';
import { forgetWaitLogs } from './logReads';
import { NO_WAIT_HERE } from './address';

/** Talkover's test delivery (Test Webhook): how Talkover delivers the wait's own signals (signals.ts). */
const TEST_EVENT = 'webhook.test';

/**
 * Whether the while for picked per-call events after the calls' ends has passed (by Talkover's times of the
 * ends in its log, up to CLOCK_SKEW_MS ahead of this clock): an end without a time leaves the wait to its limit.
 */
function eventsWhilePassed(record: WaitRecord, known: Known, now: number): boolean {
	const ends = record.items.filter(isCallItem).flatMap((item) => known.ends.get(itemKey(item)) ?? []);
	return ends.length > 0 && ends.every((end) => end.at !== undefined && Number.isFinite(end.at) && end.at + EVENTS_AFTER_END_MS <= now + CLOCK_SKEW_MS);
}

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

/** What the answer to a request says besides (saying): the next call the wait placed at this end. */
const told = new WeakMap<IWebhookFunctions, IDataObject>();

function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ ...body, ...told.get(ctx) });
	return { noWebhookResponse: true };
}

/** Ends the wait: the outputs, the wait's webhooks deleted, its alarms cancelled. */
async function finish(ctx: IWebhookFunctions, record: WaitRecord, known: Known, secret: string): Promise<IWebhookResponseData> {
	if (!claim(record.secretHash, clock.now())) return answer(ctx, 200, { received: true, ignored: 'the wait is ending already' });
	let ended = false;
	try {
		const open = record.items.filter((item): item is CallItem => isCallItem(item) && !hasEndedCall(item, known));
		const statuses = await lastStatuses(ctx, record, open);
		const items = outputItems(record, known, statuses);
		// The one masking step of the wait's output: the credential's tokens and the wait's secret never reach an item.
		const secrets = { values: [...(await webhookTokens(ctx)), secret] };
		const output = items.map((item) => ({ ...item, json: masked(item.json, secrets) as IDataObject }));
		clearAlarms(record.address);
		await removeWaitWebhooks(ctx, record.webhooks);
		forgetWaitLogs(record);
		forgetNextCalls(record.secretHash);
		ended = true;
		return { workflowData: [output] };
	} finally {
		// Not ended here (an error): a later request may end it.
		if (!ended) resumed.delete(record.secretHash);
	}
}

/**
 * Ends the wait once each of its calls has ended (with its picked per-call events, or `eventsDue`: the while
 * after the last end has passed) or reached its own Wait Limit (limit.ts; `early`: the alarm's clock skew);
 * else says how many it waits for, with the alarm that fits: after an end (never after the node's own signal:
 * it would look again and again), a look at the log shortly when few calls are open; the end of the while for
 * picked events; after the limit's alarm (`limit`), the next call's limit.
 */
async function settle(ctx: IWebhookFunctions, record: WaitRecord, known: Known, secret: string, at: { early?: number; eventsDue?: boolean; signal?: boolean; limit?: boolean }): Promise<IWebhookResponseData> {
	const now = clock.now();
	// Calls past their own Wait Limit are waited for no more (each item's limit counts from its call's acceptance).
	const open = openWithinLimits(record, known, now, at.early);
	const awaiting = awaitingEvents(record, known);
	if (limitsReached(record, known, now, at.early) || (open === 0 && (awaiting === 0 || at.eventsDue === true))) return await finish(ctx, record, known, secret);
	if (open === 0) {
		setEventsAlarm(ctx, record.address, { webhooks: record.webhooks, secret }, Math.min(record.deadline, now + EVENTS_AFTER_END_MS));
		return answer(ctx, 200, { received: true, waiting: 'for the call events picked' });
	}
	// The limit's alarm goes on to the next call's limit (the alarm's chain lives where it fired).
	if (at.limit === true) setLimitAlarm(ctx, record.address, { webhooks: record.webhooks, secret }, nextLimit(record, known, now, at.early), endsItselfAt(record.deadline));
	if (open <= CHECK_WHEN_OPEN && at.signal !== true) setCheckAlarm(ctx, record.address, { webhooks: record.webhooks, secret });
	return answer(ctx, 200, { received: true, waiting: open });
}

/**
 * The rest of the answer to an end once the wait placed a next call (or decided it): every answer says it (Talkover's
 * log keeps it for every later delivery, nextCalls.ts), and whatever fails after that, the answer is a 200, so that an
 * answer other than 200 always means nothing was placed; the wait goes on, and a later delivery or alarm ends it.
 */
async function saying(ctx: IWebhookFunctions, next: NextCall | undefined, rest: () => Promise<IWebhookResponseData>): Promise<IWebhookResponseData> {
	if (!next) return await rest();
	told.set(ctx, { [NEXT_CALL_FIELD]: next });
	try {
		return await rest();
	} catch {
		return answer(ctx, 200, { received: true });
	}
}

/**
 * Call Again Until Reached inside the wait (nextCall.ts): when the delivery in hand ended the item's newest call,
 * its next call, placed when due within the hour; the record then waits on it. `first`: Talkover had not sent this
 * delivery before.
 */
async function nextCallAtEnd(ctx: IWebhookFunctions, current: Current, item: CallItem | undefined): Promise<{ record: WaitRecord; next?: NextCall }> {
	const { record, known, inHand } = current;
	if (!item || !hasEndedCall(item, known) || item.callAgain?.resend === undefined || inHand === undefined) return { record };
	// Sends of this end since its call rang (by Talkover's clock, up to CLOCK_SKEW_MS apart): one that got no answer
	// may have placed the next call then.
	const sends = endSends(inHand, (item.callAgain.ringsAt ?? item.placedAt ?? Number.NEGATIVE_INFINITY) - CLOCK_SKEW_MS);
	const next = await placeNextCall(ctx, record, item, known, sends);
	return next ? { record: currentRecord(record, [next]), next } : { record };
}

/**
 * A delivery in the body the log shows (`{"call_id", "duration"}`), which names no event: the wait's webhooks
 * subscribe to more than one, and nothing in the delivery tells which it is (an end, or a voicemail event of a
 * call still going on). It is never refused: Talkover's own account of the call decides. Its log (which names
 * every event it holds: this delivery's own once it shows its body) is read, then, for the call it names, the
 * call's status as Talkover lists it: listed as ended, the call is over (`endedAsListed`), else the wait goes on
 * and looks at the log again shortly.
 */
async function receiveNameless(ctx: IWebhookFunctions, saved: WaitRecord, delivery: Delivery, body: IDataObject, secret: string, now: number): Promise<IWebhookResponseData> {
	if (delivery.callId === undefined && delivery.campaignCallId === undefined) return answer(ctx, 400, { message: 'Bad request: the delivery names no event and no call (call_id)' });
	const keys = [delivery.campaignCallId, delivery.callId].filter((id): id is string => id !== undefined).map(callKey);
	const itemOf = (record: WaitRecord, of: string[]) => record.items.find((i): i is CallItem => isCallItem(i) && of.includes(itemKey(i)));
	// Another call's event: answered without a request, unless it may be one of the wait's campaign calls' picked
	// per-call events (those name only the call Talkover placed, which the log links), as a named delivery, or one
	// of the next calls the wait placed (its log says them).
	if (!itemOf(saved, keys) && now < saved.deadline && !(delivery.callId !== undefined && picksEvents(saved)) && !placesNextCalls(saved)) return answer(ctx, 200, { received: true, ignored: 'not a call this execution waits for' });
	const current = await readState(ctx, saved, { nameless: body });
	const { known } = current;
	const item = itemOf(current.record, keys.map((key) => known.links.get(key) ?? key));
	if (!item && now < saved.deadline) return answer(ctx, 200, { received: true, ignored: 'not a call this execution waits for' });
	if (item && !hasEndedCall(item, known)) await readEndedAsListed(ctx, current.record, [item], known);
	const { record, next } = await nextCallAtEnd(ctx, current, item);
	return await saying(ctx, next, async () => {
		if (stillOpen(record, known) > 0) await readListedEnds(ctx, record, known);
		return await settle(ctx, record, known, secret, {});
	});
}

export async function receiveOutcome(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		const record = waitRecordOf(this);
		if (!record) return answer(this, 404, { message: NO_WAIT_HERE });
		const received = (this.getHeaderData() as IDataObject)[DELIVERY_HEADER.toLowerCase()];
		if (!matchesKept(received, record.secretHash)) return answer(this, 401, { message: 'Unauthorized: this address only accepts call events from Talkover' });
		const secret = received as string;
		const body = asObject(this.getBodyData());
		if (!body) return answer(this, 400, { message: 'Bad request: a Talkover delivery is a JSON object' });
		const name = eventName(body);
		const now = clock.now();
		// Talkover's test delivery with the wait's secret: one of the wait's own signals (signals.ts), which Talkover
		// delivers, never n8n itself. It says neither what it is for nor when it was set: at or past the first call's
		// limit (by this clock, up to CLOCK_SKEW_MS ahead), the limit's; else a look at the log, which ends the wait
		// once the while for picked events after the last end has passed (by Talkover's times in its log).
		// (`n8n.wait_*`: a signal an earlier version of the node sent to its own address.)
		const test = name === TEST_EVENT || body.test === true;
		if (test || name === LIMIT_SIGNAL || name === CHECK_SIGNAL || name === EVENTS_SIGNAL) {
			const limitSaid = name === LIMIT_SIGNAL || (test && now >= firstLimit(record));
			// Up to CLOCK_SKEW_MS before the first limit by this clock: a look at the log (a check's), or the limit's
			// from a process whose clock is ahead: the limit's alarm is set here, unless this process has set it.
			if (test && !limitSaid && now >= firstLimit(record) - CLOCK_SKEW_MS) setLimitAlarm(this, record.address, { webhooks: record.webhooks, secret }, firstLimit(record), endsItselfAt(record.deadline), true);
			// The alarm of the process that placed the calls fired at the limit: this process's clock may be a
			// little behind (another host, a clock stepped back); far behind, the alarm is set again here.
			// The limit's alarm says the moment it was set for: every limit up to it is reached, whatever this clock
			// says (up to CLOCK_SKEW_MS ahead; an alarm that does not say, that much).
			// Talkover's test says no moment: the limits reached are those of this clock.
			const early = limitSaid && !test ? (typeof body.at === 'number' && Number.isFinite(body.at) ? Math.max(0, Math.min(CLOCK_SKEW_MS, body.at - now)) : CLOCK_SKEW_MS) : 0;
			// A limit reached: the first call's (its own Wait Limit, from when Talkover accepted it).
			const atLimit = test ? limitSaid : now >= firstLimit(record) - early;
			if (name === LIMIT_SIGNAL && !atLimit) {
				setLimitAlarm(this, record.address, { webhooks: record.webhooks, secret }, firstLimit(record), endsItselfAt(record.deadline));
				return answer(this, 200, { received: true, waiting: 'until the Wait Limit' });
			}
			let known: Known;
			let current = record;
			try {
				({ record: current, known } = await readState(this, record));
				if (!limitsReached(current, known, now, early)) await readListedEnds(this, current, known);
			} catch {
				if (!atLimit) return answer(this, 503, { message: 'The log could not be read: the wait goes on' });
				// At the limit a log that cannot be read is asked again a minute later, until shortly before n8n
				// ends the wait itself (timed from the failed read's end); then the calls not known to have ended
				// come out with their listed status.
				if (clock.now() + 2 * LIMIT_RETRY_MS < endsItselfAt(record.deadline) - FINISH_BUDGET_MS) {
					setLimitAlarm(this, record.address, { webhooks: record.webhooks, secret }, clock.now() + LIMIT_RETRY_MS);
					return answer(this, 503, { message: 'The log could not be read: asked again in a minute' });
				}
				known = nothingKnown();
			}
			return await settle(this, current, known, secret, { early, eventsDue: name === EVENTS_SIGNAL || (test && eventsWhilePassed(current, known, now)), signal: true, limit: limitSaid });
		}
		// The one reader of deliveries: a body that names its event, or the log's body (`call_id`, `duration`) without a name
		// (the wait's webhooks subscribe to more than one event, so the subscription names none: webhooks.ts).
		const delivery = readDelivery(body);
		if ('problem' in delivery) return answer(this, 400, { message: `Bad request: ${delivery.problem}` });
		if (delivery.event === undefined) return await receiveNameless(this, record, delivery, body, secret, now);
		const event = readWaitEvent(record, body);
		if ('problem' in event) return answer(this, 400, { message: `Bad request: ${event.problem}` });
		const named = namedItem(record, event);
		if (now < record.deadline) {
			// Another call's event: answered without a request, unless it may be a picked per-call event of one of
			// the wait's campaign calls (those name only the call Talkover placed, which the log links).
			if (!named && !(event.callId !== undefined && !event.event.startsWith('campaign_call.') && picksEvents(record)) && !placesNextCalls(record)) return answer(this, 200, { received: true, ignored: 'not a call this execution waits for' });
			// One of its calls, still going on (a voicemail event, a retry scheduled): read from the log at its end.
			if (named && !endsCall(record, event.event) && !named.events?.includes(event.event)) return answer(this, 200, { received: true });
		}
		// The delivery in hand: its time, for telling an attempt's events apart, is later than every entry the log
		// holds now (its own body is not there yet), unless Talkover is sending an earlier event again (known.ts),
		// whatever n8n's clock says (Talkover's times are its own).
		const current = await readState(this, record, event);
		const { known } = current;
		// Its end: the item's next call, when the wait places it (Call Again Until Reached).
		const { record: waitingOn, next } = endsCall(record, event.event) ? await nextCallAtEnd(this, current, namedItem(current.record, event)) : { record: current.record };
		return await saying(this, next, async () => {
			// Calls the retried execution placed have no event to wait for if they ended before this wait: their listed status.
			if (stillOpen(waitingOn, known) > 0) await readListedEnds(this, waitingOn, known);
			return await settle(this, waitingOn, known, secret, {});
		});
	} catch {
		return answer(this, 503, { message: 'The node could not read the state of the wait from Talkover: send the event again later' });
	}
}
