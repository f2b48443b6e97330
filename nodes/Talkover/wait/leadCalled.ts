/**
 * Skip Numbers Called Within for a next call the wait places itself (nextCall.ts): before it, the agent's calls to
 * the lead since the window began are read (one search of the number, only with the option), as the node reads them
 * before any call. A call that is none of the item's own (another execution's, another workflow's) that rang or ended
 * within the window, or that has not ended whatever its age, is a reason not to call: the item comes out with it, and
 * no next call is due (as a skip through the node ends the loop). The item's own calls never count.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { callKey, CALLS } from '../../shared/answers';
import { callsFrom } from '../../shared/answers/callDays';
import { readCallEntries } from '../../shared/answers/callList';
import { callMoments } from '../../shared/answers/callMoments';
import { numberKey } from '../../shared/dialledNumbers/numberKey';
import { apiPath, getList, shownValue } from '../../shared/transport';
import { hasEnded } from '../callStatus';
import type { CallItem } from './record';

/** Why the lead is not called again (another call to it within the window, or on the line now), or undefined. */
export async function calledOtherwise(ctx: IWebhookFunctions, item: CallItem, windowMs: number, now: number): Promise<string | undefined> {
	if (item.agentId === undefined) return undefined;
	const own = new Set([...(item.callAgain?.before ?? []).map((attempt) => callKey(attempt.callId)), callKey(item.callId)]);
	const since = now - windowMs;
	const entries = await getList.call(ctx, apiPath`/calls`, { agent_id: item.agentId, search: item.to, date_from: callsFrom(since) }, { returnAll: true, limit: 0, pagingDocumented: true, read: CALLS });
	const other = readCallEntries(entries).find(
		(call) =>
			typeof call.call.id === 'string' &&
			!own.has(callKey(call.call.id)) &&
			numberKey(call.to) === numberKey(item.to) &&
			(call.agentId === undefined || call.agentId === item.agentId) &&
			(!hasEnded(call.status) || callMoments(call).latest >= since),
	);
	if (!other) return undefined;
	const minutes = Math.round(windowMs / 60_000);
	return `Not called again: this agent has another call to ${item.to} (${shownValue(other.status) ?? 'call'} ${String(other.call.id)}) within the last ${minutes} minutes or still going on (Options → Skip Numbers Called Within ${minutes})`;
}
