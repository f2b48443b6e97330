import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json'));

describe('the npm tarball', () => {
	const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' }));
	const files: string[] = pack.files.map((f: { path: string }) => f.path);

	test('holds only the built node and credential, package.json, README, LICENSE and CHANGELOG', () => {
		const allowed = /^(dist\/(nodes|credentials)\/.+\.(js|d\.ts|svg|node\.json)|package\.json|README\.md|LICENSE\.md|CHANGELOG\.md)$/;
		expect(files.filter((f) => !allowed.test(f))).toEqual([]);
		for (const f of ['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md', 'dist/nodes/Talkover/Talkover.node.js', 'dist/credentials/TalkoverApi.credentials.js', 'dist/nodes/Talkover/Talkover.node.json', 'dist/nodes/Talkover/talkover.svg', 'dist/nodes/Talkover/talkover.dark.svg']) {
			expect(files).toContain(f);
		}
		expect(files.some((f) => /test|sandbox|scripts|examples|\.github/.test(f))).toBe(false);
	});

	// 133.7 kB with the operations alone, 177.6 kB with the agent tool and the Agent Action resource, 203.7 kB
	// with the answer readers and the secret mask, 208.6 kB with the transport and the agent tool one concern
	// per file; 273.7 kB with the guardrails (phone tables generated from libphonenumber: about 21 kB of them
	// packed). Then the source maps left the package (tsconfig `sourceMap: false`): they were a third of the
	// tarball, n8n runs the nodes without them, and they pointed at .ts files the package does not ship —
	// 194.6 kB packed, 812.5 kB unpacked, 346 files; 196.4 kB (818.0 kB unpacked, 350 files) with each country's
	// zones from CLDR. npm's kB are 1000 bytes: 196.4 kB is 191.8 × 1024. 209.3 kB with Webhook Delivery and the
	// trigger's catch-up (its five files: about 4.5 kB packed). 224.7 kB with Make and Wait for Outcome, 232.8 kB with Add Call and Wait for Outcome. 239.1 kB with each calling code's national prefix read as libphonenumber reads it (about 4 kB); 247.8 kB
	// with the one reader of deliveries, the crashed execution's read of Talkover's calls, the calls in flight of Max
	// Calls per Execution and each call's own Wait Limit; 256.0 kB with Max Calls per Day and Call Again Until Reached.
	test('is under 270 × 1024 bytes packed (276.5 kB as npm counts)', () => {
		expect(pack.size).toBeLessThan(270 * 1024);
	});

	test('ships no source maps (nor comments pointing at them)', () => {
		expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
		const nodeFile = fs.readFileSync(path.join(ROOT, 'dist/nodes/Talkover/Talkover.node.js'), 'utf8');
		expect(nodeFile).not.toMatch(/sourceMappingURL/);
	});

	test('ships no TypeScript declarations (n8n loads only the JavaScript)', () => {
		expect(files.filter((f) => f.endsWith('.d.ts'))).toEqual([]);
		expect(files).toContain('dist/nodes/Talkover/Talkover.node.js');
	});
});

describe('every install recipe pins the version package.json gives', () => {
	// The README's and docs' N8N_COMMUNITY_PACKAGES and `npm view` lines, and examples/Dockerfile's default: a release
	// that bumps package.json's version must bump them too (a placeholder such as "X" is no pin).
	const files = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'examples/Dockerfile'];
	const pins = files.flatMap((file) =>
		[...read(file).matchAll(/"name":"n8n-nodes-talkover","version":"(\d[^"]*)"|n8n-nodes-talkover@(\d[^\s`"]*)|ARG TALKOVER_VERSION=(\S+)/g)].map((m) => ({ file, version: m[1] ?? m[2] ?? m[3] })),
	);

	test('README.md, docs/installation.md and examples/Dockerfile each pin it', () => {
		for (const file of ['README.md', 'docs/installation.md', 'examples/Dockerfile']) expect([file, pins.some((pin) => pin.file === file)]).toEqual([file, true]);
	});

	test('every pin is package.json’s version', () => {
		expect(pins.filter((pin) => pin.version !== pkg.version)).toEqual([]);
	});
});

describe('package metadata', () => {
	test('what n8n and npm ask of a verified community package', () => {
		expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
		expect(pkg.description.length).toBeGreaterThan(20);
		expect(pkg.author.name).toBeTruthy();
		expect(pkg.author.email).toMatch(/@/);
		expect(pkg.homepage).toMatch(/^https:\/\//);
		expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
		expect(pkg.bugs.url).toMatch(/^https:\/\//);
		expect(pkg.engines.node).toBe('>=20.19');
		expect(pkg.dependencies).toBeUndefined();
		expect(read('LICENSE.md')).toMatch(/^MIT License/);
	});
});

describe('GitHub workflows', () => {
	const ciRun = read('.ci/run');
	const steps = (file: string) => {
		const workflow = parse(read(file));
		const job = Object.values(workflow.jobs)[0] as { steps: Array<{ run?: string; uses?: string }> };
		// The Chromium step (a shell script, not a check) is left out.
		return { workflow, runs: job.steps.filter((s) => s.run && !s.run.includes('chromium')).map((s) => s.run!.trim()) };
	};
	// The end-to-end and queue-mode tests run once per n8n line: 2.8, then TALKOVER_N8N_LINE=next, then TALKOVER_N8N_LINE=lts
	// (n8n 1.123).
	const e2e = ['npm run test:e2e', 'npm run test:e2e', 'npm run test:e2e'];
	const queue = ['npm run test:queue', 'npm run test:queue', 'npm run test:queue'];
	const checks = ['npm ci --no-audit --no-fund', 'npm run lint', 'npm run build', 'npm test', ...e2e, ...queue, 'npm run test:browser', 'npm run scan', 'npm run release:dry'];
	const lineSteps = (file: string, line: string) => {
		const job = Object.values(parse(read(file)).jobs)[0] as { steps: Array<{ run?: string; env?: Record<string, string> }> };
		return job.steps.filter((s) => s.env?.TALKOVER_N8N_LINE === line).map((s) => s.run);
	};
	const nextLine = (file: string) => lineSteps(file, 'next');
	const ltsLine = (file: string) => lineSteps(file, 'lts');
	// The steps of a line name its pinned n8n and Node (from the line's committed package.json), so a new pin shows.
	const lineNames = (file: string, line: string) => {
		const job = Object.values(parse(read(file)).jobs)[0] as { steps: Array<{ name?: string; env?: Record<string, string> }> };
		return job.steps.filter((s) => s.env?.TALKOVER_N8N_LINE === line).map((s) => s.name);
	};
	const pinned = (folder: string) => JSON.parse(read(`${folder}/package.json`)).dependencies as { n8n: string; node: string };

	test.each(['.github/workflows/ci.yml', '.github/workflows/publish.yml'])('%s names the lts line\'s pinned n8n 1.123 and its Node 22', (file) => {
		const { n8n, node } = pinned('.n8n-host-lts');
		expect(n8n).toMatch(/^1\.123\./);
		const names = lineNames(file, 'lts');
		expect(names).toHaveLength(2);
		for (const name of names) expect(name).toContain(`n8n ${n8n}`);
		expect(names[0]).toContain(`Node ${node.split('.')[0]}`);
	});

	test('ci.yml is valid YAML and runs the same commands as .ci/run', () => {
		const { workflow, runs } = steps('.github/workflows/ci.yml');
		expect(workflow.on.push.branches).toEqual(['main']);
		expect(runs).toEqual(checks);
		expect(nextLine('.github/workflows/ci.yml')).toEqual(['npm run test:e2e', 'npm run test:queue']);
		expect(ltsLine('.github/workflows/ci.yml')).toEqual(['npm run test:e2e', 'npm run test:queue']);
		for (const command of checks) expect(ciRun).toContain(command);
		expect(ciRun).toContain('lines="2.8 next lts"');
		expect(ciRun).not.toMatch(/not in CI yet|by hand/);
		// Every line's end-to-end and queue-mode stage, and the browser stage, in one lane each.
		const stages = /declare -A lane_stages=\(([^)]*)\)/.exec(ciRun)![1].match(/[\w:.]+(?=[ "])/g)!.filter((word) => /^(e2e|queue):|^browser$/.test(word));
		expect(stages.sort()).toEqual(['browser', 'e2e:2.8', 'e2e:lts', 'e2e:next', 'queue:2.8', 'queue:lts', 'queue:next']);
	});

	test('publish.yml publishes with npm provenance from a version tag, after the same checks', () => {
		const { workflow, runs } = steps('.github/workflows/publish.yml');
		expect(workflow.on.push.tags).toEqual(['v*.*.*']);
		expect(workflow.permissions['id-token']).toBe('write');
		expect(runs).toEqual([...checks, 'npm publish --provenance --access public']);
		expect(nextLine('.github/workflows/publish.yml')).toEqual(['npm run test:e2e', 'npm run test:queue']);
		expect(ltsLine('.github/workflows/publish.yml')).toEqual(['npm run test:e2e', 'npm run test:queue']);
	});
});

describe('n8n scanner wiring', () => {
	test('a runtime dependency and an eslint-disabled console call in a copy of the source are caught', () => {
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-scan-'));
		try {
			for (const entry of ['package.json', 'nodes', 'credentials']) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
			fs.writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ ...pkg, dependencies: { 'left-pad': '1.3.0' } }, null, 2));
			const node = path.join(copy, 'nodes/Talkover/Talkover.node.ts');
			fs.writeFileSync(node, fs.readFileSync(node, 'utf8').replace('export class Talkover', '// eslint-disable-next-line\nconsole.log("x");\nexport class Talkover'));
			const result = spawnSync('node', [path.join(ROOT, 'scripts/scan.mjs'), copy], { encoding: 'utf8' });
			expect(result.status).toBe(1);
			expect(result.stdout).toContain('no-runtime-dependencies');
			expect(result.stdout).toContain('no-console');
		} finally {
			fs.rmSync(copy, { recursive: true, force: true });
		}
	}, 60000);
});

describe('a release holds what it describes (scripts/release-check.js, run by `npm run release:dry` in CI and before publishing)', () => {
	const { releaseProblems } = require('../../scripts/release-check.js') as { releaseProblems: (version: string, changelog: string, tag?: string) => string[] };
	const log = (...sections: string[]) => `# Changelog\n\n${sections.join('\n\n')}\n`;

	test('this repository: package.json’s version has its dated CHANGELOG section, below Unreleased', () => {
		expect(releaseProblems(pkg.version, read('CHANGELOG.md'))).toEqual([]);
		expect(releaseProblems(pkg.version, read('CHANGELOG.md'), `v${pkg.version}`)).toEqual([]);
	});

	test('a version without its section, or with an undated one, is no release', () => {
		expect(releaseProblems('0.3.0', log('## [Unreleased]', '## [0.2.0] - 2026-11-28'))).toEqual(['CHANGELOG.md has no section "## [0.3.0] - YYYY-MM-DD"']);
		expect(releaseProblems('0.2.0', log('## [Unreleased]', '## [0.2.0]'))).toEqual(['CHANGELOG.md\'s section of 0.2.0 is not dated ("## [0.2.0] - YYYY-MM-DD")']);
		expect(releaseProblems('0.2.0', log('## [0.2.0] - 2026-11-28', '## [Unreleased]'))).toEqual(["CHANGELOG.md's Unreleased section comes after 0.2.0's"]);
		expect(releaseProblems('0.2', log('## [0.2] - 2026-11-28'))).toEqual(['package.json\'s version "0.2" is not a semver version']);
	});

	test('a version tag that is not package.json’s version is refused; a branch build names no tag', () => {
		const changelog = log('## [Unreleased]', '## [0.2.0] - 2026-11-28');
		expect(releaseProblems('0.2.0', changelog, 'v0.2.1')).toEqual(['the tag v0.2.1 is not package.json\'s version (v0.2.0)']);
		expect(releaseProblems('0.2.0', changelog, 'v0.2.0')).toEqual([]);
		expect(releaseProblems('0.2.0', changelog, undefined)).toEqual([]);
	});
});
