import type { IDataObject } from 'n8n-workflow';

import { kindOf } from '../transport/answer';
import { AnswerProblem } from './reader';
import type { ShapedReader } from './shape';
import { dataOf, shaped } from './shape';

/** A currency as Talkover writes it: a three-letter code (ISO 4217), `USD` on both pricing pages. */
const CURRENCY = /^[A-Za-z]{3}$/;

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
	const currency = pricing.currency;
	if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
		const given = typeof currency === 'string' ? `"${currency}"` : kindOf(currency);
		throw new AnswerProblem(`the pricing's currency is ${given}, not a currency code such as USD`);
	}
	const price = pricing.estimated_cost_per_minute;
	if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
		const given = typeof price === 'number' ? String(price) : typeof price === 'string' ? `the text "${price}"` : kindOf(price);
		throw new AnswerProblem(`the pricing's estimated_cost_per_minute is ${given}, not a price (a number of at least 0)`);
	}
	return pricing;
}

/**
 * An agent's pricing: the pages' `{success, data: pricing}` (Get Agent Pricing, Get Agent Pricing Summary),
 * the one shape documented (openapi.json has no pricing route): a pricing without the envelope is shown by no
 * document, so it is an error, as for the other agent operations openapi.json does not answer.
 */
export const AGENT_PRICING: ShapedReader<IDataObject> = shaped(['GET /agents/{}/pricing', 'GET /agents/{}/pricing/summary'], 'object', (body) => readPricing(dataOf(body)));
