/**
 * The port a test gives n8n (or Redis, PostgreSQL, Verdaccio) to listen on (scripts/free-port.js): never
 * one the kernel may hand to something else meanwhile (its ephemeral range), never one another process
 * drawing ports (a jest worker, the other CI lane) holds, never one something listens on.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const { freePort, portRange, ephemeralRange, ephemeralStart } = require(path.join(ROOT, 'scripts/free-port.js')) as {
	freePort(options?: {
		range?: [number, number];
		random?: () => number;
		listenable?: (port: number) => Promise<boolean>;
		folder?: string;
	}): Promise<number>;
	portRange(range?: [number, number]): [number, number];
	ephemeralRange(file?: string): [number, number];
	ephemeralStart(file?: string): number;
};

/** A `random` that returns these values in turn (each maps to first + value × size). */
const sequence = (...values: number[]) => {
	let i = 0;
	return () => values[i++ % values.length];
};

describe('the port a test starts a server on', () => {
	it('is drawn from outside the kernel’s ephemeral range, which outgoing connections and listen(0) use', () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-ports-'));
		const range = (text: string) => {
			fs.writeFileSync(path.join(folder, 'range'), text);
			return ephemeralRange(path.join(folder, 'range'));
		};
		expect(range('32768\t60999\n')).toEqual([32768, 60999]);
		expect(range('49152 65535\n')).toEqual([49152, 65535]);
		expect(range('1024 65535\n')).toEqual([1024, 65535]);
		expect(range('nonsense')).toEqual([32768, 60999]);
		expect(ephemeralRange(path.join(folder, 'missing'))).toEqual([32768, 60999]);
		expect(ephemeralStart(path.join(folder, 'range'))).toBe(32768);
		// Linux's default: the 22,768 ports below it rather than the 4,536 above.
		expect(portRange([32768, 60999])).toEqual([10000, 32767]);
		expect(portRange([49152, 65535])).toEqual([10000, 49151]);
		// A range that starts low leaves the ports above 1024 below it, or the ports above it when more.
		expect(portRange([8000, 60999])).toEqual([1025, 7999]);
		expect(portRange([1025, 60999])).toEqual([61000, 65535]);
		// A kernel that hands out (nearly) every port leaves no stretch outside: every port from 10000 up.
		expect(portRange([1024, 65535])).toEqual([10000, 65535]);
		expect(portRange([1500, 65000])).toEqual([10000, 65535]);
	});

	it('on this machine lies outside the ephemeral range', async () => {
		const [low, high] = ephemeralRange();
		for (let i = 0; i < 20; i++) {
			const port = await freePort();
			expect(port).toBeGreaterThanOrEqual(1025);
			expect(port < low || port > high).toBe(true);
		}
	});

	// Below 1025 (listenable says yes without listening) in a folder of their own: no other test draws there.
	const range: [number, number] = [100, 109];
	const listenable = async () => true;
	let folder: string;
	beforeEach(() => {
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-reserved-'));
	});

	/** Draws `port` in a separate node process, which then exits normally or is killed (no exit handler). */
	const drawElsewhere = (port: number, exit: 'normally' | 'killed') =>
		spawnSync(
			process.execPath,
			[
				'-e',
				`require(${JSON.stringify(path.join(ROOT, 'scripts/free-port.js'))})
					.freePort({ range: [${port}, ${port}], listenable: async () => true, folder: ${JSON.stringify(folder)} })
					.then((p) => { console.log(p); ${exit === 'killed' ? "process.kill(process.pid, 'SIGKILL');" : ''} });`,
			],
			{ encoding: 'utf8' },
		);

	it('is never one handed out before in the same process', async () => {
		// 0.5 → 105 twice, then 0.2 → 102.
		const first = await freePort({ range, random: sequence(0.5), listenable, folder });
		const second = await freePort({ range, random: sequence(0.5, 0.5, 0.2), listenable, folder });
		expect(first).toBe(105);
		expect(second).toBe(102);
		expect(fs.readFileSync(path.join(folder, '105'), 'utf8')).toBe(String(process.pid));
	});

	it('is never one another running process holds, and is theirs again once they ended', async () => {
		// A process that runs: this jest process's parent stands for it.
		fs.writeFileSync(path.join(folder, '105'), String(process.ppid));
		expect(await freePort({ range, random: sequence(0.5, 0.5, 0.3), listenable, folder })).toBe(103);
		// A process that ended normally removed its reservation; one killed left it, and the next process's
		// first draw removes it.
		expect(drawElsewhere(107, 'normally').stdout.trim()).toBe('107');
		expect(fs.existsSync(path.join(folder, '107'))).toBe(false);
		expect(drawElsewhere(108, 'killed').stdout.trim()).toBe('108');
		expect(fs.existsSync(path.join(folder, '108'))).toBe(true);
		expect(drawElsewhere(108, 'normally').stdout.trim()).toBe('108');
		// The running holder's reservation stays.
		expect(fs.readFileSync(path.join(folder, '105'), 'utf8')).toBe(String(process.ppid));
	});

	it('is drawn although a reservation disappears while the first draw sweeps (its process ended meanwhile)', () => {
		// A listed name whose file is gone when read: a link to nowhere reads as ENOENT, as a removed file does.
		fs.symlinkSync(path.join(folder, 'gone'), path.join(folder, '12345'));
		const child = spawnSync(
			process.execPath,
			['-e', `require(${JSON.stringify(path.join(ROOT, 'scripts/free-port.js'))}).freePort({ range: [101, 101], listenable: async () => true, folder: ${JSON.stringify(folder)} }).then((p) => console.log(p), (e) => console.log(e.message))`],
			{ encoding: 'utf8' },
		);
		expect(child.stdout.trim()).toBe('101');
	});

	it('is skipped while something listens on it', async () => {
		const busy = net.createServer();
		await new Promise<void>((resolve) => busy.listen(0, resolve));
		const taken = (busy.address() as net.AddressInfo).port;
		try {
			const port = await freePort({ range: [taken - 1, taken], random: sequence(0.99, 0.0), folder });
			expect(port).toBe(taken - 1);
		} finally {
			busy.close();
		}
	});

	it('fails with the range it searched when every port there is taken', async () => {
		await expect(freePort({ range: [200, 201], listenable: async () => false, folder })).rejects.toThrow(
			'no free port between 200 and 201 after 200 tries',
		);
	});
});
