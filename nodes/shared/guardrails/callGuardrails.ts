import type { IDataObject, INode } from 'n8n-workflow';

import type { HoursPlan } from './callingHoursPlan';
import { planCallingHours } from './callingHoursPlan';
import { checkDestination } from './destinations';
import { readAllowedDestinations } from './readDestinations';

/**
 * The guardrails of an operation that calls a number (Make Call, Add Call), checked for an item before
 * anything is sent: the one function such an operation calls with the item's number and its Options.
 *
 * - Allowed Destinations (`options.allowedDestinations`): a number it refuses fails the item here.
 * - Calling Hours (`options.callingHours`): the option and the lead's time zone are settled here (an
 *   unknown zone the user refuses fails the item); whether the call goes is asked when it is sent, with
 *   the time then (whenToCall.ts).
 */

type Ctx = { getNode(): INode };

export interface CallGuardrails {
	/** Calling Hours to apply when the item is sent; none when not set (or an unknown zone is dialled anyway). */
	hours?: HoursPlan;
}

export interface CallKind {
	/** The operation can start the call later (Make Call's `delay_seconds`): Calling Hours may then schedule it. */
	canDelay: boolean;
}

export function checkCallGuardrails(ctx: Ctx, itemIndex: number, e164: string, options: IDataObject, kind: CallKind): CallGuardrails {
	checkDestination(ctx, itemIndex, e164, readAllowedDestinations(ctx, itemIndex, options.allowedDestinations));
	const hours = planCallingHours(ctx, itemIndex, options.callingHours, e164, kind.canDelay);
	return hours ? { hours } : {};
}
