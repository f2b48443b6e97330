/**
 * The local npm registry (Verdaccio) that test/browser/install.browser.ts publishes the package to. Like
 * the n8n lines (scripts/n8n-host.js), it is no devDependency of the package: the work tree holds only
 * `.registry-host/package.json` and its lock (verdaccio pinned exactly, and an override of node-fetch 2.7.0
 * for verdaccio-audit, which the registry here needs: it lacks node-fetch's `cjs` tag; a community package
 * may not have overrides, and the package's own would ship in its tarball). It is installed once per machine
 * into the same cache, `${TALKOVER_N8N_CACHE:-~/.cache/n8n-nodes-talkover}/registry-host-<hash of
 * package.json + lock>`, under the same lock, to a temporary folder renamed into place (n8n-host.js's
 * ensureHost), with `npm ci`.
 *
 * Verdaccio 6's command refuses Node < 22, but its `runServer` API works on Node 20: the test requires the
 * package from VERDACCIO (an absolute path), never by name.
 *
 * `node scripts/registry-host.js` installs it (if absent) and prints VERDACCIO.
 */
'use strict';

const path = require('node:path');
const fs = require('node:fs');

const { ROOT, cacheEntry, folderFiles, ensureHost, step } = require('./n8n-host');

/** The committed folder (package.json and package-lock.json only). */
const SOURCE = path.join(ROOT, '.registry-host');
/** The cache entry of its package.json + lock. */
const HOST = cacheEntry(SOURCE, folderFiles(SOURCE));
/** The installed verdaccio package (require it by this path). */
const VERDACCIO = path.join(HOST, 'node_modules/verdaccio');

function wantedVersion() {
	return JSON.parse(folderFiles(SOURCE).pkg.toString('utf8')).dependencies.verdaccio;
}

/** Whether `dir` holds the pinned verdaccio. */
function isInstalled(dir = HOST) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/verdaccio/package.json'), 'utf8')).version === wantedVersion();
	} catch {
		return false;
	}
}

/** Installs verdaccio into the cache unless it is there; returns VERDACCIO. About a minute the first time. */
function ensureVerdaccio({ quiet = false } = {}) {
	ensureHost({
		entry: HOST,
		files: folderFiles(SOURCE),
		isInstalled,
		install: (dir, log) =>
			// Its engines field asks for Node 22 (for its command): npm only warns; --loglevel=error hides that.
			step(dir, `npm ci (verdaccio ${wantedVersion()})`, 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { ...process.env, npm_config_yes: 'true' }, log),
		what: `verdaccio ${wantedVersion()} for .registry-host/`,
		about: 'about half a minute to 2 minutes and 65 MB',
		quiet,
	});
	return VERDACCIO;
}

module.exports = { SOURCE, HOST, VERDACCIO, wantedVersion, isInstalled, ensureVerdaccio };

if (require.main === module) {
	process.stdout.write(`${ensureVerdaccio()}\n`);
}
