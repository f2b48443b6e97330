/**
 * The readers of Talkover's answers (nodes/shared/answers/) against the answers both documents give
 * (the pages and openapi.json, test/contract/documented-answers.json): every documented success of a
 * reader's routes is read, with the shape the transport checks first (at the answer's own status), and
 * every route a reader names is a documented one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as answers from '../../nodes/shared/answers';
import type { AnswerReader } from '../../nodes/shared/answers';
import { AnswerProblem } from '../../nodes/shared/answers';
import { answerProblem } from '../../nodes/shared/transport/answer';
import type { Expected } from '../../nodes/shared/transport/answer';
import { answersOf, DOCUMENTED } from './documented';

type Reader = AnswerReader<unknown> & { expect?: Expected };

/** Every value the index exports that is a reader (routes and read). */
const READERS: Array<[string, Reader]> = Object.entries(answers as Record<string, unknown>).flatMap(([name, value]) => {
	const reader = value as Partial<Reader> | null;
	return reader !== null && typeof reader === 'object' && Array.isArray(reader.routes) && typeof reader.read === 'function' ? [[name, reader as Reader] as [string, Reader]] : [];
});

const ROUTES = new Set(DOCUMENTED.answers.map((a) => a.route));

/** A 2xx answer that says it failed (`success: false`) is read by the transport as Talkover's failure, never by a reader. */
const saysFailed = (body: unknown) => (body as { success?: unknown } | null)?.success === false;

test('the index lists every reader file of nodes/shared/answers/', () => {
	const folder = path.join(__dirname, '../../nodes/shared/answers');
	const index = fs.readFileSync(path.join(folder, 'index.ts'), 'utf8');
	const files = fs.readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
	expect(files.filter((f) => !index.includes(`export * from './${f}';`))).toEqual([]);
	expect(READERS.length).toBeGreaterThan(20);
});

describe.each(READERS)('%s', (_name, reader) => {
	test('names only documented routes, each with a documented success', () => {
		expect(reader.routes.length).toBeGreaterThan(0);
		for (const route of reader.routes) {
			expect([route, ROUTES.has(route)]).toEqual([route, true]);
			expect([route, answersOf(route).some((a) => a.status >= 200 && a.status < 300 && !saysFailed(a.body))]).toEqual([route, true]);
		}
	});

	const documented = reader.routes.flatMap((route) => answersOf(route).filter((a) => a.status >= 200 && a.status < 300 && !saysFailed(a.body)));
	test.each(documented.map((a) => [`${a.route} ${a.status} (${a.source.file}${a.source.title ? `, ${a.source.title}` : ''}, ${a.handling})`, a] as const))('reads %s', (_what, answer) => {
		// The transport checks the reader's shape with the answer's status first …
		if (reader.expect !== undefined) expect(answerProblem(answer.status, answer.body, reader.expect)).toBeUndefined();
		// … then the reader reads it: never an AnswerProblem for an answer the documents describe.
		let problem: unknown;
		try {
			reader.read(answer.body);
		} catch (error) {
			problem = error;
		}
		expect(problem instanceof AnswerProblem ? problem.message : problem).toBeUndefined();
	});
});
