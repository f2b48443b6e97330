/** An agent's pricing as Agent → Get Pricing reads it from Talkover's answer (nodes/shared/answers/pricing.ts): what a run's cost is computed from is there, or the answer is an error. */
import { AGENT_PRICING, AnswerProblem } from '../../../nodes/shared/answers';
import { answerProblem } from '../../../nodes/shared/transport/answer';
import { answersOf, recordOf } from '../../contract/documented';

const read = (body: unknown) => {
	// As the transport does: the shape with the status first, then the reader.
	const shape = answerProblem(200, body, AGENT_PRICING.expect);
	if (shape) throw new AnswerProblem(shape);
	return AGENT_PRICING.read(body);
};

const SUMMARY = recordOf(answersOf('GET /agents/{}/pricing/summary')[0].body) as Record<string, unknown>;

test.each(['GET /agents/{}/pricing', 'GET /agents/{}/pricing/summary'])('%s: the page’s example is the pricing; without its envelope, which no document shows, an AnswerProblem', (route) => {
	const page = answersOf(route).find((a) => a.status === 200)!.body;
	expect(read(page)).toEqual(recordOf(page));
	expect(() => read(recordOf(page))).toThrow(AnswerProblem);
});

test.each<[string, Record<string, unknown>]>([
	['a price of 0 (nothing to pay is a price)', { ...SUMMARY, estimated_cost_per_minute: 0 }],
	['a currency written in small letters', { ...SUMMARY, currency: 'eur' }],
	['fields no page shows beside the two that are checked', { currency: 'USD', estimated_cost_per_minute: 0.1, minimum_charge_seconds: 60 }],
])('%s is read as sent', (_what, pricing) => {
	expect(read({ success: true, data: pricing })).toEqual(pricing);
});

test.each<[string, unknown, string]>([
	['a price as text', { ...SUMMARY, estimated_cost_per_minute: '0.0855' }, 'the pricing\'s estimated_cost_per_minute is the text "0.0855", not a price (a number of at least 0)'],
	['a negative price', { ...SUMMARY, estimated_cost_per_minute: -1 }, "the pricing's estimated_cost_per_minute is -1, not a price (a number of at least 0)"],
	['a price that is an object', { ...SUMMARY, estimated_cost_per_minute: { amount: 0.0855 } }, "the pricing's estimated_cost_per_minute is an object, not a price (a number of at least 0)"],
	['no currency', { estimated_cost_per_minute: 0.0855 }, "the pricing's currency is missing, not a currency code such as USD"],
	['an empty currency', { ...SUMMARY, currency: '' }, 'the pricing\'s currency is "", not a currency code such as USD'],
	['a symbol instead of a code', { ...SUMMARY, currency: '$' }, 'the pricing\'s currency is "$", not a currency code such as USD'],
	['a currency that is a number', { ...SUMMARY, currency: 840 }, "the pricing's currency is a number, not a currency code such as USD"],
])('%s is an AnswerProblem', (_what, pricing, problem) => {
	expect(() => read({ success: true, data: pricing })).toThrow(new AnswerProblem(problem));
});
