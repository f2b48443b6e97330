/**
 * Every request the node sends is one that Talkover's documents describe.
 *
 * The sandbox checks each request it receives (test/sandbox/contract.js): routes openapi.json has with
 * openapi-backend (path parameters, query names and types, body schema with required and enums),
 * the others with the fields their page documents (request-fields.json, extracted from the pages by
 * scripts/extract-request-fields.mjs); a name neither documents is a violation unless a
 * CONTRADICTIONS.md row allows it. Here every operation of the node (its own operation list) runs
 * twice, with the fault matrix's parameters and with every optional field filled, and so do the
 * pickers and the credential test; then every value of every options/multiOptions field (and every Voice
 * Quality Tier of the Voice picker) is sent once; no request may break a rule. The checker itself is checked with
 * wrong requests, so this cannot pass vacuously.
 */
import type { IDataObject, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { OPERATIONS, offeredOperations } from '../faults/operations';
import { ACTIVE_PHONE, byId, PHONE_1, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { callMethod, loadSource, runTalkover, testCredential } from '../helpers/n8n';
import { COMPLETED_CAMPAIGN, SALES_CALENDAR, SEEDED_CAMPAIGN_DELIVERY, SEEDED_CAMPAIGN_WEBHOOK } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

/**
 * A documented value for every optional field of a text-like type (numbers, booleans and options take
 * their default). A field added to a collection without a value here fails the test "every optional
 * field has a documented value": its request is then checked too.
 */
const VALUES: Record<string, unknown> = {
	description: 'Documented value',
	initialMessage: 'Hello, how can I help you today?',
	phoneNumberIds: [PHONE_1],
	prompt: 'You are a helpful customer service agent.',
	ambientBackground: 'office',
	dateFrom: '2026-01-01',
	dateTo: '2026-12-31',
	search: 'Sales',
	agentId: byId(SALES_AGENT),
	to: '2026-03-03T00:00:00Z',
	from: '2026-03-01T00:00:00Z',
	attendees: { attendee: [{ name: 'Ana Lima', email: 'ana@example.com' }] },
	createdBy: '550e8400-e29b-41d4-a716-446655440000',
	ownerId: '550e8400-e29b-41d4-a716-446655440000',
	type: 'meeting',
	title: 'Demo',
	startAt: '2026-03-02T16:00:00Z',
	endAt: '2026-03-02T16:30:00Z',
	payload: { values: [{ key: 'first_name', value: 'Ana' }] },
	context: { values: [{ key: 'crm_id', value: '42' }] },
	payloadJson: '{"plan": "pro"}',
	contextJson: '{"source": "crm"}',
	autoDncTriggerErrors: 'invalid_number',
	autoDncTriggerStatuses: 'completed, voicemail',
	doNotCallCustomList: '+15551234567',
	endDate: '2026-06-30',
	startDate: '2026-04-01',
	name: 'Renamed campaign',
	daysOfWeek: [1, 3, 5],
	callTimeRanges: { ranges: [{ start: '09:00', end: '12:00' }] },
	timezone: 'America/New_York',
	phoneNumberId: PHONE_1,
	authorizationUrl: 'https://api.example.com/auth',
	customHeaders: { header: [{ key: 'X-Api-Key', value: 'k-123' }] },
	integration: 'calendar',
	speakOnSend: 'One moment, let me check.',
	speakOnReceive: 'Thanks, I found it.',
};

/** Values that differ by operation (`resource operation field`). */
const OPERATION_VALUES: Record<string, unknown> = {
	'call getMany to': ACTIVE_PHONE,
	'phoneNumber getMany search': '+1555',
	// End Date and Clear End Date exclude each other: the second Update run clears it.
	'campaign update clearEndDate': false,
	'webhookDelivery getMany status': ['failed', 'retrying'],
};

/** What a value of a field brings with it (`operation field=value`): Webhook Of = Campaign needs a campaign and its webhook. */
const CAMPAIGN_WEBHOOK = { campaignId: byId(COMPLETED_CAMPAIGN), webhookId: byId(SEEDED_CAMPAIGN_WEBHOOK) };
const CHOICE_PARAMETERS: Record<string, INodeParameters> = {
	'webhookDelivery getMany webhookOf=campaign': CAMPAIGN_WEBHOOK,
	'webhookDelivery retry webhookOf=campaign': { ...CAMPAIGN_WEBHOOK, deliveryId: SEEDED_CAMPAIGN_DELIVERY },
};

/** Collections whose fields become request fields (Options holds pacing settings: nothing is sent). */
const REQUEST_COLLECTIONS = ['additionalFields', 'updateFields', 'filters'];

function collectionsOf(resource: string, operation: string): INodeProperties[] {
	return loadSource().node.description.properties.filter(
		(p) =>
			REQUEST_COLLECTIONS.includes(p.name) &&
			p.displayOptions?.show?.resource?.includes(resource) &&
			p.displayOptions?.show?.operation?.includes(operation),
	);
}

function documentedValue(resource: string, operation: string, option: INodeProperties): unknown {
	const key = `${resource} ${operation} ${option.name}`;
	if (key in OPERATION_VALUES) return OPERATION_VALUES[key];
	if (option.type === 'number' || (option.type === 'options' && !option.typeOptions?.loadOptionsMethod)) return option.default;
	if (option.type === 'boolean') return true;
	return VALUES[option.name];
}

/** The operation's parameters with every optional field filled. */
function full(name: string, parameters: INodeParameters): { parameters: INodeParameters; missing: string[] } {
	const [resource, operation] = name.split(' ');
	const filled: INodeParameters = { ...parameters };
	const missing: string[] = [];
	for (const collection of collectionsOf(resource, operation)) {
		const values: IDataObject = {};
		for (const option of (collection.options ?? []) as INodeProperties[]) {
			const value = documentedValue(resource, operation, option);
			if (value === undefined) missing.push(`${name} ${collection.name}.${option.name}`);
			else values[option.name] = value as IDataObject[string];
		}
		filled[collection.name] = values as INodeParameters;
	}
	return { parameters: filled, missing };
}

const PICKER_PARAMETERS: Record<string, INodeParameters> = {
	getVoices: { resource: 'agent', operation: 'updateVoice', agentId: byId(SALES_AGENT), voiceQualityTier: 'basic', additionalFields: {} },
	searchAgentActions: { resource: 'agentAction', operation: 'delete', agentId: byId(SALES_AGENT) },
	searchEventWebhooks: { resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'campaign', campaignId: byId(COMPLETED_CAMPAIGN) },
};

const show = (v: Array<{ method: string; path: string; message: string }>) => v.map((x) => `${x.method} ${x.path}: ${x.message}`);

/** The sandbox's violations so far, taken (so one run's findings are not counted twice). */
function takeViolations(): string[] {
	const found = show(sandbox().violations);
	sandbox().violations.length = 0;
	return found;
}

const isShownFor = (p: INodeProperties, resource: string, operation: string) =>
	!!p.displayOptions?.show?.resource?.includes(resource) && !!p.displayOptions?.show?.operation?.includes(operation);

/** A fixed list of values (options or multiOptions), not one Talkover fills in. */
const fixedChoices = (p: INodeProperties) =>
	(p.type === 'options' || p.type === 'multiOptions') && !p.typeOptions?.loadOptionsMethod ? ((p.options ?? []) as INodePropertyOptions[]) : [];

/**
 * Every value of every options and multiOptions field of an operation (top level and in the request
 * collections), each once, as parameters to run: the fault matrix's parameters with that one value set.
 */
function everyChoice(): Array<{ label: string; parameters: INodeParameters }> {
	const runs: Array<{ label: string; parameters: INodeParameters }> = [];
	for (const o of OPERATIONS) {
		const [resource, operation] = o.name.split(' ');
		for (const p of loadSource().node.description.properties.filter((x) => isShownFor(x, resource, operation))) {
			if (['resource', 'operation'].includes(p.name)) continue;
			for (const choice of fixedChoices(p)) {
				const label = `${o.name} ${p.name}=${String(choice.value)}`;
				runs.push({ label, parameters: { ...o.parameters, [p.name]: p.type === 'multiOptions' ? [choice.value] : choice.value, ...CHOICE_PARAMETERS[label] } });
			}
			if (p.type !== 'collection' || !REQUEST_COLLECTIONS.includes(p.name)) continue;
			for (const child of (p.options ?? []) as INodeProperties[]) {
				for (const choice of fixedChoices(child)) {
					const current = (o.parameters[p.name] as IDataObject | undefined) ?? {};
					const value = child.type === 'multiOptions' ? [choice.value] : choice.value;
					runs.push({ label: `${o.name} ${p.name}.${child.name}=${String(choice.value)}`, parameters: { ...o.parameters, [p.name]: { ...current, [child.name]: value } as INodeParameters } });
				}
			}
		}
	}
	return runs;
}

describe('every request the node sends is documented (openapi.json or the page)', () => {
	test('the table below is the node’s own operation list', () => {
		expect(OPERATIONS.map((o) => o.name).sort()).toEqual(offeredOperations());
	});

	test('every optional field has a documented value (so it is sent, and checked)', () => {
		expect(OPERATIONS.flatMap((o) => full(o.name, o.parameters).missing)).toEqual([]);
	});

	describe.each(OPERATIONS.map((o) => [o.name, o] as const))('%s', (name, o) => {
		test('with its required parameters', async () => {
			const { error } = await runTalkover({ parameters: o.parameters, credentials: credentials() });
			expect(error?.message).toBeUndefined();
			expect(sandbox().requests.length).toBeGreaterThan(0);
			expect(show(sandbox().violations)).toEqual([]);
		});

		test('with every optional field filled', async () => {
			const { error } = await runTalkover({ parameters: full(name, o.parameters).parameters, credentials: credentials() });
			expect(error?.message).toBeUndefined();
			expect(show(sandbox().violations)).toEqual([]);
		});
	});

	test('Campaign → Update clearing the end date (end_date: null)', async () => {
		const o = OPERATIONS.find((x) => x.name === 'campaign update')!;
		const { error } = await runTalkover({ parameters: { ...o.parameters, updateFields: { clearEndDate: true } }, credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(sandbox().requests.at(-1)!.body).toEqual({ end_date: null });
		expect(show(sandbox().violations)).toEqual([]);
	});

	test('every value of every options and multiOptions field, each sent once: no request the documents forbid', async () => {
		const runs = everyChoice();
		expect(runs.length).toBeGreaterThan(50);
		const found: string[] = [];
		for (const run of runs) {
			sandbox().reset();
			await runTalkover({ parameters: run.parameters, credentials: credentials() });
			for (const line of takeViolations()) found.push(`${run.label} → ${line}`);
		}
		expect(found).toEqual([]);
	}, 120_000);

	test('the Voice picker with every Voice Quality Tier the node offers', async () => {
		const tier = loadSource().node.description.properties.find((p) => p.name === 'voiceQualityTier')!;
		const tiers = fixedChoices(tier).map((c) => String(c.value));
		expect(tiers.length).toBeGreaterThan(1);
		const found: string[] = [];
		for (const value of tiers) {
			sandbox().reset();
			await callMethod('loadOptions', 'getVoices', credentials(), [], { resource: 'agent', operation: 'updateVoice', agentId: byId(SALES_AGENT), voiceQualityTier: value, additionalFields: {} });
			expect(sandbox().requests.length).toBeGreaterThan(0);
			for (const line of takeViolations()) found.push(`voiceQualityTier=${value} → ${line}`);
		}
		expect(found).toEqual([]);
	});

	test('the pickers and the credential test', async () => {
		const methods = loadSource().node.methods!;
		for (const [kind, list] of Object.entries({ listSearch: methods.listSearch ?? {}, loadOptions: methods.loadOptions ?? {} })) {
			for (const method of Object.keys(list)) {
				// The parameters a picker reads (its agent, calendar, campaign) as the editor holds them.
				const parameters = PICKER_PARAMETERS[method] ?? { resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR) };
				await callMethod(kind as 'listSearch' | 'loadOptions', method, credentials(), kind === 'listSearch' ? ['Sa'] : [], parameters);
			}
		}
		await testCredential(credentials());
		expect(sandbox().requests.length).toBeGreaterThan(5);
		expect(show(sandbox().violations)).toEqual([]);
	});
});
