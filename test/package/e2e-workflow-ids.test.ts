/**
 * n8n 1.123 saves a workflow's static data only for IDs of at most 16 characters. The e2e and
 * queue tests imported workflows with longer IDs, so on the lts line the Talkover Trigger's secret never
 * reached the database (401 for every delivery, no DELETE on deactivation). The harness now refuses them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { assertWorkflowIds, MAX_WORKFLOW_ID, RealN8n } from '../e2e/real-n8n';

const workflow = (id: string) => ({ id, name: id, nodes: [], connections: {} });

test('n8n 1.x keeps static data for IDs of 16 characters (the IDs n8n makes), so 16 is the limit', () => {
	expect(MAX_WORKFLOW_ID).toBe(16);
	expect(() => assertWorkflowIds([workflow('a'.repeat(16)), workflow('queueTrigger')])).not.toThrow();
});

test('a longer workflow ID is refused, naming it', () => {
	expect(() => assertWorkflowIds([workflow('queueTrigger'), workflow('talkoverQueueTrig')])).toThrow(
		"workflow ID(s) longer than 16 characters: talkoverQueueTrig (n8n 1.x then never saves the workflow's static data)",
	);
});

test('RealN8n.importWorkflows refuses it before anything is written or run', () => {
	const n8n = new RealN8n();
	try {
		expect(() => n8n.importWorkflows([workflow('talkoverQueueTrig')])).toThrow(/talkoverQueueTrig/);
		expect(fs.readdirSync(n8n.folder)).toEqual([]);
	} finally {
		n8n.tearDown();
	}
});

test('the example workflows `npm run dev` imports get IDs within the limit (talkoverSample<n>)', () => {
	const examples = fs.readdirSync(path.join(__dirname, '../../examples')).filter((f) => f.endsWith('.json'));
	expect(`talkoverSample${examples.length}`.length).toBeLessThanOrEqual(MAX_WORKFLOW_ID);
});
