import type { IDataObject } from 'n8n-workflow';

import type { CallGuardrails } from './callGuardrails';
import { decideCallingHours } from './callingHoursDecision';
import { scheduledFields, skippedOutput } from './callingHoursOutput';

/**
 * Asked when an item is about to be sent (the time given by the caller, from the clock): whether its call
 * goes now as prepared, goes with a delay (Make Call: `delaySeconds` is the `delay_seconds` to send, and
 * `fields` are added to its output), or is not sent at all (`output` is the item's output).
 */
export type WhenToCall = { send: true; delaySeconds?: number; fields?: IDataObject } | { send: false; output: IDataObject };

/** `givenDelaySeconds`: the Delay the user set (Make Call), counted in the moment the call would start. */
export function whenToCall(guardrails: CallGuardrails, e164: string, now: number, givenDelaySeconds = 0): WhenToCall {
	if (!guardrails.hours) return { send: true };
	const decision = decideCallingHours(guardrails.hours, now, givenDelaySeconds);
	if (decision.action === 'call') return { send: true };
	if (decision.action === 'delay') return { send: true, delaySeconds: decision.delaySeconds, fields: scheduledFields(guardrails.hours, decision, givenDelaySeconds) };
	return { send: false, output: skippedOutput(guardrails.hours, e164, decision, givenDelaySeconds) };
}
