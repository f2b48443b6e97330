/**
 * What the browser test files share: where setup.ts started n8n, the sandbox and Chromium; an `Editor`
 * (one signed-in browser context with n8n's editor and the few moves a person makes in it); `uiTest`,
 * which saves a screenshot of the page when a test fails; and `picture`, which writes the README's
 * pictures to docs/images/ when the suite runs as `npm run screenshots`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import puppeteer from 'puppeteer-core';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';

export interface SuiteState {
	n8nUrl: string;
	sandboxUrl: string;
	token: string;
	email: string;
	password: string;
	wsEndpoint: string;
	folder: string;
	devOutput: string;
}

const ROOT = path.resolve(__dirname, '../..');
/** Screenshots of failed tests (gitignored). */
export const FAILURES = path.join(ROOT, 'test/browser/failures');
/** The README's pictures, written only by `npm run screenshots`. */
export const PICTURES = path.join(ROOT, 'docs/images');

export function suite(): SuiteState {
	const file = process.env.TALKOVER_BROWSER_STATE;
	if (!file) throw new Error('TALKOVER_BROWSER_STATE is not set: run the browser tests with npm run test:browser');
	return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteState;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The editor page the running test works in (the one a failure screenshot shows). */
let current: Editor | undefined;

export type Theme = 'light' | 'dark';

export interface CanvasNode {
	name: string;
	type: string;
	/** The grey line under the node's name (subtitle, e.g. the operation). */
	subtitle: string;
}

export class Editor {
	/** Uncaught exceptions in the page. */
	readonly pageErrors: string[] = [];
	/** Requests for this package's files (icons, node types) that failed or answered an error. */
	readonly badPackageResponses: string[] = [];

	private constructor(
		readonly page: Page,
		private readonly context: BrowserContext,
		private readonly browser: Browser,
		readonly theme: Theme,
	) {}

	/** A fresh browser context (own cookies and storage) in the suite's Chromium, with the editor's window size. */
	static async open(theme: Theme = 'light'): Promise<Editor> {
		const browser = await puppeteer.connect({ browserWSEndpoint: suite().wsEndpoint, defaultViewport: { width: 1440, height: 900 } });
		const context = await browser.createBrowserContext();
		const page = await context.newPage();
		// n8n's default theme is "system": it follows the browser's colour scheme.
		await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
		page.setDefaultTimeout(20_000);
		const editor = new Editor(page, context, browser, theme);
		page.on('pageerror', (error) => editor.pageErrors.push(String((error as Error).message ?? error)));
		// Leaving a workflow with unsaved changes asks "leave the page?": the tests leave without saving.
		page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
		page.on('requestfailed', (request) => {
			if (request.url().includes('n8n-nodes-talkover')) editor.badPackageResponses.push(`${request.url()}: ${request.failure()?.errorText}`);
		});
		page.on('response', (response) => {
			if (response.url().includes('n8n-nodes-talkover') && response.status() >= 400) editor.badPackageResponses.push(`${response.url()}: HTTP ${response.status()}`);
		});
		current = editor;
		return editor;
	}

	async close(): Promise<void> {
		if (current === this) current = undefined;
		await this.context.close();
		await this.browser.disconnect();
	}

	url(route: string): string {
		return `${suite().n8nUrl}${route}`;
	}

	/** Signs in on n8n's sign-in page with the e-mail and password that `npm run dev` printed. */
	async signIn(): Promise<void> {
		const { email, password } = suite();
		await this.page.goto(this.url('/signin'), { waitUntil: 'domcontentloaded' });
		await this.page.waitForSelector('input[name="emailOrLdapLoginId"]');
		await this.page.type('input[name="emailOrLdapLoginId"]', email);
		await this.page.type('input[name="password"]', password);
		await this.page.keyboard.press('Enter');
		await this.page.waitForFunction(() => !location.pathname.startsWith('/signin'));
	}

	/** A call to n8n's REST API from the signed-in page (its session and browser ID), for the few things a test sets up. */
	async rest(method: string, route: string, body?: unknown): Promise<any> {
		const { status, text } = await this.page.evaluate(
			async (m, r, b) => {
				const response = await fetch(r, {
					method: m,
					headers: { 'Content-Type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' },
					body: b,
				});
				return { status: response.status, text: await response.text() };
			},
			method,
			route,
			body === undefined ? undefined : JSON.stringify(body),
		);
		if (status < 200 || status >= 300) throw new Error(`${method} ${route}: HTTP ${status} ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	}

	async newWorkflow(): Promise<void> {
		await this.page.goto(this.url('/workflow/new'), { waitUntil: 'domcontentloaded' });
		await this.page.waitForSelector('[data-test-id="canvas-add-button"]', { visible: true });
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(this.url(`/workflow/${id}`), { waitUntil: 'domcontentloaded' });
		await this.page.waitForSelector('[data-test-id="canvas-node"]', { visible: true });
		// Icons are images that load after the nodes appear: wait until each has loaded or failed.
		await this.page
			.waitForFunction(() => [...document.querySelectorAll('[data-test-id="canvas"] img')].every((img) => (img as HTMLImageElement).complete), { timeout: 10_000 })
			.catch(() => undefined);
	}

	/** Name, type and subtitle of every node on the canvas (sticky notes included, with their type). */
	async canvasNodes(): Promise<CanvasNode[]> {
		return await this.page.$$eval('[data-test-id="canvas-node"]', (nodes) =>
			nodes.map((node) => {
				const name = node.getAttribute('data-node-name') ?? '';
				const lines = (node as HTMLElement).innerText
					.split('\n')
					.map((line) => line.trim())
					.filter(Boolean);
				const after = lines.indexOf(name);
				return { name, type: node.getAttribute('data-node-type') ?? '', subtitle: after >= 0 ? (lines[after + 1] ?? '') : '' };
			}),
		);
	}

	/** Every <img> on the canvas that has not loaded (src), e.g. a node icon n8n could not serve. */
	async brokenImages(): Promise<string[]> {
		return await this.page.$$eval('[data-test-id="canvas"] img', (images) =>
			images.filter((img) => !(img as HTMLImageElement).complete || (img as HTMLImageElement).naturalWidth === 0).map((img) => img.getAttribute('src') ?? ''),
		);
	}

	/** Icon sources of the nodes of a type, as the canvas shows them. */
	async iconSources(nodeType: string): Promise<string[]> {
		return await this.page.$$eval(`[data-test-id="canvas-node"][data-node-type="${nodeType}"] img`, (images) => images.map((img) => img.getAttribute('src') ?? ''));
	}

	/** Relative luminance (0 black … 1 white) of the page background: tells light from dark theme. */
	async backgroundLuminance(): Promise<number> {
		return await this.page.evaluate(() => {
			const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
			return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
		});
	}

	// ── the node creator (the panel that "+" opens) ──

	/**
	 * Clicks `target` until `appears` is visible: a click that lands while the editor is still setting up
	 * the page (right after a navigation, on a busy machine) does nothing, as it would for a person.
	 */
	async clickUntil(target: string, appears: string, { count = 1, timeout = 30_000 } = {}): Promise<void> {
		const deadline = Date.now() + timeout;
		for (;;) {
			const element = await this.page.waitForSelector(target, { visible: true, timeout: Math.max(1, deadline - Date.now()) });
			await element!.click({ count }).catch(() => undefined);
			const shown = await this.page
				.waitForSelector(appears, { visible: true, timeout: 3000 })
				.then(() => true)
				.catch(() => false);
			if (shown) return;
			if (Date.now() > deadline) throw new Error(`Clicking ${target} did not show ${appears}`);
		}
	}

	/** Opens the node creator on an empty canvas ("Add first step"). */
	async openCreatorOnEmptyCanvas(): Promise<void> {
		await this.clickUntil('[data-test-id="canvas-add-button"]', '[data-test-id="node-creator-search-bar"]');
	}

	/** Opens the node creator from the "+" on the output of the only node that has one unconnected. */
	async openCreatorAfterNode(): Promise<void> {
		await this.clickUntil('[data-test-id="canvas-handle-plus"]', '[data-test-id="node-creator-search-bar"]');
	}

	/** Opens the node creator with the "+" button at the canvas's top right (the panel's own search). */
	async openCreatorFromPanelButton(): Promise<void> {
		await this.clickUntil('[data-test-id="node-creator-plus-button"]', '[data-test-id="node-creator-search-bar"]');
	}

	/**
	 * Closes the node creator by clicking the empty canvas beside it, as a person does. Not with Escape: n8n's
	 * creator acts on Escape only while one of its rows is the keyboard's active row, which it sets when a view's
	 * slide ends; on a busy machine that can still be unset, and the creator stays open.
	 */
	async closeCreator(): Promise<void> {
		const canvas = await this.page.$('[data-test-id="canvas"]');
		const box = (await canvas!.boundingBox())!;
		await this.page.mouse.click(box.x + 40, box.y + 40);
		await this.page.waitForSelector('[data-test-id="node-creator"]', { hidden: true });
	}

	/** Types into the node creator's search and returns the names it then lists. */
	async search(text: string): Promise<string[]> {
		const bar = '[data-test-id="node-creator-search-bar"]';
		await this.page.$eval(bar, (input) => {
			(input as HTMLInputElement).focus();
			(input as HTMLInputElement).select();
		});
		await this.page.keyboard.press('Backspace');
		await this.page.keyboard.type(text);
		// The list is filtered as one types: wait until it has settled on this text.
		let last = '';
		for (let i = 0; i < 20; i++) {
			await sleep(150);
			const names = (await this.creatorItemNames()).join('\n');
			if (names === last && names !== '') break;
			last = names;
		}
		return await this.creatorItemNames();
	}

	/** Names of the items the node creator lists now (nodes, actions, sections' items). */
	async creatorItemNames(): Promise<string[]> {
		return await this.page.$$eval('[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]', (names) =>
			names.map((n) => (n as HTMLElement).innerText.trim()),
		);
	}

	/** The whole text of the node creator panel (headings, counts, items), line by line. */
	async creatorText(): Promise<string[]> {
		const text = await this.page.$eval('[data-test-id="node-creator"]', (panel) => (panel as HTMLElement).innerText);
		return text
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
	}

	/** Clicks the node creator's item with this name (waits for it to be listed). */
	async clickCreatorItem(name: string): Promise<void> {
		for (let tries = 0; ; tries++) {
			for (const item of await this.page.$$('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]')) {
				const text = await item.$eval('[data-test-id="node-creator-item-name"]', (el) => el.textContent?.trim()).catch(() => undefined);
				if (text === name) return await item.click();
			}
			if (tries >= 40) throw new Error(`The node creator does not list "${name}"; it lists: ${(await this.creatorItemNames()).join(', ')}`);
			await sleep(250);
		}
	}

	/** Adds n8n's Manual Trigger to an empty workflow. */
	async addManualTrigger(): Promise<void> {
		await this.openCreatorOnEmptyCanvas();
		await this.search('manual');
		await this.clickCreatorItem('Manual Trigger');
		await this.page.waitForSelector('[data-test-id="canvas-handle-plus"]', { visible: true });
	}

	/** After a trigger: "+", search "Talkover", open the Talkover node and click one of its actions. */
	async addTalkoverAction(action: string): Promise<void> {
		await this.openCreatorAfterNode();
		await this.search('Talkover');
		await this.clickCreatorItem('Talkover');
		// The creator renders only the rows that fit (a virtual list): a window tall enough for every action while one
		// is chosen (a row at the window's edge is rendered but not clickable), then the window as it was.
		const viewport = this.page.viewport() ?? { width: 1440, height: 900 };
		await this.page.setViewport({ ...viewport, height: 3200 });
		try {
			await this.clickCreatorItem(action);
			await this.page.waitForSelector('[data-test-id="ndv"]', { visible: true });
		} finally {
			await this.page.setViewport(viewport);
		}
	}

	// ── the node panel (NDV) ──

	async openNode(name: string): Promise<void> {
		await this.clickUntil(`[data-test-id="canvas-node"][data-node-name="${name}"]`, '[data-test-id="ndv"]', { count: 2 });
	}

	async closeNode(): Promise<void> {
		await this.page.click('[data-test-id="ndv-close-button"]');
		await this.page.waitForSelector('[data-test-id="ndv"]', { hidden: true });
	}

	/** Text of a part of the open node panel, e.g. '[data-test-id="output-panel"]'. */
	async textOf(selector: string): Promise<string> {
		await this.drawn(selector);
		return await this.page.$eval(selector, (el) => (el as HTMLElement).innerText);
	}

	/**
	 * Waits until n8n has drawn the fields inside `selector`: it draws a collection's fields a moment after the
	 * panel ("Loading fields..." meanwhile), and a busy machine shows the placeholder long enough for a reader to
	 * miss the fields. At once for anything without a collection.
	 */
	private async drawn(selector: string): Promise<void> {
		await this.page.waitForFunction((sel) => !(document.querySelector(sel) as HTMLElement | null)?.innerText.includes('Loading fields'), { timeout: 20_000 }, selector);
	}

	/** The element's text and the values of its inputs (what a person reads in a filled form), one per line. */
	async shownIn(selector: string): Promise<string> {
		await this.drawn(selector);
		return await this.page.$eval(selector, (el) =>
			[(el as HTMLElement).innerText, ...[...el.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value)].join('\n'),
		);
	}

	/** Waits until the element's text contains `text` (case-sensitive); returns the text. */
	async waitForText(selector: string, text: string, timeout = 20_000): Promise<string> {
		await this.page.waitForFunction((sel, wanted) => [...document.querySelectorAll(sel)].some((el) => (el as HTMLElement).innerText.includes(wanted)), { timeout }, selector, text);
		return await this.textOf(selector);
	}

	/** Types into a plain (fixed, not expression) text parameter of the open node panel and leaves the field. */
	async fillParameter(name: string, value: string): Promise<void> {
		const input = await this.page.waitForSelector(`[data-test-id="parameter-input-${name}"] input, [data-test-id="parameter-input-${name}"] textarea`, { visible: true });
		await input!.click({ count: 3 });
		await this.page.keyboard.press('Backspace');
		// One key at a time: the field re-renders while one types.
		await this.page.keyboard.type(value, { delay: 40 });
		await this.page.keyboard.press('Tab');
		await this.page.waitForFunction((el, wanted) => (el as HTMLInputElement).value === wanted, {}, input!, value);
		// n8n stores a typed value a moment after the last key (debounced); what runs next must see all of it.
		await sleep(600);
	}

	/** Executes the workflow from the canvas's button and waits for n8n's "executed successfully". */
	async executeWorkflow(): Promise<void> {
		const outcome = async (timeout: number) =>
			await this.page
				.waitForFunction(() => ['Workflow executed successfully', 'Lost connection to the server'].find((text) => document.body.innerText.includes(text)), { timeout })
				.then(async (handle) => (await handle.jsonValue()) as string)
				.catch(() => undefined);
		for (let tries = 1; ; tries++) {
			await this.dismissToasts();
			await this.page.click('[data-test-id="execute-workflow-button"]');
			// Right after a page load n8n's push connection may not be up yet: it then says so, and one tries again.
			// On a busy machine a click on a canvas that is still settling can also come to nothing: when n8n has
			// no execution under way after a while, the click did not take, and one clicks again (never while
			// one runs, which would run the workflow twice).
			let said = await outcome(20_000);
			while (said === undefined) {
				const running = await this.rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ status: ['new', 'running'] }))}`);
				if (!running.data.count) break;
				said = await outcome(20_000);
			}
			if (said === 'Workflow executed successfully') return;
			if (tries === 5) throw new Error(`n8n did not run the workflow: ${said ?? 'no execution started after five clicks'}`);
			await sleep(1000);
		}
	}

	async dismissToasts(): Promise<void> {
		for (const close of await this.page.$$('.el-notification__closeBtn')) await close.click().catch(() => undefined);
		await this.page
			.waitForFunction(() => !/Workflow executed successfully|Lost connection to the server/.test(document.body.innerText), { timeout: 10_000 })
			.catch(() => undefined);
	}
}

function fileName(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 120);
}

/**
 * A test that works in the browser: on failure it saves a screenshot of the current page to
 * test/browser/failures/ and names it in the error.
 */
export function uiTest(name: string, fn: () => Promise<void>, timeout?: number): void {
	test(
		name,
		async () => {
			try {
				await fn();
			} catch (error) {
				const page = current?.page;
				if (page && !page.isClosed()) {
					fs.mkdirSync(FAILURES, { recursive: true });
					const { testPath, currentTestName } = expect.getState();
					const file = path.join(FAILURES, `${fileName(path.basename(testPath ?? 'test', '.browser.ts'))}--${fileName(currentTestName ?? name)}.png`);
					await page.screenshot({ path: file as `${string}.png` }).then(
						() => ((error as Error).message += `\nScreenshot of the page: ${path.relative(ROOT, file)}`),
						() => undefined,
					);
				}
				throw error;
			}
		},
		timeout,
	);
}

/** `npm run screenshots` (TALKOVER_SCREENSHOTS=1): writes the page as docs/images/<name>.png for the README. */
export async function picture(editor: Editor, name: string): Promise<void> {
	if (process.env.TALKOVER_SCREENSHOTS !== '1') return;
	fs.mkdirSync(PICTURES, { recursive: true });
	// Let the editor finish drawing (edge colours, item counts) before the picture.
	await sleep(1000);
	await editor.page.screenshot({ path: path.join(PICTURES, `${name}.png`) as `${string}.png` });
}

/** The texts of the visible items matching `selector` in the editor (n8n's open select lists, the resource locator's items). */
export async function dropdownItems(editor: Editor, selector: string): Promise<string[]> {
	return await editor.page.$$eval(selector, (items) => items.filter((i) => (i as HTMLElement).offsetParent !== null).map((i) => (i as HTMLElement).innerText.trim()));
}

/** Waits until the items stop changing (a list loaded from Talkover) and returns them. */
export async function settledItems(editor: Editor, selector: string): Promise<string[]> {
	let last = '';
	for (let i = 0; i < 40; i++) {
		const items = (await dropdownItems(editor, selector)).join('\n');
		if (items !== '' && items === last) break;
		last = items;
		await sleep(250);
	}
	return await dropdownItems(editor, selector);
}

/** Opens the drop-down list of an options parameter of the open panel (clicking again until it shows). */
export async function openSelect(editor: Editor, parameter: string): Promise<void> {
	const input = `[data-test-id="parameter-input-${parameter}"] input`;
	await editor.page.waitForSelector(input, { visible: true });
	for (let tries = 0; tries < 10; tries++) {
		await editor.page.click(input);
		const opened = await editor.page
			.waitForFunction(() => [...document.querySelectorAll('.el-select-dropdown__item')].some((item) => (item as HTMLElement).offsetParent !== null), { timeout: 3000 })
			.then(() => true)
			.catch(() => false);
		if (opened) return;
	}
	throw new Error(`The list of "${parameter}" did not open`);
}
