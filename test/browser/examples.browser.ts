/**
 * Each example workflow, as `npm run dev` imports it, opens in the editor without page errors
 * and with its icons, in the light and the dark theme; its nodes read in words; Execute workflow gives
 * output, a second run of the call example does not end silently, and a test delivery from Talkover
 * never reaches the CRM node. The workflow menu offers the import the README tells a builder to use.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Theme } from './suite';
import { Editor, picture, suite, uiTest } from './suite';

const DIR = path.resolve(__dirname, '../../examples');
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const workflowOf = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));

/** The editor address `npm run dev` printed for each example (by its name). */
function exampleUrl(file: string): string {
	const name = workflowOf(file).name as string;
	const line = suite()
		.devOutput.split('\n')
		.find((l) => l.trim().startsWith(`${name}: http`));
	if (!line) throw new Error(`npm run dev did not print a link to "${name}":\n${suite().devOutput}`);
	return new URL(line.trim().slice(name.length + 2)).pathname;
}

const TRIGGER_EVENTS = 'Phone call ended, Voicemail detected, Action failed';

/** What each example's canvas says under its Talkover nodes. */
const SUBTITLES: Record<string, Record<string, string>> = {
	'agent-tool-book-chosen-slot.json': { 'Talkover Trigger': 'Tool: book_slot', 'Talkover: Free Slots': 'Get Calendar Availability', 'Talkover: Book Slot': 'Create Calendar Event' },
	'agent-tool-look-up-caller-in-crm.json': { 'Talkover Trigger': 'Tool: look_up_caller' },
	'call-ended-update-crm.json': { 'Talkover Trigger': TRIGGER_EVENTS },
	'campaign-call-ended-update-crm.json': { 'Talkover Trigger': 'Campaign call completed, Campaign call failed, Campaign call retry scheduled' },
	'crm-demo-request-book-calendar-slot.json': { 'Talkover: Free Slots': 'Get Calendar Availability', 'Talkover: Book Demo': 'Create Calendar Event' },
	'crm-lead-credits-add-to-campaign.json': { 'Talkover: Credit Balance': 'Get Credit Balance', 'Talkover: Add Call to Campaign': 'Add Call to Campaign' },
	'crm-lead-call-and-wait-for-outcome.json': { 'Talkover: Call and Wait for Outcome': 'Make Call and Wait for Outcome' },
	'crm-lead-call-at-most-per-day.json': { 'Talkover: Make Call': 'Make Call' },
	'crm-lead-call-if-not-on-a-call.json': { 'Talkover: Get Active Call': 'Get Active Call', 'Talkover: Make Call': 'Make Call' },
	'crm-lead-call-until-reached.json': { 'Call Until Reached': 'Make Call and Wait for Outcome' },
	'crm-lead-check-active-call.json': { 'Talkover: Get Active Call': 'Get Active Call' },
};

/** Each run of Execute workflow, in order: the node that ends it and what its output shows. */
const RUNS: Record<string, Array<{ node: string; shows: string[] }>> = {
	// The agent tool examples run on their pinned tool call (what the agent would send) and, for the CRM, a
	// pinned contact (the CRM is yours: its request is not sent while the sample is pinned).
	'agent-tool-book-chosen-slot.json': [{ node: 'Answer: Booked', shows: ['Booked: Monday, March 2', 'erin@initech.example'] }],
	'agent-tool-look-up-caller-in-crm.json': [{ node: 'Tell the Agent Who It Is', shows: ['Ada Lovelace from Acme, 2 open ticket(s)'] }],
	'call-ended-update-crm.json': [{ node: 'Update CRM record', shows: ['crm-1002', 'call_finished', 'c0ffee00-0000-4000-8000-000000000001'] }],
	'campaign-call-ended-update-crm.json': [{ node: 'Update CRM record', shows: ['crm-2001', 'call_completed', 'cc000000-0000-4000-8000-000000000002'] }],
	'crm-demo-request-book-calendar-slot.json': [{ node: 'Write back to CRM', shows: ['crm-3001', 'demo_booked'] }],
	'crm-lead-credits-add-to-campaign.json': [{ node: 'Write back to CRM', shows: ['crm-2001', 'queued_in_campaign'] }],
	// The execution waits for the test call's end: the sandbox of npm run dev ends it a few seconds after it is placed.
	'crm-lead-call-and-wait-for-outcome.json': [{ node: 'Update CRM with the outcome', shows: ['crm-1003', 'answered'] }],
	// Max Calls per Day 20: the sandbox's agent has far fewer calls today, so the lead is called and written back.
	'crm-lead-call-at-most-per-day.json': [{ node: 'Write back to CRM', shows: ['crm-1005', 'call_placed'] }],
	'crm-lead-call-if-not-on-a-call.json': [
		{ node: 'Write back to CRM', shows: ['crm-1002', 'call_placed'] },
		// The first run's test call is still going on: the second run finds it.
		{ node: 'Already on a call', shows: ['crm-1002', 'already_on_a_call'] },
	],
	'crm-lead-check-active-call.json': [{ node: 'Mark lead: on a call', shows: ['on_call', 'c0ffee00-0000-4000-8000-000000000001'] }],
	// Answered at the first call (the sandbox of npm run dev answers): the lead goes on to the CRM with one attempt.
	'crm-lead-call-until-reached.json': [{ node: 'Update CRM with the outcome', shows: ['crm-1004', 'answered'] }],
};

test('every example has its expectations here (a new example needs them)', () => {
	expect(Object.keys(RUNS).sort()).toEqual(FILES);
	expect(Object.keys(SUBTITLES).sort()).toEqual(FILES);
});

describe.each<Theme>(['light', 'dark'])('in the %s theme', (theme) => {
	let editor: Editor;

	beforeAll(async () => {
		editor = await Editor.open(theme);
		await editor.signIn();
	});

	afterAll(async () => {
		await editor?.close();
	});

	describe.each(FILES)('%s', (file) => {
		uiTest('opens without page errors, with every node, its icons loaded, and its Talkover nodes described in words', async () => {
			await editor.openWorkflow(exampleUrl(file).replace(/^\/workflow\//, ''));
			const workflow = workflowOf(file);
			const nodes = await editor.canvasNodes();
			const stickies = workflow.nodes.filter((n: { type: string }) => n.type === 'n8n-nodes-base.stickyNote');
			expect(nodes.map((n) => n.name).sort()).toEqual(workflow.nodes.filter((n: { type: string }) => !stickies.includes(n)).map((n: { name: string }) => n.name).sort());
			// The sticky note: its heading and "What to change" are on the canvas.
			const canvas = await editor.textOf('[data-test-id="canvas"]');
			for (const note of stickies) expect(canvas).toContain(String(note.parameters.content).split('\n')[0].replace(/^## /, ''));
			expect(canvas).toContain('What to change');
			expect(await editor.brokenImages()).toEqual([]);
			for (const type of ['n8n-nodes-talkover.talkover', 'n8n-nodes-talkover.talkoverTrigger']) {
				const icon = type.endsWith('Trigger') ? 'talkoverTrigger' : 'talkover';
				for (const src of await editor.iconSources(type)) expect(src).toMatch(new RegExp(`/${icon}${theme === 'dark' ? '\\.dark' : ''}\\.svg$`));
			}
			expect(Object.fromEntries(nodes.filter((n) => SUBTITLES[file][n.name]).map((n) => [n.name, n.subtitle]))).toEqual(SUBTITLES[file]);
			if (theme === 'dark') expect(await editor.backgroundLuminance()).toBeLessThan(0.25);
			else expect(await editor.backgroundLuminance()).toBeGreaterThan(0.75);
			expect(editor.pageErrors).toEqual([]);
			expect(editor.badPackageResponses).toEqual([]);
		});
	});
});

describe('in the default theme', () => {
	let editor: Editor;

	beforeAll(async () => {
		editor = await Editor.open();
		await editor.signIn();
	});

	afterAll(async () => {
		await editor?.close();
	});

	describe('Execute workflow', () => {
		describe.each(FILES)('%s', (file) => {
			uiTest(`gives output${RUNS[file].length > 1 ? ', and again on a second run' : ''}`, async () => {
				await editor.openWorkflow(exampleUrl(file).replace(/^\/workflow\//, ''));
				for (const [i, run] of RUNS[file].entries()) {
					await editor.executeWorkflow();
					if (file === 'crm-lead-call-if-not-on-a-call.json' && i === 0) await picture(editor, 'executed-example');
					if (file === 'crm-lead-call-and-wait-for-outcome.json') await picture(editor, 'call-and-wait-example');
					await editor.openNode(run.node);
					const output = await editor.waitForText('[data-test-id="output-panel"]', run.shows[0]);
					for (const value of run.shows) expect(output).toContain(value);
					await editor.closeNode();
				}
				expect(editor.pageErrors).toEqual([]);
			});
		});

		uiTest('a test delivery from Talkover (webhook.test) goes to Skip and never reaches the CRM node', async () => {
			// The trigger example as shipped, with Talkover's test delivery as its pinned event.
			const example = workflowOf('call-ended-update-crm.json');
			const trigger = example.nodes.find((n: { name: string }) => n.name === 'Talkover Trigger');
			const created = await editor.rest('POST', '/rest/workflows', {
				name: 'Talkover test delivery',
				nodes: example.nodes.map((n: Record<string, unknown>) => (n === trigger ? { ...n, webhookId: 'f0e1d2c3-b4a5-4968-8776-655443322110' } : n)),
				connections: example.connections,
				settings: example.settings,
				pinData: { 'Talkover Trigger': [{ json: { event: 'webhook.test', message: 'Test webhook from Talkover' } }] },
			});
			await editor.openWorkflow(created.data.id);
			await editor.executeWorkflow();
			await editor.openNode('Skip: test delivery or no CRM record');
			expect(await editor.waitForText('[data-test-id="output-panel"]', 'webhook.test')).toContain('webhook.test');
			await editor.closeNode();
			await editor.openNode('Update CRM record');
			const crm = await editor.textOf('[data-test-id="output-panel"]');
			expect(crm).not.toContain('webhook.test');
			expect(crm).not.toContain('lead_status');
			await editor.closeNode();
		});
	});

	describe('bringing an example into n8n, as the README tells a builder', () => {
		uiTest('a new workflow’s ⋯ menu offers “Import from file...”, the words the README gives for n8n 2.8', async () => {
			await editor.newWorkflow();
			const item = '[data-test-id="workflow-menu-item-import-from-file"]';
			await editor.clickUntil('[data-test-id="workflow-menu"]', item);
			expect((await editor.textOf(item)).trim()).toBe('Import from file...');
			const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
			expect(readme).toContain('**Import from file...** (2.8)');
			expect(editor.pageErrors).toEqual([]);
		});
	});
});
