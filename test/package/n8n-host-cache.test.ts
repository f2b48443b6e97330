/**
 * scripts/n8n-host.js keeps each n8n line's install in a cache outside the clone, named by the
 * hash of the line's committed package.json + lock, so a fresh clone on the same machine reuses it; a lock
 * keeps two processes from installing one line at the same time. No n8n is installed here: the entries
 * are faked, and the lock is driven by two child processes step by step (no timing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const HOST_SCRIPT = path.join(ROOT, 'scripts/n8n-host.js');

let cache: string;
beforeEach(() => {
	cache = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-n8n-cache-'));
});
afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

/** Runs `code` with the host script loaded as `h`, for one line; what it prints. */
function withHost(line: string, code: string, env: Record<string, string> = {}): string {
	const result = spawnSync(process.execPath, ['-e', `const h = require(${JSON.stringify(HOST_SCRIPT)}); ${code}`], {
		env: { ...process.env, TALKOVER_N8N_LINE: line, TALKOVER_N8N_CACHE: cache, TALKOVER_N8N_VERSION: '', ...env },
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(result.stderr);
	return result.stdout.trim();
}

const committedHash = (folder: string) => {
	const hash = createHash('sha256').update(fs.readFileSync(path.join(ROOT, folder, 'package.json'))).update('\0');
	const lock = path.join(ROOT, folder, 'package-lock.json');
	if (fs.existsSync(lock)) hash.update(fs.readFileSync(lock));
	return hash.digest('hex').slice(0, 16);
};

describe('n8n host cache', () => {
	test.each([
		['2.8', '.n8n-host', 'n8n-host'],
		['next', '.n8n-host-next', 'n8n-host-next'],
		['lts', '.n8n-host-lts', 'n8n-host-lts'],
	])('line %s runs n8n from <cache>/<folder>-<hash of its committed package.json + lock>, not from the clone', (line, folder, entry) => {
		const [host, bin] = JSON.parse(withHost(line, 'console.log(JSON.stringify([h.HOST, h.N8N_BIN]))'));
		expect(host).toBe(path.join(cache, `${entry}-${committedHash(folder)}`));
		expect(bin).toBe(path.join(host, 'node_modules/n8n/bin/n8n'));
	});

	test('the lts line is n8n 1.123.x on its own Node 22', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, '.n8n-host-lts/package.json'), 'utf8'));
		expect(pkg.dependencies.n8n).toMatch(/^1\.123\.\d+$/);
		expect(pkg.dependencies.node).toMatch(/^22\.\d+\.\d+$/);
		expect(withHost('lts', 'console.log(h.NODE_BIN)')).toBe(path.join(withHost('lts', 'console.log(h.HOST)'), 'node_modules/node/bin/node'));
	});

	test('another pinned version (TALKOVER_N8N_VERSION, for measurements) is another entry', () => {
		const lts = withHost('lts', 'console.log(h.HOST)');
		const other = withHost('lts', 'console.log(h.HOST + " " + h.wantedVersion())', { TALKOVER_N8N_VERSION: '1.100.0' });
		expect(other).toMatch(/ 1\.100\.0$/);
		expect(other.split(' ')[0]).not.toBe(lts);
		expect(path.dirname(other.split(' ')[0])).toBe(cache);
	});

	test('a fresh clone finds the entry another clone installed and installs nothing', () => {
		const host = withHost('2.8', 'console.log(h.HOST)');
		fs.mkdirSync(path.join(host, 'node_modules/n8n'), { recursive: true });
		fs.writeFileSync(path.join(host, 'node_modules/n8n/package.json'), JSON.stringify({ version: withHost('2.8', 'console.log(h.wantedVersion())') }));
		// PATH without npm: an install would fail.
		expect(withHost('2.8', 'console.log(h.ensureN8n({ quiet: true }))', { PATH: '/nonexistent' })).toBe(path.join(host, 'node_modules/n8n/bin/n8n'));
	});

	test('an entry with another n8n version is not used', () => {
		const host = withHost('2.8', 'console.log(h.HOST)');
		fs.mkdirSync(path.join(host, 'node_modules/n8n'), { recursive: true });
		fs.writeFileSync(path.join(host, 'node_modules/n8n/package.json'), JSON.stringify({ version: '2.7.0' }));
		expect(withHost('2.8', 'console.log(h.isInstalled())')).toBe('false');
	});

	test('lts: an entry whose own Node binary is missing is not used', () => {
		const host = withHost('lts', 'console.log(h.HOST)');
		fs.mkdirSync(path.join(host, 'node_modules/n8n'), { recursive: true });
		fs.mkdirSync(path.join(host, 'node_modules/node'), { recursive: true });
		fs.writeFileSync(path.join(host, 'node_modules/n8n/package.json'), JSON.stringify({ version: withHost('lts', 'console.log(h.wantedVersion())') }));
		const node = JSON.parse(fs.readFileSync(path.join(ROOT, '.n8n-host-lts/package.json'), 'utf8')).dependencies.node;
		fs.writeFileSync(path.join(host, 'node_modules/node/package.json'), JSON.stringify({ version: node }));
		expect(withHost('lts', 'console.log(h.isInstalled())')).toBe('false');
	});
});

describe('the local npm registry of the install test (.registry-host/, in the same cache)', () => {
	const REGISTRY_SCRIPT = path.join(ROOT, 'scripts/registry-host.js');
	/** Runs `code` with scripts/registry-host.js loaded as `r`; what it prints. */
	function withRegistry(code: string, env: Record<string, string> = {}): string {
		const result = spawnSync(process.execPath, ['-e', `const r = require(${JSON.stringify(REGISTRY_SCRIPT)}); ${code}`], {
			env: { ...process.env, TALKOVER_N8N_CACHE: cache, ...env },
			encoding: 'utf8',
		});
		if (result.status !== 0) throw new Error(result.stderr);
		return result.stdout.trim();
	}

	test('verdaccio is no devDependency of the package, and the package has no overrides (they would ship; lint forbids them)', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		expect(pkg.devDependencies.verdaccio).toBeUndefined();
		expect(pkg.overrides).toBeUndefined();
		const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
		expect(Object.keys(lock.packages).filter((name) => /(^|\/)verdaccio[^/]*$/.test(name))).toEqual([]);
	});

	test('.registry-host/ pins verdaccio exactly, with the node-fetch override, and its lock matches its package.json', () => {
		const registryPkg = JSON.parse(fs.readFileSync(path.join(ROOT, '.registry-host/package.json'), 'utf8'));
		expect(registryPkg.private).toBe(true);
		expect(registryPkg.dependencies).toEqual({ verdaccio: '6.10.4' });
		expect(registryPkg.overrides).toEqual({ 'verdaccio-audit': { 'node-fetch': '2.7.0' } });
		const lock = JSON.parse(fs.readFileSync(path.join(ROOT, '.registry-host/package-lock.json'), 'utf8'));
		expect(lock.packages[''].dependencies).toEqual(registryPkg.dependencies);
		expect(lock.packages['node_modules/verdaccio'].version).toBe('6.10.4');
		expect(lock.packages['node_modules/node-fetch'].version).toBe('2.7.0');
	});

	test('it is installed in <cache>/registry-host-<hash of its committed package.json + lock>, not in the clone', () => {
		const [host, verdaccio] = JSON.parse(withRegistry('console.log(JSON.stringify([r.HOST, r.VERDACCIO]))'));
		expect(host).toBe(path.join(cache, `registry-host-${committedHash('.registry-host')}`));
		expect(verdaccio).toBe(path.join(host, 'node_modules/verdaccio'));
	});

	test('an entry another clone installed is used as it is: nothing is installed', () => {
		const host = withRegistry('console.log(r.HOST)');
		fs.mkdirSync(path.join(host, 'node_modules/verdaccio'), { recursive: true });
		fs.writeFileSync(path.join(host, 'node_modules/verdaccio/package.json'), JSON.stringify({ version: '6.10.4' }));
		// PATH without npm: an install would fail.
		expect(withRegistry('console.log(r.ensureVerdaccio({ quiet: true }))', { PATH: '/nonexistent' })).toBe(path.join(host, 'node_modules/verdaccio'));
	});

	test('absent or another version: `npm ci` with the committed files in <entry>.tmp-<pid>, renamed into place, lock released', () => {
		const host = withRegistry('console.log(r.HOST)');
		fs.mkdirSync(path.join(host, 'node_modules/verdaccio'), { recursive: true });
		fs.writeFileSync(path.join(host, 'node_modules/verdaccio/package.json'), JSON.stringify({ version: '6.9.0' }));
		// A fake npm: records where it ran, what with and which files it found, and "installs" verdaccio 6.10.4.
		const bin = path.join(cache, 'bin');
		fs.mkdirSync(bin);
		const calls = path.join(cache, 'calls');
		fs.writeFileSync(
			path.join(bin, 'npm'),
			`#!${process.execPath}\nconst fs = require('fs');\n` +
				`fs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(2), files: fs.readdirSync('.').sort(), lock: fs.readFileSync('package-lock.json', 'utf8') === fs.readFileSync(${JSON.stringify(path.join(ROOT, '.registry-host/package-lock.json'))}, 'utf8') }) + '\\n');\n` +
				`fs.mkdirSync('node_modules/verdaccio', { recursive: true });\n` +
				`fs.writeFileSync('node_modules/verdaccio/package.json', JSON.stringify({ version: '6.10.4', fake: true }));\n`,
			{ mode: 0o755 },
		);
		const printed = withRegistry('console.log(r.ensureVerdaccio({ quiet: true }))', { PATH: `${bin}${path.delimiter}${process.env.PATH}` });
		expect(printed).toBe(path.join(host, 'node_modules/verdaccio'));
		const seen = fs.readFileSync(calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
		expect(seen).toEqual([
			{ cwd: `${host}.tmp-${seen[0].cwd.split('.tmp-').pop()}`, args: ['ci', '--no-audit', '--no-fund', '--loglevel=error'], files: ['package-lock.json', 'package.json'], lock: true },
		]);
		expect(seen[0].cwd).toMatch(/\.tmp-\d+$/);
		expect(JSON.parse(fs.readFileSync(path.join(host, 'node_modules/verdaccio/package.json'), 'utf8'))).toEqual({ version: '6.10.4', fake: true });
		expect(fs.readdirSync(cache).sort()).toEqual(['bin', 'calls', path.basename(host)]);
	});
});

describe('the install lock', () => {
	/** A child process that takes the lock, says so, and holds it until `release` exists. */
	function holder(name: string, lock: string, log: string, release: string) {
		const code = `const fs = require('fs'); const h = require(${JSON.stringify(HOST_SCRIPT)});
			h.withLock(${JSON.stringify(lock)}, () => {
				fs.appendFileSync(${JSON.stringify(log)}, '${name} has it\\n');
				while (!fs.existsSync(${JSON.stringify(release)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
				fs.appendFileSync(${JSON.stringify(log)}, '${name} lets go\\n');
			}, () => fs.appendFileSync(${JSON.stringify(log)}, '${name} waits\\n'));`;
		const child = spawn(process.execPath, ['-e', code], { env: { ...process.env, TALKOVER_N8N_CACHE: cache }, stdio: 'inherit' });
		return new Promise<number | null>((resolve) => child.on('exit', resolve));
	}
	const until = async (condition: () => boolean) => {
		while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
	};

	test('a second process waits until the first has finished, then runs', async () => {
		const lock = path.join(cache, 'entry.lock');
		const log = path.join(cache, 'log');
		const read = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
		const a = holder('A', lock, log, path.join(cache, 'release-a'));
		await until(() => read().includes('A has it'));
		const b = holder('B', lock, log, path.join(cache, 'release-b'));
		await until(() => read().includes('B waits'));
		fs.writeFileSync(path.join(cache, 'release-b'), '');
		fs.writeFileSync(path.join(cache, 'release-a'), '');
		expect(await a).toBe(0);
		expect(await b).toBe(0);
		expect(read()).toBe('A has it\nB waits\nA lets go\nB has it\nB lets go\n');
		expect(fs.existsSync(lock)).toBe(false);
	});

	test('a lock left by a process that is gone is taken over', async () => {
		const lock = path.join(cache, 'entry.lock');
		const gone = spawnSync(process.execPath, ['-p', 'process.pid'], { encoding: 'utf8' }).stdout.trim();
		fs.mkdirSync(lock);
		fs.writeFileSync(path.join(lock, 'pid'), gone);
		const log = path.join(cache, 'log');
		fs.writeFileSync(path.join(cache, 'release-c'), '');
		expect(await holder('C', lock, log, path.join(cache, 'release-c'))).toBe(0);
		expect(fs.readFileSync(log, 'utf8')).toBe('C has it\nC lets go\n');
	});
});
