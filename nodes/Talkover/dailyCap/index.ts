import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { accountOf, CREDENTIAL_TYPE, mayHaveBeenProcessed, WithheldAttempt } from '../../shared/transport';
import type { DayTarget, ReadSettings } from './callsOfDay';
import { callsOfDay } from './callsOfDay';
import { zoneDay } from './day';
import { dayFullOutput } from './output';
import { claimDayPlace } from './places';
import type { DailyCap } from './read';

/**
 * Max Calls per Day: an option of every operation that dials. Before a call is sent, the calls of its agent
 * (campaign) that ring on the day the call would ring (in the option's zone) are counted from Talkover's own list
 * (callsOfDay.ts) and this process's own calls (places.ts); at the limit the item is not dialled and comes out
 * skipped, with when the next day starts (output.ts).
 */

export type { DailyCap } from './read';
export { readDailyCap } from './read';
export { maxCallsPerDayOption } from './description';

function stopped(ctx: IExecuteFunctions, itemIndex: number): Error {
	const error = new NodeOperationError(ctx.getNode(), `Max Calls per Day (item ${itemIndex}): the execution was stopped while this call waited for the answers of the calls sent before it; this call was not placed`, { itemIndex });
	error.context.notSent = true;
	return error;
}

/**
 * Sends one call within the day's limit (`cap` undefined: no limit, `send` runs as it is). The call's place is held
 * while it is in flight; it counts when Talkover accepted the call or may have (a 5xx, a time-out), and is given
 * back when nothing reached Talkover. At the limit `send` never runs: the item's skip is thrown as a withheld
 * attempt (the router outputs it; nothing is recorded as sent).
 */
export async function sendWithinDay<T>(
	ctx: IExecuteFunctions,
	cap: DailyCap | undefined,
	call: { target: DayTarget & { to: string }; ringsAt: number; settings: ReadSettings },
	send: () => Promise<T>,
	idOf: (value: T) => string | undefined,
): Promise<T> {
	if (!cap) return await send();
	const { target, ringsAt, settings } = call;
	const day = zoneDay(cap.zone, ringsAt);
	const account = accountOf(await ctx.getCredentials(CREDENTIAL_TYPE));
	const key = `${account} ${target.scope}:${target.id} ${cap.zone} ${day.date}`;
	const claim = await claimDayPlace(key, day, cap.calls, async () => await callsOfDay(ctx, target, day, settings), settings.signal, () => stopped(ctx, settings.itemIndex));
	if ('full' in claim) throw new WithheldAttempt(dayFullOutput(target.to, `${target.scope} ${target.id}`, cap, day, claim.full), false);
	let counted: string | false | undefined = false;
	try {
		// The request's own error goes on unchanged (a NodeApiError from the transport).
		return await send().then(
			(value) => {
				counted = idOf(value);
				return value;
			},
			async (error: unknown) => {
				if (mayHaveBeenProcessed(error)) counted = undefined;
				return await Promise.reject(error as Error);
			},
		);
	} finally {
		if (counted === false) claim.place.release();
		else claim.place.keep(counted);
	}
}
