/**
 * Finds the oldest n8n the package works in, by measurement: a bisection over n8n minor versions (the newest
 * patch of each), each installed like the `lts` line (with Node 22, into the n8n cache under its own
 * entry; see scripts/n8n-host.js, TALKOVER_N8N_VERSION) and checked with one end-to-end file run against it.
 * It assumes that what works in one minor works in every newer one (checked at both ends first).
 *
 *   npm run build && node scripts/oldest-n8n.js [--from 1.80] [--to 1.123] [--smoke test/e2e/workflows.e2e.ts] [--keep]
 *
 * Each check costs an install (6–10 minutes on a busy machine) and the smoke (about 1 minute); the
 * installs are deleted afterwards unless --keep (about 2.5 GB each). Prints one line per check and the
 * result; exits 1 when even the newest fails.
 *
 * Measured 2026-11-22 (same steps by hand: TALKOVER_N8N_LINE=lts TALKOVER_N8N_VERSION=<v> node scripts/n8n-host.js,
 * then the smoke): n8n 1.123.81 and 1.85.4 pass test/e2e/workflows.e2e.ts 44/44; n8n 1.82.3 fails ("Unrecognized
 * node type: n8n-nodes-talkover.talkover": the package uses NodeConnectionTypes, which its n8n-workflow 1.80.1
 * lacks; n8n-workflow 1.83.0, in n8n 1.85, has it). n8n 1.83 and 1.84 are not on this registry.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function option(name, fallback) {
	const at = process.argv.indexOf(name);
	return at === -1 ? fallback : process.argv[at + 1];
}

const FROM = option('--from', '1.80');
const TO = option('--to', '1.123');
const SMOKE = option('--smoke', 'test/e2e/workflows.e2e.ts');
const KEEP = process.argv.includes('--keep');

const minorOf = (version) => version.split('.').slice(0, 2).map(Number);
const compare = (a, b) => {
	const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
	for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
	return 0;
};
const inRange = (version) => {
	const [major, minor] = minorOf(version);
	const [fromMajor, fromMinor] = minorOf(FROM);
	const [toMajor, toMinor] = minorOf(TO);
	return (major > fromMajor || (major === fromMajor && minor >= fromMinor)) && (major < toMajor || (major === toMajor && minor <= toMinor));
};

/** The newest stable patch of every n8n minor between --from and --to that the registry has, oldest first. */
function candidates() {
	const result = spawnSync('npm', ['view', 'n8n', 'versions', '--json'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm view n8n versions failed: ${result.stderr}`);
	const newest = new Map();
	for (const version of JSON.parse(result.stdout)) {
		if (!/^\d+\.\d+\.\d+$/.test(version) || !inRange(version)) continue;
		const minor = minorOf(version).join('.');
		if (!newest.has(minor) || compare(version, newest.get(minor)) > 0) newest.set(minor, version);
	}
	return [...newest.values()].sort(compare);
}

/** Installs `version` (lts line, Node 22) and runs the smoke file against it; true when it passes. */
function works(version) {
	const env = { ...process.env, TALKOVER_N8N_LINE: 'lts', TALKOVER_N8N_VERSION: version };
	const started = Date.now();
	const host = spawnSync(process.execPath, ['-p', 'require("./scripts/n8n-host.js").HOST'], { cwd: ROOT, env, encoding: 'utf8' }).stdout.trim();
	const install = spawnSync(process.execPath, ['scripts/n8n-host.js'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
	const installed = Math.round((Date.now() - started) / 1000);
	let ok = false;
	let how = `install failed (exit ${install.status})`;
	if (install.status === 0) {
		const smokeStarted = Date.now();
		const jest = spawnSync('npx', ['jest', '--config', 'jest.e2e.config.js', SMOKE], { cwd: ROOT, env, encoding: 'utf8' });
		ok = jest.status === 0;
		const summary = /Tests:.*$/m.exec(jest.stderr)?.[0] ?? `exit ${jest.status}`;
		how = `${summary} (install ${installed} s, smoke ${Math.round((Date.now() - smokeStarted) / 1000)} s)`;
		if (!ok) fs.writeFileSync(path.join(ROOT, `oldest-n8n-${version}.log`), jest.stderr);
	}
	process.stdout.write(`n8n ${version}: ${ok ? 'works' : 'FAILS'} — ${how}\n`);
	if (!KEEP && host.startsWith('/')) fs.rmSync(host, { recursive: true, force: true });
	return ok;
}

function main() {
	const versions = candidates();
	if (versions.length === 0) throw new Error(`no n8n versions between ${FROM} and ${TO}`);
	process.stdout.write(`Candidates (newest patch per minor): ${versions.join(' ')}\n`);
	let low = 0;
	let high = versions.length - 1;
	if (!works(versions[high])) {
		process.stdout.write(`Even n8n ${versions[high]} fails: nothing older is tried.\n`);
		process.exit(1);
	}
	if (works(versions[low])) {
		process.stdout.write(`Oldest working: n8n ${versions[low]} (the oldest tried; try a lower --from)\n`);
		return;
	}
	// versions[low] fails, versions[high] works.
	while (high - low > 1) {
		const mid = Math.floor((low + high) / 2);
		if (works(versions[mid])) high = mid;
		else low = mid;
	}
	process.stdout.write(`Oldest working: n8n ${versions[high]} (${versions[low]} fails)\n`);
}

main();
