import { objectIn } from './reader';
import { shaped } from './shape';

/**
 * Answers that say only that the request succeeded (`success: true`; a `data` there is an object or a
 * list). A `success: false` never reaches a reader: the transport reads it as Talkover's failure.
 */

/** Validate Flow: `{success: true, message: "Flow is valid"}` (an invalid flow is `success: false`, read as the answer by the operation). */
export const FLOW_VALID = shaped(['POST /agents/{}/flow/validate'], 'success', () => true as const);

/** The flow's saved versions: `{success, data: {versions: [...]}}`; the value is `data`, whose `versions` the operation checks. */
// Only the page documents it, in the envelope: no bare form is read.
export const FLOW_VERSIONS = shaped(['GET /agents/{}/flow/versions'], 'success', (body) => objectIn(body)?.data);

/** An event webhook deleted: `{success: true, message}` (both documents; no 204 is documented for these). */
export const EVENT_WEBHOOK_DELETED = shaped(['DELETE /agents/{}/webhooks/{}', 'DELETE /campaigns/{}/webhooks/{}'], 'success', () => true as const);

/** An event webhook changed (a wait's webhook given a later moment in its name): `{success: true, message?, data}`. */
export const EVENT_WEBHOOK_UPDATED = shaped(['PUT /agents/{}/webhooks/{}', 'PUT /campaigns/{}/webhooks/{}'], 'success', () => true as const);
