/**
 * The code layout the maintainers rely on: an operation's file and its test are found by its
 * `operation` value; every operation states whether it may be sent again; the trigger uses only the
 * shared code; every API path is built with apiPath.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodePropertyOptions } from 'n8n-workflow';

import * as agent from '../nodes/Talkover/actions/agent';
import * as agentAction from '../nodes/Talkover/actions/agentAction';
import * as calendar from '../nodes/Talkover/actions/calendar';
import * as calendarEvent from '../nodes/Talkover/actions/calendarEvent';
import * as call from '../nodes/Talkover/actions/call';
import * as campaign from '../nodes/Talkover/actions/campaign';
import * as credit from '../nodes/Talkover/actions/credit';
import * as flow from '../nodes/Talkover/actions/flow';
import * as phoneNumber from '../nodes/Talkover/actions/phoneNumber';
import { apiPath } from '../nodes/shared/transport';
import { loadSource } from './helpers/n8n';

const ROOT = path.resolve(__dirname, '..');
const resources = { agent, agentAction, calendar, calendarEvent, call, campaign, credit, flow, phoneNumber };
const { node, credential } = loadSource();

/** Files below `dir` (relative to it). */
function files(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? files(path.join(dir, entry.name)).map((f) => path.join(entry.name, f)) : [entry.name],
	);
}

const offered = node.description.properties
	.filter((p) => p.name === 'operation')
	.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => [p.displayOptions!.show!.resource![0], String(o.value)] as const));

test.each(Object.keys(resources))('%s: one operation file and one test file per operation value, and no others', (resource) => {
	const values = offered.filter(([r]) => r === resource).map(([, value]) => value).sort();
	const operationFiles = fs.readdirSync(path.join(ROOT, 'nodes/Talkover/actions', resource)).filter((f) => f.endsWith('.operation.ts'));
	expect(operationFiles.sort()).toEqual(values.map((v) => `${v}.operation.ts`));
	expect(fs.readdirSync(path.join(ROOT, 'test', resource)).sort()).toEqual(values.map((v) => `${v}.test.ts`));
	expect(Object.keys(resources[resource as keyof typeof resources].operations).sort()).toEqual(values);
});

test.each(offered)('%s → %s: shown only for itself, and states whether it may be repeated', (resource, value) => {
	const operation = resources[resource as keyof typeof resources].operations[value];
	expect(typeof operation.repeatable).toBe('boolean');
	for (const property of operation.description) {
		expect(property.displayOptions?.show).toMatchObject({ resource: [resource], operation: [value] });
	}
});

test('the trigger imports nothing of the Talkover node: only n8n-workflow, Node’s crypto, nodes/shared and its own files', () => {
	const folder = path.join(ROOT, 'nodes/TalkoverTrigger');
	const sources = files(folder).filter((f) => f.endsWith('.ts'));
	expect(sources).toEqual(expect.arrayContaining(['TalkoverTrigger.node.ts', path.join('sources', 'agentEvents.ts')]));
	for (const file of sources) {
		const source = fs.readFileSync(path.join(folder, file), 'utf8');
		// Relative imports resolved from nodes/TalkoverTrigger: its own files, or ../shared/…
		const imports = [...source.matchAll(/^(?:import|export) [^;]*? from '([^']+)';$/gms)].map((m) =>
			m[1].startsWith('.') ? path.posix.normalize(path.posix.join(path.dirname(file).split(path.sep).join('/'), m[1])) : m[1],
		);
		expect([file, imports.filter((i) => !['n8n-workflow', 'crypto'].includes(i) && !i.startsWith('../shared/') && (i.startsWith('..') || !/^(sources\/)?[A-Za-z.]+$/.test(i)))]).toEqual([file, []]);
	}
});

test('the trigger’s sources each live in a file of their own; the node file only wires them', () => {
	const folder = path.join(ROOT, 'nodes/TalkoverTrigger');
	// Helpers of the sources: common.ts (all), eventWebhooks.ts (Agent and Campaign), answerInTime.ts (Agent Tool).
	expect(fs.readdirSync(path.join(folder, 'sources')).filter((f) => !['common.ts', 'eventWebhooks.ts', 'answerInTime.ts'].includes(f)).sort()).toEqual(['agentEvents.ts', 'agentTool.ts', 'campaignEvents.ts']);
	const node = fs.readFileSync(path.join(folder, 'TalkoverTrigger.node.ts'), 'utf8');
	expect(node).not.toMatch(/talkoverRequest|apiPath|getNodeWebhookUrl|getWorkflowStaticData/);
});

test('no path is written out by hand: every /api/v1 path in nodes/ comes from apiPath', () => {
	const sources = files(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.ts'));
	const raw = sources.filter((f) => f !== path.join('shared', 'transport', 'paths.ts') && /['"`]\/api\/v1/.test(fs.readFileSync(path.join(ROOT, 'nodes', f), 'utf8')));
	expect(raw).toEqual([]);
});

test('no lint rule is switched off in the nodes’ and the credential’s source (no eslint-disable comment)', () => {
	const sources = [...files(path.join(ROOT, 'nodes')).map((f) => path.join('nodes', f)), ...files(path.join(ROOT, 'credentials')).map((f) => path.join('credentials', f))].filter((f) => f.endsWith('.ts'));
	expect(sources).toEqual(expect.arrayContaining([path.join('nodes', 'shared', 'methods', 'withoutTokens.ts')]));
	expect(sources.filter((f) => /eslint-disable/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
});

test('the credential’s tokens are read in the transport only: no other file of nodes/ names the API Token', () => {
	const sources = files(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.ts') && !f.startsWith(path.join('shared', 'transport') + path.sep));
	expect(sources.filter((f) => /\bapiToken\b/.test(fs.readFileSync(path.join(ROOT, 'nodes', f), 'utf8')))).toEqual([]);
});

test('the credential’s test request (self-contained: n8n reads the credential on its own) is the path apiPath builds', () => {
	// An expression only to send a Base URL with user:password@ to a data: URL (issue 21 review R11).
	expect(credential.test!.request.url).toContain(`: "${apiPath`/agents`}" }}`);
});
