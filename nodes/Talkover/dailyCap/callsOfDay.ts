import type { IExecuteFunctions } from 'n8n-workflow';

import { agentNotFound } from '../../shared/agent';
import { callsFrom } from '../../shared/answers/callDays';
import type { CallEntry } from '../../shared/answers/callList';
import { callListReader, placedByAgent, readCallEntries } from '../../shared/answers/callList';
import { callMoments } from '../../shared/answers/callMoments';
import { campaignCallsReader } from '../../shared/answers/campaignCalls';
import { AGENT_CALLS } from '../../shared/answers/list';
import { readAnswer } from '../../shared/answers/reader';
import { campaignNotFound } from '../../shared/campaign';
import { apiPath, getList, talkoverAnswer } from '../../shared/transport';
import { hasEnded } from '../callStatus';
import type { ZoneDay } from './day';

/**
 * The calls of an agent (a campaign) that ring on a day, from Talkover's own lists: what Max Calls per Day counts.
 * Only through the readers of nodes/shared/answers.
 *
 * - An agent's call (Get Agent Calls, outbound, every page from the day before the day's start in any zone): it
 *   counts on the day it may ring (callMoments: requested, plus its delay, or up to an hour when the entry does
 *   not say; an ended call's last change bounds it).
 * - A campaign's call (Get Campaign's `calls`): the campaign rings it when its own windows and retries allow, so it
 *   counts from the day it was added until it is over. A campaign that lists none of its calls (openapi.json's
 *   Campaign) or only some (the page's example) has its agent's calls counted as well: every call that agent
 *   placed, the campaign's and others (more, never fewer).
 */

/** Whose calls are counted: an agent's, or a campaign's. */
export interface DayTarget {
	scope: 'agent' | 'campaign';
	/** The agent's or the campaign's ID. */
	id: string;
}

export interface ReadSettings {
	itemIndex: number;
	maxRetries?: number;
	signal?: AbortSignal;
}

/** Whether an agent's listed call may ring within the day. */
function ringsWithin(entry: CallEntry, day: ZoneDay): boolean {
	const moments = callMoments(entry);
	// A call over by its last change cannot ring after it; one still going on may ring up to its latest.
	const latest = hasEnded(entry.status) ? Math.min(moments.latestRing, moments.latestEnd) : moments.latestRing;
	return latest >= day.start && moments.earliestRing < day.end;
}

/** Whether a campaign's listed call may ring within the day: added before its end, and not over before its start. */
function queuedWithin(entry: CallEntry, day: ZoneDay): boolean {
	return entry.createdAt < day.end && (!hasEnded(entry.status) || callMoments(entry).latestEnd >= day.start);
}

async function agentCallsOfDay(ctx: IExecuteFunctions, agentId: string, day: ZoneDay, settings: ReadSettings): Promise<CallEntry[]> {
	const path = apiPath`/agents/${agentId}/calls`;
	const entries = await getList.call(ctx, path, { direction: 'outbound', date_from: callsFrom(day.start) }, { ...settings, returnAll: true, limit: 0, pagingDocumented: true, notFoundMessage: agentNotFound(agentId), read: AGENT_CALLS });
	const calls = readAnswer(ctx.getNode(), { statusCode: 200, body: entries }, { routes: callListReader.routes, read: readCallEntries }, { method: 'GET', path, itemIndex: settings.itemIndex });
	return calls.filter((c) => placedByAgent(c, agentId) && ringsWithin(c, day));
}

/** The calls of the target's agent or campaign that ring on `day` (see above). */
export async function callsOfDay(ctx: IExecuteFunctions, target: DayTarget, day: ZoneDay, settings: ReadSettings): Promise<CallEntry[]> {
	if (target.scope === 'agent') return await agentCallsOfDay(ctx, target.id, day, settings);
	const { value: campaign } = await talkoverAnswer(ctx, 'GET', apiPath`/campaigns/${target.id}`, { ...settings, notFoundMessage: campaignNotFound(target.id), read: campaignCallsReader });
	const listed = 'calls' in campaign ? campaign.calls.filter((c) => queuedWithin(c, day)) : [];
	if (campaign.agentId === undefined) return listed;
	return [...listed, ...(await agentCallsOfDay(ctx, campaign.agentId, day, settings))];
}
