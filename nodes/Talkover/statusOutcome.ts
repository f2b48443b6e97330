/**
 * The outcome an ended call's words say (its listed status, or its end's status and reason): `voicemail`, else
 * `notReached` (busy, no answer, failed, cancelled…), else `answered`. The one reader of those words, for the wait
 * (wait/outcome.ts) and for the dial guard's check of a lead's last call (Call Again Until Reached).
 */
import { CALL_STATUSES } from './callStatus';

export type EndedOutcome = 'answered' | 'voicemail' | 'notReached';

// Words of Talkover's texts, whichever separator they are written with (`no_answer`, `line-busy`, `Call failed`):
// a letter on either side makes another word (`unfailed` is not `failed`).
const NOT_REACHED = /(?<![a-z])(busy|no[-_ ]?answer|failed|failure|cancell?ed|canceled|unreachable|rejected|declined|did[-_ ]?not[-_ ]?connect|not[-_ ]?connected)(?![a-z])/i;
const VOICEMAIL = /voicemail|answering[-_ ]machine/i;

/** The outcome of a call that ended as `words` say (a documented status: callStatus.ts; or an end's status and reason). */
export function outcomeOfStatus(words: string): EndedOutcome {
	if (VOICEMAIL.test(words)) return 'voicemail';
	if (NOT_REACHED.test(words)) return 'notReached';
	return 'answered';
}

/** The documented statuses of an ended call whose outcome is one of `outcomes`, in the order callStatus.ts lists them. */
export function endedStatusesOf(outcomes: readonly EndedOutcome[]): string[] {
	return CALL_STATUSES.filter((s) => s.ended && outcomes.includes(outcomeOfStatus(s.status))).map((s) => s.status);
}
