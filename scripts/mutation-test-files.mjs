/**
 * A Stryker reporter (scripts/mutation.mjs loads it): once Stryker has planned the mutants' runs, it writes, to the
 * file TALKOVER_MUTANT_TEST_FILES names, each mutant's test files, relative to the project (those holding the tests that cover it, as the dry
 * run found them), for ./mutation-sequencer.cjs to run only those. A mutant whose tests it cannot all place is left
 * out of the file: it then runs every listed test file, as without this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Test name → the test files holding a test of that name (names may repeat across files). */
const filesOf = new Map();

/** Each planned mutant's test files, by mutant ID; a mutant with no filter (its tests unknown: all run) is left out. */
export function testFilesByMutant(mutantPlans, filesOfTest) {
	const byMutant = {};
	for (const { plan, mutant, runOptions } of mutantPlans) {
		if (plan !== 'Run' || !runOptions.testFilter) continue;
		const files = runOptions.testFilter.map((id) => filesOfTest.get(id));
		if (files.some((found) => !found)) continue;
		byMutant[mutant.id] = [...new Set(files.flat())].sort();
	}
	return byMutant;
}

export const strykerPlugins = [
	declareValuePlugin(PluginKind.Reporter, 'test-files', {
		onDryRunCompleted({ result }) {
			for (const test of result.tests) {
				// Relative to the project (Stryker reports the project's paths; its runners see the same files in their sandbox).
				const file = test.fileName && path.relative(process.cwd(), test.fileName);
				if (file) filesOf.set(test.id, [...new Set([...(filesOf.get(test.id) ?? []), file])]);
			}
		},
		onMutationTestingPlanReady({ mutantPlans }) {
			fs.writeFileSync(process.env.TALKOVER_MUTANT_TEST_FILES, JSON.stringify(testFilesByMutant(mutantPlans, filesOf)));
		},
	}),
];
