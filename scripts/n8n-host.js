/**
 * The real n8n used by `npm run dev`, `npm run test:e2e` and `npm run bench`, installed in its own
 * folder (.n8n-host/, own package.json and lock) so the package's `npm ci` stays small and its
 * `dependencies` empty. `npm ci` cannot install n8n from the lock here (the lock lacks optional
 * platform packages of msgpackr-extract), so this runs `npm install` with the committed lock, once.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
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
	return path.join(HOST, 'node_modules/n8n/bin/n8n');
}

module.exports = { HOST, ensureN8n, installedVersion, wantedVersion };

if (require.main === module) {
	ensureN8n();
}
