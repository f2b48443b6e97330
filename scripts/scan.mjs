// n8n's community-package scanner, offline: the same ESLint run as `npx @n8n/scan-community-package`
// (inline eslint-disable comments ignored), on the source and on the unpacked `npm pack` tarball.
// Its provenance and download steps need the internet and npm's registry, so they are not run here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function scan(label, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	if (result.passed) {
		console.log(`scanner (${label}): 0 violations${result.message ? ` (${result.message})` : ''}`);
		return true;
	}
	console.log(`scanner (${label}): ${result.message}\n${result.details ?? result.error ?? ''}`);
	return false;
}

function unpackTarball() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-pack-'));
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
	const [{ filename }] = JSON.parse(output);
	const unpacked = path.join(dir, 'package');
	execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', dir]);
	return { dir, unpacked };
}

const SOURCE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];

// `node scripts/scan.mjs DIR` scans only the source of another folder (the tests use it on a planted copy).
if (process.argv[2]) {
	process.exit((await scan('source', path.resolve(process.argv[2]), SOURCE_PATTERNS)) ? 0 : 1);
}

const sourceOk = await scan('source', root, SOURCE_PATTERNS);
const { dir, unpacked } = unpackTarball();
let tarballOk;
try {
	tarballOk = await scan('npm pack tarball', unpacked, ['**/*.js', 'package.json']);
} finally {
	fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(sourceOk && tarballOk ? 0 : 1);
