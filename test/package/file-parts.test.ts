/**
 * A file too long for one mutation run is run in parts (`npm run test:mutation -- <module> --mutate <file> --part
 * k/n`, scripts/file-parts.mjs): the parts together must be the file's whole run, every mutant in exactly one
 * part. Counted with Stryker's own instrumenter (the mutants a run would make), whole and part by part, for every
 * file mutation/modules.json mutates; and the parts' lines cover the file once, cut only where a statement starts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs an ES module snippet in the project (Stryker's instrumenter and the parts script are ES modules). */
function esm(code: string, ...args: string[]): unknown {
	const run = spawnSync(process.execPath, ['--input-type=module', '-e', code, '--', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
	if (run.status !== 0) throw new Error(run.stderr);
	return JSON.parse(run.stdout);
}

const PARTS = `import { partRanges, parsePart } from './scripts/file-parts.mjs';`;

jest.setTimeout(120_000);

describe('a file run in parts', () => {
	const files = [
		...new Set(
			Object.entries(JSON.parse(fs.readFileSync(path.join(ROOT, 'mutation/modules.json'), 'utf8')) as Record<string, { mutate?: string[] }>)
				.filter(([name]) => !name.startsWith('$'))
				.flatMap(([, module]) => module.mutate ?? []),
		),
	];

	test('every change Stryker makes to a listed file falls in exactly one of its parts, in 2 and 3 parts', () => {
		const counts = esm(
			`${PARTS}
import fs from 'node:fs';
import { Instrumenter } from '@stryker-mutator/instrumenter';
const quiet = () => false;
const logger = { isTraceEnabled: quiet, isDebugEnabled: quiet, isInfoEnabled: quiet, isWarnEnabled: quiet, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
const instrumenter = new Instrumenter(logger);
const options = { plugins: null, excludedMutations: [], ignorers: [], noHeader: true, parser: {}, mutationRanges: [] };
const mutants = async (name, content, mutate) => (await instrumenter.instrument([{ name, content, mutate }], options)).mutants.map((m) => m.location.start.line + ':' + m.location.start.column + ':' + m.mutatorName + ':' + m.replacement);
const out = [];
for (const file of process.argv.slice(1)) {
	const content = fs.readFileSync(file, 'utf8');
	const whole = (await mutants(file, content, true)).sort();
	for (const n of [2, 3]) {
		let ranges;
		try { ranges = partRanges(content, n, file); } catch { continue; }
		const inParts = [];
		for (const [from, to] of ranges) inParts.push(...(await mutants(file, content, [{ start: { line: from - 1, column: 0 }, end: { line: to - 1, column: Number.MAX_SAFE_INTEGER } }])));
		out.push({ file, n, whole: whole.length, same: JSON.stringify(inParts.sort()) === JSON.stringify(whole) });
	}
}
console.log(JSON.stringify(out));`,
			...files,
		) as Array<{ file: string; n: number; whole: number; same: boolean }>;
		// Each listed file with enough statements to cut gets its rows; the files mutation takes longest among them.
		for (const file of ['nodes/Talkover/actions/engine/dialGuard.ts', 'nodes/TalkoverTrigger/catchUp/record.ts', 'nodes/Talkover/wait/receive.ts']) {
			expect(counts.filter((c) => c.file === file).map((c) => c.n)).toEqual([2, 3]);
		}
		expect(counts.filter((c) => !c.same || c.whole === 0)).toEqual([]);
	});

	test('the parts cover every line once, in order, each cut on a line where a top-level statement or class member starts', () => {
		const source = [
			"import { x } from './x';", // 1
			'', // 2
			'const a = 1; const b = 2;', // 3: two statements on one line: no cut between them
			'export class Guard {', // 4
			'\tprivate n = 0;', // 5
			'\tturn(): number {', // 6
			'\t\treturn this.n + a + b;', // 7
			'\t}', // 8
			'}', // 9
			'export function f(): number {', // 10
			'\treturn x;', // 11
			'}', // 12
		].join('\n');
		const parts = esm(`${PARTS}\nconsole.log(JSON.stringify([2, 3, 4, 5].map((n) => partRanges(process.argv[1], n))));`, source) as number[][][];
		for (const ranges of parts) {
			expect(ranges[0][0]).toBe(1);
			expect(ranges[ranges.length - 1][1]).toBe(12);
			ranges.slice(1).forEach(([from], i) => {
				expect(from).toBe(ranges[i][1] + 1);
				expect([3, 4, 6, 10]).toContain(from);
			});
		}
		expect(parts.map((ranges) => ranges.length)).toEqual([2, 3, 4, 5]);
	});

	test('more parts than the file has places to cut, or a part outside 1 to n, is refused with what to give', () => {
		expect(() => esm(`${PARTS}\npartRanges('const a = 1;\\nconst b = 2;\\n', 3); console.log('[]');`)).toThrow(/has 2 top-level statement\(s\) to share out: fewer than 3 parts/);
		expect(esm(`${PARTS}\nconsole.log(JSON.stringify(['2/3', '4/3', '0/2', 'two', undefined].map(parsePart)));`)).toEqual([
			{ k: 2, n: 3 },
			{ error: '--part 4/3: k must be from 1 to n' },
			{ error: '--part 0/2: k must be from 1 to n' },
			{ error: '--part two: give <k>/<n>, e.g. 2/3' },
			{ error: '--part undefined: give <k>/<n>, e.g. 2/3' },
		]);
	});
});
