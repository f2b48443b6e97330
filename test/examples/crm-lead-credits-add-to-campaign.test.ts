import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INode } from 'n8n-workflow';

import { runChain } from '../helpers/n8n';
import { useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();
/** Thursday 15 January 2026, 10:00 in New York and 15:00 in London: inside the example's Calling Hours. */
const IN_HOURS = Date.parse('2026-01-15T15:00:00Z');
beforeEach(() => (clock().time = IN_HOURS));

const workflow = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples/crm-lead-credits-add-to-campaign.json'), 'utf8'));
const node = (name: string) => (workflow.nodes as INode[]).find((n) => n.name === name)!;

describe('examples/crm-lead-credits-add-to-campaign.json', () => {
	test('webhook → Credit Balance → IF balance ≥ 10 → Add Call (test call) → write back; else mark the lead', () => {
		expect(workflow.connections['CRM Webhook'].main[0][0].node).toBe('Talkover: Credit Balance');
		expect(workflow.connections['Talkover: Credit Balance'].main[0][0].node).toBe('Enough credits?');
		expect(workflow.connections['Enough credits?'].main[0][0].node).toBe('Talkover: Add Call to Campaign');
		expect(workflow.connections['Enough credits?'].main[1][0].node).toBe('Not enough credits: mark lead');
		expect(node('Enough credits?').parameters).toMatchObject({ conditions: { conditions: [{ leftValue: '={{ $json.balance }}', rightValue: 10, operator: { operation: 'gte' } }] } });
		expect(node('Talkover: Add Call to Campaign').parameters).toMatchObject({ isTesting: true, campaignId: { value: ACTIVE_CAMPAIGN } });
		expect(node('Talkover: Add Call to Campaign').parameters.allowDuplicates).toBeUndefined();
	});

	test('Calling Hours: Monday to Friday 09:00–20:00 in the lead’s time (its zone from the CRM); a lead outside them goes to Call later with the next allowed moment', () => {
		expect(node('Talkover: Add Call to Campaign').parameters.options).toMatchObject({
			callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '20:00', timeZone: "={{ $('CRM Webhook').item.json.body.timezone }}", whenZoneUnknown: 'refuse' } },
		});
		expect(workflow.connections['Talkover: Add Call to Campaign'].main[0][0].node).toBe('Outside calling hours?');
		expect(workflow.connections['Outside calling hours?'].main.map((output: Array<{ node: string }>) => output[0].node)).toEqual(['Call later: mark lead', 'Write back to CRM']);
		expect(node('Outside calling hours?').parameters).toMatchObject({ conditions: { conditions: [{ leftValue: '={{ $json.nextAllowedAt !== undefined }}', operator: { type: 'boolean', operation: 'true' } }] } });
		expect(workflow.pinData['CRM Webhook'][0].json.body.timezone).toBe('America/New_York');
	});

	test('run through n8n at 02:00 the lead’s time: nothing is queued; the item carries the next allowed moment for Call later', async () => {
		clock().time = Date.parse('2026-01-15T07:00:00Z');
		const lead = { body: { phone: '+1 (555) 010-7788', first_name: 'Carol', company: 'Initech', timezone: 'America/New_York', record_id: 'crm-2001' } };
		const run = await runChain({ sourceName: 'CRM Webhook', items: [lead], nodes: [{ name: 'Talkover: Add Call to Campaign', parameters: node('Talkover: Add Call to Campaign').parameters }], credentials: credentials() });
		expect(run.data.resultData.error).toBeUndefined();
		expect(sandbox().requests).toEqual([]);
		expect(run.data.resultData.runData['Talkover: Add Call to Campaign'][0].data!.main[0]![0].json).toMatchObject({ skipped: true, nextAllowedAt: '2026-01-15T09:00:00-05:00', timeZoneSource: 'field' });
	});

	test('run through n8n: each lead is queued once, with its payload and CRM record ID, found through the paired items of Get Balance', async () => {
		const leads = [
			{ body: { phone: '+1 (555) 010-7788', first_name: 'Carol', company: 'Initech', timezone: 'America/New_York', record_id: 'crm-2001' } },
			{ body: { phone: '+44 20 7946 0000', first_name: 'Dan', company: 'Hooli', record_id: 'crm-2002' } },
		];
		const run = await runChain({
			sourceName: 'CRM Webhook',
			items: leads,
			nodes: [
				{ name: 'Talkover: Credit Balance', parameters: node('Talkover: Credit Balance').parameters },
				{ name: 'Talkover: Add Call to Campaign', parameters: node('Talkover: Add Call to Campaign').parameters },
			],
			credentials: credentials(),
		});
		expect(run.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('GET', '/api/v1/credits/balance')).toHaveLength(2);
		expect(sandbox().requestsTo('POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`).map((r) => r.body)).toEqual([
			{ to: '+15550107788', is_testing: true, allow_duplicates: false, payload: { first_name: 'Carol', company: 'Initech' }, context: { crm_record_id: 'crm-2001' } },
			{ to: '+442079460000', is_testing: true, allow_duplicates: false, payload: { first_name: 'Dan', company: 'Hooli' }, context: { crm_record_id: 'crm-2002' } },
		]);
		const added = run.data.resultData.runData['Talkover: Add Call to Campaign'][0].data!.main[0]!;
		expect(added.map((o) => [o.json.to, o.json.status, o.pairedItem])).toEqual([
			['+15550107788', 'queued', { item: 0 }],
			['+442079460000', 'queued', { item: 1 }],
		]);
	});

	test('the same lead sent twice is queued once: the second run outputs the queued call, skipped (Skip Numbers Called Within 1440)', async () => {
		const lead = { body: { phone: '+15550107788', first_name: 'Carol', company: 'Initech', timezone: 'America/New_York', record_id: 'crm-2001' } };
		const parameters = node('Talkover: Add Call to Campaign').parameters;
		const first = await runChain({ sourceName: 'CRM Webhook', items: [lead], nodes: [{ name: 'Add', parameters }], credentials: credentials() });
		expect(first.data.resultData.error).toBeUndefined();
		const second = await runChain({ sourceName: 'CRM Webhook', items: [lead], nodes: [{ name: 'Add', parameters }], credentials: credentials() });
		expect(second.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`)).toHaveLength(1);
		const [queued] = sandbox().campaignCalls.filter((c) => c.to === '+15550107788');
		expect(sandbox().campaignCalls.filter((c) => c.to === '+15550107788')).toHaveLength(1);
		expect(second.data.resultData.runData.Add[0].data!.main[0]![0].json).toMatchObject({ id: queued.id, status: 'queued', skipped: true });
	});

	test('without the option, the duplicate fails with the existing call (Allow Duplicates stays off)', async () => {
		const lead = { body: { phone: '+15550107788', first_name: 'Carol', company: 'Initech', timezone: 'America/New_York', record_id: 'crm-2001' } };
		const parameters = { ...node('Talkover: Add Call to Campaign').parameters, options: {} };
		const first = await runChain({ sourceName: 'CRM Webhook', items: [lead], nodes: [{ name: 'Add', parameters }], credentials: credentials() });
		expect(first.data.resultData.error).toBeUndefined();
		const second = await runChain({ sourceName: 'CRM Webhook', items: [lead], nodes: [{ name: 'Add', parameters }], credentials: credentials() });
		expect(second.data.resultData.error?.message).toMatch(/^This number already has an open call in the campaign/);
		expect(sandbox().campaignCalls.filter((c) => c.to === '+15550107788')).toHaveLength(1);
	});
});
