'use strict';
/**
 * Sandbox endpoints for voice templates (list-voice-templates) and the agent's voice, knowledge,
 * advanced settings and calls (update-agent-voice, update-agent-knowledge, update-advanced-settings,
 * get-agent-calls), with the validation, status codes and error bodies of those pages. Where pages
 * disagree, an option picks the variant (see reset()).
 */
const { isDate } = require('./checks');

const TIERS = ['basic', 'pro', 'ultra', 'beta'];
/**
 * Tiers whose templates take (and need) similarity and stability. The pages say "high-fidelity voice
 * templates" without naming tiers; the sandbox's reading (the node's too) is every tier above basic but beta.
 */
const HIGH_FIDELITY_TIERS = ['pro', 'ultra', 'premium', 'high_fidelity'];
const CALL_STATUSES = ['initiated', 'ringing', 'answered', 'completed', 'failed', 'busy', 'no-answer'];

/** [display name, gender, language, tiers]; IDs are stable so tests can name them. */
const SEED = [
	['Ava', 'female', 'en-US', ['basic', 'pro', 'ultra']],
	['Noah', 'male', 'en-US', ['basic', 'pro']],
	['Bianca', 'female', 'pt-BR', ['basic', 'pro', 'ultra']],
	['Isabela', 'female', 'pt-BR', ['basic', 'pro']],
	['Lucia', 'female', 'es-ES', ['beta']],
];
const COST = { basic: '0.10', pro: '0.16', ultra: '0.23', beta: '0.08' };

function templates() {
	const out = [];
	SEED.forEach(([name, gender, language, tiers], g) => {
		tiers.forEach((tier, t) => {
			out.push({ id: `70000000-0000-4000-8000-0000000${String(g).padStart(2, '0')}${String(t).padStart(3, '0')}`, name, gender, language, quality_tier: tier, cost: COST[tier] });
		});
	});
	return out;
}

function reset(sb, options) {
	sb.voiceTemplates = templates();
	/** List Voice Templates: `{success, data: groups}` (its page) or a bare array of groups (openapi.json). */
	sb.voiceTemplatesShape = options.voiceTemplatesShape ?? 'wrapped';
	/**
	 * conversation_speed of Update Agent Voice: `voice-page` greater than 1 and less than 2 (its field
	 * and 422 text), or `create-agent` 0.1–3.0 (Create Agent's range, which the voice page's own
	 * second example, 1.0, fits).
	 */
	sb.voiceSpeedRule = options.voiceSpeedRule ?? 'voice-page';
	/** language of Update Agent Voice: optional (its field) or required (its 422 example). */
	sb.voiceLanguageRequired = options.voiceLanguageRequired ?? false;
	/** similarity/stability: up to 1.0 inclusive (field, openapi) or below 1 (422 text "less than 1"). */
	sb.voiceSettingMaxExclusive = options.voiceSettingMaxExclusive ?? false;
	/** Update Agent Knowledge: the page's fields (`page`) or openapi.json's required `prompt` (`openapi`). */
	sb.knowledgeShape = options.knowledgeShape ?? 'page';
	/** Get Agent Calls' paging object: `pagination` (its page) or `meta` (openapi.json). */
	sb.agentCallsPagingShape = options.agentCallsPagingShape ?? 'pagination';
	/** Calls in the last 7 days per agent, for optimized-costs eligibility (700 needed). */
	sb.agentCallVolume = new Map([
		['550e8400-e29b-41d4-a716-446655440000', 900],
		['550e8400-e29b-41d4-a716-446655440001', 312],
	]);
}

function route(sb, r, res, segments, kit) {
	const [resource, id, sub] = segments;
	if (resource === 'voice-templates' && id === undefined) {
		if (!kit.authorized(r, res, sb.tokens)) return true;
		if (r.method !== 'GET') kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
		else listTemplates(sb, r, res, kit);
		return true;
	}
	if (resource !== 'agents' || id === undefined || segments.length !== 3) return false;
	const handler = { 'PUT voice': updateVoice, 'PUT knowledge': updateKnowledge, 'PATCH advanced-settings': updateAdvanced, 'GET calls': agentCalls }[`${r.method} ${sub}`];
	if (!handler) return false;
	if (!kit.authorized(r, res, sb.tokens)) return true;
	const agent = sb.agents.find((a) => a.id === id);
	if (!agent) kit.sendJson(res, 404, { success: false, message: 'Agent not found' });
	else handler(sb, agent, r, res, kit);
	return true;
}

function listTemplates(sb, r, res, kit) {
	const q = r.query;
	const errors = {};
	if (q.language !== undefined && !kit.LANGUAGES.includes(q.language)) errors.language = ['The selected language is invalid.'];
	if (q.quality_tier !== undefined && !TIERS.includes(q.quality_tier)) errors.quality_tier = ['The selected quality tier is invalid.'];
	if (q.gender !== undefined && !['male', 'female'].includes(q.gender)) errors.gender = ['The selected gender is invalid.'];
	if (Object.keys(errors).length) return kit.validationFailed(res, errors);
	const groups = [];
	for (const t of sb.voiceTemplates) {
		if ((q.language && t.language !== q.language) || (q.quality_tier && t.quality_tier !== q.quality_tier) || (q.gender && t.gender !== q.gender)) continue;
		let group = groups.find((g) => g.display_name === t.name);
		if (!group) groups.push((group = { display_name: t.name, voices: [] }));
		group.voices.push({ ...t });
	}
	return kit.sendJson(res, 200, sb.voiceTemplatesShape === 'array' ? groups : { success: true, data: groups });
}

function voiceSetting(v, field, max, exclusive) {
	if (!v.has(field)) return;
	const x = v.body[field];
	if (typeof x !== 'number' || !Number.isFinite(x) || x < 0.5 || (exclusive ? x >= max : x > max)) {
		v.add(field, exclusive ? `The ${field} must be at least 0.5 and less than 1.` : `The ${field} must be between 0.5 and 1.`);
	}
}

function updateVoice(sb, agent, r, res, kit) {
	const v = new kit.Validator(r.body);
	const body = v.body;
	v.required('voice_id');
	if (v.required('conversation_speed')) {
		const s = body.conversation_speed;
		if (sb.voiceSpeedRule === 'voice-page') {
			if (typeof s !== 'number' || !(s > 1 && s < 2)) v.add('conversation_speed', 'The conversation speed must be greater than 1 and less than 2.');
		} else v.number('conversation_speed', 0.1, 3.0);
	}
	v.enumOf('who_speaks_first', ['agent', 'user'], { required: true });
	v.string('ambient_background', { max: 255 });
	v.number('ambient_volume', 0, 2);
	v.enumOf('language', kit.LANGUAGES, { required: sb.voiceLanguageRequired });
	voiceSetting(v, 'similarity', 1, sb.voiceSettingMaxExclusive);
	voiceSetting(v, 'stability', 1, sb.voiceSettingMaxExclusive);
	if (!v.ok) return kit.validationFailed(res, v.errors);
	const template = sb.voiceTemplates.find((t) => t.id === body.voice_id);
	if (!template) return kit.sendJson(res, 404, { success: false, message: 'Voice template not found' });
	const language = body.language ?? agent.language;
	if (template.language !== language) v.add('voice_id', `The selected voice does not support the language ${language}.`);
	const highFidelity = HIGH_FIDELITY_TIERS.includes(template.quality_tier);
	for (const field of ['similarity', 'stability']) {
		if (highFidelity && !v.has(field)) v.add(field, `The ${field} field is required for high-fidelity voice templates.`);
		if (!highFidelity && v.has(field)) v.add(field, `The ${field} field is prohibited for ${template.quality_tier} voice templates.`);
	}
	if (!v.ok) return kit.validationFailed(res, v.errors);
	agent.language = language;
	agent.conversation_speed = body.conversation_speed;
	agent.who_speaks_first = body.who_speaks_first;
	agent.voice = {
		id: `voice-${agent.id.slice(-4)}-${template.id.slice(-5)}`,
		name: template.name,
		label: `${template.name} Voice`,
		stability: body.stability ?? null,
		similarity_boost: body.similarity ?? null,
		ambient_background: body.ambient_background ?? null,
		ambient_volume: body.ambient_volume ?? 1,
		template: { id: template.id, name: template.name, quality_tier: template.quality_tier },
	};
	// Both pages: the agent goes back to draft and must be published again.
	agent.current_status = 'draft';
	agent.updated_at = kit.now();
	return kit.sendJson(res, 200, { success: true, message: 'Agent voice updated successfully', data: agent });
}

function updateKnowledge(sb, agent, r, res, kit) {
	const v = new kit.Validator(r.body);
	const body = v.body;
	if (sb.knowledgeShape === 'openapi') v.string('prompt', { required: true, max: 65535 });
	else {
		if (v.required('description') && (typeof body.description !== 'string' || [...body.description].length < 5)) v.add('description', 'The description must be at least 5 characters.');
		if (v.has('initial_message')) {
			const m = body.initial_message;
			if (typeof m !== 'string' || [...m].length < 5) v.add('initial_message', 'The initial message must be at least 5 characters.');
			else if ([...m].length > 255) v.add('initial_message', 'The initial message may not be greater than 255 characters.');
		}
		v.enumOf('interrupt_sensitivity', ['low', 'medium', 'high'], { required: true });
		v.boolean('ask_if_human_present_on_idle', { required: true });
		v.number('llm_temperature', 0, 2, { required: true });
		v.number('initial_message_delay', 0, 60, { required: true, integer: true });
		v.string('prompt', { max: 65535 });
	}
	if (!v.ok) return kit.validationFailed(res, v.errors);
	for (const f of ['description', 'initial_message', 'interrupt_sensitivity', 'ask_if_human_present_on_idle', 'llm_temperature', 'initial_message_delay', 'prompt']) {
		if (v.has(f)) agent[f] = body[f];
	}
	agent.current_status = 'draft';
	agent.updated_at = kit.now();
	return kit.sendJson(res, 200, { success: true, message: 'Agent knowledge updated successfully', data: agent });
}

function updateAdvanced(sb, agent, r, res, kit) {
	const v = new kit.Validator(r.body);
	v.boolean('enable_initial_message_cache');
	if (!v.ok) return kit.validationFailed(res, v.errors);
	const settings = (agent.advanced_settings = agent.advanced_settings ?? { enable_initial_message_cache: false });
	if (v.body.enable_initial_message_cache === true) {
		const calls = sb.agentCallVolume.get(agent.id) ?? 0;
		if (calls < 700) {
			return kit.sendJson(res, 422, {
				success: false,
				message: 'Agent does not meet the call volume threshold for optimized costs',
				code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE',
				details: { current_calls: calls, required_calls: 700, threshold_days: 7 },
			});
		}
	}
	if (v.has('enable_initial_message_cache')) settings.enable_initial_message_cache = v.body.enable_initial_message_cache;
	agent.updated_at = kit.now();
	return kit.sendJson(res, 200, { success: true, message: 'Advanced settings updated successfully', data: { id: agent.id, name: agent.name, advanced_settings: { ...settings }, updated_at: agent.updated_at } });
}

function formatted(number) {
	const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
	return m ? `(${m[1]}) ${m[2]}-${m[3]}` : number;
}

function agentCalls(sb, agent, r, res, kit) {
	const q = r.query;
	const errors = {};
	if (q.status !== undefined && !CALL_STATUSES.includes(q.status)) errors.status = ['The selected status is invalid.'];
	if (q.direction !== undefined && !['inbound', 'outbound'].includes(q.direction)) errors.direction = ['The selected direction is invalid.'];
	for (const f of ['date_from', 'date_to']) if (q[f] !== undefined && !isDate(q[f])) errors[f] = [`The ${kit.humanize(f)} must be a valid date.`];
	if (Object.keys(errors).length) return kit.validationFailed(res, errors);
	const items = sb.calls
		.filter((c) => c.agent_id === agent.id)
		.map((c) => {
			// No agent object: "it's already specified in the URL".
			const call = sb.listedCall(c);
			delete call.agent;
			return { ...call, to_formatted: formatted(call.to), from_formatted: formatted(call.from) };
		})
		.filter(
			(c) =>
				(!q.status || c.status === q.status) &&
				(!q.direction || c.direction === q.direction) &&
				(!q.date_from || c.created_at.slice(0, 10) >= q.date_from) &&
				(!q.date_to || c.created_at.slice(0, 10) <= q.date_to) &&
				(!q.search || c.to.includes(q.search) || c.from.includes(q.search) || c.sid.includes(q.search)),
		);
	const paged = sb.page(items, r, sb.agentCallsPagingShape);
	if (paged.errors) return kit.validationFailed(res, paged.errors);
	return kit.sendJson(res, 200, { success: true, ...paged });
}

module.exports = { reset, route, TIERS, HIGH_FIDELITY_TIERS };
