/**
 * The titles of a test file's describe and test blocks, read with TypeScript's parser (so a title on the
 * next line, a `test.each(table)('…')` title or a template literal is found as surely as a plain
 * `test('…')`). Used by test/package/layout.test.ts to keep history out of test names.
 */
import * as fs from 'node:fs';

import * as ts from 'typescript';

export interface Title {
	/** The title as written (a template literal's text with its `${…}` kept). */
	text: string;
	/** 1-based line of the title. */
	line: number;
}

const BLOCKS = new Set(['describe', 'test', 'it']);

/** The identifier a call's callee starts from: `test` for test(…), test.each(…)(…), describe.skip(…). */
function blockName(callee: ts.Expression): string | undefined {
	let node: ts.Expression = callee;
	for (;;) {
		if (ts.isIdentifier(node)) return BLOCKS.has(node.text) ? node.text : undefined;
		if (ts.isPropertyAccessExpression(node)) node = node.expression;
		else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) node = node.expression.expression;
		else return undefined;
	}
}

export function titlesOf(file: string): Title[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2021, true);
	const titles: Title[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isCallExpression(node) && blockName(node.expression) && node.arguments.length > 0) {
			const first = node.arguments[0];
			const text = ts.isStringLiteralLike(first) ? first.text : ts.isTemplateExpression(first) ? first.getText(source).slice(1, -1) : undefined;
			if (text !== undefined) titles.push({ text, line: source.getLineAndCharacterOfPosition(first.getStart(source)).line + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return titles;
}
