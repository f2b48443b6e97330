/** The credential "Talkover API" and its Test button. */
import { loadBuilt, testCredential } from '../helpers/n8n';
import { TOKEN, useSandbox } from '../helpers/fixtures';
import { DOCUMENTED } from '../contract/documented';

const { sandbox, credentials } = useSandbox();

describe('credential "Talkover API"', () => {
	const { credential } = loadBuilt();

	test('fields: password token with placeholder and where to create it; base URL with its default', () => {
		expect(credential.name).toBe('talkoverApi');
		expect(credential.displayName).toBe('Talkover API');
		const [token, baseUrl] = credential.properties;
		expect(token).toMatchObject({ name: 'apiToken', type: 'string', required: true, placeholder: 'talq_...', typeOptions: { password: true } });
		expect(token.description).toContain('Account → Environments');
		expect(baseUrl).toMatchObject({ name: 'baseUrl', default: 'https://app.talkover.ai' });
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toEqual({ light: 'file:../nodes/Talkover/talkover.svg', dark: 'file:../nodes/Talkover/talkover.dark.svg' });
	});

	test('the Test button lists one agent with the token (not the unauthenticated health check) and passes with a good token', async () => {
		const result = await testCredential(credentials());
		expect(result.statusCode).toBe(200);
		expect(sandbox().requests).toHaveLength(1);
		const [request] = sandbox().requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/v1/agents');
		expect(request.query).toEqual({ per_page: '1' });
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
	});

	test('the Test button fails with a wrong token', async () => {
		const result = await testCredential({ ...credentials(), apiToken: 'talq_revoked' });
		expect(result.statusCode).toBe(401);
		expect(sandbox().requests[0].headers.authorization).toBe('Bearer talq_revoked');
	});

	test('a trailing slash on the base URL does not break the test request', async () => {
		const result = await testCredential({ ...credentials(), baseUrl: `${sandbox().url}//` });
		expect(result.url).toBe(`${sandbox().url}/api/v1/agents`);
		expect(result.statusCode).toBe(200);
	});
});

/**
 * What n8n's credential tester shows for the Test button: it sends the credential's `test.request` and then
 * fails with the message of the first rule whose `get(body, key) === value` (lodash's get, which walks
 * any value's properties, e.g. a list's `constructor.name`); otherwise "Connection successful!".
 */
async function pressTest(credentials: { apiToken: string; baseUrl: string }): Promise<string> {
	const { credential } = loadBuilt();
	const { body } = await testCredential(credentials);
	const json = Array.isArray(body) ? body[0] : body;
	const get = (value: unknown, key: string) => key.split('.').reduce<unknown>((node, part) => (node === null || node === undefined ? undefined : (Object(node) as Record<string, unknown>)[part]), value);
	for (const rule of credential.test!.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(json, rule.properties.key) === rule.properties.value) return rule.properties.message;
	}
	return 'Connection successful!';
}

describe('the Test button’s words', () => {
	const WRONG_TOKEN = 'Talkover did not accept the API token: it is wrong or has expired. Copy it again in Talkover under Account → Environments (it starts with talq_).';
	const NO_TOKEN =
		'Talkover did not accept the API token: it says none was sent. Paste the token from Talkover (Account → Environments, it starts with talq_) into API Token, without spaces or line breaks; if it is there, copy it again: it may be wrong or expired.';
	const EMPTY =
		'Talkover sent an empty answer, without the agent list: either Talkover did not accept the API token (openapi.json documents its 401s without a body: copy the token again in Talkover under Account → Environments, it starts with talq_), or this Base URL is not Talkover (leave it at https://app.talkover.ai, without /api/v1, unless Talkover gave you another address).';
	const NOT_TALKOVER = 'No Talkover agent list at this Base URL. Leave Base URL at https://app.talkover.ai (without /api/v1) unless Talkover gave you another address. If it is right, Talkover may be unavailable: test again later.';

	test.each([
		['authentication.mdx: UNAUTHORIZED', { error: 'UNAUTHORIZED', message: 'Invalid or missing authentication token', status_code: 401 }, WRONG_TOKEN],
		['authentication.mdx: TOKEN_EXPIRED', { error: 'TOKEN_EXPIRED', message: 'Authentication token has expired', status_code: 401 }, WRONG_TOKEN],
		['authentication.mdx: MISSING_TOKEN', { error: 'MISSING_TOKEN', message: 'Authorization header is required', status_code: 401 }, NO_TOKEN],
		['campaign and call pages: "Unauthorized"', { success: false, message: 'Unauthorized' }, WRONG_TOKEN],
		['webhook pages: "Missing Bearer Token"', { message: 'Missing Bearer Token' }, NO_TOKEN],
		['list-agents.mdx: "Unauthenticated."', { success: false, message: 'Unauthenticated.' }, WRONG_TOKEN],
		['make-call.mdx: INVALID_TOKEN', { error: { code: 'INVALID_TOKEN', message: 'Invalid or missing authentication token' } }, WRONG_TOKEN],
	])('a 401 %s: the token is blamed, not the Base URL', async (_page, body, message) => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 401, body });
		expect(await pressTest(credentials())).toBe(message);
	});

	// Every 401 body Talkover documents, on any route (documented-answers.json, not retyped: "Missing Bearer
	// Token", MISSING_TOKEN, openapi.json's 401s without a body), is answered with "did not accept the API
	// token", never "received no API token" or the Base URL's message.
	const documented401 = DOCUMENTED.answers
		.filter((a) => a.status === 401)
		.filter((a, i, all) => all.findIndex((b) => b.status === 401 && JSON.stringify(b.body) === JSON.stringify(a.body)) === i);
	test('the documented 401 bodies are the ones known (a new one gets a row below)', () => {
		expect(documented401.map((a) => a.body)).toEqual([
			{ error: 'UNAUTHORIZED', message: 'Invalid or missing authentication token', status_code: 401 },
			{ error: 'TOKEN_EXPIRED', message: 'Authentication token has expired', status_code: 401 },
			{ error: 'MISSING_TOKEN', message: 'Authorization header is required', status_code: 401 },
			{ success: false, message: 'Unauthenticated.' },
			{ message: 'Missing Bearer Token' },
			{ success: false, message: 'Unauthorized' },
			{ error: { code: 'INVALID_TOKEN', message: 'Invalid or missing authentication token' } },
			null,
		]);
	});
	test.each(documented401.map((a) => [a.id, a.body] as const))('a documented 401 (%s) says the token was not accepted', async (_id, body) => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 401, body: body ?? '' });
		expect(await pressTest(credentials())).toMatch(/Talkover did not accept the API token/);
	});
	test('an empty answer (openapi.json’s 401 without a body) names the token and the Base URL', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 401, body: '' });
		expect(await pressTest(credentials())).toBe(EMPTY);
	});

	test.each([
		['the page’s envelope', { success: true, data: [{ id: 'a1', name: 'A' }], meta: { current_page: 1, per_page: 1, total: 1, last_page: 1 } }],
		['openapi.json: { data, meta } without success', { data: [{ id: 'a1' }], meta: { current_page: 1, per_page: 1, total: 1, last_page: 1 } }],
		['no agent yet', { success: true, data: [], meta: { current_page: 1, per_page: 1, total: 0, last_page: 1 } }],
	])('a documented agent list passes: %s', async (_what, body) => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 200, body });
		expect(await pressTest(credentials())).toBe('Connection successful!');
	});

	test.each([
		['no data', { success: true }],
		['data null', { success: true, data: null }],
		['data an object', { success: true, data: { id: 'a1' } }],
		['data a text', { success: true, data: 'agents' }],
		['a list entry that is not an object', { success: true, data: ['a1'] }],
	])('an answer that is not an agent list fails: %s', async (_what, body) => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 200, body });
		expect(await pressTest(credentials())).toBe(NOT_TALKOVER);
	});

	test('success: false on a 200 fails with Talkover’s refusal, not "connection successful"', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status: 200, body: { success: false, data: [] } });
		expect(await pressTest(credentials())).toBe('Talkover refused to list the agents with this token. Check the API Token, or test again later.');
	});

	test('a Base URL with spaces around it (which the node accepts) passes too, trailing slash and all', async () => {
		const spaced = { ...credentials(), baseUrl: `  ${sandbox().url}/ \t` };
		const result = await testCredential(spaced);
		expect(result.url).toBe(`${sandbox().url}/api/v1/agents`);
		expect(result.statusCode).toBe(200);
		expect(await pressTest(spaced)).toBe('Connection successful!');
	});
});

describe('only a documented agent list passes the Test button, and it names a Base URL the node refuses', () => {
	const NOT_TALKOVER = 'No Talkover agent list at this Base URL. Leave Base URL at https://app.talkover.ai (without /api/v1) unless Talkover gave you another address. If it is right, Talkover may be unavailable: test again later.';
	const USERINFO = 'Base URL: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai. Nothing was sent.';
	const meta = { current_page: 1, per_page: 1, total: 1, last_page: 1 };

	test.each([
		['a list whose entry is null', 200, { success: true, data: [null], meta }],
		['{"data": []} without the paging object (neither List Agents nor openapi.json answers it)', 200, { data: [] }],
		['the envelope with `pagination` (other lists page so; List Agents and openapi.json say `meta`)', 200, { success: true, data: [{ id: 'a1' }], pagination: meta }],
		['meta null', 200, { success: true, data: [], meta: null }],
		['meta a text', 200, { success: true, data: [], meta: '1' }],
		['a 500 whose body holds an empty data list', 500, { data: [] }],
	])('%s fails', async (_what, status, body) => {
		sandbox().inject({ method: 'GET', path: '/api/v1/agents', status, body });
		expect(await pressTest(credentials())).toBe(NOT_TALKOVER);
	});

	test.each([
		['http://admin:hunter2@', (url: string) => url.replace('http://', 'http://admin:hunter2@')],
		['a user name only, scheme in upper case, spaces around', (url: string) => `  ${url.replace('http://', 'HTTP://admin@')}/ `],
		['without slashes (http:user@host, which URL parsers read as userinfo)', (url: string) => url.replace('http://', 'http:admin:x@')],
	])('a Base URL with userinfo (%s): the button names the Base URL, as the node does, and nothing is sent', async (_what, rewrite) => {
		const withUserinfo = { ...credentials(), baseUrl: rewrite(credentials().baseUrl) };
		const { runTalkover } = await import('../helpers/n8n');
		const run = await runTalkover({ parameters: { resource: 'agent', operation: 'getMany', limit: 1 }, credentials: withUserinfo });
		expect(run.error?.message).toMatch(/Base URL.*user name or password/);
		expect(await pressTest(withUserinfo)).toBe(USERINFO);
		expect(sandbox().requests).toHaveLength(0);
	});

	test.each(['http://@HOST', 'http://:@HOST'])('%s (empty userinfo: the node accepts it) is tested as usual', async (form) => {
		const baseUrl = credentials().baseUrl.replace(/^http:\/\/(.*)$/, (_all, host: string) => form.replace('HOST', host));
		expect(await pressTest({ ...credentials(), baseUrl })).toBe('Connection successful!');
		expect(sandbox().requests).toHaveLength(1);
	});
});
