import type { IDataObject } from 'n8n-workflow';

import { apiInstantMs } from '../../shared/dates';
import { asObject } from '../../shared/transport';

/** An attempt's outcome, as the wait's output says it (wait/outcome.ts; `unknown`: n8n ended the wait itself). */
export const ATTEMPT_OUTCOMES = ['answered', 'voicemail', 'notReached', 'timedOut', 'unknown'] as const;

export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** One call of Call Again Until Reached, as the item's `attempts` lists it (the first call is attempt 1). */
export interface Attempt {
	attempt: number;
	callId: string;
	outcome: AttemptOutcome;
	/** The call's last status as Talkover gave it, when it did. */
	status?: string;
	/** Why the call ended (`ended_reason`), when Talkover said. */
	endedReason?: string;
	/** When the call rang (ISO): when Talkover accepted it, plus the delay it was sent with. */
	ringsAt?: string;
	/** When its outcome was known (ISO): Talkover's time of its end, else when the node read it. */
	endedAt?: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
/** A moment as the node writes it: ISO 8601 with its zone (a time without one, or a bare number, is no moment). */
const isInstant = (value: unknown): value is string => apiInstantMs(value) !== undefined;

/**
 * One entry of an `attempts` list, or a text saying what is wrong with it: attempt `n` (its place in the list,
 * from 1), a call ID, a known outcome; the optional fields, when present, texts (the times: instants).
 */
export function readAttempt(value: unknown, n: number): Attempt | string {
	const entry = asObject(value);
	if (!entry) return `entry ${n} is not an object`;
	if (entry.attempt !== n) return `entry ${n} says attempt ${JSON.stringify(entry.attempt)}`;
	if (!isText(entry.callId)) return `entry ${n} has no callId`;
	if (!(ATTEMPT_OUTCOMES as readonly unknown[]).includes(entry.outcome)) return `entry ${n} has no outcome the node gives (${ATTEMPT_OUTCOMES.join(', ')})`;
	for (const name of ['status', 'endedReason'] as const) if (entry[name] !== undefined && !isText(entry[name])) return `entry ${n}'s ${name} is not a text`;
	for (const name of ['ringsAt', 'endedAt'] as const) if (entry[name] !== undefined && !isInstant(entry[name])) return `entry ${n}'s ${name} is not a moment`;
	const optional = (name: 'status' | 'endedReason' | 'ringsAt' | 'endedAt') => (entry[name] !== undefined ? { [name]: entry[name] as string } : {});
	return { attempt: n, callId: entry.callId, outcome: entry.outcome as AttemptOutcome, ...optional('status'), ...optional('endedReason'), ...optional('ringsAt'), ...optional('endedAt') };
}

/** A whole `attempts` list (each entry as readAttempt reads it), or the first problem found. */
export function readAttempts(value: unknown[]): Attempt[] | string {
	const attempts: Attempt[] = [];
	for (const [i, entry] of value.entries()) {
		const attempt = readAttempt(entry, i + 1);
		if (typeof attempt === 'string') return attempt;
		attempts.push(attempt);
	}
	return attempts;
}

/** The attempt a call's output (the wait's, with its `outcome`) makes, numbered after `before`. */
export function attemptOf(json: IDataObject, before: readonly Attempt[], callId: string, ringsAt: number | undefined, endedAt: number | undefined): Attempt {
	const outcome = (ATTEMPT_OUTCOMES as readonly unknown[]).includes(json.outcome) ? (json.outcome as AttemptOutcome) : 'unknown';
	const status = json.status ?? json.current_status;
	const reason = json.ended_reason ?? json.end_reason;
	return {
		attempt: before.length + 1,
		callId,
		outcome,
		...(isText(status) ? { status } : {}),
		...(isText(reason) ? { endedReason: reason } : {}),
		...(ringsAt !== undefined && Number.isFinite(ringsAt) ? { ringsAt: new Date(ringsAt).toISOString() } : {}),
		// A call that timed out has not ended as far as the wait knows; an unknown end has no known moment.
		...(endedAt !== undefined && Number.isFinite(endedAt) && outcome !== 'timedOut' && outcome !== 'unknown' ? { endedAt: new Date(endedAt).toISOString() } : {}),
	};
}
