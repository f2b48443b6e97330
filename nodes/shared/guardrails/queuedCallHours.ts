import type { IDataObject } from 'n8n-workflow';

import { allowedNow } from '../callingHours';
import type { CallGuardrails } from './callGuardrails';
import { dialledOutsideFields } from './callingHoursOutput';

/**
 * Add Call: the lead's Calling Hours against the moment Talkover says it will dial a queued campaign call
 * (its answer's `scheduled_at`, read by answers/campaignCallQueued.ts). Outside them: the fields that flag
 * the item (callingHoursOutput.ts's dialledOutsideFields); inside, no hours set, or no moment given: none.
 */
export function queuedCallHours(guardrails: CallGuardrails, scheduledAt: number | undefined): IDataObject | undefined {
	const plan = guardrails.hours;
	if (!plan || scheduledAt === undefined || allowedNow(plan.rule, plan.zone, scheduledAt)) return undefined;
	return dialledOutsideFields(plan, scheduledAt);
}
