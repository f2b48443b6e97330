/**
 * A file's lines cut into parts that a mutation run can take one at a time (`npm run test:mutation -- <module>
 * --mutate <file> --part k/n`): each cut falls just before a top-level statement that starts on a line after the
 * one before it ends (or before a member of a top-level class), so every top-level statement or class member (and so
 * every mutant, which lies inside one) is in exactly one part, and the parts' mutants together are the whole file's. Stryker takes a mutant only when its whole location
 * lies inside a range (`file:<from>-<to>`), so a cut through a statement would leave the mutants spanning it out.
 */
import { createRequire } from 'node:module';

const ts = createRequire(import.meta.url)('typescript');

/**
 * The n parts of a TypeScript source, as [from, to] line ranges (1-based, inclusive) that together cover every line
 * once, cut where the code is closest to n equal shares. Throws when the file has fewer than n - 1 places to cut.
 */
export function partRanges(source, n, fileName = 'part.ts') {
	if (!Number.isInteger(n) || n < 1) throw new Error(`parts: ${n} is not a whole number of at least 1`);
	const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
	const lineOf = (position) => file.getLineAndCharacterOfPosition(position).line + 1;
	const lines = file.getLineStarts().length;
	// The lines a part may start on: a statement's first line, after the line the statement before it ends on; the
	// same for the members of a top-level class (no mutator changes a class body as a whole: a mutant lies inside one
	// member, or in the class's heritage before them).
	const cuts = [];
	const cutBetween = (nodes) =>
		nodes.forEach((node, i) => {
			if (i === 0) return;
			const start = lineOf(node.getStart(file));
			if (start > lineOf(nodes[i - 1].getEnd())) cuts.push(start);
		});
	cutBetween(file.statements);
	for (const statement of file.statements) if (ts.isClassDeclaration(statement)) cutBetween(statement.members);
	cuts.sort((a, b) => a - b);
	if (cuts.length < n - 1) throw new Error(`${fileName} has ${cuts.length + 1} top-level statement(s) to share out: fewer than ${n} parts`);
	// The parts share the code out, not the lines: each line weighs the syntax nodes that start on it (comments and
	// blank lines nothing), which is where mutants come from. before[l] is the weight of the lines before line l.
	const weight = new Array(lines + 2).fill(0);
	const visit = (node) => {
		weight[lineOf(node.getStart(file))] += 1;
		ts.forEachChild(node, visit);
	};
	file.statements.forEach(visit);
	const before = [0];
	for (let line = 1; line <= lines + 1; line++) before[line] = before[line - 1] + weight[line - 1];
	const total = before[lines + 1];
	const chosen = [];
	for (let k = 1; k < n; k++) {
		const target = (k * total) / n;
		// The closest cut after the last one chosen that still leaves one for each part after this one.
		const open = cuts.filter((cut, i) => cut > (chosen[chosen.length - 1] ?? 1) && cuts.length - i >= n - k);
		chosen.push(open.reduce((best, cut) => (Math.abs(before[cut] - target) < Math.abs(before[best] - target) ? cut : best)));
	}
	const starts = [1, ...chosen];
	return starts.map((from, k) => [from, k + 1 < starts.length ? starts[k + 1] - 1 : lines]);
}

/** `k/n` of `--part`, as numbers, or an error's message. */
export function parsePart(text) {
	const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
	if (!match) return { error: `--part ${text}: give <k>/<n>, e.g. 2/3` };
	const [k, n] = [Number(match[1]), Number(match[2])];
	if (n < 1 || k < 1 || k > n) return { error: `--part ${text}: k must be from 1 to n` };
	return { k, n };
}
