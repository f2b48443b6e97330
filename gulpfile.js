// Copies what TypeScript does not: the node and credential icons and the codex (*.node.json) files,
// into dist/ at the same relative paths.
const path = require('node:path');
const { task, src, dest } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist')));
}

task('build:icons', copyAssets);
