/**
 * `.ci/run`'s order and its three lanes after the unit tests, run for real on a stand-in project: the
 * repository's `.ci/run` and `.ci/clean-env.sh` in a temp folder, with an `npm` on PATH that answers each
 * command (a jest report for the test commands), a scripts/n8n-host.js that "installs" at once and stand-ins
 * for the programs apt-get would install (chromium, redis-server, initdb). What is checked is what a CI run
 * relies on: every stage runs, on every line; the counts of all lanes add up; a failure in any lane, or a
 * failed n8n install, fails CI at once with every lane's output shown; a lane still running when CI fails is
 * stopped, its log marked where the stop came. No n8n, no network, no timing: the stand-in `npm` waits only where a test tells it to.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// Each command is logged to $FAKE_LOG. A command holding $FAKE_FAIL (on the line $FAKE_FAIL_LINE, or any line
// when that is empty) fails, once the $FAKE_HANG command (if any) is running; one holding $FAKE_HANG records its pid
// and waits until killed.
const FAKE_NPM = `#!/usr/bin/env bash
echo "npm $* [line \${TALKOVER_N8N_LINE:-2.8}]" >> "$FAKE_LOG"
for a in "$@"; do case "$a" in --outputFile=*) report="\${a#--outputFile=}";; esac; done
if [ -n "\${FAKE_HANG:-}" ] && [[ "$*" == *"$FAKE_HANG"* ]]; then echo $$ > "$FAKE_LOG.hung"; while :; do sleep 1; done; fi
if [ -n "\${report:-}" ]; then echo '{"numTotalTests":3,"numPassedTests":3,"numFailedTests":0,"numPendingTests":0}' > "$report"; fi
if [ -n "\${FAKE_FAIL:-}" ] && [[ "$*" == *"$FAKE_FAIL"* ]] && { [ -z "\${FAKE_FAIL_LINE:-}" ] || [ "\${TALKOVER_N8N_LINE:-2.8}" = "$FAKE_FAIL_LINE" ]; }; then
	# With $FAKE_HANG set, the failure waits until the hanging command runs (the order, not a time).
	if [ -n "\${FAKE_HANG:-}" ]; then while [ ! -e "$FAKE_LOG.hung" ]; do sleep 0.1; done; fi
	echo "stand-in failure of $*"; exit 1
fi
exit 0
`;
const FAKE_HOST = `const line = process.env.TALKOVER_N8N_LINE || '2.8';
const versions = { '2.8': '2.8.4', next: '2.41.1', lts: '1.123.81' };
module.exports = { wantedVersion: () => versions[line], HOST: '/cache/' + line };
if (require.main === module) {
	console.log('installing n8n ' + versions[line]);
	if (process.env.FAKE_INSTALL_FAIL === line) { console.log('npm error: stand-in install failure'); process.exit(3); }
}
`;

jest.setTimeout(120_000);

let project: string;
let log: string;
beforeEach(() => {
	project = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-ci-run-'));
	fs.mkdirSync(path.join(project, '.ci'));
	fs.mkdirSync(path.join(project, 'scripts'));
	fs.mkdirSync(path.join(project, 'bin'));
	for (const file of ['.ci/run', '.ci/clean-env.sh', 'scripts/cpu-by-kind.js']) fs.copyFileSync(path.join(ROOT, file), path.join(project, file));
	fs.writeFileSync(path.join(project, 'bin/npm'), FAKE_NPM, { mode: 0o755 });
	// Chromium, Redis and PostgreSQL are "installed": CI does not reach for apt-get.
	for (const program of ['chromium', 'redis-server', 'initdb']) fs.writeFileSync(path.join(project, 'bin', program), '#!/bin/sh\n', { mode: 0o755 });
	fs.writeFileSync(path.join(project, 'scripts/n8n-host.js'), FAKE_HOST);
	log = path.join(project, 'npm.log');
});
afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

function ci(env: Record<string, string> = {}) {
	const result = spawnSync('bash', ['.ci/run'], {
		cwd: project,
		env: { PATH: `${path.join(project, 'bin')}:${process.env.PATH}`, HOME: project, FAKE_LOG: log, ...env },
		encoding: 'utf8',
		// Only a guard against a hung run: on a loaded machine (CI's other lane, helpers) a whole stand-in run
		// with its polling took over 30 s, jest's default here.
		timeout: 110_000,
	});
	return { status: result.status, out: `${result.stdout}${result.stderr}`, commands: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [] };
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

describe('.ci/run', () => {
	test('runs every stage, the end-to-end tests and queue mode on each line, and adds up every lane\'s counts', () => {
		const { status, out, commands } = ci();
		expect(status).toBe(0);
		const ran = commands.map((c) => c.replace(/ --json --outputFile=\S+/, ''));
		expect(ran.slice(0, 4)).toEqual(['npm ci --no-audit --no-fund [line 2.8]', 'npm run lint [line 2.8]', 'npm run build [line 2.8]', 'npm test -- [line 2.8]']);
		expect(ran.filter((c) => c.startsWith('npm run test:e2e')).sort()).toEqual(
			['npm run test:e2e -- [line 2.8]', 'npm run test:e2e -- [line lts]', 'npm run test:e2e -- [line next]'],
		);
		expect(ran.filter((c) => c.startsWith('npm run test:queue')).sort()).toEqual(
			['npm run test:queue -- [line 2.8]', 'npm run test:queue -- [line lts]', 'npm run test:queue -- [line next]'],
		);
		// Each lane's stages in their order: lane A 2.8's then lts's end-to-end tests, lane B queue mode line by
		// line, lane C next's end-to-end tests then the browser tests.
		const at = (command: string) => ran.indexOf(command);
		expect(at('npm run test:e2e -- [line lts]')).toBeGreaterThan(at('npm run test:e2e -- [line 2.8]'));
		expect(at('npm run test:queue -- [line lts]')).toBeGreaterThan(at('npm run test:queue -- [line next]'));
		expect(at('npm run test:queue -- [line next]')).toBeGreaterThan(at('npm run test:queue -- [line 2.8]'));
		expect(at('npm run test:browser -- [line 2.8]')).toBeGreaterThan(at('npm run test:e2e -- [line next]'));
		expect(ran.slice(-3)).toEqual(['npm run scan [line 2.8]', 'npm pack --dry-run [line 2.8]', 'npm run release:dry [line 2.8]']);
		// 1 unit + 3 e2e + 3 queue + 1 browser jest runs of 3 tests each.
		expect(out).toContain('tests: 24 passed, 0 failed');
		for (const lane of ['A (e2e:2.8 e2e:lts)', 'B (queue:2.8 queue:next queue:lts)', 'C (e2e:next browser)']) expect(out).toContain(`== lane ${lane}`);
		expect(out).toMatch(/lane C:\n(.*\n)*\s+\d+ s {2}browser tests/);
		// Where the processor time went, by lane (scripts/cpu-by-kind.js), after the timings.
		expect(out).toMatch(/\nprocessor time .*\n(.*\n)*lane A \(e2e:2\.8 e2e:lts\): \d+ core-seconds\n(.*\n)*lane C \(e2e:next browser\): \d+ core-seconds\n(.*\n)*all: \d+ core-seconds in \d+ s on \d+ cores/);
	});

	test('a failing queue-mode stage fails CI at once, with its lane\'s output shown', () => {
		const { status, out, commands } = ci({ FAKE_FAIL: 'test:queue', FAKE_FAIL_LINE: 'next' });
		expect(status).not.toBe(0);
		expect(out).toContain('queue-mode tests, n8n 2.41.1: 3 passed, 0 failed');
		expect(out).toContain('lane B (queue:2.8 queue:next queue:lts) failed');
		// Lane B stops at its failed stage; the scanner never ran.
		expect(commands.some((c) => c.startsWith('npm run test:queue -- --json') && c.endsWith('[line lts]'))).toBe(false);
		expect(commands.some((c) => c.startsWith('npm run scan'))).toBe(false);
	});

	test('a failing browser stage fails CI', () => {
		const { status, out } = ci({ FAKE_FAIL: 'test:browser' });
		expect(status).not.toBe(0);
		expect(out).toContain('lane C (e2e:next browser) failed');
	});

	test('a failing end-to-end stage fails CI at once, shows what the other lanes printed and stops them', () => {
		const { status, out, commands } = ci({ FAKE_FAIL: 'test:e2e', FAKE_FAIL_LINE: '2.8', FAKE_HANG: 'test:queue' });
		expect(status).not.toBe(0);
		expect(out).toContain('lane A (e2e:2.8 e2e:lts) failed');
		expect(out).toContain('what lane B printed before CI stopped');
		// What a stopped lane's tests print after the stop (a browser suite whose Chromium is gone) is marked as the stop's.
		expect(out).toContain('== CI stopped lane B here (another lane failed)');
		expect(out).not.toContain('== CI stopped lane A here');
		expect(commands.some((c) => c.startsWith('npm run test:e2e') && c.endsWith('[line lts]'))).toBe(false);
		const hung = Number(fs.readFileSync(`${log}.hung`, 'utf8'));
		expect(alive(hung)).toBe(false);
	});

	test('failing unit tests fail CI before any lane starts', () => {
		const { status, out, commands } = ci({ FAKE_FAIL: 'test -- --json' });
		expect(status).not.toBe(0);
		expect(out).toContain('unit and workflow tests: 3 passed, 0 failed');
		expect(commands.some((c) => /test:(e2e|queue|browser)|npm run scan/.test(c))).toBe(false);
	});

	test('a failed n8n install fails CI at that line\'s stage, with the install\'s log', () => {
		const { status, out, commands } = ci({ FAKE_INSTALL_FAIL: 'lts' });
		expect(status).not.toBe(0);
		expect(out).toContain('npm error: stand-in install failure');
		expect(out).toMatch(/installing n8n 1\.123\.81 \(line lts\) failed \(exit 3\)/);
		expect(commands).not.toContainEqual(expect.stringMatching(/test:(e2e|queue) -- .*\[line lts\]/));
	});
});
