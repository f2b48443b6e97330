/**
 * The user's Stop ends the run: a request that fails because the execution was stopped is no error item and
 * lists no accepted items; on an n8n without the cancel signal the items are sent all the same. The router
 * on a context whose HTTP answers are scripted (test/helpers/routerHarness.ts); a Stop during a rate-limit
 * wait through n8n's engine: test/Talkover/rate-limit.test.ts.
 */
import { networkFailure } from '../helpers/http';
import { AGENT, publishUrl, published, run, serverError, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('the user\'s Stop', () => {
	test('a request that fails because the execution was stopped ends the run (no error item, even with Continue On Fail), without the list of accepted items', async () => {
		const cancel = new AbortController();
		const { error, output, sent } = await run({
			agents: [AGENT(1), AGENT(2), AGENT(3)],
			answers: [
				published(1),
				() => {
					cancel.abort();
					return networkFailure('ECONNRESET');
				},
			],
			continueOnFail: true,
			cancel: cancel.signal,
		});
		expect(output).toBeUndefined();
		expect(error).toBeDefined();
		expect(sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(error?.description ?? '').not.toContain('Before the node stopped');
	});

	test('an n8n version without getExecutionCancelSignal: the items are sent all the same', async () => {
		const { output, sent } = await run({ agents: [AGENT(1)], answers: [published(1)], withoutCancelSignal: true });
		expect(sent).toEqual([publishUrl(1)]);
		expect(output).toHaveLength(1);
		const failed = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError], withoutCancelSignal: true });
		expect(failed.error?.description).toContain('Before the node stopped, Talkover had already accepted item 0.');
	});

	test('an n8n version without getExecutionCancelSignal: Make Call with Skip Numbers Called Within reads the agent’s calls and dials', async () => {
		const makeCall = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} }, options: { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60 } };
		const listed = { body: { success: true, data: [], pagination: { current_page: 1, last_page: 1, per_page: 100, total: 0 } } };
		const { output, sent } = await run({ ...makeCall, agents: [AGENT(1)], answers: [listed, { body: { success: true, data: { id: 'call-1', to: '+15550000001' } } }], withoutCancelSignal: true });
		expect(sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`, `POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`]);
		expect(output!.map((o) => o.json)).toEqual([{ id: 'call-1', to: '+15550000001' }]);
	});
});
