import type { IDataObject } from 'n8n-workflow';

import type { Expected } from '../transport/answer';
import type { ShapedReader } from './shape';
import { dataOf, shaped } from './shape';

/**
 * Answers that are one record: the page's `{ success, data: record }` and, where openapi.json documents
 * it, the bare record. Either way the record has an ID (a non-empty text or a whole number) and none of
 * Talkover's error markers (`error`, `errors`, a `status_code` of 400 or more): `{ success: true, data: {} }`
 * or `data: { id, error }` is no record (a call not placed, an action not created), an error, never a guess.
 */
function recordReader(routes: readonly string[], expect: Expected): ShapedReader<IDataObject> {
	return shaped(routes, expect, (body) => dataOf(body) as IDataObject);
}

/** One agent: the pages' `{success, data: agent}`, openapi.json's bare Agent. */
export const AGENT_RECORD = recordReader(['GET /agents/{}', 'POST /agents', 'PUT /agents/{}/knowledge', 'PUT /agents/{}/voice'], { bare: true });

/** The agent after a change only the pages document: `{success, message, data: agent}`. */
export const AGENT_CHANGED_RECORD = recordReader(['POST /agents/{}/publish', 'POST /agents/{}/unpublish', 'PATCH /agents/{}/advanced-settings', 'PUT /agents/{}/calling'], 'record');

/** The action created or replaced: the page's `{success, message, data: action}` (200), openapi.json's bare Action (201). */
export const ACTION_RECORD = recordReader(['POST /agents/{}/actions'], { bare: true });

/** The call placed: the page's `{success, data: call}`, openapi.json's bare Call or ExternalCall (CONTRADICTIONS.md #22). */
export const CALL_RECORD = recordReader(['POST /agents/{}/call'], { bare: true });

/** The call ended: `{success, data: {id, status, ended_at, ended_reason}}`. */
export const ENDED_CALL_RECORD = recordReader(['POST /agents/{}/end-call'], 'record');

/** One campaign: the pages' `{success, data: campaign}`, openapi.json's bare Campaign. */
export const CAMPAIGN_RECORD = recordReader(['GET /campaigns/{}', 'POST /campaigns', 'PUT /campaigns/{}', 'PATCH /campaigns/{}/status'], { bare: true });

/**
 * The campaign call queued: its page's `{campaign_call, campaign}` (no envelope; the value is that object),
 * openapi.json's bare Call.
 */
export const CAMPAIGN_CALL_RECORD = recordReader(['POST /campaigns/{}/call'], { objectIn: 'campaign_call', bare: true, envelope: false });

/** One calendar event: `{success, data: event}`. */
export const CALENDAR_EVENT_RECORD = recordReader(['GET /calendars/{}/events/{}', 'POST /calendars/{}/events', 'PUT /calendars/{}/events/{}'], 'record');

/** The event webhook registered (agent or campaign): `{success, message?, data: webhook}`, its `id` kept to delete it. */
export const EVENT_WEBHOOK_RECORD = recordReader(['POST /agents/{}/webhooks', 'POST /campaigns/{}/webhooks'], 'record');
