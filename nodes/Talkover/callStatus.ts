/**
 * Every status of a call (an agent's call or a campaign's call) Talkover's documents name, with where, and
 * whether it says the call has ended. Skip Numbers Called Within counts a call that has not ended whatever
 * its age (a lead queued, ringing or on the line must not be dialled again).
 *
 * Not statuses: the agent webhook events (`event_phone_call_started`, `event_phone_call_ended`, …,
 * list-agent-webhooks.mdx) and the campaign webhook events (`campaign_call.queued`, …) are events; the
 * campaign events name the statuses below. `active`, `pending`, `in_progress` (test/sandbox/CONTRADICTIONS.md
 * row 46) are in no document: they are unknown statuses, see `hasEnded`.
 */
export interface DocumentedCallStatus {
	readonly status: string;
	/** True: the call is over (it may still be within the window). False: queued, scheduled or on the line. */
	readonly ended: boolean;
	/** True: the call waits to be dialled and has not rung yet (a campaign's queued or scheduled call). */
	readonly notRungYet?: true;
	readonly sources: readonly string[];
}

const AGENT_CALL_PAGES = ['list-calls.mdx', 'get-agent-calls.mdx', 'make-call.mdx'];
const OPENAPI_CALL = 'openapi.json components.schemas.Call.status';
const FIRST_CALL_GUIDE = 'getting-started-first-call.mdx';
const CAMPAIGN_EVENTS = 'list-campaign-webhooks.mdx available_events';

export const CALL_STATUSES: readonly DocumentedCallStatus[] = [
	{ status: 'initiated', ended: false, sources: [...AGENT_CALL_PAGES, 'get-active-call.mdx ("considered active")', OPENAPI_CALL, FIRST_CALL_GUIDE] },
	{ status: 'ringing', ended: false, sources: [...AGENT_CALL_PAGES, 'get-active-call.mdx ("considered active")', OPENAPI_CALL, FIRST_CALL_GUIDE] },
	{ status: 'answered', ended: false, sources: [...AGENT_CALL_PAGES, 'get-active-call.mdx ("considered active")'] },
	{ status: 'in-progress', ended: false, sources: [OPENAPI_CALL, FIRST_CALL_GUIDE] },
	// A call carried over the caller's own telephony (WebSocket): nothing says it has ended.
	{ status: 'external', ended: false, sources: ['openapi.json components.schemas.ExternalCall.status'] },
	{ status: 'queued', ended: false, notRungYet: true, sources: ['make-campaign-call.mdx campaign_call.status', `${CAMPAIGN_EVENTS} (campaign_call.queued)`] },
	{ status: 'scheduled', ended: false, notRungYet: true, sources: ['make-campaign-call.mdx campaign_call.status'] },
	{ status: 'started', ended: false, sources: [`${CAMPAIGN_EVENTS} (campaign_call.started)`] },
	// The campaign will call the lead again.
	{ status: 'retry_scheduled', ended: false, sources: [`${CAMPAIGN_EVENTS} (campaign_call.retry_scheduled)`] },
	{ status: 'completed', ended: true, sources: [...AGENT_CALL_PAGES, OPENAPI_CALL, FIRST_CALL_GUIDE, `${CAMPAIGN_EVENTS} (campaign_call.completed)`, 'get-campaign.mdx calls[] (example)'] },
	{ status: 'failed', ended: true, sources: [...AGENT_CALL_PAGES, OPENAPI_CALL, FIRST_CALL_GUIDE, `${CAMPAIGN_EVENTS} (campaign_call.failed)`, 'get-campaign.mdx calls[] (example)'] },
	{ status: 'busy', ended: true, sources: [...AGENT_CALL_PAGES, 'check-callback-constraints.mdx callback_trigger_statuses'] },
	{ status: 'no-answer', ended: true, sources: AGENT_CALL_PAGES },
	{ status: 'no_answer', ended: true, sources: ['check-callback-constraints.mdx callback_trigger_statuses'] },
	{ status: 'voicemail', ended: true, sources: ['get-campaign.mdx and create-campaign.mdx auto_dnc_trigger_statuses', 'openapi.json Campaign.auto_add_to_dnc', 'check-callback-constraints.mdx callback_trigger_statuses'] },
];

const ENDED = new Set(CALL_STATUSES.filter((s) => s.ended).map((s) => s.status));
const NOT_RUNG_YET = new Set(CALL_STATUSES.filter((s) => s.notRungYet).map((s) => s.status));
const KNOWN = new Set(CALL_STATUSES.map((s) => s.status));

/** Whether a status is a text that, lower-cased, is one of `statuses`. */
function statusIn(statuses: Set<string>, status: unknown): boolean {
	return typeof status === 'string' && statuses.has(status.toLowerCase());
}

/** Whether Talkover documents this call status (compared without case). */
export function isDocumentedStatus(status: unknown): boolean {
	return statusIn(KNOWN, status);
}

/**
 * Whether a call is known to have ended. An unknown status (or none: openapi.json's Call requires no
 * field) is not known to have ended, so it counts as open: a lead skipped that could have been dialled is
 * shown with its reason and can be dialled by hand; a lead dialled twice cannot be undone. An error
 * instead would stop every item of the run for one odd entry.
 */
export function hasEnded(status: unknown): boolean {
	return statusIn(ENDED, status);
}

/** Whether a call's status says it has not rung yet (queued or scheduled; compared without case). An unknown status or none: not known, so false. */
export function hasNotRungYet(status: unknown): boolean {
	return statusIn(NOT_RUNG_YET, status);
}
