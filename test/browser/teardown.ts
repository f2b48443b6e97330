/** Stops what setup.ts started: Chromium, then `npm run dev` (Ctrl-C, as a person would), and removes its folders. */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

import type { Browser } from 'puppeteer-core';

export default async function teardown(): Promise<void> {
	const suite = (globalThis as Record<string, unknown>).__talkoverBrowserSuite as { dev?: ChildProcess; browser: Browser; folder: string } | undefined;
	if (!suite) return;
	await suite.browser.close().catch(() => undefined);
	const dev = suite.dev;
	if (dev && dev.exitCode === null && dev.signalCode === null) {
		const exited = new Promise((resolve) => dev.once('exit', resolve));
		dev.kill('SIGINT');
		const timer = setTimeout(() => dev.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	}
	fs.rmSync(suite.folder, { recursive: true, force: true });
}
