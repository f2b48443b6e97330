import type { IDataObject, INode } from 'n8n-workflow';

import type { HoursPlan } from '../callingHours/plan';
import { planCallingHours } from '../callingHours/plan';
import type { DailyCap } from '../dailyCap/read';
import { readDailyCap } from '../dailyCap/read';
import { checkDestination } from './destinations';
import { readCallCap } from './readCallCap';
import { readAllowedDestinations } from './readDestinations';
import type { ToolSignals } from './runsAsTool';

/**
 * The guardrails of an operation that calls a number (Make Call, Add Call), checked for an item before
 * anything is sent: the one function such an operation calls with the item's number and its Options.
 *
 * - Max Calls per Execution (`options.maxCallsPerExecution`): the cap is read here (none in a workflow unless
 *   set, 3 as a tool); the call is counted when it is sent (callCount.ts's `claimCall`).
 *
 * - Max Calls per Day (`options.maxCallsPerDay`): the limit and its day's zone are read here; the calls are counted
 *   when the call is sent (dailyCap/index.ts's `sendWithinDay`).
 * - Allowed Destinations (`options.allowedDestinations`): a number it refuses fails the item here.
 * - Calling Hours (`options.callingHours`): the option and the lead's time zone are settled here (an
 *   unknown zone the user refuses fails the item); whether the call goes is asked when it is sent, with
 *   the time then (callingHours/whenToCall.ts).
 */

type Ctx = ToolSignals & { getNode(): INode; getTimezone?: () => string };

export interface CallGuardrails {
	/** Calling Hours to apply when the item is sent; none when not set (or an unknown zone is dialled anyway). */
	hours?: HoursPlan;
	/** Max Calls per Execution: the most calls of this node in the execution; none when undefined. */
	cap?: number;
	/** Max Calls per Day: none when not set. */
	daily?: DailyCap;
}

export interface CallKind {
	/** The operation can start the call later (Make Call's `delay_seconds`): Calling Hours may then schedule it. */
	canDelay: boolean;
}

export function checkCallGuardrails(ctx: Ctx, itemIndex: number, e164: string, options: IDataObject, kind: CallKind): CallGuardrails {
	checkDestination(ctx, itemIndex, e164, readAllowedDestinations(ctx, itemIndex, options.allowedDestinations));
	const cap = readCallCap(ctx, itemIndex, options);
	const daily = readDailyCap(ctx, itemIndex, options);
	const hours = planCallingHours(ctx, itemIndex, options.callingHours, e164, kind.canDelay);
	return { ...(hours ? { hours } : {}), ...(cap !== undefined ? { cap } : {}), ...(daily ? { daily } : {}) };
}
