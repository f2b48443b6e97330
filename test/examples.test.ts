import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { loadBuilt, NODE_TYPE, runTalkover } from './helpers/n8n';
import { ACTIVE_PHONE, useSandbox } from './helpers/fixtures';

const { sandbox, credentials } = useSandbox();
const dir = path.resolve(__dirname, '../examples');
const examples = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there is at least one example workflow', () => {
	expect(examples.length).toBeGreaterThan(0);
});

describe.each(examples)('examples/%s', (file) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	const talkoverNodes = (workflow.nodes as INode[]).filter((n) => n.type === NODE_TYPE);

	test('uses the node type users get from the package, with a Talkover API credential, and valid parameters', () => {
		expect(talkoverNodes.length).toBeGreaterThan(0);
		const { node } = loadBuilt();
		for (const n of talkoverNodes) {
			expect(Object.keys(n.credentials ?? {})).toEqual(['talkoverApi']);
			const full = { ...n, parameters: NodeHelpers.getNodeParameters(node.description.properties, n.parameters, true, false, n, node.description)! };
			expect(NodeHelpers.getNodeParametersIssues(node.description.properties, full, node.description)).toBeNull();
		}
		for (const [from, outputs] of Object.entries(workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>)) {
			expect(workflow.nodes.map((n: INode) => n.name)).toContain(from);
			for (const target of outputs.main.flat()) expect(workflow.nodes.map((n: INode) => n.name)).toContain(target.node);
		}
	});

	test('its Talkover nodes run against the sandbox with a CRM-like webhook item', async () => {
		for (const n of talkoverNodes) {
			sandbox().reset();
			const { output, error } = await runTalkover({
				items: [{ body: { phone: '+1 (555) 123-4567', name: 'Ada' } }, { body: { phone: '+1 555 000 9999', name: 'Bob' } }],
				parameters: n.parameters,
				credentials: credentials(),
			});
			expect(error).toBeUndefined();
			expect(sandbox().requests.length).toBe(2);
			if (n.parameters.operation === 'getActive') {
				expect(output!.map((o) => [o.json.active, o.pairedItem])).toEqual([
					[true, { item: 0 }],
					[false, { item: 1 }],
				]);
				expect(output![0].json.to).toBe(ACTIVE_PHONE);
			}
		}
	});
});
