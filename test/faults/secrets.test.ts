/**
 * The bearer token goes to Talkover's origin and nowhere else (no redirect is
 * followed, to another origin or the same one), and a token that a server echoes back never reaches
 * the error text, the output or the saved run data.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IRun } from 'n8n-workflow';

import { callMethod, runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, SALES_AGENT, TOKEN, useSandbox } from '../helpers/fixtures';
import { ACCOUNT_TOKEN } from '../helpers/seed';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { offeredOperations, operation, OPERATIONS } from './operations';

const { sandbox, credentials } = useSandbox();
let foreign: TalkoverSandbox;

beforeAll(async () => {
	foreign = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
});
beforeEach(() => foreign.reset());
afterAll(async () => {
	await foreign.stop();
});

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550000001', options: { maxRetries: 0 } };
const getActive = { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: '+15550000001', options: { maxRetries: 0 } };
const leaks = (run: IRun) => JSON.stringify(run).includes(TOKEN);

/**
 * A proxy in front of the sandbox that changes every successful JSON answer with `taint` (in place);
 * everything else is the sandbox's own answer.
 */
async function echoingProxy(taint: (body: unknown) => void): Promise<{ proxy: http.Server; url: string }> {
	const proxy = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const target = new URL(req.url ?? '/', sandbox().url);
			const forward = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
				const parts: Buffer[] = [];
				answer.on('data', (c: Buffer) => parts.push(c));
				answer.on('end', () => {
					let text = Buffer.concat(parts).toString();
					const status = answer.statusCode ?? 500;
					if (status >= 200 && status < 300 && text) {
						try {
							const body = JSON.parse(text);
							taint(body);
							text = JSON.stringify(body);
						} catch {
							// not JSON: as it came
						}
					}
					const headers = { ...answer.headers };
					delete headers['content-length'];
					delete headers['transfer-encoding'];
					res.writeHead(status, headers);
					res.end(text);
				});
			});
			forward.end(Buffer.concat(chunks));
		});
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	return { proxy, url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
}

/**
 * An echoing proxy (echoingProxy) for the tests of one describe: started before them, closed after them;
 * `add` changes each object of an answer (the body, and the entries of its data, versions, items, calls
 * and slots, at any depth). Returns the proxy's URL (read inside a test).
 */
function useEchoingProxy(add: (object: Record<string, unknown>) => void): () => string {
	const taint = (value: unknown): void => {
		if (Array.isArray(value)) {
			for (const entry of value) taint(entry);
			return;
		}
		if (value === null || typeof value !== 'object') return;
		const object = value as Record<string, unknown>;
		add(object);
		for (const key of ['data', 'versions', 'items', 'calls', 'slots']) if (key in object) taint(object[key]);
	};
	let proxy: http.Server;
	let url = '';
	beforeAll(async () => {
		({ proxy, url } = await echoingProxy(taint));
	});
	afterAll(async () => {
		await new Promise((resolve) => proxy.close(resolve));
	});
	return () => url;
}

test('the operations table (test/faults/operations.ts) has every operation the node offers: the echoing tests below run each', () => {
	expect(OPERATIONS.map((o) => o.name).sort()).toEqual(offeredOperations());
});

describe('redirects are not followed, so the token and the body stay with Talkover', () => {
	test.each([301, 302, 303, 307, 308])('%s to another origin on Make Call: nothing reaches the other host', async (status) => {
		sandbox().inject({ method: 'POST', path: callPath, status, body: '', headers: { Location: `${foreign.url}${callPath}` } });
		const { run, error } = await runTalkover({ parameters: make, credentials: credentials(), settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 } });
		expect(foreign.requests).toHaveLength(0);
		expect(error?.message).toBe(`The call may have been placed: Talkover answered with a redirect to ${foreign.url} (HTTP ${status}), which the node does not follow`);
		expect(error?.description).toContain('Your token was not sent there.');
		expect(sandbox().requests).toHaveLength(1);
		expect(leaks(run)).toBe(false);
	});

	test('a redirect to another origin on a read (Get Active)', async () => {
		sandbox().inject({ method: 'GET', status: 302, body: '', headers: { Location: `${foreign.url}/somewhere?x=1` } });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(foreign.requests).toHaveLength(0);
		expect(error?.message).toBe(`Talkover answered with a redirect to ${foreign.url} (HTTP 302), which the node does not follow`);
	});

	test('a redirect within the same origin is not followed either (a POST must not turn into a GET)', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 301, body: '', headers: { Location: `${sandbox().url}/api/v1/agents` } });
		const { error } = await runTalkover({ parameters: make, credentials: credentials() });
		expect(error?.message).toBe(`The call may have been placed: Talkover answered with a redirect to ${sandbox().url} (HTTP 301), which the node does not follow`);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['POST', callPath]]);
	});

	test('the agent picker does not follow a redirect to another origin', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 307, body: '', headers: { Location: `${foreign.url}/api/v1/agents` } });
		await expect(callMethod('listSearch', 'searchAgents', credentials())).rejects.toThrow(
			`Talkover answered with a redirect to ${foreign.url} (HTTP 307), which the node does not follow`,
		);
		expect(foreign.requests).toHaveLength(0);
	});
});

describe('a token echoed by the server is scrubbed from every text that leaves the node', () => {
	const echo = `Rate limit exceeded for token ${TOKEN} (Bearer ${TOKEN})`;

	test('in a 429 message: error, description and run data', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: echo, details: { retry_after: 1 } } } });
		const { run, error } = await runTalkover({ parameters: make, credentials: credentials() });
		expect(error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
		expect(error?.description).toContain('Talkover said: "Rate limit exceeded for token *** (Bearer ***)"');
		expect(leaks(run)).toBe(false);
	});

	test("in Get Active's 404 message (an unknown agent): error, description and run data", async () => {
		sandbox().inject({ method: 'GET', status: 404, body: { success: false, message: `Agent not found for ${TOKEN}` } });
		const { run, error } = await runTalkover({ parameters: { ...getActive, phone: ACTIVE_PHONE }, credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${SALES_AGENT} for this token's environment`);
		expect(error?.description).toContain('Talkover said: "Agent not found for ***"');
		expect(leaks(run)).toBe(false);
	});

	test('in a 422 problem list, with Continue On Fail: the error item and the run data', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 422, body: { success: false, message: `Invalid for ${TOKEN}`, errors: { to: [`${TOKEN} is not a number`] } } });
		const { run, output } = await runTalkover({ parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output![0].json.error).toBe('Talkover rejected the data: Invalid for ***');
		expect(String(output![0].json.message)).toContain('to: *** is not a number');
		expect(leaks(run)).toBe(false);
	});

	test('in an error thrown by the picker', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 403, body: { message: `Token ${TOKEN} lacks a scope` } });
		const failure = await callMethod('listSearch', 'searchAgents', credentials()).catch((e: Error & { description?: string }) => e);
		expect(JSON.stringify({ message: (failure as Error).message, description: (failure as { description?: string }).description })).not.toContain(TOKEN);
		expect(JSON.stringify(failure)).not.toContain(TOKEN);
	});

	// A picker's link carries the ID encoded, where a token with `|` reads %7C.
	test('in a picker entry whose ID holds a token: its value, label and link show neither the token nor its encoded form', async () => {
		const id = `a/${ACCOUNT_TOKEN}?${TOKEN}`;
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 200, body: { success: true, data: [{ id, name: `Agent ${ACCOUNT_TOKEN}` }] } });
		const result = await callMethod('listSearch', 'searchAgents', { ...credentials(), accountToken: ACCOUNT_TOKEN });
		const text = JSON.stringify(result);
		expect(encodeURIComponent(ACCOUNT_TOKEN)).not.toBe(ACCOUNT_TOKEN);
		for (const secret of [TOKEN, ACCOUNT_TOKEN, encodeURIComponent(ACCOUNT_TOKEN), encodeURIComponent(TOKEN)]) expect(text).not.toContain(secret);
		expect(text).toContain('/agents/a%2F***%3F***');
	});

	test('in a web page a wrong Base URL answers with, and in a network error', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 500, body: `<html><body>Hello ${TOKEN}</body></html>`, contentType: 'text/html' });
		const first = await runTalkover({ parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(leaks(first.run)).toBe(false);
		sandbox().inject({ method: 'POST', path: callPath, destroy: true });
		const second = await runTalkover({ parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(leaks(second.run)).toBe(false);
	});

	test('a token in the Base URL itself (pasted by mistake) is not shown in errors', async () => {
		const { run } = await runTalkover({
			parameters: make,
			credentials: { ...credentials(), baseUrl: `http://127.0.0.1:1/${TOKEN}` },
			settings: { continueOnFail: true },
		});
		expect(leaks(run)).toBe(false);
	});
});

describe('a Base URL with a user name and password', () => {
	test('is refused before anything is sent, and the password is nowhere in the error or the run data', async () => {
		const baseUrl = sandbox().url.replace('http://', 'http://admin:hunter2secret@');
		const { run, error } = await runTalkover({ parameters: make, credentials: { ...credentials(), baseUrl } });
		expect(error?.message).toBe(
			'Base URL of the "Talkover API" credential: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai',
		);
		expect(sandbox().requests).toHaveLength(0);
		expect(JSON.stringify(run)).not.toMatch(/hunter2secret/);
	});

	test('in a picker too (which sends without the node’s checks of the items)', async () => {
		const baseUrl = sandbox().url.replace('http://', 'http://admin:hunter2secret@');
		const failure = await callMethod('listSearch', 'searchAgents', { ...credentials(), baseUrl }).catch((e: Error & { description?: string }) => e);
		expect(`${(failure as Error).message} ${(failure as { description?: string }).description} ${JSON.stringify(failure)}`).not.toMatch(/hunter2secret/);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('a token echoed in a successful answer never reaches the output', () => {
	/**
	 * A proxy in front of the sandbox that echoes both tokens into every successful JSON answer: a
	 * `debug` text at the top, in `data` (and in each entry of a list), a key named after the token and a
	 * nested list; everything else is the sandbox's own answer.
	 */
	const echo = (token: string) => `authenticated as ${token}`;
	const proxyUrl = useEchoingProxy((object) => {
		object.debug = `${echo(TOKEN)}; account ${ACCOUNT_TOKEN}`;
		object[`seen_${TOKEN}`] = [TOKEN, { deep: `x ${ACCOUNT_TOKEN} y`, plain: 'talq_ is a prefix, not a token' }];
	});

	test.each(OPERATIONS.map((op) => [op.name, op] as const))('%s: neither token in the output or the run data; the texts around them are kept', async (_name, op) => {
		const { run, output, error } = await runTalkover({
			parameters: op.parameters,
			credentials: { ...credentials(), baseUrl: proxyUrl(), accountToken: ACCOUNT_TOKEN },
		});
		expect(error).toBeUndefined();
		expect(output!.length).toBeGreaterThan(0);
		const text = JSON.stringify(run);
		expect(text).not.toContain(TOKEN);
		expect(text).not.toContain(ACCOUNT_TOKEN);
		// Where an operation passes Talkover's fields on, the words around the tokens stay.
		const out = JSON.stringify(output);
		if (out.includes('authenticated as')) {
			expect(out).toContain('authenticated as ***; account ***');
			expect(out).toContain('"seen_***":["***",{"deep":"x *** y","plain":"talq_ is a prefix, not a token"}]');
		}
	});

	test('Agent → Get passes the echoed fields on (so the scrubbing above is exercised); a credential without an Account Token scrubs only its API Token', async () => {
		const { output } = await runTalkover({ parameters: operation('agent get').parameters, credentials: { ...credentials(), baseUrl: proxyUrl() } });
		expect(output![0].json.debug).toBe(`authenticated as ***; account ${ACCOUNT_TOKEN}`);
	});
});

describe('an answer with an own "__proto__" key and a token', () => {
	test('Agent → Get: the key stays data in the output (not the item’s prototype), the token becomes ***', async () => {
		const { parameters } = operation('agent get');
		const id = String((parameters.agentId as { value: string }).value);
		const agent = sandbox().agents.find((a) => a.id === id)!;
		const body = JSON.parse(JSON.stringify({ success: true, data: { ...agent, debug: `as ${TOKEN}` } }).replace('{"id"', '{"__proto__":{"isAdmin":true},"id"'));
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${id}`, status: 200, body });
		const { output, error } = await runTalkover({ parameters, credentials: credentials() });
		expect(error).toBeUndefined();
		const json = output![0].json as Record<string, unknown>;
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
		expect(json.isAdmin).toBeUndefined();
		expect(json.debug).toBe('as ***');
		expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ isAdmin: true });
	});
});

describe('an action header value (an API key, the tool’s secret) never reaches an item, whatever the operation', () => {
	const KEY = 'sk_live_8f3a2c9d1e7b4a60';
	const TOOL_SECRET = 'c'.repeat(64);
	/** Every answer's objects carry a webhook action with two secret headers, as Get Many and Update Knowledge echo them. */
	const proxyUrl = useEchoingProxy((object) => {
		object.actions = [{ id: 'echoed-action', name: 'crm', custom_headers: [{ key: 'X-Api-Key', value: KEY }, { key: 'X-N8n-Talkover-Secret', value: TOOL_SECRET }] }];
		object.note = `token ${TOKEN}`;
	});

	test.each(OPERATIONS.map((op) => [op.name, op] as const))('%s: neither the header values nor the token in the output or the run data; the header names stay', async (_name, op) => {
		const { run, output, error } = await runTalkover({ parameters: op.parameters, credentials: { ...credentials(), baseUrl: proxyUrl() } });
		expect(error).toBeUndefined();
		expect(output!.length).toBeGreaterThan(0);
		const text = JSON.stringify(run);
		for (const secret of [KEY, TOOL_SECRET, TOKEN]) expect(text).not.toContain(secret);
		const out = JSON.stringify(output);
		if (out.includes('echoed-action')) expect(out).toContain('"custom_headers":[{"key":"X-Api-Key","value":"***"},{"key":"X-N8n-Talkover-Secret","value":"***"}]');
	});

	test('Agent → Get Many and Agent → Update Knowledge pass the actions on (so the masking above is exercised)', async () => {
		for (const name of ['agent getMany', 'agent updateKnowledge']) {
			const { output } = await runTalkover({ parameters: operation(name).parameters, credentials: { ...credentials(), baseUrl: proxyUrl() } });
			expect(JSON.stringify(output)).toContain('echoed-action');
		}
	});
});

describe('a header value this workflow gives Talkover never comes back in an item or an error', () => {
	const KEY = 'sk_live_given_by_this_workflow_42';
	const create = {
		...operation('agentAction create').parameters,
		nodeId: 'node-given',
		additionalFields: { customHeaders: { header: [{ key: 'X-Api-Key', value: KEY }] } },
	};
	const actionsPath = `/api/v1/agents/${SALES_AGENT}/actions`;

	test('Talkover’s success answer repeats it in a text: masked there too', async () => {
		const body = { success: true, message: `Action saved with X-Api-Key ${KEY}`, data: { id: 'action-echo', name: 'N', node_id: 'node-given', summary: `calls with X-Api-Key ${KEY}`, custom_headers: [{ key: 'X-Api-Key', value: KEY }] } };
		sandbox().inject({ method: 'POST', path: actionsPath, status: 200, body });
		const { run, output, error } = await runTalkover({ parameters: create, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json.custom_headers).toEqual([{ key: 'X-Api-Key', value: '***' }]);
		expect(output![0].json.summary).toBe('calls with X-Api-Key ***');
		expect(JSON.stringify(run)).not.toContain(KEY);
	});

	test('Talkover refuses it (422) repeating it in its message and its details: the error item and the run data mask it', async () => {
		const body = { success: false, message: `Header X-Api-Key "${KEY}" is not allowed`, errors: { custom_headers: [`${KEY} is invalid`] }, details: { custom_headers: [{ key: 'X-Api-Key', value: KEY }] } };
		sandbox().inject({ method: 'POST', path: actionsPath, status: 422, body });
		const { run, output } = await runTalkover({ parameters: create, credentials: credentials(), settings: { continueOnFail: true } });
		expect(String(output![0].json.error)).toContain('Header X-Api-Key "***" is not allowed');
		expect(JSON.stringify(run)).not.toContain(KEY);
	});

	test('the same without Continue On Fail: the error that stops the run masks it', async () => {
		sandbox().inject({ method: 'POST', path: actionsPath, status: 422, body: { success: false, message: `Header value ${KEY} is not allowed`, details: { custom_headers: [{ key: 'X-Api-Key', value: KEY }] } } });
		const { run, error } = await runTalkover({ parameters: create, credentials: credentials() });
		expect(error?.message).toContain('Header value *** is not allowed');
		// The workflow's own parameters (the node, saved with the workflow) hold what the user typed: every text of the error does not.
		const texts = JSON.parse(JSON.stringify(run.data.resultData.error)) as Record<string, unknown>;
		delete texts.node;
		expect(JSON.stringify(texts)).toContain('***');
		expect(JSON.stringify(texts)).not.toContain(KEY);
		expect(JSON.stringify(run.data.resultData.runData.Talkover[0].error ? { ...run.data.resultData.runData.Talkover[0].error, node: undefined } : {})).not.toContain(KEY);
	});
});

describe('a header value shown masked (***) is never sent back as the value', () => {
	test.each(['agentAction create', 'agentAction update'])('%s: refused before anything is sent, naming the field and the item', async (name) => {
		const parameters = { ...operation(name).parameters, additionalFields: { customHeaders: { header: [{ key: 'X-Api-Key', value: '***' }] } } };
		const { error } = await runTalkover({ parameters, credentials: credentials() });
		expect(error?.message).toMatch(/Custom Headers/);
		expect(error?.message).toMatch(/\*\*\*/);
		expect(JSON.stringify(error)).toMatch(/item|Item/);
		expect(sandbox().requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	test('with Continue On Fail: the item with the mask is an error item, the other item is sent', async () => {
		const parameters = {
			...operation('agentAction create').parameters,
			additionalFields: { customHeaders: { header: [{ key: 'X-Api-Key', value: '={{ $itemIndex === 0 ? "***" : "sk_real_value_123" }}' }] } },
		};
		const { output } = await runTalkover({ parameters, credentials: credentials(), items: [{}, {}], settings: { continueOnFail: true } });
		expect(String(output![0].json.error)).toMatch(/Custom Headers/);
		expect(output![1].json.error).toBeUndefined();
		expect(sandbox().requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});
});
