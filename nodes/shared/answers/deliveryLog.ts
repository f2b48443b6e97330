import type { IDataObject } from 'n8n-workflow';

import { isId } from '../transport/answer';
import { clip } from '../transport/shownText';
import type { ListPage } from './list';
import { pagingIn } from './list';
import { AnswerProblem, objectIn } from './reader';
import type { ShapedReader } from './shape';
import { dataOf, shaped } from './shape';

/**
 * A webhook's delivery log (List Webhook Delivery Logs, List Campaign Webhook Logs: "same shape"): one entry
 * per delivery attempt, `{success, data: [entries], pagination}`. Only the pages document these routes
 * (openapi.json has no log route).
 */

/** The statuses the pages give a log entry ("Log Status Values"), in the order a person reads them. */
export const DELIVERY_STATUSES = ['failed', 'pending', 'retrying', 'success'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One logged delivery attempt, as the node's decisions need it; `entry` is the entry as Talkover gave it. */
export interface DeliveryLogEntry {
	entry: IDataObject;
	id: string;
	status: DeliveryStatus;
}

/**
 * One entry of a delivery log. It has an ID (what Retry Delivery takes) and one of the four documented
 * statuses: an entry without them cannot be filtered by status or retried, an AnswerProblem, never a guess.
 * Every other field (event, attempt, http_status, request_payload, …) is shown as given.
 */
export function readDeliveryLogEntry(value: unknown, position: number): DeliveryLogEntry {
	const entry = objectIn(value);
	if (!entry) throw new AnswerProblem(`entry ${position} of the delivery log is not an object`);
	if (!isId(entry.id)) throw new AnswerProblem(`entry ${position} of the delivery log has no ID (id)`);
	const status = entry.status;
	if (typeof status !== 'string' || !(DELIVERY_STATUSES as readonly string[]).includes(status)) {
		// clip(): its mark lets the masking step find a secret the cut left half (shownText.ts).
		throw new AnswerProblem(`entry ${position} of the delivery log has a status Talkover does not document (${typeof status === 'string' ? JSON.stringify(clip(status, 40)) : 'no text'}; documented: ${DELIVERY_STATUSES.join(', ')})`);
	}
	return { entry, id: String(entry.id), status: status as DeliveryStatus };
}

/** A page of a delivery log, every entry checked (readDeliveryLogEntry). */
export const DELIVERY_LOG: ShapedReader<ListPage> = shaped(['GET /agents/{}/webhooks/{}/logs', 'GET /campaigns/{}/webhooks/{}/logs'], 'list', (body) => {
	const entries = dataOf(body) as IDataObject[];
	entries.forEach((entry, i) => readDeliveryLogEntry(entry, i + 1));
	return { entries, paging: pagingIn(body) };
});

/**
 * A page of a delivery log whose entries are read one by one by the caller (the trigger's catch-up,
 * catchUp/choice.ts: an entry the pages do not describe is left alone and named, the rest is used).
 */
export const DELIVERY_LOG_ENTRIES: ShapedReader<ListPage> = shaped(['GET /agents/{}/webhooks/{}/logs', 'GET /campaigns/{}/webhooks/{}/logs'], 'list', (body) => ({
	entries: dataOf(body) as IDataObject[],
	paging: pagingIn(body),
}));

/**
 * A retry queued (Retry Webhook Delivery, Retry Campaign Webhook Delivery): `{success, message, data:
 * {log_id, original_log_id, queued_at?}}`. The new attempt's `log_id` is what the item says was queued:
 * without it, the retry cannot be told from a refusal.
 */
export const DELIVERY_RETRIED: ShapedReader<IDataObject> = shaped(['POST /agents/{}/webhooks/{}/logs/{}/retry', 'POST /campaigns/{}/webhooks/{}/logs/{}/retry'], 'object', (body) => {
	const data = objectIn(objectIn(body)?.data) as IDataObject;
	if (!isId(data.log_id)) throw new AnswerProblem('the retry has no new log ID (log_id), so the node cannot tell which delivery was queued');
	return data;
});

/**
 * A test delivery sent (Test Webhook, Test Campaign Webhook): `{success, message, data: {status_code,
 * response_time}}`, or the campaign page's `{success, message}`. `sent`: Talkover says it sent it (`success`
 * not false); `statusCode`: what the webhook's address answered, when Talkover says (`data.status_code`).
 */
export const WEBHOOK_TESTED: ShapedReader<{ sent: boolean; statusCode?: number }> = shaped(['POST /agents/{}/webhooks/{}/test', 'POST /campaigns/{}/webhooks/{}/test'], 'success', (body) => {
	const answer = objectIn(body) ?? {};
	const statusCode = Number(objectIn(answer.data)?.status_code);
	return { sent: answer.success !== false, ...(Number.isInteger(statusCode) && statusCode > 0 ? { statusCode } : {}) };
});
