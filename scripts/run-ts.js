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

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(script), ...rest];
require(path.resolve(script));
