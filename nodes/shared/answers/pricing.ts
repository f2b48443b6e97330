import type { IDataObject } from 'n8n-workflow';

import { kindOf } from '../transport/answer';
import { clip } from '../transport/shownText';
import { checkMoney } from './money';
import { AnswerProblem } from './reader';
import type { ShapedReader } from './shape';
import { dataOf, shaped } from './shape';

/**
 * The pricing of one agent, as output: the full breakdown (get-agent-pricing.mdx: `currency`,
 * `components`, `transport`, `estimated_cost_per_minute`, `calculated_at`) or the summary
 * (get-agent-pricing-summary.mdx: `currency`, `estimated_cost_per_minute`, `voice_quality_tier`,
 * `optimized_costs_enabled`), as Talkover sends it. What a workflow computes a run's cost from must be
 * there: `currency`, a three-letter code, and `estimated_cost_per_minute`, a number of at least 0 (both
 * pages show a JSON number). A price missing, written as text, negative, or in no currency is an
 * AnswerProblem: a run's cost is never computed from a guess. The rest is output as sent.
 */
function readPricing(value: unknown): IDataObject {
	const pricing = value as IDataObject;
	checkMoney(pricing, 'pricing', [{ field: 'estimated_cost_per_minute', min: 0, means: 'a price (a number of at least 0)' }]);
	return pricing;
}

/**
 * An agent's pricing: the pages' `{success, data: pricing}` (Get Agent Pricing, Get Agent Pricing Summary),
 * the one shape documented (openapi.json has no pricing route): a pricing without the envelope is shown by no
 * document, so it is an error, as for the other agent operations openapi.json does not answer.
 */
export const AGENT_PRICING: ShapedReader<IDataObject> = shaped(['GET /agents/{}/pricing', 'GET /agents/{}/pricing/summary'], 'object', (body) => readPricing(dataOf(body)));

/**
 * The pricing of the agent asked for (AGENT_PRICING): a pricing that names another agent (`agent_id`, either case)
 * is an AnswerProblem, never that agent's price given as this one's; one that names none is taken as the answer.
 */
export function agentPricing(agentId: string): ShapedReader<IDataObject> {
	return {
		...AGENT_PRICING,
		read: (body) => {
			const pricing = AGENT_PRICING.read(body);
			const named = pricing.agent_id;
			if (named !== undefined && (typeof named !== 'string' || named.toLowerCase() !== agentId.toLowerCase())) {
				throw new AnswerProblem(`the pricing is of agent ${typeof named === 'string' ? clip(named, 80) : kindOf(named)}, not of agent ${agentId}`);
			}
			return pricing;
		},
	};
}
