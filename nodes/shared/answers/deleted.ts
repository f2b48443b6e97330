import { shaped } from './shape';

/**
 * A Delete's answer: the pages' `{success: true, message}` (200) or openapi.json's 204 without a body;
 * either means deleted. Nothing else is read from it.
 */
function deletedReader(routes: readonly string[]) {
	return shaped(routes, 'deleted', () => true as const);
}

export const AGENT_DELETED = deletedReader(['DELETE /agents/{}']);
export const ACTION_DELETED = deletedReader(['DELETE /agents/{}/actions/{}']);
export const CAMPAIGN_DELETED = deletedReader(['DELETE /campaigns/{}']);
export const CALENDAR_EVENT_DELETED = deletedReader(['DELETE /calendars/{}/events/{}']);
