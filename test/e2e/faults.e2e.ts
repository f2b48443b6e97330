/**
 * The faults where n8n's own behaviour is involved, in the real n8n (the packed package,
 * run as the editor's Execute workflow button does): Retry On Fail re-running the node, redirects followed (or not) by n8n's HTTP client, and
 * what an error item carries to the next node in both "Continue" modes.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer, RealN8n, WorkflowFile } from './real-n8n';
import { outputOf } from './real-n8n';

const TYPE = 'n8n-nodes-talkover.talkover';
const CREDENTIAL = { id: 'talkoverFaults', name: 'Talkover API' };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;

let n8n: RealN8n;
let server: N8nServer;
let sandbox: TalkoverSandbox;
let foreign: TalkoverSandbox;
let stop: (() => Promise<void>) | undefined;

const trigger = { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** Set (the items as one JSON list) → Split Out: one item per entry, without the Code node's task runner. */
function itemsNodes(name: string, items: IDataObject[]): IDataObject[] {
	return [
		{
			id: `${name} list`,
			name: `${name} list`,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
		},
		{ id: name, name, type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [300, 0], parameters: { fieldToSplitOut: 'items', options: {} } },
	];
}

/** Start → "<name> list" → "<name>" → the given nodes. */
function fromItems(name: string, targets: string[]): IDataObject {
	return {
		Start: { main: [[{ node: `${name} list`, type: 'main', index: 0 }]] },
		[`${name} list`]: { main: [[{ node: name, type: 'main', index: 0 }]] },
		[name]: { main: [targets.map((node) => ({ node, type: 'main', index: 0 }))] },
	};
}

function talkover(name: string, parameters: INodeParameters, extra: IDataObject = {}): IDataObject {
	return { id: name, name, type: TYPE, typeVersion: 1, position: [400, 0], parameters, credentials: { talkoverApi: CREDENTIAL }, ...extra };
}

function noOp(name: string): IDataObject {
	return { id: name, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} };
}

const leads = [{ crm_id: 'crm-1', phone: '+15550000001' }, { crm_id: 'crm-2', phone: '+15550000002' }, { crm_id: 'crm-3', phone: '+15550000003' }];
const makeWithNow: INodeParameters = {
	resource: 'call',
	operation: 'make',
	agentId: byId(SALES_AGENT),
	to: '={{ $json.phone }}',
	isTesting: true,
	additionalFields: { context: { values: [{ key: 'queued_at', value: '={{ $now.toISO() }}' }] } },
	options: { maxRetries: 0 },
};

const WORKFLOWS: WorkflowFile[] = [
	{
		id: 'faultsRetryNow',
		name: 'Retry On Fail with $now',
		nodes: [trigger, ...itemsNodes('Leads', leads), talkover('Call', makeWithNow, { retryOnFail: true, maxTries: 3, waitBetweenTries: 20 })],
		connections: fromItems('Leads', ['Call']),
	},
	{
		id: 'faultsRetryCont',
		name: 'Retry On Fail with $now, Continue (regular output)',
		nodes: [
			trigger,
			...itemsNodes('Leads', leads),
			talkover('Call', makeWithNow, { retryOnFail: true, maxTries: 3, waitBetweenTries: 20, onError: 'continueRegularOutput' }),
		],
		connections: fromItems('Leads', ['Call']),
	},
	{
		id: 'faultsRedirect',
		name: 'Redirect to another origin',
		nodes: [trigger, talkover('Call', { ...makeWithNow, to: '+15550000001', additionalFields: {} }, { onError: 'continueRegularOutput', retryOnFail: true, maxTries: 2, waitBetweenTries: 20 })],
		connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
	},
	{
		id: 'faultsErrorItems',
		name: 'Error items in both Continue modes',
		nodes: [
			trigger,
			...itemsNodes('Lead', [{ crm_id: 'crm-1', name: 'A' }]),
			talkover('Create (regular output)', { resource: 'agent', operation: 'create', label: 'L', name: '={{ $json.name }}', options: { maxRetries: 0 } }, { onError: 'continueRegularOutput' }),
			noOp('Next (regular output)'),
			talkover('Create (error output)', { resource: 'agent', operation: 'create', label: 'L', name: '={{ $json.name }}', options: { maxRetries: 0 } }, { onError: 'continueErrorOutput', position: [400, 200] }),
			noOp('Next (success output)'),
			noOp('Next (error output)'),
		],
		connections: {
			...fromItems('Lead', ['Create (regular output)', 'Create (error output)']),
			'Create (regular output)': { main: [[{ node: 'Next (regular output)', type: 'main', index: 0 }]] },
			'Create (error output)': {
				main: [[{ node: 'Next (success output)', type: 'main', index: 0 }], [{ node: 'Next (error output)', type: 'main', index: 0 }]],
			},
		},
	},
];

beforeAll(async () => {
	foreign = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	// One n8n for the file's runs, each as the editor's Execute workflow button runs it (an `n8n execute` per run
	// is a whole n8n started each time), and for the credential Test button.
	({ sandbox, n8n, server, stop } = await bringUp({
		tokens: [TOKEN],
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { baseUrl: url.sandbox, apiToken: TOKEN } }],
		workflows: WORKFLOWS,
	}));
}, 600_000);

beforeEach(() => {
	sandbox.reset();
	foreign.reset();
});

afterAll(async () => {
	await stop?.();
	await foreign?.stop();
});

const posts = () => sandbox.requestsTo('POST', callPath).map((r) => r.body.to);

describe("n8n's Retry On Fail with a Context value of {{ $now.toISO() }}", () => {
	test('a lead refused once (429) is called again, the leads already called are not', async () => {
		sandbox.inject({ method: 'POST', path: callPath, status: 429, body: { message: 'Too many requests.' }, when: (r) => r.body?.to === '+15550000002' });
		const { run, status } = await server.runManually('faultsRetryNow');
		expect(status).toBe(0);
		expect(posts()).toEqual(['+15550000001', '+15550000002', '+15550000002', '+15550000003']);
		// The two tries really sent different Context values: the record does not depend on them.
		const contexts = sandbox.requestsTo('POST', callPath).filter((r) => r.body.to === '+15550000002').map((r) => r.body.context.queued_at);
		expect(new Set(contexts).size).toBe(2);
		expect(outputOf(run, 'Call').map((o) => [o.json.to, o.pairedItem])).toEqual([
			['+15550000001', { item: 0 }],
			['+15550000002', { item: 1 }],
			['+15550000003', { item: 2 }],
		]);
	});

	test('a call that may have been placed (500) is sent once over three tries; the other leads once each', async () => {
		// The first item fails, so n8n retries the whole node (with Continue, it looks at the first item).
		sandbox.inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, times: Infinity, when: (r) => r.body?.to === '+15550000001' });
		const { run, status } = await server.runManually('faultsRetryCont');
		expect(status).toBe(0);
		expect(posts()).toEqual(['+15550000001', '+15550000002', '+15550000003']);
		expect(outputOf(run, 'Call').map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual([
			['The call may have been placed: Talkover had a problem on its side (HTTP 500)', { item: 0 }],
			['+15550000002', { item: 1 }],
			['+15550000003', { item: 2 }],
		]);
	});
});

describe('redirects in the real n8n', () => {
	test.each([301, 302, 307, 308])('%s to another origin, with Retry On Fail: the other host receives nothing, Talkover one request', async (status) => {
		sandbox.inject({ method: 'POST', path: callPath, status, body: '', headers: { Location: `${foreign.url}${callPath}` }, times: Infinity });
		const { run } = await server.runManually('faultsRedirect');
		expect(foreign.requests).toHaveLength(0);
		expect(sandbox.requests).toHaveLength(1);
		expect(outputOf(run, 'Call')[0].json.error).toBe(`The call may have been placed: Talkover answered with a redirect to ${foreign.url} (HTTP ${status}), which the node does not follow`);
		expect(JSON.stringify(run)).not.toContain(TOKEN);
	});
});

describe('the credential Test button in the real n8n does not follow a redirect', () => {
	// The Test button is n8n's own request (the credential's `test.request`), not the node's transport: it
	// must refuse a redirect on its own, or the token goes to whatever host the answer names.
	const NOT_TALKOVER =
		'No Talkover agent list at this Base URL. Leave Base URL at https://app.talkover.ai (without /api/v1) unless Talkover gave you another address. If it is right, Talkover may be unavailable: test again later.';
	const EMPTY =
		'Talkover sent an empty answer, without the agent list: either Talkover did not accept the API token (openapi.json documents its 401s without a body: copy the token again in Talkover under Account → Environments, it starts with talq_), or this Base URL is not Talkover (leave it at https://app.talkover.ai, without /api/v1, unless Talkover gave you another address).';
	const testButton = async (data: IDataObject = {}) =>
		(
			await server.rest('POST', '/rest/credentials/test', {
				// The saved credential, under the ID n8n gave it, with the values the form holds.
				credentials: { ...CREDENTIAL, id: n8n.credentialIdOf(CREDENTIAL.id), type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url, ...data } },
			})
		).data;

	test('without a redirect the button passes (the same request, so the refusal below is the redirect’s)', async () => {
		expect(await testButton()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual([`GET /api/v1/agents Bearer ${TOKEN}`]);
	});

	test.each([301, 302, 307, 308])('%s to another origin: the other host receives nothing, the button says it may not be Talkover', async (status) => {
		sandbox.inject({ method: 'GET', path: '/api/v1/agents', status, body: '', headers: { Location: `${foreign.url}/api/v1/agents?per_page=1` }, times: Infinity });
		const result = await testButton();
		expect(foreign.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual([]);
		// The redirect's body is empty, as openapi.json's 401s without a body are: the message names both causes.
		expect(result).toEqual({ status: 'Error', message: EMPTY });
		expect(sandbox.requests).toHaveLength(1);
	});

	// The credential's Test button: its rules as n8n's own credential tester applies them.
	const WRONG_TOKEN = 'Talkover did not accept the API token: it is wrong or has expired. Copy it again in Talkover under Account → Environments (it starts with talq_).';
	const NO_TOKEN =
		'Talkover did not accept the API token: it says none was sent. Paste the token from Talkover (Account → Environments, it starts with talq_) into API Token, without spaces or line breaks; if it is there, copy it again: it may be wrong or expired.';
	test.each([
		[{ error: 'UNAUTHORIZED', message: 'Invalid or missing authentication token', status_code: 401 }, WRONG_TOKEN],
		[{ error: 'TOKEN_EXPIRED', message: 'Authentication token has expired', status_code: 401 }, WRONG_TOKEN],
		[{ error: 'MISSING_TOKEN', message: 'Authorization header is required', status_code: 401 }, NO_TOKEN],
		[{ success: false, message: 'Unauthorized' }, WRONG_TOKEN],
		[{ message: 'Missing Bearer Token' }, NO_TOKEN],
		['', EMPTY],
	])('a documented 401 body %o blames the token, not the Base URL', async (body, message) => {
		sandbox.inject({ method: 'GET', path: '/api/v1/agents', status: 401, body });
		expect(await testButton()).toEqual({ status: 'Error', message });
	});

	test.each([
		['openapi.json: { data, meta }', { status: 200, body: { data: [{ id: 'a1' }], meta: { current_page: 1, per_page: 1, total: 1, last_page: 1 } } }, { status: 'OK', message: 'Connection successful!' }],
		['no agent yet', { status: 200, body: { success: true, data: [], meta: { current_page: 1, per_page: 1, total: 0, last_page: 1 } } }, { status: 'OK', message: 'Connection successful!' }],
		['data an object', { status: 200, body: { success: true, data: { id: 'a1' } } }, { status: 'Error', message: NOT_TALKOVER }],
		['data a text', { status: 200, body: { success: true, data: 'agents' } }, { status: 'Error', message: NOT_TALKOVER }],
		// Only List Agents' documented shapes (with `meta`) pass, whatever the status.
		['a null entry', { status: 200, body: { success: true, data: [null], meta: { current_page: 1, per_page: 1, total: 1, last_page: 1 } } }, { status: 'Error', message: NOT_TALKOVER }],
		['{ data: [] } without meta', { status: 200, body: { data: [] } }, { status: 'Error', message: NOT_TALKOVER }],
		['a 500 with { data: [] }', { status: 500, body: { data: [] } }, { status: 'Error', message: NOT_TALKOVER }],
	])('the agent list: %s', async (_what, answer, expected) => {
		sandbox.inject({ method: 'GET', path: '/api/v1/agents', ...answer });
		expect(await testButton()).toEqual(expected);
	});

	test('a Base URL with user:password@ (refused by the node): the button names the Base URL and nothing is sent', async () => {
		const result = await testButton({ baseUrl: sandbox.url.replace('http://', 'http://admin:hunter2@') });
		expect(result).toEqual({
			status: 'Error',
			message: 'Base URL: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai. Nothing was sent.',
		});
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a Base URL with spaces around it passes, as the node accepts it', async () => {
		expect(await testButton({ baseUrl: `  ${sandbox.url}/  ` })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/agents']);
	});
});

describe('what the next node gets from a failed item', () => {
	const error = 'Talkover rejected the data: The given data was invalid.';
	const message = [error, 'HTTP status: 422', 'Error code: VALIDATION_ERROR', 'name: The name field is required.', 'language: The selected language is invalid.'].join('\n');

	test('Continue (regular output) and Continue (error output): the message, the status, the code and every problem line', async () => {
		sandbox.inject({
			method: 'POST',
			path: '/api/v1/agents',
			status: 422,
			times: 2,
			body: {
				success: false,
				error: { code: 'VALIDATION_ERROR', message: 'The given data was invalid.' },
				errors: { name: ['The name field is required.'], language: ['The selected language is invalid.'] },
			},
		});
		const { run } = await server.runManually('faultsErrorItems');
		expect(outputOf(run, 'Next (regular output)').map((o) => o.json)).toEqual([{ error, message }]);
		expect(outputOf(run, 'Next (error output)').map((o) => o.json)).toEqual([{ crm_id: 'crm-1', name: 'A', error, message }]);
		expect(outputOf(run, 'Next (success output)')).toEqual([]);
	});
});
