import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkParameter } from '../../shared/validation';

/**
 * The Wait Limit of Make / Add Call and Wait for Outcome as the panel has it (`waitLimit`, minutes) and as an item
 * reads it (`waitLimitMs`): the operations' side; the wait (nodes/Talkover/wait/) counts it from when each call rings (its acceptance plus its delay).
 */

/** Make and Wait for Outcome: half an hour covers ringing, a long conversation and Talkover's retries of its event. */
export const CALL_WAIT_LIMIT_MINUTES = 30;

/** The longest Wait Limit of a call the node places itself (a day). */
export const MAX_CALL_WAIT_LIMIT_MINUTES = 24 * 60;

/**
 * Add Call and Wait for Outcome: 3 days, as a campaign dials within its own hours and days and tries a number
 * again after its cooldown (24 hours in Get Campaign's example); at most 14 days.
 */
export const CAMPAIGN_WAIT_LIMIT_MINUTES = 3 * 24 * 60;
export const MAX_CAMPAIGN_WAIT_LIMIT_MINUTES = 14 * 24 * 60;

/** The Wait Limit parameter (`waitLimit`, minutes). */
export function waitLimitField(defaultMinutes: number, maxMinutes: number): INodeProperties {
	return {
		displayName: 'Wait Limit (Minutes)',
		name: 'waitLimit',
		type: 'number',
		default: defaultMinutes,
		typeOptions: { minValue: 1, maxValue: maxMinutes, numberPrecision: 0 },
		description:
			'How long the execution waits for the call to end, counted from when the call rings (when Talkover accepted it, plus its Delay or Calling Hours’ schedule). A call Talkover has not reported as ended by then comes out with outcome "timedOut" and its last status as Talkover lists it.',
	};
}

/** The item's Wait Limit in milliseconds, checked (a clear error naming the field and the item). */
export function readWaitLimitMs(ctx: IExecuteFunctions, itemIndex: number, field: INodeProperties): number {
	const minutes = checkParameter(ctx, itemIndex, field, ctx.getNodeParameter('waitLimit', itemIndex, field.default)) as number;
	return minutes * 60_000;
}
