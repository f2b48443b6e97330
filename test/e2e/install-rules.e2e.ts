/**
 * The README's Installation with unverified community packages off (`N8N_UNVERIFIED_PACKAGES_ENABLED=false`,
 * n8n 3.0's default; each way in full: docs/installation.md), in a real n8n of the line: the editor's install is
 * refused with n8n's message; the ways the README gives instead make the node load and run against the sandbox:
 * - the Docker image's way (examples/Dockerfile): its `npm install` in `~/.n8n/nodes`, then n8n starts;
 * - `N8N_COMMUNITY_PACKAGES` (from n8n 2.21: with the package's checksum; on 2.8 and 1.123, which have no such
 *   variable, the test checks that n8n ignores it).
 *
 * The package is published to a local registry (Verdaccio, test/browser/registry.ts) that n8n and npm reach as
 * `https://registry.npmjs.org` (./npmjs-stand-in.ts): n8n keeps its default registry, as an owner's does, since
 * `N8N_COMMUNITY_PACKAGES` installs at start, before a custom registry's license feature could be turned on.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { TOKEN } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { LocalRegistry, PACKAGE, VERSION } from '../browser/registry';
import { NpmjsStandIn } from './npmjs-stand-in';
import { freePort, host, LINE, N8nServer, outputOf, RealN8n, wantedVersion } from './real-n8n';

const ROOT = path.resolve(__dirname, '../..');
const VERSION_OF_N8N = wantedVersion();
const [MAJOR, MINOR] = VERSION_OF_N8N.split('.').map(Number);
/** n8n reads N8N_COMMUNITY_PACKAGES from 2.21.0 on (n8n's docs; in 2.41.1's @n8n/config, absent in 2.8.4 and 1.123.81). */
const READS_COMMUNITY_PACKAGES = MAJOR > 2 || (MAJOR === 2 && MINOR >= 21);
const REFUSED = 'Installation of unverified community packages is forbidden!';
const NODE_TYPES = [`${PACKAGE}.talkover`, `${PACKAGE}.talkoverTrigger`];
/** The command examples/Dockerfile runs in /home/node/.n8n/nodes (the test runs it in the user folder's). */
const DOCKERFILE_INSTALL = 'npm install --legacy-peer-deps --no-audit --no-fund "n8n-nodes-talkover@${TALKOVER_VERSION}"';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-e2e-install-rules-'));
let registry: LocalRegistry;
let standIn: NpmjsStandIn;
let sandbox: TalkoverSandbox;
let checksum = '';
const servers: N8nServer[] = [];
const timings: string[] = [];

beforeAll(async () => {
	const started = Date.now();
	host.ensureN8n();
	registry = await LocalRegistry.start(path.join(folder, 'registry'));
	await registry.publish();
	const document = (await (await fetch(`${registry.url}/${PACKAGE}`)).json()) as { versions: Record<string, { dist: { integrity: string } }> };
	checksum = document.versions[VERSION].dist.integrity;
	standIn = await NpmjsStandIn.start(registry.url, path.join(folder, 'stand-in'));
	sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start(await freePort());
	timings.push(`registry, stand-in and sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(async () => {
	for (const server of servers) await server.stop();
	await sandbox?.stop();
	await standIn?.stop();
	await registry?.stop();
	fs.rmSync(folder, { recursive: true, force: true });
	process.stdout.write(`\nInstall rules, n8n ${VERSION_OF_N8N} (line ${LINE}):\n  ${timings.join('\n  ')}\n`);
}, 60_000);

/** `env` without npm's own variables (npm runs jest) and with registry.npmjs.org reached through the stand-in only. */
function npmEnv(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
	const clean = { ...env } as Record<string, string>;
	for (const key of Object.keys(clean)) if (/^npm_/i.test(key)) delete clean[key];
	return { ...clean, ...standIn.env(path.join(folder, `npm-${name}`)) };
}

/** An n8n of the line with unverified packages off, in a user folder of its own (kept across restarts). */
async function startN8n(userFolder: string, extra: Record<string, string> = {}): Promise<{ server: N8nServer; output: () => string }> {
	const started = Date.now();
	const n8n = new RealN8n();
	fs.rmSync(n8n.folder, { recursive: true, force: true });
	(n8n as { folder: string }).folder = userFolder;
	let output = '';
	const env = host.n8nEnv(userFolder, {
		N8N_LOG_LEVEL: 'info',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		...extra,
	});
	n8n.env = npmEnv(env, path.basename(userFolder));
	const server = new N8nServer(n8n, {
		onOutput: (stdout, stderr) => {
			stdout.on('data', (d) => (output += d));
			stderr.on('data', (d) => (output += d));
		},
	});
	servers.push(server);
	await server.start();
	timings.push(`${path.basename(userFolder)}: n8n started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { server, output: () => output };
}

/** A command run without blocking this process (the stand-in answers npm from it); its exit status and output. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('error', reject);
		child.on('close', (status) => resolve({ status, output }));
	});
}

async function nodeTypes(server: N8nServer): Promise<string[]> {
	const response = await fetch(`http://127.0.0.1:${server.port}/types/nodes.json`, { headers: { cookie: server.cookie } });
	return ((await response.json()) as Array<{ name: string }>).map((t) => t.name);
}

async function installed(server: N8nServer): Promise<Record<string, string>> {
	const list = (await server.rest('GET', '/rest/community-packages')).data as Array<{ packageName: string; installedVersion: string }>;
	return Object.fromEntries(list.map((p) => [p.packageName, p.installedVersion]));
}

/** The editor's Install (Settings → Community nodes): its request and n8n's answer. */
async function installFromEditor(server: N8nServer): Promise<{ status: number; message: string }> {
	const response = await fetch(`http://127.0.0.1:${server.port}/rest/community-packages`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', cookie: server.cookie },
		body: JSON.stringify({ name: PACKAGE }),
	});
	const body = (await response.json()) as { message?: string };
	return { status: response.status, message: body.message ?? '' };
}

/** Manual Trigger → Talkover "Get many agents", run as the editor's Execute workflow does; the sandbox sees its request. */
async function runsAWorkflow(server: N8nServer): Promise<void> {
	const credential = await server.rest('POST', '/rest/credentials', { name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } });
	const workflow = await server.rest('POST', '/rest/workflows', {
		name: 'Installed package runs',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'agents',
				name: 'Get agents',
				type: `${PACKAGE}.talkover`,
				typeVersion: 1,
				position: [200, 0],
				parameters: { resource: 'agent', operation: 'getMany', returnAll: true },
				credentials: { talkoverApi: { id: String((credential.data ?? credential).id), name: 'Talkover API' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Get agents', type: 'main', index: 0 }]] } },
	});
	sandbox.requests.length = 0;
	const { run, status } = await server.runManually(String((workflow.data ?? workflow).id), 'Start');
	expect(status).toBe(0);
	expect(outputOf(run, 'Get agents').map((item) => item.json.name)).toEqual(expect.arrayContaining(['SupportBot', 'SalesBot']));
	expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toContain(`GET /api/v1/agents Bearer ${TOKEN}`);
}

describe(`n8n ${VERSION_OF_N8N} with N8N_UNVERIFIED_PACKAGES_ENABLED=false`, () => {
	const userFolder = () => path.join(folder, 'unverified-off');

	test(`the editor's Install is refused: "${REFUSED}"; nothing is installed`, async () => {
		const { server } = await startN8n(userFolder());
		const answer = await installFromEditor(server);
		// 2.41.1 says: Error loading package "n8n-nodes-talkover" :Installation of unverified community packages is forbidden!
		expect(answer.message).toContain(REFUSED);
		expect(answer.status).toBeGreaterThanOrEqual(400);
		timings.push(`the editor's Install answered HTTP ${answer.status}: ${answer.message}`);
		expect(await installed(server)).toEqual({});
		expect((await nodeTypes(server)).filter((t) => t.startsWith(PACKAGE))).toEqual([]);
		// Refused before n8n asked the registry for anything.
		expect(standIn.requests.filter((r) => r.includes(PACKAGE))).toEqual([]);
		await server.stop();
	}, 300_000);

	test("examples/Dockerfile's npm install in ~/.n8n/nodes, then n8n starts: the node loads and runs", async () => {
		const dockerfile = fs.readFileSync(path.join(ROOT, 'examples/Dockerfile'), 'utf8');
		expect(dockerfile).toContain(DOCKERFILE_INSTALL);
		const pinned = /^ARG TALKOVER_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
		expect(pinned).toBe(VERSION);
		const nodes = path.join(userFolder(), '.n8n/nodes');
		fs.mkdirSync(nodes, { recursive: true });
		const started = Date.now();
		const npm = await run('sh', ['-c', DOCKERFILE_INSTALL], { cwd: nodes, env: { ...npmEnv(process.env, 'dockerfile'), TALKOVER_VERSION: pinned! } });
		if (npm.status !== 0) throw new Error(`the Dockerfile's npm install failed (exit ${npm.status}):\n${npm.output}`);
		timings.push(`the Dockerfile's npm install: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		expect(standIn.requests).toContain(`GET /${PACKAGE}/-/${PACKAGE}-${VERSION}.tgz 200`);
		const { server } = await startN8n(userFolder());
		expect(await nodeTypes(server)).toEqual(expect.arrayContaining(NODE_TYPES));
		await runsAWorkflow(server);
		await server.stop();
	}, 300_000);
});

if (READS_COMMUNITY_PACKAGES) {
	describe(`n8n ${VERSION_OF_N8N}: N8N_COMMUNITY_PACKAGES (with N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true), unverified packages off`, () => {
		test('without a checksum n8n does not start: it says there is no checksum and unverified packages are disabled', async () => {
			const packages = JSON.stringify([{ name: PACKAGE, version: VERSION }]);
			const start = startN8n(path.join(folder, 'env-no-checksum'), { N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true', N8N_COMMUNITY_PACKAGES: packages });
			await expect(start).rejects.toThrow(`N8N_COMMUNITY_PACKAGES: no checksum available for '${PACKAGE}@${VERSION}' and unverified packages are disabled`);
		}, 300_000);

		test("with the registry's checksum n8n installs it at start, lists it, refuses the editor's Install, and a workflow runs", async () => {
			const before = standIn.requests.length;
			const packages = JSON.stringify([{ name: PACKAGE, version: VERSION, checksum }]);
			const { server, output } = await startN8n(path.join(folder, 'env'), { N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true', N8N_COMMUNITY_PACKAGES: packages });
			expect(output()).toContain(`Installed community package '${PACKAGE}@${VERSION}' from env`);
			expect(standIn.requests.slice(before)).toContain(`GET /${PACKAGE}/-/${PACKAGE}-${VERSION}.tgz 200`);
			expect(await installed(server)).toEqual({ [PACKAGE]: VERSION });
			expect(await nodeTypes(server)).toEqual(expect.arrayContaining(NODE_TYPES));
			expect(await installFromEditor(server)).toEqual({
				status: 400,
				message: 'Community packages are managed via environment variables on this instance and cannot be modified through the API.',
			});
			await runsAWorkflow(server);
			await server.stop();
		}, 300_000);
	});
} else {
	describe(`n8n ${VERSION_OF_N8N} has no N8N_COMMUNITY_PACKAGES (n8n reads it from 2.21.0 on)`, () => {
		test('n8n starts, ignores it, and installs nothing', async () => {
			const before = standIn.requests.length;
			const packages = JSON.stringify([{ name: PACKAGE, version: VERSION, checksum }]);
			const { server } = await startN8n(path.join(folder, 'env'), { N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true', N8N_COMMUNITY_PACKAGES: packages });
			expect(await installed(server)).toEqual({});
			expect((await nodeTypes(server)).filter((t) => t.startsWith(PACKAGE))).toEqual([]);
			expect(standIn.requests.slice(before)).toEqual([]);
			await server.stop();
		}, 300_000);
	});
}
