'use strict';
/**
 * Sandbox endpoints for campaigns (create-campaign, get-campaign, list-campaigns, update-campaign,
 * update-campaign-status, delete-campaign, make-campaign-call) and campaign webhooks
 * (create/list/get/update/toggle/test/delete-campaign-webhook), with the validation, status codes and
 * error bodies of those pages. Where pages disagree, an option picks the variant (see reset()).
 */
const crypto = require('node:crypto');

const { E164, extend, isDate, isPlainObject, isTime } = require('./checks');

const STATUSES = ['draft', 'active', 'paused', 'completed', 'cancelled'];
const TYPES = ['sales', 'follow_up', 'reminder', 'custom'];
const DNC_SOURCES = ['environment', 'global', 'custom'];
/** Update Campaign Status → Status Transition Rules. */
const TRANSITIONS = { draft: ['active', 'cancelled'], active: ['paused', 'completed', 'cancelled'], paused: ['active', 'completed', 'cancelled'], completed: [], cancelled: [] };
/** Campaign-call statuses that make another call to the same number a duplicate ("active or queued"). */
const OPEN_CALL_STATUSES = ['queued', 'scheduled', 'started', 'retry_scheduled'];
const QUEUED_CALL_STATUSES = ['queued', 'scheduled', 'retry_scheduled'];
const SCHEDULE_FIELDS = ['start_date', 'end_date', 'days_of_week', 'call_time_ranges', 'timezone'];
const COOLDOWN_FIELDS = ['success_cooldown_hours', 'voicemail_cooldown_hours', 'no_answer_cooldown_hours', 'busy_cooldown_hours', 'failed_cooldown_hours'];

/** `available_events` of List Campaign Webhooks (an array here; the agent list is an object). */
const CAMPAIGN_WEBHOOK_EVENTS = [
	'campaign.created',
	'campaign.started',
	'campaign.paused',
	'campaign.completed',
	'campaign.updated',
	'campaign_call.queued',
	'campaign_call.started',
	'campaign_call.completed',
	'campaign_call.retry_scheduled',
	'campaign_call.failed',
	'event_recording',
	'event_call_transcript',
	'event_call_report',
];
/** Per-call events: delivered to a campaign webhook only with include_call_events. */
const CALL_EVENTS = ['event_recording', 'event_call_transcript', 'event_call_report'];

const AGENT_IDS = { support: '550e8400-e29b-41d4-a716-446655440000', sales: '550e8400-e29b-41d4-a716-446655440001', survey: '550e8400-e29b-41d4-a716-446655440002' };

const SEED = [
	{ id: '3f2a9c10-0000-4000-8000-000000000001', name: 'Q1 Outreach', description: 'Outbound sales campaign for Q1', campaign_type: 'sales', status: 'active', agent_id: AGENT_IDS.sales, start_date: '2026-01-05', days_of_week: [1, 2, 3, 4, 5], call_time_ranges: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '17:00' }], timezone: 'America/New_York' },
	{ id: '3f2a9c10-0000-4000-8000-000000000002', name: 'Renewals', description: 'Contract renewal reminders', campaign_type: 'reminder', status: 'draft', agent_id: AGENT_IDS.survey, start_date: '2026-02-01', days_of_week: [2, 4], call_time_ranges: [{ start: '10:00', end: '16:00' }], timezone: 'Europe/London' },
	{ id: '3f2a9c10-0000-4000-8000-000000000003', name: 'Win-back', description: 'Former customers', campaign_type: 'follow_up', status: 'paused', agent_id: AGENT_IDS.sales, start_date: '2026-01-10', days_of_week: [1, 3, 5], call_time_ranges: [{ start: '09:00', end: '17:00' }], timezone: 'America/Sao_Paulo' },
	{ id: '3f2a9c10-0000-4000-8000-000000000004', name: 'Holiday Promo 2025', description: null, campaign_type: 'custom', status: 'completed', agent_id: AGENT_IDS.support, start_date: '2025-12-01', end_date: '2025-12-24', days_of_week: [1, 2, 3, 4, 5, 6], call_time_ranges: [{ start: '09:00', end: '18:00' }], timezone: 'America/New_York' },
];

/** A campaign with Create Campaign's defaults for every field not given. */
function defaults(fields) {
	const base = {
		description: null,
		end_date: null,
		initial_call_delay: 0,
		max_retries: 3,
		retry_cooldown_hours: 24,
		auto_complete: false,
		retry_on_no_conversion: false,
		enable_post_completion_cooldown: false,
		post_completion_cooldown_hours: 168,
		// Create Campaign's notes: all *_cooldown_hours default to 24.
		...Object.fromEntries(COOLDOWN_FIELDS.map((f) => [f, 24])),
		do_not_call_enabled: false,
		do_not_call_list_source: 'environment',
		do_not_call_custom_list: [],
		auto_add_to_dnc_enabled: false,
		auto_dnc_trigger_statuses: [],
		auto_dnc_trigger_errors: [],
	};
	return { ...fields, ...Object.fromEntries(Object.entries(base).filter(([key]) => !(key in fields))) };
}

function reset(sb, options) {
	const at = '2026-01-15T10:30:00Z';
	sb.campaigns = SEED.map((c) => defaults({ ...c, created_at: at, updated_at: at }));
	sb.campaignCalls = [
		{ id: 'cc000000-0000-4000-8000-000000000001', campaign_id: SEED[0].id, to: '+15550102030', status: 'queued', retries: 0, payload: null, context: null, is_testing: false, scheduled_at: at, created_at: at },
		{ id: 'cc000000-0000-4000-8000-000000000002', campaign_id: SEED[0].id, to: '+15550102031', status: 'completed', retries: 0, payload: null, context: null, is_testing: false, scheduled_at: at, created_at: at },
		{ id: 'cc000000-0000-4000-8000-000000000003', campaign_id: SEED[2].id, to: '+15550104040', status: 'started', retries: 1, payload: null, context: null, is_testing: false, scheduled_at: at, created_at: at },
	];
	/** List Campaigns' paging object: `pagination` (its page) or `meta` (openapi.json). */
	sb.campaignsPagingShape = options.campaignsPagingShape ?? 'pagination';
	/**
	 * How Get/List show the schedule: `legacy` earliest/latest_call_time (their pages), `ranges`
	 * call_time_ranges (Create/Update pages), or `both`.
	 */
	sb.campaignScheduleShape = options.campaignScheduleShape ?? 'legacy';
	/** Delete Campaign answers 200 with a body (its page) or 204 without (openapi.json). */
	sb.deleteCampaignStatus = options.deleteCampaignStatus ?? 200;
	/** Make Campaign Call answers 201 {campaign_call, campaign} (its page) or 200 with the call itself (openapi.json). */
	sb.campaignCallResponse = options.campaignCallResponse ?? 'page';
	/** Campaigns the plan allows (more: 403 CAMPAIGN_LIMIT_REACHED). */
	sb.campaignLimit = options.campaignLimit ?? Infinity;
	/** `subscribed`: a campaign webhook gets a per-call event only if it chose it; `all`: include_call_events brings all of them. */
	sb.includeCallEventsMode = options.includeCallEventsMode ?? 'subscribed';
	/**
	 * What Test Campaign Webhook sends: `subscribed` (its page: "one synthetic event matching the webhook's subscribed
	 * events", here its first, with Test Webhook's `test: true`) or `webhook.test` (Test Webhook's payload, agent webhooks).
	 */
	sb.campaignTestPayload = options.campaignTestPayload ?? 'subscribed';
	/** Status changes, updates and new campaign calls deliver their events to campaign webhooks by themselves. */
	sb.autoCampaignEvents = options.autoCampaignEvents ?? true;
	/** The deliveries of those events, to await (each settles, never rejects). */
	sb.autoCampaignDeliveries = [];
	sb.emitCampaignEvent = (campaignId, event, data) => deliverEvent(sb, campaignId, event, data);
}

function hhmmss(time) {
	return `${time}:00`;
}

/** A campaign as Create/Update Campaign show it (call_time_ranges). */
function shown(c) {
	return { ...c };
}

function stats(sb, c) {
	const calls = sb.campaignCalls.filter((k) => k.campaign_id === c.id);
	const completed = calls.filter((k) => k.status === 'completed').length;
	const failed = calls.filter((k) => k.status === 'failed').length;
	const done = completed + failed;
	return { total_calls: calls.length, completed_calls: completed, failed_calls: failed, success_rate: done ? Math.round((completed / done) * 1000) / 10 : 0 };
}

/** A campaign as Get/List Campaigns show it. */
function listed(sb, c, { detail = false } = {}) {
	const agent = sb.agents.find((a) => a.id === c.agent_id);
	const out = { ...c };
	if (sb.campaignScheduleShape !== 'ranges') {
		out.earliest_call_time = hhmmss(c.call_time_ranges[0].start);
		out.latest_call_time = hhmmss(c.call_time_ranges[c.call_time_ranges.length - 1].end);
	}
	if (sb.campaignScheduleShape === 'legacy') delete out.call_time_ranges;
	out.agent = agent ? { id: agent.id, name: agent.name, label: agent.label } : null;
	out.stats = stats(sb, c);
	if (detail) {
		out.stats.average_duration = 0;
		out.calls = sb.campaignCalls.filter((k) => k.campaign_id === c.id).map((k) => ({ id: k.id, to: k.to, status: k.status, retries: k.retries, created_at: k.created_at }));
		out.files = [];
	}
	return out;
}

function notFound(kit, res) {
	kit.sendJson(res, 404, { success: false, message: 'Campaign not found' });
}

function route(sb, r, res, segments, kit) {
	const [resource, id, sub, webhookId, action] = segments;
	if (resource !== 'campaigns') return false;
	if (!kit.authorized(r, res, sb.tokens)) return true;
	if (id === undefined) {
		if (r.method === 'GET') list(sb, r, res, kit);
		else if (r.method === 'POST') create(sb, r, res, kit);
		else kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
		return true;
	}
	const campaign = sb.campaigns.find((c) => c.id === id);
	if (!campaign) {
		notFound(kit, res);
		return true;
	}
	if (sub === undefined && r.method === 'GET') kit.sendJson(res, 200, { success: true, data: listed(sb, campaign, { detail: true }) });
	else if (sub === undefined && r.method === 'PUT') update(sb, campaign, r, res, kit);
	else if (sub === undefined && r.method === 'DELETE') remove(sb, campaign, res, kit);
	else if (sub === 'status' && r.method === 'PATCH') setStatus(sb, campaign, r, res, kit);
	else if (sub === 'call' && r.method === 'POST') addCall(sb, campaign, r, res, kit);
	else if (sub === 'webhooks') routeWebhooks(sb, campaign, webhookId, action, r, res, kit);
	else kit.sendJson(res, 404, { success: false, message: 'Not Found' });
	return true;
}

/** Checks every documented Create/Update field that is present; `required` ones must be. */
function checkFields(sb, v, kit, { required }) {
	const x = extend(v, kit.humanize);
	const body = v.body;
	v.string('name', { required, max: 255 });
	v.string('description', { max: 65535 });
	v.enumOf('campaign_type', TYPES, { required });
	if (required) v.required('agent_id');
	if (v.has('agent_id') && !sb.agents.some((a) => a.id === body.agent_id)) v.add('agent_id', 'The selected agent id is invalid.');
	x.date('start_date', { required });
	x.date('end_date');
	if (required && !v.has('days_of_week')) v.add('days_of_week', 'The days of week field is required.');
	if (v.has('days_of_week')) {
		if (!Array.isArray(body.days_of_week) || body.days_of_week.length === 0) v.add('days_of_week', 'The days of week must have at least 1 items.');
		else
			body.days_of_week.forEach((d, i) => {
				if (!Number.isInteger(d) || d < 1 || d > 7) v.add(`days_of_week.${i}`, `The days of week.${i} must be between 1 and 7.`);
			});
	}
	if (required && !v.has('call_time_ranges')) v.add('call_time_ranges', 'The call time ranges field is required.');
	if (v.has('call_time_ranges')) {
		if (!Array.isArray(body.call_time_ranges) || body.call_time_ranges.length === 0) v.add('call_time_ranges', 'The call time ranges must have at least 1 items.');
		else
			body.call_time_ranges.forEach((w, i) => {
				const ok = isPlainObject(w) && isTime(w.start) && isTime(w.end);
				if (!isPlainObject(w) || !isTime(w.start)) v.add(`call_time_ranges.${i}.start`, `The call time ranges.${i}.start does not match the format H:i.`);
				if (!isPlainObject(w) || !isTime(w.end)) v.add(`call_time_ranges.${i}.end`, `The call time ranges.${i}.end does not match the format H:i.`);
				else if (ok && w.end <= w.start) v.add(`call_time_ranges.${i}.end`, `The call time ranges.${i}.end must be a date after call time ranges.${i}.start.`);
			});
	}
	if (required) v.required('timezone');
	x.timeZone('timezone');
	v.number('initial_call_delay', 0, Number.MAX_SAFE_INTEGER, { integer: true });
	v.number('max_retries', 0, 10, { integer: true });
	for (const f of ['retry_cooldown_hours', 'post_completion_cooldown_hours', ...COOLDOWN_FIELDS]) v.number(f, 1, 168, { integer: true });
	for (const f of ['auto_complete', 'retry_on_no_conversion', 'enable_post_completion_cooldown', 'do_not_call_enabled', 'auto_add_to_dnc_enabled']) v.boolean(f);
	v.enumOf('do_not_call_list_source', DNC_SOURCES);
	x.stringList('do_not_call_custom_list', { each: E164 });
	x.stringList('auto_dnc_trigger_statuses');
	x.stringList('auto_dnc_trigger_errors');
	// openapi.json's fields (the pages do not mention them): integers, ranges not documented.
	if (v.has('phone_number_id') && !sb.phoneNumbers.some((p) => p.id === body.phone_number_id)) v.add('phone_number_id', 'The selected phone number id is invalid.');
	for (const f of ['max_calls_per_hour', 'max_calls_per_day']) v.number(f, 1, Number.MAX_SAFE_INTEGER, { integer: true });
	v.number('voicemail_hours', 0, Number.MAX_SAFE_INTEGER, { integer: true });
}

function checkEndDate(v, start, end) {
	if (end !== null && end !== undefined && isDate(start) && isDate(end) && end <= start) v.add('end_date', 'The end date must be a date after start date.');
}

function create(sb, r, res, kit) {
	const v = new kit.Validator(r.body);
	checkFields(sb, v, kit, { required: true });
	checkEndDate(v, v.body.start_date, v.body.end_date);
	if (!v.ok) return kit.validationFailed(res, v.errors);
	if (sb.campaigns.length >= sb.campaignLimit) {
		return kit.sendJson(res, 403, { success: false, message: 'Your plan does not allow creating more campaigns', code: 'CAMPAIGN_LIMIT_REACHED' });
	}
	const at = kit.now();
	const id = crypto.randomUUID();
	const campaign = defaults({ id, ...v.body, status: 'draft', created_at: at, updated_at: at });
	campaign.id = id;
	sb.campaigns.push(campaign);
	return kit.sendJson(res, 201, { success: true, data: shown(campaign) });
}

function list(sb, r, res, kit) {
	const q = r.query;
	const errors = {};
	if (q.status !== undefined && !STATUSES.includes(q.status)) errors.status = ['The selected status is invalid.'];
	if (q.campaign_type !== undefined && !TYPES.includes(q.campaign_type)) errors.campaign_type = ['The selected campaign type is invalid.'];
	for (const f of ['date_from', 'date_to']) if (q[f] !== undefined && !isDate(q[f])) errors[f] = [`The ${kit.humanize(f)} must be a valid date.`];
	if (Object.keys(errors).length) return kit.validationFailed(res, errors);
	const search = (q.search ?? '').toLowerCase();
	const items = sb.campaigns.filter(
		(c) =>
			(!q.status || c.status === q.status) &&
			(!q.campaign_type || c.campaign_type === q.campaign_type) &&
			(!q.agent_id || c.agent_id === q.agent_id) &&
			(!q.date_from || c.start_date >= q.date_from) &&
			(!q.date_to || c.start_date <= q.date_to) &&
			(!search || c.name.toLowerCase().includes(search) || (c.description ?? '').toLowerCase().includes(search)),
	);
	const paged = sb.page(items.map((c) => listed(sb, c)), r, sb.campaignsPagingShape);
	if (paged.errors) return kit.validationFailed(res, paged.errors);
	return kit.sendJson(res, 200, { success: true, ...paged });
}

function update(sb, campaign, r, res, kit) {
	const v = new kit.Validator(r.body);
	checkFields(sb, v, kit, { required: false });
	const body = v.body;
	checkEndDate(v, body.start_date ?? campaign.start_date, 'end_date' in body ? body.end_date : campaign.end_date);
	if (!v.ok) return kit.validationFailed(res, v.errors);
	const queued = sb.campaignCalls.some((k) => k.campaign_id === campaign.id && QUEUED_CALL_STATUSES.includes(k.status));
	if (campaign.status === 'active' && queued && SCHEDULE_FIELDS.some((f) => f in body)) {
		return kit.sendJson(res, 409, { success: false, message: 'Cannot update schedule while there are queued calls. Pause the campaign first.', code: 'CAMPAIGN_HAS_ACTIVE_CALLS' });
	}
	for (const [key, value] of Object.entries(body)) if (key !== 'id' && key !== 'status') campaign[key] = value;
	campaign.updated_at = kit.now();
	autoEmit(sb, campaign.id, 'campaign.updated');
	return kit.sendJson(res, 200, { success: true, data: shown(campaign) });
}

function remove(sb, campaign, res, kit) {
	if (campaign.status === 'active') return kit.sendJson(res, 403, { success: false, message: 'Cannot delete active campaign' });
	if (sb.campaignCalls.some((k) => k.campaign_id === campaign.id && k.status === 'started')) {
		return kit.sendJson(res, 409, { success: false, message: 'Campaign has active calls in progress' });
	}
	sb.campaigns = sb.campaigns.filter((c) => c !== campaign);
	sb.campaignCalls = sb.campaignCalls.filter((k) => k.campaign_id !== campaign.id);
	if (sb.deleteCampaignStatus === 204) {
		res.writeHead(204);
		return res.end();
	}
	return kit.sendJson(res, 200, { success: true, message: 'Campaign deleted successfully' });
}

const STATUS_EVENTS = { active: 'campaign.started', paused: 'campaign.paused', completed: 'campaign.completed' };

function setStatus(sb, campaign, r, res, kit) {
	const v = new kit.Validator(r.body);
	v.enumOf('status', STATUSES, { required: true });
	if (!v.ok) return kit.validationFailed(res, v.errors);
	const to = v.body.status;
	if (!TRANSITIONS[campaign.status].includes(to)) {
		return kit.sendJson(res, 400, { success: false, message: `Cannot transition from ${campaign.status} to ${to} status` });
	}
	campaign.status = to;
	campaign.updated_at = kit.now();
	if (STATUS_EVENTS[to]) autoEmit(sb, campaign.id, STATUS_EVENTS[to]);
	return kit.sendJson(res, 200, { success: true, message: 'Campaign status updated successfully', data: { id: campaign.id, status: campaign.status, updated_at: campaign.updated_at } });
}

function addCall(sb, campaign, r, res, kit) {
	const v = new kit.Validator(r.body);
	const body = v.body;
	if (v.required('to') && (typeof body.to !== 'string' || !E164.test(body.to))) v.add('to', 'The to must be a valid phone number.');
	const x = extend(v, kit.humanize);
	x.object('payload');
	x.object('context');
	v.boolean('is_testing');
	v.boolean('allow_duplicates');
	if (!v.ok) return kit.validationFailed(res, v.errors);
	if (campaign.status !== 'active') return kit.sendJson(res, 400, { success: false, message: 'Campaign is not active' });
	const existing = sb.campaignCalls.find((k) => k.campaign_id === campaign.id && k.to === body.to && OPEN_CALL_STATUSES.includes(k.status));
	if (existing && body.allow_duplicates !== true) {
		const { id, campaign_id: campaignId, to, status, created_at: createdAt } = existing;
		return kit.sendJson(res, 409, { success: false, message: 'A call to this number already exists in this campaign', existing_call: { id, campaign_id: campaignId, to, status, created_at: createdAt } });
	}
	const at = kit.now();
	const call = { id: crypto.randomUUID(), campaign_id: campaign.id, to: body.to, status: 'queued', retries: 0, payload: body.payload ?? null, context: body.context ?? null, is_testing: body.is_testing === true, scheduled_at: at, created_at: at };
	sb.campaignCalls.push(call);
	const shownCall = { id: call.id, campaign_id: call.campaign_id, to: call.to, status: call.status, scheduled_at: call.scheduled_at, created_at: call.created_at };
	autoEmit(sb, campaign.id, 'campaign_call.queued', { campaign_call: { ...shownCall, context: call.context } });
	if (sb.campaignCallResponse === 'openapi') return kit.sendJson(res, 200, { ...shownCall, agent_id: campaign.agent_id });
	return kit.sendJson(res, 201, { campaign_call: shownCall, campaign: { id: campaign.id, name: campaign.name, status: campaign.status } });
}

// ---- campaign webhooks (kept in sb.webhooks with a campaign_id, so sb.deliver() sends them) ----

function publicWebhook(w) {
	const shownHook = { ...w };
	delete shownHook.webhook_secret;
	return shownHook;
}

function checkWebhook(v, kit, { required }) {
	const body = v.body;
	v.string('name', { required, max: 255 });
	if (required) v.required('webhook_url');
	if (v.has('webhook_url')) {
		let valid = typeof body.webhook_url === 'string' && body.webhook_url.length <= 500;
		try {
			new URL(body.webhook_url);
		} catch {
			valid = false;
		}
		if (!valid) v.add('webhook_url', 'The webhook url must be a valid URL.');
	}
	if (required || v.has('events')) {
		if (!Array.isArray(body.events) || body.events.length === 0) v.add('events', 'The events field is required.');
		else for (const e of body.events) if (!CAMPAIGN_WEBHOOK_EVENTS.includes(e)) v.add('events', `The selected event ${e} is invalid.`);
	}
	v.string('webhook_secret', { max: 255 });
	v.number('timeout', 5, 120, { integer: true });
	v.number('max_retries', 0, 10, { integer: true });
	v.boolean('enabled');
	v.boolean('include_call_events');
	v.enumOf('http_method', ['POST', 'PUT', 'PATCH']);
	v.enumOf('authorization_scheme', ['none', 'bearer', 'basic', 'api_key', 'custom']);
	if (v.has('custom_headers')) {
		const ok = Array.isArray(body.custom_headers) && body.custom_headers.every((h) => h && typeof h.key === 'string' && typeof h.value === 'string');
		if (!ok) v.add('custom_headers', 'Each custom header needs a key and a value.');
	}
	extend(v, kit.humanize).object('payload_templates');
}

function routeWebhooks(sb, campaign, webhookId, action, r, res, kit) {
	if (webhookId === undefined) {
		if (r.method === 'GET') {
			const webhooks = [...sb.seededWebhooks, ...sb.webhooks].filter((w) => w.campaign_id === campaign.id).map(publicWebhook);
			return kit.sendJson(res, 200, { success: true, data: { webhooks, available_events: CAMPAIGN_WEBHOOK_EVENTS } });
		}
		if (r.method !== 'POST') return kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
		const v = new kit.Validator(r.body);
		checkWebhook(v, kit, { required: true });
		if (!v.ok) return kit.validationFailed(res, v.errors);
		const b = v.body;
		const at = kit.now();
		const webhook = {
			id: crypto.randomUUID(),
			campaign_id: campaign.id,
			name: b.name,
			webhook_url: b.webhook_url,
			webhook_secret: b.webhook_secret,
			events: b.events,
			custom_headers: b.custom_headers ?? [],
			timeout: b.timeout ?? 30,
			max_retries: b.max_retries ?? 3,
			enabled: b.enabled ?? true,
			http_method: b.http_method ?? 'POST',
			authorization_scheme: b.authorization_scheme ?? 'none',
			payload_templates: b.payload_templates ?? null,
			include_call_events: b.include_call_events ?? false,
			created_at: at,
			updated_at: at,
		};
		sb.webhooks.push(webhook);
		return kit.sendJson(res, 201, { success: true, data: publicWebhook(webhook) });
	}
	const webhook = sb.webhooks.find((w) => w.id === webhookId && w.campaign_id === campaign.id);
	if (!webhook) return kit.sendJson(res, 404, { success: false, message: 'Webhook not found.' });
	if (action === undefined && r.method === 'GET') return kit.sendJson(res, 200, { success: true, data: publicWebhook(webhook) });
	if (action === undefined && r.method === 'DELETE') {
		sb.webhooks = sb.webhooks.filter((w) => w !== webhook);
		return kit.sendJson(res, 200, { success: true, message: 'Campaign webhook deleted' });
	}
	if (action === undefined && r.method === 'PUT') {
		const v = new kit.Validator(r.body);
		checkWebhook(v, kit, { required: false });
		if (!v.ok) return kit.validationFailed(res, v.errors);
		for (const [key, value] of Object.entries(v.body)) if (key !== 'id' && key !== 'campaign_id') webhook[key] = value;
		webhook.updated_at = kit.now();
		return kit.sendJson(res, 200, { success: true, data: { id: webhook.id, events: webhook.events, include_call_events: webhook.include_call_events, updated_at: webhook.updated_at } });
	}
	if (action === 'toggle' && r.method === 'PATCH') {
		webhook.enabled = !webhook.enabled;
		return kit.sendJson(res, 200, { success: true, message: webhook.enabled ? 'Webhook enabled' : 'Webhook disabled', data: { id: webhook.id, enabled: webhook.enabled } });
	}
	if (action === 'test' && r.method === 'POST') {
		const payload =
			sb.campaignTestPayload === 'webhook.test'
				? { event: 'webhook.test', campaign_id: campaign.id, campaign_name: campaign.name, webhook_id: webhook.id, timestamp: kit.now(), test: true }
				: { event: webhook.events[0], campaign_id: campaign.id, campaign_name: campaign.name, timestamp: kit.now(), test: true };
		sb.deliver(webhook.id, payload).then(
			() => kit.sendJson(res, 200, { success: true, message: 'Test payload dispatched' }),
			(e) => kit.sendJson(res, 200, { success: false, message: `Webhook test failed: ${e.message}` }),
		);
		return undefined;
	}
	return kit.sendJson(res, 404, { success: false, message: 'Not Found' });
}

/** The sandbox's own events (status change, update, new call), if autoCampaignEvents. */
function autoEmit(sb, campaignId, event, data) {
	if (sb.autoCampaignEvents) sb.autoCampaignDeliveries.push(deliverEvent(sb, campaignId, event, data));
}

/**
 * Delivers a campaign event to the campaign's enabled webhooks that take it (the payload shape of
 * campaign events is undocumented; this one carries the event, the campaign and `data`). Returns the
 * deliveries' results. Errors of one delivery do not stop the others.
 */
function deliverEvent(sb, campaignId, event, data = {}) {
	const campaign = sb.campaigns.find((c) => c.id === campaignId);
	const isCallEvent = CALL_EVENTS.includes(event);
	const targets = sb.webhooks.filter(
		(w) =>
			w.campaign_id === campaignId &&
			w.enabled &&
			(isCallEvent ? w.include_call_events && (sb.includeCallEventsMode === 'all' || w.events.includes(event)) : w.events.includes(event)),
	);
	const payload = { event, campaign_id: campaignId, campaign_name: campaign?.name ?? null, ...data, timestamp: new Date().toISOString() };
	return Promise.all(targets.map((w) => sb.deliver(w.id, payload).catch((e) => ({ status: 0, body: String(e.message) }))));
}

module.exports = { reset, route, CAMPAIGN_WEBHOOK_EVENTS, CALL_EVENTS, TRANSITIONS };
