import { runTalkover } from '../helpers/n8n';
import { byId, PHONE_1, PHONE_2, SALES_AGENT, SUPPORT_AGENT, TOKEN, UNKNOWN_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();
const ACTIVE_CALL = 'c0ffee00-0000-4000-8000-000000000001';
const ENDED_CALL = 'c0ffee00-0000-4000-8000-000000000101';

describe('Call → End', () => {
	const end = { resource: 'call', operation: 'end', agentId: byId(SALES_AGENT) };

	test('POST …/end-call with { call_sid }, outputs the ended call', async () => {
		const { output } = await runTalkover({ parameters: { ...end, callId: ` ${ACTIVE_CALL} ` }, credentials: credentials() });
		const [request] = sandbox().requests;
		expect([request.method, request.path, request.headers.authorization]).toEqual(['POST', `/api/v1/agents/${SALES_AGENT}/end-call`, `Bearer ${TOKEN}`]);
		expect(request.body).toEqual({ call_sid: ACTIVE_CALL });
		expect(output![0].json).toMatchObject({ id: ACTIVE_CALL, status: 'completed', ended_reason: 'ended_by_api' });
	});

	test('409 CALL_NOT_ACTIVE ({success,message,code}) says the call has already ended', async () => {
		const { error } = await runTalkover({ parameters: { ...end, callId: ENDED_CALL }, credentials: credentials() });
		expect(error?.message).toBe('The call is not active any more: it has already ended');
		expect(error?.description).toContain('Error code: CALL_NOT_ACTIVE');
	});

	test('404 names the call and the agent', async () => {
		const { error } = await runTalkover({ parameters: { ...end, callId: 'nope' }, credentials: credentials() });
		expect(error?.message).toBe(`Call not found: agent ${SALES_AGENT} has no call with ID nope (or the agent does not exist)`);
		expect(error?.description).toContain('Call not found for this agent');
	});

	test('an empty call ID from an expression is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { ...end, callId: '={{ $json.missing ?? "" }}' }, credentials: credentials() });
		expect(error?.message).toMatch(/Call ID \(item 0\): is required but empty/);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('Call → Get Many', () => {
	const getMany = { resource: 'call', operation: 'getMany' };

	test('every filter goes out in the query string; the number is normalised and its + encoded as %2B', async () => {
		const { output } = await runTalkover({
			parameters: {
				...getMany,
				returnAll: true,
				filters: {
					status: 'completed',
					direction: 'outbound',
					agentId: { __rl: true, mode: 'url', value: `https://app.talkover.ai/agents/${SALES_AGENT}` },
					dateFrom: '2026-01-11T00:00:00',
					dateTo: '2026-01-13',
					to: '+1 (555) 123-4567',
				},
			},
			credentials: credentials(),
		});
		const [request] = sandbox().requests;
		expect(request.path).toBe('/api/v1/calls');
		expect(request.query).toEqual({
			status: 'completed',
			direction: 'outbound',
			agent_id: SALES_AGENT,
			date_from: '2026-01-11',
			date_to: '2026-01-13',
			to: '+15551234567',
			search: '+15551234567',
			per_page: '100',
			page: '1',
		});
		expect(request.rawQuery).toContain('to=%2B15551234567');
		expect(request.rawQuery).toContain('search=%2B15551234567');
		expect(request.rawQuery).not.toMatch(/=\+|=%20/);
		expect(output!.map((o) => o.json.id)).toEqual(['c0ffee00-0000-4000-8000-000000000101']);
	});

	test('the number filter works whether Talkover honours `to` (Get Active page) or only `search` (List Calls page)', async () => {
		const parameters = { ...getMany, returnAll: true, filters: { to: '+15551234567' } };
		const searchOnly = await runTalkover({ parameters, credentials: credentials() });
		sandbox().callsToFilter = true;
		const withTo = await runTalkover({ parameters, credentials: credentials() });
		const ids = (r: typeof withTo) => r.output!.map((o) => o.json.id).sort();
		expect(ids(searchOnly)).toEqual(['c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000101', 'c0ffee00-0000-4000-8000-000000000103']);
		expect(ids(withTo)).toEqual(ids(searchOnly));
	});

	test('a search text with + is encoded, never turned into a space', async () => {
		await runTalkover({ parameters: { ...getMany, filters: { search: '+44 20' } }, credentials: credentials() });
		expect(sandbox().requests[0].rawQuery).toContain('search=%2B44%2020');
		expect(sandbox().requests[0].query.search).toBe('+44 20');
	});

	test.each(['pagination', 'meta'] as const)('Return All follows every page (paging object "%s"); Limit stops early', async (shape) => {
		sandbox().callsPagingShape = shape;
		for (let i = 0; i < 205; i++) {
			sandbox().calls.push({ id: `33333333-0000-4000-8000-${String(i).padStart(12, '0')}`, agent_id: SUPPORT_AGENT, to: '+15559990000', status: 'completed', direction: 'inbound', started_at: '2026-02-01T10:00:00Z', created_at: '2026-02-01T10:00:00Z', duration_seconds: 10 });
		}
		const all = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(all.output).toHaveLength(210);
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
		sandbox().requests.length = 0;
		const some = await runTalkover({ parameters: { ...getMany, limit: 7 }, credentials: credentials() });
		expect(some.output).toHaveLength(7);
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([['1', '7']]);
	});

	test.each([
		[{ dateFrom: '={{ "last tuesday" }}' }, /Date From \(item 0\): "last tuesday" is not a date; use YYYY-MM-DD/],
		[{ to: '={{ "555" }}' }, /Phone Number \(item 0\): "555" has no leading \+/],
		[{ agentId: { __rl: true, mode: 'id', value: '={{ "a/b" }}' } }, /Agent \(item 0\): "a\/b" is not an agent ID/],
		[{ status: '={{ "ended" }}' }, /Status \(item 0\): "ended" is not one of the allowed values/],
	])('bad filter %o is refused before any request', async (filters, message) => {
		const { error } = await runTalkover({ parameters: { ...getMany, filters }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});
});

describe('Flow', () => {
	const FLOW = {
		initial_node_id: 'a',
		meta: { name: 'Intake', version: '2.0.0' },
		nodes: [
			{ id: 'a', type: 'say', content: 'Hi', next: 'b' },
			{ id: 'b', type: 'end' },
		],
	};

	test('Get: GET …/flow, outputs mode and configuration', async () => {
		await runTalkover({ parameters: { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT), conversationMode: 'flow_driven', flowConfig: JSON.stringify(FLOW) }, credentials: credentials() });
		sandbox().requests.length = 0;
		const { output } = await runTalkover({ parameters: { resource: 'flow', operation: 'get', agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}/flow`]]);
		expect(output![0].json).toEqual({ conversation_mode: 'flow_driven', flow_config: FLOW });
	});

	test('Validate a good flow: POST …/flow/validate { flow_config } → valid: true, nothing saved', async () => {
		const { output } = await runTalkover({ parameters: { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT), flowConfig: JSON.stringify(FLOW) }, credentials: credentials() });
		const [request] = sandbox().requests;
		expect([request.method, request.path]).toEqual(['POST', `/api/v1/agents/${SUPPORT_AGENT}/flow/validate`]);
		expect(request.body).toEqual({ flow_config: FLOW });
		expect(output![0].json).toEqual({ valid: true, errors: [], message: 'Flow is valid' });
		expect(sandbox().agents[0].flow_config).toBeNull();
	});

	test.each([422, 200])('Validate a bad flow (answered with %s): valid: false with every error line, not a failure', async (status) => {
		sandbox().invalidFlowStatus = status;
		const bad = { initial_node_id: 'x', nodes: [{ id: 'a', type: 'say', next: 'zz' }, { id: 'a', type: 'dance' }] };
		const { output, error } = await runTalkover({ parameters: { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT), flowConfig: '={{ ' + JSON.stringify(bad) + ' }}' }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toEqual({
			valid: false,
			errors: ["Duplicate node id 'a'", "Node 'a' has unknown type 'dance'", "initial_node_id 'x' not found in nodes", "Node 'a' references unknown next node 'zz'"],
		});
	});

	test('Validate: invalid JSON is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT), flowConfig: '{nodes: []' }, credentials: credentials() });
		expect(error?.message).toMatch(/Flow Configuration \(JSON\) \(item 0\): is not valid JSON/);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('List Versions: one item per version, newest first; each flow update adds one', async () => {
		await runTalkover({ parameters: { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT), conversationMode: 'flow_driven', flowConfig: JSON.stringify(FLOW) }, credentials: credentials() });
		sandbox().requests.length = 0;
		const { output } = await runTalkover({ parameters: { resource: 'flow', operation: 'getVersions', agentId: byId(SUPPORT_AGENT) }, credentials: credentials() });
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/agents/${SUPPORT_AGENT}/flow/versions`]]);
		expect(output!.map((o) => [o.json.version, o.json.is_current, o.pairedItem])).toEqual([
			['2.0.0', true, { item: 0 }],
			['1.0.0', false, { item: 0 }],
		]);
	});

	test('List Versions of an unknown agent', async () => {
		const { error } = await runTalkover({ parameters: { resource: 'flow', operation: 'getVersions', agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toMatch(/^Agent not found/);
	});
});

describe('Phone Number → Get Many', () => {
	const getMany = { resource: 'phoneNumber', operation: 'getMany' };

	test('filters go out as type, has_voice, has_whatsapp, search', async () => {
		const { output } = await runTalkover({
			parameters: { ...getMany, returnAll: true, filters: { type: 'voice', hasVoice: true, hasWhatsapp: true, search: '+1555' } },
			credentials: credentials(),
		});
		expect(sandbox().requests[0].path).toBe('/api/v1/phone-numbers');
		expect(sandbox().requests[0].query).toEqual({ type: 'voice', has_voice: 'true', has_whatsapp: 'true', search: '+1555', per_page: '100', page: '1' });
		expect(sandbox().requests[0].rawQuery).toContain('search=%2B1555');
		expect(output!.map((o) => o.json.id)).toEqual([PHONE_2]);
	});

	test('the list is not paged by Talkover: Limit cuts it, Return All takes it whole in one request', async () => {
		const limited = await runTalkover({ parameters: { ...getMany, limit: 2 }, credentials: credentials() });
		expect(limited.output!.map((o) => o.json.id)).toEqual([PHONE_1, PHONE_2]);
		const all = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(all.output).toHaveLength(3);
		expect(sandbox().requests).toHaveLength(2);
	});

	test('if Talkover does page the list (meta), every page is followed and Limit asks for no more than needed', async () => {
		sandbox().phoneNumbersPagingShape = 'meta';
		for (let i = 0; i < 150; i++) sandbox().phoneNumbers.push({ ...sandbox().phoneNumbers[0], id: `44444444-0000-4000-8000-${String(i).padStart(12, '0')}` });
		const all = await runTalkover({ parameters: { ...getMany, returnAll: true }, credentials: credentials() });
		expect(all.output).toHaveLength(153);
		expect(sandbox().requests.map((r) => r.query.page)).toEqual(['1', '2']);
		sandbox().requests.length = 0;
		const limited = await runTalkover({ parameters: { ...getMany, limit: 2 }, credentials: credentials() });
		expect(limited.output!.map((o) => o.json.id)).toEqual([PHONE_1, PHONE_2]);
		expect(sandbox().requests.map((r) => [r.query.page, r.query.per_page])).toEqual([['1', '2']]);
	});

	test('a bad type from an expression is refused before any request', async () => {
		const { error } = await runTalkover({ parameters: { ...getMany, filters: { type: '={{ "pager" }}' } }, credentials: credentials() });
		expect(error?.message).toMatch(/Type \(item 0\): "pager" is not one of the allowed values/);
		expect(sandbox().requests).toHaveLength(0);
	});
});
