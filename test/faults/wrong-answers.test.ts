/**
 * An answer that makes no sense is an error for that item, never a guess (above
 * all never "nobody is on the phone, call them"), and never takes the other items' output with it; a
 * phone number is dialled right or refused; an agent ID cannot point the request at another endpoint.
 */
import { runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const noRetries = { maxRetries: 0 };
const getActive = { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: '+15550000001', options: noRetries };
const validate = { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT), options: noRetries };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: noRetries };
const noData = (what: string) => `Talkover's answer does not have the expected data (data is ${what})`;

describe('Get Active says "no call" only for Talkover\'s own "no active call" answer', () => {
	test('the documented answer (404 "No active call found for this phone number") is active: false', async () => {
		const { output, error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => o.json)).toEqual([{ active: false, phone: '+15550000001' }]);
	});

	test.each([
		['a framework 404 {"message":"Not Found"}', { status: 404, body: { message: 'Not Found' } }, 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential'],
		['a 404 web page', { status: 404, body: '<html><body>404 Not Found</body></html>', contentType: 'text/html' }, 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential'],
		['an empty 200', { status: 200, body: '' }, 'Talkover sent an empty answer (HTTP 200)'],
		['a 204', { status: 204, body: '' }, 'Talkover sent an empty answer (HTTP 204)'],
		['a 200 with success: false', { status: 200, body: { success: false, message: 'Something went wrong' } }, 'Talkover answered that the request failed (HTTP 200, success: false)'],
		['a 200 with an empty list', { status: 200, body: { success: true, data: [] } }, 'Talkover answered without any call and without saying that there is none (HTTP 200)'],
		['a 200 with data: null', { status: 200, body: { success: true, data: null } }, noData('null')],
		['a 200 with a call that has no ID', { status: 200, body: { success: true, data: [{ status: 'answered' }] } }, 'Talkover\'s answer does not have the expected data (a call without an ID)'],
	])('%s is an error, not "active: false"', async (_what, fault, message) => {
		sandbox().inject({ method: 'GET', ...fault });
		const { output, error } = await runTalkover({ parameters: getActive, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe(message);
	});

	test('a Base URL that ends in /api/v1 is an error, not "no call"', async () => {
		const { output, error } = await runTalkover({ parameters: getActive, credentials: { ...credentials(), baseUrl: `${sandbox().url}/api/v1` } });
		expect(output).toBeUndefined();
		expect(error?.message).toBe('Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential');
		expect(error?.description).toContain('without /api/v1');
		// On purpose: /api/v1/api/v1/… is a route no document has.
		expect(sandbox().violations.map((v) => v.rule)).toEqual(['route']);
		sandbox().violations.length = 0;
	});

	test('"If No Active Call: Output Nothing" does not swallow a framework 404 either', async () => {
		sandbox().inject({ method: 'GET', status: 404, body: { message: 'Not Found' } });
		const { error } = await runTalkover({ parameters: { ...getActive, onNoActiveCall: 'noItems' }, credentials: credentials() });
		expect(error?.message).toMatch(/^Talkover does not know this address/);
	});

	test('the seeded active call is still found (active: true)', async () => {
		const { output } = await runTalkover({ parameters: { ...getActive, phone: ACTIVE_PHONE }, credentials: credentials() });
		expect(output!.map((o) => [o.json.id, o.json.active])).toEqual([['c0ffee00-0000-4000-8000-000000000001', true]]);
	});
});

describe('Flow → Validate says "valid" only when Talkover says so', () => {
	test('success: true with problems listed is not valid (the problems are the answer)', async () => {
		sandbox().inject({ method: 'POST', status: 200, body: { success: true, errors: ['Node x is unreachable'] } });
		const { output } = await runTalkover({ parameters: validate, credentials: credentials() });
		expect(output!.map((o) => o.json)).toEqual([{ valid: false, errors: ['Node x is unreachable'] }]);
	});

	test('the documented answer {success: true, message: "Flow is valid"} is valid', async () => {
		const { output } = await runTalkover({ parameters: validate, credentials: credentials() });
		expect(output!.map((o) => o.json)).toEqual([{ valid: true, errors: [], message: 'Flow is valid' }]);
	});

	test.each([
		['an empty 200', { status: 200, body: '' }, 'Talkover sent an empty answer (HTTP 200)'],
		['a 204', { status: 204, body: '' }, 'Talkover sent an empty answer (HTTP 204)'],
		['data: null', { status: 200, body: { success: true, data: null } }, noData('null')],
		['a 200 without success', { status: 200, body: { message: 'ok' } }, 'Talkover\'s answer does not say whether the request succeeded (HTTP 200)'],
	])('%s is an error, not "valid: true"', async (_what, fault, message) => {
		sandbox().inject({ method: 'POST', ...fault });
		const { output, error } = await runTalkover({ parameters: validate, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe(message);
	});
});

describe('an answer of an unexpected shape fails that item only, never the whole run', () => {
	const three = [{ phone: '+15550000001' }, { phone: '+15550000002' }, { phone: '+15550000003' }];

	test.each([
		['data: null', { success: true, data: null }, noData('null')],
		['data missing', { success: true }, noData('missing')],
		['data a string', { success: true, data: 'queued' }, noData('text')],
		['data: true', { success: true, data: true }, noData('true')],
		['data a list', { success: true, data: [{ id: 'x' }] }, noData('a list')],
		['success: false', { success: false, message: 'Could not queue' }, 'Talkover answered that the request failed (HTTP 200, success: false)'],
		['success: true with problems listed', { success: true, data: { id: 'x' }, errors: ['to: looks odd'] }, "Talkover's answer contradicts itself (HTTP 200: success: true with problems listed)"],
	])('%s on the second of three calls, with Continue On Fail: the other calls keep their IDs', async (_what, body, message) => {
		sandbox().inject({ method: 'POST', path: callPath, status: 200, body, when: (r) => r.body?.to === '+15550000002' });
		const { output, error } = await runTalkover({ items: three, parameters: make, credentials: credentials(), settings: { continueOnFail: true } });
		expect(error).toBeUndefined();
		const placed = sandbox().calls.filter((c) => String(c.to).startsWith('+1555000000'));
		expect(output!.map((o) => [o.json.id ?? o.json.error, o.pairedItem])).toEqual([
			[placed[0].id, { item: 0 }],
			[`The call may have been placed: ${message}`, { item: 1 }],
			[placed[1].id, { item: 2 }],
		]);
	});

	test('data: null without Continue On Fail: a clear error for the item, the run stops there', async () => {
		sandbox().inject({ method: 'POST', path: callPath, status: 200, body: { success: true, data: null }, when: (r) => r.body?.to === '+15550000002' });
		const { error } = await runTalkover({ items: three, parameters: make, credentials: credentials() });
		expect(error?.message).toBe(`The call may have been placed: ${noData('null')}`);
		expect((error as { name?: string }).name).toBe('NodeApiError');
		expect(sandbox().requestsTo('POST', callPath)).toHaveLength(2);
	});

	test('a list item that is not an object (Get Many): an error, not an odd item', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 200, body: { success: true, data: [null, 'x'] } });
		const { error } = await runTalkover({ parameters: { resource: 'call', operation: 'getMany', limit: 5, options: noRetries }, credentials: credentials() });
		expect(error?.message).toBe("Talkover's answer does not have the expected data (a list entry is null)");
	});
});

describe('numbers with the trunk prefix in brackets are dialled right or refused', () => {
	const dial = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: noRetries };

	test.each([
		['+1 (555) 123-4567', '+15551234567'],
		['+55 (11) 91234-5678', '+5511912345678'],
	])('%s is dialled as %s (as before)', async (phone, e164) => {
		const { error } = await runTalkover({ items: [{ phone }], parameters: dial, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.body.to)).toEqual([e164]);
	});

	test.each([
		['+44 (0)20 7946 0958', '+442079460958'],
		['+44(0)2079460958', '+442079460958'],
		['+49 (0)30 1234567', '+49301234567'],
		['+49 (030) 1234567', '+49301234567'],
		['+33 (0)1 23 45 67 89', '+33123456789'],
	])('%s is dialled as %s', async (phone, e164) => {
		const { error } = await runTalkover({ items: [{ phone }], parameters: dial, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.body.to)).toEqual([e164]);
	});

	test.each([
		['+39 (0)6 1234 5678', 'To (item 0): "+39 (0)6 1234 5678" has (0) after the country code +39, where a leading 0 belongs to the number: write the number without brackets'],
		['+44 20 (0)7946 0958', 'To (item 0): "+44 20 (0)7946 0958" has a bracketed 0 that is not right after the country code: write the number in international format, e.g. +15551234567'],
	])('%s is refused before anything is sent', async (phone, message) => {
		const { error } = await runTalkover({ items: [{ phone }], parameters: dial, credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('Get Active and the Get Many phone filter read the same way', async () => {
		await runTalkover({ items: [{ phone: '+44 (0)20 7946 0958' }], parameters: { ...getActive, phone: '={{ $json.phone }}' }, credentials: credentials() });
		expect(sandbox().requests[0].path).toBe(`/api/v1/agents/${SALES_AGENT}/active-call/%2B442079460958`);
	});
});

describe('an agent ID cannot point the request at another endpoint', () => {
	// Through an expression: the editor's own check of the By ID field does not see the value.
	test.each(['.', '..', ' . ', './x', '%2e', 'abc', `${SALES_AGENT}/call`, `${SALES_AGENT}.`])('agent ID %p is refused before anything is sent', async (id) => {
		const agentId = byId('={{ $json.agent }}');
		for (const parameters of [
			{ resource: 'agent', operation: 'get', agentId },
			{ resource: 'agent', operation: 'delete', agentId },
			{ resource: 'call', operation: 'make', agentId, to: '+15550000001' },
		]) {
			const { error } = await runTalkover({ items: [{ agent: id }], parameters, credentials: credentials() });
			expect(error?.message).toMatch(/^Agent \(item 0\): .* is not an agent ID \(a UUID such as 550e8400-e29b-41d4-a716-446655440000\)$/);
		}
		expect(sandbox().requests).toHaveLength(0);
	});

	test('an agent ID in capitals or with spaces around is accepted, and sent as Talkover writes it', async () => {
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'get', agentId: byId(` ${SALES_AGENT.toUpperCase()} `) }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.path)).toEqual([`/api/v1/agents/${SALES_AGENT}`]);
	});
});
