import { runTalkover } from '../../helpers/n8n';
import { ACTIVE_CALL, byId, ENDED_CALL, retryOnFail, SALES_AGENT, TOKEN, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

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

	test('not repeatable: not sent twice after a 500, even with n8n’s Retry On Fail', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { message: 'boom' } });
		const { error } = await runTalkover({ parameters: { ...end, callId: ACTIVE_CALL }, credentials: credentials(), settings: retryOnFail(3) });
		expect(error?.message).toBe('The call may have been ended: Talkover had a problem on its side (HTTP 500)');
		expect(sandbox().requestsTo('POST')).toHaveLength(1);
	});
});
