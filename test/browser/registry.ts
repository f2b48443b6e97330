/**
 * For test/browser/install.browser.ts: a local npm registry (Verdaccio, installed apart from the package's
 * devDependencies by scripts/registry-host.js into the n8n cache, from `.registry-host/`) that the package is
 * published to, and a fresh n8n of one line (scripts/n8n-host.js) pointed at it, with no package installed,
 * so that the editor's Settings → Community Nodes → Install fetches it with npm as it does for users.
 *
 * - Verdaccio runs (its `runServer`, in a process of its own) on a free 127.0.0.1 port, its storage in a temporary folder. It serves
 *   n8n-nodes-talkover only from what the test published (never from an uplink) and proxies every other
 *   package to the registry npm uses here (`npm config get registry`).
 * - Publishing: a user is created through the registry's own API (`PUT /-/user/org.couchdb.user:<name>`,
 *   what `npm adduser` does) into an htpasswd file in that folder; its token goes into a temporary npmrc.
 * - n8n allows a registry other than registry.npmjs.org only with a license feature
 *   (`feat:communityNodes:customRegistry`, checked in CommunityPackagesService.getNpmRegistry on 1.123, 2.8
 *   and 2.41): the test starts n8n in its own test mode (`E2E_TESTS=true`) and turns that one feature on
 *   through `PATCH /rest/e2e/feature`, the way n8n's own end-to-end tests do. Nothing else is licensed.
 * - The npm that n8n spawns (`npm pack`, `npm install` with `--registry=<Verdaccio>`) gets a cache and an
 *   npmrc of its own and a proxy that goes nowhere for any host but 127.0.0.1: it can reach only Verdaccio.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort } from '../helpers/fixtures';

const ROOT = path.resolve(__dirname, '../..');
export const PACKAGE = 'n8n-nodes-talkover';
/** The package's version as it is (package.json is never edited: updates publish a copy with another version). */
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/** The next patch version: 0.1.0 → 0.1.1. */
export function nextPatch(version: string): string {
	const [major, minor, patch] = version.split('.').map(Number);
	return `${major}.${minor}.${patch + 1}`;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stderr}${result.stdout}`);
	return result.stdout;
}

/**
 * The verdaccio package folder in the cache (scripts/registry-host.js), installed first if absent: the first
 * time on a machine about half a minute to 2 minutes, with its progress on stderr.
 */
export function verdaccio(): string {
	const host = require('../../scripts/registry-host') as { ensureVerdaccio(options?: { quiet?: boolean }): string };
	return host.ensureVerdaccio();
}

export class LocalRegistry {
	/** Every request Verdaccio answered ("GET /n8n-nodes-talkover 200", …), in order. */
	readonly requests: string[] = [];
	private output = '';

	private constructor(
		readonly url: string,
		readonly folder: string,
		private readonly child: ChildProcess,
	) {}

	/** Starts Verdaccio in `folder` (created) and waits until it answers. */
	static async start(folder: string): Promise<LocalRegistry> {
		fs.mkdirSync(folder, { recursive: true });
		const port = await freePort();
		const uplink = run('npm', ['config', 'get', 'registry']).trim();
		const config = path.join(folder, 'config.yaml');
		fs.writeFileSync(
			config,
			[
				`storage: ${JSON.stringify(path.join(folder, 'storage'))}`,
				'auth:',
				'  htpasswd:',
				`    file: ${JSON.stringify(path.join(folder, 'htpasswd'))}`,
				'    max_users: 1',
				'uplinks:',
				'  here:',
				`    url: ${JSON.stringify(uplink)}`,
				'    timeout: 60s',
				'packages:',
				// Only what the test published: never the registry's own n8n-nodes-talkover (if it has one).
				`  '${PACKAGE}':`,
				'    access: $all',
				'    publish: $authenticated',
				"  '**':",
				'    access: $all',
				'    publish: $authenticated',
				'    proxy: here',
				'server:',
				'  keepAliveTimeout: 60',
				'log: { type: stdout, format: json, level: http }',
				'web: { enable: false }',
				'security: { api: { jwt: { sign: { expiresIn: 1d } } } }',
				'',
			].join('\n'),
		);
		// Its programmatic API, not its bin: the bin refuses Node < 22 (the package supports 20.19), the server runs.
		const script = `require(${JSON.stringify(verdaccio())}).runServer(${JSON.stringify(config)}).then((app) => app.listen(${port}, '127.0.0.1'), (error) => { console.error(error); process.exit(1); });`;
		const child = spawn(process.execPath, ['-e', script], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
		const registry = new LocalRegistry(`http://127.0.0.1:${port}`, folder, child);
		const collect = (chunk: Buffer) => {
			registry.output += chunk;
			for (const line of String(chunk).split('\n')) {
				// One line per answered request: its method, url and status.
				const request = /"request":\{"method":"(\w+)","url":"([^"]+)"\}.*"status":(\d+)/.exec(line);
				if (request) registry.requests.push(`${request[1]} ${decodeURIComponent(request[2])} ${request[3]}`);
			}
		};
		child.stdout!.on('data', collect);
		child.stderr!.on('data', collect);
		const deadline = Date.now() + 60_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`Verdaccio exited with ${child.exitCode}:\n${registry.output}`);
			const ok = await fetch(`${registry.url}/-/ping`).then(
				(r) => r.ok,
				() => false,
			);
			if (ok) return registry;
			if (Date.now() > deadline) throw new Error(`Verdaccio did not answer within 60 s:\n${registry.output}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	/** The npmrc that publishes: a user created through the registry's API (what `npm adduser` does). */
	private async npmrc(): Promise<string> {
		const file = path.join(this.folder, 'npmrc');
		if (fs.existsSync(file)) return file;
		const response = await fetch(`${this.url}/-/user/org.couchdb.user:talkover`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'talkover', password: 'talkover-local-only', email: 'dev@talkover.local' }),
		});
		const body = (await response.json()) as { token?: string };
		if (!response.ok || !body.token) throw new Error(`creating the registry's user answered HTTP ${response.status}: ${JSON.stringify(body)}`);
		fs.writeFileSync(file, `registry=${this.url}/\n//${new URL(this.url).host}/:_authToken=${body.token}\n`);
		return file;
	}

	/** Publishes the packed package as `version` (see `packed`), which becomes the registry's `latest`. */
	async publish(version: string = VERSION): Promise<void> {
		const userconfig = await this.npmrc();
		run('npm', ['publish', packed(version), '--registry', `${this.url}/`, '--tag', 'latest', '--access', 'public', '--ignore-scripts', '--provenance=false'], {
			cwd: this.folder,
			env: { ...process.env, npm_config_userconfig: userconfig, npm_config_cache: path.join(this.folder, 'npm-cache'), npm_config_update_notifier: 'false' },
		});
	}

	/** The versions of the package the registry serves and its `latest`. */
	async versions(): Promise<{ versions: string[]; latest: string }> {
		const body = (await (await fetch(`${this.url}/${PACKAGE}`)).json()) as { versions: Record<string, unknown>; 'dist-tags': { latest: string } };
		return { versions: Object.keys(body.versions), latest: body['dist-tags'].latest };
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	}
}

/** Tarballs packed in this process, by version (packed once, published to each line's registry). */
const tarballs = new Map<string, string>();
let packFolder: string | undefined;

/**
 * `npm pack` of the built package (dist/ and the `files` of package.json, as users get it) as `version`: the
 * package as it is, or its tarball repacked with only package.json's version changed.
 */
export function packed(version: string = VERSION): string {
	const known = tarballs.get(version);
	if (known && fs.existsSync(known)) return known;
	packFolder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-install-pack-'));
	const work = fs.mkdtempSync(path.join(packFolder, `${version}-`));
	const pack = (cwd: string) => path.join(work, run('npm', ['pack', '--silent', '--pack-destination', work], { cwd }).trim().split('\n').pop()!);
	let tarball = pack(ROOT);
	if (version !== VERSION) {
		run('tar', ['-xzf', tarball, '-C', work]);
		const file = path.join(work, 'package/package.json');
		fs.writeFileSync(file, `${JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), version }, null, 2)}\n`);
		fs.rmSync(tarball);
		tarball = pack(path.join(work, 'package'));
	}
	tarballs.set(version, tarball);
	return tarball;
}

/** Removes the packed tarballs (after the last line). */
export function removePacked(): void {
	if (packFolder) fs.rmSync(packFolder, { recursive: true, force: true });
	packFolder = undefined;
	tarballs.clear();
}

/** scripts/n8n-host.js as loaded for one line (it reads TALKOVER_N8N_LINE when it is loaded). */
export interface N8nHost {
	LINE: string;
	NODE_BIN: string;
	ensureN8n(options?: { quiet?: boolean }): string;
	wantedVersion(): string;
	n8nEnv(userFolder: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
	startN8n(env: NodeJS.ProcessEnv, port: number, options?: { timeoutMs?: number }): Promise<ChildProcess>;
	stopProcess(child: ChildProcess | undefined, graceMs?: number): Promise<void>;
	ownerSession(port: number, owner: { email: string; firstName: string; lastName: string; password: string }): Promise<string>;
}

export function hostFor(line: string): N8nHost {
	const before = process.env.TALKOVER_N8N_LINE;
	let host: N8nHost | undefined;
	process.env.TALKOVER_N8N_LINE = line;
	try {
		if (typeof jest === 'undefined') {
			// Outside jest (a script trying this file out): Node's own module cache.
			delete require.cache[require.resolve('../../scripts/n8n-host')];
			host = require('../../scripts/n8n-host') as N8nHost;
		} else {
			jest.isolateModules(() => {
				host = require('../../scripts/n8n-host') as N8nHost;
			});
		}
	} finally {
		if (before === undefined) delete process.env.TALKOVER_N8N_LINE;
		else process.env.TALKOVER_N8N_LINE = before;
	}
	return host!;
}

export const OWNER = { email: 'install@talkover.local', firstName: 'Talkover', lastName: 'Installer', password: 'Talkover-install-1' };

/** A fresh n8n of one line, no package in its folder, pointed at the registry. */
export class FreshN8n {
	/** n8n's own output (stdout and stderr). */
	output = '';

	private constructor(
		readonly line: string,
		readonly version: string,
		readonly url: string,
		readonly folder: string,
		private readonly host: N8nHost,
		private readonly child: ChildProcess,
	) {}

	static async start(line: string, registry: LocalRegistry, folder: string): Promise<FreshN8n> {
		const host = hostFor(line);
		host.ensureN8n();
		fs.mkdirSync(folder, { recursive: true });
		const npmrc = path.join(folder, 'npmrc');
		fs.writeFileSync(npmrc, `registry=${registry.url}/\n`);
		const port = await freePort();
		const env = host.n8nEnv(path.join(folder, 'n8n'), {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
			// n8n's test mode: only for the license feature a custom registry needs (see above).
			E2E_TESTS: 'true',
		}) as Record<string, string>;
		// The npm that n8n runs: its own npmrc and cache, and nowhere to go but 127.0.0.1.
		for (const name of Object.keys(env)) if (/^npm_/i.test(name)) delete env[name];
		Object.assign(env, {
			npm_config_userconfig: npmrc,
			npm_config_globalconfig: path.join(folder, 'npmrc-global'),
			npm_config_cache: path.join(folder, 'npm-cache'),
			npm_config_registry: `${registry.url}/`,
			npm_config_proxy: 'http://127.0.0.1:9',
			npm_config_https_proxy: 'http://127.0.0.1:9',
			npm_config_noproxy: '127.0.0.1',
			// n8n's own lookups (axios, through proxy-from-env) read npm_config_proxy too, and no_proxy.
			no_proxy: '127.0.0.1',
			NO_PROXY: '127.0.0.1',
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
		});
		if (host.wantedVersion().startsWith('1.')) {
			// n8n 1.123 asks npm for updates (`npm outdated`) with an environment of only PATH and NODE_PATH and
			// without --registry: npm then reads the nodes folder's own .npmrc (what a user of another registry
			// writes there). Without it, 1.123 asks registry.npmjs.org and never offers the update.
			const nodes = path.join(folder, 'n8n/.n8n/nodes');
			fs.mkdirSync(nodes, { recursive: true });
			fs.writeFileSync(
				path.join(nodes, '.npmrc'),
				`registry=${registry.url}/\nproxy=http://127.0.0.1:9\nhttps-proxy=http://127.0.0.1:9\nnoproxy=127.0.0.1\naudit=false\nfund=false\nupdate-notifier=false\n`,
			);
		}
		const child = await host.startN8n(env, port);
		const n8n = new FreshN8n(line, host.wantedVersion(), `http://127.0.0.1:${port}`, folder, host, child);
		child.stdout!.on('data', (d) => (n8n.output += d));
		child.stderr!.on('data', (d) => (n8n.output += d));
		const feature = await fetch(`${n8n.url}/rest/e2e/feature`, {
			method: 'PATCH',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ feature: 'feat:communityNodes:customRegistry', enabled: true }),
		});
		if (!feature.ok) throw new Error(`n8n ${n8n.version}: turning on the custom registry answered HTTP ${feature.status}`);
		await host.ownerSession(port, OWNER);
		return n8n;
	}

	/** Where n8n keeps community packages (<user folder>/.n8n/nodes/node_modules/<package>). */
	packageFolder(): string {
		return path.join(this.folder, 'n8n/.n8n/nodes/node_modules', PACKAGE);
	}

	async stop(): Promise<void> {
		await this.host.stopProcess(this.child);
	}
}

/** A temporary folder for one run of the install test. */
export function tempFolder(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-install-'));
}
