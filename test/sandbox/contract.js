'use strict';
/**
 * The request check: is a request the node sends one that Talkover's documents describe?
 *
 * - Routes openapi.json has (test/contract/openapi.json, a copy of ../shared/talkover-api/openapi.json):
 *   method, path parameters, query names and types, body schema with `required` and enums, checked by
 *   openapi-backend (a maintained OpenAPI 3 router and validator, with ajv), not by code written here.
 * - Routes only a page has: the page's `ParamField`/`RequestField` fields (test/contract/request-fields.json,
 *   extracted by scripts/extract-request-fields.mjs): names, types, required, and the values a page lists
 *   (`Options: \`a\`, \`b\``…: the extractor says which forms it reads).
 * - A page's value list is also checked for a field openapi.json has without an enum; where openapi.json
 *   has its own enum, openapi.json's is checked (a value only the page lists needs a CONTRADICTIONS.md row).
 * - Everywhere: a query parameter or body field that neither openapi.json nor the route's page names is a
 *   violation (OpenAPI schemas allow unknown fields; Talkover's Laravel validation drops them silently).
 *
 * A violation that CONTRADICTIONS.md explains is allowed: a row's text holds
 * `allow METHOD /path with field[, field]` (sent though undocumented, or against one document; `field=value`:
 * only that value) or
 * `allow METHOD /path without field[, field]` (a field one document requires, not sent) — the allow-list
 * is read from those rows, there is no second list.
 */
const fs = require('node:fs');
const path = require('node:path');
const { OpenAPIBackend } = require('openapi-backend');
const addFormats = require('ajv-formats');

const SPEC = require('../contract/openapi.json');
const PAGES = require('../contract/request-fields.json');

const CONTRADICTIONS = path.join(__dirname, 'CONTRADICTIONS.md');
const PREFIX = '/api/v1';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `/campaigns/{campaign_id}` → `/campaigns/{}`: pages name the same parameter differently (row 19). */
function shape(template) {
	return template.replace(/\{[^}]*\}/g, '{}');
}

function templateRegExp(template) {
	const source = template
		.split('/')
		.map((part) => (/^\{[^}]*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
		.join('/');
	return new RegExp(`^${source}$`);
}

/** The documented routes: `{ method, template, page?, operation? }` with openapi.json's paths under /api/v1. */
function documentedRoutes() {
	const routes = new Map();
	const key = (method, template) => `${method} ${shape(template)}`;
	for (const [p, item] of Object.entries(SPEC.paths)) {
		for (const method of METHODS) {
			if (!item[method]) continue;
			const template = PREFIX + p;
			routes.set(key(method.toUpperCase(), template), { method: method.toUpperCase(), template, openapi: item[method], openapiPath: p });
		}
	}
	for (const page of PAGES.routes) {
		const [method, template] = page.route.split(' ');
		const k = key(method, template);
		const known = routes.get(k) ?? { method, template };
		known.page = page;
		routes.set(k, known);
	}
	return [...routes.values()].map((r) => ({ ...r, regExp: templateRegExp(r.template) }));
}

/** The `allow …` rules of CONTRADICTIONS.md, each with the row's number. */
function readAllowances(file = CONTRADICTIONS) {
	const allowances = [];
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		const row = /^\|\s*(\d+)\s*\|/.exec(line);
		if (!row) continue;
		for (const m of line.matchAll(/`allow (GET|POST|PUT|PATCH|DELETE) (\/\S+) (with|without) ([^`]+)`/g)) {
			for (const entry of m[4].split(',').map((f) => f.trim()).filter(Boolean)) {
				// `field=value`: only that value (an enum value one document lacks), not any value of the field.
				const [field, value] = entry.split('=');
				// Rows write paths as the pages' titles do (`/campaigns`); routes are under /api/v1.
				const template = m[2].startsWith('/api/') ? m[2] : PREFIX + m[2];
				allowances.push({ row: Number(row[1]), method: m[1], template: shape(template), kind: m[3], field, ...(value === undefined ? {} : { value }) });
			}
		}
	}
	return allowances;
}

function typeOf(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (Number.isInteger(value)) return 'integer';
	return typeof value;
}

/** Whether a body value has a page's documented type (`string`, `integer`, `number`, `array`, `object`, `boolean`, or `a | b`). */
function pageTypeAccepts(type, value, text) {
	if (!type) return true;
	const actual = typeOf(value);
	if (actual === 'null') return /\bnull\b/.test(text ?? '') || /null/.test(type);
	return type
		.split('|')
		.map((t) => t.trim().toLowerCase())
		.some((t) => t === actual || (t === 'number' && actual === 'integer') || !['string', 'integer', 'number', 'array', 'object', 'boolean'].includes(t));
}

/** Whether a query string has a page's documented type. */
function pageQueryTypeAccepts(type, value) {
	const t = (type ?? '').toLowerCase();
	if (t === 'integer') return /^-?\d+$/.test(value);
	if (t === 'number') return value !== '' && Number.isFinite(Number(value));
	if (t === 'boolean') return ['true', 'false', '1', '0'].includes(value);
	return true;
}

class RequestContract {
	constructor({ contradictions } = {}) {
		this.routes = documentedRoutes();
		this.allowances = readAllowances(contradictions);
		const definition = JSON.parse(JSON.stringify(SPEC));
		definition.servers = [{ url: PREFIX }];
		// openapi.json has no operationIds; openapi-backend keys its validators by them.
		for (const [p, item] of Object.entries(definition.paths)) for (const m of METHODS) if (item[m]) item[m].operationId ??= `${m.toUpperCase()} ${p}`;
		// quick: validators compiled when a route is first checked (not every response schema up front);
		// ajv-formats: openapi.json's uuid, uri and date-time formats are checked, not ignored.
		this.api = new OpenAPIBackend({ definition, apiRoot: PREFIX, strict: false, validate: true, quick: true, ajvOpts: { allErrors: true }, customizeAjv: (ajv) => addFormats(ajv) });
		this.ready = this.api.init();
	}

	/** The documented route of a request (method and raw path), or undefined. */
	route(method, rawPath) {
		const p = rawPath.split('?')[0];
		return this.routes.find((r) => r.method === method && r.regExp.test(p));
	}

	allowed(method, route, kind, field, sent) {
		return this.allowances.find(
			(a) => a.method === method && a.template === shape(route.template) && a.kind === kind && a.field === field && (a.value === undefined || String(sent) === a.value),
		);
	}

	/**
	 * The violations of one recorded request (`{ method, path, query, body }` as the sandbox records it):
	 * `{ rule, where, field, message, row? }`; `row` is the CONTRADICTIONS.md row that allows it (then it is
	 * not a violation: see `violations`).
	 */
	findings(request) {
		const { method } = request;
		const found = [];
		const add = (rule, where, field, message) => found.push({ rule, where, field, message });
		const route = this.route(method, request.path);
		if (!route) {
			add('route', 'route', `${method} ${request.path}`, `no page and no openapi.json path documents ${method} ${request.path}`);
			return found;
		}
		const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : undefined;
		const query = request.query ?? {};
		const page = route.page;
		const schema = route.openapi?.requestBody?.content?.['application/json']?.schema;
		const openapiBodyNames = new Set(bodyNames(schema, this.api));
		const openapiQueryNames = new Set((route.openapi?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
		// Fields openapi.json gives its own enum: openapi-backend checks those (a page's list is not a second rule).
		const openapiEnums = new Set([...openapiBodyNames].filter((name) => propertySchemas(schema, name, this.api).some(hasEnum)));
		const openapiQueryEnums = new Set((route.openapi?.parameters ?? []).filter((p) => p.in === 'query' && hasEnum(p.schema ?? {})).map((p) => p.name));

		// Names neither document has.
		for (const name of Object.keys(query)) {
			if (!openapiQueryNames.has(name) && !(page && name in page.query)) {
				add('undocumented', 'query', name, `query parameter ${name} is not documented for ${method} ${route.template}`);
			}
		}
		for (const name of Object.keys(body ?? {})) {
			if (!openapiBodyNames.has(name) && !(page && name in page.body)) {
				add('undocumented', 'body', name, `body field ${name} is not documented for ${method} ${route.template}`);
			}
		}

		if (route.openapi) {
			// openapi-backend: path parameters, query types and enums, body schema (required, types, enums, oneOf).
			const operation = this.api.router.matchOperation({ method, path: request.path, headers: {}, query: {} });
			if (!operation) throw new Error(`openapi-backend did not match ${method} ${request.path}`);
			const result = this.api.validateRequest(
				{ method, path: request.rawQuery ? `${request.path}?${request.rawQuery}` : request.path, headers: { 'content-type': 'application/json' }, body: request.body ?? {} },
				operation,
			);
			for (const error of result.errors ?? []) {
				const { where, field, rule } = describe(error, schema);
				if (rule === 'additionalProperties' && where === 'query') {
					// openapi-backend refuses query names openapi.json lacks: one finding per name, and none for a name the page documents.
					const i = found.findIndex((f) => f.rule === 'undocumented' && f.where === 'query' && f.field === field);
					if (i >= 0) found.splice(i, 1);
					if (page && field in page.query) continue;
				}
				const at = (error.instancePath || '').replace(/^\/requestBody/, '/body') || `/${where}`;
				const message =
					rule === 'additionalProperties'
						? `${where} parameter ${field} is not among openapi.json's parameters of ${method} ${route.openapiPath}`
						: `${at} ${error.message}${error.params?.allowedValues ? ` (${error.params.allowedValues.join(', ')})` : ''}`;
				add(rule, where, field, `openapi.json: ${message}`);
			}
		}
		if (page) {
			for (const [name, field] of Object.entries(page.body)) {
				const value = body?.[name];
				if (value === undefined) {
					if (field.required && (request.body !== undefined || Object.keys(page.body).length > 0) && ['POST', 'PUT', 'PATCH'].includes(method)) {
						add('required', 'body', name, `${page.page}: body field ${name} is required`);
					}
					continue;
				}
				if (!openapiBodyNames.has(name) && !pageTypeAccepts(field.type, value, field.text)) {
					add('type', 'body', name, `${page.page}: body field ${name} must be ${field.type}, not ${typeOf(value)}`);
				}
				if (field.values && !openapiEnums.has(name) && !listedValues(field.values, value)) {
					add('enum', 'body', name, `${page.page}: body field ${name} must be one of ${field.values.join(', ')}, not ${JSON.stringify(value)}`);
				}
				if (field.fields && value && typeof value === 'object' && !Array.isArray(value)) {
					for (const [child, spec] of Object.entries(field.fields)) {
						if (value[child] === undefined && spec.required) add('required', 'body', `${name}.${child}`, `${page.page}: ${name}.${child} is required`);
						else if (value[child] !== undefined && !pageTypeAccepts(spec.type, value[child], spec.text)) add('type', 'body', `${name}.${child}`, `${page.page}: ${name}.${child} must be ${spec.type}`);
						else if (value[child] !== undefined && spec.values && !listedValues(spec.values, value[child])) {
							add('enum', 'body', `${name}.${child}`, `${page.page}: ${name}.${child} must be one of ${spec.values.join(', ')}, not ${JSON.stringify(value[child])}`);
						}
					}
				}
			}
			for (const [name, value] of Object.entries(query)) {
				const field = page.query[name];
				if (field && !openapiQueryNames.has(name) && !pageQueryTypeAccepts(field.type, value)) {
					add('type', 'query', name, `${page.page}: query parameter ${name} must be ${field.type}, not "${value}"`);
				}
				if (field?.values && !openapiQueryEnums.has(name) && !listedValues(field.values, value)) {
					add('enum', 'query', name, `${page.page}: query parameter ${name} must be one of ${field.values.join(', ')}, not "${value}"`);
				}
			}
		}
		// One finding per rule and field (openapi.json and the page may both require the same field).
		const unique = found.filter((f, i) => found.findIndex((g) => g.rule === f.rule && g.where === f.where && g.field === f.field) === i);
		for (const f of unique) {
			const sent = f.where === 'query' ? query[f.field] : f.field.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), body);
			const allowance =
				f.rule === 'required' ? this.allowed(method, route, 'without', f.field) : f.rule !== 'route' ? this.allowed(method, route, 'with', f.field, sent) : undefined;
			if (allowance) f.row = allowance.row;
		}
		return unique;
	}

	/** The findings no CONTRADICTIONS.md row allows. */
	violations(request) {
		return this.findings(request).filter((f) => f.row === undefined);
	}
}

/** Whether a value is among a page's listed values (each entry of a list; query values are text). */
function listedValues(values, value) {
	if (Array.isArray(value)) return value.every((v) => listedValues(values, v));
	return value !== null && typeof value !== 'object' && values.includes(String(value));
}

function hasEnum(schema) {
	return Boolean(schema && (schema.enum || schema.items?.enum));
}

/** The schemas a body schema gives one property (across oneOf/allOf alternatives, $refs resolved). */
function propertySchemas(schema, name, api) {
	if (!schema) return [];
	if (schema.$ref) return propertySchemas(resolveRef(schema.$ref, api), name, api);
	const found = schema.properties?.[name] ? [schema.properties[name].$ref ? resolveRef(schema.properties[name].$ref, api) : schema.properties[name]] : [];
	for (const alt of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) found.push(...propertySchemas(alt, name, api));
	return found;
}

/** The property names a body schema documents (top level, across oneOf/allOf alternatives, $refs resolved). */
function bodyNames(schema, api) {
	if (!schema) return [];
	if (schema.$ref) return bodyNames(resolveRef(schema.$ref, api), api);
	const names = Object.keys(schema.properties ?? {});
	for (const alt of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) names.push(...bodyNames(alt, api));
	return names;
}

function resolveRef(ref, api) {
	const parts = ref.replace(/^#\//, '').split('/');
	let node = api?.definition ?? SPEC;
	for (const p of parts) node = node?.[p];
	return node;
}

/** An ajv error from openapi-backend as where (path/query/body), field and rule. */
function describe(error, schema) {
	const instance = error.instancePath ?? '';
	const segments = instance.split('/').filter(Boolean);
	if (segments[0] === 'requestBody') segments.shift();
	let where = 'body';
	if (segments[0] === 'path' || segments[0] === 'query' || segments[0] === 'headers') where = segments.shift();
	else if (!schema) where = 'request';
	let field = segments.join('.');
	const rule = error.keyword === 'required' ? 'required' : error.keyword;
	if (error.keyword === 'required') field = [field, error.params.missingProperty].filter(Boolean).join('.');
	if (error.keyword === 'additionalProperties') field = [field, error.params.additionalProperty].filter(Boolean).join('.');
	if (where !== 'body' && error.keyword === 'required') where = 'path';
	return { where, field: field || '(body)', rule };
}

module.exports = { RequestContract, readAllowances, documentedRoutes, shape };
