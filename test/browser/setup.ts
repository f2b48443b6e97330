/**
 * Once for the whole browser suite: `npm run dev`'s script (n8n with the packed package, the sandbox, the
 * credential and the examples) on free ports in a fresh data folder, and one headless Chromium. The test
 * files read where they are from the state file (see ./suite.ts); teardown.ts stops both.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import puppeteer from 'puppeteer-core';

import { startDev } from '../helpers/devStart';
import { freePort } from '../helpers/fixtures';
import type { SuiteState } from './suite';

/** Chromium from the PATH (Debian's `chromium` package), or CHROMIUM_PATH. */
export function chromiumPath(): string {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).stdout.trim();
	if (!found) throw new Error('No chromium on the PATH: install it (as root: apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH');
	return found;
}

export default async function setup(globalConfig?: { testPathPattern?: string }): Promise<void> {
	const started = Date.now();
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-browser-'));
	// install.browser.ts starts n8n itself: run alone (its path the only pattern), it needs only Chromium.
	if (/^[^|]*install\.browser/.test(globalConfig?.testPathPattern ?? '')) return await chromiumOnly(folder, started);
	const port = await freePort();
	const sandboxPort = await freePort();
	// What `npm run dev` runs after its build (`npm run test:browser` builds dist/ first). The examples' Calling Hours
	// open all day: n8n runs on the real clock, and no outcome may depend on when the suite runs.
	const { dev, output, email, password, sandboxUrl, token } = await startDev({ port, sandboxPort, folder: path.join(folder, 'n8n'), extra: { TALKOVER_EXAMPLES_ANY_HOUR: '1' } });

	const browser = await launchChromium(folder);

	const state: SuiteState = {
		n8nUrl: `http://127.0.0.1:${port}`,
		sandboxUrl,
		token,
		email,
		password,
		wsEndpoint: browser.wsEndpoint(),
		folder,
		devOutput: output(),
	};
	// The test files (in this process or in workers started after this) find the suite through this file.
	process.env.TALKOVER_BROWSER_STATE = path.join(folder, 'state.json');
	fs.writeFileSync(process.env.TALKOVER_BROWSER_STATE, JSON.stringify(state));
	(globalThis as Record<string, unknown>).__talkoverBrowserSuite = { dev, browser, folder };
	process.stdout.write(`\nnpm run dev and Chromium ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${state.n8nUrl})\n`);
}

function launchChromium(folder: string) {
	return puppeteer.launch({
		executablePath: chromiumPath(),
		headless: true,
		userDataDir: path.join(folder, 'chromium'),
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
}

/** The suite without `npm run dev`: Chromium only (for install.browser.ts, which starts its own n8n). */
async function chromiumOnly(folder: string, started: number): Promise<void> {
	const browser = await launchChromium(folder);
	const state: SuiteState = { n8nUrl: '', sandboxUrl: '', token: '', email: '', password: '', wsEndpoint: browser.wsEndpoint(), folder, devOutput: '' };
	process.env.TALKOVER_BROWSER_STATE = path.join(folder, 'state.json');
	fs.writeFileSync(process.env.TALKOVER_BROWSER_STATE, JSON.stringify(state));
	(globalThis as Record<string, unknown>).__talkoverBrowserSuite = { browser, folder };
	process.stdout.write(`\nChromium ready in ${((Date.now() - started) / 1000).toFixed(1)} s (no npm run dev: install.browser.ts starts its own n8n)\n`);
}
