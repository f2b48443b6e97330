/**
 * The request check itself (test/sandbox/contract.js): it finds wrong requests, its documents are
 * Talkover's (the committed copies equal the reference and the extraction script's output), and its
 * allow-list is the CONTRADICTIONS.md rows. Without these, "no violation" in requests.test.ts could
 * pass because nothing is checked.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { documentedRoutes, readAllowances, RequestContract } from '../sandbox/contract';
import PAGES from './request-fields.json';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'extract-request-fields.mjs');
const CONTRADICTIONS = path.join(ROOT, 'test', 'sandbox', 'CONTRADICTIONS.md');

/** The reference as the scripts find it (scripts/api-reference.js): without it these tests fail, never pass unchecked. */
const docsFolder = (require(path.join(ROOT, 'scripts/api-reference.js')) as { apiReference(): string }).apiReference;

let contract: RequestContract;
beforeAll(async () => {
	contract = new RequestContract();
	await contract.ready;
});

const agentCalls = `/api/v1/agents/${SALES_AGENT}/call`;
const check = (method: string, p: string, { query = {}, body }: { query?: Record<string, string>; body?: unknown } = {}) =>
	contract.violations({ method, path: p, query, rawQuery: new URLSearchParams(query).toString(), body }).map((v) => `${v.rule} ${v.where} ${v.field}`);

describe('the request check finds wrong requests', () => {
	test('a documented request has no violation (openapi.json route, page-only route, oneOf body)', () => {
		expect(check('POST', agentCalls, { body: { to: '+15551234567', payload: { name: 'Ana' } } })).toEqual([]);
		// openapi.json's own flaw: an external call's body also matches the first alternative (no
		// additionalProperties: false), so `oneOf` (exactly one) refuses it. The node never sends one.
		expect(check('POST', agentCalls, { body: { sid: 'EX1', from: '+15550001111', to: '+15551234567', direction: 'outbound' } })).toEqual(['oneOf body (body)']);
		expect(check('GET', '/api/v1/agents', { query: { status: 'published', per_page: '20', page: '2' } })).toEqual([]);
		expect(check('GET', '/api/v1/calendars/ca1e0000-0000-4000-8000-000000000001/availability', { query: { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z', duration_minutes: '30' } })).toEqual([]);
	});

	test('an unknown body field (openapi.json route and page-only route)', () => {
		expect(check('POST', agentCalls, { body: { to: '+15551234567', caller_name: 'x' } })).toEqual(['undocumented body caller_name']);
		expect(check('PUT', `/api/v1/agents/${SALES_AGENT}/calling`, { body: { direction: 'inbound', phone_numbers: [] } })).toEqual(['undocumented body phone_numbers']);
	});

	test('a wrong enum (body and query)', () => {
		expect(check('PATCH', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/status`, { body: { status: 'running' } })).toEqual(['enum body status']);
		// Row 5 allows the one value openapi.json's enum lacks (`status=cancelled`), not any value.
		expect(check('PATCH', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/status`, { body: { status: 'cancelled' } })).toEqual([]);
		expect(check('GET', '/api/v1/agents', { query: { direction: 'sideways' } })).toEqual(['enum query direction']);
	});

	test('a missing required field (openapi.json and page), and a required child of a page field', () => {
		expect(check('POST', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`, { body: { payload: {} } })).toEqual(['required body to']);
		expect(check('POST', `/api/v1/agents/${SALES_AGENT}/end-call`, { body: {} })).toEqual(['required body call_sid']);
		expect(check('PUT', `/api/v1/agents/${SALES_AGENT}/flow`, { body: { conversation_mode: 'flow_driven', flow_config: { nodes: [] } } })).toEqual(['required body flow_config.initial_node_id']);
	});

	test('a wrong query type (openapi.json integer, page integer), an unknown query name', () => {
		expect(check('GET', '/api/v1/agents', { query: { per_page: 'ten' } })).toEqual(['type query per_page']);
		expect(check('GET', '/api/v1/calendars/c1/availability', { query: { duration_minutes: 'half an hour' } })).toEqual(['type query duration_minutes']);
		expect(check('GET', '/api/v1/agents', { query: { sort: 'name' } })).toEqual(['additionalProperties query sort']);
		expect(check('GET', '/api/v1/calendars/c1/availability', { query: { timezone: 'UTC' } })).toEqual(['undocumented query timezone']);
	});

	test('a wrong body type (openapi.json and page), a path parameter that is not a UUID, an unknown route', () => {
		expect(check('POST', '/api/v1/campaigns', { body: { name: 'x', agent_id: SALES_AGENT, phone_number_id: SALES_AGENT, campaign_type: 'sales', start_date: '2026-04-01', days_of_week: [1], call_time_ranges: [], timezone: 'UTC', max_calls_per_hour: '10' } })).toEqual(['type body max_calls_per_hour']);
		expect(check('PATCH', `/api/v1/agents/${SALES_AGENT}/advanced-settings`, { body: { enable_initial_message_cache: 'yes' } })).toEqual(['type body enable_initial_message_cache']);
		expect(check('GET', '/api/v1/agents/SalesBot')).toEqual(['format path agent_id']);
		expect(check('GET', '/api/v1/agents/x/transcripts')).toEqual(['route route GET /api/v1/agents/x/transcripts']);
		expect(check('PUT', '/api/v1/credits/balance')).toEqual(['route route PUT /api/v1/credits/balance']);
	});

	test('a body openapi.json requires and the page does not send (Test Webhook, row 32) is allowed by its row only', () => {
		const request = { method: 'POST', path: `/api/v1/agents/${SALES_AGENT}/webhooks/${SALES_AGENT}/test`, query: {}, rawQuery: '', body: undefined };
		expect(contract.findings(request).map((f) => [f.rule, f.field, f.row])).toEqual([['required', 'url', 32]]);
		expect(contract.violations(request)).toEqual([]);
		expect(check('POST', request.path, { body: { url: 'not a url' } })).toEqual(['format body url']);
	});

	// The pages' value lists count on fields openapi.json does not enumerate (routes only a page documents,
	// or openapi.json's field without an enum).
	test.each<[string, string, Record<string, string>, unknown, string]>([
		['PUT', `/api/v1/agents/${SALES_AGENT}/calling`, {}, { direction: 'sideways' }, 'enum body direction'],
		['POST', '/api/v1/calendars/cal-1/events', {}, { title: 'T', start_at: '2026-03-02T14:00:00Z', end_at: '2026-03-02T14:30:00Z', status: 'maybe' }, 'enum body status'],
		['POST', '/api/v1/calendars/cal-1/events', {}, { title: 'T', start_at: '2026-03-02T14:00:00Z', end_at: '2026-03-02T14:30:00Z', owner_type: 'robot' }, 'enum body owner_type'],
		['GET', '/api/v1/calendars/cal-1/events', { status: 'maybe' }, undefined, 'enum query status'],
		['PUT', `/api/v1/agents/${SALES_AGENT}/flow`, {}, { conversation_mode: 'freestyle' }, 'enum body conversation_mode'],
	])('a value the page does not list: %s %s %j %j (%s)', (method, p, query, body, expected) => {
		expect(check(method, p, { query, body })).toEqual([expected]);
	});

	test('the values the pages list pass (inline "Options:", a bulleted "Options:" list, "Filter by …:")', () => {
		expect(check('PUT', `/api/v1/agents/${SALES_AGENT}/calling`, { body: { direction: 'outbound' } })).toEqual([]);
		expect(check('POST', '/api/v1/calendars/cal-1/events', { body: { title: 'T', start_at: '2026-03-02T14:00:00Z', end_at: '2026-03-02T14:30:00Z', status: 'tentative', owner_type: 'agent' } })).toEqual([]);
		expect(check('GET', '/api/v1/calendars/cal-1/events', { query: { status: 'cancelled' } })).toEqual([]);
		expect(check('PUT', `/api/v1/agents/${SALES_AGENT}/flow`, { body: { conversation_mode: 'llm_driven' } })).toEqual([]);
		// Free-form text with examples is not a list: any event type passes.
		expect(check('POST', '/api/v1/calendars/cal-1/events', { body: { title: 'T', start_at: '2026-03-02T14:00:00Z', end_at: '2026-03-02T14:30:00Z', type: 'lunch' } })).toEqual([]);
	});

	test('a page\'s list also holds for a field openapi.json has without an enum (Create Agent\'s language); openapi.json\'s own enum is checked once', () => {
		expect(check('POST', '/api/v1/agents', { body: { name: 'A', language: 'xx-XX' } })).toContain('enum body language');
		expect(check('POST', '/api/v1/agents', { body: { name: 'A', language: 'pt-BR' } })).not.toContain('enum body language');
		expect(check('GET', '/api/v1/agents', { query: { direction: 'sideways' } })).toEqual(['enum query direction']);
	});

	test('the value lists the extractor reads (a sample of each form)', () => {
		const values = (page: string, where: 'query' | 'body', name: string) => (PAGES.routes.find((r) => r.page === page) as unknown as { [k: string]: Record<string, { values?: string[] }> })[where][name].values;
		expect(values('update-agent-calling.mdx', 'body', 'direction')).toEqual(['inbound', 'outbound']);
		expect(values('update-agent-flow.mdx', 'body', 'conversation_mode')).toEqual(['llm_driven', 'flow_driven']);
		expect(values('list-calendar-events.mdx', 'query', 'status')).toEqual(['confirmed', 'tentative', 'cancelled']);
		expect(values('list-voice-templates.mdx', 'query', 'quality_tier')).toEqual(['basic', 'pro', 'ultra', 'beta']);
		expect(values('create-calendar-event.mdx', 'body', 'type')).toBeUndefined();
		expect(values('update-agent-voice.mdx', 'body', 'language')).toBeUndefined();
	});

	test('what a CONTRADICTIONS.md row allows is found, and not a violation', () => {
		const request = { method: 'GET', path: '/api/v1/calls', query: { to: '+15551234567' }, rawQuery: 'to=%2B15551234567', body: undefined };
		expect(contract.findings(request).map((f) => [f.field, f.row])).toEqual([['to', 29]]);
		expect(contract.violations(request)).toEqual([]);
	});
});

describe('the allow-list is CONTRADICTIONS.md', () => {
	test('each `allow` names a documented route, and the row it is in', () => {
		const allowances = readAllowances();
		expect(allowances.length).toBeGreaterThanOrEqual(7);
		const routes = documentedRoutes();
		for (const a of allowances) {
			expect([a.row, routes.some((r) => r.method === a.method && r.template.replace(/\{[^}]*\}/g, '{}') === a.template)]).toEqual([a.row, true]);
		}
		expect(allowances.map((a) => `${a.row} ${a.method} ${a.template} ${a.kind} ${a.field}`)).toEqual(
			expect.arrayContaining(['29 GET /api/v1/calls with to', '1 POST /api/v1/campaigns without phone_number_id', '30 PUT /api/v1/campaigns/{} with phone_number_id']),
		);
	});

	test('without its row, an allowed request is a violation again', () => {
		const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contradictions-')), 'CONTRADICTIONS.md');
		fs.writeFileSync(copy, fs.readFileSync(CONTRADICTIONS, 'utf8').replace(/`allow GET \/calls with to`/g, ''));
		const stricter = new RequestContract({ contradictions: copy });
		expect(stricter.violations({ method: 'GET', path: '/api/v1/calls', query: { to: '+1555' }, body: undefined }).map((v) => v.field)).toEqual(['to']);
	});
});

describe('the documents are Talkover’s', () => {
	test('test/contract/openapi.json is the reference’s openapi.json', () => {
		expect(fs.readFileSync(path.join(ROOT, 'test', 'contract', 'openapi.json'), 'utf8')).toBe(fs.readFileSync(path.join(docsFolder(), 'openapi.json'), 'utf8'));
	});

	test('test/contract/request-fields.json is what scripts/extract-request-fields.mjs extracts from the pages', () => {
		const docs = docsFolder();
		const out = execFileSync(process.execPath, [SCRIPT, docs, '--stdout'], { encoding: 'utf8' });
		expect(fs.readFileSync(path.join(ROOT, 'test', 'contract', 'request-fields.json'), 'utf8')).toBe(out);
		const pages = fs.readdirSync(docs).filter((f) => f.endsWith('.mdx') && /^api:/m.test(fs.readFileSync(path.join(docs, f), 'utf8')));
		expect(JSON.parse(out).routes).toHaveLength(pages.length);
	});
});

describe('strict mode (the e2e runs): an undocumented request is answered 400 naming the rule', () => {
	test('400 with the rule; a documented request is answered as usual; the default only records', async () => {
		const strict = await new TalkoverSandbox({ tokens: [TOKEN], strictRequests: true }).start();
		const lenient = await new TalkoverSandbox({ tokens: [TOKEN], strictRequests: false }).start();
		try {
			const send = (s: TalkoverSandbox, query: string) => fetch(`${s.url}/api/v1/agents?${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
			const refused = await send(strict, 'sort=name');
			expect(refused.status).toBe(400);
			expect(((await refused.json()) as { message: string }).message).toMatch(/not what Talkover documents: openapi\.json: query parameter sort is not among/);
			expect((await send(strict, 'per_page=1')).status).toBe(200);
			expect((await send(lenient, 'sort=name')).status).toBe(200);
			expect(lenient.violations.map((v) => v.field)).toEqual(['sort']);
		} finally {
			await strict.stop();
			await lenient.stop();
		}
	});

	test('jest.e2e.config.js turns it on', () => {
		expect(fs.readFileSync(path.join(ROOT, 'jest.e2e.config.js'), 'utf8')).toMatch(/TALKOVER_SANDBOX_STRICT = '1'/);
	});
});
