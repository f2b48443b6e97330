import type { IDataObject } from 'n8n-workflow';

import { allowedInEveryZone } from './decision';
import { dialledOutsideFields } from './output';
import type { HoursPlan } from './plan';

/**
 * Add Call: the lead's Calling Hours against the moment Talkover says it will dial a queued campaign call
 * (its answer's `scheduled_at`, read by answers/campaignCallQueued.ts), in every zone the plan names (its
 * zone and `sameClockAs`, as the decision at the send). Outside them in any one: the fields that flag
 * the item (output.ts's dialledOutsideFields); inside, no hours set, or no moment given: none.
 */
export function queuedCallHours(plan: HoursPlan | undefined, scheduledAt: number | undefined): IDataObject | undefined {
	if (!plan || scheduledAt === undefined) return undefined;
	if (allowedInEveryZone(plan, scheduledAt)) return undefined;
	return dialledOutsideFields(plan, scheduledAt);
}
