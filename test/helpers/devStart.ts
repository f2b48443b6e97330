/**
 * What `npm run dev` runs after its build (`scripts/dev.js`), started the one way the end-to-end check of
 * the command (test/e2e/dev.e2e.ts) and the browser suite (test/browser/setup.ts) both start it: on the
 * ports and in the data folder given, until it prints READY, with what it printed and the sign-in and
 * sandbox it announced.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface DevStart {
	/** The running `scripts/dev.js` (Ctrl-C stops n8n and the sandbox). */
	dev: ChildProcess;
	/** All it printed, kept up to date while it runs. */
	output: () => string;
	/** The owner's sign-in it printed. */
	email: string;
	password: string;
	/** The sandbox's address and token, as the credential "Talkover API" holds them. */
	sandboxUrl: string;
	token: string;
}

export async function startDev(env: { port: number; sandboxPort: number; folder: string; extra?: NodeJS.ProcessEnv }): Promise<DevStart> {
	const dev = spawn(process.execPath, [path.join(ROOT, 'scripts/dev.js')], {
		cwd: ROOT,
		env: { ...process.env, ...env.extra, N8N_PORT: String(env.port), TALKOVER_SANDBOX_PORT: String(env.sandboxPort), TALKOVER_DEV_FOLDER: env.folder },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	dev.stdout!.on('data', (d) => (output += d));
	dev.stderr!.on('data', (d) => (output += d));
	await new Promise<void>((resolve, reject) => {
		const timer = setInterval(() => {
			if (output.includes('READY')) resolve();
			else if (dev.exitCode !== null) reject(new Error(`npm run dev exited with ${dev.exitCode}:\n${output}`));
			else return;
			clearInterval(timer);
		}, 100);
	});
	const signIn = /Sign in: (\S+) \/ (\S+)/.exec(output);
	const sandbox = /Talkover sandbox: (\S+) \(credential "Talkover API", token (\S+);/.exec(output);
	if (!signIn || !sandbox) {
		dev.kill('SIGKILL');
		throw new Error(`npm run dev printed no sign-in or sandbox:\n${output}`);
	}
	return { dev, output: () => output, email: signIn[1], password: signIn[2], sandboxUrl: sandbox[1], token: sandbox[2] };
}
