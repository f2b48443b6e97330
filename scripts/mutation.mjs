#!/usr/bin/env node
/**
 * `npm run test:mutation [module…]`: mutation testing of the guards. For each module of
 * mutation/modules.json (all, or the ones named), StrykerJS mutates its file(s) and runs only the test
 * files listed for it against each mutant (jest runner, per-test coverage, at most 2 workers), then a
 * table is printed: mutants, killed, timed out, survived, no coverage, score ((killed + timed out) over
 * all mutants) and time. Survivors are written to reports/mutation/<module>.survivors.txt and, with
 * `--survivors`, printed. Not part of `npm test` or .ci/run: it takes minutes per module.
 * Every test runs against every mutant it covers (bail disabled), so a survivor is one no listed test kills.
 * Options: --concurrency N (1 or 2, default 2), --survivors, --mutate <file:from-to[,from-to|,file:from-to…]> (only those lines,
 * in place of the module's files: a quick check of the mutants of a few lines; one module at a time; a file without
 * a range is the whole file, a measure modules.json's `measured` can record per file), --part k/n with one whole file in
 * --mutate (its k-th of n parts, cut between top-level statements and class members, script./file-parts.mjs: the n
 * parts' runs at one commit are the file's whole run, for a file too long for one sitting; `measured` records them as
 * `{ "commit": …, "of": n, "parts": [k, …] }` until every part is in).
 * `--changed` runs nothing: it lists the modules whose mutated files changed since the commit of their newest whole
 * run (`measured` in modules.json), and those with no whole run on record, to be run again.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parsePart, partRanges } from './file-parts.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { apiReference } = createRequire(import.meta.url)('./api-reference.js');
const MODULES = JSON.parse(fs.readFileSync(path.join(ROOT, 'mutation/modules.json'), 'utf8'));
delete MODULES.$comment;
const REPORTS = path.join(ROOT, 'reports/mutation');

const args = process.argv.slice(2);
const flag = (name) => {
	const at = args.indexOf(name);
	if (at === -1) return undefined;
	const [, value] = args.splice(at, 2);
	return value;
};
if (args.includes('--changed')) {
	listChanged();
	process.exit(0);
}
const showSurvivors = args.includes('--survivors');
if (showSurvivors) args.splice(args.indexOf('--survivors'), 1);
const concurrency = Math.min(2, Math.max(1, Number(flag('--concurrency') ?? 2)));
const refuse = (message) => {
	console.error(message);
	process.exit(2);
};
// `a.ts:1-50,90-120,b.ts:3-9`: a bare range takes the file named before it (Stryker wants the file in each).
const onlyLines = flag('--mutate')
	?.split(',')
	.reduce((entries, part) => {
		const file = entries.length ? entries[entries.length - 1].replace(/:[^:]*$/, '') : undefined;
		if (/^\d+-\d+$/.test(part)) {
			if (!file) refuse(`--mutate: the range ${part} has no file before it (<file>:<from>-<to>)`);
			return [...entries, `${file}:${part}`];
		}
		if (!/^[^:]+(:\d+-\d+)?$/.test(part)) refuse(`--mutate: ${part} is not <file> or <file>:<from>-<to>`);
		return [...entries, part];
	}, []);
// --part k/n: the k-th of the n parts of the one whole file --mutate names.
const partText = flag('--part');
let part;
if (partText !== undefined) {
	const { k, n, error } = parsePart(partText);
	if (error) refuse(error);
	if (onlyLines?.length !== 1 || onlyLines[0].includes(':')) refuse('--part: name one whole file with --mutate <file>');
	const [file] = onlyLines;
	const [from, to] = partRanges(fs.readFileSync(path.join(ROOT, file), 'utf8'), n, file)[k - 1];
	part = { file, k, n, from, to };
	onlyLines[0] = `${file}:${from}-${to}`;
}
const unknown = args.filter((name) => !(name in MODULES));
if (unknown.length) refuse(`Unknown module(s): ${unknown.join(', ')}. Known: ${Object.keys(MODULES).join(', ')}`);
const chosen = args.length ? args : Object.keys(MODULES);

/**
 * A module's files, each with the commit of its newest whole measure: `measured` is one commit (the module run whole at
 * once) or an object of file → commit (each file run whole, with `--mutate <file>`, against the module's listed tests:
 * a mutant is one change to one file, so the files' runs together are the module's). A file the object does not name has none.
 */
function measuredFiles(module) {
	const { measured } = module;
	return module.mutate.map((file) => {
		const record = typeof measured === 'string' ? measured : (measured?.[file] ?? null);
		if (record === null || typeof record === 'string') return { file, commit: record };
		// Parts run at one commit: the whole run once every part of the n is in.
		const left = Array.from({ length: record.of }, (_, i) => i + 1).filter((k) => !record.parts.includes(k));
		return left.length ? { file, commit: null, partly: { commit: record.commit, left, of: record.of } } : { file, commit: record.commit };
	});
}

/** The modules to run again: a mutated file differs from the commit of its newest whole measure, or has none on record. */
function listChanged() {
	for (const [name, module] of Object.entries(MODULES)) {
		if (!module.measured) {
			console.log(`${name}: no whole run on record`);
			continue;
		}
		const byCommit = new Map();
		const partly = [];
		for (const { file, commit, partly: parts } of measuredFiles(module)) {
			if (parts) {
				// Parts of a file that changed since are no part of its whole run any more.
				const diff = spawnSync('git', ['diff', '--name-only', parts.commit, '--', file], { cwd: ROOT, encoding: 'utf8' });
				const changed = diff.status !== 0 || diff.stdout.trim() !== '';
				partly.push(changed ? `changed since ${parts.commit}, where some of its ${parts.of} parts were run: ${file}` : `parts ${parts.left.join(', ')} of ${parts.of} left at ${parts.commit}: ${file}`);
			}
			else byCommit.set(commit, [...(byCommit.get(commit) ?? []), file]);
		}
		const again = [...partly, ...byCommit].flatMap((entry) => {
			if (typeof entry === 'string') return [entry];
			const [commit, files] = entry;
			if (!commit) return [`never measured whole: ${files.join(', ')}`];
			const diff = spawnSync('git', ['diff', '--name-only', commit, '--', ...files], { cwd: ROOT, encoding: 'utf8' });
			if (diff.status !== 0) return [`measured at ${commit}, a commit this clone does not have`];
			return diff.stdout.trim() ? [`changed since ${commit}: ${diff.stdout.trim().split('\n').join(', ')}`] : [];
		});
		if (again.length) console.log(`${name}: ${again.join('; ')}`);
	}
}

/** `file:start-end` of a named top-level function of a file (from its line to the next `}` in column 0), or undefined. */
function functionRange(file, name) {
	const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
	const start = lines.findIndex((line) => new RegExp(`^(export )?(async )?function ${name}\\b`).test(line));
	if (start === -1) return undefined;
	const end = lines.findIndex((line, i) => i > start && line === '}');
	return `${file}:${start + 1}-${end + 1}`;
}

/** Each named function, in whichever of the module's files holds it (each name must be found once at least). */
function functionRanges(files, names) {
	return names.flatMap((name) => {
		const ranges = files.map((file) => functionRange(file, name)).filter(Boolean);
		if (!ranges.length) throw new Error(`none of ${files.join(', ')} has a top-level function ${name} (mutation/modules.json)`);
		return ranges;
	});
}

function mutateOf(module) {
	return module.functions ? functionRanges(module.mutate, module.functions) : module.mutate;
}

/** The jest configuration of one module: the project's, with only its test files and no build step. */
function jestConfig(module) {
	return {
		preset: 'ts-jest',
		testEnvironment: 'node',
		roots: ['<rootDir>/test'],
		testMatch: module.tests.map((file) => `<rootDir>/${file}`),
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
		testTimeout: 30000,
		// Only the test files that hold a mutant's covering tests run against it (see the sequencer).
		testSequencer: path.join(ROOT, 'scripts/mutation-sequencer.cjs'),
	};
}

async function run(name) {
	const module = MODULES[name];
	for (const file of [...module.mutate, ...module.tests]) {
		if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${name}: ${file} does not exist (mutation/modules.json)`);
	}
	const { Stryker } = await import('@stryker-mutator/core');
	// Stryker's sandbox is a copy outside the project, where the tests would not find Talkover's API reference beside it.
	process.env.TALKOVER_API_DIR = apiReference();
	// Tests that repeat another at a larger scale leave the larger one out while mutants run (test/helpers/scale.ts).
	process.env.TALKOVER_MUTATION = '1';
	// Where the reporter writes each mutant's test files for the sequencer (the test runners inherit the variable).
	process.env.TALKOVER_MUTANT_TEST_FILES = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-mutant-tests-')), 'files.json');
	const started = Date.now();
	const stryker = new Stryker({
		// Stryker resolves its files from the working directory.
		packageManager: 'npm',
		testRunner: 'jest',
		plugins: ['@stryker-mutator/jest-runner', path.join(ROOT, 'scripts/mutation-test-files.mjs')],
		jest: { projectType: 'custom', config: jestConfig(module), enableFindRelatedTests: false },
		coverageAnalysis: 'perTest',
		disableBail: true,
		concurrency,
		mutate: onlyLines ?? mutateOf(module),
		disableTypeChecks: '{nodes,credentials}/**/*.ts',
		ignorePatterns: ['dist', 'bench', 'examples', 'docs', 'reports', '.n8n-host', '.n8n-host-next', '.n8n-dev', 'coverage', '*.tgz', 'test/browser', 'test/e2e', 'test/queue'],
		// Outside the project: a sandbox copy inside it would be linted (n8n-node lint reads the whole folder) and
		// seen by jest's and tsc's own walks while a run is under way. A folder of this run's own: Stryker empties
		// it at the end, which would pull the sandbox from under another run (another checkout's) sharing one.
		tempDirName: fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-stryker-')),
		cleanTempDir: true,
		reporters: ['progress', 'test-files'],
		timeoutMS: 10000,
		logLevel: 'warn',
		fileLogLevel: 'off',
		allowConsoleColors: false,
	});
	const results = await stryker.runMutationTest();
	const count = (status) => results.filter((r) => r.status === status).length;
	const row = {
		module: name,
		mutants: 0,
		killed: count('Killed'),
		timeout: count('Timeout'),
		survived: count('Survived'),
		noCoverage: count('NoCoverage'),
		errors: count('RuntimeError') + count('CompileError'),
		seconds: Math.round((Date.now() - started) / 1000),
	};
	row.mutants = row.killed + row.timeout + row.survived + row.noCoverage;
	row.score = row.mutants ? (100 * (row.killed + row.timeout)) / row.mutants : 100;
	const alive = results
		.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage')
		.sort((a, b) => a.location.start.line - b.location.start.line)
		.map((r) => `${r.status === 'NoCoverage' ? 'no coverage' : 'survived'}  ${path.relative(ROOT, r.fileName)}:${r.location.start.line}:${r.location.start.column + 1}  ${r.mutatorName}: ${JSON.stringify(r.replacement ?? '')}`);
	fs.mkdirSync(REPORTS, { recursive: true });
	fs.writeFileSync(path.join(REPORTS, `${name}.survivors.txt`), alive.join('\n') + (alive.length ? '\n' : ''));
	if (showSurvivors && alive.length) console.log(`\n${name}: ${alive.length} alive\n${alive.join('\n')}`);
	return row;
}

function minutes(seconds) {
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function table(rows) {
	const head = ['module', 'mutants', 'killed', 'timed out', 'survived', 'no coverage', 'score', 'time'];
	const lines = rows.map((r) => [r.module, r.mutants, r.killed, r.timeout, r.survived, r.noCoverage, `${r.score.toFixed(1)} %`, minutes(r.seconds)].map(String));
	const total = rows.reduce((sum, r) => sum + r.seconds, 0);
	return [
		`| ${head.join(' | ')} |`,
		`|${head.map(() => '---').join('|')}|`,
		...lines.map((cells) => `| ${cells.join(' | ')} |`),
		'',
		`total time ${minutes(total)} (concurrency ${concurrency})`,
	].join('\n');
}

process.chdir(ROOT);
const rows = [];
let failed = false;
for (const name of chosen) {
	try {
		rows.push(await run(name));
		const last = rows[rows.length - 1];
		if (last.errors) console.warn(`${name}: ${last.errors} mutant(s) could not run (runtime or compile errors), not counted`);
	} catch (error) {
		failed = true;
		console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
	}
}
const text = table(rows);
console.log(`\n${text}`);
// Whole files run with --mutate: what modules.json's `measured` may record for them (the files as committed).
const wholeFiles = onlyLines?.filter((entry) => !entry.includes(':')) ?? [];
if (!failed && wholeFiles.length) {
	const head = spawnSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
	const dirty = spawnSync('git', ['status', '--porcelain', '--', ...wholeFiles], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
	console.log(dirty ? `not recordable: ${wholeFiles.join(', ')} differ from ${head}` : `measured whole at ${head}: ${wholeFiles.join(', ')}`);
}
if (!failed && part) {
	const head = spawnSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
	const dirty = spawnSync('git', ['status', '--porcelain', '--', part.file], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
	const what = `part ${part.k} of ${part.n} (lines ${part.from}-${part.to}) of ${part.file}`;
	console.log(dirty ? `not recordable: ${part.file} differs from ${head}` : `measured ${what} at ${head}`);
}
fs.mkdirSync(REPORTS, { recursive: true });
fs.writeFileSync(path.join(REPORTS, `table-${chosen.join('-').slice(0, 80)}.md`), `${text}\n`);
process.exit(failed ? 1 : 0);
