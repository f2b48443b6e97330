#!/usr/bin/env node
/**
 * Extracts the request side of every Talkover page in ../shared/talkover-api/ (or the folder given as the
 * first argument): the page's route (its `api:` front matter) and its documented path, query and body
 * fields (`<ParamField path|query|body="…">` and `<RequestField name="…">` tags; headers are left out).
 *
 * The sandbox's request check (test/sandbox/contract.js) reads the result for the routes openapi.json
 * lacks, and for the fields a page documents beside openapi.json's. Writes
 * test/contract/request-fields.json (or prints it with --stdout); test/contract/requests.test.ts checks
 * that the committed file is exactly this script's output.
 *
 *   node scripts/extract-request-fields.mjs [docs folder] [--stdout]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import apiReferenceModule from './api-reference.js';

const { apiReference } = apiReferenceModule;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const docs = resolve(args.find((a) => !a.startsWith('--')) ?? findDocs());
const OUT = join(root, 'test', 'contract', 'request-fields.json');

/** The reference's folder, as scripts/api-reference.js finds it. */
export function findDocs() {
	return apiReference();
}

/** The attributes of one tag's opening text: name="x", required, required={false}, default="…". */
function attributes(text) {
	const found = {};
	for (const m of text.matchAll(/([A-Za-z_]+)(?:=(?:"([^"]*)"|\{([^}]*)\}))?/g)) {
		const [, key, quoted, braced] = m;
		found[key] = quoted !== undefined ? quoted : braced !== undefined ? braced.trim() : true;
	}
	return found;
}

/** The field's own text (between the opening tag and the next tag), whole. */
function ownText(rest) {
	const end = rest.search(/<\/(ParamField|RequestField)>/);
	return end === -1 ? '' : rest.slice(0, end).split('<')[0];
}

/** The field's text, first sentence-sized part only. */
function text(rest) {
	return ownText(rest).replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** `` `a`, `b` or `c` `` → ['a', 'b', 'c'] when the run is nothing but backticked values (else undefined). */
function valueRun(run) {
	const values = [...run.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
	const rest = run.replace(/`[^`]+`/g, '').replace(/,|\bor\b|\band\b/g, '').trim();
	return values.length > 0 && rest === '' ? values : undefined;
}

/**
 * The values a field's text documents, in the forms the pages use (the sandbox's request check refuses any
 * other value):
 * - `Options: \`a\`, \`b\`` (also `Supported values:`, `one of`), the run of backticked values ending the
 *   sentence (at `.` or the end of the line);
 * - `Options:` followed by a Markdown list whose items each start with a backticked value (`- \`a\` — …`);
 * - `Filter by …: \`a\`, \`b\`` with at least two backticked values making up the rest of the sentence
 *   (`Filter by status: \`confirmed\`, \`tentative\`, \`cancelled\`.`);
 * - an `enum={["a", "b"]}` attribute on the tag.
 * Examples (`e.g., \`meeting\`, \`block\``, `Common entries: …`), formats (`Format: \`YYYY-MM-DD\``) and defaults
 * are not lists of allowed values.
 */
function documentedValues(raw, attrs) {
	if (typeof attrs.enum === 'string') {
		try {
			const list = JSON.parse(attrs.enum);
			if (Array.isArray(list)) return list.map(String);
		} catch {
			// not a JSON list: fall back to the text
		}
	}
	const bullets = /(?:Options|Supported values|one of)\s*:?\s*\n((?:\s*[-*]\s+`[^`]+`[^\n]*\n?)+)/i.exec(raw);
	if (bullets) return [...bullets[1].matchAll(/^\s*[-*]\s+`([^`]+)`/gm)].map((m) => m[1]);
	const named = /(?:Options|Supported values)\s*:\s*([^.\n]*)|\bone of\s*:?\s*([^.\n]*)/i.exec(raw);
	if (named) {
		const values = valueRun(named[1] ?? named[2]);
		if (values) return values;
	}
	const filter = /\bFilter by [\w ]+:\s*([^.\n]*)/i.exec(raw);
	if (filter) {
		const values = valueRun(filter[1]);
		if (values && values.length >= 2) return values;
	}
	return undefined;
}

/** One page: its route and fields; nested `<ParamField>`s (Update Agent Flow's flow_config) become the parent's `fields`. */
function page(folder, file) {
	const source = readFileSync(join(folder, file), 'utf8');
	const api = /^api:\s*"([A-Z]+) (\/[^"]*)"/m.exec(source);
	if (!api) return undefined;
	const route = { route: `${api[1]} ${api[2]}`, page: file, path: {}, query: {}, body: {} };
	/** Open body fields, innermost last: a field opened inside another is its child. */
	const open = [];
	for (const m of source.matchAll(/<(\/?)(ParamField|RequestField)(\s[^>]*?)?(\/?)>/g)) {
		if (m[1]) {
			open.pop();
			continue;
		}
		const a = attributes(m[3] ?? '');
		const where = m[2] === 'RequestField' ? 'body' : ['path', 'query', 'body', 'header'].find((k) => typeof a[k] === 'string');
		const name = m[2] === 'RequestField' ? a.name : a[where];
		const field = { type: a.type ?? null, required: a.required === true || a.required === 'true' };
		if (a.default !== undefined) field.default = a.default;
		field.text = m[4] ? '' : text(source.slice(m.index + m[0].length));
		const values = documentedValues(m[4] ? '' : ownText(source.slice(m.index + m[0].length)), a);
		if (values) field.values = values;
		const parent = open.at(-1);
		if (where === 'header') {
			// not a request field the node chooses
		} else if (parent && where === 'body') {
			(parent.fields ??= {})[name] = field;
		} else {
			route[where][name] = field;
		}
		if (!m[4]) open.push(where === 'header' ? {} : field);
	}
	// "Same fields as [Create X](/api-reference/endpoints/create-x), all optional."
	const same = /Same fields as \[[^\]]*\]\(\/api-reference\/endpoints\/([a-z0-9-]+)\)(, all optional)?/.exec(source);
	if (same && Object.keys(route.body).length === 0) route.sameAs = { page: `${same[1]}.mdx`, allOptional: Boolean(same[2]) };
	return route;
}

export function extract(folder) {
	const files = readdirSync(folder).filter((f) => f.endsWith('.mdx')).sort();
	const routes = files.map((file) => page(folder, file)).filter(Boolean);
	for (const route of routes) {
		if (!route.sameAs) continue;
		const other = routes.find((r) => r.page === route.sameAs.page);
		if (!other) throw new Error(`${route.page}: "Same fields as" ${route.sameAs.page}, which has no route`);
		for (const [name, field] of Object.entries(other.body)) route.body[name] = route.sameAs.allOptional ? { ...field, required: false } : { ...field };
	}
	return { source: 'scripts/extract-request-fields.mjs from ../shared/talkover-api/*.mdx', routes };
}

export function render(folder) {
	return `${JSON.stringify(extract(folder), null, '\t')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const out = render(docs);
	if (args.includes('--stdout')) process.stdout.write(out);
	else {
		writeFileSync(OUT, out);
		process.stdout.write(`${OUT}: ${JSON.parse(out).routes.length} routes\n`);
	}
}
