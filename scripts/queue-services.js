/**
 * Redis and PostgreSQL for n8n's queue mode in the tests (`npm run test:queue`, `npm run bench:queue`):
 * each started on a free 127.0.0.1 port with its data in a temp folder, and stopped (data deleted) after.
 * Installed from Debian's packages (`redis-server`, `postgresql`) when missing and this runs as root (or
 * may use sudo without a password).
 *
 * PostgreSQL refuses to run as root: as root, initdb and postgres run as the `postgres` user the Debian
 * package creates (else `nobody`), on a data folder owned by that user; as any other user, as that user.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('./free-port');

/** Every service process started here, killed if this process exits without stopping them. */
const started = new Set();
process.on('exit', () => {
	for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function say(text) {
	process.stderr.write(`${text}\n`);
}

function which(command) {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : undefined;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * apt-get install of Debian packages, as root or through a password-less sudo (a CI runner); apt-get
 * update first when the package is unknown.
 */
function aptInstall(packages) {
	const sudo = !isRoot() && spawnSync('sudo', ['-n', 'true']).status === 0;
	if ((!isRoot() && !sudo) || !which('apt-get')) {
		throw new Error(`${packages.join(', ')} missing: install them (Debian: apt-get install ${packages.join(' ')}) or run as root`);
	}
	const apt = (args) =>
		spawnSync(sudo ? 'sudo' : 'apt-get', sudo ? ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args] : args, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	const install = () => apt(['install', '-y', '--no-install-recommends', ...packages]);
	say(`Installing ${packages.join(', ')} (apt-get)…`);
	if (install().status === 0) return;
	apt(['update']);
	if (install().status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
}

function redisServerBin() {
	let bin = which('redis-server');
	if (!bin) {
		aptInstall(['redis-server']);
		bin = which('redis-server');
	}
	if (!bin) throw new Error('redis-server is not on PATH after installing it');
	return bin;
}

/** The folder with initdb and postgres: on PATH, else the newest /usr/lib/postgresql/<version>/bin. */
function postgresBinDir() {
	const find = () => {
		const onPath = which('initdb');
		if (onPath && fs.existsSync(path.join(path.dirname(fs.realpathSync(onPath)), 'postgres'))) return path.dirname(fs.realpathSync(onPath));
		const root = '/usr/lib/postgresql';
		if (!fs.existsSync(root)) return undefined;
		const versions = fs
			.readdirSync(root)
			.filter((v) => fs.existsSync(path.join(root, v, 'bin/postgres')))
			.sort((a, b) => Number(b) - Number(a));
		return versions.length ? path.join(root, versions[0], 'bin') : undefined;
	};
	let dir = find();
	if (!dir) {
		aptInstall(['postgresql']);
		dir = find();
	}
	if (!dir) throw new Error('PostgreSQL server programs (initdb, postgres) not found after installing postgresql');
	return dir;
}

/** Waits until `test(output)` is true for the process's output so far; fails if it exits first. */
function waitForOutput(child, test, what, timeoutMs = 60_000) {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => done(new Error(`${what} was not ready after ${timeoutMs / 1000} s:\n${output.slice(-3000)}`)), timeoutMs);
		const onData = (d) => {
			output += d;
			if (test(output)) done();
		};
		const onExit = (code) => done(new Error(`${what} exited (${code}) before it was ready:\n${output.slice(-3000)}`));
		function done(error) {
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			child.stderr?.off('data', onData);
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve();
		}
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', onExit);
	});
}

async function stopChild(child, signal = 'SIGTERM', graceMs = 15_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	started.delete(child);
}

/** Starts redis-server (no persistence) on a free port; returns { port, stop() }. */
async function startRedis(folder) {
	const bin = redisServerBin();
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(folder, 'redis-'));
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	started.add(child);
	await waitForOutput(child, (out) => /Ready to accept connections/i.test(out), 'redis-server');
	return { port, process: child, stop: () => stopChild(child) };
}

/** The user that runs PostgreSQL: the current one, or (as root) `postgres` if it exists, else `nobody`. */
function postgresUser() {
	if (!isRoot()) return undefined;
	for (const name of ['postgres', 'nobody']) {
		const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
		const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
		if (uid.status === 0 && gid.status === 0) return { name, uid: Number(uid.stdout), gid: Number(gid.stdout) };
	}
	throw new Error('running as root, and there is neither a postgres nor a nobody user to run PostgreSQL as');
}

/**
 * initdb + postgres on a free port (trust authentication, superuser `n8n`, database `postgres`, no fsync:
 * test data only); returns { port, user, database, stop() }.
 */
async function startPostgres(folder) {
	const bin = postgresBinDir();
	const port = await freePort();
	const runAs = postgresUser();
	const dir = fs.mkdtempSync(path.join(folder, 'postgres-'));
	const data = path.join(dir, 'data');
	const options = { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, env: { ...process.env, LC_ALL: 'C' } };
	if (runAs) {
		fs.chownSync(dir, runAs.uid, runAs.gid);
		// The folders above must let that user through (mkdtemp makes them 0700).
		for (let up = path.dirname(dir); up !== path.dirname(up) && up.startsWith(folder); up = path.dirname(up)) fs.chmodSync(up, 0o711);
		Object.assign(options, { uid: runAs.uid, gid: runAs.gid });
		options.env.HOME = dir;
	}
	const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'n8n', '-A', 'trust', '-E', 'UTF8', '--no-sync'], { ...options, encoding: 'utf8' });
	if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}):\n${init.stderr}${init.stdout}`);
	const child = spawn(
		path.join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		options,
	);
	started.add(child);
	await waitForOutput(child, (out) => /database system is ready to accept connections/.test(out), 'postgres');
	// SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every client to disconnect).
	return { port, user: 'n8n', password: 'n8n', database: 'postgres', runAs: runAs?.name ?? os.userInfo().username, process: child, stop: () => stopChild(child, 'SIGINT') };
}

module.exports = { startRedis, startPostgres, redisServerBin, postgresBinDir, freePort, stopChild, waitForOutput };
