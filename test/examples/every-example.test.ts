import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { forgetDayCounts, loadSource, NODE_TYPE, runChain, runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, SALES_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();
const TRIGGER_TYPE = 'n8n-nodes-talkover.talkoverTrigger';
const dir = path.resolve(__dirname, '../../examples');
const examples = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
/** The package's nodes each example holds, in order. */
const PACKAGE_NODES: Record<string, string[]> = {
	'agent-tool-book-chosen-slot.json': [TRIGGER_TYPE, NODE_TYPE, NODE_TYPE],
	'agent-tool-look-up-caller-in-crm.json': [TRIGGER_TYPE],
	'call-ended-update-crm.json': [TRIGGER_TYPE],
	'campaign-call-ended-update-crm.json': [TRIGGER_TYPE],
	'crm-lead-call-and-wait-for-outcome.json': [NODE_TYPE],
	'crm-lead-call-at-most-per-day.json': [NODE_TYPE],
	'crm-lead-call-if-not-on-a-call.json': [NODE_TYPE, NODE_TYPE],
	'crm-lead-call-until-reached.json': [NODE_TYPE],
	'crm-lead-check-active-call.json': [NODE_TYPE],
	'crm-demo-request-book-calendar-slot.json': [NODE_TYPE, NODE_TYPE],
	'crm-lead-credits-add-to-campaign.json': [NODE_TYPE, NODE_TYPE],
};

test('the example workflows', () => {
	expect(examples).toEqual(['agent-tool-book-chosen-slot.json', 'agent-tool-look-up-caller-in-crm.json', 'call-ended-update-crm.json', 'campaign-call-ended-update-crm.json', 'crm-demo-request-book-calendar-slot.json', 'crm-lead-call-and-wait-for-outcome.json', 'crm-lead-call-at-most-per-day.json', 'crm-lead-call-if-not-on-a-call.json', 'crm-lead-call-until-reached.json', 'crm-lead-check-active-call.json', 'crm-lead-credits-add-to-campaign.json']);
});

describe.each(examples)('examples/%s', (file) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	/** Nodes of this package: the Talkover node and the Talkover Trigger. */
	const packageNodes = (workflow.nodes as INode[]).filter((n) => n.type === NODE_TYPE || n.type === TRIGGER_TYPE);

	test('uses the node types users get from the package, with a Talkover API credential, and valid parameters', () => {
		expect(packageNodes.map((n) => n.type)).toEqual(PACKAGE_NODES[file]);
		for (const n of packageNodes) {
			const node = n.type === NODE_TYPE ? loadSource().node : loadSource().trigger;
			expect(Object.keys(n.credentials ?? {})).toEqual(['talkoverApi']);
			const full = { ...n, parameters: NodeHelpers.getNodeParameters(node.description.properties, n.parameters, true, false, n, node.description)! };
			expect(NodeHelpers.getNodeParametersIssues(node.description.properties, full, node.description)).toBeNull();
		}
		for (const [from, outputs] of Object.entries(workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>)) {
			expect(workflow.nodes.map((n: INode) => n.name)).toContain(from);
			for (const target of outputs.main.flat()) expect(workflow.nodes.map((n: INode) => n.name)).toContain(target.node);
		}
	});
});

describe.each(['crm-lead-check-active-call.json', 'crm-lead-call-if-not-on-a-call.json'])('examples/%s', (file) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	const getActive = (workflow.nodes as INode[]).find((n) => n.name === 'Talkover: Get Active Call')!;

	test('its Get Active node runs against the sandbox with a CRM-like webhook item', async () => {
		expect(getActive.parameters.operation).toBe('getActive');
		const { output, error } = await runTalkover({
			items: [{ body: { phone: '+1 (555) 123-4567', name: 'Ada' } }, { body: { phone: '+1 555 000 9999', name: 'Bob' } }],
			parameters: getActive.parameters,
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.path)).toEqual([
			`/api/v1/agents/${SALES_AGENT}/active-call/%2B15551234567`,
			`/api/v1/agents/${SALES_AGENT}/active-call/%2B15550009999`,
		]);
		expect(output!.map((o) => [o.json.active, o.json.to ?? o.json.phone, o.pairedItem])).toEqual([
			[true, ACTIVE_PHONE, { item: 0 }],
			[false, '+15550009999', { item: 1 }],
		]);
	});
});

describe('examples/crm-lead-call-if-not-on-a-call.json', () => {
	const workflow = JSON.parse(fs.readFileSync(path.join(dir, 'crm-lead-call-if-not-on-a-call.json'), 'utf8'));
	const node = (name: string) => (workflow.nodes as INode[]).find((n) => n.name === name)!;

	test('webhook → Get Active → IF not active → Make Call → write back, with Test Call on', () => {
		expect(workflow.connections['CRM Webhook'].main[0][0].node).toBe('Talkover: Get Active Call');
		expect(workflow.connections['Talkover: Get Active Call'].main[0][0].node).toBe('Not on a call?');
		expect(workflow.connections['Not on a call?'].main[0][0].node).toBe('Talkover: Make Call');
		expect(node('Not on a call?').parameters).toMatchObject({ conditions: { conditions: [{ leftValue: '={{ $json.active }}', operator: { operation: 'false' } }] } });
		expect(node('Talkover: Make Call').parameters.isTesting).toBe(true);
	});

	test('Make Call → Outside calling hours? → Call later (the next allowed moment) or Write back; Calling Hours Monday to Friday 09:00–20:00 in the lead’s time, its zone from the CRM', () => {
		expect(node('Talkover: Make Call').parameters.options).toMatchObject({
			callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '20:00', timeZone: "={{ $('CRM Webhook').item.json.body.timezone }}", whenZoneUnknown: 'refuse' } },
		});
		expect(workflow.connections['Talkover: Make Call'].main[0][0].node).toBe('Outside calling hours?');
		expect(workflow.connections['Outside calling hours?'].main.map((output: Array<{ node: string }>) => output[0].node)).toEqual(['Call later: mark lead', 'Write back to CRM']);
		expect(node('Call later: mark lead').parameters).toMatchObject({ assignments: { assignments: expect.arrayContaining([expect.objectContaining({ name: 'call_at', value: '={{ $json.nextAllowedAt }}' })]) } });
	});

	test('run through n8n: Make Call gets the lead’s payload and the CRM record ID as context, found through the paired items of Get Active', async () => {
		// Thursday 10:00 in New York (the lead's zone from the CRM), 15:00 in London (the number's): inside the hours.
		clock().time = Date.parse('2026-01-15T15:00:00Z');
		const run = await runChain({
			sourceName: 'CRM Webhook',
			items: [
				{ body: { phone: '+1 (555) 000-1234', first_name: 'Ada', company: 'Analytical', timezone: 'America/New_York', record_id: 'lead-001' } },
				{ body: { phone: '+44 20 7946 0958', first_name: 'Grace', company: 'Navy', record_id: 'lead-002' } },
			],
			nodes: [
				{ name: 'Talkover: Get Active Call', parameters: node('Talkover: Get Active Call').parameters },
				{ name: 'Talkover: Make Call', parameters: node('Talkover: Make Call').parameters },
			],
			credentials: credentials(),
		});
		expect(run.data.resultData.error).toBeUndefined();
		const calls = sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/call`);
		expect(calls.map((r) => r.body)).toEqual([
			{ to: '+15550001234', is_testing: true, payload: { first_name: 'Ada', company: 'Analytical' }, context: { crm_record_id: 'lead-001' } },
			{ to: '+442079460958', is_testing: true, payload: { first_name: 'Grace', company: 'Navy' }, context: { crm_record_id: 'lead-002' } },
		]);
		const made = run.data.resultData.runData['Talkover: Make Call'][0].data!.main[0]!;
		expect(made.map((o) => [o.json.to, o.pairedItem])).toEqual([
			['+15550001234', { item: 0 }],
			['+442079460958', { item: 1 }],
		]);
	});

	test('run through n8n at 07:00 UTC (02:00 in New York, 07:00 in London): nobody is dialled; each lead carries its next allowed moment for Call later', async () => {
		clock().time = Date.parse('2026-01-15T07:00:00Z');
		const run = await runChain({
			sourceName: 'CRM Webhook',
			items: [
				{ body: { phone: '+1 (555) 000-1234', first_name: 'Ada', company: 'Analytical', timezone: 'America/New_York', record_id: 'lead-001' } },
				{ body: { phone: '+44 20 7946 0958', first_name: 'Grace', company: 'Navy', record_id: 'lead-002' } },
			],
			nodes: [
				{ name: 'Talkover: Get Active Call', parameters: node('Talkover: Get Active Call').parameters },
				{ name: 'Talkover: Make Call', parameters: node('Talkover: Make Call').parameters },
			],
			credentials: credentials(),
		});
		expect(run.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/call`)).toEqual([]);
		const made = run.data.resultData.runData['Talkover: Make Call'][0].data!.main[0]!;
		expect(made.map((o) => [o.json.nextAllowedAt, o.json.timeZoneSource, o.pairedItem])).toEqual([
			['2026-01-15T09:00:00-05:00', 'field', { item: 0 }],
			['2026-01-15T09:00:00+00:00', 'number', { item: 1 }],
		]);
	});
});

describe.each(examples)('examples/%s teaches', (file) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	const nodes = workflow.nodes as INode[];

	test('a sticky note says what it does and what to change', () => {
		const notes = nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		expect(notes).toHaveLength(1);
		expect(notes[0]).toMatch(/^## /);
		expect(notes[0]).toContain('**What it does.**');
		expect(notes[0]).toContain('**What to change**');
	});

	test('no run ends silently: every branch of every IF leads to a node', () => {
		for (const ifNode of nodes.filter((n) => n.type === 'n8n-nodes-base.if')) {
			const outputs = workflow.connections[ifNode.name].main as Array<Array<{ node: string }>>;
			expect(outputs).toHaveLength(2);
			for (const output of outputs) expect(output.length).toBeGreaterThan(0);
		}
	});
});

describe('examples/call-ended-update-crm.json', () => {
	const workflow = JSON.parse(fs.readFileSync(path.join(dir, 'call-ended-update-crm.json'), 'utf8'));

	test('Talkover’s test deliveries (webhook.test) and calls without a CRM record never reach the CRM node', () => {
		expect(workflow.connections['Talkover Trigger'].main[0].map((c: { node: string }) => c.node)).toEqual(['Real call with a CRM record?']);
		const check = (workflow.nodes as INode[]).find((n) => n.name === 'Real call with a CRM record?')!;
		expect(check.parameters).toMatchObject({
			conditions: {
				combinator: 'and',
				conditions: [
					{ leftValue: '={{ $json.event }}', rightValue: 'webhook.test', operator: { operation: 'notEquals' } },
					{ leftValue: "={{ $json.context?.crm_record_id ?? '' }}", operator: { operation: 'notEmpty' } },
				],
			},
		});
		expect(workflow.connections['Real call with a CRM record?'].main.map((o: Array<{ node: string }>) => o.map((c) => c.node))).toEqual([
			['Update CRM record'],
			['Skip: test delivery or no CRM record'],
		]);
	});
});

describe('examples/crm-lead-call-at-most-per-day.json', () => {
	const workflow = JSON.parse(fs.readFileSync(path.join(dir, 'crm-lead-call-at-most-per-day.json'), 'utf8'));
	const node = (name: string) => (workflow.nodes as INode[]).find((n) => n.name === name)!;
	const lead = workflow.pinData['CRM Webhook'][0].json;
	const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
	/** The sales agent's calls of the day as Talkover lists them: `n` ended calls an hour ago, nothing else of the agent. */
	function callsToday(n: number): void {
		sandbox().calls = sandbox().calls.filter((c) => c.agent_id !== SALES_AGENT);
		for (let i = 0; i < n; i++) {
			const at = clock().time - 3600_000;
			sandbox().calls.push({ id: `da11ca11-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, agent_id: SALES_AGENT, to: `+1415555${String(1000 + i)}`, status: 'completed', direction: 'outbound', created_at: iso(at), started_at: iso(at), updated_at: iso(at + 60_000), duration_seconds: 60 });
		}
	}
	const run = () =>
		runChain({ sourceName: 'CRM Webhook', items: [lead], nodes: [{ name: 'Talkover: Make Call', parameters: node('Talkover: Make Call').parameters }], credentials: credentials() });

	test('Make Call with Max Calls per Day 20 (a day in New York), Calling Hours and Test Call on; a lead with nextAllowedAt goes round a Wait node back into Make Call', () => {
		const make = node('Talkover: Make Call').parameters;
		expect(make).toMatchObject({ operation: 'make', isTesting: true, options: { maxCallsPerDay: { limit: { calls: 20, timeZone: 'America/New_York' } }, callingHours: { hours: { from: '09:00', to: '20:00' } } } });
		expect((make.options as IDataObject).skipCalledWithinMinutes).toBeUndefined();
		expect(make.to).toBe("={{ $('CRM Webhook').item.json.body.phone }}");
		expect(workflow.connections['Talkover: Make Call'].main[0][0].node).toBe('Call later?');
		expect(node('Call later?').parameters).toMatchObject({ conditions: { conditions: [{ leftValue: '={{ $json.nextAllowedAt !== undefined }}', operator: { operation: 'true' } }] } });
		expect(workflow.connections['Call later?'].main.map((output: Array<{ node: string }>) => output[0].node)).toEqual(['Wait until it may be called', 'Write back to CRM']);
		expect(node('Wait until it may be called').parameters).toEqual({ resume: 'specificTime', dateTime: '={{ $json.nextAllowedAt }}' });
		expect(workflow.connections['Wait until it may be called'].main[0][0].node).toBe('Talkover: Make Call');
	});

	test('run through n8n on a Thursday at 10:00 in New York: with 19 calls of the agent today the lead is called; with 20 it is not, and carries the next day’s start', async () => {
		clock().time = Date.parse('2026-01-15T15:00:00Z');
		callsToday(19);
		const placed = await run();
		expect(placed.data.resultData.error).toBeUndefined();
		const calls = sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/call`);
		expect(calls.map((r) => r.body)).toEqual([{ to: '+15557654322', is_testing: true, payload: { first_name: 'Erin', company: 'Initech' }, context: { crm_record_id: 'crm-1005' } }]);

		sandbox().reset();
		forgetDayCounts();
		callsToday(20);
		const skipped = await run();
		expect(skipped.data.resultData.error).toBeUndefined();
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/call`)).toEqual([]);
		const out = skipped.data.resultData.runData['Talkover: Make Call'][0].data!.main[0]!;
		expect(out.map((o) => [o.json.skipped, o.json.nextAllowedAt, o.json.maxCallsPerDay])).toEqual([[true, '2026-01-16T00:00:00-05:00', 20]]);
	});
});
