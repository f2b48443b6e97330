import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { loadSource } from '../helpers/n8n';

const ROOT = path.resolve(__dirname, '../..');
const { node, trigger } = loadSource();
const { description } = node;
const properties = description.properties;

function visible(parameters: Record<string, unknown>): string[] {
	return properties
		.filter((p) => NodeHelpers.displayParameter(parameters as never, p, { typeVersion: 1 } as INode, description))
		.map((p) => p.name);
}

function prop(name: string, operation: string): INodeProperties {
	return properties.find((p) => p.name === name && p.displayOptions?.show?.operation?.includes(operation))!;
}

function issues(parameters: Record<string, unknown>): Record<string, string[]> | undefined {
	const n = { name: 'T', type: 'n8n-nodes-talkover.talkover', typeVersion: 1, parameters } as unknown as INode;
	n.parameters = NodeHelpers.getNodeParameters(properties, n.parameters, true, false, n, description)!;
	return NodeHelpers.getNodeParametersIssues(properties, n, description)?.parameters as Record<string, string[]> | undefined;
}

describe('parameter names (public API: saved workflows store them)', () => {
	test.each([
		[{ resource: 'agent', operation: 'create' }, ['resource', 'operation', 'label', 'name', 'language', 'interruptSensitivity', 'endpointingSensitivity', 'ivrNavigationMode', 'conversationSpeed', 'initialMessageDelay', 'askIfHumanPresentOnIdle', 'idleTimeSeconds', 'llmTemperature', 'enableRecording', 'direction', 'whoSpeaksFirst', 'additionalFields', 'options']],
		[{ resource: 'agent', operation: 'updateCalling' }, ['resource', 'operation', 'agentId', 'direction', 'additionalFields', 'options']],
		[{ resource: 'agent', operation: 'updateFlow', conversationMode: 'llm_driven' }, ['resource', 'operation', 'agentId', 'conversationMode', 'options']],
		[{ resource: 'agent', operation: 'updateFlow', conversationMode: 'flow_driven' }, ['resource', 'operation', 'agentId', 'conversationMode', 'flowConfig', 'options']],
		[{ resource: 'call', operation: 'getActive' }, ['resource', 'operation', 'agentId', 'phone', 'onNoActiveCall', 'options']],
		[{ resource: 'agent', operation: 'get' }, ['resource', 'operation', 'agentId', 'options']],
		[{ resource: 'agent', operation: 'getMany', returnAll: false }, ['resource', 'operation', 'returnAll', 'limit', 'filters', 'options']],
		[{ resource: 'agent', operation: 'getMany', returnAll: true }, ['resource', 'operation', 'returnAll', 'filters', 'options']],
		[{ resource: 'agent', operation: 'publish' }, ['resource', 'operation', 'agentId', 'options']],
		[{ resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'agent', returnAll: false }, ['resource', 'operation', 'webhookOf', 'agentId', 'webhookId', 'returnAll', 'limit', 'filters', 'options']],
		[{ resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'campaign', returnAll: true }, ['resource', 'operation', 'webhookOf', 'campaignId', 'webhookId', 'returnAll', 'filters', 'options']],
		[{ resource: 'webhookDelivery', operation: 'retry', webhookOf: 'agent' }, ['resource', 'operation', 'retryNotice', 'webhookOf', 'agentId', 'webhookId', 'deliveryId', 'options']],
		[{ resource: 'agent', operation: 'unpublish' }, ['resource', 'operation', 'agentId', 'options']],
		[{ resource: 'agent', operation: 'delete' }, ['resource', 'operation', 'deleteNotice', 'agentId', 'options']],
		[{ resource: 'call', operation: 'make' }, ['resource', 'operation', 'makeCallNotice', 'agentId', 'to', 'isTesting', 'additionalFields', 'options']],
		[{ resource: 'call', operation: 'end' }, ['resource', 'operation', 'agentId', 'callId', 'options']],
		[{ resource: 'call', operation: 'getMany', returnAll: false }, ['resource', 'operation', 'returnAll', 'limit', 'filters', 'options']],
		[{ resource: 'flow', operation: 'get' }, ['resource', 'operation', 'agentId', 'options']],
		[{ resource: 'flow', operation: 'validate' }, ['resource', 'operation', 'agentId', 'flowConfig', 'options']],
		[{ resource: 'flow', operation: 'getVersions' }, ['resource', 'operation', 'agentId', 'options']],
		[{ resource: 'phoneNumber', operation: 'getMany', returnAll: false }, ['resource', 'operation', 'returnAll', 'limit', 'filters', 'options']],
		// Agent calls and settings, calendars and events, campaigns, credits
		[{ resource: 'agent', operation: 'getCalls', returnAll: false }, ['resource', 'operation', 'agentId', 'returnAll', 'limit', 'filters', 'options']],
		[{ resource: 'agent', operation: 'getPricing' }, ['resource', 'operation', 'pricingNotice', 'agentId', 'detail', 'options']],
		[{ resource: 'agent', operation: 'updateAdvancedSettings' }, ['resource', 'operation', 'agentId', 'enableInitialMessageCache', 'options']],
		[{ resource: 'agent', operation: 'updateKnowledge' }, ['resource', 'operation', 'draftNotice', 'agentId', 'description', 'interruptSensitivity', 'askIfHumanPresentOnIdle', 'llmTemperature', 'initialMessageDelay', 'additionalFields', 'options']],
		[{ resource: 'agent', operation: 'updateVoice', voiceQualityTier: 'basic' }, ['resource', 'operation', 'draftNotice', 'agentId', 'voiceQualityTier', 'voiceId', 'conversationSpeed', 'whoSpeaksFirst', 'additionalFields', 'options']],
		[{ resource: 'agent', operation: 'updateVoice', voiceQualityTier: 'pro' }, ['resource', 'operation', 'draftNotice', 'agentId', 'voiceQualityTier', 'voiceId', 'conversationSpeed', 'whoSpeaksFirst', 'similarity', 'stability', 'additionalFields', 'options']],
		[{ resource: 'calendar', operation: 'getAvailability' }, ['resource', 'operation', 'calendarId', 'from', 'to', 'durationMinutes', 'output', 'options']],
		[{ resource: 'calendar', operation: 'getMany', returnAll: false }, ['resource', 'operation', 'returnAll', 'limit', 'options']],
		[{ resource: 'calendarEvent', operation: 'create' }, ['resource', 'operation', 'calendarId', 'title', 'startAt', 'endAt', 'onlyIfFree', 'additionalFields', 'options']],
		[{ resource: 'calendarEvent', operation: 'delete' }, ['resource', 'operation', 'deleteNotice', 'calendarId', 'eventId', 'options']],
		[{ resource: 'calendarEvent', operation: 'get' }, ['resource', 'operation', 'calendarId', 'eventId', 'options']],
		[{ resource: 'calendarEvent', operation: 'getMany', returnAll: false }, ['resource', 'operation', 'calendarId', 'returnAll', 'limit', 'filters', 'options']],
		[{ resource: 'calendarEvent', operation: 'update' }, ['resource', 'operation', 'calendarId', 'eventId', 'onlyIfFree', 'updateFields', 'options']],
		[{ resource: 'campaign', operation: 'addCall' }, ['resource', 'operation', 'addCallNotice', 'campaignId', 'to', 'isTesting', 'allowDuplicates', 'additionalFields', 'options']],
		[{ resource: 'campaign', operation: 'create' }, ['resource', 'operation', 'name', 'campaignType', 'agentId', 'startDate', 'daysOfWeek', 'callTimeRanges', 'timezone', 'additionalFields', 'options']],
		[{ resource: 'campaign', operation: 'delete' }, ['resource', 'operation', 'deleteNotice', 'campaignId', 'options']],
		[{ resource: 'campaign', operation: 'get' }, ['resource', 'operation', 'campaignId', 'options']],
		[{ resource: 'campaign', operation: 'getMany', returnAll: false }, ['resource', 'operation', 'returnAll', 'limit', 'filters', 'options']],
		[{ resource: 'campaign', operation: 'update' }, ['resource', 'operation', 'updateNotice', 'campaignId', 'updateFields', 'options']],
		[{ resource: 'campaign', operation: 'updateStatus' }, ['resource', 'operation', 'campaignId', 'status', 'options']],
		[{ resource: 'credit', operation: 'getBalance' }, ['resource', 'operation', 'balanceNotice', 'options']],
	])('%o shows exactly these parameters', (parameters, names) => {
		expect(visible(parameters)).toEqual(names);
	});

	test('resources and operations, each operation with an action label', () => {
		const resource = properties.find((p) => p.name === 'resource')!;
		expect((resource.options as INodePropertyOptions[]).map((o) => o.value)).toEqual(['agent', 'agentAction', 'calendar', 'calendarEvent', 'call', 'campaign', 'credit', 'flow', 'phoneNumber', 'webhookDelivery']);
		const operations = properties.filter((p) => p.name === 'operation');
		expect(operations.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => [p.displayOptions!.show!.resource![0], o.value, o.action]))).toEqual([
			['agent', 'create', 'Create an agent'],
			['agent', 'delete', 'Delete an agent'],
			['agent', 'get', 'Get an agent'],
			['agent', 'getCalls', 'Get the calls of an agent'],
			['agent', 'getMany', 'Get many agents'],
			['agent', 'getPricing', 'Get the pricing of an agent'],
			['agent', 'publish', 'Publish an agent'],
			['agent', 'unpublish', 'Unpublish an agent'],
			['agent', 'updateAdvancedSettings', 'Update the advanced settings of an agent'],
			['agent', 'updateCalling', 'Update the calling settings of an agent'],
			['agent', 'updateFlow', 'Update the conversation flow of an agent'],
			['agent', 'updateKnowledge', 'Update the knowledge of an agent'],
			['agent', 'updateVoice', 'Update the voice of an agent'],
			['agentAction', 'create', 'Create an agent action'],
			['agentAction', 'delete', 'Delete an agent action'],
			['agentAction', 'getMany', 'Get many agent actions'],
			['agentAction', 'update', 'Update an agent action'],
			['calendar', 'getAvailability', 'Get the free slots of a calendar'],
			['calendar', 'getMany', 'Get many calendars'],
			['calendarEvent', 'create', 'Create a calendar event'],
			['calendarEvent', 'delete', 'Delete a calendar event'],
			['calendarEvent', 'get', 'Get a calendar event'],
			['calendarEvent', 'getMany', 'Get many calendar events'],
			['calendarEvent', 'update', 'Update a calendar event'],
			['call', 'end', 'End a call'],
			['call', 'getActive', 'Get the active call with a phone number'],
			['call', 'getMany', 'Get many calls'],
			['call', 'make', 'Make a call'],
			['call', 'makeAndWait', 'Make a call and wait for its outcome'],
			['campaign', 'addCall', 'Add a call to a campaign'],
			['campaign', 'addCallAndWait', 'Add a call to a campaign and wait for its outcome'],
			['campaign', 'create', 'Create a campaign'],
			['campaign', 'delete', 'Delete a campaign'],
			['campaign', 'get', 'Get a campaign'],
			['campaign', 'getMany', 'Get many campaigns'],
			['campaign', 'update', 'Update a campaign'],
			['campaign', 'updateStatus', 'Update the status of a campaign'],
			['credit', 'getBalance', 'Get the credit balance'],
			['flow', 'get', 'Get the flow of an agent'],
			['flow', 'getVersions', 'Get the flow versions of an agent'],
			['flow', 'validate', 'Validate a flow'],
			['phoneNumber', 'getMany', 'Get many phone numbers'],
			['webhookDelivery', 'getMany', 'Get many webhook deliveries'],
			['webhookDelivery', 'retry', 'Retry a webhook delivery'],
		]);
	});

	test('an agent action input\'s Type: the same options, in the same words, in the Agent Action operations and the trigger\'s agent tool', () => {
		type Collection = INodeProperties & { options: Array<{ name: string; values: INodeProperties[] }> };
		const typeOptions = (collection: INodeProperties | undefined) => (collection as Collection).options[0].values.find((v) => v.name === 'type')!.options;
		const expected = [
			{ name: 'Text', value: 'string' },
			{ name: 'Number', value: 'number' },
			{ name: 'Whole Number', value: 'integer' },
			{ name: 'Yes/No', value: 'boolean' },
		];
		for (const operation of ['create', 'update']) {
			const inputs = properties.find((p) => p.name === 'inputs' && p.displayOptions?.show?.resource?.includes('agentAction') && p.displayOptions.show.operation?.includes(operation));
			expect(typeOptions(inputs)).toEqual(expected);
		}
		expect(typeOptions(trigger.description.properties.find((p) => p.name === 'inputs' && p.displayOptions?.show?.source?.includes('agentTool')))).toEqual(expected);
	});

	test('Create: the 9 optional API fields under Additional Fields, with their documented ranges', () => {
		const additional = prop('additionalFields', 'create').options as INodeProperties[];
		const ranges = Object.fromEntries(additional.map((o) => [o.name, [o.typeOptions?.minValue, o.typeOptions?.maxValue]]));
		expect(ranges).toEqual({
			description: [undefined, undefined],
			initialIdleTimeSeconds: [1, 60],
			initialMaxIdleCheckCount: [0, 10],
			initialMessage: [undefined, undefined],
			maxCallDurationSeconds: [1, 3600],
			maxIdleCheckCount: [1, 10],
			phoneNumberIds: [undefined, undefined],
			sayGoodbyeOnMaxDuration: [undefined, undefined],
			userInactivityTimeoutSeconds: [5, 120],
		});
	});

	test('Create: required fields carry the documented ranges and enums', () => {
		const range = (name: string) => [prop(name, 'create').typeOptions?.minValue, prop(name, 'create').typeOptions?.maxValue];
		expect(range('conversationSpeed')).toEqual([0.1, 3]);
		expect(range('initialMessageDelay')).toEqual([0, 60]);
		expect(range('idleTimeSeconds')).toEqual([1, 60]);
		expect(range('llmTemperature')).toEqual([0, 2]);
		const values = (name: string) => (prop(name, 'create').options as INodePropertyOptions[]).map((o) => o.value).sort();
		expect(values('language')).toEqual(['de-DE', 'en-CA', 'en-US', 'es-ES', 'fr-FR', 'it-IT', 'ja-JP', 'ko-KR', 'nl-NL', 'pt-BR', 'pt-PT', 'zh-TW']);
		expect(values('interruptSensitivity')).toEqual(['high', 'low', 'medium']);
		expect(values('endpointingSensitivity')).toEqual(['auto', 'medium']);
		expect(values('ivrNavigationMode')).toEqual(['off', 'standard']);
		expect(values('direction')).toEqual(['inbound', 'outbound']);
		expect(values('whoSpeaksFirst')).toEqual(['agent', 'user']);
		expect(properties.filter((p) => p.displayOptions?.show?.resource?.includes('agent') && p.displayOptions?.show?.operation?.includes('create') && p.required)).toHaveLength(14);
	});

	test('Campaign Create: the 24 optional API fields under Additional Fields (20 of the page, 4 of openapi.json), with their documented ranges; the 7 required ones at the top', () => {
		const create = properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.resource?.includes('campaign') && p.displayOptions?.show?.operation?.includes('create'))!;
		const ranges = Object.fromEntries((create.options as INodeProperties[]).map((o) => [o.name, [o.typeOptions?.minValue, o.typeOptions?.maxValue]]));
		const hours = [1, 168];
		const none = [undefined, undefined];
		expect(ranges).toEqual({
			autoAddToDncEnabled: none,
			autoComplete: none,
			autoDncTriggerErrors: none,
			autoDncTriggerStatuses: none,
			busyCooldownHours: hours,
			phoneNumberId: none,
			description: none,
			doNotCallCustomList: none,
			doNotCallEnabled: none,
			doNotCallListSource: none,
			enablePostCompletionCooldown: none,
			endDate: none,
			failedCooldownHours: hours,
			initialCallDelay: [0, undefined],
			maxCallsPerDay: [1, undefined],
			maxCallsPerHour: [1, undefined],
			maxRetries: [0, 10],
			noAnswerCooldownHours: hours,
			postCompletionCooldownHours: hours,
			retryCooldownHours: hours,
			retryOnNoConversion: none,
			successCooldownHours: hours,
			voicemailCooldownHours: hours,
			voicemailHours: [0, undefined],
		});
		const required = properties.filter((p) => p.displayOptions?.show?.resource?.includes('campaign') && p.displayOptions?.show?.operation?.includes('create') && p.required);
		expect(required.map((p) => p.name)).toEqual(['name', 'campaignType', 'agentId', 'startDate', 'daysOfWeek', 'callTimeRanges', 'timezone']);
	});

	test('filters and additional fields of the list and call operations keep the API names in camelCase', () => {
		const names = (name: string, operation: string, resource: string) =>
			(properties.find((p) => p.name === name && p.displayOptions?.show?.operation?.includes(operation) && p.displayOptions?.show?.resource?.includes(resource))!.options as INodeProperties[]).map((o) => o.name);
		expect(names('filters', 'getMany', 'agent')).toEqual(['direction', 'search', 'status']);
		expect(names('filters', 'getMany', 'call')).toEqual(['agentId', 'dateFrom', 'dateTo', 'direction', 'to', 'search', 'status']);
		expect(names('filters', 'getMany', 'phoneNumber')).toEqual(['hasVoice', 'hasWhatsapp', 'search', 'type']);
		expect(names('additionalFields', 'make', 'call')).toEqual(['context', 'contextJson', 'delaySeconds', 'payload', 'payloadJson']);
	});

	test('the node and Make Call tell AI-agent users that calls dial real numbers at real cost', () => {
		expect(description.description).toMatch(/Make Call dials real phone numbers and uses Talkover credits unless its Test Call option is on/);
		const make = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('call'))!;
		expect((make.options as INodePropertyOptions[]).find((o) => o.value === 'make')!.description).toMatch(/real number and uses credits/);
		expect(prop('isTesting', 'make')).toMatchObject({ type: 'boolean', default: false, displayName: 'Test Call (No Charge)' });
	});

	test('phone number fields load from the API and say that expressions may give IDs', () => {
		for (const operation of ['create', 'updateCalling']) {
			const field = (prop('additionalFields', operation).options as INodeProperties[]).find((o) => o.name === 'phoneNumberIds')!;
			expect(field.type).toBe('multiOptions');
			expect(field.typeOptions?.loadOptionsMethod).toBe('getPhoneNumbers');
			expect(field.description).toContain('expression');
		}
	});
});

describe('agent resource locator', () => {
	const base = { resource: 'agent', operation: 'updateFlow', conversationMode: 'llm_driven' };
	const id = '550e8400-e29b-41d4-a716-446655440000';

	test('modes list (default, searchable), id and url', () => {
		const locator = prop('agentId', 'updateFlow');
		expect(locator.type).toBe('resourceLocator');
		expect(locator.default).toEqual({ mode: 'list', value: '' });
		expect(locator.modes!.map((m) => m.name)).toEqual(['list', 'id', 'url']);
		expect(locator.modes![0].typeOptions).toEqual({ searchListMethod: 'searchAgents', searchable: true });
	});

	test.each([
		['id', 'not-a-uuid'],
		['url', 'https://app.talkover.ai/agents/'],
		['url', `https://app.talkover.ai/campaigns/${id}`],
	])('a typed %s value %s gets no pattern issue from n8n (the node refuses it when it runs, naming the field and the item)', (mode, value) => {
		expect(issues({ ...base, agentId: { __rl: true, mode, value } })?.agentId).toBeUndefined();
	});
});

describe('locators declare no pattern for n8n to run', () => {
	// n8n 1.123.81 and 2.41 run a mode's `validation` and `extractValue` regexes in a vm with a 250 ms limit of
	// wall time (n8n-workflow's safe-regex.js) before every execution and when a workflow is published: a busy
	// server failed an execution with "Regular expression execution timed out". readLocatorId checks each value.
	const locators = [...properties, ...trigger.description.properties].filter((p) => p.type === 'resourceLocator');

	test('every locator of both nodes (agent, campaign, calendar, event, action, webhook) has list, ID and maybe URL modes without validation or extractValue', () => {
		expect(new Set(locators.map((p) => p.name))).toEqual(new Set(['agentId', 'campaignId', 'calendarId', 'eventId', 'actionId', 'webhookId']));
		for (const locator of locators) {
			expect(locator.modes!.map((m) => [locator.name, m.name, 'validation' in m, 'extractValue' in m])).toEqual(
				locator.modes!.map((m) => [locator.name, m.name, false, false]),
			);
		}
	});

	test('a typed calendar ID gets no pattern issue from n8n, whatever it holds', () => {
		expect(issues({ resource: 'calendar', operation: 'getAvailability', calendarId: { __rl: true, mode: 'id', value: 'a/b' } })?.calendarId).toBeUndefined();
		expect(issues({ resource: 'calendar', operation: 'getAvailability', calendarId: { __rl: true, mode: 'id', value: 'calendar-uuid-1' } })?.calendarId).toBeUndefined();
	});
});

describe('node and package shape', () => {
	test('node: programmatic, usable as a tool, subtitle, credential, two different icons in dist', () => {
		expect(typeof node.execute).toBe('function');
		expect(description.name).toBe('talkover');
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toMatch(/^={{ { "agent:create": "Create Agent", .*\[\$parameter\["resource"\] \+ ":" \+ \$parameter\["operation"\]\] \?\? \$parameter\["operation"\] }}$/); // words: test/Talkover/editor-text.test.ts
		expect(description.credentials).toEqual([{ name: 'talkoverApi', required: true }]);
		const icon = description.icon as { light: string; dark: string };
		const dir = path.join(ROOT, 'dist/nodes/Talkover');
		const light = fs.readFileSync(path.join(dir, icon.light.replace('file:', '')), 'utf8');
		const dark = fs.readFileSync(path.join(dir, icon.dark.replace('file:', '')), 'utf8');
		expect(light).toMatch(/^<svg/);
		expect(dark).toMatch(/^<svg/);
		expect(light).not.toBe(dark);
	});

	test('codex file is copied to dist and names the node type', () => {
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/nodes/Talkover/Talkover.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-talkover.talkover');
		expect(codex.categories).toEqual(['Communication', 'Sales']);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
		expect(codex.resources.credentialDocumentation[0].url).toMatch(/^https:\/\//);
	});

	test('package.json: community keyword, dist only, n8n section pointing at built files, no runtime dependencies', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		expect(pkg.name).toBe('n8n-nodes-talkover');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist', 'CHANGELOG.md']);
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/TalkoverApi.credentials.js'],
			nodes: ['dist/nodes/Talkover/Talkover.node.js', 'dist/nodes/TalkoverTrigger/TalkoverTrigger.node.js'],
		});
		for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		for (const [name, version] of Object.entries(pkg.devDependencies as Record<string, string>)) {
			expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
		}
		expect(pkg.devDependencies['n8n-workflow']).toMatch(/^2\.8\./);
		expect(pkg.devDependencies['n8n-core']).toMatch(/^2\.8\./);
		expect(fs.existsSync(path.join(ROOT, 'package-lock.json'))).toBe(true);
		expect(fs.readFileSync(path.join(ROOT, '.npmrc'), 'utf8')).toMatch(/^yes=true$/m);
	});

	test('built node code needs nothing but n8n-workflow and its own files, and no timers, process or console', () => {
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (entry.name.endsWith('.js')) files.push(full);
			}
		};
		walk(path.join(ROOT, 'dist'));
		for (const built of ['nodes/Talkover/Talkover.node.js', 'nodes/TalkoverTrigger/TalkoverTrigger.node.js', 'credentials/TalkoverApi.credentials.js']) {
			expect(files).toContain(path.join(ROOT, 'dist', built));
		}
		for (const file of files) {
			const code = fs.readFileSync(file, 'utf8');
			for (const [, module] of code.matchAll(/require\("([^"]+)"\)/g)) {
				// crypto (Node's own, allowed by n8n's rules): the trigger's random secret and constant-time compare.
				expect(`${path.relative(ROOT, file)}: ${module}`).toMatch(/: (n8n-workflow|crypto|\.{1,2}\/.*)$/);
			}
			expect(code).not.toMatch(/\b(setTimeout|setInterval|process\.|console\.)/);
		}
	});
});
