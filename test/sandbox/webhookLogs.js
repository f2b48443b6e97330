'use strict';
/**
 * Sandbox endpoints for webhook delivery logs, of agent webhooks and of campaign webhooks
 * (list-webhook-logs, list-campaign-webhook-logs, retry-webhook-log, retry-campaign-webhook-log).
 *
 * Every delivery sb.deliver() makes is logged here (record(), called by deliver()); a test logs one
 * without sending anything with sb.logDelivery() ("these events failed while n8n was down"). Entries live
 * in sb.webhookLogs, as recorded (every entry keeps the payload it carried, so it can be retried); the list
 * shows each one in the fields of its page's example: a success as the `success` example, any other status
 * as the `failed` example (no request_payload, response_body, response_headers; `error` when there is one).
 *
 * Registered FIRST in MODULES: it answers only `/{agents|campaigns}/{id}/webhooks/{w}/logs` and
 * `…/logs/{log_id}/retry`, and leaves every other route to the others.
 */
const crypto = require('node:crypto');
const http = require('node:http');
const { setImmediate } = require('node:timers');

const STATUSES = ['pending', 'success', 'failed', 'retrying'];
/** "Logs are retained for 30 days": an older entry cannot be retried ("too old", retry-webhook-log.mdx). */
const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** What a list shows of an entry that is not a success (the page's `failed` example). */
const HIDDEN_UNLESS_SUCCESS = ['request_payload', 'response_body', 'response_headers'];

/** An ISO time of the sandbox's clock, in whole seconds as the pages write them. */
function isoAt(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function reset(sb, options) {
	/** Every delivery attempt, in the order made (newest last): see record(). */
	sb.webhookLogs = [];
	/** List Campaign Webhook Logs' paging: `documented` (with last_page, as the agent page) or `noLastPage` (its own example). */
	sb.campaignLogPaging = options.campaignLogPaging ?? 'documented';
	/** Whether an entry being sent (`pending`) shows its request_payload (false, default: as a failed one; no page says). */
	sb.pendingShowsBody = options.pendingShowsBody ?? false;
	/** Retries queued by Retry (Campaign) Webhook Delivery and not ended yet. */
	sb.pendingRetries = new Set();
	seed(sb);
}

/**
 * One webhook on the Draft agent and one on the Completed campaign, each with one failed delivery, so that
 * every operation has something to read and retry in a fresh sandbox (test/helpers/seed.ts names the IDs).
 * They are kept apart from sb.webhooks (what tests register), which tests read as "the trigger's webhooks";
 * they deliver nowhere (port 9: a failed delivery).
 */
function seed(sb) {
	const at = '2026-01-15T10:30:00Z';
	const common = { events: ['event_phone_call_ended'], custom_headers: [], timeout: 30, max_retries: 3, enabled: true, http_method: 'POST', created_at: at, updated_at: at };
	sb.seededWebhooks = [
		{ id: SEEDED.agentWebhook, agent_id: SEEDED.agent, name: 'CRM sync', webhook_url: 'http://127.0.0.1:9/webhook/crm', ...common },
		{ id: SEEDED.campaignWebhook, campaign_id: SEEDED.campaign, name: 'Campaign report', webhook_url: 'http://127.0.0.1:9/webhook/report', ...common, events: ['campaign.completed'] },
	];
	// An hour before the sandbox's now: inside the 30 days a delivery can be retried, whatever clock the sandbox runs on.
	const createdAt = isoAt(sb.now() - 60 * 60 * 1000);
	const failed = (id, webhookId, event) => ({ id, webhook_id: webhookId, event, attempt: 3, status: 'failed', http_status: 500, request_payload: { event }, duration_ms: 31, created_at: createdAt, error: 'Internal Server Error' });
	sb.webhookLogs.push(failed(SEEDED.agentDelivery, SEEDED.agentWebhook, 'event_phone_call_ended'), failed(SEEDED.campaignDelivery, SEEDED.campaignWebhook, 'campaign.completed'));
}

/** The IDs seed() uses (test/helpers/seed.ts has the same). */
const SEEDED = {
	agent: '550e8400-e29b-41d4-a716-446655440002',
	campaign: '3f2a9c10-0000-4000-8000-000000000004',
	agentWebhook: 'eb000000-0000-4000-8000-000000000001',
	campaignWebhook: 'eb000000-0000-4000-8000-000000000002',
	agentDelivery: 'eb10c000-0000-4000-8000-000000000001',
	campaignDelivery: 'eb10c000-0000-4000-8000-000000000002',
};

/** A webhook a test registered (sb.webhooks) or one seed() made, by its ID. */
function webhookById(sb, id) {
	return sb.webhooks.find((w) => w.id === id) ?? sb.seededWebhooks.find((w) => w.id === id);
}

/** The event a payload carries (`event`, or `event_type`), or null. */
function eventOf(payload) {
	if (payload === null || typeof payload !== 'object') return null;
	return payload.event ?? payload.event_type ?? null;
}

/** A new entry, `pending` (queued for delivery) until settle() fills it in; pushed to sb.webhookLogs. */
function begin(sb, webhookId, payload, { attempt = 1, event } = {}) {
	const entry = {
		id: crypto.randomUUID(),
		webhook_id: webhookId,
		event: event ?? eventOf(payload),
		attempt,
		status: 'pending',
		http_status: null,
		request_payload: payload,
		duration_ms: null,
		created_at: isoAt(sb.now()),
	};
	sb.webhookLogs.push(entry);
	return entry;
}

/**
 * Fills in an entry once its delivery ended: `outcome` is `{ response, text, durationMs }` for an answer
 * (2xx: success, else failed with the status text as `error`) or `{ error, durationMs }` for a fetch that
 * threw (failed, http_status null, the error's text).
 */
function settle(sb, entry, outcome) {
	entry.duration_ms = Math.round(outcome.durationMs);
	if (outcome.response) {
		const status = outcome.response.status;
		const contentType = outcome.response.headers.get('content-type');
		entry.http_status = status;
		entry.response_body = outcome.text;
		entry.response_headers = contentType ? { 'content-type': contentType } : {};
		if (status >= 200 && status < 300) {
			entry.status = 'success';
			entry.delivered_at = isoAt(sb.now());
		} else {
			entry.status = 'failed';
			entry.error = http.STATUS_CODES[status] ?? `HTTP ${status}`;
		}
	} else {
		const error = outcome.error;
		const cause = error?.cause?.message;
		entry.status = 'failed';
		entry.http_status = null;
		entry.error = cause ? `${error.message}: ${cause}` : String(error?.message ?? error);
	}
	return entry;
}

/**
 * sb.logDelivery(): an entry made without sending anything. `failed` has `error` (the status text of
 * `http_status`, or a refused connection's); `success` has http_status 200 and delivered_at.
 */
function logDelivery(sb, webhookId, payload, options = {}) {
	const status = options.status ?? 'failed';
	if (!STATUSES.includes(status)) throw new Error(`logDelivery: status must be one of ${STATUSES.join(', ')}`);
	const entry = begin(sb, webhookId, payload, { attempt: options.attempt ?? 1, event: options.event });
	if (options.created_at !== undefined) entry.created_at = options.created_at;
	entry.status = status;
	entry.duration_ms = options.duration_ms ?? (status === 'pending' ? null : 0);
	if (status === 'success') {
		entry.http_status = options.http_status ?? 200;
		entry.response_body = options.response_body ?? '';
		entry.response_headers = options.response_headers ?? {};
		entry.delivered_at = options.delivered_at ?? entry.created_at;
	} else {
		entry.http_status = options.http_status ?? null;
		if (options.error !== undefined) entry.error = options.error;
		else if (status === 'failed') entry.error = entry.http_status ? (http.STATUS_CODES[entry.http_status] ?? `HTTP ${entry.http_status}`) : 'fetch failed: connect ECONNREFUSED';
	}
	return entry;
}

/**
 * An entry as the list shows it (see the file's comment); with sb.pendingShowsBody, an entry being sent (`pending`)
 * shows its request_payload too (no page says whether it does).
 */
function shown(sb, entry) {
	const out = { ...entry };
	if (entry.status !== 'success') for (const key of HIDDEN_UNLESS_SUCCESS) if (!(key === 'request_payload' && entry.status === 'pending' && sb.pendingShowsBody)) delete out[key];
	return out;
}

/** Newest first: created_at descending, then the later recorded first. */
function newestFirst(entries) {
	return entries
		.map((entry, index) => ({ entry, index, at: Date.parse(entry.created_at) }))
		.sort((a, b) => (b.at - a.at) || (b.index - a.index))
		.map((e) => e.entry);
}

function list(sb, webhook, isCampaign, r, res, kit) {
	const perPage = r.query.per_page === undefined ? 25 : Number(r.query.per_page);
	const page = r.query.page === undefined ? 1 : Number(r.query.page);
	const errors = {};
	if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) errors.per_page = ['The per page must be between 1 and 100.'];
	if (!Number.isInteger(page) || page < 1) errors.page = ['The page must be at least 1.'];
	if (Object.keys(errors).length) return kit.validationFailed(res, errors);
	const entries = newestFirst(sb.webhookLogs.filter((e) => e.webhook_id === webhook.id));
	const total = entries.length;
	const pagination = { current_page: page, per_page: perPage, total, last_page: Math.max(1, Math.ceil(total / perPage)) };
	if (isCampaign && sb.campaignLogPaging === 'noLastPage') delete pagination.last_page;
	const data = entries.slice((page - 1) * perPage, page * perPage).map((entry) => shown(sb, entry));
	return kit.sendJson(res, 200, { success: true, data, pagination });
}

function retry(sb, webhook, logId, isCampaign, res, kit) {
	const original = sb.webhookLogs.find((e) => e.id === logId && e.webhook_id === webhook.id);
	if (!original) return kit.sendJson(res, 404, { success: false, message: 'Log not found.' });
	const tooOld = sb.now() - Date.parse(original.created_at) > RETENTION_MS;
	if (original.status === 'success' || webhook.enabled === false || tooOld) {
		return kit.sendJson(res, 422, { success: false, message: 'Log cannot be retried', code: 'LOG_NOT_RETRIABLE' });
	}
	// The new attempt is logged at once (pending: "queued for delivery"), then delivered to the webhook's
	// current URL and headers ("Retries respect the webhook's current configuration").
	const entry = begin(sb, webhook.id, original.request_payload, { attempt: original.attempt + 1, event: original.event });
	const data = { log_id: entry.id, original_log_id: original.id };
	if (isCampaign) kit.sendJson(res, 200, { success: true, message: 'Webhook retry queued', data });
	else kit.sendJson(res, 200, { success: true, message: 'Webhook retry queued successfully', data: { ...data, queued_at: isoAt(sb.now()) } });
	const pending = sb.pendingRetries;
	const done = new Promise((resolve) => setImmediate(resolve))
		.then(() => sb.deliver(webhook.id, original.request_payload, { logEntry: entry }))
		.catch(() => undefined)
		.finally(() => pending.delete(done));
	pending.add(done);
	return undefined;
}

function route(sb, r, res, segments, kit) {
	const [resource, parentId, webhooks, webhookId, logs, logId, action] = segments;
	if ((resource !== 'agents' && resource !== 'campaigns') || webhooks !== 'webhooks' || webhookId === undefined || logs !== 'logs') return false;
	const isList = segments.length === 5;
	const isRetry = segments.length === 7 && action === 'retry';
	if (!isList && !isRetry) return false;
	if (!kit.authorized(r, res, sb.tokens)) return true;
	const isCampaign = resource === 'campaigns';
	const parent = isCampaign ? sb.campaigns.find((c) => c.id === parentId) : sb.agents.find((a) => a.id === parentId);
	if (!parent) {
		kit.sendJson(res, 404, { success: false, message: isCampaign ? 'Campaign not found' : 'Agent not found' });
		return true;
	}
	const found = webhookById(sb, webhookId);
	const webhook = found && (isCampaign ? found.campaign_id : found.agent_id) === parent.id ? found : undefined;
	if (!webhook) {
		kit.sendJson(res, 404, { success: false, message: 'Webhook not found.' });
		return true;
	}
	if (r.method !== (isList ? 'GET' : 'POST')) {
		kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
		return true;
	}
	if (isList) list(sb, webhook, isCampaign, r, res, kit);
	else retry(sb, webhook, logId, isCampaign, res, kit);
	return true;
}

/** Resolves once every queued retry has ended (retries queued meanwhile included). */
async function retriesSettled(sb) {
	while (sb.pendingRetries.size) await Promise.all([...sb.pendingRetries]);
}

module.exports = { reset, route, begin, settle, logDelivery, retriesSettled, webhookById, STATUSES };
