/**
 * documented-answers.json is the script's output from the Talkover reference as it is now: a changed
 * page, a changed openapi.json or a hand edit of the fixture fails here (so the answer table cannot
 * drift from the documents). Examples that are not JSON as written are listed with their handling.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DOCUMENTED } from './documented';

const ROOT = path.resolve(__dirname, '../..');

const { apiReference } = require(path.join(ROOT, 'scripts/api-reference.js')) as { apiReference(): string };
/** The reference, as the scripts find it (scripts/api-reference.js). */
const DOCS = apiReference();
const PAGES = fs.readdirSync(DOCS).filter((f) => f.endsWith('.mdx')).sort();
const pageText = (file: string) => fs.readFileSync(path.join(DOCS, file), 'utf8');

test('the committed fixture is what scripts/extract-examples.mjs extracts from the reference', () => {
	const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/extract-examples.mjs'), '--check'], { encoding: 'utf8' });
	expect({ status: run.status, out: run.stdout.trim(), err: run.stderr.trim() }).toEqual({ status: 0, out: 'documented-answers.json is up to date', err: '' });
});

test('every example that is not JSON as written is listed with a named repair, none is skipped', () => {
	const listed = DOCUMENTED.answers.filter((a) => !/^(valid JSON|example|no content|built from the schema)/.test(a.handling));
	expect(DOCUMENTED.notJson.map((n) => n.id)).toEqual(listed.map((a) => a.id));
	for (const answer of listed) {
		const rules = answer.handling.replace(/^repaired: /, '').split(', ');
		expect(rules.every((rule) => rule in DOCUMENTED.repairs)).toBe(true);
	}
	expect(DOCUMENTED.notJson).toEqual([
		{ id: 'introduction.mdx#0', handling: 'repaired: line-comment' },
		{ id: 'list-phone-numbers.mdx#0', handling: 'repaired: trailing-comma' },
		{ id: 'update-agent-flow.mdx#0', handling: 'repaired: ellipsis-object' },
		{ id: 'update-agent-knowledge.mdx#0', handling: 'repaired: ellipsis-object, ellipsis-array' },
		{ id: 'update-agent-voice.mdx#0', handling: 'repaired: ellipsis-array' },
	]);
});

/**
 * Counted here without the script's own patterns, so that a form it misses fails (e.g. the 26
 * `<ResponseExample title="…">` examples of the webhook pages).
 */
describe('every example the pages hold is in the fixture', () => {
	const openings = (file: string) => [...pageText(file).matchAll(/<ResponseExample\b([^>]*)>/g)].map((m) => /title="([^"]*)"/.exec(m[1])?.[1]);
	const withExamples = PAGES.filter((file) => openings(file).length > 0);

	test('the reference holds 278 <ResponseExample> elements (26 with a title) on 127 pages, each in the fixture once', () => {
		const all = withExamples.flatMap(openings);
		expect({ elements: all.length, titled: all.filter((t) => t !== undefined).length, pages: withExamples.length }).toEqual({ elements: 278, titled: 26, pages: 127 });
		const inFixture = DOCUMENTED.answers.filter((a) => (a.source.form ?? '').startsWith('ResponseExample'));
		expect(inFixture).toHaveLength(all.length);
	});

	test.each(withExamples)('%s: each <ResponseExample> (any attributes), in order, with its title', (file) => {
		const fromPage = DOCUMENTED.answers.filter((a) => a.source.file === file && (a.source.form ?? '').startsWith('ResponseExample'));
		expect(fromPage.map((a) => a.source.title)).toEqual(openings(file));
	});

	test('a ```json block outside the example elements is an answer exactly where its section names a response or an error', () => {
		const blocks = PAGES.flatMap((file) => {
			const outside = pageText(file).replace(/<(ResponseExample|RequestExample)\b[^>]*>[\s\S]*?<\/\1>/g, '');
			return [...outside.matchAll(/^```json/gm)].map((m) => {
				const sections = [...outside.slice(0, m.index).matchAll(/^## (.*)$/gm)];
				return { file, section: sections[sections.length - 1]?.[1] };
			});
		});
		// Every such block in the reference, and which are answers (the rest: a request body, a delivery payload).
		expect(blocks).toEqual([
			{ file: 'authentication.mdx', section: 'Error responses' },
			{ file: 'authentication.mdx', section: 'Error responses' },
			{ file: 'authentication.mdx', section: 'Error responses' },
			{ file: 'getting-started-first-call.mdx', section: 'Step 2: Prepare Your API Request' },
			{ file: 'getting-started-first-call.mdx', section: 'Step 2: Prepare Your API Request' },
			{ file: 'getting-started-first-call.mdx', section: 'Step 4: Understand the Response' },
			{ file: 'introduction.mdx', section: 'Response Format' },
			{ file: 'introduction.mdx', section: 'Error Handling' },
			{ file: 'test-webhook.mdx', section: 'Test Payload' },
		]);
		const answers = DOCUMENTED.answers.filter((a) => a.source.form === 'json block under a response heading');
		expect(answers.map((a) => `${a.id} ${a.status}`)).toEqual([
			'authentication.mdx#0 401',
			'authentication.mdx#1 401',
			'authentication.mdx#2 401',
			'getting-started-first-call.mdx#0 200',
			'introduction.mdx#0 200',
			'introduction.mdx#1 400',
		]);
	});

	test('authentication.mdx\'s error shape {"error":"CODE","message","status_code"} (one of the six) is test data, for every route', () => {
		const shapes = DOCUMENTED.answers.filter((a) => a.source.file === 'authentication.mdx');
		expect(shapes.map((a) => ({ route: a.route, status: a.status, body: a.body }))).toEqual([
			{ route: null, status: 401, body: { error: 'UNAUTHORIZED', message: 'Invalid or missing authentication token', status_code: 401 } },
			{ route: null, status: 401, body: { error: 'TOKEN_EXPIRED', message: 'Authentication token has expired', status_code: 401 } },
			{ route: null, status: 401, body: { error: 'MISSING_TOKEN', message: 'Authorization header is required', status_code: 401 } },
		]);
	});
});
