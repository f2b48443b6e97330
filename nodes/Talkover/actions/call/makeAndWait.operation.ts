import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asObject } from '../../../shared/transport';
import { findProperty } from '../../../shared/validation';
import type { IfUnsure, WaitPlan } from '../operation';
import { CALL_WAIT_LIMIT_MINUTES, MAX_CALL_WAIT_LIMIT_MINUTES, readWaitLimitMs, waitLimitField } from '../waitLimit';
import type { MakeRequest } from './make.operation';
import * as make from './make.operation';

const properties: INodeProperties[] = [
	{
		displayName:
			'Places the call as Make does (real number, uses credits unless Test Call is on), then the execution waits, holding nothing, until Talkover reports the call over or the Wait Limit passes. Each item comes out with its call and an "outcome": answered, voicemail, notReached, timedOut (or notCalled when an option skipped it).',
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

/** After its calls, the execution waits for their outcome (wait/start.ts): on the agent's webhook, up to the item's Wait Limit after its call rings. */
export function waitsForOutcome(request: MakeAndWaitRequest): WaitPlan {
	const { agentId, body, waitLimitMs } = request;
	return {
		owner: { agentId },
		to: String(body.to),
		...(asObject(body.context) ? { context: body.context as IDataObject } : {}),
		waitLimitMs,
		// Its limit counts from when the call rings: the delay it was sent with after Talkover accepted it.
		ringsAt: (placed, acceptedAt) => acceptedAt + make.sentDelaySeconds(request, placed) * 1000,
	};
}

/** Make Call's request, and the item's Wait Limit. */
export interface MakeAndWaitRequest extends MakeRequest {
	waitLimitMs: number;
}

/** Make Call's fields, checked as Make Call checks them, and Wait Limit. */
export function prepare(this: IExecuteFunctions, itemIndex: number): MakeAndWaitRequest {
	const request = make.prepare.call(this, itemIndex);
	return { ...request, waitLimitMs: readWaitLimitMs(this, itemIndex, findProperty(properties, 'waitLimit')) };
}

export const beforeSending = make.beforeSending;
export const dialTarget = make.dialTarget;
export const execute = make.execute;
