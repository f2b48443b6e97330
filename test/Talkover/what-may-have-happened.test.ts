/**
 * The error of an operation that may not be repeated says first what may have happened ("The agent may have
 * been published", "Nothing reached Talkover", "Talkover added a new action") and how to check, before
 * Talkover's words. The router on a context whose HTTP answers are scripted (test/helpers/routerHarness.ts);
 * through n8n's engine against the sandbox: test/faults/send-once.test.ts and test/faults/repeatable.test.ts.
 */
import { networkFailure } from '../helpers/http';
import { AGENT, run, serverError, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('an operation that may not be repeated says first what may have happened', () => {
	test('a 500 on Publish: "may have been published", how to check, Talkover\'s words; not "try again later"', async () => {
		const { output } = await run({ agents: [AGENT(1)], answers: [serverError], continueOnFail: true });
		expect(output).toEqual([
			{
				json: {
					error: 'The agent may have been published: Talkover had a problem on its side (HTTP 500)',
					message: [
						'The agent may have been published: Talkover had a problem on its side (HTTP 500)',
						'HTTP status: 500',
						'Talkover may have acted on the request before the error, so the node does not send it again. Before you run this item again, check whether it is: Agent → Get (its current_status).',
						'Talkover said: "Internal server error."',
					].join('\n'),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a refused connection on Publish: it says the agent was not published', async () => {
		const { output } = await run({ agents: [AGENT(1)], answers: [networkFailure('ECONNREFUSED')], continueOnFail: true });
		expect(output![0].json.error).toBe('Could not reach Talkover: the connection was refused');
		expect(String(output![0].json.message).split('\n').slice(0, 2)).toEqual(['Could not reach Talkover: the connection was refused', 'Nothing reached Talkover: the agent was not published.']);
	});

	test('a refusal (422) on Publish: Talkover did not act, so neither "may have" nor "not published" is added', async () => {
		const { output } = await run({ agents: [AGENT(1)], answers: [{ statusCode: 422, body: { success: false, message: 'The agent has no flow.' } }], continueOnFail: true });
		expect(output![0].json.error).toBe('Talkover rejected the data: The agent has no flow.');
		expect(String(output![0].json.message)).not.toMatch(/may have|not published/);
	});

	test('a read (Get) that fails with a 500 keeps its own words: Talkover did nothing a read could repeat, so "try again later" stays', async () => {
		const { output } = await run({ operation: 'get', agents: [AGENT(1)], answers: [serverError], continueOnFail: true });
		expect(output![0].json.error).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(String(output![0].json.message)).toContain('This is not caused by your input. Try again later.');
	});
	test('when the operation knows Talkover acted (Update Action that added a second action), the error says so, without "may have"', async () => {
		const { output, sent } = await run({
			resource: 'agentAction',
			operation: 'update',
			agents: [AGENT(1)],
			parameters: { actionId: 'act-1', actionType: 'external', nodeId: 'lookup', name: 'Lookup', description: 'Looks the caller up', inputs: {}, additionalFields: {} },
			answers: [{ body: { success: true, data: [{ id: 'act-1', node_id: 'lookup' }] } }, { body: { success: true, data: { id: 'act-2', node_id: 'lookup' } } }],
			continueOnFail: true,
		});
		expect(sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/actions`, `POST http://talkover.test/api/v1/agents/${AGENT(1)}/actions`]);
		expect(output![0].json.error).toBe('Talkover added a new action (ID act-2) instead of updating action act-1');
		expect(output![0].json.message).toBe(
			[
				'Talkover added a new action (ID act-2) instead of updating action act-1',
				'Talkover acted on the request, so the node does not send it again. Before you run this item again, check whether the action is as you want it, and that there is no second one: Agent Action → Get Many (this agent).',
				'Both actions now exist on the agent. Talkover updates the action with the same Node ID, and action act-1 was not created with Node ID "lookup". Delete the one you do not want (Agent Action → Delete), or use the original Node ID.',
			].join('\n'),
		);
	});
});

describe('the error of a request Talkover may have acted on reads without empty lines', () => {
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
