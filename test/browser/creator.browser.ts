/**
 * Discoverable: a person who adds a node finds Talkover. In n8n's node creator, searching
 * "Talkover" (or an alias) lists the Talkover node with every action and the Talkover Trigger; the AI
 * Agent still offers the Talkover tool.
 */
import type { INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { Editor, picture, suite, uiTest } from './suite';

const ROOT = '../..';
const action: INodeTypeDescription = new (require(`${ROOT}/dist/nodes/Talkover/Talkover.node.js`).Talkover)().description;

/** Every operation's action label (what n8n's node creator lists), per resource, in the node's order. */
const RESOURCES = (action.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).map((resource) => ({
	name: resource.name,
	actions: action.properties
		.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value as string))
		.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => o.action!)),
}));
const ALL_ACTIONS = RESOURCES.flatMap((r) => r.actions);

let editor: Editor;

beforeAll(async () => {
	editor = await Editor.open();
});

afterAll(async () => {
	await editor?.close();
});

uiTest('signs in with the e-mail and password that npm run dev prints, and lists the example workflows', async () => {
	expect(suite().devOutput).toContain(`Sign in: ${suite().email} / ${suite().password}`);
	await editor.signIn();
	await editor.page.goto(editor.url('/home/workflows'), { waitUntil: 'domcontentloaded' });
	const text = await editor.waitForText('body', 'CRM lead');
	expect(text).toContain('CRM lead → is the lead already on a call?');
	expect(text).toContain('Talkover call ended → update the CRM record');
});

describe('"+" after a trigger', () => {
	beforeAll(async () => {
		await editor.newWorkflow();
		await editor.addManualTrigger();
	});

	uiTest('searching "Talkover" lists the Talkover node', async () => {
		await editor.openCreatorAfterNode();
		expect(await editor.search('Talkover')).toContain('Talkover');
	});

	uiTest('the Talkover node lists every action, with n8n’s action labels, under its resource, and the Talkover Trigger', async () => {
		expect(ALL_ACTIONS).toHaveLength(44);
		await editor.clickCreatorItem('Talkover');
		await editor.page.waitForFunction(() => document.querySelector('[data-test-id="node-creator"]')!.textContent!.includes('Actions ('));
		// The creator renders only the rows that fit (virtual list): a window tall enough for all 44 actions.
		await editor.page.setViewport({ width: 1440, height: 3200 });
		const last = ALL_ACTIONS[ALL_ACTIONS.length - 1];
		await editor.page.waitForFunction((label) => document.querySelector('[data-test-id="node-creator"]')!.textContent!.includes(label), {}, last);
		const text = await editor.creatorText();
		await editor.page.setViewport({ width: 1440, height: 900 });
		expect(text).toContain(`Actions (${ALL_ACTIONS.length})`);
		expect(text).toContain('Triggers (1)');
		// In the creator's order: resource heading, then its actions.
		const listed = text.filter((line) => ALL_ACTIONS.includes(line) || /actions$/i.test(line));
		expect(listed).toEqual(RESOURCES.flatMap((r) => [expect.stringMatching(new RegExp(`^${r.name} actions$`, 'i')), ...r.actions]));
		await picture(editor, 'node-creator-actions');
	});

	uiTest('searching "wait", "outcome" or "result" finds the Talkover node (Make and Wait for Outcome, Add Call and Wait for Outcome: both among its actions above)', async () => {
		await editor.closeCreator();
		await editor.openCreatorAfterNode();
		for (const word of ['wait', 'outcome', 'result']) {
			expect([word, (await editor.search(word)).some((line) => /Talkover|Make a call and wait for its outcome/.test(line))]).toEqual([word, true]);
		}
	});

	uiTest('the panel’s own search (the "+" at the top right) finds Talkover too', async () => {
		await editor.closeCreator();
		await editor.openCreatorFromPanelButton();
		expect(await editor.search('Talkover')).toContain('Talkover');
	});

	for (const alias of ['voice agent', 'phone call']) {
		uiTest(`the alias "${alias}" finds the Talkover node`, async () => {
			expect(await editor.search(alias)).toContain('Talkover');
		});
	}
});

describe('on an empty workflow ("Add first step", what triggers it)', () => {
	beforeAll(async () => {
		await editor.newWorkflow();
		await editor.openCreatorOnEmptyCanvas();
	});

	for (const text of ['Talkover', 'voice agent', 'phone call']) {
		uiTest(`searching "${text}" lists Talkover (the node, with the Talkover Trigger inside)`, async () => {
			expect(await editor.search(text)).toContain('Talkover');
		});
	}

	uiTest('opening it shows the trigger ("On new Talkover event")', async () => {
		await editor.search('Talkover');
		await editor.clickCreatorItem('Talkover');
		await editor.page.waitForFunction(() => document.querySelector('[data-test-id="node-creator"]')!.textContent!.includes('Triggers ('));
		expect(await editor.creatorItemNames()).toContain('On new Talkover event');
	});
});

uiTest('the AI Agent’s tools still offer the Talkover tool (n8n makes it from usableAsTool)', async () => {
	await editor.newWorkflow();
	await editor.addManualTrigger();
	await editor.openCreatorAfterNode();
	await editor.search('AI Agent');
	await editor.clickCreatorItem('AI Agent');
	await editor.page.waitForSelector('[data-test-id="ndv"]', { visible: true });
	await editor.closeNode();
	await editor.clickUntil('[data-test-id="canvas-node-input-handle"][data-connection-type="ai_tool"] [data-test-id="canvas-handle-plus"]', '[data-test-id="node-creator-search-bar"]');
	expect(await editor.search('Talkover')).toEqual(['Talkover Tool']);
});
