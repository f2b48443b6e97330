/**
 * The package installed as users install it. The packed package is published to a local npm registry
 * (Verdaccio, ./registry.ts); a fresh n8n with no package, pointed at it (N8N_COMMUNITY_PACKAGES_REGISTRY),
 * installs it from the editor: Settings → Community nodes → Install, the name, the risk box, Install. Then
 * the node is in the node panel and runs against the sandbox; 0.1.1 is published and the card's menu
 * updates to it; Uninstall removes it.
 *
 * One n8n per line named in TALKOVER_INSTALL_LINES (default: 2.8,next,lts), one after the other (the suite's
 * Chromium, its own registry and sandbox each). This file does not use the suite's `npm run dev` n8n.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort, TOKEN } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { FreshN8n, LocalRegistry, nextPatch, OWNER, PACKAGE, removePacked, tempFolder, VERSION } from './registry';
import { Editor, sleep, uiTest } from './suite';

const LINES = (process.env.TALKOVER_INSTALL_LINES ?? '2.8,next,lts')
	.split(',')
	.map((line) => line.trim())
	.filter(Boolean);
const UPDATE = nextPatch(VERSION);
const NODE_TYPE = `${PACKAGE}.talkover`;
const CARD = '[data-test-id="community-package-card"]';
/** The page without packages: `action-box` on 1.123 and 2.8, `empty-state` on 2.41. */
const EMPTY = '[data-test-id="action-box"], [data-test-id="empty-state"]';

/** How long each line took, step by step (printed after the file). */
const timings: string[] = [];

afterAll(() => {
	removePacked();
	if (timings.length) process.stdout.write(`\nInstall test timings:\n${timings.join('\n')}\n`);
});

describe.each(LINES)('n8n line %s', (line) => {
	let folder: string;
	let registry: LocalRegistry;
	let sandbox: TalkoverSandbox;
	let n8n: FreshN8n;
	let editor: Editor;
	let started: number;
	const step = (what: string) => timings.push(`  ${line}: ${what} at ${((Date.now() - started) / 1000).toFixed(0)} s`);

	beforeAll(async () => {
		started = Date.now();
		folder = tempFolder();
		registry = await LocalRegistry.start(path.join(folder, 'registry'));
		await registry.publish();
		step(`Verdaccio started, ${VERSION} published`);
		sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start(await freePort());
		n8n = await FreshN8n.start(line, registry, path.join(folder, 'n8n'));
		step(`n8n ${n8n.version} started`);
		editor = await Editor.open();
		// This n8n, not the suite's: the editor's addresses and the owner created for it.
		editor.url = (route: string) => `${n8n.url}${route}`;
		await editor.page.goto(editor.url('/signin'), { waitUntil: 'domcontentloaded' });
		await editor.page.waitForSelector('input[name="emailOrLdapLoginId"]');
		await editor.page.type('input[name="emailOrLdapLoginId"]', OWNER.email);
		await editor.page.type('input[name="password"]', OWNER.password);
		await editor.page.keyboard.press('Enter');
		await editor.page.waitForFunction(() => !location.pathname.startsWith('/signin'));
	}, 600_000);

	afterAll(async () => {
		await editor?.close();
		await n8n?.stop();
		await registry?.stop();
		await sandbox?.stop();
		step('stopped');
		if (folder) fs.rmSync(folder, { recursive: true, force: true });
	}, 60_000);

	/** The installed community packages as n8n's REST API lists them: name → version. */
	async function installed(): Promise<Record<string, string>> {
		const list = (await editor.rest('GET', '/rest/community-packages')).data as Array<{ packageName: string; installedVersion: string }>;
		return Object.fromEntries(list.map((p) => [p.packageName, p.installedVersion]));
	}

	/** The node types the editor gets (n8n serves them fresh after an install or uninstall). */
	async function nodeTypes(): Promise<string[]> {
		return await editor.page.evaluate(async () => ((await (await fetch('/types/nodes.json', { cache: 'no-store' })).json()) as Array<{ name: string }>).map((t) => t.name));
	}

	/** Settings → Community nodes, once it has loaded (its cards are placeholders while n8n asks npm for updates). */
	async function openCommunityNodes(): Promise<void> {
		await editor.page.goto(editor.url('/settings/community-nodes'), { waitUntil: 'domcontentloaded' });
		await editor.page.waitForFunction(
			(empty, card, name) => document.querySelector(empty) || [...document.querySelectorAll(card)].some((c) => (c as HTMLElement).innerText.includes(name)),
			{ timeout: 120_000 },
			EMPTY,
			CARD,
			PACKAGE,
		);
	}

	/** Closes the node panel: its × on 2.x, "Back to canvas" on 1.123. */
	async function closeNode(): Promise<void> {
		await editor.page.click('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]');
		await editor.page.waitForSelector('[data-test-id="ndv"]', { hidden: true });
	}

	/** Resolves when the page shows `text` (a toast: started before the click that brings it, toasts go away). */
	function shows(text: string): Promise<unknown> {
		const shown = editor.page.waitForFunction((wanted) => document.body.innerText.includes(wanted), { timeout: 180_000 }, text);
		// Awaited later by the test; a step failing before then is the error to see, not this one.
		shown.catch(() => undefined);
		return shown;
	}

	/**
	 * Clicks the confirmation dialog's button (again, while the dialog is still opening and a click does not
	 * take) until n8n starts the work; returns what the dialog said.
	 */
	async function confirm(label: string): Promise<string> {
		const selector = `button::-p-text(${label})`;
		const button = await editor.page.waitForSelector(selector, { visible: true });
		const said = await button!.evaluate((b) => ((b.closest('.el-dialog, [role="dialog"]') as HTMLElement | null)?.innerText ?? '').replace(/\s+/g, ' '));
		for (let tries = 0; ; tries++) {
			await (await editor.page.$(selector))?.click().catch(() => undefined);
			// While n8n works the button says "Updating..." / "Uninstalling" or the dialog is gone.
			const took = await editor.page
				.waitForSelector(selector, { hidden: true, timeout: 3000 })
				.then(() => true)
				.catch(() => false);
			if (took) return said;
			if (tries === 10) throw new Error(`Clicking "${label}" did nothing`);
		}
	}

	uiTest(
		'Settings → Community nodes → Install: type the name, accept the risk, Install: the card shows the package and its version',
		async () => {
			await openCommunityNodes();
			expect(await installed()).toEqual({});
			await editor.clickUntil('button::-p-text(Install a community node)', '[data-test-id="package-name-input"]');
			await editor.page.type('[data-test-id="package-name-input"]', PACKAGE);
			await editor.page.click('[data-test-id="user-agreement-checkbox"]');
			const toast = shows('Package installed');
			await editor.page.click('[data-test-id="install-community-package-button"]');
			await toast;
			const card = await editor.waitForText(CARD, PACKAGE, 180_000);
			expect(card).toContain(`v${VERSION}`);
			expect(card).toContain('Talkover');
			expect(await installed()).toEqual({ [PACKAGE]: VERSION });
			expect(fs.existsSync(path.join(n8n.packageFolder(), 'dist/nodes/Talkover/Talkover.node.js'))).toBe(true);
			// n8n fetched it from the local registry (the package document and the tarball), and nothing else: a
			// runtime dependency (which n8n's rules for community nodes forbid) would be fetched and installed here.
			expect(registry.requests).toContain(`GET /${PACKAGE}/-/${PACKAGE}-${VERSION}.tgz 200`);
			expect(registry.requests.filter((r) => /^GET \/(?!-\/)/.test(r) && !r.startsWith(`GET /${PACKAGE}`))).toEqual([]);
			expect(fs.existsSync(path.join(n8n.packageFolder(), 'node_modules'))).toBe(false);
			expect(await nodeTypes()).toEqual(expect.arrayContaining([NODE_TYPE, `${PACKAGE}.talkoverTrigger`]));
			step('installed from the editor');
		},
		300_000,
	);

	uiTest(
		'the node panel finds Talkover; Manual Trigger → Talkover "Get many agents" runs against the sandbox',
		async () => {
			await editor.rest('POST', '/rest/credentials', { name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } });
			await editor.newWorkflow();
			await editor.addManualTrigger();
			await editor.addTalkoverAction('Get many agents');
			await closeNode();
			const talkover = (await editor.canvasNodes()).find((n) => n.type === NODE_TYPE);
			expect(talkover).toBeDefined();
			sandbox.requests.length = 0;
			await editor.executeWorkflow();
			expect(sandbox.requests.map((r) => `${r.method} ${r.path}?${r.rawQuery} ${r.headers.authorization}`)).toEqual([`GET /api/v1/agents?per_page=50&page=1 Bearer ${TOKEN}`]);
			await editor.openNode(talkover!.name);
			const output = await editor.waitForText('[data-test-id="output-panel"]', 'SupportBot');
			expect(output).toContain('SalesBot');
			expect(output).toContain('3 items');
			await closeNode();
			step('ran a workflow');
		},
		300_000,
	);

	uiTest(
		`${UPDATE} published: the card offers an Update; Update and Confirm update install it`,
		async () => {
			await registry.publish(UPDATE);
			await openCommunityNodes();
			await editor.dismissToasts();
			// n8n asks npm (`npm outdated`, against the local registry) and shows an Update button on the card.
			await editor.clickUntil(`${CARD} button::-p-text(Update)`, 'button::-p-text(Confirm update)');
			// n8n's toast says "Package updated" and "<name> updated to version " without the version for an
			// unverified package (it takes the version from n8n's verified list): the card and REST say which.
			const toast = shows('Package updated');
			const dialog = await confirm('Confirm update');
			expect(dialog).toContain('Update node package');
			expect(dialog).toContain('Package includes: Talkover, Talkover Trigger');
			await toast;
			const card = await editor.waitForText(CARD, `v${UPDATE}`, 180_000);
			expect(card).not.toContain(`v${VERSION}`);
			expect(await installed()).toEqual({ [PACKAGE]: UPDATE });
			expect(JSON.parse(fs.readFileSync(path.join(n8n.packageFolder(), 'package.json'), 'utf8')).version).toBe(UPDATE);
			expect(registry.requests).toContain(`GET /${PACKAGE}/-/${PACKAGE}-${UPDATE}.tgz 200`);
			step('updated from the editor');
		},
		300_000,
	);

	uiTest(
		'Uninstall (the card’s menu): the list is empty and the node types are gone',
		async () => {
			// The menu's item (an Element Plus dropdown on 1.123 and 2.8, n8n's own menu on 2.41): by its words.
			await editor.clickUntil(`${CARD} [data-test-id="action-toggle"]`, '::-p-text(Uninstall package)');
			await (await editor.page.waitForSelector('::-p-text(Uninstall package)', { visible: true }))!.click();
			const toast = shows('Package uninstalled');
			const dialog = await confirm('Confirm uninstall');
			expect(dialog).toContain('Uninstall node package');
			expect(dialog).toContain('Package includes: Talkover, Talkover Trigger');
			await toast;
			await editor.page.waitForSelector(EMPTY, { visible: true, timeout: 120_000 });
			expect(await editor.page.$(CARD)).toBeNull();
			expect(await installed()).toEqual({});
			for (let i = 0; i < 20 && (await nodeTypes()).includes(NODE_TYPE); i++) await sleep(500);
			expect((await nodeTypes()).filter((type) => type.startsWith(PACKAGE))).toEqual([]);
			expect(fs.existsSync(n8n.packageFolder())).toBe(false);
			step('uninstalled from the editor');
		},
		300_000,
	);
});
