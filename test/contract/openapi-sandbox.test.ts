/**
 * The sandbox's `answerShape: 'openapi'` (test/sandbox/openapi.js): openapi.json's routes answer in its
 * shapes, every other route as before. Every operation of the node runs against it and gives its
 * output (the suites can run against Talkover as its spec describes it), and the five operations whose
 * openapi.json answers are bare records (Make Call, Create, Get, Update Knowledge and Update Voice of an
 * agent) give the record itself.
 */
import { ACTIVE_CALL, byId, OPERATIONS, SALES_AGENT, SUPPORT_AGENT, TOKEN, useSandbox } from '../helpers/fixtures';
import { runTalkover } from '../helpers/n8n';
import { offeredOperations } from '../faults/operations';
import { AVA_BASIC } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

beforeEach(() => {
	sandbox().answerShape = 'openapi';
});

async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${sandbox().url}/api/v1${path}`, {
		method,
		headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

test('the sandbox answers openapi.json\'s routes in its shapes, the others as the pages', async () => {
	expect(await raw('GET', `/agents/${SUPPORT_AGENT}`)).toMatchObject({ status: 200, body: { id: SUPPORT_AGENT } });
	expect((await raw('GET', `/agents/${SUPPORT_AGENT}`)).body).not.toHaveProperty('success');
	const list = await raw('GET', '/calls');
	expect(Object.keys(list.body as object).sort()).toEqual(['data', 'meta']);
	const voices = (await raw('GET', '/voice-templates?language=en-US')).body as Array<Record<string, unknown>>;
	expect(Array.isArray(voices)).toBe(true);
	expect(voices.every((g) => Array.isArray(g.templates) && !('voices' in g))).toBe(true);
	expect(await raw('POST', `/agents/${SALES_AGENT}/call`, { to: '+15550001111' })).toMatchObject({ status: 200, body: { to: '+15550001111', status: 'initiated' } });
	// Not in openapi.json: as the pages answer.
	expect((await raw('GET', `/agents/${SUPPORT_AGENT}/flow`)).body).toMatchObject({ success: true });
	// Errors are never rewritten.
	expect((await raw('GET', '/agents/00000000-0000-4000-8000-00000000dead')).body).toMatchObject({ success: false });
});

test('every operation has its row', () => {
	expect(OPERATIONS.map(([name]) => name).sort()).toEqual(offeredOperations());
});

test.each(OPERATIONS)('%s works against the sandbox in openapi.json\'s shapes', async (_name, parameters) => {
	const { error, output } = await runTalkover({ parameters, credentials: credentials() });
	expect(error?.message).toBeUndefined();
	expect(output!.length).toBeGreaterThan(0);
	expect(output!.every((item) => !('success' in item.json) || 'valid' in item.json)).toBe(true);
});

describe('operations that openapi.json answers with the bare record give the record itself', () => {
	test('Call → Make: the bare call', async () => {
		const { error, output } = await runTalkover({ parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550009999' }, credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(output![0].json).toMatchObject({ to: '+15550009999', status: 'initiated' });
		expect(typeof output![0].json.id).toBe('string');
		expect(output![0].json.id).not.toBe(ACTIVE_CALL);
	});

	test('Agent → Create (201), Get, Update Knowledge, Update Voice (voices under templates): the bare agent', async () => {
		const created = await runTalkover({ parameters: { resource: 'agent', operation: 'create', label: 'L', name: 'N' }, credentials: credentials() });
		expect(created.error?.message).toBeUndefined();
		expect(created.output![0].json).toMatchObject({ label: 'L', name: 'N' });
		const got = await runTalkover({ parameters: { resource: 'agent', operation: 'get', agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(got.output![0].json).toMatchObject({ id: SUPPORT_AGENT });
		const knowledge = await runTalkover({ parameters: OPERATIONS.find(([n]) => n === 'agent updateKnowledge')![1], credentials: credentials() });
		expect(knowledge.output![0].json).toMatchObject({ id: SUPPORT_AGENT, description: 'Handles support calls' });
		const voice = await runTalkover({ parameters: OPERATIONS.find(([n]) => n === 'agent updateVoice')![1], credentials: credentials() });
		expect(voice.error?.message).toBeUndefined();
		expect(voice.output![0].json).toMatchObject({ id: SUPPORT_AGENT });
		expect(sandbox().requestsTo('PUT', /\/voice$/).map((r) => r.body.voice_id)).toEqual([AVA_BASIC]);
	});
});
