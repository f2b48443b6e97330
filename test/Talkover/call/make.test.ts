import { runTalkover } from '../../helpers/n8n';
import { byId, DRAFT_AGENT, retryOnFail, SALES_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+1 (555) 222-3333' };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const posts = () => sandbox().requestsTo('POST', callPath);

describe('Call → Make', () => {
	test('sends the normalised number and is_testing, outputs the call', async () => {
		const { output, error } = await runTalkover({ parameters: make, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(1);
		const [request] = sandbox().requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(callPath);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.body).toEqual({ to: '+15552223333', is_testing: false });
		expect(output).toHaveLength(1);
		expect(output![0].json).toMatchObject({ agent_id: SALES_AGENT, to: '+15552223333', status: 'initiated' });
		expect(output![0].json.id).toBe(sandbox().calls.at(-1)!.id);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('payload and context from key/value pairs and JSON (merged, pairs win), delay and test flag', async () => {
		const { error } = await runTalkover({
			items: [{ lead: { first_name: 'Ada', plan: 'pro' }, crmId: 'CRM-42' }],
			parameters: {
				...make,
				isTesting: true,
				additionalFields: {
					payloadJson: '={{ $json.lead }}',
					payload: { values: [{ key: 'plan', value: 'enterprise' }, { key: 'greeting', value: 'Hi {{name}}' }] },
					context: { values: [{ key: 'crm_record_id', value: '={{ $json.crmId }}' }] },
					delaySeconds: 30,
				},
			},
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].body).toEqual({
			to: '+15552223333',
			is_testing: true,
			payload: { first_name: 'Ada', plan: 'enterprise', greeting: 'Hi {{name}}' },
			context: { crm_record_id: 'CRM-42' },
			delay_seconds: 30,
		});
	});

	test('context as JSON text', async () => {
		await runTalkover({ parameters: { ...make, additionalFields: { contextJson: '{ "deal": 7, "tags": ["hot"] }' } }, credentials: credentials() });
		expect(sandbox().requests[0].body.context).toEqual({ deal: 7, tags: ['hot'] });
	});

	test.each([
		['to', '555-222-3333', {}, /To \(item 0\): "555-222-3333" has no leading \+ and country code/],
		['to', '+1 555 CALL', {}, /To \(item 0\): .* contains characters a phone number cannot have/],
		['delaySeconds', undefined, { delaySeconds: 3601 }, /Delay \(Seconds\) \(item 0\): 3601 is out of range; expected a whole number from 0 to 3600/],
		['delaySeconds', undefined, { delaySeconds: '={{ "soon" }}' }, /Delay \(Seconds\) \(item 0\): "soon" is not a number/],
		['payloadJson', undefined, { payloadJson: '{ first_name: Ada }' }, /Payload \(JSON\) \(item 0\): is not valid JSON/],
		['payloadJson', undefined, { payloadJson: '["a"]' }, /Payload \(JSON\) \(item 0\): must be a JSON object/],
		['payload', undefined, { payload: { values: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] } }, /Payload \(Key\/Value\) \(item 0\): has the key "a" twice/],
		['context', undefined, { context: { values: [{ key: ' ', value: '1' }] } }, /Context \(Key\/Value\) \(item 0\): has a value without a key/],
		['isTesting', undefined, { isTesting: '={{ "perhaps" }}' }, /Test Call \(No Charge\) \(item 0\): "perhaps" is not true or false/],
	])('bad %s is refused before any call is placed', async (_field, to, extra, message) => {
		const { isTesting, ...additionalFields } = extra as Record<string, any>;
		const parameters: any = { ...make, ...(to === undefined ? {} : { to }), ...(isTesting === undefined ? {} : { isTesting }), additionalFields };
		const { error } = await runTalkover({ parameters, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('one bad number among many: nothing is dialled without Continue On Fail', async () => {
		const { error } = await runTalkover({
			items: [{ phone: '+15550000001' }, { phone: '+15550000002' }, { phone: 'call me maybe' }],
			parameters: { ...make, to: '={{ $json.phone }}' },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(/To \(item 2\)/);
		expect(sandbox().requests).toHaveLength(0);
	});

	describe('the documented errors become clear messages', () => {
		test.each([
			[{ status: 400, body: { error: { code: 'INVALID_PHONE_NUMBER', message: 'Phone number must be in international format (e.g., +1234567890)', details: { field: 'to', value: '1234567890' } } } }, 'Talkover rejected the phone number: it must be in international format, e.g. +15551234567'],
			[{ status: 400, body: { error: { code: 'MISSING_PHONE_NUMBER', message: 'Phone number is required' } } }, 'Talkover needs a phone number to call'],
			[{ status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Account has insufficient credits to place this call' } } }, 'Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call'],
		])('%#: injected %o', async (fault, message) => {
			sandbox().inject({ method: 'POST', path: callPath, ...fault });
			const { error } = await runTalkover({ parameters: make, credentials: credentials() });
			expect(error?.message).toBe(message);
			expect(error?.description).toContain(`Error code: ${(fault.body.error as { code: string }).code}`);
			expect(posts()).toHaveLength(1);
		});

		test('an unpublished agent (sandbox: 400 AGENT_INACTIVE)', async () => {
			const { error } = await runTalkover({ parameters: { ...make, agentId: byId(DRAFT_AGENT) }, credentials: credentials() });
			expect(error?.message).toBe('The agent is not published, so it cannot place calls: publish it first (Agent → Publish)');
		});

		test('no credits left (sandbox: 402), while a test call still goes through', async () => {
			sandbox().credits = 0;
			const paid = await runTalkover({ parameters: make, credentials: credentials() });
			expect(paid.error?.message).toMatch(/^Not enough Talkover credits/);
			expect(paid.error?.httpCode).toBe('402');
			const test = await runTalkover({ parameters: { ...make, isTesting: true }, credentials: credentials() });
			expect(test.error).toBeUndefined();
		});

		test('an unknown agent (the Make Call page’s {error:{code:"AGENT_NOT_FOUND"}} shape)', async () => {
			const { error } = await runTalkover({ parameters: { ...make, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
			expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
			expect(error?.description).toContain('Error code: AGENT_NOT_FOUND');
		});

		test('429 RATE_LIMIT_EXCEEDED with details.retry_after (Max Retries 0)', async () => {
			sandbox().inject({ method: 'POST', path: callPath, status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded. Please wait before making more requests.', details: { retry_after: 60 } } } });
			const { error } = await runTalkover({ parameters: { ...make, options: { maxRetries: 0 } }, credentials: credentials() });
			expect(error?.message).toBe('Talkover rate limit reached: too many requests in a short time');
			expect(error?.description).toContain('Talkover asks to wait 60 seconds before the next request.');
		});
	});

	describe('what Talkover answers is a placed call only when it is one', () => {
		const CALL = { id: 'c0ffee00-0000-4000-8000-00000000beef', sid: 'CA1', status: 'initiated', to: '+15552223333', from: '+15550000000', created_at: '2026-01-01T00:00:00Z' };
		test.each<[string, unknown, RegExp]>([
			['200 {id, error:{code,message}} (an error body with an id)', { id: CALL.id, error: { code: 'INSUFFICIENT_CREDITS', message: 'Account has insufficient credits to place this call' } }, /Talkover's answer does not have the expected data \(an error instead of a record\)/],
			["200 {id: ''} (no call has an empty ID)", { id: '', status: 'initiated' }, /Talkover's answer does not have the expected data \(the record's id is empty\)/],
			['200 {id: null}', { id: null, status: 'initiated' }, /Talkover's answer does not have the expected data \(the record's id is null\)/],
			['200 {success: true, data: {}} (an envelope without a call)', { success: true, data: {} }, /Talkover's answer does not have the expected data \(the record's id is missing\)/],
			['200 {success: true, data: {id, error}} (an error inside the envelope)', { success: true, data: { id: CALL.id, error: { code: 'INSUFFICIENT_CREDITS', message: 'Account has insufficient credits to place this call' } } }, /Talkover's answer does not have the expected data \(an error instead of a record\)/],
			["200 {success: true, data: {id: ''}}", { success: true, data: { id: '', status: 'initiated' } }, /Talkover's answer does not have the expected data \(the record's id is empty\)/],
		])('%s is an error, not a placed call, and is not sent again', async (_what, body, message) => {
			sandbox().inject({ method: 'POST', path: callPath, status: 200, body, times: Infinity });
			const { output, error } = await runTalkover({ parameters: make, credentials: credentials(), settings: retryOnFail(3) });
			expect(output).toBeUndefined();
			expect(error?.message).toMatch(message);
			expect(posts()).toHaveLength(1);
		});

		test.each([201, 202])('a created call answered %i instead of 200 is the call placed, not a failure', async (status) => {
			sandbox().inject({ method: 'POST', path: callPath, status, body: CALL });
			const { output, error } = await runTalkover({ parameters: make, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(output!.map((o) => o.json)).toEqual([CALL]);
		});

		test.each([203, 206])('HTTP %i (no document gives it) is an error, even with the documented call', async (status) => {
			sandbox().inject({ method: 'POST', path: callPath, status, body: CALL });
			const { output, error } = await runTalkover({ parameters: make, credentials: credentials() });
			expect(output).toBeUndefined();
			expect(error?.message).toMatch(new RegExp(`Talkover answered with HTTP ${status}, which it does not send`));
			expect(posts()).toHaveLength(1);
		});
	});

	describe('never sent twice for one input item', () => {
		test.each([
			['a 500', { status: 500, body: { success: false, message: 'Internal server error.' } }, 'The call may have been placed: Talkover had a problem on its side (HTTP 500)'],
			['a dropped connection', { destroy: true }, 'The call may have been placed: Could not reach Talkover: the connection was closed before Talkover answered'],
			['a 200 that cannot be read', { status: 200, body: '{"success":true,"data":' }, 'The call may have been placed: Talkover sent an answer that is not valid JSON (HTTP 200)'],
		])('after %s the call is not retried, and the item fails', async (_what, fault, message) => {
			sandbox().inject({ method: 'POST', path: callPath, ...fault });
			const { error } = await runTalkover({ parameters: make, credentials: credentials() });
			expect(error?.message).toBe(message);
			expect(posts()).toHaveLength(1);
		});

		test('with n8n’s Retry On Fail, items already called are not called again, and a call that may have gone through is not repeated', async () => {
			sandbox().inject({ method: 'POST', path: callPath, status: 503, body: { message: 'busy' }, when: (r) => r.body.to === '+15550000002' });
			const { error } = await runTalkover({
				items: [{ phone: '+15550000001' }, { phone: '+15550000002' }, { phone: '+15550000003' }],
				parameters: { ...make, to: '={{ $json.phone }}' },
				credentials: credentials(),
				settings: retryOnFail(3),
			});
			// Item 0 was called; item 1 got a 503 (it may have been placed), so it is not sent again and the
			// node fails on it each try; item 2 is never reached.
			expect(error?.message).toBe('The call may have been placed: Talkover had a problem on its side (HTTP 503)');
			expect(posts().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002']);
		});

		test('with Retry On Fail, a call Talkover refused (429: not placed) is sent again, the others are not', async () => {
			sandbox().inject({ method: 'POST', path: callPath, status: 429, body: { message: 'Too many requests.' }, when: (r) => r.body.to === '+15550000002' });
			const { output, error } = await runTalkover({
				items: [{ phone: '+15550000001' }, { phone: '+15550000002' }, { phone: '+15550000003' }],
				parameters: { ...make, to: '={{ $json.phone }}' },
				credentials: credentials(),
				settings: retryOnFail(3),
			});
			expect(error).toBeUndefined();
			expect(posts().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002', '+15550000002', '+15550000003']);
			expect(output!.map((o) => [o.json.to, o.pairedItem])).toEqual([
				['+15550000001', { item: 0 }],
				['+15550000002', { item: 1 }],
				['+15550000003', { item: 2 }],
			]);
		});

		test('with Retry On Fail and Continue On Fail, n8n’s re-run (first item failed) re-sends nothing', async () => {
			sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, times: 1 });
			const { output } = await runTalkover({
				items: [{ phone: '+15550000001' }, { phone: '+15550000002' }],
				parameters: { ...make, to: '={{ $json.phone }}' },
				credentials: credentials(),
				settings: { ...retryOnFail(3), continueOnFail: true },
			});
			expect(posts().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002']);
			expect(output!.map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual([
				['The call may have been placed: Talkover had a problem on its side (HTTP 500)', { item: 0 }],
				['+15550000002', { item: 1 }],
			]);
		});

		test('the same number on two items is two calls (each item is one call)', async () => {
			await runTalkover({ items: [{}, {}], parameters: make, credentials: credentials() });
			expect(posts()).toHaveLength(2);
		});

		test('Continue On Fail: each failed call is an error item paired with its lead, the others are placed once', async () => {
			sandbox().credits = 1;
			const { output } = await runTalkover({
				items: [{ phone: '+15550000001' }, { phone: '+15550000002' }, { phone: 'nope' }],
				parameters: { ...make, to: '={{ $json.phone }}' },
				credentials: credentials(),
				settings: { continueOnFail: true },
			});
			expect(posts().map((r) => r.body.to)).toEqual(['+15550000001', '+15550000002']);
			expect(output!.map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual([
				['+15550000001', { item: 0 }],
				['Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call', { item: 1 }],
				[expect.stringMatching(/^To \(item 2\)/), { item: 2 }],
			]);
		});
	});
});
