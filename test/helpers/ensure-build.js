/**
 * Jest global setup: builds dist/ when it is not the build of today's sources (scripts/dist-is-current.js:
 * no build since npm ci, a changed source, a changed or missing dist/ file), so a test of the build output
 * (icons, codex files, the npm tarball) never checks a stale dist/. The node itself is tested from its
 * TypeScript source (test/helpers/n8n.ts), which needs no build.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { staleReason } = require('../../scripts/dist-is-current.js');

const ROOT = path.resolve(__dirname, '../..');

module.exports = async function ensureBuild() {
	const reason = staleReason(ROOT);
	if (!reason) return;
	process.stdout.write(`\ndist/ must be built (${reason}): npm run build\n`);
	const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('npm run build failed');
};
