/**
 * The README and the docs/ pages it links say what is true today. Their links lead
 * somewhere that exists, the operations table is the node's own list, and the counts and n8n versions
 * they state are the ones in the code and the repository (so a new operation, example or n8n line
 * cannot leave them stale).
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

	test('the README links every docs/ page, the changelog and each example', () => {
		const links = linksOf('README.md');
		for (const page of DOCS) expect(links).toContain(page);
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
		const table = README.split('\n')
			.filter((line) => /^\| [^|-]/.test(line))
			.map((line) => line.split('|').map((cell) => cell.trim()))
			.filter((cells) => cells[1] !== 'Resource')
			.map((cells) => `${cells[1]} → ${cells[2]}`);
		expect(table).toEqual(nodeOperations());
	});

	test('“Never sent twice” lists exactly the operations that are not repeatable', () => {
		const listed = /Never sent twice: ([^.]+)\./.exec(README.replace(/\s+/g, ' '));
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
		const section = README.split(/^## /m).find((s) => s.startsWith('Compatibility'))!;
		expect(section).toBeDefined();
		const hosts = fs.readdirSync(ROOT).filter((d) => d.startsWith('.n8n-host') && fs.existsSync(path.join(ROOT, d, 'package.json')));
		expect(hosts.length).toBeGreaterThan(1);
		for (const host of hosts) {
			const version: string = JSON.parse(read(`${host}/package.json`)).dependencies.n8n;
			expect([host, section.includes(`n8n ${version}`)]).toEqual([host, true]);
		}
	});

	test('Compatibility claims as tested every n8n line CI runs (.ci/run `lines=`), with its Node.js, and no line as unclaimed', () => {
		const section = README.split(/^## /m).find((s) => s.startsWith('Compatibility'))!;
		const tested = section.split(/^- /m).find((b) => b.startsWith('Tested in real n8n'));
		expect(tested).toBeDefined();
		const lines = /^lines="([^"]+)"$/m.exec(read('.ci/run'))![1].split(' ');
		expect(lines).toEqual(['2.8', 'next', 'lts']);
		const folders: Record<string, string> = { '2.8': '.n8n-host', next: '.n8n-host-next', lts: '.n8n-host-lts' };
		for (const line of lines) {
			const { n8n, node } = JSON.parse(read(`${folders[line]}/package.json`)).dependencies as { n8n: string; node?: string };
			// The 2.8 line runs on the Node.js of the package itself (engines >=20.19): Node.js 20.
			const nodeMajor = node ? node.split('.')[0] : '20';
			const claim = new RegExp(`n8n ${n8n.replace(/\./g, '\\.')}\\*{0,2} on\\s+Node\\.js ${nodeMajor}\\b`);
			expect([line, claim.test(tested!)]).toEqual([line, true]);
		}
		expect(section).not.toMatch(/not yet claimed|not yet in CI|by hand/i);
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
	const section = README.slice(README.indexOf('\n## Development\n'), README.indexOf('\n## ', README.indexOf('\n## Development\n') + 5));
	const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);

	test('the Development section opens with one code block holding `npm ci && npm run dev` and `npm test`', () => {
		expect(section.length).toBeGreaterThan(20);
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
