/**
 * The code layout the maintainers rely on: an operation's file and its test are found by its
 * `operation` value; every test file sits with what it protects and is named after it, never after when
 * or how it was written; every operation states whether it may be sent again; the trigger uses only the
 * shared code; every API path is built with apiPath.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { INodePropertyOptions } from 'n8n-workflow';
import * as ts from 'typescript';

import * as agent from '../../nodes/Talkover/actions/agent';
import * as agentAction from '../../nodes/Talkover/actions/agentAction';
import * as calendar from '../../nodes/Talkover/actions/calendar';
import * as calendarEvent from '../../nodes/Talkover/actions/calendarEvent';
import * as call from '../../nodes/Talkover/actions/call';
import * as campaign from '../../nodes/Talkover/actions/campaign';
import * as credit from '../../nodes/Talkover/actions/credit';
import * as flow from '../../nodes/Talkover/actions/flow';
import * as phoneNumber from '../../nodes/Talkover/actions/phoneNumber';
import * as webhookDelivery from '../../nodes/Talkover/actions/webhookDelivery';
import { apiPath } from '../../nodes/shared/transport';
import { loadSource } from '../helpers/n8n';
import { titlesOf } from '../helpers/testTitles';

const ROOT = path.resolve(__dirname, '../..');
const resources = { agent, agentAction, calendar, calendarEvent, call, campaign, credit, flow, phoneNumber, webhookDelivery };
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
	expect(fs.readdirSync(path.join(ROOT, 'test', 'Talkover', resource)).sort()).toEqual(values.map((v) => `${v}.test.ts`));
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
		expect([file, imports.filter((i) => !['n8n-workflow', 'crypto'].includes(i) && !i.startsWith('../shared/') && (i.startsWith('..') || !/^((sources|catchUp)\/)?[A-Za-z.]+$/.test(i)))]).toEqual([file, []]);
	}
});

test('the trigger’s sources each live in a file of their own; the node file only wires them', () => {
	const folder = path.join(ROOT, 'nodes/TalkoverTrigger');
	// Helpers of the sources: common.ts (all), listening.ts (the editor's test URL or a publication: Agent Tool, Agent and
	// Campaign), eventSource.ts, webhookList.ts, eventOptions.ts, recordedWebhooks.ts, eventWebhooks.ts, eventDelivery.ts
	// and unpublishLater.ts (Agent and Campaign: where the webhooks live, their list, the Events picker, their record,
	// registering them, a delivery, their deletion a moment after an unpublish), answerInTime.ts and agentTool*.ts (Agent Tool: its fields, its action, its records, publishing the agent
	// again, the hooks that publish the action, the answer to a call).
	const helpers = ['common.ts', 'listening.ts', 'eventSource.ts', 'webhookList.ts', 'eventOptions.ts', 'recordedWebhooks.ts', 'eventWebhooks.ts', 'eventDelivery.ts', 'unpublishLater.ts', 'answerInTime.ts', ...['Fields', 'Action', 'Records', 'Republish', 'Publishing', 'Answer'].map((part) => `agentTool${part}.ts`)];
	expect(fs.readdirSync(path.join(folder, 'sources')).filter((f) => !helpers.includes(f)).sort()).toEqual(['agentEvents.ts', 'agentTool.ts', 'campaignEvents.ts']);
	const node = fs.readFileSync(path.join(folder, 'TalkoverTrigger.node.ts'), 'utf8');
	expect(node).not.toMatch(/talkoverAnswer|apiPath|getNodeWebhookUrl|getWorkflowStaticData/);
});

test('no path is written out by hand: every /api/v1 path in nodes/ comes from apiPath', () => {
	const sources = files(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.ts'));
	const raw = sources.filter((f) => f !== path.join('shared', 'transport', 'paths.ts') && /['"`]\/api\/v1/.test(fs.readFileSync(path.join(ROOT, 'nodes', f), 'utf8')));
	expect(raw).toEqual([]);
});

test('each family of Talkover paths is built in one place: every path of a webhook, its delivery log and its retries comes from webhooksOf', () => {
	const sources = files(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.ts') && f !== path.join('shared', 'transport', 'paths.ts'));
	expect(sources.filter((f) => /apiPath`[^`]*\/webhooks\b/.test(fs.readFileSync(path.join(ROOT, 'nodes', f), 'utf8')))).toEqual([]);
});

/** The files under nodes/ that `file` imports (every import and export … from, type-only ones too), resolved as TypeScript does. */
function importsOf(file: string): string[] {
	const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
	return importedFiles
		.filter(({ fileName }) => fileName.startsWith('.'))
		.map(({ fileName }) => path.resolve(path.dirname(file), fileName))
		.map((target) => [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => fs.existsSync(candidate)))
		.filter((target): target is string => target !== undefined);
}

/** The import circles among `sources` (absolute paths): each a list of files, every one reached from each other through imports. */
function importCircles(sources: string[]): string[][] {
	const edges = new Map(sources.map((file) => [file, importsOf(file)]));
	// Tarjan's strongly connected components: a component of more than one file is a circle.
	const order = new Map<string, number>();
	const lowest = new Map<string, number>();
	const stack: string[] = [];
	const circles: string[][] = [];
	const visit = (file: string) => {
		order.set(file, order.size);
		lowest.set(file, order.get(file)!);
		stack.push(file);
		for (const next of edges.get(file) ?? []) {
			if (!order.has(next)) {
				visit(next);
				lowest.set(file, Math.min(lowest.get(file)!, lowest.get(next)!));
			} else if (stack.includes(next)) lowest.set(file, Math.min(lowest.get(file)!, order.get(next)!));
		}
		if (lowest.get(file) !== order.get(file)) return;
		const component = stack.splice(stack.indexOf(file));
		if (component.length > 1 || (edges.get(file) ?? []).includes(file)) circles.push(component.map((f) => path.relative(ROOT, f)).sort());
	};
	for (const file of sources) if (!order.has(file)) visit(file);
	return circles;
}

test('no import circle in nodes/: no file reaches itself through its imports (the transport and the answers’ readers included)', () => {
	const sources = files(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, 'nodes', f));
	expect(sources).toEqual(expect.arrayContaining([path.join(ROOT, 'nodes', 'shared', 'transport', 'request.ts'), path.join(ROOT, 'nodes', 'shared', 'answers', 'reader.ts')]));
	expect(importCircles(sources)).toEqual([]);
});

test('the wait is a wing of its own: nothing under actions/ imports it, it does not import the router, only the node file opens it', () => {
	const under = (dir: string) => files(path.join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, dir, f));
	const wing = path.join(ROOT, 'nodes', 'Talkover', 'wait') + path.sep;
	const router = path.join(ROOT, 'nodes', 'Talkover', 'actions', 'router.ts');
	const rel = (f: string) => path.relative(ROOT, f);
	expect(under('nodes/Talkover/actions').flatMap((f) => importsOf(f).filter((t) => t.startsWith(wing)).map((t) => `${rel(f)} -> ${rel(t)}`))).toEqual([]);
	expect(under('nodes/Talkover/wait').flatMap((f) => importsOf(f).filter((t) => t === router).map(() => rel(f)))).toEqual([]);
	expect(under('nodes').filter((f) => !f.startsWith(wing) && importsOf(f).some((t) => t.startsWith(wing))).map(rel)).toEqual(['nodes/Talkover/Talkover.node.ts']);
});

test('the trigger loads no phone tables (only the action node normalises and judges numbers)', () => {
	const reached = new Set<string>();
	const walk = (file: string): void => {
		if (reached.has(file)) return;
		reached.add(file);
		for (const next of importsOf(file)) walk(next);
	};
	walk(path.join(ROOT, 'nodes', 'TalkoverTrigger', 'TalkoverTrigger.node.ts'));
	expect(reached.size).toBeGreaterThan(20);
	expect([...reached].map((f) => path.relative(ROOT, f)).filter((f) => f.startsWith(path.join('nodes', 'shared', 'phoneData')) || f.startsWith(path.join('nodes', 'shared', 'phoneNumbers')))).toEqual([]);
});

test('docs/development.md’s Layout names every folder under nodes/ (an operation’s resource folder as actions/<resource>/)', () => {
	const layout = /^Layout:[\s\S]*?\n\n/m.exec(fs.readFileSync(path.join(ROOT, 'docs', 'development.md'), 'utf8'))?.[0] ?? '';
	expect(layout).toContain('actions/<resource>/');
	const folders = (dir: string): string[] =>
		fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [`${dir}/${e.name}`, ...folders(`${dir}/${e.name}`)] : []));
	const resourceNames = new Set(Object.keys(resources));
	const unnamed = folders('nodes').filter((folder) => {
		const name = folder.split('/').pop()!;
		if (folder.startsWith('nodes/Talkover/actions/') && resourceNames.has(name)) return false;
		return !layout.includes(`${name}/`) && !layout.includes(`\`${folder}\``);
	});
	expect(unnamed).toEqual([]);
});

test('the import circle check finds a circle, type-only imports too', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circles-'));
	fs.mkdirSync(path.join(dir, 'b'));
	fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
	fs.writeFileSync(path.join(dir, 'b', 'index.ts'), "export * from './c';\n");
	fs.writeFileSync(path.join(dir, 'b', 'c.ts'), "import type { A } from '../a';\nexport const b = 1;\nexport type C = A;\n");
	fs.writeFileSync(path.join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
	const found = importCircles(['a.ts', 'b/index.ts', 'b/c.ts', 'd.ts'].map((f) => path.join(dir, f)));
	fs.rmSync(dir, { recursive: true });
	expect(found.map((circle) => circle.map((f) => path.basename(f)))).toEqual([['a.ts', 'c.ts', 'index.ts']]);
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
	// An expression only to send a Base URL with user:password@ to a data: URL.
	expect(credential.test!.request.url).toContain(`: "${apiPath`/agents`}" }}`);
});

/**
 * Every read of Talkover's answers goes through a reader (nodes/shared/answers/): outside the readers and
 * the transport, no code reads a response's body (`.body`) or reads a list without naming its reader
 * (`getList` without `read:`).
 */
describe('Talkover’s answers are read only by the readers', () => {
	const readers = [path.join('shared', 'answers') + path.sep, path.join('shared', 'transport') + path.sep];
	const sources = files(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.ts') && !readers.some((r) => f.startsWith(r)));

	/** The text of each call `name(` … `)` in `source`, its parentheses matched. */
	function callsOf(source: string, name: string): string[] {
		const calls: string[] = [];
		for (let at = source.indexOf(name); at >= 0; at = source.indexOf(name, at + 1)) {
			let depth = 0;
			let end = source.indexOf('(', at);
			for (; end < source.length; end++) {
				if (source[end] === '(') depth++;
				if (source[end] === ')' && --depth === 0) break;
			}
			calls.push(source.slice(at, end + 1));
		}
		return calls;
	}

	/** What `source` does that reads an answer another way than through a reader. */
	function otherReads(source: string): string[] {
		const lines = source.split('\n');
		const found = lines.flatMap((line, i) => {
			// An n8n expression in a string (a field's placeholder, `{{ $json.body.… }}`) is text for the editor, not a read.
			const code = line
				.replace(/\/\/.*$/, '')
				.replace(/^\s*\*.*$/, '')
				.replace(/(["'`])\{\{(?:(?!\1).)*\}\}\1/g, "''");
			const hits: string[] = [];
			if (/(?<!\.\.)\.body\b/.test(code)) hits.push(`line ${i + 1}: reads .body`);
			return hits;
		});
		for (const call of callsOf(source, 'getList.call(')) if (!/\bread:/.test(call)) found.push(`a list read without its reader: ${call.slice(0, 80)}`);
		return found;
	}

	test.each(sources)('%s', (file) => {
		expect(otherReads(fs.readFileSync(path.join(ROOT, 'nodes', file), 'utf8'))).toEqual([]);
	});

	test('the check finds each way of reading around a reader', () => {
		expect(otherReads('const x = response.body as IDataObject;\nreturn [{ ...body }];')).toEqual(['line 1: reads .body']);
		expect(otherReads("await getList.call(this, path, qs, {\n\t...limits,\n});\nawait getList.call(this, path, qs, { read: AGENTS });")).toEqual([expect.stringMatching(/^a list read without its reader/)]);
		expect(otherReads('// response.body in a comment\n * a doc comment on response.body')).toEqual([]);
		expect(otherReads(`placeholder: "{{ $('CRM Webhook').item.json.body.timezone }}",`)).toEqual([]);
		expect(otherReads(`const x = response.body; const p = '{{ $json.body.phone }}';`)).toEqual(['line 1: reads .body']);
	});
});

/**
 * The test tree by what it protects (docs/development.md, "Tests sit with what they protect"): a newcomer finds the
 * tests of a module, an operation or a node by its name, in one place.
 */
describe('tests sit with what they protect and are named after it', () => {
	/** Test files of every suite: unit (`.test.ts`), end-to-end, browser and queue. */
	const TEST_FILE = /\.(test|e2e|browser|queue)\.ts$/;
	/**
	 * The places a test file may be (paths under test/): the Talkover node (its operations under
	 * Talkover/<resource>/, its behaviour and engine beside them), the trigger, the credential, nodes/shared
	 * by module path, and the package-wide behaviours, each in a folder named after it.
	 */
	const PLACES = ['Talkover/', 'TalkoverTrigger/', 'credentials/', 'shared/', 'contract/', 'faults/', 'e2e/', 'browser/', 'queue/', 'examples/', 'sandbox/', 'helpers/', 'package/'];

	const testRoot = path.join(ROOT, 'test');
	const allFiles = files(testRoot);
	const testFiles = allFiles.filter((f) => TEST_FILE.test(f));
	const posix = (f: string) => f.split(path.sep).join('/');

	/** What in a folder, file name or test title records history (a review round, an issue, a session, the technique that found it) instead of the behaviour. */
	const HISTORY_IN_TITLES = [
		/\b(issue|review|session|round)\s*#?\d/i,
		/\breview\b/i,
		/\bR\d+[a-c]?\b/,
		/^item \d+\b/i,
		/\battack/i,
		/\bmutation(?!\.md\b|\/)|\bmutants?\b/i,
		/\bfault \d/i,
		/\bclass [AB]\b/,
		/\bline \d+\b/i,
	];
	const HISTORY_IN_PATHS = /(issue|review|session|round)[-_ ]?#?\d|review\d|attack|mutation|^never(-attacks)?$|fault[-_ ]?\d|class[-_ ]?[ab]\b/i;
	const historyIn = (title: string) => HISTORY_IN_TITLES.filter((rule) => rule.test(title)).map(String);
	/** What in a test file's header comment records history (n8n's lines, an item, mutation testing as what a test is fast enough for, may be named there). */
	const HISTORY_IN_HEADERS = [
		/\b(issue|review|session|round)\s*#?\d/i,
		/\breview(er|s)?\b/i,
		/\bR\d+[a-c]?\b/,
		/\battack/i,
		/\bmutation-/i,
		/\bfault \d/i,
		/\bclass [AB]\b/,
	];
	/** The comments a file opens with (its header), before its first line of code. */
	const headerOf = (text: string) => (ts.getLeadingCommentRanges(text, 0) ?? []).map((range) => text.slice(range.pos, range.end)).join('\n');
	const historyInHeader = (text: string) => HISTORY_IN_HEADERS.filter((rule) => rule.test(headerOf(text))).map(String);

	/** The module or folder under `nodesDir` a test path names: the path itself, or one of its folders. */
	function namesModule(nodesDir: string, testPath: string, byPath: boolean): boolean {
		const parts = testPath.replace(TEST_FILE, '').split('/');
		const names = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
		if (byPath) return names.some((name) => fs.existsSync(path.join(nodesDir, `${name}.ts`)) || fs.existsSync(path.join(nodesDir, name)));
		// By name (the trigger's modules and sources are found by their name, wherever they sit under nodes/TalkoverTrigger/).
		const modules = new Set(files(nodesDir).flatMap((f) => [path.basename(f).replace(/\.ts$/, ''), ...path.dirname(f).split(path.sep)]));
		return parts.some((part) => modules.has(part));
	}

	test('every test file is in one of the places of the layout', () => {
		expect(testFiles.length).toBeGreaterThan(100);
		expect(testFiles.map(posix).filter((f) => !PLACES.some((place) => f.startsWith(place)))).toEqual([]);
	});

	test.each([
		['shared/', 'nodes/shared', true],
		['Talkover/engine/', 'nodes/Talkover/actions/engine', true],
		// The Talkover node's own modules beside actions/: test/Talkover/callingHours/, test/Talkover/guardrails/ and test/Talkover/wait/ by module path.
		['Talkover/callingHours/', 'nodes/Talkover', true],
		['Talkover/guardrails/', 'nodes/Talkover', true],
		['Talkover/wait/', 'nodes/Talkover', true],
		['TalkoverTrigger/', 'nodes/TalkoverTrigger', false],
	] as const)('every test file under test/%s names a module of %s, or sits in a folder named after one', (place, nodes, byPath) => {
		const under = testFiles.map(posix).filter((f) => f.startsWith(place));
		// A folder mirrored from nodes/Talkover is named from there: its own name is the first part of the path.
		const from = nodes === 'nodes/Talkover' ? 'Talkover/' : place;
		expect(under.length).toBeGreaterThan(0);
		expect(under.filter((f) => !namesModule(path.join(ROOT, nodes), f.slice(from.length), byPath))).toEqual([]);
	});

	test('no folder or file name under test/ records history', () => {
		const named = allFiles.flatMap((f) => posix(f).split('/'));
		expect([...new Set(named)].filter((name) => HISTORY_IN_PATHS.test(name))).toEqual([]);
	});

	test('no describe or test title records history', () => {
		// Only files whose text has a history word anywhere are parsed (the parse is the slow part).
		const suspects = testFiles.filter((f) => /issue|review|session|round|\bR\d|item \d|attack|mutat|fault \d|class [AB]|line \d/i.test(fs.readFileSync(path.join(testRoot, f), 'utf8')));
		const found = suspects.flatMap((f) => titlesOf(path.join(testRoot, f)).flatMap(({ text, line }) => (historyIn(text).length ? [`${posix(f)}:${line}: ${text}`] : [])));
		expect(found).toEqual([]);
	});

	test('no test file’s header comment records history', () => {
		const found = testFiles.flatMap((f) => {
			const rules = historyInHeader(fs.readFileSync(path.join(testRoot, f), 'utf8'));
			return rules.length ? [`${posix(f)}: ${rules.join(' ')}`] : [];
		});
		expect(found).toEqual([]);
	});

	test('the header check finds history in the comment a file opens with, and leaves behaviour and later comments alone', () => {
		for (const header of [
			'/**\n * Issue 24 review (the first build broke here): Skip Numbers Called Within\n */\nimport x from "y";\n',
			"/** One request's overall deadline (issue 12 item 14), on a fake clock. */\n",
			'// Review R14: a query moves /api/v1 out of the path\ntest("a", () => undefined);\n',
			'/**\n * .ci/run\'s stages.\n * Written by the issue\'s reviewer: each failed on main.\n */\n',
			'/** Found by mutation-testing the pacer. */\n',
		])
			expect([header, historyInHeader(header).length > 0]).toEqual([header, true]);
		for (const header of [
			'/**\n * The Auto controller on its own, with times given by the test, on the n8n line 2.8 and item 3.\n */\n',
			'/** docs/mutation.md lists each module with its tests. */\n',
			'/** Pure functions, fast enough to run against every mutant. */\n',
			'import x from "y";\n// issue 25: not the header (after the first line of code)\n',
			'const a = 1;\n/** review 6 */\n',
		])
			expect([header, historyInHeader(header)]).toEqual([header, []]);
	});

	test('the checks find history in names and titles, and leave behaviour alone', () => {
		for (const title of ['issue 25: records', 'review 6: the link', 'readDay (review of issue 21, R8: …)', 'R11: a Base URL', 'item 8: Get Active', 'router line 165', 'found by mutation testing', 'a mutant survives', 'Issue 24 review (attacks that broke the first build)', 'fault 12: a 500', 'class A: retried', 'session 3 found it', 'round 2'])
			expect([title, historyIn(title).length > 0]).toEqual([title, true]);
		for (const title of ['the record of item 0', 'one item at a time', 'docs/mutation.md scores every module', 'a message of two lines', 'Retry On Fail sends nothing twice', 'the Test button’s words', 'Rate limits: 429'])
			expect([title, historyIn(title)]).toEqual([title, []]);
		for (const name of ['review6', 'never-attacks', 'never', 'mutation-pacing.test.ts', 'issue25', 'fault-12.test.ts', 'attacks'])
			expect([name, HISTORY_IN_PATHS.test(name)]).toEqual([name, true]);
		for (const name of ['Talkover', 'skip-numbers-called-within', 'never-twice.e2e.ts', 'retry-of-failed-execution.test.ts', 'errorItem.test.ts', 'rateWindow.test.ts', 'every-example.test.ts'])
			expect([name, HISTORY_IN_PATHS.test(name)]).toEqual([name, false]);
		const planted = path.join(os.tmpdir(), `talkover-layout-${process.pid}.test.ts`);
		fs.writeFileSync(planted, "describe('issue 25: a bad name', () => {\n\ttest.each([1])(\n\t\t'review 6: %s',\n\t\t() => undefined,\n\t);\n});\n");
		try {
			expect(titlesOf(planted).map(({ text, line }) => [line, historyIn(text).length > 0])).toEqual([
				[1, true],
				[3, true],
			]);
		} finally {
			fs.rmSync(planted);
		}
	});
});

/**
 * Comments name what is there: in nodes/, credentials/ and test/, every path a comment writes out exists, and
 * no comment names an issue number (the history is in git and CHANGELOG.md).
 *
 * A path, for this check, is a word with a slash that starts with
 * - `./` or `../`: from the comment's file's folder;
 * - a folder or file at the top of the repository (`nodes/…`, `test/…`, `docs/…`, `package.json/…` never):
 *   from the repository's root;
 * - a folder that nodes/ or test/ has (`shared/`, `transport/`, `helpers/`…) and ends in a file name with an
 *   extension (`shared/transport/paths.ts`): the end of the path of a file of the repository.
 * What ends a sentence (`.`, `,`), an anchor (`#…`) and a line (`:12`) are not part of it; a module may be
 * named without its `.ts` and a folder with or without its `/`. Not checked: what a placeholder follows
 * (`<resource>`, `{id}`, `*`, `…`, `${`: only the folders before it are), a path inside a URL, a path under
 * what .gitignore lists (outputs: dist/, test/browser/failures/), and ../shared/talkover-api/ (the API
 * reference beside the clone, as test/package/api-reference.test.ts finds it).
 * An issue number is the word issue (or issues) and a number, with or without `#`, or `#` and a number on its
 * own; `#` and a number after `CONTRADICTIONS` or `CONTRADICTIONS.md` is a row of test/sandbox/CONTRADICTIONS.md,
 * not an issue.
 */
describe('comments name what is there', () => {
	const TOP = new Set(fs.readdirSync(ROOT));
	const IGNORED = fs
		.readFileSync(path.join(ROOT, '.gitignore'), 'utf8')
		.split('\n')
		.map((line) => line.trim().replace(/\/$/, ''))
		.filter((line) => line !== '' && !line.startsWith('#') && !line.includes('*'));
	const trees = ['nodes', 'credentials', 'test'];
	const sources = trees.flatMap((tree) => files(path.join(ROOT, tree)).map((f) => `${tree}/${f.split(path.sep).join('/')}`)).filter((f) => /\.(ts|js|mjs|cjs)$/.test(f));
	const repoFiles = [...trees, 'docs', 'scripts', 'examples', 'bench', 'mutation'].flatMap((tree) => files(path.join(ROOT, tree)).map((f) => `${tree}/${f.split(path.sep).join('/')}`));
	/** The folders of nodes/ and test/, by name: a path that starts with one of them is the end of a file's path. */
	const FOLDERS = new Set(repoFiles.filter((f) => f.startsWith('nodes/') || f.startsWith('test/')).flatMap((f) => f.split('/').slice(1, -1)));
	const PATH = /(?<![\w./:@$-])((?:\.\.?\/)+[\w.@-]*(?:\/[\w.@-]+)*\/?|[\w@.-]+(?:\/[\w.@-]+)+\/?)(.?)/g;
	const PLACEHOLDER = /^[<{*…$]$/;
	const FILE_NAME = /\.[a-z]+$/;
	const API_REFERENCE = '../shared/talkover-api';
	const ISSUE = /\bissues?\s*#?\d+|(?<![\w&#/])#\d+\b/i;
	const CONTRADICTION_ROWS = /\bCONTRADICTIONS(?:\.md)?\s*#\d+(?:\s*(?:,|and|or)\s*#\d+)*/g;

	/** The comments of a source file, with the line each starts on. */
	function commentsOf(text: string, file: string): Array<{ text: string; line: number }> {
		const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
		const found = new Map<number, { text: string; line: number }>();
		const take = (ranges: ts.CommentRange[] | undefined) => {
			for (const range of ranges ?? []) found.set(range.pos, { text: text.slice(range.pos, range.end), line: source.getLineAndCharacterOfPosition(range.pos).line + 1 });
		};
		const visit = (node: ts.Node) => {
			take(ts.getLeadingCommentRanges(text, node.getFullStart()));
			take(ts.getTrailingCommentRanges(text, node.getEnd()));
			ts.forEachChild(node, visit);
		};
		visit(source);
		return [...found.values()].sort((a, b) => a.line - b.line);
	}

	const exists = (at: string) => [at, `${at}.ts`, `${at}.js`, path.join(at, 'index.ts')].some((candidate) => fs.existsSync(candidate));
	const ignored = (relative: string) => IGNORED.some((entry) => relative === entry || relative.startsWith(`${entry}/`));

	/** Why a path written in a comment of `file` (a path from the repository's root) names nothing, or undefined. */
	function missing(written: string, file: string): string | undefined {
		const relative = written.replace(/\/$/, '');
		if (relative === '' || relative === '.' || relative === '..' || relative.startsWith(API_REFERENCE)) return undefined;
		const first = relative.split('/')[0];
		if (first === '.' || first === '..') {
			const from = path.posix.normalize(path.posix.join(path.posix.dirname(file), relative));
			if (from.startsWith('../') || ignored(from)) return undefined;
			return exists(path.join(ROOT, from)) ? undefined : `${written} (from ${path.posix.dirname(file)}/)`;
		}
		if (TOP.has(first)) return ignored(relative) || exists(path.join(ROOT, relative)) ? undefined : written;
		if (FOLDERS.has(first) && FILE_NAME.test(relative)) return repoFiles.some((f) => f.endsWith(`/${relative}`)) ? undefined : `${written} (no file's path ends so)`;
		return undefined;
	}

	/** What the comments of `text` (the file `file`, from the repository's root) name that is not there: paths, and issue numbers. */
	function staleInComments(text: string, file: string): string[] {
		return commentsOf(text, file).flatMap(({ text: comment, line }) => {
			const stale: string[] = [];
			for (const [, written, after] of comment.matchAll(PATH)) {
				// Only the folders before a placeholder are checked.
				const checked = PLACEHOLDER.test(after) ? written.slice(0, written.lastIndexOf('/') + 1) : written.replace(/[.,]+$/, '');
				const why = missing(checked, file);
				if (why) stale.push(`${file}:${line}: ${why}`);
			}
			const issue = ISSUE.exec(comment.replace(CONTRADICTION_ROWS, ''));
			if (issue) stale.push(`${file}:${line}: names an issue (${issue[0]})`);
			return stale;
		});
	}

	test('every path a comment names exists, and no comment names an issue number', () => {
		expect(sources.length).toBeGreaterThan(400);
		expect(sources.flatMap((file) => staleInComments(fs.readFileSync(path.join(ROOT, file), 'utf8'), file))).toEqual([]);
	});

	test('the check finds a path that is not there and an issue number, and leaves what is there alone', () => {
		const file = 'nodes/shared/transport/example.ts';
		const bad = [
			'/** Errors are built in transport/errors.ts (see test/transport/). */',
			'// Paged as ../answers/pages.ts says, tested in nodes/shared/transport/request.test.ts.',
			'/* Found by issue 35. */',
			'// Fixed again in #12.',
			"const x = 1; // Plans under nodes/Talkover/actions/<resource>/ and nodes/Nowhere/<resource>/",
		];
		expect(bad.map((text) => staleInComments(text, file))).toEqual([
			[`${file}:1: transport/errors.ts (no file's path ends so)`, `${file}:1: test/transport/`],
			[`${file}:1: ../answers/pages.ts (from nodes/shared/transport/)`, `${file}:1: nodes/shared/transport/request.test.ts`],
			[`${file}:1: names an issue (issue 35)`],
			[`${file}:1: names an issue (#12)`],
			[`${file}:1: nodes/Nowhere/`],
		]);
		const good = [
			'/** Built in ./nodeErrors.ts and ./request (its module), read by ../answers/reader.ts; tested in test/shared/transport/. */',
			'// shared/transport/paths.ts builds each path (nodes/shared/transport/paths.ts:12, docs/development.md#commands).',
			'/* CONTRADICTIONS.md #13, #24 and CONTRADICTIONS #46; the 2nd `Agent#0`; https://example.com/test/nowhere.ts; n8n-core/dist/x.js. */',
			'// The API reference (../shared/talkover-api/openapi.json), screenshots in test/browser/failures/x.png, the build in dist/nodes/.',
			"const where = 'nodes/Nowhere/x.ts', why = 'issue 12 (#12)'; // texts of the code are not comments",
		];
		expect(good.map((text) => staleInComments(text, file))).toEqual(good.map(() => []));
	});
});
