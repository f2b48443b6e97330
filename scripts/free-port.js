/**
 * A port for a server a test (or `npm run dev`) starts: n8n, its task-runner broker, a webhook process,
 * Redis, PostgreSQL, Verdaccio.
 *
 * Not a port the kernel hands out by itself (`listen(0)`, the source port of an outgoing connection):
 * those come from the machine's ephemeral range, and between the moment a port is found free and the
 * moment n8n binds it (seconds on a busy machine) the kernel may give it to anything else. With CI's two
 * lanes beside each other, n8n once failed to start with "port … is already in use". So the port is
 * drawn at random from outside that range (/proc/sys/net/ipv4/ip_local_port_range on Linux; Linux's
 * default 32768–60999 elsewhere), only if a server can listen on it now, and reserved: a file named after it is created (an
 * exclusive create, which one process alone wins) in a folder every process of the machine shares
 * (TALKOVER_PORTS_DIR, which .ci/run sets to one folder per run; else talkover-ports in the temp
 * folder), holding the process id. No other process draws a reserved port, however many jest workers and
 * CI lanes run at once; the process removes its files when it exits, and the first draw in a process
 * removes those of processes that no longer run (one sweeper at a time, under a lock folder).
 */
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { processRunning } = require('./process-running');

const LOWEST = 10_000;
const HIGHEST = 65_535;
/** A stretch of ports outside the ephemeral range is worth drawing from when it holds at least this many. */
const ENOUGH = 1_000;

/** The kernel's ephemeral range [first, last] (32768–60999, Linux's default, when it cannot be read). */
function ephemeralRange(file = '/proc/sys/net/ipv4/ip_local_port_range') {
	try {
		const [low, high] = fs.readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
		if (Number.isInteger(low) && Number.isInteger(high) && low >= 1 && high >= low && high <= HIGHEST) return [low, high];
	} catch {
		// not Linux
	}
	return [32_768, 60_999];
}

/** The first port of the kernel's ephemeral range. */
function ephemeralStart(file) {
	return ephemeralRange(file)[0];
}

/**
 * The ports `freePort` may draw: the larger stretch outside the ephemeral range, below it (from 10000, or
 * from 1025 when the range starts low) or above it. When neither holds 1,000 ports (a kernel that hands
 * out nearly every port), every port from 10000 up: the reservation still keeps this project's processes
 * apart, but the kernel may take a drawn port meanwhile (`outside: false` says so).
 */
function portRange(range = ephemeralRange()) {
	const [low, high] = range;
	const belowFirst = low - 1 - LOWEST >= ENOUGH ? LOWEST : 1_025;
	const below = [belowFirst, low - 1];
	const above = [high + 1, HIGHEST];
	const size = ([first, last]) => last - first + 1;
	const best = size(below) >= size(above) ? below : above;
	return size(best) >= ENOUGH ? best : [LOWEST, HIGHEST];
}

/** Whether a server can listen on `port` now, on every address (as n8n does). */
function canListen(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, () => server.close(() => resolve(true)));
	});
}

function reservations() {
	return process.env.TALKOVER_PORTS_DIR || path.join(os.tmpdir(), 'talkover-ports');
}

/** Files of this process, per folder: removed when it exits. */
const mine = new Map();
process.on('exit', () => {
	for (const [folder, ports] of mine) for (const port of ports) fs.rmSync(path.join(folder, String(port)), { force: true });
});

/** Removes the reservations of processes that no longer run, unless another process sweeps now. */
function sweep(folder) {
	const lock = path.join(folder, '.sweeping');
	try {
		fs.mkdirSync(lock);
	} catch {
		return;
	}
	try {
		for (const name of fs.readdirSync(folder)) {
			if (!/^\d+$/.test(name)) continue;
			let owner;
			try {
				owner = Number(fs.readFileSync(path.join(folder, name), 'utf8'));
			} catch (error) {
				// Its process ended (and removed it) since the folder was listed.
				if (error.code === 'ENOENT') continue;
				throw error;
			}
			// An empty file is one being written this moment: its owner runs.
			if (owner > 0 && !processRunning(owner)) fs.rmSync(path.join(folder, name), { force: true });
		}
	} finally {
		fs.rmdirSync(lock);
	}
}

/** Reserves `port` for this process; false when another process (or this one) holds it. */
function reserve(folder, port) {
	if (!mine.has(folder)) {
		fs.mkdirSync(folder, { recursive: true });
		mine.set(folder, new Set());
		sweep(folder);
	}
	try {
		fs.writeFileSync(path.join(folder, String(port)), String(process.pid), { flag: 'wx' });
	} catch (error) {
		if (error.code === 'EEXIST') return false;
		throw error;
	}
	mine.get(folder).add(port);
	return true;
}

/**
 * A port nothing listens on now, drawn from `range` (default: below the ephemeral range) and reserved
 * in `folder` (default: see above) so that no process drawing there gets it again. `random` is
 * Math.random's shape and `listenable` the check that a server can listen (tests pass their own).
 */
async function freePort({ range = portRange(), random = Math.random, listenable = canListen, folder = reservations() } = {}) {
	const [first, last] = range;
	const size = last - first + 1;
	for (let attempt = 0; attempt < 200; attempt++) {
		const port = first + Math.floor(random() * size);
		if (!(await listenable(port))) continue;
		if (reserve(folder, port)) return port;
	}
	throw new Error(`no free port between ${first} and ${last} after 200 tries`);
}

module.exports = { freePort, portRange, ephemeralRange, ephemeralStart, canListen };
