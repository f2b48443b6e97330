/**
 * Review 6: the values a duplicate-call or a threshold message shows from Talkover's error body
 * (errors.ts shownValue) are clipped at 80 characters BEFORE the token is removed (readDetails keeps
 * `details`/`existing_call` unscrubbed; only the whole error is scrubbed later, by the router). A value
 * that holds the API token past character ~70 is cut inside the token, so the cut half no longer matches
 * the token and reaches the error message. failure.message is scrubbed, then clipped (readFailure): the
 * details are not.
 */
import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, TOKEN, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

/** The token cut after 10 of its characters, as clip(…, 80) cuts it when 70 characters come before it. */
const HALF = TOKEN.slice(0, 10);
const holding = 'x'.repeat(70) + TOKEN;

describe('review 6: a token inside a value of the error body, cut by the 80-character clip', () => {
	test('409 DUPLICATE_CALL whose existing_call.status holds the token after 70 characters: no part of the token in the error', async () => {
		sandbox().inject({
			status: 409,
			body: { success: false, message: 'A call to this number already exists in this campaign', existing_call: { id: 'cc-1', status: holding } },
			when: (r: { method: string; path: string }) => r.method === 'POST' && r.path === `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`,
		});
		const { error } = await runTalkover({ parameters: { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '+1 (555) 777-8888' }, credentials: credentials() });
		expect(error?.message).toContain('campaign call cc-1');
		expect(error?.message).not.toContain(HALF);
	});

	test('422 OPTIMIZED_COSTS_NOT_ELIGIBLE whose current_calls holds the token after 70 characters: no part of the token in the error', async () => {
		sandbox().inject({
			status: 422,
			body: { success: false, message: 'Agent does not meet the call volume threshold for optimized costs', code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { current_calls: holding, required_calls: 700, threshold_days: 7 } },
			when: (r: { method: string; path: string }) => r.method === 'PATCH' && r.path === `/api/v1/agents/${SALES_AGENT}/advanced-settings`,
		});
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'updateAdvancedSettings', agentId: byId(SALES_AGENT), enableInitialMessageCache: true }, credentials: credentials() });
		expect(error?.message).toContain('of the 700 calls needed');
		expect(error?.message).not.toContain(HALF);
	});
});
