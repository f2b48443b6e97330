/**
 * The router (nodes/Talkover/actions/router.ts) on a context whose HTTP answers are scripted (no n8n, no
 * sandbox: fast enough to run against every mutant). The same behaviours are tested in n8n's engine
 * against the sandbox in test/faults/; these tests state what the router itself promises: bad input stops
 * the run before anything is sent, the token never leaves the node, what may have happened is said first,
 * n8n's Retry On Fail sends nothing twice, the item's own Max Retries holds in Auto, a skipped item is
 * recorded for Retry On Fail, and the error that stops a run names the items Talkover had already accepted.
 */
import type { IDataObject } from 'n8n-workflow';

import { accountPacing, resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { START, useTestClock } from '../helpers/clock';
import type { Answer } from '../helpers/http';
import { networkFailure } from '../helpers/http';
import type { Setup } from '../helpers/routerHarness';
import { AGENT, FIXED, TOKEN, otherExecutionHoldsAutoPlace, publishUrl, published, run, serverError, turns } from '../helpers/routerHarness';

const testClock = useTestClock();
beforeEach(() => resetRateLimitState());

describe('the router sends each item and pairs its output', () => {
	test('every item is sent in input order, and each output item is paired with its input item', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), published(2)] });
		expect(sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(output).toEqual([
			{ json: { id: AGENT(1), current_status: 'published' }, pairedItem: { item: 0 } },
			{ json: { id: AGENT(2), current_status: 'published' }, pairedItem: { item: 1 } },
		]);
	});

	test('an operation the node does not have is refused, naming it, before anything is sent', async () => {
		const { error, sent } = await run({ operation: 'explode', agents: [AGENT(1)], answers: [] });
		expect(error?.message).toBe('The operation "explode" of "agent" is not supported');
		expect(sent).toEqual([]);
	});
});

describe('bad input stops the run before anything is sent', () => {
	test('without Continue On Fail, a bad Agent ID on the second item fails the run, naming that item, and the first item is not sent either', async () => {
		const { error, sent } = await run({ agents: [AGENT(1), 'not an id'], answers: [published(1)] });
		expect(error?.message).toMatch(/Agent/);
		expect(error?.context?.itemIndex).toBe(1);
		expect(sent).toEqual([]);
	});

	test('with Continue On Fail, the bad item becomes an error item in its place and the good one is sent', async () => {
		const { output, sent } = await run({ agents: ['not an id', AGENT(2)], answers: [published(2)], continueOnFail: true });
		expect(sent).toEqual([publishUrl(2)]);
		expect(output).toHaveLength(2);
		expect(output![0].pairedItem).toEqual({ item: 0 });
		expect(output![0].json.error).toMatch(/Agent/);
		expect(output![1]).toEqual({ json: { id: AGENT(2), current_status: 'published' }, pairedItem: { item: 1 } });
	});

	test('a Base URL that cannot be used is every item\'s error, naming the field, and nothing is sent', async () => {
		const credentials = { apiToken: TOKEN, baseUrl: 'ftp://talkover.test' };
		const stopped = await run({ agents: [AGENT(1), AGENT(2)], answers: [], credentials });
		expect(stopped.error?.message).toMatch(/Base URL/);
		expect(stopped.error?.context?.itemIndex).toBe(0);
		expect(stopped.sent).toEqual([]);
		const continued = await run({ agents: [AGENT(1), AGENT(2)], answers: [], credentials, continueOnFail: true });
		expect(continued.sent).toEqual([]);
		expect(continued.output!.map((o) => [o.pairedItem, /Base URL/.test(String(o.json.error))])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
		]);
	});

	test('a bad option on one item is that item\'s error; the others are sent', async () => {
		const { output, sent } = await run({
			agents: [AGENT(1), AGENT(2)],
			answers: [published(1)],
			continueOnFail: true,
			options: (i) => (i === 1 ? { ...FIXED, maxRetries: -3 } : FIXED),
		});
		expect(sent).toEqual([publishUrl(1)]);
		expect(output![1].pairedItem).toEqual({ item: 1 });
		expect(output![1].json.error).toMatch(/Max Retries/);
	});
	test('a credential n8n cannot give (deleted, not shared): with Continue On Fail each item says so, nothing is sent', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [], credentials: new Error('Credentials not found'), continueOnFail: true });
		expect(sent).toEqual([]);
		expect(output!.map((o) => [o.pairedItem, o.json.error])).toEqual([
			[{ item: 0 }, 'Credentials not found'],
			[{ item: 1 }, 'Credentials not found'],
		]);
	});
});

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

describe('n8n\'s Retry On Fail sends nothing twice', () => {
	test('after a 500 on Publish, the next try sends nothing: the item that got its answer keeps it, the other its error', async () => {
		const first = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError] });
		expect(first.sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(first.error?.message).toBe('The agent may have been published: Talkover had a problem on its side (HTTP 500)');
		const again = await run({ agents: [AGENT(1), AGENT(2)], answers: [], executeData: first.executeData });
		expect(again.sent).toEqual([]);
		expect(again.error?.message).toBe(first.error?.message);
		const continued = await run({ agents: [AGENT(1), AGENT(2)], answers: [], executeData: first.executeData, continueOnFail: true });
		expect(continued.sent).toEqual([]);
		expect(continued.output!.map((o) => o.json.error ?? o.json.id)).toEqual([AGENT(1), 'The agent may have been published: Talkover had a problem on its side (HTTP 500)']);
	});

	test('a refused connection was not acted on: the next try sends the item again', async () => {
		const first = await run({ agents: [AGENT(1)], answers: [networkFailure('ECONNREFUSED')] });
		expect(first.error?.message).toBe('Could not reach Talkover: the connection was refused');
		const again = await run({ agents: [AGENT(1)], answers: [published(1)], executeData: first.executeData });
		expect(again.sent).toEqual([publishUrl(1)]);
		expect(again.output).toEqual([{ json: { id: AGENT(1), current_status: 'published' }, pairedItem: { item: 0 } }]);
	});

	test('a Delete that got a 500 is sent again, and its "not found" then means the first try deleted the agent', async () => {
		const first = await run({ operation: 'delete', agents: [AGENT(1)], answers: [serverError] });
		expect(first.error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		const again = await run({ operation: 'delete', agents: [AGENT(1)], answers: [{ statusCode: 404, body: { success: false, message: 'Agent not found.' } }], executeData: first.executeData });
		expect(again.sent).toEqual([`DELETE http://talkover.test/api/v1/agents/${AGENT(1)}`]);
		expect(again.output).toEqual([
			{
				json: { deleted: true, id: AGENT(1), note: 'Talkover answered "not found" when the delete was sent again after an unclear answer: the agent is gone (deleted by the first attempt, or gone before it)' },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a Delete that got a 422 was not acted on: a 404 on the next try is an error, not "deleted"', async () => {
		const first = await run({ operation: 'delete', agents: [AGENT(1)], answers: [{ statusCode: 422, body: { success: false, message: 'Agent is published.' } }] });
		expect(first.error).toBeDefined();
		const again = await run({ operation: 'delete', agents: [AGENT(1)], answers: [{ statusCode: 404, body: { success: false, message: 'Agent not found.' } }], executeData: first.executeData });
		expect(again.error?.message).toMatch(/^Agent not found/);
	});
});

describe('the error that stops a run names the items Talkover had already accepted', () => {
	test('one item accepted before the failure: "item 0 … it … It is not in the output", with the operation\'s own check', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), { statusCode: 422, body: { success: false, message: 'No flow.' } }] });
		expect(error?.message).toBe('Talkover rejected the data: No flow.');
		expect(error?.description?.split('\n').at(-1)).toBe(
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send it again.",
		);
	});

	test('several: "items 0, 1 … them … They are", in item order', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2), AGENT(3)], answers: [published(1), published(2), serverError] });
		expect(error?.description?.split('\n').at(-1)).toBe(
			"Before the node stopped, Talkover had already accepted items 0, 1. They are not in the output because the node stopped; before you send them again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send them again.",
		);
	});

	test('more than 20: the first 20 in number order, then how many more', async () => {
		const agents = Array.from({ length: 23 }, (_, i) => AGENT(i + 1));
		const { error } = await run({ agents, answers: [...agents.slice(0, 22).map((_, i) => published(i + 1)), serverError] });
		expect(error?.description?.split('\n').at(-1)).toMatch(
			/^Before the node stopped, Talkover had already accepted items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 and 2 more\. They are/,
		);
	});

	test('exactly 20: all are named, with nothing after them', async () => {
		const agents = Array.from({ length: 21 }, (_, i) => AGENT(i + 1));
		const { error } = await run({ agents, answers: [...agents.slice(0, 20).map((_, i) => published(i + 1)), serverError] });
		expect(error?.description?.split('\n').at(-1)).toMatch(/accepted items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19\. They are/);
	});

	test('on the next try of Retry On Fail the line is replaced, not repeated', async () => {
		const first = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError] });
		const again = await run({ agents: [AGENT(1), AGENT(2)], answers: [], executeData: first.executeData });
		const lines = again.error?.description?.split('\n') ?? [];
		expect(lines.filter((line) => line.startsWith('Before the node stopped'))).toHaveLength(1);
		expect(lines).toEqual(first.error?.description?.split('\n'));
		expect(lines).not.toContain('');
	});

	test('reads (Get) are not listed: sending them again changes nothing', async () => {
		const { error } = await run({ operation: 'get', agents: [AGENT(1), AGENT(2)], answers: [{ body: { success: true, data: { id: AGENT(1) } } }, serverError] });
		expect(error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(error?.description).not.toContain('Before the node stopped');
	});

	test('with Continue On Fail nothing stops, so no item is named', async () => {
		const { output } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError], continueOnFail: true });
		expect(String(output![1].json.message)).not.toContain('Before the node stopped');
	});
});

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
});

describe('Concurrency Auto (the default)', () => {
	test('without options every item is sent and output in input order, each paired with its item', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), published(2)], options: {} });
		expect(sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Make Call in a retried execution (n8n\'s Retry of a failed execution)', () => {
	const makeCall = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} } };
	const callUrl = `POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`;

	test('a call the failed execution placed is not dialled again: the item gets that call, marked already placed; the token it echoed is not kept', async () => {
		const nodeContext: IDataObject = {};
		const first = await run({
			...makeCall,
			agents: [AGENT(1)],
			nodeContext,
			executionId: 'execution-1',
			answers: [{ body: { success: true, data: { id: 'call-1', to: '+15550000001', note: `by ${TOKEN}` } } }],
		});
		expect(first.sent).toEqual([callUrl]);
		expect(JSON.stringify(nodeContext)).not.toContain(TOKEN);
		const retry = await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-2', answers: [] });
		expect(retry.sent).toEqual([]);
		expect(retry.output).toEqual([
			{
				json: {
					id: 'call-1',
					to: '+15550000001',
					note: 'by ***',
					alreadyPlaced: true,
					skipped: true,
					skipReason: 'Not dialled again: execution execution-1, which this execution retries, already placed this call. To dial it anyway, turn on Options → Dial Again on Retried Executions.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a call that may have been placed (a 500) is not dialled again either: the item says so and how to check', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [serverError], continueOnFail: true });
		const retry = await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-2', answers: [] });
		expect(retry.sent).toEqual([]);
		expect(retry.output![0].json).toMatchObject({ to: '+15550000001', alreadyPlaced: 'maybe', skipped: true });
		expect(retry.output![0].json.skipReason).toContain('the call may have been placed (The call may have been placed: Talkover had a problem on its side (HTTP 500))');
	});

	test('Skip Numbers Called Within: when the calls already made cannot be read, the item is not dialled and says why', async () => {
		const { output, sent } = await run({
			...makeCall,
			agents: [AGENT(1)],
			options: { ...FIXED, skipCalledWithinMinutes: 60 },
			answers: [serverError],
			continueOnFail: true,
		});
		expect(sent).toHaveLength(1);
		expect(sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`]);
		expect(output![0].json.error).toBe('The calls already made could not be read, so the node did not dial (Options → Skip Numbers Called Within): Talkover had a problem on its side (HTTP 500)');
	});
});

describe('how many items are on their way at once', () => {
	test('Batch Size comes from the first item: 3 at a time, whatever later items say', async () => {
		const agents = [AGENT(1), AGENT(2), AGENT(3), AGENT(4)];
		const { concurrent, output } = await run({
			agents,
			answers: agents.map((_, i) => published(i + 1)),
			options: (i) => (i === 0 ? { ...FIXED, batchSize: 3 } : { ...FIXED, batchSize: 1 }),
		});
		expect(Math.max(...concurrent)).toBe(3);
		expect(output).toHaveLength(4);
	});

	test('Auto (the default): one item at a time until three have succeeded, then more at once', async () => {
		const agents = Array.from({ length: 8 }, (_, i) => AGENT(i + 1));
		const { concurrent, output } = await run({ agents, answers: agents.map((_, i) => published(i + 1)), options: { maxRetries: 0 } });
		expect(output).toHaveLength(8);
		expect(concurrent.slice(0, 3)).toEqual([1, 1, 1]);
		expect(Math.max(...concurrent)).toBeGreaterThan(1);
	});

	test('the items Talkover accepted are named in number order, whichever answered first', async () => {
		let answerFirst: () => void = () => undefined;
		const firstHeld = new Promise<void>((resolve) => (answerFirst = resolve));
		const { error } = await run({
			agents: [AGENT(1), AGENT(2), AGENT(3), AGENT(4)],
			options: { ...FIXED, batchSize: 4 },
			answers: [
				async () => {
					await firstHeld;
					return published(1);
				},
				async () => {
					await new Promise((resolve) => setImmediate(resolve));
					return published(2);
				},
				() => {
					setTimeout(answerFirst, 5);
					return published(3);
				},
				async () => {
					await new Promise((resolve) => setTimeout(resolve, 20));
					return serverError;
				},
			],
		});
		expect(error?.description?.split('\n').at(-1)).toMatch(/^Before the node stopped, Talkover had already accepted items 0, 1, 2\. They are/);
	});
});

describe('more of what the router promises', () => {
	test('a resource the node does not have is refused, naming it', async () => {
		const { error } = await run({ resource: 'spaceship', operation: 'launch', agents: [AGENT(1)], answers: [] });
		expect(error?.message).toBe('The operation "launch" of "spaceship" is not supported');
	});

	test('an n8n version without getExecutionCancelSignal: the items are sent all the same', async () => {
		const { output, sent } = await run({ agents: [AGENT(1)], answers: [published(1)], withoutCancelSignal: true });
		expect(sent).toEqual([publishUrl(1)]);
		expect(output).toHaveLength(1);
		const failed = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError], withoutCancelSignal: true });
		expect(failed.error?.description).toContain('Before the node stopped, Talkover had already accepted item 0.');
	});

	test('a credential that cannot be used is the first item\'s error, even when a later item has bad input too', async () => {
		const { error } = await run({ agents: [AGENT(1), 'not an id'], answers: [], credentials: { apiToken: TOKEN, baseUrl: 'ftp://talkover.test' } });
		expect(error?.message).toMatch(/Base URL/);
		expect(error?.context?.itemIndex).toBe(0);
	});

	test('the error that stops the run keeps all of Talkover\'s words before the accepted items', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), { statusCode: 422, body: { success: false, message: 'No flow.', errors: { flow: ['missing'] } } }] });
		expect(error?.description?.split('\n')).toEqual([
			'flow: missing',
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send it again.",
		]);
	});

	test('Retry On Fail: an item accepted on the first try is named again when another item fails again on the next', async () => {
		const refused: Answer = { statusCode: 422, body: { success: false, message: 'No flow.' } };
		const first = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), refused] });
		const again = await run({ agents: [AGENT(1), AGENT(2)], answers: [refused], executeData: first.executeData });
		expect(again.sent).toEqual([publishUrl(2)]);
		expect(again.error?.description?.split('\n').at(-1)).toMatch(/^Before the node stopped, Talkover had already accepted item 0\./);
	});

	test('Retry On Fail of a read: what the first try got is not named as accepted', async () => {
		const first = await run({ operation: 'get', agents: [AGENT(1), AGENT(2)], answers: [{ body: { success: true, data: { id: AGENT(1) } } }, serverError] });
		const again = await run({ operation: 'get', agents: [AGENT(1), AGENT(2)], answers: [serverError], executeData: first.executeData });
		expect(again.error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(again.error?.description).not.toContain('Before the node stopped');
	});
});

describe('Make Call and the calls already made', () => {
	const makeCall = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} } };
	const callUrl = `POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`;

	test('a refused connection placed nothing: a retried execution dials again', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [networkFailure('ECONNREFUSED')], continueOnFail: true });
		const retry = await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-2', answers: [{ body: { success: true, data: { id: 'call-2', to: '+15550000001' } } }] });
		expect(retry.sent).toEqual([callUrl]);
		expect(retry.output![0].json).toEqual({ id: 'call-2', to: '+15550000001' });
	});

	test('Skip Numbers Called Within: two items to a number called lately are both skipped; a retried execution reads the calls again', async () => {
		const recent = { body: { success: true, data: [{ id: 'call-0', to: '+15550000001', status: 'completed', created_at: new Date(START - 60_000).toISOString() }] } };
		const nodeContext: IDataObject = {};
		const options = { ...FIXED, skipCalledWithinMinutes: 60 };
		const first = await run({ ...makeCall, agents: [AGENT(1), AGENT(1)], options, nodeContext, executionId: 'execution-1', answers: [recent] });
		expect(first.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`]);
		expect(first.output!.map((o) => [o.pairedItem, o.json.id, o.json.skipped])).toEqual([
			[{ item: 0 }, 'call-0', true],
			[{ item: 1 }, 'call-0', true],
		]);
		const retry = await run({ ...makeCall, agents: [AGENT(1)], options, nodeContext, executionId: 'execution-2', answers: [recent] });
		expect(retry.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`]);
		expect(retry.output![0].json.alreadyPlaced).toBeUndefined();
	});

	test('Retry On Fail inside a retried execution: the item not dialled again keeps its output', async () => {
		const nodeContext: IDataObject = {};
		const params = { ...makeCall, parameters: { ...makeCall.parameters } };
		await run({ ...params, agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [{ body: { success: true, data: { id: 'call-1', to: '+15550000001' } } }] });
		const retry = await run({ ...params, agents: [AGENT(1), 'not an id'], nodeContext, executionId: 'execution-2', answers: [], continueOnFail: true });
		expect(retry.output![0].json).toMatchObject({ id: 'call-1', alreadyPlaced: true });
		const again = await run({ ...params, agents: [AGENT(1), 'not an id'], nodeContext, executionId: 'execution-2', answers: [], continueOnFail: true, executeData: retry.executeData });
		expect(again.output![0].json).toMatchObject({ id: 'call-1', alreadyPlaced: true });
		expect(again.sent).toEqual([]);
	});
});

describe('edges of the router\'s texts and settings', () => {
	test('a refusal without Talkover\'s words: the error that stops the run says only which items were accepted', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), { statusCode: 403, body: {} }] });
		expect(error?.message).toBe('The Talkover API token is not allowed to do this');
		expect(error?.description?.split('\n')).toEqual([
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send it again.",
		]);
	});

	test('when the first item\'s options are bad, the other items go one after the other', async () => {
		const agents = Array.from({ length: 7 }, (_, i) => AGENT(i + 1));
		const { output, concurrent, sent } = await run({
			agents,
			answers: agents.slice(1).map((_, i) => published(i + 2)),
			continueOnFail: true,
			options: (i) => (i === 0 ? { maxRetries: -3 } : { maxRetries: 0 }),
		});
		expect(sent).toHaveLength(6);
		expect(output).toHaveLength(7);
		expect(Math.max(...concurrent)).toBe(1);
	});

	test('Skip Numbers Called Within, two items at once to the same number: the second waits for the first, and both are skipped', async () => {
		const recent = { body: { success: true, data: [{ id: 'call-0', to: '+15550000001', status: 'completed', created_at: new Date(START - 60_000).toISOString() }] } };
		const { output } = await run({
			resource: 'call',
			operation: 'make',
			parameters: { to: '+15550000001', isTesting: false, additionalFields: {} },
			agents: [AGENT(1), AGENT(1)],
			options: { ...FIXED, batchSize: 2, skipCalledWithinMinutes: 60 },
			answers: [recent],
		});
		expect(output!.map((o) => [o.pairedItem, o.json.id, o.json.skipped])).toEqual([
			[{ item: 0 }, 'call-0', true],
			[{ item: 1 }, 'call-0', true],
		]);
	});
});

describe('the Account Token (Credit → Get Balance)', () => {
	const badAccountToken = { apiToken: TOKEN, accountToken: 'talq_acc\nount', baseUrl: 'http://talkover.test' };

	test('one that cannot be sent is Get Balance\'s error for the first item, before anything is sent', async () => {
		const { error, sent } = await run({ resource: 'credit', operation: 'getBalance', agents: [AGENT(1), AGENT(2)], answers: [], credentials: badAccountToken, options: (i) => (i === 1 ? { maxRetries: -3 } : FIXED) });
		expect(sent).toEqual([]);
		expect(error?.message).toMatch(/^Account Token of the "Talkover API" credential/);
		expect(error?.context?.itemIndex).toBe(0);
	});

	/** Auto: the places held on each token's rate limit (Account Token, API token) while the request is on its way. */
	async function placesHeld(setup: Pick<Setup, 'resource' | 'operation'>, body: unknown): Promise<number[][]> {
		const held: number[][] = [];
		const { output } = await run({
			...setup,
			agents: [AGENT(1)],
			credentials: { apiToken: TOKEN, accountToken: 'talq_account', baseUrl: 'http://talkover.test' },
			options: { maxRetries: 0 },
			answers: [
				() => {
					held.push([accountPacing('http://talkover.test', 'talq_account').auto.inFlight, accountPacing('http://talkover.test', TOKEN).auto.inFlight]);
					return { body };
				},
			],
		});
		expect(output).toHaveLength(1);
		return held;
	}

	test('with Auto, Get Balance\'s items take their places from the Account Token\'s rate limit, not the API token\'s', async () => {
		expect(await placesHeld({ resource: 'credit', operation: 'getBalance' }, { success: true, data: { balance: 10 } })).toEqual([[1, 0]]);
	});

	test('with Auto, other operations take their places from the API token\'s rate limit, also when the credential has an Account Token', async () => {
		expect(await placesHeld({}, { success: true, data: { id: AGENT(1), current_status: 'published' } })).toEqual([[0, 1]]);
	});

	test('operations that do not send it do not care', async () => {
		const { output, sent } = await run({ agents: [AGENT(1)], answers: [published(1)], credentials: badAccountToken });
		expect(sent).toEqual([publishUrl(1)]);
		expect(output).toHaveLength(1);
	});
});

describe('Auto, the time an item waits for its slot counts against its time limit', () => {
	const MINUTE = 60_000;
	const credentials = { apiToken: TOKEN, baseUrl: 'http://talkover.test' };
	const tooMany: Answer = { statusCode: 429, headers: { 'retry-after': '90' }, body: { success: false, message: 'Too many requests.' } };
	/**
	 * Another execution on the same token holds Auto's only place (one item at a time until three have
	 * succeeded) while `waitedMs` pass; then it is answered and the item of `setup` gets the place.
	 */
	async function afterWaiting(waitedMs: number, setup: Pick<Setup, 'answers' | 'options'>) {
		const { other, answerOther } = await otherExecutionHoldsAutoPlace();
		const mine = run({ agents: [AGENT(1)], credentials, options: { maxRetries: 0 }, continueOnFail: true, ...setup });
		await turns(() => accountPacing('http://talkover.test', TOKEN).waiting.slots === 1);
		testClock().time += waitedMs;
		answerOther();
		expect((await other).output).toHaveLength(1);
		return await mine;
	}

	test('an item that waited its whole time limit (5 minutes) for a place fails without being sent, saying it queued too long', async () => {
		const { output, sent } = await afterWaiting(5 * MINUTE, { answers: [published(1)] });
		expect(sent).toEqual([]);
		expect(output).toHaveLength(1);
		expect(String(output![0].json.message).split('\n')).toEqual([
			'Not sent: no turn to send within 5 minutes',
			'Nothing reached Talkover: the agent was not published.',
			'Other requests with the same token (in this or other executions) held every place for 5 minutes, the most one item may take. Nothing reached Talkover. Run the item again later, or send fewer items at once.',
		]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('an item that waited 4 minutes for a place has 1 minute left: a 429 asking for 90 seconds is not waited for, and the error counts the 4 minutes', async () => {
		const { output, sent } = await afterWaiting(4 * MINUTE, { answers: [tooMany, published(1)], options: { maxRetries: 1 } });
		expect(sent).toEqual([publishUrl(1)]);
		expect(output).toHaveLength(1);
		expect(String(output![0].json.message).split('\n').slice(0, 5)).toEqual([
			'Talkover rate limit reached: too many requests in a short time',
			'HTTP status: 429',
			'Talkover said: "Too many requests."',
			'Talkover asks to wait 90 seconds before the next request.',
			'Tried 1 time and waited 240 seconds in all.',
		]);
	});

	test('an item that did not wait has its whole time limit: the same 429 is waited for and the item is sent again', async () => {
		const { output, sent } = await afterWaiting(0, { answers: [tooMany, published(1)], options: { maxRetries: 1 } });
		expect(sent).toEqual([publishUrl(1), publishUrl(1)]);
		expect(output).toEqual([{ json: { id: AGENT(1), current_status: 'published' }, pairedItem: { item: 0 } }]);
	});
});

describe('an Operation or Resource every object inherits is refused, naming it, before anything is sent', () => {
	test.each([
		['agent', 'constructor'],
		['agent', 'toString'],
		['agent', '__proto__'],
		['__proto__', 'hasOwnProperty'],
		['constructor', 'name'],
	])('Resource "%s", Operation "%s"', async (resource, operation) => {
		const { error, sent } = await run({ resource, operation, agents: [AGENT(1)], answers: [] });
		expect(sent).toEqual([]);
		expect(error?.message).toBe(`The operation "${operation}" of "${resource}" is not supported`);
	});
});

const agent = { body: { success: true, data: { id: AGENT(1), name: 'Lead caller' } } };
const getUrl = `GET http://talkover.test/api/v1/agents/${AGENT(1)}`;

describe('the item\'s own Max Retries holds in Auto', () => {
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

describe('a skipped item is recorded for Retry On Fail', () => {
	test('Skip Numbers Called Within: an item skipped on the first try of Retry On Fail keeps its skip on the next, even when the call it found has left the window meanwhile; it is not dialled', async () => {
		const makeCall = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} } };
		const options = { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60 };
		// Called 59 min 59.5 s ago: within the hour on the first try, out of it a second later.
		const recent = { body: { success: true, data: [{ id: 'call-0', to: '+15550000001', status: 'completed', created_at: new Date(START - 3_600_000 + 500).toISOString() }] } };
		const readFails = { statusCode: 500, body: { success: false, message: 'Internal server error.' } };
		const first = await run({ ...makeCall, agents: [AGENT(1), AGENT(2)], options, answers: [recent, readFails] });
		expect(first.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`, `GET http://talkover.test/api/v1/agents/${AGENT(2)}/calls`]);
		expect(first.error?.message).toMatch(/^The calls already made could not be read/);
		// n8n's Wait Between Tries (1 s), then the next try on the same execution data.
		testClock().time += 1_000;
		const placed = { body: { success: true, data: { id: 'call-2', to: '+15550000001' } } };
		const again = await run({ ...makeCall, agents: [AGENT(1), AGENT(2)], options, executeData: first.executeData, answers: [{ body: { success: true, data: [] } }, placed] });
		expect(again.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(2)}/calls`, `POST http://talkover.test/api/v1/agents/${AGENT(2)}/call`]);
		expect(again.output!.map((o) => [o.pairedItem, o.json.id, o.json.skipped])).toEqual([
			[{ item: 0 }, 'call-0', true],
			[{ item: 1 }, 'call-2', undefined],
		]);
	});
});

describe('the run\'s concurrency before the first item\'s options are read', () => {
	test('when the first item\'s options are bad, the others go with Batch Size 1 and do not wait for an Auto place another execution holds', async () => {
		const credentials = { apiToken: TOKEN, baseUrl: 'http://talkover.test' };
		const { other, answerOther } = await otherExecutionHoldsAutoPlace();
		let mineSent = false;
		const mine = run({
			agents: [AGENT(1), AGENT(2)],
			credentials,
			continueOnFail: true,
			options: (i) => (i === 0 ? { maxRetries: -3 } : { maxRetries: 0 }),
			answers: [
				() => {
					mineSent = true;
					return published(2);
				},
			],
		});
		await turns(() => mineSent || accountPacing('http://talkover.test', TOKEN).waiting.slots > 0);
		const sentWhileHeld = mineSent;
		answerOther();
		await other;
		const { output, sent } = await mine;
		expect(sentWhileHeld).toBe(true);
		expect(sent).toEqual([publishUrl(2)]);
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
