/**
 * Statuses of a call that has not ended (queued, scheduled or on the line), from Talkover's documents:
 *
 * - agent calls: `initiated`, `ringing`, `answered` (list-calls.mdx, get-agent-calls.mdx; get-active-call.mdx:
 *   "Only calls with status initiated, ringing, or answered are considered active"), and `in-progress`
 *   (openapi.json, components.schemas.Call.status);
 * - campaign calls: `queued`, `scheduled` (make-campaign-call.mdx), `started` and `retry_scheduled` (the
 *   campaign-call events of list-campaign-webhooks.mdx: `campaign_call.started`, `campaign_call.retry_scheduled`).
 *
 * The ended ones (`completed`, `failed`, `busy`, `no-answer`) are not here.
 */
export const OPEN_CALL_STATUSES: ReadonlySet<string> = new Set(['initiated', 'ringing', 'answered', 'in-progress', 'queued', 'scheduled', 'started', 'retry_scheduled']);

/** Whether a call (agent or campaign call) is still open, whatever its age. */
export function isOpenCall(status: unknown): boolean {
	return typeof status === 'string' && OPEN_CALL_STATUSES.has(status);
}
