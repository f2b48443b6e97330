/**
 * Runs a TypeScript script (the benchmark, the dev launcher) without a build step: TypeScript's own
 * transpiler compiles each .ts file as it is required. Types are checked by `tsc`/jest, not here.
 * Usage: node scripts/run-ts.js <file.ts> [args…]
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require('node:module').Module._extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2021,
			esModuleInterop: true,
			experimentalDecorators: true,
			emitDecoratorMetadata: true,
		},
	});
	module._compile(outputText, filename);
};

// A source `X.node.ts` beside its codex `X.node.json`: `require('./X.node')` must find the source, as jest
// does (Node tries the extensions in the order they were registered: .ts goes before .json and .node).
const extensions = require('node:module').Module._extensions;
for (const ext of ['.json', '.node']) {
	const load = extensions[ext];
	delete extensions[ext];
	extensions[ext] = load;
}

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(script), ...rest];
require(path.resolve(script));
