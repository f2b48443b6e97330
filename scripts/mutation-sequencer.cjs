/**
 * The jest test sequencer of `npm run test:mutation` (scripts/mutation.mjs): while Stryker runs a mutant (its ID in
 * __STRYKER_ACTIVE_MUTANT__), only the test files holding the tests that cover it run, as
 * ./mutation-test-files.mjs wrote them down. Stryker itself narrows a run to those tests by name, but jest would
 * still load every listed file to find them (about 1.5 s each for a file that loads n8n-core), which is most of a
 * mutant's time. The dry run, a mutant without a list, or a list that names none of the files runs every file.
 */
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

let byMutant;

class CoveringFilesOnly extends Sequencer {
	sort(tests) {
		const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
		const written = process.env.TALKOVER_MUTANT_TEST_FILES;
		if (mutant === undefined || !written || !fs.existsSync(written)) return super.sort(tests);
		byMutant ??= JSON.parse(fs.readFileSync(written, 'utf8'));
		const files = new Set(byMutant[mutant] ?? []);
		const covering = tests.filter((test) => files.has(path.relative(test.context.config.rootDir, test.path)));
		return super.sort(covering.length ? covering : tests);
	}
}

module.exports = CoveringFilesOnly;
