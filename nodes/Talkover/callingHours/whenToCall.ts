import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidInput } from '../../shared/validation';
import type { HoursDecision } from './decision';
import { decideCallingHours, NoAllowedMomentError } from './decision';
import { callingHoursField, callingHoursOption, daysProperty, fromProperty } from './description';
import { ruleText, scheduledFields, skippedOutput } from './output';
import type { HoursPlan } from './plan';

/**
 * Asked when an item is about to be sent (the time given by the caller, from the clock): whether its call
 * goes now as prepared, goes with a delay (Make Call: `delaySeconds` is the `delay_seconds` to send, and
 * `fields` are added to its output), or is not sent at all (`output` is the item's output).
 */
export type WhenToCall = { send: true; delaySeconds?: number; fields?: IDataObject } | { send: false; output: IDataObject };

/** What the ask needs of n8n's context: the node, for the item's error. */
type Ctx = { getNode(): INode };

/**
 * The item's error when the hours have no next moment: never a made-up time, and never a bare "no day"
 * that names no field. With a rule read.ts accepted this means the lead's clock shows none of the hours
 * for a year (see SEARCH_WEEKS in allowed.ts): no zone's rules do that, but the item then
 * fails naming the option's field and the item rather than being sent.
 */
function noMoment(ctx: Ctx, itemIndex: number, plan: HoursPlan, error: NoAllowedMomentError): NodeOperationError {
	if (error.reason === 'noDay') {
		return invalidInput(ctx, itemIndex, callingHoursField(daysProperty), 'no day is chosen, so no call could ever be placed; choose at least one day');
	}
	if (error.reason === 'notTogether') {
		return invalidInput(
			ctx,
			itemIndex,
			callingHoursOption,
			`the number may be in several time zones (${error.zone}) and their clocks show ${ruleText(plan.rule)} at no common moment in the next year (they keep different times until a daylight-saving change), so no call can be placed or scheduled; set the lead's time zone in Lead's Time Zone, or choose wider hours`,
		);
	}
	return invalidInput(
		ctx,
		itemIndex,
		callingHoursField(fromProperty),
		`${ruleText(plan.rule)} never comes on the lead's clock (${plan.zone}) in the next year: the zone skips those minutes, so no call can be placed or scheduled; choose hours the lead's clock shows`,
	);
}

function decide(ctx: Ctx, itemIndex: number, plan: HoursPlan, now: number, givenDelaySeconds: number): HoursDecision {
	try {
		return decideCallingHours(plan, now, givenDelaySeconds);
	} catch (error) {
		if (error instanceof NoAllowedMomentError) throw noMoment(ctx, itemIndex, plan, error);
		// Anything else is the item's error as it is (the router would wrap it the same way).
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

/**
 * `plan`: the item's Calling Hours (callGuardrails.ts's `hours`; none when not set). `ctx` and `itemIndex`:
 * the node and the item an error names. `givenDelaySeconds`: the Delay the user set (Make Call), counted in
 * the moment the call would start.
 */
export function whenToCall(ctx: Ctx, itemIndex: number, plan: HoursPlan | undefined, e164: string, now: number, givenDelaySeconds = 0): WhenToCall {
	if (!plan) return { send: true };
	const decision = decide(ctx, itemIndex, plan, now, givenDelaySeconds);
	if (decision.action === 'call') return { send: true };
	if (decision.action === 'delay') return { send: true, delaySeconds: decision.delaySeconds, fields: scheduledFields(plan, decision, givenDelaySeconds) };
	return { send: false, output: skippedOutput(plan, e164, decision, givenDelaySeconds) };
}
