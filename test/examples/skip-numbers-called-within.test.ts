import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INode } from 'n8n-workflow';

import { runChain } from '../helpers/n8n';
import { SALES_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();
/** Thursday 15 January 2026, 10:00 in New York: inside the examples' Calling Hours. */
beforeEach(() => (clock().time = Date.parse('2026-01-15T15:00:00Z')));
const dir = path.resolve(__dirname, '../../examples');
const node = (file: string, name: string) => (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).nodes as INode[]).find((n) => n.name === name)!;

describe('examples that model a CRM flow skip numbers called within 24 hours', () => {
	test.each([
		['crm-lead-call-if-not-on-a-call.json', 'Talkover: Make Call'],
		['crm-lead-credits-add-to-campaign.json', 'Talkover: Add Call to Campaign'],
	])('%s: %s has Options → Skip Numbers Called Within 1440', (file, name) => {
		expect(node(file, name).parameters.options).toMatchObject({ skipCalledWithinMinutes: 1440 });
	});

	test('the Make Call example, the same CRM lead twice (two executions, the first call ended in between): one call', async () => {
		const file = 'crm-lead-call-if-not-on-a-call.json';
		const nodes = ['Talkover: Get Active Call', 'Talkover: Make Call'].map((name) => ({ name, parameters: node(file, name).parameters }));
		const lead = { body: { phone: '+1 (555) 000-1234', first_name: 'Ada', company: 'Analytical', timezone: 'America/New_York', record_id: 'lead-001' } };
		const runs = [];
		for (let i = 0; i < 2; i++) {
			runs.push(await runChain({ sourceName: 'CRM Webhook', items: [lead], nodes, credentials: credentials() }));
			// The first call has ended: Get Active finds nothing, the 24-hour window still holds the lead.
			for (const call of sandbox().calls) call.status = 'completed';
		}
		expect(sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/call`)).toHaveLength(1);
		expect(runs.map((run) => run.data.resultData.error?.message)).toEqual([undefined, undefined]);
		const [first, second] = runs.map((run) => run.data.resultData.runData['Talkover: Make Call'][0].data!.main[0]![0].json);
		expect(second).toMatchObject({ id: first.id, skipped: true });
	});
});

describe('an example whose loop brings a lead back into a Talkover node calls it again', () => {
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

	test.each(files)('%s: no Wait node leads back into a node that Skip Numbers Called Within would hold back (Call Again Until Reached never counts the lead’s own calls)', (file) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { nodes: INode[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
		const byName = (name: string) => workflow.nodes.find((n) => n.name === name)!;
		const loopedInto = workflow.nodes
			.filter((n) => n.type === 'n8n-nodes-base.wait')
			.flatMap((wait) => (workflow.connections[wait.name]?.main ?? []).flat().map((c) => byName(c.node)))
			.filter((n) => n.type === 'n8n-nodes-talkover.talkover');
		const heldBack = loopedInto.filter((n) => {
			const options = (n.parameters.options ?? {}) as { skipCalledWithinMinutes?: number; callAgainUntilReached?: unknown };
			const ownCallsExempt = n.parameters.operation === 'makeAndWait' && options.callAgainUntilReached !== undefined;
			return (options.skipCalledWithinMinutes ?? 0) > 0 && !ownCallsExempt;
		});
		expect(heldBack.map((n) => n.name)).toEqual([]);
	});

	test('the call-until-reached example loops through its Wait node: 3 calls, 120 minutes apart, 09:00–20:00 in the lead’s time', () => {
		const until = node('crm-lead-call-until-reached.json', 'Call Until Reached');
		expect(until.parameters.options).toMatchObject({
			callAgainUntilReached: { rule: { attempts: 3, afterMinutes: 120, when: ['notReached'] } },
			callingHours: { hours: { from: '09:00', to: '20:00', timeZone: "={{ $('CRM Webhook').item.json.body.timezone }}" } },
		});
		const workflow = JSON.parse(fs.readFileSync(path.join(dir, 'crm-lead-call-until-reached.json'), 'utf8'));
		expect(workflow.connections['Wait until the next call'].main[0][0].node).toBe('Call Until Reached');
	});
});
