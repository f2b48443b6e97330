import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INode } from 'n8n-workflow';

import { runChain } from '../helpers/n8n';
import { SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { SALES_CALENDAR } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

const workflow = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples/agent-tool-book-chosen-slot.json'), 'utf8'));
const node = (name: string) => (workflow.nodes as INode[]).find((n) => n.name === name)!;
/** What the agent sends (test/sandbox/agentTool.js: the inputs as a flat JSON object). */
const call = { start: '2026-03-02T14:00:00Z', name: 'Erin Example', email: 'erin@initech.example' };

describe('examples/agent-tool-book-chosen-slot.json', () => {
	test('Agent Tool trigger (book_slot: start, name, email) → Free Slots → IF the chosen slot is free → Book Slot → answer; else the free times', () => {
		expect(node('Talkover Trigger').parameters).toMatchObject({ source: 'agentTool', agentId: { value: SALES_AGENT }, toolName: 'book_slot', responseMode: 'lastNode' });
		expect((node('Talkover Trigger').parameters.inputs as { values: Array<{ name: string }> }).values.map((i) => i.name)).toEqual(['start', 'name', 'email']);
		expect(workflow.connections['Talkover Trigger'].main[0][0].node).toBe('Talkover: Free Slots');
		expect(workflow.connections['Talkover: Free Slots'].main[0][0].node).toBe('Chosen slot free?');
		expect(workflow.connections['Chosen slot free?'].main[0][0].node).toBe('Talkover: Book Slot');
		expect(workflow.connections['Chosen slot free?'].main[1][0].node).toBe('Answer: Not Free');
		expect(workflow.connections['Talkover: Book Slot'].main[0][0].node).toBe('Answer: Booked');
		expect(workflow.nodes.filter((n: INode) => n.type === 'n8n-nodes-base.stickyNote')).toHaveLength(1);
	});

	test('run through n8n: the day’s free slots are read, the chosen one is booked for the caller (checked free just before)', async () => {
		const run = await runChain({
			sourceName: 'Talkover Trigger',
			items: [call],
			nodes: [
				{ name: 'Talkover: Free Slots', parameters: node('Talkover: Free Slots').parameters },
				{ name: 'Talkover: Book Slot', parameters: node('Talkover: Book Slot').parameters },
			],
			credentials: credentials(),
		});
		expect(run.data.resultData.error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/availability`],
			['GET', `/api/v1/calendars/${SALES_CALENDAR}/events`],
			['POST', `/api/v1/calendars/${SALES_CALENDAR}/events`],
		]);
		expect(sandbox().requests[0].query).toMatchObject({ from: '2026-03-02T00:00:00Z', to: '2026-03-02T23:59:59Z' });
		const slots = run.data.resultData.runData['Talkover: Free Slots'][0].data!.main[0]![0].json.slots as Array<{ start_at: string }>;
		expect(slots.map((s) => s.start_at)).toContain('2026-03-02T14:00:00Z');
		expect(sandbox().requests[2].body).toEqual({
			title: 'Meeting with Erin Example',
			start_at: '2026-03-02T14:00:00Z',
			end_at: '2026-03-02T14:30:00Z',
			type: 'meeting',
			description: 'Booked by the Talkover agent during the call',
			attendees: [{ name: 'Erin Example', email: 'erin@initech.example' }],
		});
	});
});
