/**
 * Review of issue 25, item 2: "the item's own settings still hold in Auto: Max Retries 0 sends a failing
 * request once" (test/unit/mutation-router.test.ts) passes with any Max Retries: a Publish is never sent
 * again after a 500 (it is not repeatable). The same promise, on a request that may be sent again.
 */
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { useTestClock } from '../helpers/clock';
import { AGENT, run, serverError } from '../unit/routerHarness';

useTestClock();
beforeEach(() => resetRateLimitState());

const agent = { body: { success: true, data: { id: AGENT(1), name: 'Lead caller' } } };
const getUrl = `GET http://talkover.test/api/v1/agents/${AGENT(1)}`;

describe('review 25: the item\'s own Max Retries holds in Auto', () => {
	test('Max Retries 0: a Get that fails with a 500 is sent once, and the item is an error', async () => {
		const { output, sent } = await run({ operation: 'get', agents: [AGENT(1)], options: { maxRetries: 0 }, continueOnFail: true, answers: [serverError, agent] });
		expect(sent).toEqual([getUrl]);
		expect(String(output![0].json.error)).toMatch(/HTTP 500/);
	});

	test('Max Retries 1: the same Get is sent again and the item gets the agent', async () => {
		const { output, sent } = await run({ operation: 'get', agents: [AGENT(1)], options: { maxRetries: 1 }, continueOnFail: true, answers: [serverError, agent] });
		expect(sent).toEqual([getUrl, getUrl]);
		expect(output![0].json).toEqual({ id: AGENT(1), name: 'Lead caller' });
	});
});
