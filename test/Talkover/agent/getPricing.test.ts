import type { IDataObject } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';
import { answersOf, recordOf } from '../../contract/documented';

const { sandbox, credentials } = useSandbox();

const getPricing = { resource: 'agent', operation: 'getPricing', agentId: byId(SUPPORT_AGENT) };

/** The pages' own example answers (test/contract/documented-answers.json, never retyped): the Support agent is the pages' example agent. */
const pageAnswer = (route: string) => answersOf(route).find((a) => a.status === 200)!.body as IDataObject;
const SUMMARY = pageAnswer('GET /agents/{}/pricing/summary');
const BREAKDOWN = pageAnswer('GET /agents/{}/pricing');

const DETAILS = [
	['Summary', 'summary', `/api/v1/agents/${SUPPORT_AGENT}/pricing/summary`, SUMMARY],
	['Full Breakdown', 'full', `/api/v1/agents/${SUPPORT_AGENT}/pricing`, BREAKDOWN],
] as const;

const unreadable = (problem: string) => `Talkover's answer could not be read: ${problem}`;

describe('Agent → Get Pricing', () => {
	test('Summary is the default: GET /agents/{id}/pricing/summary, one item with the page’s summary as Talkover sends it', async () => {
		const { output, error } = await runTalkover({ parameters: getPricing, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path, r.rawQuery, r.headers.authorization, r.rawBody])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}/pricing/summary`, '', `Bearer ${TOKEN}`, '']]);
		expect(output!.map((o) => [o.json, o.pairedItem])).toEqual([[recordOf(SUMMARY), { item: 0 }]]);
		expect(output![0].json).toMatchObject({ currency: 'USD', estimated_cost_per_minute: 0.0855, voice_quality_tier: 'high_fidelity', optimized_costs_enabled: false });
		expect(output![0].json).not.toHaveProperty('success');
	});

	test('Full Breakdown: GET /agents/{id}/pricing, one item with the page’s breakdown (each part’s price, inbound and outbound) as Talkover sends it', async () => {
		const { output, error } = await runTalkover({ parameters: { ...getPricing, detail: 'full' }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path, r.rawQuery, r.headers.authorization, r.rawBody])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}/pricing`, '', `Bearer ${TOKEN}`, '']]);
		expect(output!.map((o) => [o.json, o.pairedItem])).toEqual([[recordOf(BREAKDOWN), { item: 0 }]]);
		expect(output![0].json).toMatchObject({ currency: 'USD', estimated_cost_per_minute: 0.0855, components: { voice_synthesis: { unit: 'per_minute', price: 0.045 } }, transport: { outbound: { price: 0.018 } } });
		expect(output![0].json).not.toHaveProperty('success');
	});

	test('one item per input item, each with its own agent and Detail, paired with its item', async () => {
		sandbox().pricing.estimated_cost_per_minute = 0.12;
		const { output, error } = await runTalkover({
			items: [{ agent: SUPPORT_AGENT, detail: 'summary' }, { agent: SALES_AGENT, detail: 'full' }],
			parameters: { ...getPricing, agentId: byId('={{ $json.agent }}'), detail: '={{ $json.detail }}' },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.path)).toEqual([`/api/v1/agents/${SUPPORT_AGENT}/pricing/summary`, `/api/v1/agents/${SALES_AGENT}/pricing`]);
		expect(output!.map((o) => [o.json.agent_id, o.json.currency, o.json.estimated_cost_per_minute, 'components' in o.json, o.pairedItem])).toEqual([
			[SUPPORT_AGENT, 'USD', 0.12, false, { item: 0 }],
			[SALES_AGENT, 'USD', 0.12, true, { item: 1 }],
		]);
	});

	test.each(DETAILS)('%s: the pricing without the {success, data} envelope, which no document shows for it, is an error, not an item', async (_name, detail, path, page) => {
		const bare = recordOf(page) as IDataObject;
		sandbox().inject({ method: 'GET', path, status: 200, body: bare, times: Infinity });
		const { output, error } = await runTalkover({ parameters: { ...getPricing, detail, options: { maxRetries: 0 } }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe("Talkover's answer does not have the expected data (data is missing)");
	});

	test('the agent’s ID written back in capitals, or not written back, is still this agent’s pricing', async () => {
		const upper = { success: true, data: { ...(recordOf(SUMMARY) as IDataObject), agent_id: SUPPORT_AGENT.toUpperCase() } };
		const without = { success: true, data: { ...(recordOf(SUMMARY) as IDataObject), agent_id: undefined } };
		for (const body of [upper, without]) {
			sandbox().inject({ method: 'GET', status: 200, body });
			const { output, error } = await runTalkover({ parameters: getPricing, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(output![0].json.estimated_cost_per_minute).toBe(0.0855);
		}
	});

	test.each(DETAILS)('%s: an unknown agent is Talkover’s 404, named with the agent’s ID', async (_name, detail) => {
		const { output, error } = await runTalkover({ parameters: { ...getPricing, detail, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
		expect(error?.httpCode).toBe('404');
		expect(sandbox().requests).toHaveLength(1);
	});

	const summary = recordOf(SUMMARY) as IDataObject;
	test.each<[string, unknown, string]>([
		['estimated_cost_per_minute as text', { success: true, data: { ...summary, estimated_cost_per_minute: '0.0855' } }, unreadable('the pricing\'s estimated_cost_per_minute is the text "0.0855", not a price (a number of at least 0)')],
		['estimated_cost_per_minute missing', { success: true, data: { ...summary, estimated_cost_per_minute: undefined } }, unreadable("the pricing's estimated_cost_per_minute is missing, not a price (a number of at least 0)")],
		['estimated_cost_per_minute null', { success: true, data: { ...summary, estimated_cost_per_minute: null } }, unreadable("the pricing's estimated_cost_per_minute is null, not a price (a number of at least 0)")],
		['a negative estimated_cost_per_minute', { success: true, data: { ...summary, estimated_cost_per_minute: -0.0855 } }, unreadable("the pricing's estimated_cost_per_minute is -0.0855, not a price (a number of at least 0)")],
		['currency missing', { success: true, data: { ...summary, currency: undefined } }, unreadable("the pricing's currency is missing, not a currency code such as USD")],
		['a currency that is no currency code', { success: true, data: { ...summary, currency: 'credits' } }, unreadable('the pricing\'s currency is "credits", not a currency code such as USD')],
		['a bare object that is no pricing', { id: 'x', message: 'ok' }, "Talkover's answer does not have the expected data (data is missing)"],
		['data: null', { success: true, data: null }, "Talkover's answer does not have the expected data (data is null)"],
		['data missing', { success: true, message: 'ok' }, "Talkover's answer does not have the expected data (data is missing)"],
		['data a list', { success: true, data: [summary] }, "Talkover's answer does not have the expected data (data is a list)"],
		['an error marker inside the pricing', { success: true, data: { ...summary, estimated_cost_per_minute: 0, error: { code: 'PRICING_UNAVAILABLE', message: 'Pricing unavailable' } } }, "Talkover's answer does not have the expected data (data: an error instead of the data)"],
		['a status_code of 503 inside the pricing', { success: true, data: { ...summary, estimated_cost_per_minute: 0, status_code: 503 } }, "Talkover's answer does not have the expected data (data: an error (status_code 503) instead of the data)"],
		['another agent’s pricing', { success: true, data: { ...summary, agent_id: SALES_AGENT, estimated_cost_per_minute: 0.001 } }, unreadable(`the pricing is of agent ${SALES_AGENT}, not of agent ${SUPPORT_AGENT}`)],
		['an agent_id that is no text', { success: true, data: { ...summary, agent_id: 7 } }, unreadable(`the pricing is of agent a number, not of agent ${SUPPORT_AGENT}`)],
		['an error beside the pricing', { ...summary, error: { code: 'PRICING_UNAVAILABLE', message: 'Pricing unavailable' } }, "Talkover's answer does not have the expected data (an error instead of a record)"],
	])('an answer that makes no sense (%s) is an error, never an item to compute a cost from', async (_what, body, message) => {
		sandbox().inject({ method: 'GET', status: 200, body, times: Infinity });
		const { output, error } = await runTalkover({ parameters: { ...getPricing, options: { maxRetries: 0 } }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe(message);
	});

	test('a Detail that is neither Summary nor Full Breakdown (from an expression) is refused before anything is sent', async () => {
		const { error } = await runTalkover({ items: [{ detail: 'everything' }], parameters: { ...getPricing, detail: '={{ $json.detail }}' }, credentials: credentials() });
		expect(error?.message).toBe('Detail (item 0): "everything" is not one of the allowed values: full, summary');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('Continue On Fail: the unknown agent is an error item, the known one gets its pricing', async () => {
		const { output } = await runTalkover({
			items: [{ agent: UNKNOWN_AGENT }, { agent: SUPPORT_AGENT }],
			parameters: { ...getPricing, agentId: byId('={{ $json.agent }}') },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ?? o.json.estimated_cost_per_minute, o.pairedItem])).toEqual([
			[`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`, { item: 0 }],
			[0.0855, { item: 1 }],
		]);
	});
});
