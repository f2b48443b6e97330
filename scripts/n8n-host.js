/**
 * The real n8n used by `npm run dev`, `npm run test:e2e`, `npm run test:queue` and the benches, installed in
 * its own folder (own package.json and lock) so the package's `npm ci` stays small and its `dependencies`
 * empty. Three lines are tested; TALKOVER_N8N_LINE picks one:
 * - `2.8` (default): n8n 2.8.4 (.n8n-host/), the newest n8n that runs on Node 20 (run with this Node).
 * - `next`: the newest n8n the registry can install (.n8n-host-next/), with the Node it needs (Node 24,
 *   installed from the registry's `node` package into the same folder).
 * - `lts`: n8n 1.123.x (.n8n-host-lts/), the 1.x line n8n still patches, with Node 22 installed the same way
 *   (n8n 1.123 allows Node ≤ 22 and its isolated-vm does not build on Node 20).
 *
 * The work tree holds only each line's package.json and package-lock.json. The install itself lives in a
 * cache outside the clone, `${TALKOVER_N8N_CACHE:-~/.cache/n8n-nodes-talkover}/<folder>-<hash>`, the hash
 * being that of the committed package.json + lock: a fresh clone on the same machine reuses it, a changed
 * pin installs anew. Installs go to a temporary folder renamed into place when complete, under a lock
 * (`<entry>.lock`), so two processes installing one line at once neither corrupt it nor install it twice.
 * Everything runs n8n by the cache path itself (HOST), never through a symlink.
 *
 * `npm ci` cannot install n8n from a lock here (the lock lacks optional platform packages of
 * msgpackr-extract), so this runs `npm install` with the committed lock.
 *
 * TALKOVER_N8N_VERSION=<x.y.z> (measurements only, e.g. scripts/oldest-n8n.js): the line's package.json with
 * that n8n and no lock.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { processRunning } = require('./process-running');
const { reuseSqlite3Build } = require('./sqlite3-build');

const ROOT = path.resolve(__dirname, '..');

const LINES = {
	2.8: { folder: '.n8n-host', ownNode: false, about: 'about 3–4 minutes and 2.3 GB' },
	next: { folder: '.n8n-host-next', ownNode: true, about: 'about 4–6 minutes and 2.8 GB' },
	lts: { folder: '.n8n-host-lts', ownNode: true, nativeModules: ['sqlite3', 'isolated-vm'], about: 'about 6–9 minutes and 2.5 GB' },
};
const LINE = process.env.TALKOVER_N8N_LINE || '2.8';
if (!LINES[LINE]) throw new Error(`TALKOVER_N8N_LINE=${LINE}: use one of ${Object.keys(LINES).join(', ')}`);
/** The line's committed folder in the work tree (package.json and package-lock.json only). */
const SOURCE = path.join(ROOT, LINES[LINE].folder);
/** Where installs are kept, outside the clone. */
const CACHE = path.resolve(process.env.TALKOVER_N8N_CACHE || path.join(os.homedir(), '.cache/n8n-nodes-talkover'));

/** The line's package.json (with TALKOVER_N8N_VERSION's n8n, when set) and its lock (none then). */
function sourceFiles() {
	const pkg = JSON.parse(fs.readFileSync(path.join(SOURCE, 'package.json'), 'utf8'));
	const override = process.env.TALKOVER_N8N_VERSION;
	if (override) {
		if (!/^\d+\.\d+\.\d+$/.test(override)) throw new Error(`TALKOVER_N8N_VERSION=${override}: give an exact version (1.100.0)`);
		pkg.dependencies.n8n = override;
		return { pkg: Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`), lock: undefined };
	}
	return folderFiles(SOURCE);
}

/**
 * The cache entry of a committed host folder (`.n8n-host`, `.registry-host`, …) from its package.json and
 * lock (`files`, as read): `<CACHE>/<folder without its dot>-<first 16 hex of their sha256>`.
 */
function cacheEntry(folder, { pkg, lock }) {
	const hash = crypto.createHash('sha256').update(pkg).update('\0').update(lock ?? '').digest('hex').slice(0, 16);
	return path.join(CACHE, `${path.basename(folder).replace(/^\./, '')}-${hash}`);
}

/** A committed host folder's package.json and package-lock.json (undefined when it has none), as bytes. */
function folderFiles(folder) {
	const lockFile = path.join(folder, 'package-lock.json');
	return { pkg: fs.readFileSync(path.join(folder, 'package.json')), lock: fs.existsSync(lockFile) ? fs.readFileSync(lockFile) : undefined };
}

/** The cache entry of the line's committed package.json + lock. */
function hostDir() {
	return cacheEntry(LINES[LINE].folder, sourceFiles());
}

const HOST = hostDir();
const N8N_BIN = path.join(HOST, 'node_modules/n8n/bin/n8n');
/**
 * The Node that runs this line's n8n: the line's own (Node 24 for `next`, 22 for `lts`: the registry's `node`
 * package links its platform's binary to node_modules/node/bin/node) or the one running this script.
 */
const NODE_BIN = LINES[LINE].ownNode ? path.join(HOST, 'node_modules/node/bin/node') : process.execPath;

/** The line's own Node's folder with its C headers (include/node), for building native modules against it. */
function ownNodeDir(dir) {
	const modules = path.join(dir, 'node_modules/node/node_modules');
	const platform = fs.existsSync(modules) ? fs.readdirSync(modules).find((name) => fs.existsSync(path.join(modules, name, 'include/node'))) : undefined;
	if (!platform) throw new Error(`no Node.js headers under ${modules}`);
	return path.join(modules, platform);
}

function hostPackage() {
	return JSON.parse(sourceFiles().pkg.toString('utf8'));
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

function installedVersion(dir = HOST) {
	return readVersion(path.join(dir, 'node_modules/n8n/package.json'));
}

/** Whether `dir` holds the wanted n8n (and the line's own Node, whose binary must run). */
function isInstalled(dir = HOST) {
	if (installedVersion(dir) !== wantedVersion()) return false;
	if (!LINES[LINE].ownNode) return true;
	const node = path.join(dir, 'node_modules/node/bin/node');
	if (readVersion(path.join(dir, 'node_modules/node/package.json')) !== hostPackage().dependencies.node || !fs.existsSync(node)) return false;
	return spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim() === `v${hostPackage().dependencies.node}`;
}

/** Runs one install step in `cwd`; `npm install` is silent for minutes, so a line every 20 s says it is alive. */
function step(cwd, label, command, args, env, log) {
	log(`  ${label}…\n`);
	const started = Date.now();
	// spawnSync blocks this process's timers: the heartbeat is a little process of its own.
	const heartbeat = spawn(
		process.execPath,
		[
			'-e',
			`const fs=require('fs'),p=require('path'),d=${JSON.stringify(path.join(cwd, 'node_modules'))};
			 const count=()=>{let n=0;try{for(const e of fs.readdirSync(d)){if(e.startsWith('@'))n+=fs.readdirSync(p.join(d,e)).length;else if(!e.startsWith('.'))n++}}catch{}return n};
			 setInterval(()=>process.stderr.write('    still working: '+Math.round((Date.now()-${started})/1000)+' s, '+count()+' packages in node_modules\\n'),20000);`,
		],
		{ stdio: ['ignore', 'ignore', log === noLog ? 'ignore' : 'inherit'] },
	);
	try {
		const result = spawnSync(command, args, { cwd, stdio: log === noLog ? 'ignore' : ['ignore', 'inherit', 'inherit'], env });
		if (result.status !== 0) throw new Error(`${label} in ${cwd} failed (exit ${result.status ?? result.signal})`);
	} finally {
		heartbeat.kill();
	}
	log(`  ${label}: done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

function noLog() {}

function sleepMs(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid written in a lock folder (0: none, or the folder is gone). */
function lockPid(lockDir) {
	try {
		return Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')) || 0;
	} catch {
		return 0;
	}
}

/**
 * Holds `<entry>.lock` (a folder: mkdir is atomic) while `work` runs. A lock whose process is gone is
 * taken over; one that is held makes this wait (`onWait` is told once). Two waiters may judge the same dead
 * lock at once: each removes it only if it still names the dead process, and a new holder checks a moment
 * later that the lock still names it (else another waiter took it: it waits again), so two never hold it.
 */
function withLock(lockDir, work, onWait, settleMs = 200) {
	let told = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pid = lockPid(lockDir);
			const since = fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
			// No pid yet: the holder is between mkdir and write (give it a few seconds).
			const stale = (pid && !processRunning(pid)) || (!pid && since !== undefined && Date.now() - since > 10_000);
			if (stale) {
				const still = lockPid(lockDir) === pid && fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs === since;
				try {
					if (still) fs.rmSync(lockDir, { recursive: true, force: true });
				} catch (removing) {
					// Another waiter removed it first and a new holder has written its pid into the new one.
					if (removing.code !== 'ENOTEMPTY') throw removing;
				}
				continue;
			}
			if (!told) onWait(pid);
			told = true;
			sleepMs(2000);
			continue;
		}
		try {
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
		} catch (error) {
			// Removed by a waiter that had judged the dead lock before this mkdir: try again.
			if (error.code === 'ENOENT') continue;
			throw error;
		}
		sleepMs(settleMs);
		if (lockPid(lockDir) === process.pid) break;
	}
	try {
		return work();
	} finally {
		if (lockPid(lockDir) === process.pid) fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Installs the line into `dir` (a fresh temporary folder holding the line's package.json and lock). */
function install(dir, log) {
	const wanted = wantedVersion();
	const npm = ['--no-audit', '--no-fund', '--loglevel=error'];
	let env = { ...process.env, npm_config_yes: 'true' };
	if (!LINES[LINE].ownNode) {
		step(dir, `npm install (n8n ${wanted})`, 'npm', ['install', ...npm], env, log);
		return;
	}
	// n8n's own install scripts download from the internet (a kafka native build): skipped, then only the
	// native modules n8n needs (sqlite3; isolated-vm on 1.x) are built, against the line's Node.
	step(dir, `npm install --ignore-scripts (n8n ${wanted}, node ${hostPackage().dependencies.node})`, 'npm', ['install', '--ignore-scripts', ...npm], env, log);
	step(dir, 'npm rebuild node (fetches the Node binary)', 'npm', ['rebuild', 'node', ...npm], env, log);
	const nodeBin = path.join(dir, 'node_modules/node/bin/node');
	env = { ...env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${env.PATH}`, npm_config_nodedir: ownNodeDir(dir) };
	let natives = (LINES[LINE].nativeModules ?? ['sqlite3']).filter((name) => fs.existsSync(path.join(dir, 'node_modules', name)));
	if (natives.includes('sqlite3')) {
		const from = reuseSqlite3Build({ dir, cacheRoot: path.dirname(dir), nodeBin });
		if (from) {
			log(`  sqlite3's Node-API binding copied from ${path.relative(path.dirname(dir), from)} (no build)\n`);
			natives = natives.filter((name) => name !== 'sqlite3');
		}
	}
	if (natives.length > 0) step(dir, `npm rebuild ${natives.join(' ')} (native build against that Node)`, 'npm', ['rebuild', ...natives, ...npm], env, log);
}

/**
 * Removes `<entry>.tmp-<pid>` folders of installs whose process is gone (CI stopped while it installed in
 * the background, a killed terminal): called under the entry's lock, so no live install owns one.
 */
function removeAbandonedTemps(entry) {
	const prefix = `${path.basename(entry)}.tmp-`;
	for (const name of fs.readdirSync(path.dirname(entry))) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number(name.slice(prefix.length));
		if (pid && pid !== process.pid && processRunning(pid)) continue;
		fs.rmSync(path.join(path.dirname(entry), name), { recursive: true, force: true });
	}
}

/**
 * Makes the cache entry `entry` hold the install of `files` (a host folder's package.json and lock) unless
 * `isInstalled(entry)` says it does: under `<entry>.lock`, `install(temp, log)` runs in `<entry>.tmp-<pid>`
 * (holding those two files), which is renamed to the entry when `isInstalled(temp)` says it is complete.
 * `what` names the install in the messages ("n8n 2.8.4 for .n8n-host/"), `about` its time and size.
 */
function ensureHost({ entry, files, isInstalled: installed, install: installInto, what, about, quiet = false }) {
	if (installed(entry)) return entry;
	const log = quiet ? noLog : (text) => process.stderr.write(text);
	fs.mkdirSync(path.dirname(entry), { recursive: true });
	withLock(
		`${entry}.lock`,
		() => {
			// Another process may have installed it while this one waited.
			if (installed(entry)) return;
			log(`Installing ${what} into ${entry} (once per machine; ${about})…\n`);
			const started = Date.now();
			removeAbandonedTemps(entry);
			const temp = `${entry}.tmp-${process.pid}`;
			fs.rmSync(temp, { recursive: true, force: true });
			fs.mkdirSync(temp);
			fs.writeFileSync(path.join(temp, 'package.json'), files.pkg);
			if (files.lock) fs.writeFileSync(path.join(temp, 'package-lock.json'), files.lock);
			try {
				installInto(temp, log);
				if (!installed(temp)) throw new Error(`${what} is not in ${temp}/node_modules after npm install`);
				// An entry that is there but incomplete (an install from before the lock, a deleted file) is replaced.
				if (fs.existsSync(entry)) fs.renameSync(entry, `${entry}.old-${process.pid}`);
				fs.renameSync(temp, entry);
			} finally {
				fs.rmSync(temp, { recursive: true, force: true });
				fs.rmSync(`${entry}.old-${process.pid}`, { recursive: true, force: true });
			}
			log(`${what} installed in ${Math.round((Date.now() - started) / 1000)} s: ${entry}\n`);
		},
		(pid) => log(`Waiting for process ${pid}, which is installing ${what} into ${entry}…\n`),
	);
	if (!installed(entry)) throw new Error(`${what} is not in ${entry}/node_modules`);
	return entry;
}

/**
 * Installs this line's n8n (and its Node) into its cache entry unless it is there already; returns the n8n
 * binary. The install runs in `<entry>.tmp-<pid>` and is renamed to the entry when it is complete.
 */
function ensureN8n({ quiet = false } = {}) {
	if (isInstalled()) return N8N_BIN;
	ensureHost({
		entry: HOST,
		files: sourceFiles(),
		isInstalled,
		install,
		what: `n8n ${wantedVersion()} for ${LINES[LINE].folder}/`,
		about: LINES[LINE].about,
		quiet,
	});
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
		// Node 22 and 24 (the lts and next lines) keep the code they compiled here and read it back at the next start:
		// an n8n start spends 0.7 s (lts) to 1.5 s (next) less CPU loading its modules (of 7–12 s; measured with
		// --cpu-prof, docs/development.md). Node 20 ignores the variable. A damaged entry is checked and compiled again.
		NODE_COMPILE_CACHE: path.join(CACHE, 'node-compile-cache'),
		...extra,
	};
}

/** `npm pack` of the package (its built dist/) into `destination`; returns the tarball's path. */
function packPackage(destination) {
	const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', destination], { cwd: ROOT, encoding: 'utf8' });
	if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
	return path.join(destination, packed.stdout.trim().split('\n').pop());
}

/**
 * Installs the package the way users get it: `npm pack`, then the tarball unpacked into
 * <userFolder>/.n8n/nodes/node_modules/n8n-nodes-talkover (tests the `files` field and the `n8n` section).
 * `tarball`: unpack that `npm pack` tarball instead of packing again (a test run packs once, see
 * test/e2e/global-setup.ts).
 */
function installPackage(userFolder, { tarball: packed } = {}) {
	const packDir = packed ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-pack-'));
	const tarball = packed ?? packPackage(packDir);
	const target = path.join(userFolder, '.n8n/nodes/node_modules/n8n-nodes-talkover');
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr}`);
	fs.writeFileSync(
		path.join(userFolder, '.n8n/nodes/package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-talkover': `file:${target}` } }, null, 2),
	);
	if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
	return target;
}

/** Runs an n8n CLI command to completion; returns { status, stdout, stderr }. */
function n8nCli(args, env) {
	return spawnSync(NODE_BIN, [N8N_BIN, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Whether n8n serves the editor's page (GET / asking for HTML, as a browser does). */
async function editorServed(port) {
	const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
	await page.arrayBuffer();
	return page.status === 200;
}

/**
 * Starts `n8n start` and resolves once n8n has started: its REST API answers (GET /rest/settings 200: the
 * readiness check answers 200 a moment before the REST routes exist) and so does the editor's page (GET / as a
 * browser asks for it). n8n answers REST calls before the rest of its start-up is done, its recovery of the
 * executions its event log shows unfinished among it (where, on n8n 2.8.4, a waiting execution reads `crashed` for a
 * moment, then `waiting` again); it serves the editor's page from the end of that start-up on (1.123, 2.8 and 2.41
 * alike). `onOutput(stdout, stderr)` gets n8n's streams.
 * Up to 5 minutes: n8n 1.123 with PostgreSQL on a 2-core machine under a load of 15 took over 120 s
 * (its migrations); an idle machine starts any line in seconds.
 */
async function startN8n(env, port, { timeoutMs = 300_000, stdio = 'pipe', onOutput } = {}) {
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
			if (ready.status === 200 && (await fetch(`http://127.0.0.1:${port}/rest/settings`)).status === 200 && (await editorServed(port))) return child;
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
	LINES,
	HOST,
	SOURCE,
	CACHE,
	ROOT,
	N8N_BIN,
	NODE_BIN,
	ensureN8n,
	isInstalled,
	withLock,
	cacheEntry,
	folderFiles,
	ensureHost,
	step,
	installedVersion,
	wantedVersion,
	n8nEnv,
	installPackage,
	packPackage,
	n8nCli,
	startN8n,
	stopProcess,
	ownerSession,
};

if (require.main === module) {
	ensureN8n();
}
