/**
 * What the editor shows about the nodes, checked on the built files (fast; the browser tests in
 * test/browser/ check the same things in n8n's editor itself).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IAuthenticateRuleResponseSuccessBody, INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { useSandbox } from '../helpers/fixtures';
import { loadBuilt, testCredential } from '../helpers/n8n';

// What n8n's credential tester reads a rule's field with (lodash, a dependency of n8n-workflow).
const get = require('lodash/get') as (object: unknown, path: string) => unknown;

const ROOT = path.resolve(__dirname, '../..');
const codex = (node: string) => JSON.parse(fs.readFileSync(path.join(ROOT, `dist/nodes/${node}/${node}.node.json`), 'utf8'));

/** GitHub's anchor for a README heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}
const README_ANCHORS = fs
	.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
	.split('\n')
	.filter((line) => /^#{1,6} /.test(line))
	.map((line) => anchor(line.replace(/^#+ /, '')));

describe('codex (how n8n’s node creator files the nodes)', () => {
	test('the Talkover node is an app node: not in the AI → Tools category, which n8n’s search hides and gives no actions', () => {
		const action = codex('Talkover');
		expect(action.categories).not.toContain('AI');
		expect(action.subcategories).toBeUndefined();
		expect(action.categories).toContain('Communication');
	});

	test.each(['Talkover', 'TalkoverTrigger'])('%s is found by the aliases "voice agent" and "phone call"', (node) => {
		expect(codex(node).alias).toEqual(expect.arrayContaining(['voice agent', 'phone call']));
	});

	// n8n's node creator lists a package's trigger inside its app node ("Talkover", with "On new
	// Talkover event" under Triggers) and searches only the app node's codex then: an alias found only on
	// the trigger ("tool", "during call") finds nothing (test/browser/agent-tool.browser.ts saw it).
	test('the Talkover node carries every alias of the Talkover Trigger: the creator searches only its codex', () => {
		expect(codex('Talkover').alias).toEqual(expect.arrayContaining(codex('TalkoverTrigger').alias));
		expect(codex('Talkover').alias).toEqual(expect.arrayContaining(['tool', 'agent tool', 'during call', 'function', 'action']));
	});
});

describe('documentation links point at a section of the README that exists', () => {
	const credential = new (require('../../dist/credentials/TalkoverApi.credentials.js').TalkoverApi)();
	const links = [
		['Talkover codex, node docs', codex('Talkover').resources.primaryDocumentation[0].url],
		['Talkover codex, credential docs', codex('Talkover').resources.credentialDocumentation[0].url],
		['Talkover Trigger codex, node docs', codex('TalkoverTrigger').resources.primaryDocumentation[0].url],
		['Talkover Trigger codex, credential docs', codex('TalkoverTrigger').resources.credentialDocumentation[0].url],
		['credential documentationUrl', credential.documentationUrl],
	];

	test.each(links)('%s: %s', (_where, url) => {
		const [page, hash] = String(url).split('#');
		expect(page).toBe('https://github.com/talkover/n8n-nodes-talkover');
		expect(README_ANCHORS).toContain(hash);
	});

	test('the repository in package.json is that page (npm publish --provenance checks it)', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		expect(pkg.repository.url).toBe('git+https://github.com/talkover/n8n-nodes-talkover.git');
	});
});

describe('canvas subtitles (what n8n shows under the node’s name)', () => {
	const { Talkover } = require('../../dist/nodes/Talkover/Talkover.node.js');
	const { TalkoverTrigger } = require('../../dist/nodes/TalkoverTrigger/TalkoverTrigger.node.js');

	/** The subtitle as n8n's editor computes it: the description's expression with the node's parameters. */
	function subtitle(nodeType: INodeType, parameters: INodeParameters): unknown {
		const node: INode = { id: '1', name: 'Node', type: `n8n-nodes-talkover.${nodeType.description.name}`, typeVersion: 1, position: [0, 0], parameters };
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle!, 'internal', {});
	}

	const action: INodeType = new Talkover();
	const operations = action.description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => [p.displayOptions!.show!.resource![0] as string, o.value as string, o.name]));

	test.each([
		['call', 'make', 'Make Call'],
		['call', 'getActive', 'Get Active Call'],
		['call', 'getMany', 'Get Many Calls'],
		['agent', 'updateCalling', 'Update Agent Calling'],
		['agent', 'getPricing', 'Get Agent Pricing'],
		['flow', 'getVersions', 'Get Flow Versions'],
		['phoneNumber', 'getMany', 'Get Many Phone Numbers'],
		['campaign', 'addCall', 'Add Call to Campaign'],
		['calendarEvent', 'create', 'Create Calendar Event'],
		['credit', 'getBalance', 'Get Credit Balance'],
		['agentAction', 'getMany', 'Get Many Agent Actions'],
	])('%s / %s reads "%s"', (resource, operation, words) => {
		expect(subtitle(action, { resource, operation })).toBe(words);
	});

	test('every operation has words: its own name and its resource’s, never the raw "operation: resource"', () => {
		expect(operations).toHaveLength(44);
		for (const [resource, operation, name] of operations) {
			const words = subtitle(action, { resource, operation }) as string;
			// "Webhook Deliver": the resource's words in the singular (Retry Webhook Delivery) or the plural (Get Many Webhook Deliveries).
			const resourceName = ({ phoneNumber: 'Phone Number', calendarEvent: 'Calendar Event', agentAction: 'Agent Action', webhookDelivery: 'Webhook Deliver' } as Record<string, string>)[resource] ?? resource[0].toUpperCase() + resource.slice(1);
			expect(words).not.toContain(':');
			expect(words.split(' ')[0]).toBe(name.split(' ')[0]);
			expect(words).toContain(resourceName);
		}
	});

	test('the trigger names its events in words, as its Events list does', () => {
		const trigger: INodeType = new TalkoverTrigger();
		expect(subtitle(trigger, { events: ['event_phone_call_ended', 'event_voicemail_detected', 'event_action_failed'] })).toBe(
			'Phone call ended, Voicemail detected, Action failed',
		);
		expect(subtitle(trigger, { events: [] })).toBe('');
		expect(subtitle(trigger, { source: 'campaign', campaignEvents: ['campaign_call.completed', 'campaign.paused'] })).toBe('Campaign call completed, Campaign paused');
	});
});

describe('labels in n8n’s style (units in brackets; only displayName changed, never a parameter name)', () => {
	const { Talkover } = require('../../dist/nodes/Talkover/Talkover.node.js');
	const { TalkoverTrigger } = require('../../dist/nodes/TalkoverTrigger/TalkoverTrigger.node.js');
	const all = (properties: INodeProperties[]): INodeProperties[] =>
		properties.flatMap((p) => [p, ...all(((p.options ?? []) as INodeProperties[]).filter((o) => typeof o === 'object' && 'displayName' in o && 'type' in o))]);
	const labels = [...all(new Talkover().description.properties), ...all(new TalkoverTrigger().description.properties)].map((p) => [p.name, p.displayName]);

	test.each([
		['batchInterval', 'Batch Interval (Milliseconds)'],
		['delaySeconds', 'Delay (Seconds)'],
		['initialMessageDelay', 'Initial Message Delay (Seconds)'],
		['idleTimeSeconds', 'Idle Time (Seconds)'],
		['maxCallDurationSeconds', 'Max Call Duration (Seconds)'],
		['events', 'Event Names or IDs'],
	])('%s is labelled "%s"', (name, displayName) => {
		expect(labels.filter(([n]) => n === name).map(([, d]) => d)).toContain(displayName);
	});

	test('no label spells a unit as a bare word at its end ("… Seconds") or as "(Ms)"', () => {
		for (const [, displayName] of labels) {
			expect(displayName).not.toMatch(/ Seconds$| \(Ms\)$/);
		}
	});
});

describe('the credential’s Test button explains a failure in Talkover’s terms', () => {
	const { sandbox, credentials } = useSandbox();
	const { credential } = loadBuilt();
	const rules = credential.test!.rules as IAuthenticateRuleResponseSuccessBody[];

	/**
	 * What n8n 2.8.4's credential tester shows for the test request's answer (it takes any status): the
	 * message of the first rule whose field has the rule's value, else "Connection successful!".
	 */
	async function shown(data: { apiToken: string; baseUrl: string }): Promise<string> {
		const { body } = await testCredential(data);
		const json = Array.isArray(body) ? body[0] : body;
		const rule = rules.find((r) => r.type === 'responseSuccessBody' && get(json, r.properties.key) === r.properties.value);
		return rule?.properties.message ?? 'Connection successful!';
	}

	test('the request takes any HTTP status, so that n8n reads Talkover’s answer instead of showing its generic text', () => {
		expect(credential.test!.request.ignoreHttpStatusErrors).toBe(true);
	});

	test('a working token: "Connection successful!"', async () => {
		expect(await shown(credentials())).toBe('Connection successful!');
	});

	test('a wrong or expired token (Talkover: 401 "Unauthenticated."): says so and where to copy a new one', async () => {
		expect(await shown({ ...credentials(), apiToken: 'talq_expired' })).toBe(
			'Talkover did not accept the API token: it is wrong or has expired. Copy it again in Talkover under Account → Environments (it starts with talq_).',
		);
	});

	test('a Base URL with /api/v1 at its end (Talkover: 404): says which Base URL to use', async () => {
		expect(await shown({ ...credentials(), baseUrl: `${sandbox().url}/api/v1` })).toMatch(
			/^No Talkover agent list at this Base URL\. Leave Base URL at https:\/\/app\.talkover\.ai \(without \/api\/v1\)/,
		);
		// On purpose: /api/v1/api/v1/agents is a route no document has.
		expect(sandbox().violations.map((v) => v.rule)).toEqual(['route']);
		sandbox().violations.length = 0;
	});

	test.each([
		[{ success: false, message: 'Unauthenticated.' }, 'wrong or has expired'],
		[{ error: { code: 'INVALID_TOKEN', message: 'Invalid or missing authentication token' } }, 'wrong or has expired'],
		[{ error: 'INVALID_TOKEN', message: 'Invalid token', status_code: 401 }, 'wrong or has expired'],
		[{ success: false, message: 'Too many requests. Please try again later.' }, 'rate-limiting'],
		[{ success: false, message: 'Rate limit exceeded' }, 'rate-limiting'],
		[{ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.' } }, 'rate-limiting'],
		[{ error: 'RATE_LIMIT_EXCEEDED', message: 'Slow down', status_code: 429 }, 'rate-limiting'],
		[{ success: false, message: 'Server Error' }, 'No Talkover agent list'],
		['<!doctype html><title>Not here</title>', 'No Talkover agent list'],
		[{ success: true, data: [], meta: { total: 0 } }, undefined],
	])('Talkover’s answer %j → %s', (body, words) => {
		const rule = rules.find((r) => get(body, r.properties.key) === r.properties.value);
		if (words === undefined) expect(rule).toBeUndefined();
		else expect(rule?.properties.message).toContain(words);
	});

	test('Talkover’s rate limit: says to wait, not that the token or the URL is wrong', async () => {
		sandbox().setRateLimit({ limit: 1, windowMs: 60_000 });
		try {
			await testCredential(credentials());
			expect(await shown(credentials())).toBe('Talkover is rate-limiting this token right now: wait a minute and test again.');
		} finally {
			sandbox().setRateLimit(null);
		}
	});
});
