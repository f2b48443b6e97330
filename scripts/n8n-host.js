/**
 * The real n8n used by `npm run dev`, `npm run test:e2e`, `npm run test:queue` and the benches, installed in
 * its own folder (own package.json and lock) so the package's `npm ci` stays small and its `dependencies`
 * empty. Two lines are tested; TALKOVER_N8N_LINE picks one:
 * - `2.8` (default): n8n 2.8.4 in .n8n-host/, the newest n8n that runs on Node 20 (run with this Node).
 * - `next`: the newest n8n the registry can install, in .n8n-host-next/, with the Node it needs (Node 24,
 *   installed from the registry's `node` package into the same folder).
 * `npm ci` cannot install n8n from a lock here (the lock lacks optional platform packages of
 * msgpackr-extract), so this runs `npm install` with the committed lock, once, and puts the committed lock
 * back afterwards so the work tree stays clean.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

const LINES = {
	2.8: { folder: '.n8n-host', ownNode: false, about: 'about 3–4 minutes and 2.3 GB' },
	next: { folder: '.n8n-host-next', ownNode: true, about: 'about 4–6 minutes and 2.8 GB' },
};
const LINE = process.env.TALKOVER_N8N_LINE || '2.8';
if (!LINES[LINE]) throw new Error(`TALKOVER_N8N_LINE=${LINE}: use one of ${Object.keys(LINES).join(', ')}`);
const HOST = path.join(ROOT, LINES[LINE].folder);
const N8N_BIN = path.join(HOST, 'node_modules/n8n/bin/n8n');
/**
 * The Node that runs this line's n8n: the line's own (Node 24 for `next`: the registry's `node` package links
 * its platform's binary to node_modules/node/bin/node) or the one running this script.
 */
const NODE_BIN = LINES[LINE].ownNode ? path.join(HOST, 'node_modules/node/bin/node') : process.execPath;

/** The line's own Node's folder with its C headers (include/node), for building native modules against it. */
function ownNodeDir() {
	const dir = path.join(HOST, 'node_modules/node/node_modules');
	const platform = fs.existsSync(dir) ? fs.readdirSync(dir).find((name) => fs.existsSync(path.join(dir, name, 'include/node'))) : undefined;
	if (!platform) throw new Error(`no Node.js headers under ${dir}`);
	return path.join(dir, platform);
}

function hostPackage() {
	return require(path.join(HOST, 'package.json'));
}

function wantedVersion() {
	return hostPackage().dependencies.n8n;
}

function readVersion(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')).version;
	} catch {
		return undefined;
	}
}

function installedVersion() {
	return readVersion(path.join(HOST, 'node_modules/n8n/package.json'));
}

/** The line's own Node, when it has one: its version if its binary is there. */
function installedNodeVersion() {
	return fs.existsSync(NODE_BIN) ? readVersion(path.join(HOST, 'node_modules/node/package.json')) : undefined;
}

function isInstalled() {
	return installedVersion() === wantedVersion() && (!LINES[LINE].ownNode || installedNodeVersion() === hostPackage().dependencies.node);
}

/** Runs one install step; `npm install` is silent for minutes, so a line every 20 s says it is alive. */
function step(label, command, args, env, log) {
	log(`  ${label}…\n`);
	const started = Date.now();
	// spawnSync blocks this process's timers: the heartbeat is a little process of its own.
	const heartbeat = spawn(
		process.execPath,
		[
			'-e',
			`const fs=require('fs'),p=require('path'),d=${JSON.stringify(path.join(HOST, 'node_modules'))};
			 const count=()=>{let n=0;try{for(const e of fs.readdirSync(d)){if(e.startsWith('@'))n+=fs.readdirSync(p.join(d,e)).length;else if(!e.startsWith('.'))n++}}catch{}return n};
			 setInterval(()=>process.stderr.write('    still working: '+Math.round((Date.now()-${started})/1000)+' s, '+count()+' packages in node_modules\\n'),20000);`,
		],
		{ stdio: ['ignore', 'ignore', log === noLog ? 'ignore' : 'inherit'] },
	);
	try {
		const result = spawnSync(command, args, { cwd: HOST, stdio: log === noLog ? 'ignore' : ['ignore', 'inherit', 'inherit'], env });
		if (result.status !== 0) throw new Error(`${label} in ${LINES[LINE].folder}/ failed (exit ${result.status ?? result.signal})`);
	} finally {
		heartbeat.kill();
	}
	log(`  ${label}: done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

function noLog() {}

/**
 * Installs this line's n8n (and its Node) into its folder unless the pinned versions are already there;
 * returns the n8n binary. The committed package-lock.json is put back afterwards (npm rewrites it).
 */
function ensureN8n({ quiet = false } = {}) {
	if (isInstalled()) return N8N_BIN;
	const wanted = wantedVersion();
	const log = quiet ? noLog : (text) => process.stderr.write(text);
	const folder = LINES[LINE].folder;
	log(`Installing n8n ${wanted} into ${folder}/ (once; ${LINES[LINE].about})…\n`);
	const started = Date.now();
	const lockFile = path.join(HOST, 'package-lock.json');
	const lock = fs.existsSync(lockFile) ? fs.readFileSync(lockFile) : undefined;
	const npm = ['--no-audit', '--no-fund', '--loglevel=error'];
	let env = { ...process.env, npm_config_yes: 'true' };
	try {
		if (!LINES[LINE].ownNode) {
			step(`npm install (n8n ${wanted})`, 'npm', ['install', ...npm], env, log);
		} else {
			// n8n's own install scripts download from the internet (a kafka native build): skipped, then only
			// the native module n8n needs (sqlite3) is built, against the line's Node.
			step(`npm install --ignore-scripts (n8n ${wanted}, node ${hostPackage().dependencies.node})`, 'npm', ['install', '--ignore-scripts', ...npm], env, log);
			step('npm rebuild node (fetches the Node binary)', 'npm', ['rebuild', 'node', ...npm], env, log);
			env = { ...env, PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${env.PATH}`, npm_config_nodedir: ownNodeDir() };
			step('npm rebuild sqlite3 (native build against that Node)', 'npm', ['rebuild', 'sqlite3', ...npm], env, log);
		}
	} finally {
		if (lock !== undefined && !fs.readFileSync(lockFile).equals(lock)) fs.writeFileSync(lockFile, lock);
	}
	if (!isInstalled()) throw new Error(`n8n ${wanted} is not in ${folder}/node_modules after npm install`);
	log(`n8n ${wanted} installed in ${folder}/ in ${Math.round((Date.now() - started) / 1000)} s.\n`);
	return N8N_BIN;
}

/** Environment for a headless, offline n8n on 127.0.0.1 (measured in ../shared/notes). */
function n8nEnv(userFolder, extra = {}) {
	const env = { ...process.env };
	// jest sets NODE_ENV=test, which changes how n8n's CLI behaves: n8n gets a plain environment.
	for (const name of Object.keys(env)) if (/^(N8N_|DB_|JEST_|NODE_ENV$)/.test(name)) delete env[name];
	// The line's Node first on PATH: what n8n starts by name (task runners, npm) runs on it too.
	if (NODE_BIN !== process.execPath) env.PATH = `${path.dirname(NODE_BIN)}${path.delimiter}${env.PATH}`;
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
	return spawnSync(NODE_BIN, [N8N_BIN, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Runs an n8n CLI command without blocking the event loop (so an in-process sandbox can answer it). */
function n8nCliAsync(args, env) {
	return new Promise((resolve) => {
		const child = spawn(NODE_BIN, [N8N_BIN, ...args], { env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
	});
}

/**
 * The run JSON that `n8n execute --rawOutput` prints among its log lines: the last pretty-printed object
 * (from a `{` line to a `}` line, both at column 0) that is a run. n8n 2.41 also logs other multi-line
 * JSON at info level, before or after it.
 */
function runJson(stdout) {
	const lines = stdout.split('\n');
	let run;
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		const end = lines.indexOf('}', start + 1);
		if (end === -1) break;
		try {
			const value = JSON.parse(lines.slice(start, end + 1).join('\n'));
			if (value && typeof value === 'object' && value.data && value.data.resultData) run = value;
			start = end;
		} catch {
			// not a whole object: look further
		}
	}
	if (run === undefined) throw new Error(`no run JSON in n8n's output:\n${stdout.slice(0, 2000)}`);
	return run;
}

/**
 * Starts `n8n start` and resolves once its REST API answers (GET /rest/settings 200): the readiness
 * check answers 200 a moment before the REST routes exist. `onOutput(stdout, stderr)` gets n8n's streams.
 */
async function startN8n(env, port, { timeoutMs = 120_000, stdio = 'pipe', onOutput } = {}) {
	const child = spawn(NODE_BIN, [N8N_BIN, 'start'], { env: { ...env, N8N_PORT: String(port) }, stdio: ['ignore', stdio, stdio] });
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
	LINE,
	HOST,
	ROOT,
	N8N_BIN,
	NODE_BIN,
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
