/**
 * Jest global setup: rebuilds dist/ when it is missing or older than the source, so a test of the
 * build output (icons, codex files, the npm tarball) never checks a stale dist/. The node itself is
 * tested from its TypeScript source (test/helpers/n8n.ts), which needs no build.
 * dist/ is fresh when every file under nodes/ and credentials/ has its built counterpart (.ts → .js,
 * not older than the source; icons and codex files copied byte for byte), and dist/ has no .js left
 * from a source file that no longer exists.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

function files(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? files(full) : [full];
	});
}

/** The reason dist/ must be rebuilt, or undefined when it is fresh. */
function staleness() {
	const sources = ['nodes', 'credentials'].flatMap((dir) => files(path.join(ROOT, dir)));
	const built = new Set();
	for (const source of sources) {
		const relative = path.relative(ROOT, source);
		const target = path.join(ROOT, 'dist', relative.replace(/\.ts$/, '.js'));
		built.add(target);
		if (!fs.existsSync(target)) return `${relative} is not built`;
		// Compiled files are newer than their source; copied ones (icons, codex) are the same bytes.
		const changed = source.endsWith('.ts')
			? fs.statSync(target).mtimeMs < fs.statSync(source).mtimeMs
			: !fs.readFileSync(target).equals(fs.readFileSync(source));
		if (changed) return `${relative} changed after the last build`;
	}
	const orphan = files(path.join(ROOT, 'dist')).find((file) => file.endsWith('.js') && !built.has(file));
	return orphan ? `${path.relative(ROOT, orphan)} has no source any more` : undefined;
}

module.exports = async function ensureBuild() {
	const reason = staleness();
	if (!reason) return;
	process.stdout.write(`\ndist/ is stale (${reason}): npm run build\n`);
	const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('npm run build failed');
};

module.exports.staleness = staleness;
