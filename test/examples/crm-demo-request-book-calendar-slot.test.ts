import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INode } from 'n8n-workflow';

import { runChain } from '../helpers/n8n';
import { useSandbox } from '../helpers/fixtures';
import { SALES_CALENDAR } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

const workflow = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples/crm-demo-request-book-calendar-slot.json'), 'utf8'));
const node = (name: string) => (workflow.nodes as INode[]).find((n) => n.name === name)!;
const request = { body: { record_id: 'crm-3001', name: 'Erin Example', email: 'erin@initech.example', company: 'Initech', day: '2026-03-02' } };

describe('examples/crm-demo-request-book-calendar-slot.json', () => {
	test('webhook → Free Slots (one item) → IF any → Book Demo (only if free) → write back; else mark the lead', () => {
		expect(workflow.connections['CRM Webhook'].main[0][0].node).toBe('Talkover: Free Slots');
		expect(workflow.connections['Talkover: Free Slots'].main[0][0].node).toBe('Any free slot?');
		expect(workflow.connections['Any free slot?'].main[0][0].node).toBe('Talkover: Book Demo');
		expect(workflow.connections['Any free slot?'].main[1][0].node).toBe('No free slot: mark lead');
		expect(node('Talkover: Free Slots').parameters).toMatchObject({ operation: 'getAvailability', output: 'single' });
		expect(node('Talkover: Book Demo').parameters.onlyIfFree).toBeUndefined();
	});

	test('run through n8n: the first free slot of the day (09:00 New York) is booked for the lead, after checking it is still free', async () => {
		const run = await runChain({
			sourceName: 'CRM Webhook',
			items: [request],
			nodes: [
				{ name: 'Talkover: Free Slots', parameters: node('Talkover: Free Slots').parameters },
				{ name: 'Talkover: Book Demo', parameters: node('Talkover: Book Demo').parameters },
			],
			credentials: credentials(),
		});
		expect(run.data.resultData.error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/availability`],
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/events`],
			['POST', `/api/v1/calendars/${SALES_CALENDAR}/events`],
		]);
		expect(sandbox().requests[2].body).toEqual({
			title: 'Demo with Initech',
			start_at: '2026-03-02T14:00:00Z',
			end_at: '2026-03-02T14:30:00Z',
			type: 'meeting',
			description: 'Booked from CRM record crm-3001',
			attendees: [{ name: 'Erin Example', email: 'erin@initech.example' }],
		});
	});

	test('two leads for the same day: the second finds the slot taken and fails instead of double-booking', async () => {
		const nodes = [
			{ name: 'Talkover: Free Slots', parameters: node('Talkover: Free Slots').parameters },
			{ name: 'Talkover: Book Demo', parameters: node('Talkover: Book Demo').parameters },
		];
		// Both leads read the availability before either books (as two parallel executions would).
		const first = await runChain({ sourceName: 'CRM Webhook', items: [request], nodes: nodes.slice(0, 1), credentials: credentials() });
		const slots = first.data.resultData.runData['Talkover: Free Slots'][0].data!.main[0]![0].json;
		await runChain({ sourceName: 'CRM Webhook', items: [{ ...slots, ...request }], nodes: [{ ...nodes[1], parameters: { ...nodes[1].parameters, title: 'First' } }], credentials: credentials() });
		const second = await runChain({ sourceName: 'CRM Webhook', items: [{ ...slots, ...request }], nodes: [{ ...nodes[1], parameters: { ...nodes[1].parameters, title: 'Second' } }], credentials: credentials() });
		expect(second.data.resultData.error?.message).toBe('The time slot is no longer free: "First" (2026-03-02T14:00:00Z to 2026-03-02T14:30:00Z) is booked there');
		expect(sandbox().requestsTo('POST')).toHaveLength(1);
	});
});
