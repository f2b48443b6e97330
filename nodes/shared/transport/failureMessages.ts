import { asObject, own } from './objects';
import { shownValue } from './shownText';
import type { TalkoverFailure } from './talkoverFailure';
import { talkoverSaysNotFound } from './talkoverFailure';

/**
 * The words of a failure Talkover answered: the message and description a person can act on, for each
 * status and for the error codes whose meaning is known (with an operation's own words where it has them).
 */

export interface ErrorText {
	message: string;
	description: string;
}

/** Update Campaign Status → Status Transition Rules: where each status may go. */
export const CAMPAIGN_TRANSITIONS: Record<string, string[]> = {
	draft: ['active', 'cancelled'],
	active: ['paused', 'completed', 'cancelled'],
	paused: ['active', 'completed', 'cancelled'],
	completed: [],
	cancelled: [],
};

/** "a, b or c" (two words or more: every status that is not final may become two others at least). */
function either(words: string[]): string {
	return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function transitionMessage({ message }: TalkoverFailure): string {
	const match = /from (\w+) to (\w+)/i.exec(message ?? '');
	if (!match) return 'Talkover does not allow this status change for the campaign in its current status';
	const [, from, to] = match;
	const allowed = own(CAMPAIGN_TRANSITIONS, from.toLowerCase());
	const next = allowed === undefined ? '' : allowed.length ? `: from ${from} it can only become ${either(allowed)}` : `: ${from} is a final status`;
	return `The campaign cannot go from ${from} to ${to}${next}`;
}

function duplicateMessage({ details }: TalkoverFailure): string {
	const [id, status] = [shownValue(asObject(details?.existing_call)?.id), shownValue(asObject(details?.existing_call)?.status)];
	const which = id !== undefined ? ` (campaign call ${id}${status !== undefined ? `, ${status}` : ''})` : '';
	return `This number already has an open call in the campaign${which}, so nothing was added: turn on Allow Duplicates to add it again on purpose`;
}

function eligibilityMessage({ details }: TalkoverFailure): string {
	const [current, required, days] = [details?.current_calls, details?.required_calls, details?.threshold_days].map(shownValue);
	const numbers = current !== undefined && required !== undefined ? ` (${current} of the ${required} calls needed${days !== undefined ? ` in ${days} days` : ''})` : '';
	return `The agent does not have enough calls for optimized costs yet${numbers}: Enable Initial Message Cache stays off`;
}

/** Error codes whose meaning the user can act on; the message says what to do. */
const CODE_MESSAGES: Record<string, string | ((failure: TalkoverFailure) => string)> = {
	// Every operation's own words: Make Call adds Test Call (RequestOptions.codeMessages).
	INSUFFICIENT_CREDITS: 'Not enough Talkover credits: top up your Talkover account',
	AGENT_INACTIVE: 'The agent is not published, so it cannot place calls: publish it first (Agent → Publish)',
	INVALID_PHONE_NUMBER: 'Talkover rejected the phone number: it must be in international format, e.g. +15551234567',
	MISSING_PHONE_NUMBER: 'Talkover needs a phone number to call',
	AGENT_HAS_ACTIVE_CALLS: 'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish',
	AGENT_IS_PUBLISHED: 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)',
	CALL_NOT_ACTIVE: 'The call is not active any more: it has already ended',
	CAMPAIGN_NOT_ACTIVE: 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)',
	DUPLICATE_CALL: duplicateMessage,
	INVALID_TRANSITION: transitionMessage,
	CAMPAIGN_IS_ACTIVE: 'The campaign is active, so it cannot be deleted: pause or cancel it first (Campaign → Update Status)',
	CAMPAIGN_HAS_CALLS_IN_PROGRESS: 'The campaign has calls in progress, so it cannot be deleted: wait until they have finished',
	CAMPAIGN_HAS_ACTIVE_CALLS:
		'The campaign has queued calls, so its schedule cannot change while it runs: pause it first (Campaign → Update Status → Pause), update it, then start it again',
	CAMPAIGN_LIMIT_REACHED: 'Your Talkover plan allows no more campaigns: delete one you no longer need, or upgrade the plan',
	OPTIMIZED_COSTS_NOT_ELIGIBLE: eligibilityMessage,
	SLOT_UNAVAILABLE: 'The time slot is no longer free: another event was booked there. Get the availability again and choose another slot',
	VOICE_NOT_FOUND: 'Voice not found: Talkover has no voice template with this ID; choose the voice from the list again',
};

/**
 * Codes that pages document only in a table, while their example bodies carry just a message (Delete
 * Agent's 409, the campaign pages): status and message tell which. Campaign patterns come first, so
 * "Campaign has active calls in progress" is not read as the agent's "active calls".
 */
const MESSAGE_CODES: Array<[number, RegExp, string]> = [
	[409, /^campaign has active calls/i, 'CAMPAIGN_HAS_CALLS_IN_PROGRESS'],
	[409, /already exists in this campaign/i, 'DUPLICATE_CALL'],
	[409, /time slot|no longer available/i, 'SLOT_UNAVAILABLE'],
	[409, /campaign is not active/i, 'CAMPAIGN_NOT_ACTIVE'],
	// The agent's two rules are about deleting it: a 409 of another operation (Publish, Unpublish) that
	// merely mentions active calls or "published" keeps Talkover's own words.
	[409, /^(?=.*\bdelet)(?=.*active calls?)/i, 'AGENT_HAS_ACTIVE_CALLS'],
	[409, /^(?=.*\b(delet|unpublished before))(?=.*published)/i, 'AGENT_IS_PUBLISHED'],
	[409, /\bcall\b.*\bnot active\b/i, 'CALL_NOT_ACTIVE'],
	[400, /campaign is not active/i, 'CAMPAIGN_NOT_ACTIVE'],
	[400, /cannot transition from/i, 'INVALID_TRANSITION'],
	[403, /cannot delete active campaign/i, 'CAMPAIGN_IS_ACTIVE'],
	[404, /voice template not found/i, 'VOICE_NOT_FOUND'],
];

function codeFromMessage(statusCode: number, message?: string): string | undefined {
	if (!message) return undefined;
	return MESSAGE_CODES.find(([status, pattern]) => status === statusCode && pattern.test(message))?.[2];
}

/** The advice a 5xx of a request that may be sent again gets (the router drops it where it may not). */
export const TRY_AGAIN_LATER = 'This is not caused by your input. Try again later.';

export const UNKNOWN_ADDRESS = 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential';
export const BASE_URL_HINT = 'The Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.';

/** What an operation says about a failure in its own words (beside the texts every operation gets). */
export interface FailureWords {
	/** What a 404 means for this request, e.g. "Agent not found: …". */
	notFoundMessage?: string;
	/** An operation's own sentence for an error code, e.g. Make Call's INSUFFICIENT_CREDITS ("or use Test Call"). */
	codeMessages?: Record<string, string>;
	/** The token the request carried, named in a 401/403 (default the API token). */
	token?: 'API token' | 'Account Token';
}

/**
 * The message and description shown in n8n for a failure. A 429 never gets here: the request (./request)
 * retries it and, when it gives up, throws `rateLimitedError`.
 */
export function describeFailure(failure: TalkoverFailure, notFoundMessage?: string, words: FailureWords = {}): ErrorText {
	const { status, code, message: apiMessage, lines } = failure;
	const said = apiMessage ? `Talkover said: "${apiMessage}"` : '';
	const details: string[] = [];
	const knownCode = code ?? codeFromMessage(status, apiMessage) ?? '';
	const sentence = own(words.codeMessages, knownCode) ?? own(CODE_MESSAGES, knownCode);
	const known = typeof sentence === 'function' ? sentence(failure) : sentence;
	let message: string;
	switch (true) {
		// A 404 keeps the operation's own "not found" text, unless the message says what was not found.
		case known !== undefined && status !== 401 && (status !== 404 || code === undefined):
			message = known;
			break;
		case status < 300:
			message = `Talkover answered that the request failed (HTTP ${status}, success: false)`;
			break;
		case status === 401 && words.token === 'Account Token':
			// The one operation that sends it (Get Balance) says what to do.
			message = 'Talkover did not accept the Account Token: it is wrong or has expired';
			break;
		case status === 401:
			message = 'Talkover did not accept the API token: it is wrong or has expired';
			details.push('Open the "Talkover API" credential and paste a current token from Talkover (Account → Environments).');
			break;
		case status === 403:
			message = `The Talkover ${words.token ?? 'API token'} is not allowed to do this`;
			break;
		case status === 404 && !talkoverSaysNotFound(failure):
			message = UNKNOWN_ADDRESS;
			details.push(BASE_URL_HINT);
			break;
		case status === 404:
			message = notFoundMessage ?? 'Talkover could not find what was asked for';
			break;
		case status === 422:
			message = `Talkover rejected the data: ${apiMessage ?? 'validation failed'}`;
			break;
		case status >= 500:
			message = `Talkover had a problem on its side (HTTP ${status})`;
			details.push(TRY_AGAIN_LATER);
			break;
		default:
			message = `Talkover refused the request (HTTP ${status})${apiMessage ? `: ${apiMessage}` : ''}`;
	}
	// A 422's message already carries Talkover's words; every other status shows them in the description.
	if (said && status !== 422) details.unshift(said);
	if (code) details.push(`Error code: ${code}`);
	details.push(...lines);
	if (!said && !lines.length && failure.textBody && status !== 404) {
		details.push('The response was not a Talkover JSON error; check the Base URL of the credential.');
	}
	return { message, description: details.join('\n') };
}
