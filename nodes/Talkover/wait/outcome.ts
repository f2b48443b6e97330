/**
 * The outcome a builder acts on, from what Talkover said of the call (one output with an `outcome` field:
 * n8n 1.x and 2.8 resume a waiting node on its first output only, so outputs per outcome would lose items).
 * - `notReached`: the call did not connect (a campaign call: failed for good), or its end says busy, no answer,
 *   failed or cancelled;
 * - `voicemail`: a voicemail event of the call, or its end says voicemail;
 * - `answered`: any other end (it connected, and no voicemail was reported);
 * - `timedOut`: no end before the Wait Limit (its last status as Talkover lists it);
 * - `notCalled`: an option skipped the item (Calling Hours, Skip Numbers Called Within): nothing was dialled;
 * - `unknown` (set where it is known, not here): a call that may have been placed, one without an ID, or a wait n8n
 *   ended itself (backstop.ts): nothing of the end was read.
 */
import type { IDataObject } from 'n8n-workflow';

import { CAMPAIGN_CALL_FAILED, DID_NOT_CONNECT } from '../../shared/answers';
import { outcomeOfStatus } from '../statusOutcome';

export type Outcome = 'answered' | 'voicemail' | 'notReached' | 'timedOut' | 'notCalled';

const objectAt = (value: unknown): IDataObject | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined);

/**
 * The words of the end: its status and reason, wherever the event readers read its call's ID (the event's top,
 * `call`, `campaign_call`, and the same under `data`).
 */
function said(end: IDataObject): string {
	const data = objectAt(end.data);
	const places = [end, objectAt(end.call), objectAt(end.campaign_call), data, objectAt(data?.call), objectAt(data?.campaign_call)];
	return places.flatMap((at) => (at ? [at.status, at.ended_reason, at.end_reason, at.reason] : [])).filter((v) => typeof v === 'string').join(' ');
}

/** Whether the end's body says how the call ended (a status or reason): the log's example body (`call_id`, `duration`) does not. */
export function saysHowItEnded(end: IDataObject): boolean {
	return said(end) !== '';
}

/** The outcome of a call that ended with `end` (its event body), `voicemail` when a voicemail event of it came. */
export function outcomeOf(event: string, end: IDataObject, voicemail: boolean): Outcome {
	if (event === DID_NOT_CONNECT || event === CAMPAIGN_CALL_FAILED) return 'notReached';
	return voicemail ? 'voicemail' : outcomeOfStatus(said(end));
}
