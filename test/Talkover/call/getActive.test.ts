import { runTalkover } from '../../helpers/n8n';
import { ACTIVE_PHONE, byId, SALES_AGENT, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const getActive = { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT) };
const activePath = (agent: string, encodedPhone: string) => `/api/v1/agents/${agent}/active-call/${encodedPhone}`;

describe('Call → Get Active', () => {
	test('an active call comes out as one item with active: true; the + is sent as %2B', async () => {
		const { output, error } = await runTalkover({ parameters: { ...getActive, phone: ACTIVE_PHONE }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(1);
		const [request] = sandbox().requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe(activePath(SALES_AGENT, '%2B15551234567'));
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.rawBody).toBe('');
		expect(output).toEqual([
			{
				json: {
					id: 'c0ffee00-0000-4000-8000-000000000001',
					agent_id: SALES_AGENT,
					to: '+15551234567',
					status: 'answered',
					started_at: '2026-01-15T11:00:00Z',
					duration_seconds: 42,
					active: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each([
		['+1 (555) 123-4567', '%2B15551234567'],
		['  +1.555.123.4567 ', '%2B15551234567'],
		['+55 11 91234-5678', '%2B5511912345678'],
		['+44 20 7946 0958', '%2B442079460958'],
	])('"%s" is normalised to E.164 and sent as %s', async (phone, encoded) => {
		await runTalkover({ parameters: { ...getActive, phone }, credentials: credentials() });
		expect(sandbox().requests.map((r) => r.path)).toEqual([activePath(SALES_AGENT, encoded)]);
	});

	test.each([
		['5551234567', /Phone Number \(item 0\): "5551234567" has no leading \+ and country code/],
		['={{ 15551234567 }}', /Phone Number \(item 0\): "15551234567" has no leading \+ and country code/],
		['+1 555 CALL NOW', /Phone Number \(item 0\): "\+1 555 CALL NOW" contains characters a phone number cannot have/],
		['+1 555 123 4567 ext. 12', /contains characters a phone number cannot have/],
		['+0123456789', /"\+0123456789" is not a valid E.164 number/],
		['+1234567890123456', /"\+1234567890123456" is not a valid E.164 number \(7 to 15 digits after \+/],
		['+12345', /is not a valid E.164 number/],
		['++15551234567', /contains characters a phone number cannot have/],
		['={{ "" }}', /Phone Number \(item 0\): is required but empty; use the international format with \+ and the country code/],
	])('phone %s is refused before any request', async (phone, message) => {
		const { error } = await runTalkover({ parameters: { ...getActive, phone }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(error?.description).toContain('parameter "phone"');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('no active call, default "returnEmpty": one item { active: false, phone } for an IF node', async () => {
		const { output, error } = await runTalkover({ parameters: { ...getActive, phone: '+1 555 000 9999' }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests[0].path).toBe(activePath(SALES_AGENT, '%2B15550009999'));
		expect(output).toEqual([{ json: { active: false, phone: '+15550009999' }, pairedItem: { item: 0 } }]);
	});

	test('no active call, "noItems": nothing for that item; other items keep their pairing', async () => {
		const { output, error } = await runTalkover({
			items: [{ phone: '+15550009999' }, { phone: ACTIVE_PHONE }],
			parameters: { ...getActive, phone: '={{ $json.phone }}', onNoActiveCall: 'noItems' },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(2);
		expect(output).toHaveLength(1);
		expect(output![0].json.to).toBe(ACTIVE_PHONE);
		expect(output![0].pairedItem).toEqual({ item: 1 });
	});

	test('no active call, "error": the run fails with a message naming the number', async () => {
		const { error } = await runTalkover({
			parameters: { ...getActive, phone: '+15550009999', onNoActiveCall: 'error' },
			credentials: credentials(),
		});
		expect(error?.message).toBe('No active call with +15550009999');
	});

	test('no active call, "error" with Continue On Fail: an error item, and the next item still runs', async () => {
		const { output } = await runTalkover({
			items: [{ phone: '+15550009999' }, { phone: ACTIVE_PHONE }],
			parameters: { ...getActive, phone: '={{ $json.phone }}', onNoActiveCall: 'error' },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output).toHaveLength(2);
		expect(output![0]).toMatchObject({ json: { error: 'No active call with +15550009999' }, pairedItem: { item: 0 } });
		expect(output![1]).toMatchObject({ json: { active: true, to: ACTIVE_PHONE }, pairedItem: { item: 1 } });
	});

	test('an unknown agent is an error even with "returnEmpty" (a 404 for the agent is not "no call")', async () => {
		const { error, output } = await runTalkover({
			parameters: { ...getActive, agentId: byId(UNKNOWN_AGENT), phone: ACTIVE_PHONE },
			credentials: credentials(),
		});
		expect(output).toBeUndefined();
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});

	test('a 404 with the AGENT_NOT_FOUND code is an unknown agent too', async () => {
		sandbox().inject({ path: /active-call/, status: 404, body: { error: 'AGENT_NOT_FOUND', message: 'Specified agent does not exist', status_code: 404 } });
		const { error } = await runTalkover({ parameters: { ...getActive, phone: ACTIVE_PHONE }, credentials: credentials() });
		expect(error?.message).toMatch(/^Agent not found: Talkover has no agent with ID/);
		expect(error?.description).toContain('Error code: AGENT_NOT_FOUND');
	});

	test('a 404 that is not a Talkover answer (wrong Base URL) is an error, never "no active call"', async () => {
		sandbox().inject({ path: /active-call/, status: 404, body: '<html><body>Not Found</body></html>', headers: { 'Content-Type': 'text/html' } });
		const { error } = await runTalkover({ parameters: { ...getActive, phone: ACTIVE_PHONE }, credentials: credentials() });
		expect(error?.message).toBe('Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential');
		expect(error?.description).toContain('without /api/v1');
	});

	test('a 200 with an empty list is an error: only Talkover\'s own 404 answer means "no active call"', async () => {
		sandbox().inject({ path: /active-call/, status: 200, body: { success: true, data: [] } });
		const { output, error } = await runTalkover({ parameters: { ...getActive, phone: ACTIVE_PHONE }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe('Talkover answered without any call and without saying that there is none (HTTP 200)');
	});

	test('several active calls: one item each, all paired with their input item', async () => {
		sandbox().calls.push({ id: 'c0ffee00-0000-4000-8000-000000000002', agent_id: SALES_AGENT, to: ACTIVE_PHONE, status: 'ringing', started_at: '2026-01-15T11:01:00Z', duration_seconds: 0 });
		sandbox().calls.push({ id: 'c0ffee00-0000-4000-8000-000000000003', agent_id: SALES_AGENT, to: ACTIVE_PHONE, status: 'completed', started_at: '2026-01-15T10:00:00Z', duration_seconds: 60 });
		const { output } = await runTalkover({
			items: [{ phone: '+15550009999' }, { phone: ACTIVE_PHONE }],
			parameters: { ...getActive, phone: '={{ $json.phone }}' },
			credentials: credentials(),
		});
		expect(output!.map((o) => [o.json.id ?? o.json.phone, o.json.active, o.pairedItem])).toEqual([
			['+15550009999', false, { item: 0 }],
			['c0ffee00-0000-4000-8000-000000000001', true, { item: 1 }],
			['c0ffee00-0000-4000-8000-000000000002', true, { item: 1 }],
		]);
	});

	test('an agent with no call at all for the number (another agent has one) gives active: false', async () => {
		const { output } = await runTalkover({ parameters: { ...getActive, agentId: byId(SUPPORT_AGENT), phone: ACTIVE_PHONE }, credentials: credentials() });
		expect(output![0].json).toEqual({ active: false, phone: ACTIVE_PHONE });
	});
});
