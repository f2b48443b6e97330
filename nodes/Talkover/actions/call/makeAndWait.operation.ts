import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiInstantMs } from '../../../shared/dates';
import { asObject, clock } from '../../../shared/transport';
import { findProperty } from '../../../shared/validation';
import type { CallAgain, Carried, Turn } from '../../callAgain';
import { passedOutput, readCallAgain, readCarried, turnOf } from '../../callAgain';
import type { DialTarget } from '../engine/recentCalls';
import { readDialOptions } from '../engine/options';
import type { IfUnsure, WaitPlan } from '../operation';
import { CALL_WAIT_LIMIT_MINUTES, MAX_CALL_WAIT_LIMIT_MINUTES, readWaitLimitMs, waitLimitField } from '../waitLimit';
import type { MakeRequest } from './make.operation';
import * as make from './make.operation';

const properties: INodeProperties[] = [
	{
		displayName:
			'Places the call as Make does (real number, uses credits unless Test Call is on), then the execution waits, holding nothing, until Talkover reports the call over or the Wait Limit passes. Each item comes out with its call and an "outcome": answered, voicemail, notReached, timedOut, unknown (the node cannot tell: check with Call → Get Many), or notCalled when an option skipped it.',
		name: 'makeAndWaitNotice',
		type: 'notice',
		default: '',
	},
	...make.callFields,
	waitLimitField(CALL_WAIT_LIMIT_MINUTES, MAX_CALL_WAIT_LIMIT_MINUTES),
];

export const description = updateDisplayOptions({ show: { resource: ['call'], operation: ['makeAndWait'] } }, properties);

/** Dials a real number and uses credits: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = make.ifUnsure;

/**
 * After its calls, the execution waits for their outcome (wait/start.ts): on the agent's webhook, up to the item's
 * Wait Limit after its call rings. An item Call Again Until Reached passes on without a call has none.
 */
export function waitsForOutcome(request: MakeAndWaitRequest): WaitPlan | undefined {
	const { agentId, body, waitLimitMs, callAgain } = request;
	if (callAgain && 'pass' in callAgain.turn) return undefined;
	return {
		owner: { agentId },
		to: String(body.to),
		...(asObject(body.context) ? { context: body.context as IDataObject } : {}),
		waitLimitMs,
		// Its limit counts from when the call rings: the delay it was sent with after Talkover accepted it.
		ringsAt: (placed, acceptedAt) => acceptedAt + make.sentDelaySeconds(request, placed) * 1000,
		...(callAgain ? { callAgain: { rule: callAgain.rule, before: callAgain.carried?.attempts ?? [], ...(request.guardrails.hours ? { hours: request.guardrails.hours } : {}), ...(callAgain.inWait ? { resend: resendBody(body) } : {}) } } : {}),
	};
}

/** The item's call as sent, for the next call the wait places itself (its delay is the wait's: wait/nextCall.ts). */
function resendBody(body: IDataObject): IDataObject {
	const resend = { ...body };
	delete resend.delay_seconds;
	return resend;
}

/** Make Call's request, the item's Wait Limit, and Call Again Until Reached when set. */
export interface MakeAndWaitRequest extends MakeRequest {
	waitLimitMs: number;
	callAgain?: {
		rule: CallAgain;
		/** What the item carries of its earlier calls (the node's own output, brought back by a Wait node). */
		carried?: Carried;
		/** Whether the item's next call is placed in this run. */
		turn: Turn;
		/** The item's output when it passes on without a call. */
		passes?: IDataObject;
		/**
		 * The wait may place a next call due within the hour itself: no option must count or check each call in the
		 * node when it is dialled (Max Calls per Execution, Max Calls per Day, Skip Numbers Called Within: a call placed
		 * from the wait rings when Talkover's delay ends, when nothing checks it).
		 */
		inWait: boolean;
	};
}

/**
 * Make Call's fields, checked as Make Call checks them, and Wait Limit; with Options → Call Again Until Reached,
 * what the item carries of its earlier calls and whether its next call is due now.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): MakeAndWaitRequest {
	const request = make.prepare.call(this, itemIndex);
	const { to } = make.dialTarget(request);
	const waitLimitMs = readWaitLimitMs(this, itemIndex, findProperty(properties, 'waitLimit'));
	const rule = readCallAgain(this, itemIndex, this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	if (!rule) return { ...request, waitLimitMs };
	const { json } = this.getInputData()[itemIndex];
	const carried = readCarried(this, itemIndex, json, to);
	// Attempts 1 calls a new lead as without the option; an item that carries its calls (Attempts lowered while it
	// went round the loop) is never called past them.
	if (rule.attempts === 1 && !carried) return { ...request, waitLimitMs };
	const turn = turnOf(rule, carried, clock.now());
	const { cap, daily } = request.guardrails;
	const inWait = cap === undefined && daily === undefined && readDialOptions.call(this, itemIndex).windowMinutes === 0;
	return { ...request, waitLimitMs, callAgain: { rule, ...(carried ? { carried } : {}), turn, ...('pass' in turn ? { passes: passedOutput(json, turn.pass) } : {}), inWait } };
}

/** An item Call Again Until Reached passes on goes out as it came (nothing sent); else Make Call's Calling Hours. */
export function beforeSending(this: IExecuteFunctions, request: MakeAndWaitRequest, now: number, itemIndex: number): { skip: IDataObject } | undefined {
	if (request.callAgain?.passes) return { skip: request.callAgain.passes };
	return make.beforeSending.call(this, request, now, itemIndex);
}
/**
 * Make Call's target; with Call Again Until Reached's later calls, the item's own earlier calls (which Skip Numbers
 * Called Within does not count once ended), and never while a call to the lead has not ended.
 */
export function dialTarget(request: MakeAndWaitRequest): DialTarget {
	const attempts = request.callAgain?.carried?.attempts ?? [];
	const own = attempts.map((attempt) => attempt.callId);
	const last = attempts[attempts.length - 1];
	// A call that timed out may have been answered: called again only once Talkover lists it as not reached.
	// Read back to that call's creation: at most the longest delay before it rang (an attempt without ringsAt: not known).
	const ringsAt = last?.ringsAt === undefined ? undefined : apiInstantMs(last.ringsAt);
	const placedFrom = ringsAt === undefined ? {} : { placedFrom: ringsAt - make.MAX_DELAY_SECONDS * 1000 };
	const endedAs = last?.outcome === 'timedOut' ? { lastCallEndedAs: { callId: last.callId, outcomes: request.callAgain!.rule.when.includes('voicemail') ? (['notReached', 'voicemail'] as const) : (['notReached'] as const), ...placedFrom } } : {};
	return { ...make.dialTarget(request), ...(own.length ? { ownCalls: own, checkOnCall: true as const } : {}), ...endedAs };
}

export const execute = make.execute;
