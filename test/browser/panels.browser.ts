/**
 * The node panels as a person uses them. A Make Call added from the node creator: the agent list
 * loads from the sandbox and its search filters; a bad number shows the field's error in the panel and
 * sends nothing; a good one places a test call. Update Calling's phone-number picker loads the sandbox's
 * numbers. Webhook Delivery's Webhook picker lists the agent's webhooks. The Talkover Trigger's panel. The credential's Test button explains a wrong token and a wrong
 * Base URL. Make Call's three guardrails in Options, as the README's picture shows them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Editor, openSelect, picture, settledItems, sleep, suite, uiTest } from './suite';

let editor: Editor;

/** Talkover's own API (the sandbox), as the token of the imported credential sees it. */
async function talkover(route: string): Promise<any> {
	const response = await fetch(`${suite().sandboxUrl}/api/v1${route}`, { headers: { Authorization: `Bearer ${suite().token}` } });
	return await response.json();
}

async function callsTo(number: string): Promise<number> {
	const calls = await talkover('/calls?per_page=100');
	return (calls.data as Array<{ to: string }>).filter((c) => c.to === number).length;
}

/** The labels the agent list shows, as Talkover lists the agents: "label (direction, status)". */
async function agentLabels(): Promise<string[]> {
	const agents = await talkover('/agents?per_page=100');
	return (agents.data as Array<{ label: string; name: string; direction: string; current_status: string }>).map(
		(a) => `${a.label || a.name} (${a.direction}, ${a.current_status})`,
	);
}

beforeAll(async () => {
	editor = await Editor.open();
	await editor.signIn();
	await editor.newWorkflow();
	await editor.addManualTrigger();
});

afterAll(async () => {
	await editor?.close();
});

describe('Make Call, added from the node creator', () => {
	uiTest('the Talkover API credential is chosen, and the agent list loads Talkover’s agents', async () => {
		await editor.addTalkoverAction('Make a call');
		const credential = await editor.page.$eval('[data-test-id="node-credentials-select"]', (el) => (el as HTMLElement).innerText + ((el.querySelector('input') as HTMLInputElement | null)?.value ?? ''));
		expect(credential).toContain('Talkover API');
		await editor.clickUntil('[data-test-id="resource-locator-agentId"] [data-test-id="rlc-input"]', '[data-test-id="rlc-item"]');
		expect((await settledItems(editor, '[data-test-id="rlc-item"]')).sort()).toEqual((await agentLabels()).sort());
	});

	uiTest('the agent search filters the list ("sales")', async () => {
		await editor.page.keyboard.type('sales');
		await editor.page.waitForFunction(() => document.querySelectorAll('[data-test-id="rlc-item"]').length === 1);
		expect(await settledItems(editor, '[data-test-id="rlc-item"]')).toEqual(['Sales Agent (outbound, published)']);
		await editor.page.click('[data-test-id="rlc-item"]');
		await editor.page.waitForSelector('[data-test-id="rlc-item"]', { hidden: true });
		expect(await editor.shownIn('[data-test-id="resource-locator-agentId"]')).toContain('Sales Agent (outbound, published)');
	});

	uiTest('a bad phone number shows the field’s error in the panel, and nothing is sent to Talkover', async () => {
		await editor.fillParameter('to', '12ab');
		const before = (await talkover('/calls?per_page=100')).data.length;
		await editor.page.click('[data-test-id="node-execute-button"]');
		const output = await editor.waitForText('[data-test-id="output-panel"]', 'To (item 0)');
		expect(output).toContain('To (item 0): "12ab" contains characters a phone number cannot have; use the international format with + and the country code, e.g. +15551234567');
		expect(output).toContain('Check the "To" field (parameter "to") for item 0. Nothing was sent to Talkover for this item.');
		expect((await talkover('/calls?per_page=100')).data.length).toBe(before);
	});

	uiTest('a number as people type it, with Test Call on, places one test call and shows it', async () => {
		await editor.fillParameter('to', '+1 (555) 000-4321');
		await editor.page.click('[data-test-id="parameter-input-isTesting"] .el-switch');
		await editor.page.waitForSelector('[data-test-id="parameter-input-isTesting"] .el-switch.is-checked');
		expect(await callsTo('+15550004321')).toBe(0);
		await editor.page.click('[data-test-id="node-execute-button"]');
		const output = await editor.waitForText('[data-test-id="output-panel"]', '+15550004321');
		expect(output).toContain('initiated');
		expect(await callsTo('+15550004321')).toBe(1);
		await picture(editor, 'make-call-panel');
		await editor.closeNode();
		expect((await editor.canvasNodes()).find((n) => n.name === 'Make a call')?.subtitle).toBe('Make Call');
	});
});

uiTest('Update Calling: the phone-number picker lists Talkover’s numbers', async () => {
	await editor.addTalkoverAction('Update the calling settings of an agent');
	await editor.page.click('[data-test-id="collection-parameter-add"]');
	await openSelect(editor, 'phoneNumberIds');
	const numbers = (await talkover('/phone-numbers?per_page=100')).data as Array<{ number: string; type: string; current_status: string }>;
	expect(numbers.length).toBeGreaterThan(0);
	expect(await settledItems(editor, '.el-select-dropdown__item')).toEqual(expect.arrayContaining(numbers.map((n) => `${n.number} (${n.type}, ${n.current_status})`)));
	await editor.page.keyboard.press('Escape');
	await editor.closeNode();
	expect((await editor.canvasNodes()).find((n) => n.name === 'Update the calling settings of an agent')?.subtitle).toBe('Update Agent Calling');
});

uiTest('Webhook Delivery → Get Many: the Webhook picker lists the chosen agent’s webhooks from Talkover', async () => {
	await editor.addTalkoverAction('Get many webhook deliveries');
	await editor.clickUntil('[data-test-id="resource-locator-agentId"] [data-test-id="rlc-input"]', '[data-test-id="rlc-item"]');
	await editor.page.keyboard.type('survey');
	await editor.page.waitForFunction(() => document.querySelectorAll('[data-test-id="rlc-item"]').length === 1);
	await editor.page.click('[data-test-id="rlc-item"]');
	await editor.page.waitForSelector('[data-test-id="rlc-item"]', { hidden: true });
	await editor.clickUntil('[data-test-id="resource-locator-webhookId"] [data-test-id="rlc-input"]', '[data-test-id="rlc-item"]');
	const webhooks = (await talkover('/agents/550e8400-e29b-41d4-a716-446655440002/webhooks')).data.webhooks as Array<{ name: string; webhook_url: string; status: string }>;
	expect(webhooks.length).toBeGreaterThan(0);
	expect((await settledItems(editor, '[data-test-id="rlc-item"]')).sort()).toEqual(webhooks.map((w) => `${w.name} (${w.webhook_url}, ${w.status})`).sort());
	await editor.page.click('[data-test-id="rlc-item"]');
	await editor.page.waitForSelector('[data-test-id="rlc-item"]', { hidden: true });
	await editor.closeNode();
	expect((await editor.canvasNodes()).find((n) => n.name === 'Get many webhook deliveries')?.subtitle).toBe('Get Many Webhook Deliveries');
});

uiTest('the Talkover Trigger’s panel: the agent, and its events in words from the agent’s list', async () => {
	// `npm run dev` imports the examples in file-name order as talkoverSample1, 2, …
	const examples = fs.readdirSync(path.resolve(__dirname, '../../examples')).filter((f) => f.endsWith('.json')).sort();
	await editor.openWorkflow(`talkoverSample${examples.indexOf('call-ended-update-crm.json') + 1}`);
	await editor.openNode('Talkover Trigger');
	await editor.waitForText('[data-test-id="node-parameters"]', 'Phone call ended');
	const panel = await editor.shownIn('[data-test-id="node-parameters"]');
	expect(panel).toContain('Sales Agent (outbound, published)');
	for (const event of ['Phone call ended', 'Voicemail detected', 'Action failed']) expect(panel).toContain(event);
	await picture(editor, 'trigger-panel');
	await openSelect(editor, 'events');
	const available = (await talkover(`/agents/550e8400-e29b-41d4-a716-446655440001/webhooks`)).data.available_events as Record<string, string>;
	expect((await settledItems(editor, '.el-select-dropdown__item')).length).toBe(Object.keys(available).length);
	await editor.page.keyboard.press('Escape');
	await editor.closeNode();
});

describe('the credential’s Test button, on a new Talkover API credential', () => {
	uiTest('"Create new credential" in a Talkover node’s panel opens the Talkover API form', async () => {
		await editor.newWorkflow();
		await editor.addManualTrigger();
		await editor.addTalkoverAction('Get many agents');
		await editor.clickUntil('[data-test-id="node-credentials-select"]', '[data-test-id="node-credentials-select-item-new"]');
		await editor.clickUntil('[data-test-id="node-credentials-select-item-new"]', '[data-test-id="editCredential-modal"]');
		expect(await editor.textOf('[data-test-id="editCredential-modal"]')).toContain('Talkover API');
	});

	/** Fills the modal's fields and saves (n8n then tests the credential); waits for `expected` in the modal (behind "More details"). */
	async function saveAndTest(apiToken: string, baseUrl: string, expected: string): Promise<string> {
		await editor.fillParameter('apiToken', apiToken);
		await editor.fillParameter('baseUrl', baseUrl);
		await editor.page.click('[data-test-id="credential-save-button"]');
		for (let i = 0; i < 80; i++) {
			const text = await editor.textOf('[data-test-id="editCredential-modal"]');
			if (text.includes(expected)) return text;
			const more = await editor.page.$('[data-test-id="editCredential-modal"] ::-p-text(More details)');
			if (more) await more.click().catch(() => undefined);
			await sleep(250);
		}
		return await editor.textOf('[data-test-id="editCredential-modal"]');
	}

	uiTest('a wrong token: Talkover did not accept it, and where to copy it again', async () => {
		const expected =
			'Talkover did not accept the API token: it is wrong or has expired. Copy it again in Talkover under Account → Environments (it starts with talq_).';
		const text = await saveAndTest('talq_wrong_token', suite().sandboxUrl, expected);
		expect(text).toContain('Couldn’t connect with these settings');
		expect(text).toContain(expected);
	});

	uiTest('a Base URL with /api/v1: no Talkover agent list there, and which Base URL to use', async () => {
		const expected = 'No Talkover agent list at this Base URL. Leave Base URL at https://app.talkover.ai (without /api/v1)';
		expect(await saveAndTest(suite().token, `${suite().sandboxUrl}/api/v1`, expected)).toContain(expected);
	});

	uiTest('its docs link opens the README’s Credentials section', async () => {
		const links = await editor.page.$$eval('[data-test-id="editCredential-modal"] a', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
		expect(links).toContain('https://github.com/talkover/n8n-nodes-talkover#credentials');
	});
});

uiTest('Make Call’s guardrails in Options: Calling Hours, Allowed Destinations (countries by name) and Max Calls per Execution', async () => {
	// A Make Call with the three guardrails set, as a workflow holds them: the panel shows each open.
	const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
	const created = await editor.rest('POST', '/rest/workflows', {
		name: 'Talkover guardrails',
		nodes: [
			{ parameters: {}, id: 'a7d0c1e2-0000-4000-8000-000000000001', name: 'CRM lead', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{
				parameters: {
					resource: 'call',
					operation: 'make',
					agentId: { __rl: true, mode: 'list', value: '550e8400-e29b-41d4-a716-446655440001', cachedResultName: 'Sales Agent (outbound, published)' },
					to: '={{ $json.phone }}',
					options: {
						callingHours: { hours: { days: WEEKDAYS, from: '09:00', to: '20:00', timeZone: '={{ $json.timezone }}', whenZoneUnknown: 'refuse', outsideHours: 'delay' } },
						allowedDestinations: { destinations: { countries: ['US', 'CA'], allowPaidServices: false } },
						maxCallsPerExecution: 10,
					},
				},
				id: 'a7d0c1e2-0000-4000-8000-000000000002',
				name: 'Make Call',
				type: 'n8n-nodes-talkover.talkover',
				typeVersion: 1,
				position: [220, 0],
				credentials: { talkoverApi: { id: 'talkover-sandbox', name: 'Talkover API' } },
			},
		],
		connections: { 'CRM lead': { main: [[{ node: 'Make Call', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	// A taller window for the picture, so the three options show whole under the call's fields.
	await editor.page.setViewport({ width: 1440, height: 1500 });
	try {
		await editor.openWorkflow(created.data.id);
		await editor.openNode('Make Call');
		await editor.waitForText('[data-test-id="node-parameters"]', 'Max Calls per Execution');
		const panel = await editor.shownIn('[data-test-id="node-parameters"]');
		for (const field of ['Calling Hours', 'Allowed Days', 'From', 'To', "Lead's Time Zone", 'When the Time Zone Is Unknown', 'Outside the Hours', 'Allowed Destinations', 'Countries', 'Allow Premium-Rate and Other Paid-Service Numbers', 'Max Calls per Execution']) {
			expect(panel).toContain(field);
		}
		// The chosen countries read by name, with their calling codes; the days by name.
		for (const shown of ['United States (+1)', 'Canada (+1)', 'Monday', 'Friday']) expect(panel).toContain(shown);
		// The Options section at the top of the parameters (Credential, Agent and To above it are the usual call).
		await editor.page.$$eval('[data-test-id="node-parameters"] [data-test-id="parameter-input-maxCallsPerExecution"]', (inputs) =>
			inputs[0]?.scrollIntoView({ block: 'end' }),
		);
		await picture(editor, 'guardrail-options');
		expect(editor.pageErrors).toEqual([]);
		await editor.closeNode();
	} finally {
		await editor.page.setViewport({ width: 1440, height: 900 });
	}
});

uiTest('Make and Wait for Outcome’s Call Again Until Reached in Options: Attempts, Call Again After and Call Again When', async () => {
	const created = await editor.rest('POST', '/rest/workflows', {
		name: 'Talkover call until reached',
		nodes: [
			{ parameters: {}, id: 'b8e1d2f3-0000-4000-8000-000000000001', name: 'CRM lead', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{
				parameters: {
					resource: 'call',
					operation: 'makeAndWait',
					agentId: { __rl: true, mode: 'list', value: '550e8400-e29b-41d4-a716-446655440001', cachedResultName: 'Sales Agent (outbound, published)' },
					to: '={{ $json.phone }}',
					options: { callAgainUntilReached: { rule: { attempts: 3, afterMinutes: 10, when: ['notReached', 'voicemail'] } } },
				},
				id: 'b8e1d2f3-0000-4000-8000-000000000002',
				name: 'Call Until Reached',
				type: 'n8n-nodes-talkover.talkover',
				typeVersion: 1,
				position: [220, 0],
				credentials: { talkoverApi: { id: 'talkover-sandbox', name: 'Talkover API' } },
			},
		],
		connections: { 'CRM lead': { main: [[{ node: 'Call Until Reached', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await editor.page.setViewport({ width: 1440, height: 1300 });
	try {
		await editor.openWorkflow(created.data.id);
		await editor.openNode('Call Until Reached');
		await editor.waitForText('[data-test-id="node-parameters"]', 'Call Again Until Reached');
		const panel = await editor.shownIn('[data-test-id="node-parameters"]');
		for (const field of ['Call Again Until Reached', 'Attempts', 'Call Again After (Minutes)', 'Call Again When', 'Not Reached', 'Voicemail']) expect(panel).toContain(field);
		await editor.page.$$eval('[data-test-id="node-parameters"] [data-test-id="parameter-input-callAgainUntilReached"]', (inputs) => inputs[0]?.scrollIntoView({ block: 'end' }));
		await picture(editor, 'call-again-until-reached');
		expect(editor.pageErrors).toEqual([]);
		await editor.closeNode();
	} finally {
		await editor.page.setViewport({ width: 1440, height: 900 });
	}
});
