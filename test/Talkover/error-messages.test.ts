import { runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, freePort, SALES_AGENT, SUPPORT_AGENT, TOKEN, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const calling = { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT), direction: 'inbound' };
const getActive = { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: ACTIVE_PHONE };
/** The parameters with Options → Max Retries 0: the first failure is the answer (retries: rate-limit.test.ts). */
const noRetry = <T extends object>(parameters: T) => ({ ...parameters, options: { maxRetries: 0 } });

describe('the six documented error bodies become one clear message', () => {
	const said = 'Talkover said: "Phone number is not available"';
	test.each([
		['{message}', { message: 'Phone number is not available' }, said],
		['{success:false,message}', { success: false, message: 'Phone number is not available' }, said],
		['{error:"CODE",message,status_code}', { error: 'PHONE_UNAVAILABLE', message: 'Phone number is not available', status_code: 400 }, `${said}\nError code: PHONE_UNAVAILABLE`],
		['{error:{code,message,details}}', { error: { code: 'PHONE_UNAVAILABLE', message: 'Phone number is not available', details: {} } }, `${said}\nError code: PHONE_UNAVAILABLE`],
		['{success:false,error:{code,message}}', { success: false, error: { code: 'PHONE_UNAVAILABLE', message: 'Phone number is not available' } }, `${said}\nError code: PHONE_UNAVAILABLE`],
	])('%s', async (_shape, body, description) => {
		sandbox().inject({ method: 'PUT', status: 400, body });
		const { error } = await runTalkover({ parameters: calling, credentials: credentials() });
		expect(error?.message).toBe('Talkover refused the request (HTTP 400): Phone number is not available');
		expect(error?.httpCode).toBe('400');
		expect(error?.description).toBe(description);
	});

	test('422 with errors as a field map: every field line', async () => {
		sandbox().inject({
			method: 'PUT',
			status: 422,
			body: { success: false, message: 'The given data was invalid.', errors: { direction: ['The selected direction is invalid.'], phone_number_ids: ['Too many.'] } },
		});
		const { error } = await runTalkover({ parameters: calling, credentials: credentials() });
		expect(error?.message).toBe('Talkover rejected the data: The given data was invalid.');
		expect(error?.description).toBe('direction: The selected direction is invalid.\nphone_number_ids: Too many.');
	});

	test('422 with errors as a list of strings: every line', async () => {
		sandbox().inject({ method: 'PUT', status: 422, body: { success: false, message: 'Flow validation failed', errors: ['first problem', 'second problem'] } });
		const { error } = await runTalkover({ parameters: calling, credentials: credentials() });
		expect(error?.message).toBe('Talkover rejected the data: Flow validation failed');
		expect(error?.description).toBe('first problem\nsecond problem');
	});
});

describe('status codes', () => {
	test('401 from a wrong token says the token is wrong or expired, and where to get one', async () => {
		const { error } = await runTalkover({ parameters: getActive, credentials: { ...credentials(), apiToken: 'talq_wrong' } });
		expect(sandbox().requests[0].headers.authorization).toBe('Bearer talq_wrong');
		expect(error?.message).toBe('Talkover did not accept the API token: it is wrong or has expired');
		expect(error?.description).toContain('Talkover said: "Unauthenticated."');
		expect(error?.description).toContain('Account → Environments');
		expect(error?.httpCode).toBe('401');
	});

	test.each([
		[{ error: 'TOKEN_EXPIRED', message: 'Authentication token has expired', status_code: 401 }, 'Error code: TOKEN_EXPIRED'],
		[{ error: 'MISSING_TOKEN', message: 'Authorization header is required', status_code: 401 }, 'Error code: MISSING_TOKEN'],
	])('401 in the authentication page’s shape %#', async (body, line) => {
		sandbox().inject({ status: 401, body });
		const { error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error?.message).toBe('Talkover did not accept the API token: it is wrong or has expired');
		expect(error?.description).toContain(line);
	});

	test('403', async () => {
		sandbox().inject({ status: 403, body: { success: false, message: 'You are not authorized to perform this action.' } });
		const { error } = await runTalkover({ parameters: calling, credentials: credentials() });
		expect(error?.message).toBe('The Talkover API token is not allowed to do this');
		expect(error?.description).toContain('You are not authorized to perform this action.');
	});

	test('429 (Max Retries 0: no second try)', async () => {
		sandbox().inject({ status: 429, body: { success: false, message: 'Too many requests. Please try again later.' } });
		const { error } = await runTalkover({ parameters: noRetry(calling), credentials: credentials() });
		expect(error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
		expect(error?.httpCode).toBe('429');
		expect(error?.description).toContain('Talkover said: "Too many requests. Please try again later."');
		expect(sandbox().requests).toHaveLength(1);
	});

	test('500 (Max Retries 0: no second try)', async () => {
		sandbox().inject({ status: 500, body: { success: false, message: 'Internal server error.' } });
		const { error } = await runTalkover({ parameters: noRetry(calling), credentials: credentials() });
		expect(error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(error?.description).toContain('Internal server error.');
	});

	test('a 2xx whose body is not JSON is an error, not an empty success', async () => {
		sandbox().inject({ status: 200, body: '{"success": true, "data": {', headers: { 'Content-Type': 'application/json' } });
		const { error } = await runTalkover({ parameters: calling, credentials: credentials() });
		expect(error?.message).toBe('Talkover sent an answer that is not valid JSON (HTTP 200)');
	});

	test('an error body that is not JSON still gives a clear message', async () => {
		sandbox().inject({ status: 502, body: '<html>Bad gateway</html>', headers: { 'Content-Type': 'text/html' } });
		const { error } = await runTalkover({ parameters: noRetry(calling), credentials: credentials() });
		expect(error?.message).toBe('Talkover had a problem on its side (HTTP 502)');
		expect(error?.description).toContain('not a Talkover JSON error');
	});
});

describe('network failures', () => {
	test('connection refused names the problem and the Base URL', async () => {
		const port = await freePort();
		const { error } = await runTalkover({ parameters: noRetry(getActive), credentials: { apiToken: TOKEN, baseUrl: `http://127.0.0.1:${port}` } });
		expect(error?.message).toBe('Could not reach Talkover: the connection was refused');
		expect(error?.description).toContain(`http://127.0.0.1:${port}/api/v1/agents/`);
	});

	test('a connection closed before the answer (Max Retries 0)', async () => {
		sandbox().inject({ destroy: true });
		const { error } = await runTalkover({ parameters: noRetry(getActive), credentials: credentials() });
		expect(error?.message).toBe('Could not reach Talkover: the connection was closed before Talkover answered');
	});
});

describe('Continue On Fail and secrecy', () => {
	test('each failing item becomes an error item paired with it; the others go on', async () => {
		sandbox().inject({ method: 'PUT', status: 500, body: { message: 'boom' } });
		const { output, error } = await runTalkover({
			items: [{ d: 'inbound' }, { d: 'outbound' }, { d: 'inbound' }],
			parameters: noRetry({ ...calling, direction: '={{ $json.d }}' }),
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(3);
		expect(output).toHaveLength(3);
		// The error item carries the message and everything the error says (n8n would keep only the message of an item.error).
		expect(output![0].json).toEqual({
			error: 'Talkover had a problem on its side (HTTP 500)',
			message: 'Talkover had a problem on its side (HTTP 500)\nHTTP status: 500\nTalkover said: "boom"\nThis is not caused by your input. Try again later.',
		});
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output![1].json.direction).toBe('outbound');
		expect(output![2].json.direction).toBe('inbound');
	});

	test('"On Error: Continue (using error output)" sends failed items to the error output', async () => {
		sandbox().inject({ method: 'PUT', status: 404, body: { success: false, message: 'Agent not found' } });
		const { run } = await runTalkover({
			items: [{}, {}],
			parameters: calling,
			credentials: credentials(),
			settings: { onError: 'continueErrorOutput' },
		});
		const [success, failed] = run.data.resultData.runData.Talkover[0].data!.main;
		expect(success!.map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
		expect(failed!.map((o) => [o.json.error, o.pairedItem])).toEqual([[`Agent not found: Talkover has no agent with ID ${SUPPORT_AGENT} for this token's environment`, { item: 0 }]]);
	});

	test('the token appears in no output item, error or run data, even when Talkover echoes it', async () => {
		sandbox().inject({ status: 401, body: { success: false, message: `Token ${TOKEN} is revoked` } });
		sandbox().inject({ status: 500, body: { error: { code: 'X', message: `bad ${TOKEN}` } } });
		const failing = await runTalkover({ items: [{}, {}], parameters: noRetry(getActive), credentials: credentials(), settings: { continueOnFail: true } });
		const failed = await runTalkover({ parameters: noRetry(calling), credentials: credentials() });
		sandbox().inject({ destroy: true });
		const network = await runTalkover({ parameters: noRetry(getActive), credentials: credentials() });
		expect(failing.output![0].json.message).toContain('Token *** is revoked');
		for (const result of [failing, failed, network]) {
			const everything = JSON.stringify(result.run) + JSON.stringify(result.error) + String(result.error?.message) + String(result.error?.description) + String(result.error?.stack);
			expect(everything).not.toContain(TOKEN);
		}
	});
});
