import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PICKABLE_CALL_EVENTS, scheduledAtOf } from '../../../shared/answers';
import { asObject, clock, own } from '../../../shared/transport';
import { hasNotRungYet } from '../../callStatus';
import { checkParameter, findProperty, invalidInput, show } from '../../../shared/validation';
import type { IfUnsure, WaitPlan } from '../operation';
import { CAMPAIGN_WAIT_LIMIT_MINUTES, MAX_CAMPAIGN_WAIT_LIMIT_MINUTES, readWaitLimitMs, waitLimitField } from '../waitLimit';
import type { AddCallRequest } from './addCall.operation';
import * as addCall from './addCall.operation';

const properties: INodeProperties[] = [
	{
		displayName:
			'Queues the number as Add Call does (Talkover dials it on the campaign’s schedule, with its retries; uses credits unless Test Call is on), then the execution waits, holding nothing, until Talkover reports the campaign call over or the Wait Limit passes. Each item comes out with its call and an "outcome": answered, voicemail, notReached, timedOut (or notCalled when an option skipped it).',
		name: 'addCallAndWaitNotice',
		type: 'notice',
		default: '',
	},
	...addCall.callFields,
	{
		...waitLimitField(CAMPAIGN_WAIT_LIMIT_MINUTES, MAX_CAMPAIGN_WAIT_LIMIT_MINUTES),
		description:
			'How long the execution waits for the campaign call to end, counted from when Talkover queued it, or from the time it says it will dial the lead (scheduled_at) when later (4320: 3 days; a campaign dials on its own schedule and tries again later). A call Talkover has not reported as ended by then comes out with outcome "timedOut" and its last status as the campaign lists it.',
	},
	{
		displayName: 'Call Events to Include',
		name: 'callEvents',
		type: 'multiOptions',
		default: [],
		options: [
			{ name: 'Recording', value: 'recording', description: 'The call recording is ready (event_recording)' },
			{ name: 'Report', value: 'report', description: 'The call report is ready (event_call_report)' },
			{ name: 'Transcript', value: 'transcript', description: 'The call transcript is ready (event_call_transcript)' },
		],
		description:
			'Talkover’s events of the call to add to the item (under callEvents), which may come a little after the call ends: the wait goes on for them up to 15 minutes after the last call ended (never past the Wait Limit); those that did not come are listed in missingCallEvents',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['addCallAndWait'] } }, properties);

/** Queues a call that dials and uses credits: never sent twice for one item. */
export const repeatable = false;

export const ifUnsure: IfUnsure = addCall.ifUnsure;

/** Add Call's request, the item's Wait Limit and its picked per-call events (their event names). */
export interface AddCallAndWaitRequest extends AddCallRequest {
	waitLimitMs: number;
	callEvents: string[];
}

/** Add Call's fields, checked as Add Call checks them, Wait Limit and Call Events to Include. */
export function prepare(this: IExecuteFunctions, itemIndex: number): AddCallAndWaitRequest {
	const request = addCall.prepare.call(this, itemIndex);
	const field = findProperty(properties, 'callEvents');
	const picked = checkParameter(this, itemIndex, field, this.getNodeParameter('callEvents', itemIndex, [])) as string[];
	const events = new Set<string>();
	for (const name of picked) {
		// Its option's value (an expression may also give the event's own name, e.g. event_call_transcript).
		const event = own(PICKABLE_CALL_EVENTS, name.toLowerCase()) ?? Object.values(PICKABLE_CALL_EVENTS).find((e) => e === name.toLowerCase());
		if (!event) throw invalidInput(this, itemIndex, field, `${show(name)} is not one of ${Object.keys(PICKABLE_CALL_EVENTS).join(', ')}`);
		events.add(event);
	}
	return { ...request, waitLimitMs: readWaitLimitMs(this, itemIndex, findProperty(properties, 'waitLimit')), callEvents: [...events] };
}

/**
 * When a queued campaign call rings: when Talkover says it will dial it (`scheduled_at`, the campaign's own hours
 * and days) when that is later than when Talkover queued it; else when it was queued. A `scheduled_at` the answer
 * gave was read when it came (Add Call checks it): one that cannot be read here says nothing. A call an earlier
 * execution placed, read back from Get Campaign (which lists no `scheduled_at`) as still `queued` or `scheduled`,
 * has not rung yet: it rings no earlier than now.
 */
function campaignCallRingsAt(placed: IDataObject, acceptedAt: number): number {
	let scheduledAt: number | undefined;
	try {
		scheduledAt = scheduledAtOf(placed);
	} catch {
		scheduledAt = undefined;
	}
	const notRungYet = placed.alreadyPlaced !== undefined && hasNotRungYet(placed.status);
	return Math.max(acceptedAt, scheduledAt ?? acceptedAt, notRungYet ? clock.now() : acceptedAt);
}

/** After its calls, the execution waits for their outcome (wait/start.ts): on the campaign's webhook, up to the item's Wait Limit after its call rings. */
export function waitsForOutcome({ campaignId, body, waitLimitMs, callEvents }: AddCallAndWaitRequest): WaitPlan {
	return { owner: { campaignId }, to: String(body.to), ...(asObject(body.context) ? { context: body.context as IDataObject } : {}), waitLimitMs, ringsAt: campaignCallRingsAt, ...(callEvents.length ? { events: callEvents } : {}) };
}

export const beforeSending = addCall.beforeSending;
export const dialTarget = addCall.dialTarget;
export const execute = addCall.execute;
