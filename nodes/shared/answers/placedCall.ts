import type { IDataObject } from 'n8n-workflow';

/**
 * The status the answer of a call just placed gives it: Make Call's (make-call.mdx's `data.status`, openapi.json's
 * Call or ExternalCall `status`) or Add Call's (the campaign call's `status`: queued or scheduled on its page, any
 * of openapi.json's Call statuses), or `current_status` as Talkover's other answers name a state. Undefined when
 * it gives none, or gives both and they disagree: nothing is guessed (the call's end is then heard as any other).
 * `placed` is the call as the node outputs it (Add Call's: the campaign call, its campaign under `campaign`,
 * whose own status is never the call's).
 */
export function placedCallStatus(placed: IDataObject): string | undefined {
	const given = [placed.status, placed.current_status].filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
	if (given.length === 0) return undefined;
	return given.every((status) => status.toLowerCase() === given[0].toLowerCase()) ? given[0] : undefined;
}

/**
 * The ID the answer of a call just placed gives it (`id`; `call_id` in the first-call guide), a text or a whole
 * number, trimmed; undefined when it gives none.
 */
export function placedCallId(placed: IDataObject): string | undefined {
	const id = [placed.id, placed.call_id].find((v) => (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)));
	return id === undefined ? undefined : String(id).trim();
}
