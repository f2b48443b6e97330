#!/usr/bin/env node
/**
 * Whether dist/ is what `npm run build` wrote from today's sources, so that the test commands build only when
 * something changed:
 *   node scripts/dist-is-current.js            exit 0 when dist/ is current, 1 (with the reason) when not
 *   node scripts/dist-is-current.js --record   (the end of `npm run build`) records what was built
 * `npm run test:e2e` / `test:queue` / `test:browser` run `node scripts/dist-is-current.js || npm run build`, and
 * `npm test`'s global setup (test/helpers/ensure-build.js) builds on the same answer.
 * A build deletes dist/ first: in `.ci/run`, where the end-to-end and queue-mode stages run beside each other,
 * a second build would take dist/ away under the other stage's `npm pack`; after the one build there is none.
 *
 * The record (node_modules/.cache/n8n-nodes-talkover/build.json, gone with `npm ci`) holds a SHA-256 of the
 * build's inputs (nodes/, credentials/, tsconfig.json, gulpfile.js, package.json, package-lock.json: paths and
 * contents) and one of dist/ as the build left it: an edited source or a changed or deleted dist/ file means
 * building again.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const INPUTS = ['nodes', 'credentials', 'tsconfig.json', 'gulpfile.js', 'package.json', 'package-lock.json'];

/** Every file under `entry` (a file or a folder) relative to `root`, sorted. */
function filesOf(root, entry) {
	const full = path.join(root, entry);
	if (!fs.existsSync(full)) return [];
	if (!fs.statSync(full).isDirectory()) return [entry];
	return fs
		.readdirSync(full, { recursive: true, withFileTypes: true })
		.filter((dirent) => dirent.isFile())
		.map((dirent) => path.relative(root, path.join(dirent.parentPath ?? dirent.path, dirent.name)))
		.sort();
}

/** SHA-256 of the paths and contents of the files under `entries`, or undefined when there is none. */
function treeHash(root, entries) {
	const files = entries.flatMap((entry) => filesOf(root, entry));
	if (files.length === 0) return undefined;
	const hash = crypto.createHash('sha256');
	for (const file of files) {
		hash.update(`${file.split(path.sep).join('/')}\0`);
		hash.update(fs.readFileSync(path.join(root, file)));
		hash.update('\0');
	}
	return hash.digest('hex');
}

const recordFile = (root) => path.join(root, 'node_modules/.cache/n8n-nodes-talkover/build.json');

/** What a build left: the inputs' and dist/'s hashes. */
function snapshot(root) {
	return { inputs: treeHash(root, INPUTS), dist: treeHash(root, ['dist']) };
}

/** Records that dist/ is the build of today's inputs (called at the end of `npm run build`). */
function record(root) {
	const file = recordFile(root);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(snapshot(root)));
}

/** Undefined when dist/ is current, else why it is not. */
function staleReason(root) {
	let recorded;
	try {
		recorded = JSON.parse(fs.readFileSync(recordFile(root), 'utf8'));
	} catch {
		return 'no build recorded since npm ci';
	}
	const now = snapshot(root);
	if (now.dist === undefined) return 'dist/ is missing';
	if (recorded.inputs !== now.inputs) return 'a source changed since the last build';
	if (recorded.dist !== now.dist) return 'dist/ changed since the last build';
	return undefined;
}

module.exports = { record, staleReason };

if (require.main === module) {
	const root = path.resolve(__dirname, '..');
	if (process.argv.includes('--record')) {
		record(root);
	} else {
		const reason = staleReason(root);
		if (reason) {
			console.log(`dist/ must be built: ${reason}`);
			process.exit(1);
		}
		console.log('dist/ is the build of these sources: not building again');
	}
}
