/**
 * .ci/run's stages: none passes while a claimed n8n line or the install test did not run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const CI_RUN = read('.ci/run');

/** The `node -e '…'` that .ci/run's run_jest uses to judge a jest JSON report. */
function judge(report: object): { status: number | null; stdout: string } {
	const script = /result="\$\(node -e '([\s\S]*?)' "\$report"\)"/.exec(CI_RUN)![1];
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ci-gates-')), 'report.json');
	fs.writeFileSync(file, JSON.stringify(report));
	const result = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
	fs.rmSync(path.dirname(file), { recursive: true, force: true });
	return { status: result.status, stdout: result.stdout };
}

describe('.ci/run cannot pass a stage that ran nothing', () => {
	test('the judge of a jest report is the one in .ci/run (sanity: an empty run fails)', () => {
		expect(judge({ numTotalTests: 0, numPassedTests: 0, numFailedTests: 0, numPendingTests: 0 }).status).toBe(1);
		expect(judge({ numTotalTests: 3, numPassedTests: 3, numFailedTests: 0, numPendingTests: 0 })).toEqual({ status: 0, stdout: '3 0\n' });
	});

	test('a stage whose tests were all skipped (test.skip, a line filtered out) fails', () => {
		// jest exits 0 when every test is pending; numTotalTests counts the skipped ones.
		expect(judge({ numTotalTests: 12, numPassedTests: 0, numFailedTests: 0, numPendingTests: 12, numTodoTests: 0 }).status).toBe(1);
	});

	test('a test that was skipped is counted and said, and a stage with some passing tests still passes', () => {
		expect(judge({ numTotalTests: 5, numPassedTests: 4, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0 })).toEqual({ status: 0, stdout: '4 0\n' });
	});

	test('a TALKOVER_* variable left in the shell cannot narrow CI or swap a pinned n8n: .ci/run clears all but the cache and reference locations first', () => {
		// Without it: TALKOVER_INSTALL_LINES=2.8 ran the install test on one line of three, TALKOVER_N8N_VERSION=1.85.4
		// put n8n 1.85.4 in every line, and CI still passed.
		const leaked = { TALKOVER_N8N_VERSION: '1.85.4', TALKOVER_INSTALL_LINES: '2.8', TALKOVER_N8N_LINE: 'lts', TALKOVER_REAL: '1', TALKOVER_N8N_CACHE: '/cache', TALKOVER_API_DIR: '/api' };
		const result = spawnSync('bash', ['-c', 'set -euo pipefail; source .ci/clean-env.sh; env | grep ^TALKOVER_ | sort'], { cwd: ROOT, env: { ...process.env, ...leaked }, encoding: 'utf8' });
		expect(result.status).toBe(0);
		expect(result.stdout.trim().split('\n')).toEqual(['TALKOVER_API_DIR=/api', 'TALKOVER_N8N_CACHE=/cache']);
		// …and .ci/run sources it before its first stage.
		expect(CI_RUN.indexOf('source .ci/clean-env.sh')).toBeGreaterThan(0);
		expect(CI_RUN.indexOf('source .ci/clean-env.sh')).toBeLessThan(CI_RUN.indexOf('npm ci'));
	});
});

describe('the install test gates what is published', () => {
	const runs = (file: string) => {
		const job = Object.values(parse(read(file)).jobs)[0] as { steps: Array<{ run?: string }> };
		return job.steps.map((s) => s.run?.trim()).filter(Boolean) as string[];
	};

	test('ci.yml runs every jest stage .ci/run runs (the browser tests, with the install test, too)', () => {
		expect(CI_RUN).toContain('npm run test:browser');
		expect(runs('.github/workflows/ci.yml').some((r) => /test:browser|install\.browser/.test(r))).toBe(true);
	});

	test('publish.yml installs the package from a registry in n8n (install.browser.ts) before `npm publish`', () => {
		const steps = runs('.github/workflows/publish.yml');
		const install = steps.findIndex((r) => /test:browser|install\.browser/.test(r));
		expect(install).toBeGreaterThanOrEqual(0);
		expect(install).toBeLessThan(steps.findIndex((r) => r.startsWith('npm publish')));
	});
});
