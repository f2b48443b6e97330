/**
 * Every number in the docs true on the day it is written, the CHANGELOG and the README's history one story:
 * test/package/readme.test.ts checks the numbers of README.md; these check the docs/ pages the README
 * sends maintainers to, and the CHANGELOG since 0.1.0, against the code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { loadSource } from '../helpers/n8n';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const DOCS = fs
	.readdirSync(path.join(ROOT, 'docs'))
	.filter((f) => f.endsWith('.md'))
	.map((f) => `docs/${f}`);
/** A page's text on one line (statements are wrapped over lines). */
const flat = (file: string) => read(file).replace(/\s+/g, ' ');

function operationCount(): number {
	const props = loadSource().node.description.properties as INodeProperties[];
	return props.filter((p) => p.name === 'operation').reduce((n, p) => n + (p.options as unknown[]).length, 0);
}
const exampleCount = () => fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json')).length;

const WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13 };

describe('docs/ pages state today’s counts', () => {
	test.each(DOCS)('%s: every "all N" operations/actions is the node’s count', (file) => {
		// "one workflow per operation (all 35)", "the Talkover node with all 35 actions"
		const text = flat(file);
		const stated = [
			...[...text.matchAll(/per operation \(all (\d+)\)/g)].map((m) => Number(m[1])),
			...[...text.matchAll(/all (\d+) (?:operations|actions)\b/g)].map((m) => Number(m[1])),
		];
		expect([file, stated.filter((n) => n !== operationCount())]).toEqual([file, []]);
	});

	test.each(DOCS)('%s: every count of the examples run is the number of files in examples/', (file) => {
		// "runs each with Execute workflow (and the call example twice; all six)"
		const text = flat(file);
		const stated = [...text.matchAll(/\ball (two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)\)/g)].map((m) => WORDS[m[1]]);
		expect([file, stated.filter((n) => n !== exampleCount())]).toEqual([file, []]);
	});

	test('docs/development.md does not say the end-to-end tests run the operations with `n8n execute` (they run under one `n8n start` since ee349df)', () => {
		const section = flat('docs/development.md').split('## What is tested in each n8n line')[1].split('## ')[0];
		expect(section).not.toMatch(/runs every operation and the examples with `n8n execute`/);
	});

	test('docs/development.md’s CI time is measured with the three n8n lines and the install test, not two lines', () => {
		// The table's newest row (its first) is of what .ci/run runs now: its lines and the install test.
		const times = read('docs/development.md').split('How long `.ci/run` takes')[1].split('The package:')[0];
		const newest = times.split('\n').find((line) => /^\| \d{4}-\d\d-\d\d \|/.test(line))!;
		const lines = /lines="([^"]+)"/.exec(read('.ci/run'))![1].split(' ');
		expect(newest).toContain(`the ${['', 'one', 'two', 'three', 'four'][lines.length]} n8n lines (${lines.join(', ')})`);
		expect(newest).toContain('the install test on each');
		expect(newest).toMatch(/\*\*\d+ min \d+ s\*\*/);
	});
});

describe('the CHANGELOG tells one story', () => {
	// Unreleased and the releases after the first (0.1.0), as one text.
	const unreleased = flat('CHANGELOG.md').split('## [Unreleased]')[1].split(' ## [0.1.0]')[0];

	test('since 0.1.0 it does not say both that the lts line runs by hand and that it is tested in CI', () => {
		// (booleans, so that a failure does not print the whole CHANGELOG)
		expect(/n8n 1\.123\.81 \(the patched 1\.x line, on Node\.js 22\) is tested in CI/.test(unreleased)).toBe(true);
		expect(['says the lts line "runs by hand"', /`lts` line[^.;]*runs by hand/.test(unreleased)]).toEqual(['says the lts line "runs by hand"', false]);
	});
});

describe('docs/mutation.md scores the modules of mutation/modules.json', () => {
	const modules = Object.entries(JSON.parse(read('mutation/modules.json'))).filter(([name]) => !name.startsWith('$')) as [string, { measured: string | Record<string, string | { commit: string; of: number; parts: number[] }> | null; mutate: string[] }][];
	/** The rows of docs/mutation.md's Scores table, one module a line. */
	const scoreRows = read('docs/mutation.md').split('## Scores')[1].split('## Equivalent')[0].split('\n');
	const rowOf = (name: string) => scoreRows.find((line) => line.startsWith(`| ${name} `) || line.startsWith(`| ${name}(`));

	test('no page calls a guarded module unmeasured: every module has its row of scores', () => {
		for (const [name] of modules) expect([name, rowOf(name) !== undefined]).toEqual([name, true]);
		// Where the modules' scores are summed up (the README sends to both).
		for (const file of ['docs/development.md', 'CHANGELOG.md']) expect([file, /not (yet )?measured|unmeasured|measured yet/.test(flat(file))]).toEqual([file, false]);
	});

	test('a module’s score is of the commit modules.json names as its newest whole run', () => {
		for (const [name, { measured }] of modules.filter(([, m]) => typeof m.measured !== 'object')) {
			expect([name, measured === null || /^[0-9a-f]{7}$/.test(measured as string)]).toEqual([name, true]);
			if (measured !== null) expect([name, rowOf(name)?.includes(`at ${measured}`)]).toEqual([name, true]);
		}
	});

	test('a module measured file by file: its row gives each file’s commit, and modules.json names only its files', () => {
		for (const [name, { measured, mutate }] of modules.filter(([, m]) => m.measured !== null && typeof m.measured === 'object')) {
			for (const [file, record] of Object.entries(measured as Record<string, string | { commit: string; of: number; parts: number[] }>)) {
				// A file run in parts (--part k/n) until every part is in: the row says which parts, of how many, at which commit.
				const [commit, words] =
					typeof record === 'string' ? [record, `${path.basename(file)} at ${record}`] : [record.commit, `${path.basename(file)} parts ${record.parts.join(', ')} of ${record.of} at ${record.commit}`];
				expect([name, file, mutate.includes(file), /^[0-9a-f]{7}$/.test(commit)]).toEqual([name, file, true, true]);
				expect([name, file, rowOf(name)?.includes(words)]).toEqual([name, file, true]);
			}
		}
	});
});
