/** Whether an agent is published, as the agent tool reads it before and after changing its actions (nodes/shared/answers/agentStatus.ts). */
import { AnswerProblem } from '../../../nodes/shared/answers/reader';
import { agentStatusReader } from '../../../nodes/shared/answers/agentStatus';
import { answersOf, DOCUMENTED } from '../../contract/documented';

/** What each documented success answer says about the agent (the examples' own values). */
const EXPECTED: Record<string, string> = {
	'get-agent.mdx#0': 'published',
	'openapi.json GET /agents/{agent_id} 200 schema': 'published',
	'publish-agent.mdx#0': 'published',
	'unpublish-agent.mdx#0': 'draft',
};

describe('the agent’s published state, read from every documented answer of its routes', () => {
	const rows = agentStatusReader.routes.flatMap((route) => answersOf(route).map((answer) => [answer.id, answer] as const));

	test('the routes are documented routes, each with at least one success answer', () => {
		const routes = new Set(DOCUMENTED.answers.map((a) => a.route));
		for (const route of agentStatusReader.routes) {
			expect(routes.has(route)).toBe(true);
			expect(answersOf(route).some((a) => a.status >= 200 && a.status < 300)).toBe(true);
		}
	});

	test.each(rows)('%s: a success answer gives the agent’s documented status; an error answer never reaches the reader', (id, answer) => {
		if (answer.status >= 200 && answer.status < 300) {
			expect(EXPECTED[id]).toBeDefined();
			expect(agentStatusReader.read(answer.body)).toBe(EXPECTED[id]);
		} else {
			// The transport turns a 4xx/5xx into the node's error before any reader sees it.
			expect(answer.status).toBeGreaterThanOrEqual(400);
		}
	});

	test('every expected row is a documented answer (no stale expectation)', () => {
		const ids = new Set(rows.map(([id]) => id));
		for (const id of Object.keys(EXPECTED)) expect(ids.has(id)).toBe(true);
	});
});

describe('an answer that does not say whether the agent is published is a problem, never a guess', () => {
	test.each([
		['the page’s envelope without current_status', { success: true, data: { id: 'a1', name: 'Bot' } }, /status is missing/],
		['openapi.json’s bare agent without status', { id: 'a1', name: 'Bot' }, /status is missing/],
		['an unknown current_status', { success: true, data: { current_status: 'active' } }, /current_status is "active", not draft or published/],
		['an unknown status', { id: 'a1', status: 'archived' }, /status is "archived", not draft or published/],
		['a status that is not a text', { id: 'a1', status: true }, /status is true, not draft or published/],
		['current_status null', { success: true, data: { current_status: null } }, /current_status is null/],
		['both fields, disagreeing', { id: 'a1', status: 'draft', current_status: 'published' }, /current_status \(published\) and status \(draft\) disagree/],
		['success: false on a 2xx', { success: false, data: { current_status: 'published' } }, /success: false/],
		['an envelope whose data is a list', { success: true, data: [{ current_status: 'published' }] }, /data is not an agent/],
		['an envelope whose data is null', { success: true, data: null }, /data is not an agent/],
		['a list', [{ current_status: 'published' }], /a list, not an object/],
		['null', null, /null, not an object/],
		['a text', 'published', /string, not an object/],
	])('%s', (_what, body, message) => {
		expect(() => agentStatusReader.read(body)).toThrow(AnswerProblem);
		expect(() => agentStatusReader.read(body)).toThrow(message);
	});

	test.each([
		['both fields, agreeing', { id: 'a1', status: 'published', current_status: 'published' }, 'published'],
		['the page’s envelope, draft', { success: true, data: { current_status: 'draft' } }, 'draft'],
		['openapi.json’s bare agent, draft', { id: 'a1', status: 'draft' }, 'draft'],
	])('%s: read', (_what, body, status) => {
		expect(agentStatusReader.read(body)).toBe(status);
	});
});

describe('the agent tool reads the agent’s state only through this reader', () => {
	// The activation part of the source (every file of it but the answer to a call, agentToolAnswer.ts): every
	// Get Agent it sends is read by agentStatusReader, and it looks at no status field itself.
	const activation = ['agentToolFields', 'agentToolAction', 'agentToolRecords', 'agentToolRepublish', 'agentToolPublishing']
		.map((name) => require('node:fs').readFileSync(require('node:path').join(__dirname, `../../../nodes/TalkoverTrigger/sources/${name}.ts`), 'utf8') as string)
		.join('\n');
	const code = activation.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

	test('no status field read by hand', () => {
		expect(code).not.toMatch(/current_status|\.status\b|\[['"]status['"]\]/);
	});

	test('each Get Agent and each publish is read by agentStatusReader', () => {
		// Get Agent (a GET of `/agents/${id}` itself, not /flow or /actions) and Publish Agent: each request names
		// agentStatusReader as its reader; no request of the hooks reads an answer without a reader.
		const requests = code.match(/talkoverAnswer\(ctx, '(GET|POST)', (path|apiPath`\/agents\/\$\{\w+\}(\/publish)?`),[^;]*;/g) ?? [];
		expect(requests.length).toBe(2);
		for (const request of requests) expect(request).toContain('read: agentStatusReader');
		expect(code).not.toMatch(/\.body\b/);
	});
});
