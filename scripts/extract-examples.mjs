#!/usr/bin/env node
/**
 * Extracts every answer Talkover documents from its API reference (../shared/talkover-api/: the .mdx
 * pages and openapi.json) into test/contract/documented-answers.json, the test data of
 * test/contract/answers.test.ts. Nothing is retyped: the bodies are the documents' own.
 *
 * - Pages: every form a page holds an answer in (PAGE_FORMS; the reference has no <CodeGroup>):
 *   `<ResponseExample>` with or without attributes (the webhook pages title theirs, e.g. "404 Webhook Not
 *   Found"), each holding one ```json block; and a ```json block outside the example elements under a `##`
 *   heading that names a response or an error (authentication.mdx's errors, introduction.mdx's response
 *   format, the first-call guide's answer; a page without `api:` gives them `route: null`, for every route).
 *   Its status is the first HTTP status (100–599) in the example's title, else in the heading above it,
 *   else in the text between that heading and the example (other examples left out), else the body's own
 *   `status_code`, else 400 under an error heading (test-webhook.mdx's "Test Failed": the page names no
 *   status) and 200 otherwise (the success examples under "## Response" that name no status: "### Valid",
 *   "### Active Call Found", "Webhook Enabled"). `statusFrom` says which.
 *   Examples that are not valid JSON are repaired by the named rules below, each listed on the answer,
 *   or skipped with the reason.
 * - openapi.json: each response of each route: its `example`, each of its `examples`, or, where only a
 *   schema is given, a body built from the schema deterministically (a `$ref` becomes the component's
 *   own `example`; an object its properties in order; an array one entry; a scalar its enum's first
 *   value or a fixed value of its type/format). Responses without content (204, the bare 4xx) are
 *   listed with `body: null`.
 *
 * Usage: node scripts/extract-examples.mjs [--check] [--docs DIR]
 *   --check  exits 1 if the committed fixture differs from what the documents give (the drift test
 *            does the same in jest).
 *   DIR      the reference (default: TALKOVER_API_DIR, else the first shared/talkover-api found in a
 *            folder above this repository).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import apiReferenceModule from './api-reference.js';

const { apiReference } = apiReferenceModule;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE = path.join(ROOT, 'test/contract/documented-answers.json');

/** The reference's folder: --docs, else as scripts/api-reference.js finds it. */
export function findDocs(explicit) {
	return apiReference(explicit);
}

/**
 * Repairs for examples that are not JSON, applied in this order, each only where it changes the text.
 * A repaired example lists the names of the rules it needed.
 */
export const REPAIRS = [
	{ name: 'ellipsis-object', says: '`{.}`, `{ . }` or `{...}`, an elided object, read as an empty object `{}`', apply: (t) => t.replace(/\{\s*\.+\s*\}/g, '{}') },
	{ name: 'ellipsis-array', says: '`[.]` or `[...]`, an elided list, read as an empty list `[]`', apply: (t) => t.replace(/\[\s*\.+\s*\]/g, '[]') },
	{ name: 'line-comment', says: 'a `// …` comment line (a placeholder such as `// Response data`) removed', apply: (t) => t.replace(/^\s*\/\/.*$\n?/gm, '') },
	{ name: 'trailing-comma', says: 'a comma before `}` or `]` removed', apply: (t) => t.replace(/,(\s*[}\]])/g, '$1') },
];

function parseExample(text) {
	try {
		return { body: JSON.parse(text), handling: 'valid JSON' };
	} catch {
		// repaired below
	}
	let repaired = text;
	const applied = [];
	for (const rule of REPAIRS) {
		const next = rule.apply(repaired);
		if (next !== repaired) {
			applied.push(rule.name);
			repaired = next;
		}
	}
	try {
		return { body: JSON.parse(repaired), handling: `repaired: ${applied.join(', ')}`, repairs: applied };
	} catch (error) {
		return { body: null, handling: `skipped: not JSON after ${applied.join(', ') || 'no rule'} (${error.message})`, skipped: true };
	}
}

/** "POST /api/v1/agents/{agent_id}/call" → "POST /agents/{}/call": path parameters' names differ between pages (CONTRADICTIONS.md #19). */
export function routeKey(method, route) {
	return `${method.toUpperCase()} ${route.replace(/^\/api\/v1/, '').replace(/\{[^}]*\}/g, '{}')}`;
}

const STATUS = /\b([1-5]\d\d)\b/;

/** The elements that hold an example; their text is not "text under the heading" of a later example. */
const EXAMPLE_ELEMENTS = /<(ResponseExample|RequestExample)\b[^>]*>[\s\S]*?<\/\1>/g;

/**
 * The forms the pages hold an answer in (the reference has no <CodeGroup>; every other ```json block is a
 * request, a delivery payload or code): `<ResponseExample>` with or without attributes (the webhook pages
 * give each a `title`, e.g. "404 Webhook Not Found"), and a ```json block outside any example element
 * under a `##` heading that names a response or an error (authentication.mdx's "Error responses",
 * introduction.mdx's "Response Format" and "Error Handling", the first-call guide's "Understand the
 * Response").
 */
export const PAGE_FORMS = {
	responseExample: /<ResponseExample\b([^>]*)>\s*```json[^\n]*\n([\s\S]*?)\n\s*```\s*<\/ResponseExample>/g,
	jsonUnderResponseHeading: /^## .*(respons|error)/i,
};

const ERROR_HEADING = /error/i;

function pageAnswers(dir, file) {
	const text = fs.readFileSync(path.join(dir, file), 'utf8');
	const api = /^api:\s*"([A-Z]+)\s+([^"]+)"/m.exec(text);
	const found = [];
	for (const match of text.matchAll(PAGE_FORMS.responseExample)) {
		const title = /\btitle="([^"]*)"/.exec(match[1])?.[1];
		found.push({ index: match.index, json: match[2], title, form: title === undefined ? 'ResponseExample' : 'ResponseExample with title' });
	}
	// ```json blocks outside the example elements (blanked, so positions stay), under a response or error heading.
	const outside = text.replace(EXAMPLE_ELEMENTS, (element) => element.replace(/[^\n]/g, ' '));
	for (const match of outside.matchAll(/^```json[^\n]*\n([\s\S]*?)\n```/gm)) {
		const sections = [...outside.slice(0, match.index).matchAll(/^## .*$/gm)];
		const section = sections.length ? sections[sections.length - 1][0] : '';
		if (PAGE_FORMS.jsonUnderResponseHeading.test(section)) found.push({ index: match.index, json: match[1], form: 'json block under a response heading' });
	}
	found.sort((a, b) => a.index - b.index);
	return found.map((example, index) => {
		const before = text.slice(0, example.index);
		const headings = [...before.matchAll(/^(#{2,4})\s+(.*)$/gm)];
		const heading = headings.length ? headings[headings.length - 1] : undefined;
		const sections = headings.filter((h) => h[1] === '##');
		const section = sections.length ? sections[sections.length - 1][2] : '';
		const between = (heading ? before.slice(heading.index + heading[0].length) : '').replace(EXAMPLE_ELEMENTS, '').replace(/<ResponseField[\s\S]*?<\/ResponseField>/g, '');
		const parsed = parseExample(example.json);
		const bodyStatus = parsed.body !== null && typeof parsed.body === 'object' && Number.isInteger(parsed.body.status_code) ? parsed.body.status_code : undefined;
		const fromTitle = STATUS.exec(example.title ?? '');
		const fromHeading = STATUS.exec(heading?.[2] ?? '');
		const fromText = STATUS.exec(between);
		const [status, statusFrom] = fromTitle
			? [Number(fromTitle[1]), 'title']
			: fromHeading
				? [Number(fromHeading[1]), 'heading']
				: fromText
					? [Number(fromText[1]), 'text under the heading']
					: bodyStatus !== undefined
						? [bodyStatus, 'the body\'s status_code']
						: ERROR_HEADING.test(section)
							? [400, 'none named under an error heading: 400 (a client error; the page does not say which)']
							: [200, 'none named: 200 (an example under Response)'];
		return {
			id: `${file}#${index}`,
			source: { file, heading: heading?.[2]?.trim() ?? null, ...(example.title !== undefined ? { title: example.title } : {}), form: example.form },
			route: api ? routeKey(api[1], api[2]) : null,
			status,
			statusFrom,
			handling: parsed.handling,
			...(parsed.repairs ? { repairs: parsed.repairs } : {}),
			body: parsed.body,
		};
	});
}

/** A body conforming to `schema`, the same every time. */
export function buildFromSchema(schema, components, seen = []) {
	if (!schema || typeof schema !== 'object') return null;
	if (schema.$ref) {
		const name = schema.$ref.replace('#/components/schemas/', '');
		const target = components[name];
		if (target?.example !== undefined) return JSON.parse(JSON.stringify(target.example));
		if (seen.includes(name)) return {};
		return buildFromSchema(target, components, [...seen, name]);
	}
	if (schema.example !== undefined) return JSON.parse(JSON.stringify(schema.example));
	if (schema.oneOf || schema.anyOf) return buildFromSchema((schema.oneOf ?? schema.anyOf)[0], components, seen);
	if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => buildFromSchema(s, components, seen)));
	if (schema.enum) return schema.enum[0];
	switch (schema.type) {
		case 'object':
			return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, buildFromSchema(v, components, seen)]));
		case 'array':
			return [buildFromSchema(schema.items, components, seen)];
		case 'boolean':
			// `success` is the one boolean of the wrapper schemas: a success answer says true.
			return true;
		case 'integer':
			return schema.minimum ?? 1;
		case 'number':
			return schema.minimum ?? 1;
		case 'string':
			if (schema.format === 'uuid') return '123e4567-e89b-12d3-a456-426614174000';
			if (schema.format === 'date-time') return '2024-01-01T00:00:00Z';
			if (schema.format === 'uri') return 'https://example.com/';
			return 'string';
		default:
			return null;
	}
}

function openapiAnswers(dir) {
	const spec = JSON.parse(fs.readFileSync(path.join(dir, 'openapi.json'), 'utf8'));
	const components = spec.components?.schemas ?? {};
	const answers = [];
	for (const [route, methods] of Object.entries(spec.paths)) {
		for (const [method, op] of Object.entries(methods)) {
			if (!op || typeof op !== 'object' || !op.responses) continue;
			for (const [status, response] of Object.entries(op.responses)) {
				const base = { source: { file: 'openapi.json', pointer: `/paths/${route.replace(/\//g, '~1')}/${method}/responses/${status}`, description: response.description ?? null }, route: routeKey(method, route), status: Number(status) };
				const content = response.content?.['application/json'];
				if (!content) {
					answers.push({ id: `openapi.json ${method.toUpperCase()} ${route} ${status}`, ...base, handling: 'no content: the status without a body', body: null });
					continue;
				}
				if (content.examples) {
					for (const [name, ex] of Object.entries(content.examples)) {
						answers.push({ id: `openapi.json ${method.toUpperCase()} ${route} ${status} ${name}`, ...base, handling: `example "${name}"`, body: ex.value });
					}
				}
				if (content.example !== undefined) {
					answers.push({ id: `openapi.json ${method.toUpperCase()} ${route} ${status} example`, ...base, handling: 'example', body: content.example });
				}
				if (!content.examples && content.example === undefined) {
					answers.push({ id: `openapi.json ${method.toUpperCase()} ${route} ${status} schema`, ...base, handling: 'built from the schema', body: buildFromSchema(content.schema, components) });
				}
				// A oneOf documents each of its shapes: the ones no example shows are built too.
				for (const [i, alternative] of (content.schema?.oneOf ?? []).entries()) {
					const built = buildFromSchema(alternative, components);
					if (answers.some((a) => a.route === base.route && a.status === base.status && JSON.stringify(a.body) === JSON.stringify(built))) continue;
					answers.push({ id: `openapi.json ${method.toUpperCase()} ${route} ${status} oneOf[${i}]`, ...base, handling: `built from the schema (oneOf[${i}])`, body: built });
				}
			}
		}
	}
	return answers;
}

const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The fixture's content, from the reference in `dir`. */
export function extract(dir) {
	const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.mdx')).sort();
	const answers = [...pages.flatMap((file) => pageAnswers(dir, file)), ...openapiAnswers(dir)];
	return {
		about: 'Generated by scripts/extract-examples.mjs from the Talkover API reference: do not edit, run `node scripts/extract-examples.mjs`.',
		sources: Object.fromEntries([...pages, 'openapi.json'].map((f) => [f, sha256(path.join(dir, f))])),
		repairs: Object.fromEntries(REPAIRS.map((r) => [r.name, r.says])),
		notJson: answers.filter((a) => a.handling.startsWith('repaired') || a.handling.startsWith('skipped')).map((a) => ({ id: a.id, handling: a.handling })),
		answers,
	};
}

export function render(content) {
	return `${JSON.stringify(content, null, '\t')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const docsAt = args.indexOf('--docs');
	const text = render(extract(findDocs(docsAt >= 0 ? args[docsAt + 1] : undefined)));
	if (args.includes('--check')) {
		const same = fs.existsSync(FIXTURE) && fs.readFileSync(FIXTURE, 'utf8') === text;
		console.log(same ? 'documented-answers.json is up to date' : 'documented-answers.json differs from the documents: run node scripts/extract-examples.mjs');
		process.exit(same ? 0 : 1);
	}
	fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
	fs.writeFileSync(FIXTURE, text);
	const content = JSON.parse(text);
	console.log(`${content.answers.length} answers (${content.notJson.length} not JSON as written) → ${path.relative(ROOT, FIXTURE)}`);
}
