/**
 * Where Talkover's API reference (the .mdx pages and openapi.json: the contract the tests check against)
 * is: TALKOVER_API_DIR, else the first `shared/talkover-api` (with openapi.json) beside this repository
 * or beside a folder above it (a worktree, a clone in a temp folder). Without it, the scripts that extract
 * from it and the tests that compare the committed copies with it fail, never pass unchecked.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/**
 * The reference's folder (`explicit` first, e.g. a script's --docs argument). `top`: the highest folder whose
 * `shared/` is looked in (the file system's root unless a test confines the search to a folder of its own).
 */
function apiReference(explicit, { root = ROOT, env = process.env, top } = {}) {
	const given = explicit ?? env.TALKOVER_API_DIR;
	if (given) return path.resolve(given);
	for (let dir = root; path.dirname(dir) !== dir && (top === undefined || dir !== path.resolve(top)); dir = path.dirname(dir)) {
		const candidate = path.join(path.dirname(dir), 'shared', 'talkover-api');
		if (fs.existsSync(path.join(candidate, 'openapi.json'))) return candidate;
	}
	throw new Error('Talkover API reference not found: set TALKOVER_API_DIR to the folder with openapi.json and the .mdx pages');
}

module.exports = { apiReference };
