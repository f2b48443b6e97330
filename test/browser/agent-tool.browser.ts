/**
 * The Agent Tool source of the Talkover Trigger as a person finds and fills it in n8n's
 * editor. The node creator finds Talkover when one types what one wants ("tool", "during call", "agent
 * tool", "function"), and the Talkover Trigger is inside; its panel with Source = "Agent Tool: Answer
 * During the Call" shows the tool's fields (Agent, Tool Name, Tool Description, Inputs, Respond, Options)
 * and none of the event sources' fields. `npm run screenshots` saves docs/images/agent-tool-panel.png.
 */
import { Editor, dropdownItems, openSelect, picture, settledItems, suite, uiTest } from './suite';

let editor: Editor;

const TOOL_SOURCE = 'Agent Tool: Answer During the Call';

/** Opens the drop-down list of an options parameter of the open panel and clicks the item `name`. */
async function choose(parameter: string, name: string): Promise<void> {
	await openSelect(editor, parameter);
	const input = `[data-test-id="parameter-input-${parameter}"] input`;
	for (const item of await editor.page.$$('.el-select-dropdown__item')) {
		const text = await item.evaluate((el) => ((el as HTMLElement).offsetParent !== null ? (el as HTMLElement).innerText.trim() : ''));
		if (text === name || text.startsWith(`${name}\n`)) {
			await item.click();
			await editor.page.waitForFunction((sel, wanted) => (document.querySelector(sel) as HTMLInputElement | null)?.value === wanted, {}, input, name);
			return;
		}
	}
	throw new Error(`The list of "${parameter}" has no "${name}": ${(await dropdownItems(editor, '.el-select-dropdown__item')).join(', ')}`);
}

/** The open node panel's text (labels, hints, shown values), line by line, as a person reads it. */
async function panelLines(): Promise<string[]> {
	return (await editor.textOf('[data-test-id="node-parameters"]'))
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
}

beforeAll(async () => {
	editor = await Editor.open();
	await editor.signIn();
});

afterAll(async () => {
	await editor?.close();
});

describe('the node creator on an empty workflow ("Add first step")', () => {
	beforeAll(async () => {
		await editor.newWorkflow();
		await editor.openCreatorOnEmptyCanvas();
	});

	// n8n lists the Talkover Trigger inside the Talkover item and searches the Talkover node's aliases only.
	for (const text of ['tool', 'agent tool', 'during call', 'call ended']) {
		uiTest(`searching "${text}" lists Talkover first`, async () => {
			expect((await editor.search(text))[0]).toBe('Talkover');
		});
	}

	uiTest('searching "function" lists Talkover (after n8n’s Code node)', async () => {
		expect(await editor.search('function')).toEqual(['Code', 'Talkover']);
	});

	uiTest('Talkover (found by "tool") holds the Talkover Trigger, whose Source offers the Agent Tool', async () => {
		await editor.search('tool');
		await editor.clickCreatorItem('Talkover');
		await editor.page.waitForFunction(() => document.querySelector('[data-test-id="node-creator"]')!.textContent!.includes('Triggers ('));
		expect(await editor.creatorItemNames()).toContain('On new Talkover event');
		await editor.clickCreatorItem('On new Talkover event');
		await editor.page.waitForSelector('[data-test-id="ndv"]', { visible: true });
		await editor.page.waitForSelector('[data-test-id="parameter-input-source"] input', { visible: true });
		await editor.page.click('[data-test-id="parameter-input-source"] input');
		const sources = await settledItems(editor, '.el-select-dropdown__item');
		expect(sources.map((s) => s.split('\n')[0])).toEqual(['Agent', 'Campaign', TOOL_SOURCE]);
		expect(sources.find((s) => s.startsWith(TOOL_SOURCE))).toContain('The agent calls this workflow as a tool during the call');
		await editor.page.keyboard.press('Escape');
	});
});

describe('the Talkover Trigger’s panel with Source = Agent Tool', () => {
	uiTest('shows the tool’s fields, and none of the event sources’', async () => {
		await choose('source', TOOL_SOURCE);
		await editor.page.waitForSelector('[data-test-id="parameter-input-toolName"]', { visible: true });
		const lines = await panelLines();
		for (const label of ['Source', 'Agent', 'Tool Name', 'Tool Description', 'Inputs', 'Respond', 'Options']) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${label}\\*?$`)));
		const order = ['Source', 'Agent', 'Tool Name', 'Tool Description', 'Inputs', 'Respond', 'Options'].map((label) => lines.findIndex((l) => l.replace(/\*$/, '') === label));
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		for (const other of ['Events', 'Campaign', 'Ignore Test Deliveries']) expect(lines).not.toContain(other);
		expect(await editor.shownIn('[data-test-id="parameter-input-responseMode"]')).toContain('When Last Node Finishes');
	});

	uiTest('a tool filled in as a person would: the agent from Talkover’s list, name, description, an input, the options', async () => {
		await editor.clickUntil('[data-test-id="resource-locator-agentId"] [data-test-id="rlc-input"]', '[data-test-id="rlc-item"]');
		await editor.page.keyboard.type('sales');
		await editor.page.waitForFunction(() => document.querySelectorAll('[data-test-id="rlc-item"]').length === 1);
		await editor.page.click('[data-test-id="rlc-item"]');
		await editor.page.waitForSelector('[data-test-id="rlc-item"]', { hidden: true });
		expect(await editor.shownIn('[data-test-id="resource-locator-agentId"]')).toContain('Sales Agent (outbound, published)');
		await editor.fillParameter('toolName', 'look_up_caller');
		await editor.fillParameter('toolDescription', 'Looks the caller up in the CRM by phone number and tells who they are');
		await editor.clickUntil('[data-test-id="fixed-collection-add"]', '[data-test-id="parameter-input-name"]');
		await editor.fillParameter('name', 'phone');
		await editor.fillParameter('description', 'The caller’s phone number');
		await editor.page.click('[data-test-id="parameter-input-required"] .el-switch');
		await editor.page.waitForSelector('[data-test-id="parameter-input-required"] .el-switch.is-checked');
		const inputs = await editor.shownIn('[data-test-id="node-parameters"]');
		for (const text of ['Name', 'Type', 'Required', 'Description', 'phone', 'Text', 'The caller’s phone number']) expect(inputs).toContain(text);
		await editor.page.click('[data-test-id="collection-parameter-add"]');
		const options = await settledItems(editor, '.el-select-dropdown__item');
		expect(options).toEqual(
			expect.arrayContaining(['Answer Time Limit (Seconds)', 'Fallback Answer', 'Flow Node Name or ID', 'Publish Agent Again', 'Speak on Receive', 'Speak on Send']),
		);
		for (const item of await editor.page.$$('.el-select-dropdown__item')) {
			if ((await item.evaluate((el) => (el as HTMLElement).innerText.trim())) === 'Answer Time Limit (Seconds)') await item.click();
		}
		await editor.page.waitForSelector('[data-test-id="parameter-input-timeLimit"]', { visible: true });
		expect(await editor.shownIn('[data-test-id="node-parameters"]')).toContain('Answer Time Limit (Seconds)');
		// The whole form in the picture, from Source to Options: a taller window, the panel scrolled to its top.
		await editor.page.setViewport({ width: 1440, height: 1250 });
		await editor.page.$eval('[data-test-id="node-parameters"]', (el) => {
			for (let e: Element | null = el; e; e = e.parentElement) e.scrollTop = 0;
		});
		await picture(editor, 'agent-tool-panel');
		await editor.page.setViewport({ width: 1440, height: 900 });
		await editor.closeNode();
		expect((await editor.canvasNodes()).find((n) => n.type === 'n8n-nodes-talkover.talkoverTrigger')?.subtitle).toBe('Tool: look_up_caller');
		expect(suite().n8nUrl).toMatch(/^http/);
	});
});
