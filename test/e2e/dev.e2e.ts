/**
 * `npm run dev` brings up a real n8n with the package, the sandbox and a working "Talkover API"
 * credential; checked through n8n's own HTTP endpoints (as the editor calls them), then Ctrl-C stops
 * everything it started.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startDev } from '../helpers/devStart';
import { ensureN8n, freePort, n8nRest } from './real-n8n';

const ROOT = path.resolve(__dirname, '../..');
let dev: ChildProcess;
let output = '';
let port: number;
let sandboxPort: number;
let cookie = '';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-e2e-dev-'));

const rest = (method: string, route: string, body?: unknown) => n8nRest(port, cookie, method, route, body);

async function reachable(url: string): Promise<boolean> {
	try {
		await fetch(url, { signal: AbortSignal.timeout(2000) });
		return true;
	} catch {
		return false;
	}
}

beforeAll(async () => {
	ensureN8n();
	port = await freePort();
	sandboxPort = await freePort();
	// What `npm run dev` runs after its build (`npm run test:e2e` builds dist/ first).
	const started = await startDev({ port, sandboxPort, folder });
	dev = started.dev;
	output = started.output();
	const login = await fetch(`http://127.0.0.1:${port}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: started.email, password: started.password }),
	});
	expect(login.status).toBe(200);
	cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}, 600_000);

afterAll(async () => {
	if (dev && dev.exitCode === null) dev.kill('SIGKILL');
	fs.rmSync(folder, { recursive: true, force: true });
});

test('it prints the editor URL, the sign-in and the sandbox', () => {
	expect(output).toContain(`http://127.0.0.1:${port}`);
	expect(output).toContain(`Talkover sandbox: http://127.0.0.1:${sandboxPort}`);
});

test('n8n lists the Talkover node (and its AI-tool variant), the Talkover Trigger and the Talkover API credential type', async () => {
	const nodes = await rest('GET', '/types/nodes.json');
	const names = (nodes.json as Array<{ name: string; displayName: string }>).filter((n) => n.name.startsWith('n8n-nodes-talkover.'));
	expect(names.map((n) => [n.name, n.displayName]).sort()).toEqual([
		['n8n-nodes-talkover.talkover', 'Talkover'],
		['n8n-nodes-talkover.talkoverTool', 'Talkover Tool'],
		['n8n-nodes-talkover.talkoverTrigger', 'Talkover Trigger'],
	]);
	const credentials = await rest('GET', '/types/credentials.json');
	expect((credentials.json as Array<{ name: string; displayName: string }>).filter((c) => c.name === 'talkoverApi').map((c) => c.displayName)).toEqual(['Talkover API']);
});

test('the "Talkover API" credential and the example workflows are imported', async () => {
	const credentials = await rest('GET', '/rest/credentials');
	expect(credentials.json.data.map((c: { id: string; name: string; type: string }) => [c.id, c.name, c.type])).toEqual([['talkover-sandbox', 'Talkover API', 'talkoverApi']]);
	const workflows = await rest('GET', '/rest/workflows');
	const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')).name);
	expect(workflows.json.data.map((w: { name: string }) => w.name).sort()).toEqual(examples.sort());
});

test('the credential Test button: passes with the sandbox token, fails with a wrong one', async () => {
	const credentials = (data: object) => ({ credentials: { id: 'talkover-sandbox', name: 'Talkover API', type: 'talkoverApi', data } });
	const good = await rest('POST', '/rest/credentials/test', credentials({ apiToken: 'talq_test_token', baseUrl: `http://127.0.0.1:${sandboxPort}` }));
	expect(good.json.data).toEqual({ status: 'OK', message: 'Connection successful!' });
	const bad = await rest('POST', '/rest/credentials/test', credentials({ apiToken: 'talq_wrong', baseUrl: `http://127.0.0.1:${sandboxPort}` }));
	expect(bad.json.data.status).toBe('Error');
});

test('the agent picker works inside n8n (the editor’s resource-locator request)', async () => {
	const result = await rest('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
		path: 'parameters.agentId',
		nodeTypeAndVersion: { name: 'n8n-nodes-talkover.talkover', version: 1 },
		methodName: 'searchAgents',
		currentNodeParameters: { resource: 'call', operation: 'make', agentId: { __rl: true, mode: 'list', value: '' } },
		credentials: { talkoverApi: { id: 'talkover-sandbox', name: 'Talkover API' } },
		filter: 'sales',
	});
	expect(result.status).toBe(200);
	expect(result.json.data.results.map((r: { name: string; value: string }) => r.value)).toEqual(['550e8400-e29b-41d4-a716-446655440001']);
});

test('Ctrl-C stops n8n and the sandbox', async () => {
	const exited = new Promise<number | null>((resolve) => dev.once('exit', (code) => resolve(code)));
	dev.kill('SIGINT');
	expect(await exited).toBe(0);
	expect(await reachable(`http://127.0.0.1:${port}/healthz`)).toBe(false);
	expect(await reachable(`http://127.0.0.1:${sandboxPort}/api/v1/health`)).toBe(false);
});
