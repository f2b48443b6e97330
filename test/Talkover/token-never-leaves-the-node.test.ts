/**
 * The API token (and the Account Token) never leaves the node: a token Talkover echoes is replaced by *** in
 * the output, the error item and the error that stops the run. The router on a context whose HTTP answers
 * are scripted (test/helpers/routerHarness.ts); through n8n's engine against the sandbox, redirects and the
 * saved run data included: test/faults/secrets.test.ts.
 */
import type { Answer } from '../helpers/http';
import { AGENT, TOKEN, run, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('the API token never leaves the node', () => {
	test('a token Talkover echoes in an answer is replaced by *** in the output (the credential\'s spaces around it do not matter)', async () => {
		const { output } = await run({ operation: 'get', agents: [AGENT(1)], answers: [{ body: { success: true, data: { id: AGENT(1), note: `authenticated as ${TOKEN}` } } }] });
		expect(output).toEqual([{ json: { id: AGENT(1), note: 'authenticated as ***' }, pairedItem: { item: 0 } }]);
	});

	test('the Account Token is kept out of the output too', async () => {
		const credentials = { apiToken: TOKEN, accountToken: ' talq_account_secret ', baseUrl: 'http://talkover.test' };
		const { output } = await run({ operation: 'get', agents: [AGENT(1)], credentials, answers: [{ body: { success: true, data: { id: AGENT(1), note: 'seen talq_account_secret' } } }] });
		expect(output![0].json.note).toBe('seen ***');
	});

	test('a token in Talkover\'s error message is replaced by *** in the error item and in the error that stops the run', async () => {
		const refusal: Answer = { statusCode: 403, body: { success: false, message: `Token ${TOKEN} may not publish` } };
		const credentials = { apiToken: TOKEN, baseUrl: 'http://talkover.test' };
		const continued = await run({ agents: [AGENT(1)], answers: [refusal], continueOnFail: true, credentials });
		expect(String(continued.output![0].json.message)).toContain('Talkover said: "Token *** may not publish"');
		expect(JSON.stringify(continued.output)).not.toContain(TOKEN);
		const stopped = await run({ agents: [AGENT(1)], answers: [refusal], credentials });
		expect(stopped.error?.description).toContain('Token *** may not publish');
		expect(JSON.stringify({ message: stopped.error?.message, description: stopped.error?.description })).not.toContain(TOKEN);
	});
});
