/**
 * The pickers (the node's `methods`) × every success Talkover documents for the lists and
 * records they read (page examples and openapi.json bodies from documented-answers.json). Each picker
 * must list the documented entries, whichever documented shape the answer has. Driven by the node's
 * own methods: a picker without its row here fails.
 */
import type { IDataObject, INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { byId, SUPPORT_AGENT, useSandbox } from '../helpers/fixtures';
import { callMethod, loadSource } from '../helpers/n8n';
import { ACTIVE_CAMPAIGN, SALES_CALENDAR } from '../helpers/seed';
import type { DocumentedAnswer } from './documented';
import { answersOf, isRoute, recordOf } from './documented';

const { sandbox, credentials } = useSandbox();

type Kind = 'listSearch' | 'loadOptions';

interface Picker {
	kind: Kind;
	/** The routes it reads; rows: each documented success of each. */
	routes: string[];
	/** The parameters it reads (its agent, calendar, …), the same for every route or per route. */
	parameters?: INodeParameters | ((route: string) => INodeParameters);
	/** The values it must offer for a documented answer of `route`. */
	values?: (route: string, answer: DocumentedAnswer) => string[];
	/** The label an entry must have, from its documented record (where the documents disagree on fields). */
	label?: (row: IDataObject) => string;
}

const ids = (_route: string, answer: DocumentedAnswer) => (recordOf(answer.body) as IDataObject[]).map((r) => String(r.id));

/** Every voice of a documented voice list: groups with `voices` (the page) or `templates` (openapi.json). */
const voiceIds = (route: string, answer: DocumentedAnswer): string[] =>
	route === 'GET /voice-templates'
		? (recordOf(answer.body) as IDataObject[]).flatMap((g) => ((g.voices ?? g.templates) as IDataObject[]).map((v) => String(v.id)))
		: // The agent's read: the voices come from the sandbox; there must be some.
			[];

const PICKERS: Record<string, Picker> = {
	'listSearch searchAgents': {
		kind: 'listSearch',
		routes: ['GET /agents'],
		values: ids,
		// The page names the state `current_status`, openapi.json's Agent `status`.
		label: (agent) => `${String(agent.label)} (${String(agent.direction)}, ${String(agent.current_status ?? agent.status)})`,
	},
	'listSearch searchCampaigns': { kind: 'listSearch', routes: ['GET /campaigns'], values: ids },
	'listSearch searchCalendars': { kind: 'listSearch', routes: ['GET /calendars'], values: ids },
	'listSearch searchEvents': {
		kind: 'listSearch',
		routes: ['GET /calendars/{}/events'],
		parameters: { resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR) },
		values: (route, answer) => ids(route, answer).sort((a, b) => a.localeCompare(b)),
	},
	'listSearch searchAgentActions': {
		kind: 'listSearch',
		routes: ['GET /agents/{}/actions'],
		parameters: { resource: 'agentAction', operation: 'delete', agentId: byId(SUPPORT_AGENT) },
		values: ids,
		// The page's action has `current_status`, openapi.json's Action not.
		label: (action) => `${String(action.name)} (${[action.type, action.current_status].filter(Boolean).join(', ')})`,
	},
	'listSearch searchEventWebhooks': {
		kind: 'listSearch',
		routes: ['GET /agents/{}/webhooks', 'GET /campaigns/{}/webhooks'],
		parameters: (route) =>
			route.startsWith('GET /campaigns')
				? { resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'campaign', campaignId: byId(ACTIVE_CAMPAIGN) }
				: { resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'agent', agentId: byId(SUPPORT_AGENT) },
		// Both pages and openapi.json: `data: { webhooks: [...], available_events }`.
		values: (_route, answer) => ((recordOf(answer.body) as IDataObject).webhooks as IDataObject[]).map((w) => String(w.id)),
	},
	'loadOptions getActionIntegrations': {
		kind: 'loadOptions',
		routes: ['GET /action-integrations'],
		values: (_route, answer) => (recordOf(answer.body) as IDataObject[]).map((r) => String(r.identifier)),
	},
	'loadOptions getPhoneNumbers': {
		kind: 'loadOptions',
		routes: ['GET /phone-numbers'],
		values: ids,
		// The page's number has `type` and `current_status`, openapi.json's PhoneNumber neither (only `country`).
		label: (phone) => (phone.type ? `${String(phone.number)} (${String(phone.type)}, ${String(phone.current_status)})` : `${String(phone.number)} (${String(phone.country)})`),
	},
	'loadOptions getTimezones': { kind: 'loadOptions', routes: [] },
	'loadOptions getVoices': {
		kind: 'loadOptions',
		routes: ['GET /agents/{}', 'GET /voice-templates'],
		parameters: { resource: 'agent', operation: 'updateVoice', agentId: byId(SUPPORT_AGENT), voiceQualityTier: 'basic' },
		values: voiceIds,
	},
};

const ROWS = Object.entries(PICKERS).flatMap(([name, picker]) =>
	picker.routes.flatMap((route) =>
		answersOf(route)
			.filter((a) => a.status < 300)
			.map((answer) => ({ name, picker, route, answer, title: `${route}: ${answer.status} ${answer.id}` })),
	),
);

test('every picker of the node has its row', () => {
	const methods = loadSource().node.methods as Record<Kind, Record<string, unknown>>;
	const offered = (['listSearch', 'loadOptions'] as Kind[]).flatMap((kind) => Object.keys(methods[kind] ?? {}).map((m) => `${kind} ${m}`)).sort();
	expect(Object.keys(PICKERS).sort()).toEqual(offered);
	for (const [name, picker] of Object.entries(PICKERS)) {
		if (picker.routes.length) expect({ name, rows: ROWS.some((r) => r.name === name) }).toEqual({ name, rows: true });
	}
});

describe.each(Object.keys(PICKERS).filter((name) => PICKERS[name].routes.length))('%s', (name) => {
	test.each(ROWS.filter((r) => r.name === name))('$title', async ({ picker, route, answer }) => {
		sandbox().inject({ status: answer.status, body: answer.body, times: Infinity, when: isRoute(route) });
		const method = name.split(' ')[1];
		const parameters = typeof picker.parameters === 'function' ? picker.parameters(route) : picker.parameters;
		const result = (await callMethod(picker.kind, method, credentials(), [], parameters)) as INodeListSearchResult | INodePropertyOptions[];
		expect(sandbox().requests.filter(isRoute(route)).length).toBeGreaterThan(0);
		const entries = Array.isArray(result) ? result : result.results;
		const values = entries.map((r) => String(r.value));
		// A label says what the entry is, from the fields the documented answer has, and nothing empty.
		for (const { name: label } of entries) expect(label).not.toMatch(/\(\s*\)|undefined|null|\[object/);
		if (picker.label) {
			const rows = recordOf(answer.body) as IDataObject[];
			expect(entries.map((e) => e.name)).toEqual(entries.map((e) => picker.label!(rows.find((r) => String(r.id) === String(e.value))!)));
		}
		const expected = picker.values!(route, answer);
		if (expected.length) expect(values.slice().sort()).toEqual(expected.slice().sort());
		else expect(values.length).toBeGreaterThan(0);
	});
});

// The value of a picker's entry goes into the workflow: a row without an ID is an error, never "undefined"
// or "[object Object]"; a label shows only texts and numbers (a name that is an object falls back to the ID).
const ID_PICKERS = ['listSearch searchAgents', 'listSearch searchCampaigns', 'listSearch searchCalendars', 'listSearch searchEvents', 'listSearch searchAgentActions', 'loadOptions getPhoneNumbers'];

describe.each(ID_PICKERS)('%s: an entry without an ID, an entry with odd names', (name) => {
	const picker = PICKERS[name];
	const route = picker.routes[0];
	const call = async (data: unknown[]) => {
		sandbox().inject({ status: 200, body: { success: true, data }, times: Infinity, when: isRoute(route) });
		const parameters = typeof picker.parameters === 'function' ? picker.parameters(route) : picker.parameters;
		const result = (await callMethod(picker.kind, name.split(' ')[1], credentials(), [], parameters)) as INodeListSearchResult | INodePropertyOptions[];
		return Array.isArray(result) ? result : result.results;
	};

	test.each([
		['missing', {}],
		['null', { id: null }],
		['an object', { id: { value: 'x' } }],
		['a list', { id: ['x'] }],
		['empty', { id: '  ' }],
		['true', { id: true }],
	])('its id is %s: an error naming the entry', async (kind, odd) => {
		// The actions' list has its own check (listActions, which operations use too).
		const message = name.endsWith('searchAgentActions') ? `Talkover's list of actions does not have the expected data (action 2: its id is ${kind})` : `Talkover's list does not have the expected data (entry 2: its id is ${kind})`;
		await expect(call([{ id: 'first', name: 'First' }, { name: 'Second', ...odd }])).rejects.toThrow(message);
	});

	test('names, titles, numbers and parts that are not texts are left out of the label', async () => {
		const odd = { x: 1 };
		const entries = await call([{ id: 41, label: odd, name: odd, title: [odd], number: odd, direction: odd, status: odd, current_status: null, campaign_type: odd, timezone: odd, start_at: odd, type: odd }]);
		expect(entries.map((e) => [e.name, String(e.value)])).toEqual([['41', '41']]);
	});
});
