/**
 * The real n8n used by `npm run dev`, `npm run test:e2e` and `npm run bench`, installed in its own
 * folder (.n8n-host/, own package.json and lock) so the package's `npm ci` stays small and its
 * `dependencies` empty. `npm ci` cannot install n8n from the lock here (the lock lacks optional
 * platform packages of msgpackr-extract), so this runs `npm install` with the committed lock, once.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const HOST = path.resolve(__dirname, '../.n8n-host');

function wantedVersion() {
	return require(path.join(HOST, 'package.json')).dependencies.n8n;
}

function installedVersion() {
	try {
		return JSON.parse(fs.readFileSync(path.join(HOST, 'node_modules/n8n/package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

/** Installs n8n into .n8n-host/ unless the pinned version is already there; returns the n8n binary. */
function ensureN8n({ quiet = false } = {}) {
	const wanted = wantedVersion();
	if (installedVersion() !== wanted) {
		const log = (text) => quiet || process.stderr.write(text);
		log(`Installing n8n ${wanted} into .n8n-host/ (once; about 3–4 minutes and 2.3 GB)…\n`);
		const started = Date.now();
		const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: HOST,
			stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, npm_config_yes: 'true' },
		});
		if (result.status !== 0 || installedVersion() !== wanted) {
			throw new Error(`npm install of n8n ${wanted} in .n8n-host/ failed (exit ${result.status})`);
		}
		log(`n8n ${wanted} installed in ${Math.round((Date.now() - started) / 1000)} s.\n`);
	}
	return N8N_BIN;
}

const ROOT = path.resolve(__dirname, '..');
const N8N_BIN = path.join(HOST, 'node_modules/n8n/bin/n8n');

/** Environment for a headless, offline n8n on 127.0.0.1 (measured in ../shared/notes). */
function n8nEnv(userFolder, extra = {}) {
	const env = { ...process.env };
	// jest sets NODE_ENV=test, which changes how n8n's CLI behaves: n8n gets a plain environment.
	for (const name of Object.keys(env)) if (/^(N8N_|DB_|JEST_|NODE_ENV$)/.test(name)) delete env[name];
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-talkover-local-only',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// Offline: no lookups of n8n's verified community-node list (api.n8n.io) or of banners.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		...extra,
	};
}

/**
 * Installs the package the way users get it: `npm pack`, then the tarball unpacked into
 * <userFolder>/.n8n/nodes/node_modules/n8n-nodes-talkover (tests the `files` field and the `n8n` section).
 */
function installPackage(userFolder) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-pack-'));
	const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' });
	if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
	const tarball = path.join(packDir, packed.stdout.trim().split('\n').pop());
	const target = path.join(userFolder, '.n8n/nodes/node_modules/n8n-nodes-talkover');
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr}`);
	fs.writeFileSync(
		path.join(userFolder, '.n8n/nodes/package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-talkover': `file:${target}` } }, null, 2),
	);
	fs.rmSync(packDir, { recursive: true, force: true });
	return target;
}

/** Runs an n8n CLI command to completion; returns { status, stdout, stderr }. */
function n8nCli(args, env) {
	return spawnSync(process.execPath, [N8N_BIN, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Runs an n8n CLI command without blocking the event loop (so an in-process sandbox can answer it). */
function n8nCliAsync(args, env) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [N8N_BIN, ...args], { env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (status) => resolve({ status, stdout, stderr }));
	});
}

/** The run JSON that `n8n execute --rawOutput` prints after its log lines. */
function runJson(stdout) {
	const start = stdout.indexOf('\n{\n');
	const text = start >= 0 ? stdout.slice(start + 1) : stdout.trim().startsWith('{') ? stdout : undefined;
	if (text === undefined) throw new Error(`no run JSON in n8n's output:\n${stdout.slice(0, 2000)}`);
	return JSON.parse(text);
}

/**
 * Starts `n8n start` and resolves once its REST API answers (GET /rest/settings 200): the readiness
 * check answers 200 a moment before the REST routes exist. `onOutput(stdout, stderr)` gets n8n's streams.
 */
async function startN8n(env, port, { timeoutMs = 120_000, stdio = 'pipe', onOutput } = {}) {
	const child = spawn(process.execPath, [N8N_BIN, 'start'], { env: { ...env, N8N_PORT: String(port) }, stdio: ['ignore', stdio, stdio] });
	let output = '';
	if (stdio === 'pipe') {
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		// From the first line on (npm run dev passes n8n's output on, filtered).
		if (onOutput) onOutput(child.stdout, child.stderr);
	}
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode} before it was ready:\n${output}`);
		try {
			const ready = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
			if (ready.status === 200 && (await fetch(`http://127.0.0.1:${port}/rest/settings`)).status === 200) return child;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGTERM');
			throw new Error(`n8n was not ready after ${timeoutMs / 1000} s:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Signs in as the instance owner: creates the owner (POST /rest/owner/setup) or, when it exists already
 * (a kept data folder: 400), logs in with the same e-mail and password. Returns the session cookie.
 */
async function ownerSession(port, owner) {
	const post = (route, body) =>
		fetch(`http://127.0.0.1:${port}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	const login = () => post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	// An instance that has its owner already answers a setup with 400 (and logs "Instance owner already setup").
	const settings = await (await fetch(`http://127.0.0.1:${port}/rest/settings`)).json();
	let response = settings.data?.userManagement?.showSetupOnFirstLoad === false ? await login() : await post('/rest/owner/setup', owner);
	if (response.status === 400) response = await login();
	if (!response.ok) throw new Error(`signing in to n8n as its owner answered HTTP ${response.status}`);
	return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Stops a child process: SIGTERM, then SIGKILL after `graceMs`. */
async function stopProcess(child, graceMs = 10_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

module.exports = {
	HOST,
	ROOT,
	N8N_BIN,
	ensureN8n,
	installedVersion,
	wantedVersion,
	n8nEnv,
	installPackage,
	n8nCli,
	n8nCliAsync,
	runJson,
	startN8n,
	stopProcess,
	ownerSession,
};

if (require.main === module) {
	ensureN8n();
}
