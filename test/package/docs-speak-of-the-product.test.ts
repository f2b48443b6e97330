/**
 * The docs, the examples' sticky notes and the code's comments speak of the product: what it does, what it
 * does not do and why, and figures with their date, commit and command. How the work was made (who worked on
 * it and when, what found what, under which ticket) is in git, never in what a reader of the package reads.
 * Product and code words stay allowed: an MCP session, test/helpers/, a request helper, n8n's
 * webhook-helpers.js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Words that tell how the work was made, not what the product is. */
const MAKING = [
	/\bhelper sessions?\b/i,
	/\b(?:next|last|this|previous|earlier|later) sessions?\b/i,
	/\bsessions?\s*#?\d+/i,
	/(?<!\bMCP )\bsessions\b/i,
	/\boutside review/i,
	/\bissues?\s*#?\d+/i,
	/\b(?:this|last) turn\b/i,
];

/** The words of the making in `text`, each with its line: `file:line: the line`. */
function makingIn(text: string, file: string, firstLine = 1): string[] {
	return text.split('\n').flatMap((line, i) => (MAKING.some((rule) => rule.test(line)) ? [`${file}:${firstLine + i}: ${line.trim()}`] : []));
}

/** Files below `dir`, from the repository's root. */
function files(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const at = `${dir}/${entry.name}`;
		return entry.isDirectory() ? files(at) : [at];
	});
}

/** The comments of a TypeScript or JavaScript source, each with the line it starts on. */
function commentsOf(text: string, file: string): Array<{ text: string; line: number }> {
	const found: Array<{ text: string; line: number }> = [];
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
	// Comments are read where the parser leaves them: before and after each node (a template's text is never one).
	const seen = new Set<number>();
	const take = (ranges: ts.CommentRange[] | undefined) => {
		for (const range of ranges ?? []) {
			if (seen.has(range.pos)) continue;
			seen.add(range.pos);
			found.push({ text: text.slice(range.pos, range.end), line: source.getLineAndCharacterOfPosition(range.pos).line + 1 });
		}
	};
	const visit = (node: ts.Node) => {
		take(ts.getLeadingCommentRanges(text, node.getFullStart()));
		take(ts.getTrailingCommentRanges(text, node.getEnd()));
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found.sort((a, b) => a.line - b.line);
}

const PAGES = ['README.md', 'CHANGELOG.md', ...files('docs').filter((f) => f.endsWith('.md'))];
const EXAMPLES = files('examples').filter((f) => f.endsWith('.json'));
const SOURCES = [...files('nodes'), ...files('test')].filter((f) => /\.(ts|js|mjs|cjs)$/.test(f));

/** The sticky notes' texts of an example workflow. */
const stickyNotes = (file: string): string[] =>
	(JSON.parse(read(file)) as { nodes: Array<{ type: string; parameters: { content?: string } }> }).nodes
		.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
		.map((node) => node.parameters.content ?? '');

describe('the docs speak of the product, not of how it was made', () => {
	const page = (file: string) => expect(makingIn(read(file), file)).toEqual([]);
	test.each(PAGES)('%s: tells nothing of how it was made (work sessions, issue numbers, turns)', page);

	test.each(EXAMPLES)('%s: no sticky note tells how it was made', (file) => {
		expect(stickyNotes(file).flatMap((note) => makingIn(note, file))).toEqual([]);
	});

	test('no comment under nodes/ or test/ tells how the code was made', () => {
		expect(SOURCES.length).toBeGreaterThan(400);
		// Only files whose text has a word of the making anywhere are parsed (the parse is the slow part).
		const suspects = SOURCES.filter((file) => MAKING.some((rule) => rule.test(read(file))));
		const found = suspects.flatMap((file) => commentsOf(read(file), file).flatMap(({ text, line }) => makingIn(text, file, line)));
		expect(found).toEqual([]);
	});

	test('the check finds the words of the making and leaves the product’s words alone', () => {
		const making = [
			'Found by CI on n8n 1.123 (session 23): the Retry',
			'No full green run of session 26’s code: the next session starts with one.',
			'Measured while other sessions were running.',
			'a helper session measured it',
			'the outside review found two faults',
			'Call and wait for the outcome (issue 34)',
			'issues #48 and 49',
			'Mutation on the modules of this turn',
			'as in the last turn',
			'Left (next sessions, in this order)',
			'since Session 27 it deletes them',
		];
		expect(making.filter((text) => makingIn(text, 'x').length === 0)).toEqual([]);
		const product = [
			'the node names the MCP session',
			'in a new session after n8n was stopped',
			'MCP sessions each get their own transport',
			'test/helpers/waitingN8n.ts sends the request',
			'the request helper’s default method is GET',
			'`webhooks/webhook-helpers.js:542` runs `webhook()`',
			'`IExecuteFunctions.helpers` only',
			'takes turns per trigger; the next turn of a number',
			'The issues Talkover lists in its reference',
		];
		expect(product.flatMap((text) => makingIn(text, 'x'))).toEqual([]);
	});

	test('the check reads comments, not the code’s own texts', () => {
		const text = "const note = 'session 3'; // session 4 found it\n/** Left for the next session. */\nexport const x = `issue 5`;\n";
		expect(commentsOf(text, 'nodes/x.ts').flatMap(({ text: comment, line }) => makingIn(comment, 'nodes/x.ts', line))).toEqual([
			'nodes/x.ts:1: // session 4 found it',
			'nodes/x.ts:2: /** Left for the next session. */',
		]);
	});
});
