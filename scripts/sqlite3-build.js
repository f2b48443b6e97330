/**
 * sqlite3's compiled binding, built once per machine instead of once per n8n line.
 *
 * Every n8n line here uses sqlite3 5.1.7, whose binding is built on Node-API (`binary.napi_versions`): one
 * build loads in Node 20, 22 and 24 alike. The registry has no prebuilt binding (prebuild-install fetches it
 * from GitHub), so each line's install compiled sqlite3 from source: about 3 minutes of a core each on a
 * busy machine, twice for nothing. The line installed first (2.8) builds it; a later line's install copies
 * that binding from the cache entry of any line with the same sqlite3 version, checks that the line's own
 * Node opens a database with it, and builds only when there is none or the check fails.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const BINDING = path.join('build', 'Release', 'node_sqlite3.node');

function packageOf(folder) {
	try {
		return JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
	} catch {
		return undefined;
	}
}

/** A built Node-API binding of sqlite3 `version` in another install under `cacheRoot` (not `except`). */
function builtBinding(cacheRoot, version, except) {
	for (const name of fs.existsSync(cacheRoot) ? fs.readdirSync(cacheRoot).sort() : []) {
		const entry = path.join(cacheRoot, name);
		// Only finished installs (`<folder>-<hash>`): never one under way (`<entry>.tmp-<pid>`), a lock, or
		// an entry being replaced (`<entry>.old-<pid>`).
		if (name.includes('.') || path.resolve(entry) === path.resolve(except)) continue;
		const sqlite3 = path.join(entry, 'node_modules', 'sqlite3');
		const pkg = packageOf(sqlite3);
		if (pkg?.version !== version || !pkg.binary?.napi_versions) continue;
		if (fs.existsSync(path.join(sqlite3, BINDING))) return path.join(sqlite3, BINDING);
	}
	return undefined;
}

/** Whether `nodeBin` opens an in-memory database with the sqlite3 package in `sqlite3Dir`. */
function opensDatabase(nodeBin, sqlite3Dir) {
	const script = `const s = require(${JSON.stringify(sqlite3Dir)}); new s.Database(':memory:').get('select 1 as one', (e, r) => { if (e || r.one !== 1) process.exit(1); });`;
	return spawnSync(nodeBin, ['-e', script], { stdio: 'ignore', timeout: 60_000 }).status === 0;
}

/**
 * Gives the install in `dir` sqlite3's binding from another line's install under `cacheRoot` when one of the
 * same version exists and `nodeBin` (the line's Node) opens a database with it. Returns where it came from,
 * or undefined (nothing copied, or the copy removed again): then the caller builds it.
 */
function reuseSqlite3Build({ dir, cacheRoot, nodeBin }) {
	const sqlite3 = path.join(dir, 'node_modules', 'sqlite3');
	const pkg = packageOf(sqlite3);
	if (!pkg?.binary?.napi_versions) return undefined;
	const from = builtBinding(cacheRoot, pkg.version, dir);
	if (!from) return undefined;
	const to = path.join(sqlite3, BINDING);
	try {
		fs.mkdirSync(path.dirname(to), { recursive: true });
		fs.copyFileSync(from, to);
	} catch {
		// The other install was replaced or removed meanwhile: build instead.
		fs.rmSync(to, { force: true });
		return undefined;
	}
	if (opensDatabase(nodeBin, sqlite3)) return from;
	fs.rmSync(to, { force: true });
	return undefined;
}

module.exports = { reuseSqlite3Build, builtBinding };
