'use strict';
/**
 * Sandbox endpoints for an agent's actions (create-action.mdx "Create/Update Action", list-actions.mdx,
 * delete-action.mdx) and Talkover's integration catalogue (list-action-integrations.mdx).
 *
 * - Create/Update: the pages do not say which field picks the action a POST updates; the sandbox
 *   updates the agent's action with the same `node_id` (the one identifier the body requires besides
 *   display texts) and otherwise adds one (CONTRADICTIONS.md, the Agent Action row). `actionUpsertKey:
 *   'none'` makes every POST add an action (a Talkover that never updates), to test what the node does
 *   then. As the pages say, any change sets the agent to draft.
 * - List: the page answers every action in `{success, data}` without paging (`actionsPagingShape:
 *   'none'`, default); openapi.json documents `per_page`/`page` and `meta` (`'meta'` pages the list).
 * - Answers show only the documented Action fields (id, name, label, description, type, input_schema,
 *   config, action_trigger, url, authorization_url, current_status, created_at, updated_at); what was
 *   sent but is not shown (node_id, custom_headers, speak_on_*, execution_mode, hold_duration,
 *   transfer_to, authorization_scheme, integration) is kept in `sb.agentActions` for tests (the sandbox
 *   playing the agent needs the URL and headers).
 */
const crypto = require('node:crypto');

const { E164, isPlainObject } = require('./checks');

const ACTION_TYPES = ['webhook', 'transfer', 'hold', 'external'];
const AUTHORIZATION_SCHEMES = ['none', 'bearer', 'basic', 'api_key', 'custom'];
const EXECUTION_MODES = ['during_call', 'post_call'];
const ACTION_STATUSES = ['active', 'inactive'];

/** list-action-integrations.mdx's example catalogue. */
const INTEGRATIONS = [
	{ identifier: 'calendar', display_name: 'Calendar', description: 'Create events on a connected calendar during a call.', category: 'scheduling', icon_url: 'https://app.talkover.ai/integrations/icons/calendar.svg' },
	{ identifier: 'email-calendar', display_name: 'Email + Calendar Invite', description: 'Send a calendar invite via email after the call.', category: 'scheduling', icon_url: 'https://app.talkover.ai/integrations/icons/email-calendar.svg' },
	{ identifier: 'crm', display_name: 'CRM Sync', description: 'Push call summary and outcome to your CRM.', category: 'data', icon_url: 'https://app.talkover.ai/integrations/icons/crm.svg' },
];

/** The Support agent's seeded action: list-actions.mdx's first example, with a UUID (openapi.json: `format: uuid`). */
const SEED_ACTION = {
	id: 'ac710000-0000-4000-8000-000000000001',
	agent_id: '550e8400-e29b-41d4-a716-446655440000',
	node_id: 'action-node-456',
	name: 'Schedule Meeting',
	description: 'Schedule a meeting with the customer',
	type: 'webhook',
	inputs: [
		{ name: 'date', type: 'string', required: true, description: 'Meeting date' },
		{ name: 'time', type: 'string', required: true, description: 'Meeting time' },
	],
	integration: null,
	url: 'https://api.example.com/schedule',
	authorization_url: 'https://api.example.com/auth',
	authorization_scheme: 'none',
	custom_headers: [],
	execution_mode: 'during_call',
	current_status: 'active',
	created_at: '2026-01-15T10:30:00Z',
	updated_at: '2026-01-15T10:30:00Z',
};

function reset(sb, options) {
	/** Every agent's actions, with all that was sent (`agent_id`, `node_id`, `custom_headers`, …): one seeded on the Support agent. */
	sb.agentActions = [JSON.parse(JSON.stringify(SEED_ACTION))];
	sb.actionIntegrations = INTEGRATIONS.map((i) => ({ ...i }));
	/** `none` (list-actions.mdx: the whole list, no paging object) or `meta` (openapi.json: pages). */
	sb.actionsPagingShape = options.actionsPagingShape ?? 'none';
	/** `node_id` (a POST with a known node_id updates that action) or `none` (every POST adds one). */
	sb.actionUpsertKey = options.actionUpsertKey ?? 'node_id';
}

/** An action as list-actions.mdx and create-action.mdx show it. */
function publicAction(a) {
	return {
		id: a.id,
		name: a.name,
		label: a.name,
		description: a.description,
		type: a.type,
		input_schema: a.inputs,
		config: null,
		action_trigger: null,
		url: a.url ?? null,
		authorization_url: a.authorization_url ?? null,
		current_status: a.current_status,
		created_at: a.created_at,
		updated_at: a.updated_at,
	};
}

function isUrl(value) {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function route(sb, r, res, segments, kit) {
	const [resource, agentId, sub, actionId] = segments;
	if (resource === 'action-integrations' && agentId === undefined) {
		if (!kit.authorized(r, res, sb.tokens)) return true;
		if (r.method === 'GET') kit.sendJson(res, 200, { success: true, data: sb.actionIntegrations });
		else kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
		return true;
	}
	if (resource !== 'agents' || sub !== 'actions' || segments.length > 4) return false;
	if (!kit.authorized(r, res, sb.tokens)) return true;
	const agent = sb.agents.find((a) => a.id === agentId);
	if (!agent) {
		kit.sendJson(res, 404, { success: false, message: 'Agent not found' });
		return true;
	}
	if (actionId === undefined && r.method === 'GET') listActions(sb, agent, r, res, kit);
	else if (actionId === undefined && r.method === 'POST') saveAction(sb, agent, r, res, kit);
	else if (actionId !== undefined && r.method === 'DELETE') {
		const action = sb.agentActions.find((a) => a.id === actionId && a.agent_id === agent.id);
		if (!action) kit.sendJson(res, 404, { success: false, message: 'Action not found' });
		else {
			sb.agentActions = sb.agentActions.filter((a) => a !== action);
			changed(sb, agent, kit);
			kit.sendJson(res, 200, { success: true, message: 'Agent action deleted successfully' });
		}
	} else kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
	return true;
}

/** "After creating, updating or deleting actions, the agent will be automatically set to draft." */
function changed(sb, agent, kit) {
	agent.current_status = 'draft';
	agent.actions = sb.agentActions.filter((a) => a.agent_id === agent.id).map(publicAction);
	agent.updated_at = kit.now();
}

function listActions(sb, agent, r, res, kit) {
	const items = sb.agentActions.filter((a) => a.agent_id === agent.id).map(publicAction);
	if (sb.actionsPagingShape === 'none') return kit.sendJson(res, 200, { success: true, data: items });
	const paged = sb.page(items, r, sb.actionsPagingShape);
	if (paged.errors) return kit.validationFailed(res, paged.errors);
	return kit.sendJson(res, 200, { success: true, ...paged });
}

function saveAction(sb, agent, r, res, kit) {
	const body = r.body ?? {};
	const v = new kit.Validator(body);
	v.string('node_id', { required: true, max: 255 });
	v.string('name', { required: true, max: 255 });
	v.string('description', { required: true, max: 65535 });
	v.enumOf('type', ACTION_TYPES, { required: true });
	if (v.has('inputs')) {
		if (!Array.isArray(body.inputs)) v.add('inputs', 'The inputs must be an array.');
		else {
			body.inputs.forEach((input, i) => {
				if (!isPlainObject(input)) return v.add(`inputs.${i}`, `The inputs.${i} must be an object.`);
				if (typeof input.name !== 'string' || input.name === '') v.add(`inputs.${i}.name`, `The inputs.${i}.name field is required.`);
				if (typeof input.type !== 'string' || input.type === '') v.add(`inputs.${i}.type`, `The inputs.${i}.type field is required.`);
				if (input.required !== undefined && typeof input.required !== 'boolean') v.add(`inputs.${i}.required`, `The inputs.${i}.required field must be true or false.`);
				return undefined;
			});
		}
	}
	if (v.has('integration')) {
		const integration = body.integration;
		if (!isPlainObject(integration)) v.add('integration', 'The integration must be an object.');
		else if (!sb.actionIntegrations.some((i) => i.identifier === integration.id)) v.add('integration.id', 'The selected integration.id is invalid.');
	}
	for (const field of ['url', 'authorization_url']) {
		if (v.has(field) && !isUrl(body[field])) v.add(field, `The ${kit.humanize(field)} must be a valid URL.`);
	}
	v.enumOf('authorization_scheme', AUTHORIZATION_SCHEMES);
	if (v.has('custom_headers')) {
		const ok = Array.isArray(body.custom_headers) && body.custom_headers.every((h) => isPlainObject(h) && typeof h.key === 'string' && h.key !== '' && typeof h.value === 'string');
		if (!ok) v.add('custom_headers', 'Each custom header needs a key and a value.');
	}
	v.string('speak_on_send', { max: 65535 });
	v.string('speak_on_receive', { max: 65535 });
	v.enumOf('execution_mode', EXECUTION_MODES);
	if (body.execution_mode === 'post_call' && body.type !== 'external') v.add('execution_mode', 'The selected execution mode is invalid.');
	v.number('hold_duration', 1, Number.MAX_SAFE_INTEGER, { integer: true });
	if (v.has('transfer_to') && (typeof body.transfer_to !== 'string' || !E164.test(body.transfer_to))) v.add('transfer_to', 'The transfer to format is invalid.');
	v.enumOf('current_status', ACTION_STATUSES);
	if (body.type === 'webhook' && !v.has('url')) v.add('url', 'The url field is required when type is webhook.');
	if (!v.ok) return kit.validationFailed(res, v.errors);

	const at = kit.now();
	const existing = sb.actionUpsertKey === 'node_id' ? sb.agentActions.find((a) => a.agent_id === agent.id && a.node_id === body.node_id) : undefined;
	const fields = {
		node_id: body.node_id,
		name: body.name,
		description: body.description,
		type: body.type,
		inputs: body.inputs ?? [],
		integration: body.integration ?? null,
		url: body.url,
		authorization_url: body.authorization_url,
		authorization_scheme: body.authorization_scheme ?? 'none',
		custom_headers: body.custom_headers ?? [],
		speak_on_send: body.speak_on_send,
		speak_on_receive: body.speak_on_receive,
		execution_mode: body.execution_mode ?? 'during_call',
		hold_duration: body.hold_duration,
		transfer_to: body.transfer_to,
		current_status: body.current_status ?? 'active',
	};
	let action;
	if (existing) {
		// Create/Update replaces the action with what was sent (fields not sent take their defaults).
		for (const key of Object.keys(fields)) delete existing[key];
		action = Object.assign(existing, fields, { updated_at: at });
	} else {
		action = { id: crypto.randomUUID(), agent_id: agent.id, ...fields, created_at: at, updated_at: at };
		sb.agentActions.push(action);
	}
	changed(sb, agent, kit);
	return kit.sendJson(res, 200, { success: true, message: existing ? 'Agent action updated successfully' : 'Agent action created successfully', data: publicAction(action) });
}

module.exports = { reset, route, INTEGRATIONS, SEED_ACTION, publicAction };
