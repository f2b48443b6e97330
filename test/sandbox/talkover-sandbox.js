'use strict';
/**
 * A local stand-in for the Talkover REST API, for tests and the dev environment only (never shipped:
 * package.json "files" holds only dist/).
 *
 * It implements the endpoints the node uses with the validation rules, status codes and error bodies
 * of the API reference in ../shared/talkover-api/, records every request it receives exactly as it
 * arrived (raw path, so `%2B` stays visible), and injects faults on demand.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { openapiRewrite } = require('./openapi');

const LANGUAGES = ['pt-BR', 'pt-PT', 'en-US', 'en-CA', 'es-ES', 'fr-FR', 'de-DE', 'it-IT', 'nl-NL', 'ja-JP', 'ko-KR', 'zh-TW'];
const FLOW_NODE_TYPES = ['say', 'ask', 'decision', 'action', 'transfer', 'end'];
const ACTIVE_STATUSES = ['initiated', 'ringing', 'answered'];

const SEED_PHONE_NUMBERS = [
	{ id: '7d1f3c2a-1111-4a5b-9c6d-000000000001', number: '+15550001111', country_code: 'US', formatted_number: '(555) 000-1111', international_number: '+1 555 000 1111', type: 'voice', has_voice: true, has_sms: true, has_mms: false, has_fax: false, has_whatsapp: false, current_status: 'active', is_sandbox: true },
	{ id: '7d1f3c2a-2222-4a5b-9c6d-000000000002', number: '+15550002222', country_code: 'US', formatted_number: '(555) 000-2222', international_number: '+1 555 000 2222', type: 'voice', has_voice: true, has_sms: false, has_mms: false, has_fax: false, has_whatsapp: true, current_status: 'active', is_sandbox: true },
	{ id: '7d1f3c2a-3333-4a5b-9c6d-000000000003', number: '+5511912345678', country_code: 'BR', formatted_number: '(11) 91234-5678', international_number: '+55 11 91234-5678', type: 'whatsapp', has_voice: false, has_sms: false, has_mms: false, has_fax: false, has_whatsapp: true, current_status: 'pending', is_sandbox: true },
];

/** `available_events` of List Agent Webhooks, as its page shows. */
const WEBHOOK_EVENTS = {
	event_phone_call_started: 'Phone call has started',
	event_phone_call_ended: 'Phone call has ended',
	event_phone_call_did_not_connect: 'Phone call failed to connect',
	event_phone_call_connected: 'Phone call connection established',
	event_phone_call_disconnected: 'Phone call connection closed',
	event_phone_call_error: 'Phone call connection error occurred',
	event_participant_joined: 'Participant joined the call',
	event_participant_left: 'Participant left the call',
	event_voicemail_detected: 'Voicemail system detected',
	event_voicemail_message_left: 'Message left on voicemail',
	event_conversation_started: 'Human conversation started',
	event_conversation_ended: 'Human conversation ended',
	event_action: 'Agent executed an action',
	event_action_failed: 'Agent action failed',
	event_recording: 'Call recording event',
	event_connection_established: 'Call connection established',
	event_connection_closed: 'Call connection closed',
	event_connection_error: 'Call connection error occurred',
	event_user_connected: 'User connected to the call',
	event_user_disconnected: 'User disconnected from the call',
	event_client_connected: 'Client connected to the call',
	event_client_disconnected: 'Client disconnected from the call',
};

const SEED_AGENTS = [
	{ id: '550e8400-e29b-41d4-a716-446655440000', name: 'SupportBot', label: 'Customer Support Agent', direction: 'inbound', current_status: 'published' },
	{ id: '550e8400-e29b-41d4-a716-446655440001', name: 'SalesBot', label: 'Sales Agent', direction: 'outbound', current_status: 'published' },
	{ id: '550e8400-e29b-41d4-a716-446655440002', name: 'SurveyBot', label: 'Survey Agent', direction: 'outbound', current_status: 'draft' },
];

const SEED_ACTIVE_CALL = { agentIndex: 1, to: '+15551234567', status: 'answered' };

function now() {
	return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fullAgent(partial) {
	return {
		id: partial.id,
		name: partial.name,
		label: partial.label,
		description: partial.description ?? null,
		language: partial.language ?? 'en-US',
		voice: null,
		initial_message: partial.initial_message ?? null,
		interrupt_sensitivity: partial.interrupt_sensitivity ?? 'medium',
		conversation_speed: partial.conversation_speed ?? 1.0,
		initial_message_delay: partial.initial_message_delay ?? 0,
		ask_if_human_present_on_idle: partial.ask_if_human_present_on_idle ?? false,
		direction: partial.direction,
		who_speaks_first: partial.who_speaks_first ?? 'agent',
		current_status: partial.current_status ?? 'draft',
		conversation_mode: partial.conversation_mode ?? 'llm_driven',
		flow_config: partial.flow_config ?? null,
		is_sandbox: true,
		is_ready_to_publish: false,
		created_at: partial.created_at ?? now(),
		updated_at: partial.updated_at ?? now(),
		trainings: [],
		actions: [],
		phone_numbers: partial.phone_numbers ?? [],
	};
}

function sendJson(res, status, body, headers = {}) {
	// answerShape 'openapi': the success answers of openapi.json's routes in its shapes (openapi.js).
	if (res.openapiRewrite) ({ status, body } = res.openapiRewrite(status, body));
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	res.end(text);
}

// ---- validation helpers (Laravel-style messages, as the reference shows) ----
function humanize(field) {
	return field.replace(/_/g, ' ');
}

class Validator {
	constructor(body) {
		this.body = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
		this.errors = {};
	}
	add(field, message) {
		(this.errors[field] = this.errors[field] || []).push(message);
	}
	has(field) {
		return this.body[field] !== undefined && this.body[field] !== null;
	}
	required(field) {
		if (!this.has(field) || this.body[field] === '') {
			this.add(field, `The ${humanize(field)} field is required.`);
			return false;
		}
		return true;
	}
	string(field, { required = false, max = 255 } = {}) {
		if (required && !this.required(field)) return;
		if (!this.has(field)) return;
		const v = this.body[field];
		if (typeof v !== 'string') this.add(field, `The ${humanize(field)} must be a string.`);
		// Laravel's max: counts characters with mb_strlen: Unicode code points, not UTF-16 units.
		else if ([...v].length > max) this.add(field, `The ${humanize(field)} may not be greater than ${max} characters.`);
	}
	enumOf(field, values, { required = false } = {}) {
		if (required && !this.required(field)) return;
		if (!this.has(field)) return;
		if (!values.includes(this.body[field])) this.add(field, `The selected ${humanize(field)} is invalid.`);
	}
	number(field, min, max, { required = false, integer = false } = {}) {
		if (required && !this.required(field)) return;
		if (!this.has(field)) return;
		const v = this.body[field];
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			this.add(field, `The ${humanize(field)} must be ${integer ? 'an integer' : 'a number'}.`);
		} else if (integer && !Number.isInteger(v)) {
			this.add(field, `The ${humanize(field)} must be an integer.`);
		} else if (v < min || v > max) {
			this.add(field, `The ${humanize(field)} must be between ${min} and ${max}.`);
		}
	}
	boolean(field, { required = false } = {}) {
		if (required && !this.required(field)) return;
		if (!this.has(field)) return;
		if (typeof this.body[field] !== 'boolean') this.add(field, `The ${humanize(field)} field must be true or false.`);
	}
	get ok() {
		return Object.keys(this.errors).length === 0;
	}
}

function validationFailed(res, errors) {
	sendJson(res, 422, { success: false, message: 'The given data was invalid.', errors });
}

/** Answers 401 (in the documented shapes) unless the request carries one of the `accepted` bearer tokens. */
function authorized(r, res, accepted) {
	const auth = r.headers.authorization;
	if (!auth) {
		sendJson(res, 401, { error: 'MISSING_TOKEN', message: 'Authorization header is required', status_code: 401 });
		return false;
	}
	const token = /^Bearer (.+)$/.exec(auth)?.[1];
	if (!token || !accepted.has(token)) {
		sendJson(res, 401, { success: false, message: 'Unauthenticated.' });
		return false;
	}
	return true;
}

/** What the endpoint modules share with this file. */
const KIT = { sendJson, Validator, validationFailed, authorized, now, humanize, LANGUAGES };
/** Endpoint modules, each `{ reset(sandbox, options), route(sandbox, r, res, segments, kit) → true if it answered }`. */
// webhookLogs first: campaigns.js answers every `campaigns/...` route, the logs' included.
const MODULES = ['./webhookLogs', './campaigns', './calendars', './voices', './credits', './actions', './pricing'].map((m) => require(m));
const webhookLogs = require('./webhookLogs');

/**
 * The request check (contract.js): every request is checked against openapi.json and the pages as it
 * arrives. One instance for all sandboxes of a process (its validators are compiled once).
 */
let contract;
function requestContract() {
	if (!contract) {
		const { RequestContract } = require('./contract');
		contract = new RequestContract();
	}
	return contract;
}

class TalkoverSandbox {
	/**
	 * @param {object} [options]
	 * @param {string[]} [options.tokens] accepted bearer tokens
	 * @param {'meta'|'pagination'} [options.pagingShape] which paging object list responses carry
	 */
	constructor(options = {}) {
		this.options = options;
		/** The sandbox's time (ms since epoch): its rate-limit windows and `at` of each request. Tests pass the node's clock. */
		this.now = options.now ?? (() => Date.now());
		this.tokens = new Set(options.tokens ?? ['talq_test_token']);
		/**
		 * Answer a request that Talkover's documents do not describe with 400 and the rule it breaks (the
		 * e2e runs: TALKOVER_SANDBOX_STRICT=1, set by jest.e2e.config.js), instead of only recording it.
		 */
		this.strictRequests = options.strictRequests ?? process.env.TALKOVER_SANDBOX_STRICT === '1';
		this.requests = [];
		this.faults = [];
		this.server = null;
		this.port = 0;
		this.reset();
	}

	/** Restores the seeded state and the constructor's options, and forgets requests and pending faults. */
	reset() {
		const options = this.options;
		/** Origins Talkover reaches at another address (origin → origin), as a public name n8n itself cannot reach. */
		this.routes = new Map();
		/** Paging object of List Agents (`meta`, as its page and openapi show) … */
		this.pagingShape = options.pagingShape ?? 'meta';
		/** … of List Calls (`pagination`, as its page shows) … */
		this.callsPagingShape = options.callsPagingShape ?? 'pagination';
		/** … and of List Phone Numbers (undocumented: `none` sends the whole list). */
		this.phoneNumbersPagingShape = options.phoneNumbersPagingShape ?? 'none';
		/** List Calls honours `to` only if true: Get Active's page mentions it, List Calls' page does not. */
		this.callsToFilter = options.callsToFilter ?? false;
		/**
		 * Whether a delayed call (`delay_seconds`) is listed before it dials: no page says. True (default): from when
		 * it is placed; false: only once its delay has passed.
		 */
		this.listsDelayedCalls = options.listsDelayedCalls ?? true;
		/** Status of Validate Flow for an invalid flow (undocumented; the body is {success:false, errors}). */
		this.invalidFlowStatus = options.invalidFlowStatus ?? 422;
		/**
		 * `pages` (default): every answer in the pages' shapes. `openapi`: openapi.json's routes answer in
		 * its shapes (bare records, `{data, meta}`, 204 deletes, voice groups with `templates`; openapi.js).
		 */
		this.answerShape = options.answerShape ?? 'pages';
		this.requests = [];
		this.faults = [];
		/** Requests that Talkover's documents do not describe: `{ method, path, rule, where, field, message }` (contract.js). */
		this.violations = [];
		/** Requests seen per endpoint, keyed "METHOD /raw/path" (query not included). */
		this.counts = new Map();
		/** Webhooks of all agents (the webhook_secret is kept but never returned). */
		this.webhooks = [];
		/** Every delivery the sandbox made: { webhookId, url, headers, body, status, responseBody }. */
		this.deliveries = [];
		/** Requests being answered now, and the most at once since the last reset. */
		this.inFlight = 0;
		this.maxInFlight = 0;
		/** Requests answered 429 by the rate limit. */
		this.rateLimited = 0;
		this.setRateLimit(options.rateLimit ?? null);
		/** Wait this long before answering every request (simulated network and server time). */
		this.latencyMs = options.latencyMs ?? 0;
		/** ± share of latencyMs, uniformly at random (0.3: 70 % … 130 % of it). */
		this.latencyJitter = options.latencyJitter ?? 0;
		this.phoneNumbers = SEED_PHONE_NUMBERS.map((p) => ({ ...p, created_at: '2026-01-15T10:30:00Z', updated_at: '2026-01-15T10:30:00Z' }));
		this.agents = SEED_AGENTS.map((a) => fullAgent({ ...a, created_at: '2026-01-15T10:30:00Z', updated_at: '2026-01-15T10:30:00Z' }));
		this.agents[1].phone_numbers = [this.phoneSummary(this.phoneNumbers[0])];
		const agent = this.agents[SEED_ACTIVE_CALL.agentIndex];
		this.calls = [
			{ id: 'c0ffee00-0000-4000-8000-000000000001', agent_id: agent.id, to: SEED_ACTIVE_CALL.to, status: SEED_ACTIVE_CALL.status, started_at: '2026-01-15T11:00:00Z', duration_seconds: 42 },
		];
		const history = [
			[0, '+15557654321', 'inbound', 'completed', '2026-01-10T09:00:00Z', 120],
			[1, '+15551234567', 'outbound', 'completed', '2026-01-12T15:30:00Z', 95],
			[1, '+442079460958', 'outbound', 'no-answer', '2026-01-13T08:00:00Z', 0],
			[1, '+15551234567', 'outbound', 'busy', '2026-01-14T10:00:00Z', 0],
		];
		history.forEach(([a, to, direction, status, at, duration], i) => {
			this.calls.push({ id: `c0ffee00-0000-4000-8000-00000000010${i}`, agent_id: this.agents[a].id, to, status, direction, started_at: at, created_at: at, duration_seconds: duration });
		});
		/** Credits left; a non-test call costs one, and 0 answers 402. */
		this.credits = Infinity;
		this.agents[2].is_ready_to_publish = false;
		for (const a of this.agents.slice(0, 2)) a.is_ready_to_publish = true;
		this.flowVersions = new Map([[this.agents[0].id, [{ id: 'a1b2c3d4-0000-4000-8000-000000000001', version: '1.0.0', created_at: '2026-01-05T09:00:00Z', is_current: true }]]]);
		for (const m of MODULES) m.reset(this, options);
	}

	// ---- webhooks (list-agent-webhooks, create-webhook, get, delete, test-webhook) ----

	publicWebhook(w) {
		const shown = { ...w, events_count: w.events.length, status: w.enabled ? 'active' : 'disabled' };
		delete shown.webhook_secret;
		return shown;
	}

	routeWebhooks(agent, webhookId, action, r, res) {
		if (webhookId === undefined) {
			if (r.method === 'GET') {
				const webhooks = [...this.seededWebhooks, ...this.webhooks].filter((w) => w.agent_id === agent.id).map((w) => this.publicWebhook(w));
				return sendJson(res, 200, { success: true, data: { webhooks, available_events: WEBHOOK_EVENTS } });
			}
			if (r.method === 'POST') return this.createWebhook(agent, r, res);
			return this.methodNotAllowed(res);
		}
		const webhook = this.webhooks.find((w) => w.id === webhookId && w.agent_id === agent.id);
		if (!webhook) return sendJson(res, 404, { success: false, message: 'Webhook not found.' });
		if (action === undefined && r.method === 'GET') return sendJson(res, 200, { success: true, data: this.publicWebhook(webhook) });
		if (action === undefined && r.method === 'DELETE') {
			this.webhooks = this.webhooks.filter((w) => w !== webhook);
			return sendJson(res, 200, { success: true, message: 'Webhook deleted successfully' });
		}
		// update-webhook.mdx: every field optional, only those given change.
		if (action === undefined && r.method === 'PUT') {
			const body = r.body ?? {};
			const v = new Validator(body);
			v.string('name', { max: 255 });
			if (!v.ok) return validationFailed(res, v.errors);
			for (const key of ['name', 'webhook_url', 'events', 'timeout', 'max_retries', 'enabled', 'custom_headers']) if (body[key] !== undefined) webhook[key] = body[key];
			webhook.updated_at = now();
			return sendJson(res, 200, { success: true, message: 'Webhook updated successfully', data: this.publicWebhook(webhook) });
		}
		if (action === 'test' && r.method === 'POST') {
			const started = Date.now();
			const payload = { event: 'webhook.test', agent_id: agent.id, agent_name: agent.name, webhook_id: webhook.id, webhook_name: webhook.name, timestamp: new Date().toISOString(), test: true };
			this.deliver(webhook.id, payload).then(
				(d) => sendJson(res, 200, { success: true, message: 'Test webhook sent successfully', data: { status_code: d.status, response_time: Date.now() - started } }),
				(e) => sendJson(res, 200, { success: false, message: `Webhook test failed: ${e.message}` }),
			);
			return undefined;
		}
		return this.notFound(res);
	}

	createWebhook(agent, r, res) {
		const body = r.body ?? {};
		const v = new Validator(body);
		v.string('name', { required: true, max: 255 });
		if (v.required('webhook_url')) {
			let valid = typeof body.webhook_url === 'string' && body.webhook_url.length <= 500;
			try {
				new URL(body.webhook_url);
			} catch {
				valid = false;
			}
			if (!valid) v.add('webhook_url', 'The webhook url must be a valid URL.');
		}
		v.string('webhook_secret', { max: 255 });
		if (!Array.isArray(body.events) || body.events.length === 0) v.add('events', 'The events field is required.');
		else for (const e of body.events) if (!(e in WEBHOOK_EVENTS)) v.add('events', `The selected event ${e} is invalid.`);
		if (body.custom_headers !== undefined) {
			const ok = Array.isArray(body.custom_headers) && body.custom_headers.every((h) => h && typeof h.key === 'string' && typeof h.value === 'string');
			if (!ok) v.add('custom_headers', 'Each custom header needs a key and a value.');
		}
		if (!v.ok) return validationFailed(res, v.errors);
		const at = now();
		const webhook = {
			id: crypto.randomUUID(),
			agent_id: agent.id,
			name: body.name,
			webhook_url: body.webhook_url,
			webhook_secret: body.webhook_secret,
			events: body.events,
			custom_headers: body.custom_headers ?? [],
			timeout: body.timeout ?? 30,
			max_retries: body.max_retries ?? 3,
			enabled: body.enabled ?? true,
			http_method: body.http_method ?? 'POST',
			created_at: at,
			updated_at: at,
		};
		this.webhooks.push(webhook);
		return sendJson(res, 201, { success: true, message: 'Webhook created successfully', data: this.publicWebhook(webhook) });
	}

	/**
	 * Sends an event to a webhook's URL as Talkover would: its custom headers, JSON body. `headers`
	 * overrides or removes (undefined) headers, to test deliveries that are not Talkover's: those are not in
	 * Talkover's delivery log. Every other delivery is logged in webhookLogs (webhookLogs.js; `logEntry`: the
	 * entry a retry logged when it was queued); a fetch that throws (nothing listens) is logged `failed` and
	 * still throws. `event`: the event the log entry names when the body names none (the log page's
	 * `request_payload`, `{"call_id", "duration"}`, is such a body).
	 * @returns {Promise<{status: number, body: string}>}
	 */
	async deliver(webhookId, payload, { headers = {}, logEntry, event } = {}) {
		const webhook = webhookLogs.webhookById(this, webhookId);
		if (!webhook) throw new Error(`no webhook ${webhookId}`);
		const all = { 'Content-Type': 'application/json', 'User-Agent': 'Talkover-Webhook/1.0' };
		for (const h of webhook.custom_headers) all[h.key] = h.value;
		for (const [k, value] of Object.entries(headers)) {
			for (const key of Object.keys(all)) if (key.toLowerCase() === k.toLowerCase()) delete all[key];
			if (value !== undefined) all[k] = value;
		}
		const talkovers = Object.keys(headers).length === 0;
		const entry = logEntry ?? (talkovers ? webhookLogs.begin(this, webhookId, payload, { event }) : undefined);
		const started = performance.now();
		let response;
		let text;
		try {
			response = await fetch(this.reached(webhook.webhook_url), { method: webhook.http_method, headers: all, body: JSON.stringify(payload) });
			text = await response.text();
		} catch (error) {
			if (entry) webhookLogs.settle(this, entry, { error, durationMs: performance.now() - started });
			throw error;
		}
		if (entry) webhookLogs.settle(this, entry, { response, text, durationMs: performance.now() - started });
		this.deliveries.push({ webhookId, url: webhook.webhook_url, headers: all, body: payload, status: response.status, responseBody: text });
		return { status: response.status, body: text };
	}

	/** The address Talkover's deliveries to `url` reach: through `routes` (an origin only the outside resolves), else `url`. */
	reached(url) {
		const parsed = new URL(url);
		const to = this.routes.get(parsed.origin);
		return to === undefined ? url : `${to}${parsed.pathname}${parsed.search}`;
	}

	/**
	 * A call event as Talkover sends it: to every enabled webhook of the call's agent subscribed to the event
	 * (the pages do not say how events fan out: every subscribed webhook gets each event), all at once. The
	 * body is the log page's `request_payload` shape (`call_id`, `duration`) with the event's name and
	 * `fields`; `named: false`: without the event's name, as the log page shows the body (its log entry names
	 * the event). Resolves with each webhook's answer (a failed fetch: `{ webhookId, error }`).
	 * @returns {Promise<Array<{ webhookId: string, status?: number, body?: string, error?: string }>>}
	 */
	async emitCallEvent(callId, event, fields = {}, { named = true } = {}) {
		const call = this.calls.find((c) => c.id === callId);
		if (!call) throw new Error(`no call ${callId}`);
		const payload = named ? { event, call_id: call.id, agent_id: call.agent_id, to: call.to, ...fields } : { call_id: call.id, ...fields };
		const hooks = [...this.seededWebhooks, ...this.webhooks].filter((w) => w.agent_id === call.agent_id && w.enabled !== false && w.events.includes(event));
		return await Promise.all(
			hooks.map((w) =>
				this.deliver(w.id, payload, { event }).then(
					(d) => ({ webhookId: w.id, status: d.status, body: d.body }),
					(e) => ({ webhookId: w.id, error: String(e && e.message) }),
				),
			),
		);
	}

	/**
	 * Ends a call (its status, duration) and sends `event_phone_call_ended` with `status`, `duration` and
	 * `ended_reason` (or `event_phone_call_did_not_connect` when `connected` is false).
	 */
	async endCallWithEvent(callId, { status = 'completed', duration = 42, endedReason = 'customer_hangup', connected = true, named = true } = {}) {
		const call = this.calls.find((c) => c.id === callId);
		if (!call) throw new Error(`no call ${callId}`);
		call.status = status;
		call.duration_seconds = duration;
		call.ended_at = now();
		const event = connected ? 'event_phone_call_ended' : 'event_phone_call_did_not_connect';
		return await this.emitCallEvent(callId, event, named ? { status, duration, ended_reason: endedReason } : { duration }, { named });
	}

	/** Logs a delivery without sending anything (webhookLogs.js): e.g. events that failed while n8n was down. */
	logDelivery(webhookId, payload, options) {
		return webhookLogs.logDelivery(this, webhookId, payload, options);
	}

	/** Resolves once every retry queued by Retry (Campaign) Webhook Delivery has been delivered or failed. */
	retriesSettled() {
		return webhookLogs.retriesSettled(this);
	}

	/** A call as List Calls shows it. */
	listedCall(c) {
		const agent = this.agents.find((a) => a.id === c.agent_id);
		return {
			id: c.id,
			sid: `CA${c.id.replace(/-/g, '').slice(0, 30)}`,
			to: c.to,
			from: '+15550001111',
			is_testing: c.is_testing ?? false,
			direction: c.direction ?? 'outbound',
			status: c.status,
			duration: c.duration_seconds ?? 0,
			agent: agent ? { id: agent.id, name: agent.name, label: agent.label } : null,
			created_at: c.created_at ?? c.started_at,
			updated_at: c.updated_at ?? c.created_at ?? c.started_at,
		};
	}

	phoneSummary(p) {
		return { id: p.id, number: p.number, country_code: p.country_code, formatted_number: p.formatted_number, current_status: p.current_status };
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/**
	 * Queues a fault for the next request(s) that match.
	 * @param {object} fault
	 * @param {string} [fault.method] only requests with this method
	 * @param {string|RegExp} [fault.path] only requests whose raw path (without query) equals/matches
	 * @param {number} [fault.status] respond with this status instead of handling the request
	 * @param {object|string} [fault.body] the response body (a string is sent as is: malformed JSON, HTML)
	 * @param {object} [fault.headers] extra response headers
	 * @param {number} [fault.delayMs] wait before responding (or before handling, without status)
	 * @param {(request: object) => Promise<unknown>} [fault.until] wait for this promise before responding (or handling)
	 * @param {boolean} [fault.destroy] close the socket without answering
	 * @param {number} [fault.times] how many requests it applies to (default 1)
	 * @param {(request: object) => boolean} [fault.when] only requests for which this returns true
	 * @param {string} [fault.contentType] Content-Type of the fault's response (default application/json)
	 * @param {string} [fault.partial] answer with the status and headers, send this much of a body, then
	 *   close the socket (a connection dropped mid-answer)
	 * @param {(request: object) => {status: number, body?: unknown, headers?: object}} [fault.reply]
	 *   computes the response from the request (a server that behaves oddly on every page, a huge list)
	 * @param {(request: object) => Promise<unknown>} [fault.before] awaited before the fault answers
	 *   (e.g. other executions run meanwhile)
	 */
	inject(fault) {
		this.faults.push({ times: 1, ...fault });
	}

	/**
	 * A fixed-window rate limit like Talkover's (null: none). Windows are aligned to multiples of
	 * `windowMs` since the epoch, so a reset time in whole seconds is exact.
	 * @param {object|null} limit
	 * @param {number} limit.limit requests per window
	 * @param {number} limit.windowMs window length (the real API: 60,000)
	 * @param {'epoch-seconds'|'epoch-ms'|'delta-seconds'|'http-date'} [limit.resetFormat] X-RateLimit-Reset (undocumented format; default epoch-seconds)
	 * @param {Array<'retry-after-seconds'|'retry-after-date'|'body'>} [limit.hints] retry hints on a 429 (default seconds header and body)
	 * @param {boolean} [limit.headers] send X-RateLimit-* headers (default true)
	 */
	setRateLimit(limit) {
		this.rateLimit = limit ? { resetFormat: 'epoch-seconds', hints: ['retry-after-seconds', 'body'], headers: true, ...limit } : null;
		this.window = { start: 0, used: 0 };
	}

	/** Checks a recorded request against Talkover's documents; records and returns its violations. */
	checkRequest(record) {
		let found;
		try {
			found = requestContract().violations(record);
		} catch (error) {
			found = [{ rule: 'checker', where: 'request', field: '', message: `request check failed: ${error.message}` }];
		}
		const violations = found.map((v) => ({ method: record.method, path: record.path, ...v }));
		this.violations.push(...violations);
		if (violations.length && process.env.TALKOVER_SANDBOX_VIOLATIONS_LOG) {
			require('node:fs').appendFileSync(process.env.TALKOVER_SANDBOX_VIOLATIONS_LOG, violations.map((v) => `${JSON.stringify({ test: globalThis.expect?.getState?.().currentTestName, ...v })}\n`).join(''));
		}
		return violations;
	}

	/** How many requests the sandbox saw for one method and raw path. */
	count(method, path) {
		return this.counts.get(`${method} ${path}`) ?? 0;
	}

	/** Applies the rate limit to one request: its headers, and whether it is over the limit. */
	limitRequest() {
		const limit = this.rateLimit;
		if (!limit) return { headers: {}, over: false };
		const nowMs = this.now();
		const start = Math.floor(nowMs / limit.windowMs) * limit.windowMs;
		if (start !== this.window.start) this.window = { start, used: 0 };
		this.window.used += 1;
		const over = this.window.used > limit.limit;
		const end = start + limit.windowMs;
		const resetText = {
			'epoch-seconds': String(Math.ceil(end / 1000)),
			'epoch-ms': String(end),
			'delta-seconds': String(Math.ceil((end - nowMs) / 1000)),
			'http-date': new Date(Math.ceil(end / 1000) * 1000).toUTCString(),
		}[limit.resetFormat];
		const headers = limit.headers
			? {
					'X-RateLimit-Limit': String(limit.limit),
					'X-RateLimit-Remaining': String(Math.max(0, limit.limit - this.window.used)),
					'X-RateLimit-Reset': resetText,
				}
			: {};
		const waitSeconds = Math.max(0, Math.ceil((end - nowMs) / 1000));
		if (over) {
			if (limit.hints.includes('retry-after-seconds')) headers['Retry-After'] = String(waitSeconds);
			if (limit.hints.includes('retry-after-date')) headers['Retry-After'] = new Date(Math.ceil(end / 1000) * 1000).toUTCString();
		}
		return { headers, over, waitSeconds };
	}

	/** Recorded requests, optionally only those of one method and raw path (string or RegExp). */
	requestsTo(method, path) {
		return this.requests.filter(
			(r) => (!method || r.method === method) && (!path || (typeof path === 'string' ? r.path === path : path.test(r.path))),
		);
	}

	async start(port = 0) {
		await requestContract().ready;
		this.server = http.createServer((req, res) => this.handle(req, res));
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', resolve);
		});
		this.port = this.server.address().port;
		return this;
	}

	async stop() {
		if (!this.server) return;
		const server = this.server;
		this.server = null;
		server.closeAllConnections?.();
		await new Promise((resolve) => server.close(() => resolve()));
	}

	takeFault(record) {
		const { method, path } = record;
		const i = this.faults.findIndex(
			(f) =>
				(!f.method || f.method === method) &&
				(!f.path || (typeof f.path === 'string' ? f.path === path : f.path.test(path))) &&
				(!f.when || f.when(record)),
		);
		if (i === -1) return undefined;
		const fault = this.faults[i];
		fault.times -= 1;
		if (fault.times <= 0) this.faults.splice(i, 1);
		return fault;
	}

	handle(req, res) {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const [path, query = ''] = (req.url ?? '/').split('?');
			let body;
			if (rawBody) {
				try {
					body = JSON.parse(rawBody);
				} catch {
					body = undefined;
				}
			}
			// The server's clock is the sandbox's (a test's clock, when it has one): its Date header says so.
			res.setHeader('Date', new Date(this.now()).toUTCString());
			const record = {
				/** When the request arrived (ms since epoch). */
				at: this.now(),
				method: req.method,
				path,
				query: Object.fromEntries(new URLSearchParams(query)),
				rawQuery: query,
				headers: req.headers,
				body,
				rawBody,
			};
			this.requests.push(record);
			const violations = this.checkRequest(record);
			if (violations.length && this.strictRequests) {
				sendJson(res, 400, {
					success: false,
					message: `Sandbox (strict): this request is not what Talkover documents: ${violations.map((v) => v.message).join('; ')}`,
					violations,
				});
				return;
			}
			this.inFlight += 1;
			this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
			res.once('close', () => {
				this.inFlight -= 1;
			});
			const key = `${record.method} ${path}`;
			this.counts.set(key, (this.counts.get(key) ?? 0) + 1);

			const limited = this.limitRequest();
			for (const [name, value] of Object.entries(limited.headers)) res.setHeader(name, value);
			if (this.latencyMs) {
				const jitter = this.latencyJitter;
				await new Promise((r) => setTimeout(r, this.latencyMs * (1 - jitter + 2 * jitter * Math.random())));
			}
			if (limited.over) {
				this.rateLimited += 1;
				const details = this.rateLimit.hints.includes('body') ? { retry_after: limited.waitSeconds } : {};
				sendJson(res, 429, { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded. Please wait before making more requests.', details } });
				return;
			}

			const fault = this.takeFault(record);
			if (fault?.before) await fault.before(record);
			if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
			if (fault?.until) await fault.until(record);
			if (fault?.destroy) {
				req.socket.destroy();
				return;
			}
			if (fault?.trickleMs) {
				// A 200 whose body comes one byte every trickleMs (and never ends if the client waits).
				res.writeHead(fault.status ?? 200, { 'Content-Type': 'application/json' });
				const text = JSON.stringify(fault.body ?? { success: true, data: {} }) + ' '.repeat(1e6);
				let i = 0;
				const drip = () => {
					if (res.destroyed) return;
					if (i >= text.length) {
						res.end();
						return;
					}
					res.write(text[i++]);
					setTimeout(drip, fault.trickleMs);
				};
				drip();
				return;
			}
			const reply = fault?.reply ? fault.reply(record) : fault;
			if (fault?.partial !== undefined) {
				res.writeHead(reply.status ?? 200, { 'Content-Type': fault.contentType ?? 'application/json', 'Content-Length': '100000', ...reply.headers });
				res.write(fault.partial, () => setTimeout(() => req.socket.destroy(), 20));
				return;
			}
			if (reply?.status) {
				const headers = fault.contentType ? { ...reply.headers, 'Content-Type': fault.contentType } : reply.headers;
				sendJson(res, reply.status, reply.body ?? '', headers);
				return;
			}
			try {
				if (this.answerShape === 'openapi') res.openapiRewrite = openapiRewrite(record);
				this.route(record, res);
			} catch (error) {
				sendJson(res, 500, { success: false, message: `Sandbox error: ${error.message}` });
			}
		});
	}

	/** The endpoint modules' kit, its `now` on the sandbox's clock (a test's, when it has one), as the calls it places. */
	kit() {
		return { ...KIT, now: () => new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
	}

	route(r, res) {
		if (r.method === 'GET' && r.path === '/api/v1/health') return sendJson(res, 200, { status: 'ok' });

		const segments = r.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
		if (segments[0] === 'api' && segments[1] === 'v1' && MODULES.some((m) => m.route(this, r, res, segments.slice(2), this.kit()))) return undefined;
		if (!authorized(r, res, this.tokens)) return undefined;
		if (segments[0] !== 'api' || segments[1] !== 'v1') return this.notFound(res);
		const [resource, id, sub, arg] = segments.slice(2);

		if (resource === 'agents') {
			if (id === undefined) {
				if (r.method === 'GET') return this.listAgents(r, res);
				if (r.method === 'POST') return this.createAgent(r, res);
				return this.methodNotAllowed(res);
			}
			const agent = this.agents.find((a) => a.id === id);
			if (!agent) {
				// Make a Call documents its own 404 shape; the agent pages use {success:false,message}.
				if (sub === 'call') return sendJson(res, 404, { error: { code: 'AGENT_NOT_FOUND', message: 'Voice agent not found', details: { agent_id: id } } });
				return sendJson(res, 404, { success: false, message: 'Agent not found' });
			}
			if (sub === undefined && r.method === 'GET') return sendJson(res, 200, { success: true, data: agent });
			if (sub === undefined && r.method === 'DELETE') return this.deleteAgent(agent, res);
			if ((sub === 'publish' || sub === 'unpublish') && r.method === 'POST') return this.setPublished(agent, sub === 'publish', res);
			if (sub === 'calling' && r.method === 'PUT') return this.updateCalling(agent, r, res);
			if (sub === 'flow' && arg === undefined && r.method === 'PUT') return this.updateFlow(agent, r, res);
			if (sub === 'flow' && arg === undefined && r.method === 'GET') return sendJson(res, 200, { success: true, data: { conversation_mode: agent.conversation_mode, flow_config: agent.flow_config } });
			if (sub === 'flow' && arg === 'validate' && r.method === 'POST') return this.validateFlow(r, res);
			if (sub === 'flow' && arg === 'versions' && r.method === 'GET') return sendJson(res, 200, { success: true, data: { versions: this.flowVersions.get(agent.id) ?? [] } });
			if (sub === 'calls' && arg === undefined && r.method === 'GET') return this.listCalls(r, res, agent);
			if (sub === 'active-call' && arg !== undefined && r.method === 'GET') return this.activeCall(agent, arg, res);
			if (sub === 'call' && r.method === 'POST') return this.makeCall(agent, r, res);
			if (sub === 'end-call' && r.method === 'POST') return this.endCall(agent, r, res);
			if (sub === 'webhooks') return this.routeWebhooks(agent, arg, segments[6], r, res);
			return this.notFound(res);
		}
		if (resource === 'calls' && id === undefined && r.method === 'GET') return this.listCalls(r, res);
		if (resource === 'phone-numbers' && id === undefined && r.method === 'GET') return this.listPhoneNumbers(r, res);
		return this.notFound(res);
	}

	notFound(res) {
		sendJson(res, 404, { success: false, message: 'Not Found' });
	}

	methodNotAllowed(res) {
		sendJson(res, 405, { success: false, message: 'Method not allowed' });
	}

	page(items, r, shape = this.pagingShape) {
		const perPage = r.query.per_page === undefined ? 20 : Number(r.query.per_page);
		const page = r.query.page === undefined ? 1 : Number(r.query.page);
		const errors = {};
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) errors.per_page = ['The per page must be between 1 and 100.'];
		if (!Number.isInteger(page) || page < 1) errors.page = ['The page must be at least 1.'];
		if (Object.keys(errors).length) return { errors };
		const total = items.length;
		const lastPage = Math.max(1, Math.ceil(total / perPage));
		const paging = { current_page: page, per_page: perPage, total, last_page: lastPage };
		const data = items.slice((page - 1) * perPage, page * perPage);
		if (shape === 'pagination') Object.assign(paging, { from: data.length ? (page - 1) * perPage + 1 : null, to: data.length ? (page - 1) * perPage + data.length : null });
		return { data, [shape]: paging };
	}

	listAgents(r, res) {
		const errors = {};
		if (r.query.status !== undefined && !['draft', 'published'].includes(r.query.status)) errors.status = ['The selected status is invalid.'];
		if (r.query.direction !== undefined && !['inbound', 'outbound'].includes(r.query.direction)) errors.direction = ['The selected direction is invalid.'];
		if (Object.keys(errors).length) return validationFailed(res, errors);
		const search = (r.query.search ?? '').toLowerCase();
		const items = this.agents.filter(
			(a) =>
				(!r.query.status || a.current_status === r.query.status) &&
				(!r.query.direction || a.direction === r.query.direction) &&
				(!search || a.name.toLowerCase().includes(search) || a.label.toLowerCase().includes(search)),
		);
		const paged = this.page(items, r);
		if (paged.errors) return validationFailed(res, paged.errors);
		sendJson(res, 200, { success: true, ...paged });
	}

	checkPhoneNumberIds(v, ids) {
		if (ids === undefined || ids === null) return;
		if (!Array.isArray(ids)) return v.add('phone_number_ids', 'The phone number ids must be an array.');
		ids.forEach((id, i) => {
			if (!this.phoneNumbers.some((p) => p.id === id)) v.add(`phone_number_ids.${i}`, `The selected phone_number_ids.${i} is invalid.`);
		});
	}

	createAgent(r, res) {
		const v = new Validator(r.body);
		v.string('label', { required: true });
		v.string('name', { required: true });
		v.string('description', { max: 65535 });
		v.enumOf('language', LANGUAGES, { required: true });
		v.string('initial_message', { max: 65535 });
		v.enumOf('interrupt_sensitivity', ['low', 'medium', 'high'], { required: true });
		v.string('endpointing_sensitivity', { required: true });
		v.string('ivr_navigation_mode', { required: true });
		v.number('conversation_speed', 0.1, 3.0, { required: true });
		v.number('initial_message_delay', 0, 60, { required: true, integer: true });
		v.boolean('ask_if_human_present_on_idle', { required: true });
		// The field reference says 1-60, the 422 example says 1-300: the sandbox accepts the wider range,
		// so a test can show that the node's own 1-60 check is what stops 61.
		v.number('idle_time_seconds', 1, 300, { required: true, integer: true });
		v.number('max_idle_check_count', 1, 10, { integer: true });
		v.number('max_call_duration_seconds', 1, 3600, { integer: true });
		v.boolean('say_goodbye_on_max_duration');
		v.number('user_inactivity_timeout_seconds', 5, 120, { integer: true });
		v.number('initial_idle_time_seconds', 1, 60, { integer: true });
		v.number('initial_max_idle_check_count', 0, 10, { integer: true });
		v.number('llm_temperature', 0, 2, { required: true });
		v.boolean('enable_recording', { required: true });
		v.enumOf('direction', ['inbound', 'outbound'], { required: true });
		v.enumOf('who_speaks_first', ['agent', 'user'], { required: true });
		this.checkPhoneNumberIds(v, v.body.phone_number_ids);
		if (!v.ok) return validationFailed(res, v.errors);
		const { phone_number_ids: ids, ...fields } = v.body;
		const agent = fullAgent({
			...fields,
			id: crypto.randomUUID(),
			current_status: 'draft',
			phone_numbers: (ids ?? []).map((id) => this.phoneSummary(this.phoneNumbers.find((p) => p.id === id))),
		});
		this.agents.push(agent);
		sendJson(res, 201, { success: true, message: 'Agent created successfully', data: agent });
	}

	updateCalling(agent, r, res) {
		const v = new Validator(r.body);
		v.enumOf('direction', ['inbound', 'outbound'], { required: true });
		this.checkPhoneNumberIds(v, v.body.phone_number_ids);
		if (!v.ok) return validationFailed(res, v.errors);
		agent.direction = v.body.direction;
		if (v.body.phone_number_ids) {
			agent.phone_numbers = v.body.phone_number_ids.map((id) => this.phoneSummary(this.phoneNumbers.find((p) => p.id === id)));
		}
		agent.updated_at = now();
		sendJson(res, 200, {
			success: true,
			message: 'Agent calling settings updated successfully',
			data: { id: agent.id, name: agent.name, direction: agent.direction, current_status: agent.current_status, phone_numbers: agent.phone_numbers, updated_at: agent.updated_at },
		});
	}

	updateFlow(agent, r, res) {
		const v = new Validator(r.body);
		v.enumOf('conversation_mode', ['llm_driven', 'flow_driven'], { required: true });
		if (!v.ok) return validationFailed(res, v.errors);
		const mode = v.body.conversation_mode;
		const flow = v.body.flow_config;
		if (mode === 'flow_driven') {
			const problems = validateFlow(flow);
			if (problems.length) return sendJson(res, 422, { success: false, message: 'Flow validation failed', errors: problems });
		}
		agent.conversation_mode = mode;
		agent.flow_config = mode === 'flow_driven' ? flow : null;
		agent.updated_at = now();
		const versions = this.flowVersions.get(agent.id) ?? [];
		versions.forEach((v) => (v.is_current = false));
		versions.unshift({ id: crypto.randomUUID(), version: flow?.meta?.version ?? `1.0.${versions.length}`, created_at: agent.updated_at, is_current: true });
		this.flowVersions.set(agent.id, versions);
		sendJson(res, 200, { success: true, data: { conversation_mode: agent.conversation_mode, flow_config: agent.flow_config } });
	}

	activeCall(agent, phone, res) {
		const calls = this.calls.filter((c) => c.agent_id === agent.id && c.to === phone && ACTIVE_STATUSES.includes(c.status));
		if (!calls.length) return sendJson(res, 404, { success: false, message: 'No active call found for this phone number' });
		sendJson(res, 200, { success: true, data: calls });
	}

	deleteAgent(agent, res) {
		if (this.calls.some((c) => c.agent_id === agent.id && ACTIVE_STATUSES.includes(c.status))) {
			// The page's own example: a message without a code.
			return sendJson(res, 409, { success: false, message: 'Cannot delete agent while it has active calls.' });
		}
		if (agent.current_status === 'published') {
			return sendJson(res, 409, { success: false, error: { code: 'AGENT_IS_PUBLISHED', message: 'Published agents must be unpublished before deletion' } });
		}
		this.agents = this.agents.filter((a) => a !== agent);
		sendJson(res, 200, { success: true, message: 'Agent deleted successfully' });
	}

	setPublished(agent, publish, res) {
		if (publish && agent.is_ready_to_publish === false) {
			return validationFailed(res, { voice: ['The agent needs a voice before it can be published.'], knowledge: ['The agent needs knowledge before it can be published.'] });
		}
		agent.current_status = publish ? 'published' : 'draft';
		agent.updated_at = now();
		sendJson(res, 200, {
			success: true,
			message: `Agent ${publish ? 'published' : 'unpublished'} successfully`,
			data: { id: agent.id, name: agent.name, current_status: agent.current_status, is_ready_to_publish: agent.is_ready_to_publish !== false, updated_at: agent.updated_at },
		});
	}

	validateFlow(r, res) {
		const problems = validateFlow(r.body?.flow_config);
		if (problems.length) return sendJson(res, this.invalidFlowStatus, { success: false, errors: problems });
		sendJson(res, 200, { success: true, message: 'Flow is valid' });
	}

	makeCall(agent, r, res) {
		const body = r.body && typeof r.body === 'object' ? r.body : {};
		if (body.to === undefined || body.to === null || body.to === '') {
			return sendJson(res, 400, { error: { code: 'MISSING_PHONE_NUMBER', message: 'Phone number is required', details: { field: 'to' } } });
		}
		if (typeof body.to !== 'string' || !/^\+[1-9]\d{6,14}$/.test(body.to)) {
			return sendJson(res, 400, { error: { code: 'INVALID_PHONE_NUMBER', message: 'Phone number must be in international format (e.g., +1234567890)', details: { field: 'to', value: body.to } } });
		}
		const v = new Validator(body);
		v.number('delay_seconds', 0, 3600, { integer: true });
		v.boolean('is_testing');
		for (const field of ['payload', 'context']) {
			if (v.has(field) && (typeof body[field] !== 'object' || Array.isArray(body[field]))) v.add(field, `The ${field} must be an object.`);
		}
		if (!v.ok) return validationFailed(res, v.errors);
		if (agent.current_status !== 'published') {
			return sendJson(res, 400, { error: { code: 'AGENT_INACTIVE', message: 'Agent is not published' } });
		}
		if (!body.is_testing) {
			if (this.credits <= 0) return sendJson(res, 402, { error: { code: 'INSUFFICIENT_CREDITS', message: 'Account has insufficient credits to place this call' } });
			this.credits -= 1;
		}
		const call = {
			id: crypto.randomUUID(),
			agent_id: agent.id,
			to: body.to,
			status: 'initiated',
			direction: 'outbound',
			is_testing: body.is_testing === true,
			payload: body.payload ?? null,
			context: body.context ?? null,
			delay_seconds: body.delay_seconds ?? 0,
			// By the sandbox's clock (a test's, when it has one), as its Date header: List Calls' date filters agree with it.
			created_at: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			started_at: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			duration_seconds: 0,
		};
		this.calls.push(call);
		sendJson(res, 200, { success: true, data: { id: call.id, agent_id: call.agent_id, to: call.to, status: call.status, created_at: call.created_at } });
		// `npm run dev`: a test call something waits for (Make and Wait for Outcome's webhook on the agent) is
		// answered and ends a few seconds later, as a person trying the example would expect.
		const waitedFor = this.webhooks.some((w) => w.agent_id === agent.id && String(w.name).startsWith('n8n wait for outcome'));
		if (this.endWaitedTestCallsAfterMs !== undefined && call.is_testing && waitedFor) {
			setTimeout(() => void this.endCallWithEvent(call.id, { duration: 42, endedReason: 'customer_hangup' }).catch(() => undefined), this.endWaitedTestCallsAfterMs).unref();
		}
	}

	endCall(agent, r, res) {
		const v = new Validator(r.body);
		v.string('call_sid', { required: true });
		if (!v.ok) return validationFailed(res, v.errors);
		const call = this.calls.find((c) => c.agent_id === agent.id && c.id === v.body.call_sid);
		if (!call) return sendJson(res, 404, { success: false, message: 'Call not found for this agent' });
		if (!ACTIVE_STATUSES.includes(call.status)) return sendJson(res, 409, { success: false, message: 'Call is not active', code: 'CALL_NOT_ACTIVE' });
		call.status = 'completed';
		call.ended_at = now();
		sendJson(res, 200, { success: true, data: { id: call.id, status: 'completed', ended_at: call.ended_at, ended_reason: 'ended_by_api' } });
	}

	/** List Calls, or Get Agent Calls with `agent` (only its calls, and no agent object: get-agent-calls.mdx). */
	listCalls(r, res, agent) {
		const q = agent ? { ...r.query, agent_id: agent.id } : r.query;
		const errors = {};
		const statuses = ['initiated', 'ringing', 'answered', 'completed', 'failed', 'busy', 'no-answer'];
		if (q.status !== undefined && !statuses.includes(q.status)) errors.status = ['The selected status is invalid.'];
		if (q.direction !== undefined && !['inbound', 'outbound'].includes(q.direction)) errors.direction = ['The selected direction is invalid.'];
		for (const field of ['date_from', 'date_to']) {
			if (q[field] !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(q[field]) || Number.isNaN(Date.parse(q[field])))) {
				errors[field] = [`The ${humanize(field)} must be a valid date.`];
			}
		}
		if (Object.keys(errors).length) return validationFailed(res, errors);
		const dialled = (c) => this.listsDelayedCalls || !(c.delay_seconds > 0) || Date.parse(c.created_at) + c.delay_seconds * 1000 <= this.now();
		const items = this.calls
			.filter(dialled)
			.map((c) => this.listedCall(c))
			.filter(
				(c) =>
					(!q.status || c.status === q.status) &&
					(!q.direction || c.direction === q.direction) &&
					(!q.agent_id || c.agent?.id === q.agent_id) &&
					// A call listed without a creation time is on no day: a date filter leaves it out.
					(!q.date_from || (c.created_at ?? '').slice(0, 10) >= q.date_from) &&
					(!q.date_to || (typeof c.created_at === 'string' && c.created_at.slice(0, 10) <= q.date_to)) &&
					(!q.search || c.to.includes(q.search) || c.from.includes(q.search) || c.sid.includes(q.search)) &&
					(!this.callsToFilter || !q.to || c.to === q.to),
			)
			.map((c) => (agent ? Object.fromEntries(Object.entries(c).filter(([key]) => key !== 'agent')) : c));
		const paged = this.page(items, r, this.callsPagingShape);
		if (paged.errors) return validationFailed(res, paged.errors);
		sendJson(res, 200, { success: true, ...paged });
	}

	listPhoneNumbers(r, res) {
		const types = ['voice', 'sms', 'whatsapp', 'mms', 'fax'];
		if (r.query.type !== undefined && !types.includes(r.query.type)) {
			return validationFailed(res, { type: ['The selected type is invalid.'] });
		}
		const bool = (s) => (s === undefined ? undefined : s === 'true' || s === '1');
		const hasVoice = bool(r.query.has_voice);
		const hasWhatsapp = bool(r.query.has_whatsapp);
		const search = r.query.search ?? '';
		const data = this.phoneNumbers.filter(
			(p) =>
				(!r.query.type || p.type === r.query.type) &&
				(hasVoice === undefined || p.has_voice === hasVoice) &&
				(hasWhatsapp === undefined || p.has_whatsapp === hasWhatsapp) &&
				(!search || p.number.includes(search) || p.id === search),
		);
		if (this.phoneNumbersPagingShape === 'none') return sendJson(res, 200, { success: true, data });
		const paged = this.page(data, r, this.phoneNumbersPagingShape);
		if (paged.errors) return validationFailed(res, paged.errors);
		sendJson(res, 200, { success: true, ...paged });
	}
}

/** The flow checks the reference describes; returns one line per problem. */
function validateFlow(flow) {
	if (!flow || typeof flow !== 'object' || Array.isArray(flow)) return ['flow_config is required when conversation_mode is flow_driven'];
	const problems = [];
	const nodes = Array.isArray(flow.nodes) ? flow.nodes : [];
	if (!Array.isArray(flow.nodes) || nodes.length === 0) problems.push('flow_config.nodes must be a non-empty array');
	const ids = new Set();
	for (const node of nodes) {
		if (!node || typeof node.id !== 'string') {
			problems.push('Every node needs a string id');
			continue;
		}
		if (ids.has(node.id)) problems.push(`Duplicate node id '${node.id}'`);
		ids.add(node.id);
		if (!FLOW_NODE_TYPES.includes(node.type)) problems.push(`Node '${node.id}' has unknown type '${node.type}'`);
	}
	if (typeof flow.initial_node_id !== 'string' || !ids.has(flow.initial_node_id)) {
		problems.push(`initial_node_id '${flow.initial_node_id}' not found in nodes`);
	}
	for (const node of nodes) {
		if (node && typeof node.next === 'string' && !ids.has(node.next)) {
			problems.push(`Node '${node.id}' references unknown next node '${node.next}'`);
		}
	}
	return problems;
}

module.exports = { TalkoverSandbox, LANGUAGES, WEBHOOK_EVENTS };

if (require.main === module) {
	const port = Number(process.argv[2] ?? 0);
	new TalkoverSandbox().start(port).then((s) => {
		process.stdout.write(`Talkover sandbox listening on ${s.url} (token: talq_test_token)\n`);
	});
}
