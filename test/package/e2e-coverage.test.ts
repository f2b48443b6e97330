/**
 * README's Compatibility says each n8n line (2.8.4, 2.41.1, 1.123.81) is tested in real
 * n8n with "every operation". test/e2e/workflows.e2e.ts runs its own hand-written table of operations
 * (`OPERATIONS`), not the node's list, so an operation added later is not run in n8n and nothing notices.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { loadSource } from '../helpers/n8n';

const ROOT = path.resolve(__dirname, '../..');

test('workflows.e2e.ts runs every operation of the node in real n8n (README: "every operation")', () => {
	const source = fs.readFileSync(path.join(ROOT, 'test/e2e/workflows.e2e.ts'), 'utf8');
	const table = /const OPERATIONS: [^=]+= \[([\s\S]*?)\n\];/.exec(source)![1];
	const inE2e = [...table.matchAll(/resource: '(\w+)', operation: '(\w+)'/g)].map((m) => `${m[1]} ${m[2]}`);
	const props = loadSource().node.description.properties as INodeProperties[];
	const ofNode = props
		.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => `${p.displayOptions!.show!.resource![0]} ${o.value}`));
	// An operation whose execution waits (n8n execute would end with the execution waiting) has its own file,
	// which runs its workflow and resumes it.
	const ownFile: Record<string, string> = { 'call makeAndWait': 'test/e2e/call-and-wait.e2e.ts', 'campaign addCallAndWait': 'test/e2e/call-and-wait.e2e.ts' };
	// Its workflow is real-n8n.ts's callAndWaitWorkflow (the benchmark's too).
	const builder = /export function callAndWaitWorkflow[\s\S]*?\n}\n/.exec(fs.readFileSync(path.join(ROOT, 'test/e2e/real-n8n.ts'), 'utf8'))?.[0] ?? '';
	expect(builder).toContain("operation: 'makeAndWait'");
	expect(builder).toContain("operation: 'addCallAndWait'");
	for (const [op, file] of Object.entries(ownFile)) expect([op, fs.readFileSync(path.join(ROOT, file), 'utf8').includes('callAndWaitWorkflow(')]).toEqual([op, true]);
	expect(inE2e.length).toBeGreaterThan(30);
	expect(ofNode.filter((op) => !inE2e.includes(op) && !(op in ownFile))).toEqual([]);
});
