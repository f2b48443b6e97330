import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, mayHaveBeenProcessed, serverOfCredential, WithheldAttempt } from '../../shared/transport';
import type { DayTarget, ReadSettings } from './callsOfDay';
import { callsOfDay } from './callsOfDay';
import { zoneDay } from './day';
import { dayFullOutput } from './output';
import { claimDayPlace } from './places';
import { maxCallsPerDayOption } from './description';
import { stoppedWhileWaiting } from '../guardrails/callsInFlight';
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

/** The calls of the day could not be read (Talkover's error, or an answer that cannot be counted): nothing was sent. */
function notCounted(ctx: IExecuteFunctions, itemIndex: number, owner: string, error: unknown): NodeOperationError {
	const { message, description } = error as { message?: string; description?: string };
	const failed = new NodeOperationError(ctx.getNode(), `Max Calls per Day (item ${itemIndex}): the calls of ${owner} today could not be read from Talkover, so this call was not placed: ${message ?? String(error)}`, {
		itemIndex,
		description: [description, 'Nothing was sent to Talkover for this item: run it again once Talkover answers.'].filter(Boolean).join('\n'),
	});
	failed.context.notSent = true;
	return failed;
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
	const owner = `${target.scope} ${target.id}`;
	const scope = `${serverOfCredential(await ctx.getCredentials(CREDENTIAL_TYPE))} ${target.scope}:${target.id}`;
	const read = async () => await callsOfDay(ctx, target, day, settings);
	let stop: Error | undefined;
	const claim = await claimDayPlace(scope, cap.zone, day, ringsAt, cap.calls, read, settings.signal, () => (stop = stoppedWhileWaiting(ctx.getNode(), settings.itemIndex, maxCallsPerDayOption.displayName))).catch(async (error: unknown) => {
		// A stop is the stop's error; a read that failed is this item's, with nothing sent.
		return await Promise.reject(error === stop ? error : notCounted(ctx, settings.itemIndex, owner, error));
	});
	if ('full' in claim) throw new WithheldAttempt(dayFullOutput(target.to, owner, cap, day, claim.full), false);
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
