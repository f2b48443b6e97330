#!/usr/bin/env node
/**
 * What a release must hold before `npm publish` (publish.yml runs it before publishing; CI runs it with the dry
 * publish on every push): package.json's version is a semver version, the CHANGELOG has that version's section,
 * dated, below Unreleased, and on a version tag (`GITHUB_REF_NAME`, as GitHub Actions sets it) the tag is that
 * version. Prints what is wrong and exits 1; prints the version and exits 0 otherwise.
 *
 *   node scripts/release-check.js
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** The problems of a release of `version` with this CHANGELOG text, on `tag` (undefined: not a tag build). */
function releaseProblems(version, changelog, tag) {
	const problems = [];
	if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(String(version))) problems.push(`package.json's version "${version}" is not a semver version`);
	const headings = [...changelog.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((m) => ({ name: m[1], rest: m[2].trim() }));
	const own = headings.findIndex((h) => h.name === version);
	if (own === -1) problems.push(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD"`);
	else {
		if (!/^- \d{4}-\d{2}-\d{2}$/.test(headings[own].rest)) problems.push(`CHANGELOG.md's section of ${version} is not dated ("## [${version}] - YYYY-MM-DD")`);
		const unreleased = headings.findIndex((h) => h.name === 'Unreleased');
		if (unreleased > own) problems.push(`CHANGELOG.md's Unreleased section comes after ${version}'s`);
	}
	if (tag !== undefined && tag !== '' && /^v\d/.test(tag) && tag !== `v${version}`) problems.push(`the tag ${tag} is not package.json's version (v${version})`);
	return problems;
}

module.exports = { releaseProblems };

if (require.main === module) {
	const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
	const problems = releaseProblems(version, changelog, process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined);
	if (problems.length) {
		for (const problem of problems) console.error(`release: ${problem}`);
		process.exit(1);
	}
	console.log(`release: ${version}, its CHANGELOG section dated`);
}
