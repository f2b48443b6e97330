/**
 * Issue 25 review, item 2: "the item's own settings still hold in Auto: Max Retries 0 sends a failing
 * request once" (test/unit/mutation-router.test.ts) passes with any Max Retries: a Publish is never sent
 * again after a 500 (it is not repeatable). The same promise, on a request that may be sent again.
 */
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { useTestClock } from '../helpers/clock';
import { AGENT, run, serverError } from './routerHarness';

useTestClock();
beforeEach(() => resetRateLimitState());

const agent = { body: { success: true, data: { id: AGENT(1), name: 'Lead caller' } } };
const getUrl = `GET http://talkover.test/api/v1/agents/${AGENT(1)}`;

describe('issue 25: the item\'s own Max Retries holds in Auto', () => {
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

describe('issue 25: the error of a request Talkover may have acted on reads without empty lines', () => {
	test('a Publish answered with a 500 whose message has a blank line: the description keeps Talkover\'s words and the advice, with no empty line', async () => {
		const blank = { statusCode: 500, body: { success: false, message: 'Internal error.\n\nTry later.' } };
		const { error, sent } = await run({ agents: [AGENT(1)], options: { maxRetries: 0 }, answers: [blank] });
		expect(sent).toEqual([`POST http://talkover.test/api/v1/agents/${AGENT(1)}/publish`]);
		const lines = String(error?.description).split('\n');
		expect(lines).not.toContain('');
		expect(lines[0]).toMatch(/^Talkover may have acted on the request before the error/);
		expect(lines.join('\n')).toContain('Try later.');
	});
});
