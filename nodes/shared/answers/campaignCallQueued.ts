import type { IDataObject } from 'n8n-workflow';

import { readTalkoverTime } from './callTime';
import { objectIn } from './reader';
import { CAMPAIGN_CALL_RECORD } from './record';
import type { ShapedReader } from './shape';
import { shaped } from './shape';

/**
 * The campaign call queued (Add Call), with when Talkover says it will dial it:
 * - make-campaign-call.mdx: `{campaign_call: {…, status: queued | scheduled, scheduled_at?}, campaign}`,
 *   `scheduled_at` an "ISO 8601 timestamp when the call is expected to be placed" (not required);
 * - openapi.json: the bare Call, which has no `scheduled_at`.
 * `answer` is what CAMPAIGN_CALL_RECORD reads; `scheduledAt` the moment (epoch ms), undefined when the answer
 * does not say (no `scheduled_at`, or null). A `scheduled_at` that is not a time with its zone is an
 * AnswerProblem, never a guess: the node checks it against the lead's Calling Hours.
 */
export interface QueuedCampaignCall {
	answer: IDataObject;
	scheduledAt?: number;
}

export const QUEUED_CAMPAIGN_CALL: ShapedReader<QueuedCampaignCall> = shaped(CAMPAIGN_CALL_RECORD.routes, CAMPAIGN_CALL_RECORD.expect, (body) => {
	const answer = CAMPAIGN_CALL_RECORD.read(body);
	const scheduledAt = scheduledAtOf(objectIn(answer.campaign_call) ?? answer);
	return scheduledAt === undefined ? { answer } : { answer, scheduledAt };
});

/**
 * When Talkover says it will dial a queued campaign call (its `scheduled_at`, epoch ms), from the campaign call
 * (as answered, or as Add Call outputs it); undefined when it does not say. A value that is not a time with its
 * zone is an AnswerProblem.
 */
export function scheduledAtOf(call: IDataObject): number | undefined {
	const given = call.scheduled_at;
	if (given === undefined || given === null) return undefined;
	return readTalkoverTime(given, 'the time Talkover will dial the lead (scheduled_at)');
}
