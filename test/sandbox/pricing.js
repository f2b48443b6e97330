'use strict';
/**
 * Sandbox endpoints for an agent's pricing (get-agent-pricing.mdx: the full breakdown,
 * get-agent-pricing-summary.mdx: the summary). Every agent is priced as the pages' examples show
 * (`sb.pricing`, the breakdown without its `agent_id`; a test may change it), so the Support agent
 * (the pages' example agent) is answered exactly the pages' examples. The summary is the breakdown's
 * `currency` and `estimated_cost_per_minute`, the voice synthesis tier as `voice_quality_tier`, and
 * `optimized_costs_enabled` from the agent's advanced settings (Update Advanced Settings). openapi.json
 * has no pricing route: the answers are the pages' `{success, data}` whatever `answerShape` says.
 */

/** get-agent-pricing.mdx's example breakdown. */
const PAGE_PRICING = {
	currency: 'USD',
	components: {
		voice_synthesis: { unit: 'per_minute', price: 0.045, tier: 'high_fidelity' },
		transcription: { unit: 'per_minute', price: 0.012 },
		language_model: { unit: 'per_1k_tokens', input_price: 0.0015, output_price: 0.006 },
	},
	transport: {
		outbound: { country_code: 'US', unit: 'per_minute', price: 0.018 },
		inbound: { country_code: 'US', unit: 'per_minute', price: 0.0085 },
	},
	estimated_cost_per_minute: 0.0855,
	calculated_at: '2024-01-15T10:30:00Z',
};

function reset(sb) {
	/** The pricing of every agent (the breakdown without `agent_id`). */
	sb.pricing = JSON.parse(JSON.stringify(PAGE_PRICING));
}

function route(sb, r, res, segments, kit) {
	const [resource, agentId, sub, detail] = segments;
	if (resource !== 'agents' || agentId === undefined || sub !== 'pricing' || segments.length > 4 || (detail !== undefined && detail !== 'summary')) return false;
	if (!kit.authorized(r, res, sb.tokens)) return true;
	const agent = sb.agents.find((a) => a.id === agentId);
	if (!agent) kit.sendJson(res, 404, { success: false, message: 'Agent not found' });
	else if (r.method !== 'GET') kit.sendJson(res, 405, { success: false, message: 'Method not allowed' });
	else if (detail === undefined) kit.sendJson(res, 200, { success: true, data: { agent_id: agent.id, ...JSON.parse(JSON.stringify(sb.pricing)) } });
	else {
		const summary = {
			agent_id: agent.id,
			currency: sb.pricing.currency,
			estimated_cost_per_minute: sb.pricing.estimated_cost_per_minute,
			voice_quality_tier: sb.pricing.components?.voice_synthesis?.tier ?? null,
			optimized_costs_enabled: agent.advanced_settings?.enable_initial_message_cache === true,
		};
		kit.sendJson(res, 200, { success: true, data: summary });
	}
	return true;
}

module.exports = { reset, route };
