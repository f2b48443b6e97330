/**
 * The README and the docs/ pages it links say what is true today. Their links lead
 * somewhere that exists, the operations table is the node's own list, and the counts and n8n versions
 * they state are the ones in the code and the repository (so a new operation, example or n8n line
 * cannot leave them stale). The README is for builders: short (at most 3,000 words, as `wc -w` counts), in the
 * order of n8n's node-starter template, and the options it names are the node's own; the detail is in docs/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { loadSource } from '../helpers/n8n';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const README = read('README.md');
const DOCS = fs
	.readdirSync(path.join(ROOT, 'docs'))
	.filter((f) => f.endsWith('.md'))
	.map((f) => `docs/${f}`);
const PAGES = ['README.md', ...DOCS];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
const anchorsOf = (file: string) =>
	read(file)
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => anchor(line.replace(/^#+ /, '')));

/** The targets of a page's Markdown links and pictures (`[text](target)`), outside code. */
function linksOf(file: string): string[] {
	const text = read(file).replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** A top-level section of the README (from its `## ` heading to the next), without the heading. */
function section(title: string): string {
	const found = README.split(/^## /m).find((s) => s.startsWith(`${title}\n`));
	if (found === undefined) throw new Error(`README.md has no section "## ${title}"`);
	return found.slice(title.length + 1);
}

/** The node's resources and operations as the editor shows them: "Resource → Operation". */
function nodeOperations(): string[] {
	const props = loadSource().node.description.properties as INodeProperties[];
	const resources = props.find((p) => p.name === 'resource')!.options as Array<{ name: string; value: string }>;
	return props
		.filter((p) => p.name === 'operation')
		.flatMap((p) => {
			const resource = resources.find((r) => r.value === p.displayOptions!.show!.resource![0])!.name;
			return (p.options as Array<{ name: string }>).map((o) => `${resource} → ${o.name}`);
		});
}

describe('links', () => {
	test.each(PAGES)('%s: every relative link and picture points at a file (and heading) that exists', (file) => {
		const relative = linksOf(file).filter((target) => !/^[a-z]+:/i.test(target));
		expect(relative.length).toBeGreaterThan(0);
		for (const target of relative) {
			const [to, hash] = target.split('#');
			const resolved = to === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), to));
			expect([target, fs.existsSync(path.join(ROOT, resolved))]).toEqual([target, true]);
			if (hash && resolved.endsWith('.md')) expect([target, anchorsOf(resolved)]).toEqual([target, expect.arrayContaining([hash])]);
		}
	});

	test.each(PAGES)('%s does not send readers to the development workspace', (file) => {
		expect(read(file)).not.toMatch(/\.\.\/shared|development workspace/);
	});

	test('every docs/ page is reached from the README (by its links, or the pages they link); the README links the changelog and each example', () => {
		const links = linksOf('README.md');
		const reached = new Set<string>();
		const visit = (file: string) => {
			for (const target of linksOf(file).filter((t) => !/^[a-z]+:/i.test(t))) {
				const to = target.split('#')[0];
				const page = to === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), to));
				if (page.startsWith('docs/') && page.endsWith('.md') && !reached.has(page)) {
					reached.add(page);
					visit(page);
				}
			}
		};
		visit('README.md');
		expect(DOCS.filter((page) => !reached.has(page))).toEqual([]);
		expect(links).toContain('CHANGELOG.md');
		for (const example of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
			expect(links).toContain(`examples/${example}`);
		}
	});

	test('one version history: the CHANGELOG, not a second one in the README', () => {
		expect(anchorsOf('README.md')).not.toContain('version-history');
		expect(read('CHANGELOG.md')).toMatch(/^## \[Unreleased\]/m);
	});
});

describe('numbers the README states', () => {
	test('the operations table is the node’s own list, every resource and operation once', () => {
		// One row per resource: | Resource | Operations (comma-separated) | Most used for |
		const table = section('Operations')
			.split('\n')
			.filter((line) => /^\| [^|-]/.test(line))
			.map((line) => line.split('|').map((cell) => cell.trim()))
			.filter((cells) => cells[1] !== 'Resource')
			.flatMap((cells) => cells[2].split(', ').map((operation) => `${cells[1]} → ${operation}`));
		expect(table.length).toBeGreaterThan(30);
		expect([...table].sort()).toEqual([...nodeOperations()].sort());
	});

	test('“Never sent twice” (docs/guarantees.md, where the README’s first promise links) lists exactly the operations that are not repeatable', () => {
		expect(README).toContain('(docs/guarantees.md#a-call-is-never-placed-twice-for-one-input-item)');
		const listed = /Never sent twice: ([^.]+)\./.exec(read('docs/guarantees.md').replace(/\s+/g, ' '));
		expect(listed).not.toBeNull();
		const named = listed![1].split(';').flatMap((group) => {
			const [resource, ops] = group.split('→').map((part) => part.trim());
			return ops.split(',').map((op) => `${resource} → ${op.trim()}`);
		});
		const props = loadSource().node.description.properties as INodeProperties[];
		const resources = props.find((p) => p.name === 'resource')!.options as Array<{ name: string; value: string }>;
		const notRepeatable = resources.flatMap(({ name, value }) => {
			const operations = require(path.join(ROOT, 'nodes/Talkover/actions', value)).operations as Record<string, { repeatable: boolean }>;
			const field = props.find((p) => p.name === 'operation' && p.displayOptions!.show!.resource![0] === value)!;
			return (field.options as Array<{ name: string; value: string }>).filter((o) => !operations[o.value].repeatable).map((o) => `${name} → ${o.name}`);
		});
		expect(notRepeatable.length).toBeGreaterThan(0);
		expect(named.sort()).toEqual(notRepeatable.sort());
	});

	test('every “N operations” or “N actions” is the node’s count (35 today)', () => {
		const stated = [...README.matchAll(/(\d+) (?:operations|actions)\b/g)].map((m) => Number(m[1]));
		expect(stated.length).toBeGreaterThan(0);
		expect(new Set(stated)).toEqual(new Set([nodeOperations().length]));
	});

	test('every “N example workflows” is the number of files in examples/', () => {
		const count = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json')).length;
		const stated = PAGES.flatMap((file) => [...read(file).matchAll(/(\d+) example workflows/g)].map((m) => Number(m[1])));
		expect(stated.length).toBeGreaterThan(0);
		expect(new Set(stated)).toEqual(new Set([count]));
	});

	test('Compatibility names the n8n version of every line the tests install', () => {
		const compatibility = section('Compatibility');
		const hosts = fs.readdirSync(ROOT).filter((d) => d.startsWith('.n8n-host') && fs.existsSync(path.join(ROOT, d, 'package.json')));
		expect(hosts.length).toBeGreaterThan(1);
		for (const host of hosts) {
			const version: string = JSON.parse(read(`${host}/package.json`)).dependencies.n8n;
			expect([host, compatibility.includes(`n8n ${version}`)]).toEqual([host, true]);
		}
	});

	test('Compatibility claims as tested every n8n line CI runs (.ci/run `lines=`), with its Node.js, and no line as unclaimed', () => {
		const compatibility = section('Compatibility');
		// The table: | n8n | Node.js | Tested |, a row per line; a line CI runs is claimed by its row's "every operation".
		const rows = compatibility.split('\n').filter((line) => /^\| n8n \d/.test(line));
		const tested = rows.filter((row) => row.split('|')[3].trim().startsWith('every operation')).join('\n');
		expect(tested).not.toBe('');
		const lines = /^lines="([^"]+)"$/m.exec(read('.ci/run'))![1].split(' ');
		expect(lines).toEqual(['2.8', 'next', 'lts']);
		const folders: Record<string, string> = { '2.8': '.n8n-host', next: '.n8n-host-next', lts: '.n8n-host-lts' };
		for (const line of lines) {
			const { n8n, node } = JSON.parse(read(`${folders[line]}/package.json`)).dependencies as { n8n: string; node?: string };
			// The 2.8 line runs on the Node.js of the package itself (engines >=20.19): Node.js 20.
			const nodeMajor = node ? node.split('.')[0] : '20';
			const claim = new RegExp(`\\| n8n ${n8n.replace(/\./g, '\\.')} \\| Node\\.js ${nodeMajor} \\|`);
			expect([line, claim.test(tested!)]).toEqual([line, true]);
		}
		expect(compatibility).not.toMatch(/not yet claimed|not yet in CI|by hand/i);
	});
});

describe('the README is for builders', () => {
	test('it has at most 3,000 words, counted as `wc -w` counts them (runs of characters between white space)', () => {
		const words = README.split(/\s+/).filter(Boolean).length;
		expect(words).toBeLessThanOrEqual(3000);
	});

	test('its sections come in the order of n8n’s node-starter template (Installation, Operations, Credentials, …, Compatibility, …, Resources), a builder’s way in between', () => {
		const sections = README.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
		expect(sections).toEqual([
			'Installation',
			'Operations',
			'Credentials',
			// Usage: the first workflow, the examples, the recipes, then one section per feature.
			'Your first workflow',
			'Examples',
			'Recipes',
			'Call and wait for the outcome',
			'Talkover Trigger',
			'As an AI Agent tool',
			'Guardrails',
			'Compatibility',
			'Never twice, and errors',
			'Troubleshooting',
			'Resources',
			'Development',
		]);
	});

	test('Installation starts with step 0, Talkover reaching n8n (`WEBHOOK_URL`), and has a docker-compose block with both settings', () => {
		const installation = section('Installation');
		expect(installation.trim()).toMatch(/^\*\*Step 0: Talkover must reach your n8n\.\*\*[^]*?`WEBHOOK_URL`/);
		const compose = /```yaml\n([\s\S]*?)```/.exec(installation)?.[1] ?? '';
		expect(compose).toMatch(/^services:/);
		expect(compose).toMatch(/- WEBHOOK_URL=https:\/\//);
		expect(compose).toMatch(/- N8N_UNVERIFIED_PACKAGES_ENABLED=true/);
	});

	test('every option the README names after “Options →” is a field of the nodes, with the name the editor shows', () => {
		const names = new Set<string>();
		const collect = (props: unknown[]) => {
			for (const prop of props as Array<{ displayName?: string; name?: string; options?: unknown[]; values?: unknown[] }>) {
				if (prop.displayName) names.add(prop.displayName);
				if (Array.isArray(prop.options)) collect(prop.options);
				if (Array.isArray(prop.values)) collect(prop.values);
			}
		};
		const { node, trigger } = loadSource();
		collect(node.description.properties);
		collect(trigger.description.properties);
		const named = [...README.replace(/\s+/g, ' ').matchAll(/Options → ([^*]+?)\*/g)].map((m) => m[1].trim());
		expect(named.length).toBeGreaterThan(5);
		expect(named.filter((name) => !names.has(name))).toEqual([]);
	});

	test('every sentence that says “this version” names the version it means (a reader of an older or newer copy cannot tell otherwise)', () => {
		// Sentences outside code blocks, on one line each: split after . ! ? before a capital, not after "e.g." or "i.e.".
		const sentences = README.replace(/```[\s\S]*?```/g, '')
			.replace(/\s+/g, ' ')
			.split(/(?<!\be\.g\.|\bi\.e\.)(?<=[.!?])\s+(?=[A-Z*`[(])/);
		expect(sentences.length).toBeGreaterThan(50);
		const unnamed = sentences.filter((sentence) => /\bthis version\b/i.test(sentence) && !/\b\d+\.\d+(?:\.\d+)?\b/.test(sentence));
		expect(unnamed).toEqual([]);
	});

	test('the examples are not in the npm package: the README says so, and how to bring one into n8n', () => {
		const examples = section('Examples').replace(/\s+/g, ' ');
		expect(examples).toContain('not in the npm package');
		// n8n's editor: 1.x "Import from File...", 2.8 "Import from file..." (test/browser/examples.browser.ts), 2.41 "Import → From file".
		for (const menu of ['**Import from File...** (n8n 1.x)', '**Import from file...** (2.8)', '**Import → From file** (2.41)']) expect(examples).toContain(menu);
	});
});

describe('package.json says what the package does now', () => {
	const pkg = JSON.parse(read('package.json'));

	test('the description names every resource of the node, and the trigger’s events', () => {
		const resources = (loadSource().node.description.properties as INodeProperties[]).find((p) => p.name === 'resource')!.options as Array<{ name: string }>;
		for (const { name } of resources) expect([name, pkg.description.toLowerCase().includes(name.toLowerCase().replace(/ event$/, ''))]).toEqual([name, true]);
		expect(pkg.description).toMatch(/start workflows on call and campaign events/);
	});

	test('the keywords say what it is used for, with n8n’s community keyword', () => {
		expect(pkg.keywords).toEqual(expect.arrayContaining(['n8n-community-node-package', 'talkover', 'voice agent', 'phone calls', 'call campaigns', 'calendar booking']));
	});

	test('the install section names the version package.json gives, wherever it names one (N8N_COMMUNITY_PACKAGES, its checksum)', () => {
		const named = [...read('README.md').matchAll(/"version":"([^"]+)"|n8n-nodes-talkover@(\d[^\s`]*)/g)].map((m) => m[1] ?? m[2]);
		expect(named.length).toBeGreaterThanOrEqual(2);
		for (const version of named) expect(version).toBe(pkg.version);
	});
});

describe('a clone of the repository needs two commands, both in the README', () => {
	const blocks = [...section('Development').matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);

	test('the Development section opens with one code block holding `npm ci && npm run dev` and `npm test`', () => {
		expect(section('Development').length).toBeGreaterThan(20);
		expect(blocks).toHaveLength(1);
		const commands = blocks[0].split('\n').filter(Boolean).map((line) => line.replace(/#.*$/, '').trim());
		expect(commands).toEqual(['npm ci && npm run dev', 'npm test']);
	});

	test('both commands are scripts of package.json, and the README speaks of no "here"', () => {
		const { scripts } = JSON.parse(read('package.json'));
		expect(scripts.dev).toMatch(/npm run build/);
		expect(scripts.test).toMatch(/jest/);
		expect(README).not.toMatch(/\bthe registry here\b|\bhere installs\b|\bon this machine\b/i);
	});
});
